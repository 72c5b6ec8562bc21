/**
 * The runner's own buildGuide (apps/runner/src/guides.ts) on apps/hopper's config, per seed
 * (study script): prints buildGuide's notes, then one JSON line per seed with the kept candidate's
 * trial figures and the same guide on `fresh` other noisy samples (the trial samples also chose it).
 *   tsx scripts/hopper-buildguide.ts '{"seeds":[1,2,3],"fresh":200}'   (optional "overrides", "ddp" patches)
 */
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import { buildGuide } from '../../../apps/runner/src/guides.js';
import type { BenchmarkConfig } from '../../../apps/runner/src/config.js';
import { r3, sampleStats } from './hopper-study-lib.js';

const args = JSON.parse(process.argv[2] ?? '{}');

async function main(): Promise<void> {
  const config: BenchmarkConfig = {
    ...hopper,
    overrides: { ...hopper.overrides, ...(args.overrides ?? {}) },
    ddp: { ...hopper.ddp, ...(args.ddp ?? {}) },
  };
  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: Math.min(2, args.workers ?? 2) });
  const fresh: number = args.fresh ?? 200;
  try {
    for (const seed of (args.seeds ?? [1, 2, 3]) as number[]) {
      const solution = await buildGuide(config, task, pool, seed, (line) => process.stderr.write(`seed ${seed}: ${line}\n`));
      const line: Record<string, unknown> = {
        seed,
        candidate: solution.candidate,
        nominalReward: r3(solution.nominal.reward),
        nominalVelocity: r3(solution.nominal.avgVelocity),
        nominalFellAt: solution.nominal.fellAt,
        trial: { ...solution.trial, rewardMean: r3(solution.trial.rewardMean), reward2Std: r3(2 * solution.trial.rewardStd) },
        seconds: r3(solution.seconds),
      };
      if (fresh > 0) {
        const seeds = Array.from({ length: fresh }, (_, i) => 900_000_000 + seed * 10_000 + i);
        line.fresh = sampleStats(task, (await pool.rollouts(solution.guide.descriptor, seeds, { T: task.horizon })) as SimTrajectory[]);
      }
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  } finally {
    await pool.close();
    task.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
