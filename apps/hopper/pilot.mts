import { hopper } from './src/config.ts';
import { runBenchmark } from '/work/main/apps/runner/src/index.ts';
const extra = JSON.parse(process.argv[2]);
await runBenchmark({ ...hopper, ...(extra.top ?? {}), ddp: { ...hopper.ddp, ...(extra.ddp ?? {}) }, gps: { ...hopper.gps, ...(extra.gps ?? {}) } }, process.argv.slice(3));
