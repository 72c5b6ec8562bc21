/**
 * How the guiding distribution's temperature τ shapes line 3 of Algorithm 1 (study script).
 * For each τ: the task's guide (buildGuide with the app's configuration, τ replaced), 40 guiding
 * samples, a 50-unit policy pretrained on them by maximum likelihood, and 10 noisy rollouts of it,
 * sampling its actions and acting with its mean.
 *   node --import tsx apps/runner/scripts/guide-study.ts <task> <seed> <τ,τ,…> [evaluations,…] [ddp JSON]
 * The optional last argument is merged into the app's ddp configuration, e.g. '{"smoothing":{…}}'.
 * Prints one JSON line per (τ, evaluations).
 */
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { buildGuide, chatter, describe } from '../src/guides.js';

const [taskName, seedArg, tauArg, evalArg, ddpArg] = process.argv.slice(2);
const base = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const config: BenchmarkConfig = { ...base, ddp: { ...base.ddp, ...(ddpArg ? JSON.parse(ddpArg) : {}) } };
const seed = Number(seedArg);
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const T = task.horizon;
const stats = (values: number[]) => {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sorted = [...values].sort((a, b) => a - b);
  return { mean: +m.toFixed(1), median: +sorted[Math.floor(values.length / 2)].toFixed(1), worst: +sorted[0].toFixed(1) };
};
const falls = (trajs: SimTrajectory[]) => trajs.filter((t) => describe(task, t.states, t.T).fellAt >= 0 || t.diverged).length;
for (const temperature of tauArg.split(',').map(Number)) {
  const solution = await buildGuide({ ...config, ddp: { ...config.ddp, temperature } }, task, pool, seed, (line) => process.stderr.write(`${line}\n`));
  const rng = new Rng(seed);
  const guiding = (await pool.rollouts(solution.guide.descriptor as never, Array.from({ length: 40 }, () => rng.nextUint32()), { T })) as SimTrajectory[];
  const n = guiding.length * T;
  const obs = new Float64Array(n * task.obsDim);
  const actions = new Float64Array(n * task.actionDim);
  guiding.forEach((traj, i) => {
    obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
    actions.set(traj.actions.subarray(0, T * task.actionDim), i * T * task.actionDim);
  });
  for (const evaluations of (evalArg ?? '200').split(',').map(Number)) {
    const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: task.actionDim, hidden: [50], seed });
    policy.fitNormalization(n, obs);
    const fit = pretrain(policy, { n, obs, actions, maxEvaluations: evaluations });
    const rollouts = (await pool.rollouts(mlpPolicySpec(policy) as never, Array.from({ length: 10 }, (_, i) => 1000 + i), { T })) as SimTrajectory[];
    // The same policy acting with its mean (exploration std at its 1e-3 floor), motor noise kept.
    const params = Float64Array.from(policy.getParams());
    const sigma = Array.from(params.slice(-task.actionDim), (s) => +(policy.minStd + Math.exp(s)).toFixed(3));
    params.fill(-50, params.length - task.actionDim);
    policy.setParams(params);
    const meanRollouts = (await pool.rollouts(mlpPolicySpec(policy) as never, Array.from({ length: 10 }, (_, i) => 1000 + i), { T })) as SimTrajectory[];
    console.log(
      JSON.stringify({
        task: config.task, seed, temperature, evaluations,
        example: +solution.nominal.reward.toFixed(2),
        chatter: +chatter(solution.nominal.actions, task.actionDim).toFixed(3),
        guiding: { ...stats(guiding.map(totalReward)), falls: falls(guiding) },
        nll: +fit.f.toFixed(3),
        sigma,
        pretrained: { ...stats(rollouts.map(totalReward)), falls: falls(rollouts) },
        pretrainedMeanAction: { ...stats(meanRollouts.map(totalReward)), falls: falls(meanRollouts) },
      }),
    );
  }
}
await pool.close();
task.dispose();
