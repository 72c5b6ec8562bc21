/**
 * Does the guide's feedback use coordinates the policy cannot see? (study script)
 * From a run's guides.json nominal, the gains are rebuilt (guideAround) with the tracking weights of
 * the app's configuration, with those weights as given, and then with the hidden coordinates' weight
 * (root x; for the swimmer root x and y) set to 0. For each: 40 guiding samples (falls, reward), the
 * rms action the hidden coordinates contribute through K_t, a 50-unit policy pretrained on the
 * samples (line 3) and 10 noisy rollouts of it, sampling and acting with its mean.
 *   node --import tsx apps/runner/scripts/feedback-study.ts <task> <guides.json> [evaluations]
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { createGainPool, describe, guideAround, guideFromJSON } from '../src/guides.js';

const [taskName, guidesFile, evalArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const gainPool = await createGainPool(config, 2);
const solution = guideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const T = task.horizon;
const nx = task.stateDim;
const nu = task.actionDim;
const hidden = [task.layout.rootX, ...(task.name === 'swimmer' ? [task.layout.rootY] : [])];
const base = config.ddp.stateWeights ?? new Array(nx).fill(1);
const variants: Record<string, number[]> = {
  configured: base,
  'hidden 0': base.map((w, i) => (hidden.includes(i) ? 0 : w)),
};
const x0 = task.initialState();
const nominal = { T, states: solution.nominal.states, actions: solution.nominal.actions };
const stats = (values: number[]) => {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return +m.toFixed(1);
};
const falls = (trajs: SimTrajectory[]) => trajs.filter((t) => describe(task, t.states, t.T).fellAt >= 0 || t.diverged).length;
for (const [name, stateWeights] of Object.entries(variants)) {
  const guide = await guideAround({ ...config.ddp, stateWeights }, task, gainPool, x0, nominal, task.reward);
  const rng = new Rng(1);
  const guiding = (await pool.rollouts(guide.descriptor as never, Array.from({ length: 40 }, () => rng.nextUint32()), { T })) as SimTrajectory[];
  // rms over samples, steps and controls of K_t[:, hidden] (x − x̂)_hidden.
  const K = guide.distribution.gains;
  let sq = 0;
  for (const traj of guiding) {
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < nu; j++) {
        let a = 0;
        for (const i of hidden) a += K[(t * nu + j) * nx + i] * (traj.states[t * nx + i] - solution.nominal.states[t * nx + i]);
        sq += a * a;
      }
    }
  }
  const n = guiding.length * T;
  const obs = new Float64Array(n * task.obsDim);
  const actions = new Float64Array(n * nu);
  guiding.forEach((traj, i) => {
    obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
    actions.set(traj.actions.subarray(0, T * nu), i * T * nu);
  });
  for (const evaluations of (evalArg ?? '200').split(',').map(Number)) {
    const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: nu, hidden: [50], seed: 1 });
    policy.fitNormalization(n, obs);
    pretrain(policy, { n, obs, actions, maxEvaluations: evaluations });
    const sigma = Array.from(policy.std(), (s) => +s.toFixed(3));
    const seeds = Array.from({ length: 10 }, (_, i) => 1000 + i);
    const sampled = (await pool.rollouts(mlpPolicySpec(policy) as never, seeds, { T })) as SimTrajectory[];
    const params = Float64Array.from(policy.getParams());
    params.fill(-50, params.length - nu);
    policy.setParams(params);
    const meanAction = (await pool.rollouts(mlpPolicySpec(policy) as never, seeds, { T })) as SimTrajectory[];
    console.log(
      JSON.stringify({
        task: task.name, variant: name, evaluations,
        guiding: { reward: stats(guiding.map(totalReward)), falls: falls(guiding) },
        hiddenFeedbackRms: +Math.sqrt(sq / (n * nu)).toFixed(4),
        sigma,
        pretrained: { reward: stats(sampled.map(totalReward)), falls: falls(sampled), fellAt: sampled.map((t) => describe(task, t.states, t.T).fellAt) },
        meanAction: { reward: stats(meanAction.map(totalReward)), falls: falls(meanAction), fellAt: meanAction.map((t) => describe(task, t.states, t.T).fellAt) },
      }),
    );
  }
}
await gainPool.close();
await pool.close();
task.dispose();
