/**
 * Can a state-feedback policy reproduce the guiding samples? (study script)
 * From a run's guides.json, 40 guiding samples are drawn and the guide's noise-free mean action
 * ū_t + K_t (x_t − x̂_t) is recorded at each of their steps. Printed: how much of that mean is feedback
 * (rms of K_t (x − x̂_t)), and the part of it on coordinates the policy does not observe (root x, and
 * y for the swimmer). Then, for each fit "H:E:target[:time]" (hidden units, L-BFGS evaluations, target
 * 'sample' for the sampled actions as line 3 does, or 'mean' for the guide's mean action; ':time' adds
 * t/T as an input, a policy no rollout can use, to test whether the fit lacks the time step; ':descend'
 * runs L-BFGS on all of θ instead of solving the output layer, pretrain's outputLayer option), a policy
 * is pretrained on the samples and judged by its mean's rms error to the guide's mean (overall and per
 * 25-step window) and, without the time input, by 10 noisy rollouts acting with its mean (reward, step
 * of the fall or −1).
 *   node --import tsx apps/runner/scripts/reproduce-study.ts <task> <guides.json> "50:1000:sample;50:1000:mean"
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { describe, firstGuideFromJSON } from '../src/guides.js';

const [taskName, guidesFile, fits] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const guide = firstGuideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8'))).guide;
const g = guide.distribution as LinearGaussianPolicy;
const T = task.horizon;
const nu = task.actionDim;
const nx = task.stateDim;
const unobserved = task.layout.hiddenQpos; // the root position coordinates observe() leaves out
const rng = new Rng(1);
const guiding = (await pool.rollouts(guide.descriptor as never, Array.from({ length: 40 }, () => rng.nextUint32()), { T })) as SimTrajectory[];
const n = guiding.length * T;
const obs = new Float64Array(n * task.obsDim);
const sampled = new Float64Array(n * nu);
const guideMean = new Float64Array(n * nu);
let feedbackSq = 0;
let unobservedSq = 0;
guiding.forEach((traj, i) => {
  obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
  sampled.set(traj.actions.subarray(0, T * nu), i * T * nu);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < nu; j++) {
      let feedback = 0;
      let hidden = 0;
      for (let k = 0; k < nx; k++) {
        const term = g.gains[(t * nu + j) * nx + k] * (traj.states[t * nx + k] - g.nominalStates[t * nx + k]);
        feedback += term;
        if (unobserved.includes(k)) hidden += term;
      }
      guideMean[(i * T + t) * nu + j] = g.meanActions[t * nu + j] + feedback;
      feedbackSq += feedback ** 2;
      unobservedSq += hidden ** 2;
    }
  }
});
const rms = (sq: number, count: number) => +Math.sqrt(sq / count).toFixed(4);
console.log(JSON.stringify({ task: task.name, feedbackRms: rms(feedbackSq, n * nu), unobservedFeedbackRms: rms(unobservedSq, n * nu) }));
const no = task.obsDim;
const obsWithTime = new Float64Array(n * (no + 1));
for (let r = 0; r < n; r++) {
  obsWithTime.set(obs.subarray(r * no, (r + 1) * no), r * (no + 1));
  obsWithTime[r * (no + 1) + no] = (r % T) / T;
}
for (const fit of (fits ?? '50:1000:sample').split(';')) {
  const [hidden, evaluations, target, ...extras] = fit.split(':');
  const withTime = extras.includes('time');
  const outputLayer = extras.includes('descend') ? 'descend' : 'solve';
  const inputs = withTime ? obsWithTime : obs;
  const policy = new MlpPolicy({ inputDim: withTime ? no + 1 : no, actionDim: nu, hidden: hidden.split(',').map(Number), seed: 1 });
  policy.fitNormalization(n, inputs);
  const started = Date.now();
  const fitted = pretrain(policy, { n, obs: inputs, actions: target === 'mean' ? guideMean : sampled, maxEvaluations: Number(evaluations), outputLayer });
  const seconds = (Date.now() - started) / 1000;
  const mu = new Float64Array(n * nu);
  policy.mean(n, inputs, mu);
  const perControl = new Array(nu).fill(0);
  const windows = new Array(Math.ceil(T / 25)).fill(0);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < nu; j++) {
      const e = (mu[r * nu + j] - guideMean[r * nu + j]) ** 2;
      perControl[j] += e;
      windows[Math.floor((r % T) / 25)] += e;
    }
  }
  const report = {
    hidden, evaluations, target: target ?? 'sample', timeInput: withTime, outputLayer, seconds, objective: +fitted.f.toFixed(4),
    errorToGuideMean: perControl.map((e) => rms(e, n)),
    errorBy25Steps: windows.map((e) => +Math.sqrt(e / (guiding.length * 25 * nu)).toFixed(3)),
  };
  if (withTime) {
    console.log(JSON.stringify(report));
    continue;
  }
  const params = Float64Array.from(policy.getParams());
  params.fill(-50, params.length - nu); // act with the mean: σ at its floor
  policy.setParams(params);
  const rollouts = (await pool.rollouts(mlpPolicySpec(policy) as never, Array.from({ length: 10 }, (_, i) => 1000 + i), { T })) as SimTrajectory[];
  const meanAction = { reward: +(rollouts.map(totalReward).reduce((a, b) => a + b, 0) / rollouts.length).toFixed(1), fellAt: rollouts.map((t) => describe(task, t.states, t.T).fellAt) };
  console.log(JSON.stringify({ ...report, meanAction }));
}
await pool.close();
task.dispose();
