/**
 * What one step of line 7 does at each w_r (study script). From a run's checkpoint, the active set
 * S_k that line 6 would choose next, then θ_k ← argmax Φ_{S_k}(θ) with the run's settings (both
 * starts) at each w_r given, optionally with another L-BFGS budget. θ_k is judged by 10 fresh noisy
 * rollouts, sampling its actions and acting with its mean, with the mean σ of its output noise; θ*
 * first, for comparison.
 *   node --import tsx apps/runner/scripts/regularization-study.ts <task> runs/<run>/checkpoint "1,0.01,1e-4" [evaluations]
 */
import { optimizePolicy } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { nextActiveSet } from './next-active-set.js';
import { actingWithMean, summarize } from '../src/final-evaluation.js';

const [taskName, dir, weightsArg, evaluationsArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const T = task.horizon;
const { policy, store, header, options, star, active, set } = await nextActiveSet(config, task, dir);
let bestRow = 0;
active.forEach((i, r) => {
  if (store.samples[i].totalReward > store.samples[active[bestRow]].totalReward) bestRow = r;
});
const seeds = Array.from({ length: 10 }, (_, i) => 7_000_000 + i);
const round = (x: number, digits = 3) => +x.toFixed(digits);
const judge = async (theta: Float64Array) => {
  policy.setParams(theta);
  const logStd = policy.paramBlocks().find((b) => b.name === 'logStd')!;
  const sigma = Array.from({ length: logStd.rows }, (_, d) => Math.exp(theta[logStd.offset + d]));
  const run = async (p: MlpPolicy) => {
    const s = summarize(task, (await pool.rollouts(mlpPolicySpec(p) as never, seeds, { T })) as SimTrajectory[], -1); // no example: rewards only
    return { reward: round(s.meanReward, 2), falls: s.falls };
  };
  return { meanSigma: round(sigma.reduce((a, b) => a + b, 0) / sigma.length, 4), sampling: await run(policy), actingWithMean: await run(actingWithMean(policy)) };
};
const thetaStar = Float64Array.from(store.params(star));
console.log(JSON.stringify({ iteration: header.iteration, activeSet: active.length, star: await judge(thetaStar) }));
for (const regularization of (weightsArg ?? `${header.regularization}`).split(',').map(Number)) {
  const started = Date.now();
  const optimized = await optimizePolicy(policy, set, thetaStar, bestRow, {
    regularization,
    lbfgsEvaluations: evaluationsArg ? Number(evaluationsArg) : options.lbfgsEvaluations,
    secondStartEvaluations: options.secondStartEvaluations,
    secondStart: options.secondStart,
    workers: options.objectiveWorkers,
  });
  console.log(JSON.stringify({ regularization, start: optimized.start, evaluations: optimized.evaluations, seconds: round((Date.now() - started) / 1000, 1), thetaK: await judge(optimized.theta) }));
}
await pool.close();
task.dispose();
