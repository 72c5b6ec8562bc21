/**
 * The DDP guide as a controller under the task's noise (study script): its mean ū_t + K_t (x − x̂_t),
 * the exploration covariance shrunk to 1e-12 of itself (motor and initial-state noise kept), on the
 * same 10 fresh seeds as `evaluate.ts` (7,000,000 + i), beside its noise-free nominal (the "example"
 * the cost ratio is measured against) and its guiding samples at the configured τ.
 *   node --import tsx apps/runner/scripts/guide-noise.ts <task> runs/<run>/guides.json [rollouts]
 */
import { readFileSync } from 'node:fs';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { describe, firstGuideFromJSON, guideMeanController } from '../src/guides.js';

const [taskName, guidesFile, countArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const solution = firstGuideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const g = solution.guide.distribution as LinearGaussianPolicy;
const meanController = guideMeanController(g);
const seeds = Array.from({ length: Number(countArg ?? 10) }, (_, i) => 7_000_000 + i);
const summary = async (descriptor: unknown) => {
  const trajs = (await pool.rollouts(descriptor as never, seeds, { T: task.horizon })) as SimTrajectory[];
  const returns = trajs.map((t) => t.rewards.reduce((a, b) => a + b, 0));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const falls = trajs.filter((t) => describe(task, t.states, t.T).fellAt >= 0 || t.diverged).length;
  return { mean: +mean.toFixed(2), costRatio: +(mean / solution.nominal.reward).toFixed(3), falls };
};
console.log(
  JSON.stringify({
    task: task.name,
    example: +solution.nominal.reward.toFixed(2),
    meanControllerUnderNoise: await summary(meanController.toDescriptor()),
    guidingSamples: await summary(solution.guide.descriptor),
  }),
);
await pool.close();
task.dispose();
