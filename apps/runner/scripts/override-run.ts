/**
 * A benchmark run with some of its configuration overridden (study script), e.g. the hopper's
 * tracking-weight pilots of session 10 (apps/hopper/README.md):
 *   node --import tsx apps/runner/scripts/override-run.ts hopper '{"ddp":{"exampleTracking":1,"temperature":0.1}}' --seed 1 --iterations 0 --out runs/x
 * The JSON's `ddp` and `gps` objects are merged into the configuration's, `top` into the configuration
 * itself (e.g. {"top":{"initialStd":1}}); the remaining arguments are `pnpm gps`'s.
 */
import type { BenchmarkConfig } from '../src/config.js';
import { runBenchmark } from '../src/index.js';

const [taskName, json, ...argv] = process.argv.slice(2);
if (!taskName || !json) {
  process.stderr.write("usage: node --import tsx apps/runner/scripts/override-run.ts <task> '<json>' [gps options…]\n");
  process.exit(2);
}
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const extra = JSON.parse(json) as { ddp?: object; gps?: object; top?: object };
await runBenchmark({ ...config, ...(extra.top ?? {}), ddp: { ...config.ddp, ...(extra.ddp ?? {}) }, gps: { ...config.gps, ...(extra.gps ?? {}) } }, argv);
