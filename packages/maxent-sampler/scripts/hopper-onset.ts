/**
 * Where hopper guiding samples leave the nominal (study script): rolls out n samples of π_G for one
 * saved nominal and prints, per falling sample, the fall step and the first step whose root height
 * or pitch deviation exceeds a threshold, with the nominal's joint angles there; then a histogram of
 * onset steps over all falling samples.
 *   tsx scripts/hopper-onset.ts '{"dir":"D","seed":1,"candidate":4,"n":200,"setting":{…}}'
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import { CachedLinearizer, guideFor, nominalFromJSON, r3, type GainSetting } from './hopper-study-lib.js';

const args = JSON.parse(process.argv[2] ?? '{}');

async function main(): Promise<void> {
  const overrides = { ...hopper.overrides, ...(args.overrides ?? {}) };
  const task = await createTask('hopper', overrides);
  const pool = await SimPool.create({ task: 'hopper', overrides, workers: 2 });
  const lin = new CachedLinearizer('hopper', overrides, 2);
  const T = task.horizon;
  const nx = task.stateDim;
  const d = hopper.ddp;
  const g: GainSetting = { w: d.tracking, su: d.actionWeight, sx: d.stateWeights!, tau: d.temperature, eps: [d.gainEps], ...(args.setting ?? {}) };
  const n = nominalFromJSON(JSON.parse(readFileSync(join(args.dir, `s${args.seed}c${args.candidate}.json`), 'utf8')));
  const guide = await guideFor(task, n, `s${args.seed}c${args.candidate}`, lin, g);
  const N = args.n ?? 200;
  const trajs = (await pool.rollouts(guide.policy.toDescriptor(), Array.from({ length: N }, (_, i) => 800_000_000 + i), { T, motorNoise: args.motorNoise ?? true })) as SimTrajectory[];
  const zThr = args.zThr ?? 0.1;
  const pThr = args.pThr ?? 0.25;
  const hist = new Map<number, number>();
  let falls = 0;
  for (const tr of trajs) {
    const fell = tr.fellAt >= 0 ? tr.fellAt : tr.diverged ? tr.diverged.step : -1;
    if (fell < 0) continue;
    falls++;
    let onset = -1;
    for (let t = 0; t <= Math.min(tr.T, fell); t++) {
      const dz = Math.abs(tr.states[t * nx + 1] - n.states[t * nx + 1]);
      const dp = Math.abs(tr.states[t * nx + 2] - n.states[t * nx + 2]);
      if (dz > zThr || dp > pThr) {
        onset = t;
        break;
      }
    }
    const bin = Math.floor(onset / 10) * 10;
    hist.set(bin, (hist.get(bin) ?? 0) + 1);
    if (args.verbose) {
      const q = Array.from(n.states.subarray(onset * nx, onset * nx + 6)).map(r3);
      process.stdout.write(JSON.stringify({ seed: tr.seed, fell, onset, nominalQ: q }) + '\n');
    }
  }
  const bins = [...hist.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  process.stdout.write(JSON.stringify({ falls, of: N, onsetBins: bins }) + '\n');
  await lin.close();
  await pool.close();
  task.dispose();
}
main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
