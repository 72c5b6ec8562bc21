/**
 * Does line 7 move the policy's output noise σ? (study script). From a run's checkpoint, the active set
 * S_k that line 6 would choose next; Φ's gradient at θ* split into the policy's parameter blocks; then
 * one L-BFGS maximization of Φ from θ* (the first start of line 7, the run's w_r and budget) with the
 * log-std coordinates s scaled by each factor c given: L-BFGS searches z with s = c·z (c = 1 is line 7
 * as it is), so the same step in z moves s c² times as far along the gradient. Each θ_k: its σ and 20
 * fresh noisy rollouts sampling its actions.
 *   node --import tsx apps/runner/scripts/sigma-study.ts <task> runs/<run>/checkpoint "1,10,30" [evaluations] [w_r]
 */
import { minimize } from '@guided/lbfgs';
import { ParallelImportanceObjective } from '@guided/is-estimator';
import { mlpPolicySpec } from '@guided/mlp-policy';
import type { MlpPolicy } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { summarize } from '../src/final-evaluation.js';
import { nextActiveSet } from './next-active-set.js';

const [taskName, dir, scalesArg, evaluationsArg, regularizationArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const { policy, header, options, star, store, set } = await nextActiveSet(config, task, dir);
const regularization = regularizationArg ? Number(regularizationArg) : header.regularization;
const evaluations = evaluationsArg ? Number(evaluationsArg) : options.lbfgsEvaluations;
const logStd = policy.paramBlocks().find((b) => b.name === 'logStd')!;
const seeds = Array.from({ length: 20 }, (_, i) => 7_100_000 + i);
const round = (x: number, digits = 4) => +x.toFixed(digits);
const judge = async (p: MlpPolicy, theta: Float64Array) => {
  p.setParams(theta);
  const s = summarize(task, (await pool.rollouts(mlpPolicySpec(p) as never, seeds, { T: task.horizon })) as SimTrajectory[], -1);
  return { sigma: Array.from(p.std()).map((v) => round(v)), reward: round(s.meanReward, 2), falls: s.falls };
};

const thetaStar = Float64Array.from(store.params(star));
const objective = await ParallelImportanceObjective.create(set, mlpPolicySpec(policy), { regularization, workers: 2 });
const grad = new Float64Array(policy.paramCount);
const phi = objective.evaluate(thetaStar, grad);
const norms = policy.paramBlocks().map((b) => {
  let sq = 0;
  for (let p = b.offset; p < b.offset + b.rows * b.cols; p++) sq += grad[p] ** 2;
  return { block: b.name, count: b.rows * b.cols, rms: round(Math.sqrt(sq / (b.rows * b.cols)), 6) };
});
console.log(JSON.stringify({ iteration: header.iteration, regularization, evaluations, activeSet: set.count, phi: round(phi, 3), gradient: norms, star: await judge(policy, thetaStar) }));

for (const c of (scalesArg ?? '1').split(',').map(Number)) {
  const scale = (z: Float64Array, theta: Float64Array, factor: number) => {
    theta.set(z);
    for (let d = 0; d < logStd.rows; d++) theta[logStd.offset + d] = factor * z[logStd.offset + d];
  };
  const theta = new Float64Array(policy.paramCount);
  const started = Date.now();
  const z0 = Float64Array.from(thetaStar);
  for (let d = 0; d < logStd.rows; d++) z0[logStd.offset + d] /= c;
  const result = minimize(
    (z, gz) => {
      scale(z, theta, 1);
      for (let d = 0; d < logStd.rows; d++) theta[logStd.offset + d] = c * z[logStd.offset + d];
      const value = -objective.evaluate(theta, gz);
      for (let p = 0; p < gz.length; p++) gz[p] = -gz[p];
      for (let d = 0; d < logStd.rows; d++) gz[logStd.offset + d] *= c;
      return value;
    },
    z0,
    { maxEvaluations: evaluations, maxIterations: evaluations, relFuncTol: 1e-9 },
  );
  scale(result.x, theta, 1);
  for (let d = 0; d < logStd.rows; d++) theta[logStd.offset + d] = c * result.x[logStd.offset + d];
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ scale: c, phi: round(-result.f, 3), evaluations: result.evaluations, seconds: round(seconds, 1), thetaK: await judge(policy.clone(), theta) }));
}
await objective.dispose();
await pool.close();
task.dispose();
