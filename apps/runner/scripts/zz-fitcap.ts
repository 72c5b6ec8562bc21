import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { describe, guideFromJSON } from '../src/guides.js';
const [taskName, guidesFile, spec, nSamp] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName];
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 1 });
const sol = guideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const T = task.horizon, nu = task.actionDim, nx = task.stateDim;
const rng = new Rng(1);
const guiding = (await pool.rollouts(sol.guide.descriptor as never, Array.from({ length: Number(nSamp ?? 40) }, () => rng.nextUint32()), { T })) as SimTrajectory[];
const n = guiding.length * T;
const obs = new Float64Array(n * task.obsDim), actions = new Float64Array(n * nu), means = new Float64Array(n * nu);
const g: any = sol.guide.distribution;
guiding.forEach((traj, i) => {
  obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
  actions.set(traj.actions.subarray(0, T * nu), i * T * nu);
  for (let t = 0; t < T; t++) for (let j = 0; j < nu; j++) {
    let a = g.meanActions[t * nu + j];
    for (let k = 0; k < nx; k++) a += g.gains[(t * nu + j) * nx + k] * (traj.states[t * nx + k] - g.nominalStates[t * nx + k]);
    means[(i * T + t) * nu + j] = a;
  }
});
let fb = new Array(nu).fill(0);
for (let i = 0; i < n; i++) for (let j = 0; j < nu; j++) { const t = i % T; fb[j] += (means[i*nu+j]-g.meanActions[t*nu+j])**2; }
console.log('rms feedback term', fb.map((v) => Math.sqrt(v / n).toFixed(3)));
for (const item of spec.split(';')) {
  const [h, ev, target] = item.split(':');
  const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: nu, hidden: h.split(',').map(Number), seed: 1 });
  policy.fitNormalization(n, obs);
  const t0 = Date.now();
  pretrain(policy, { n, obs, actions: target === 'mean' ? means : actions, maxEvaluations: Number(ev) });
  const secs = (Date.now() - t0) / 1000;
  const mu = new Float64Array(n * nu); policy.mean(n, obs, mu);
  const err = new Array(nu).fill(0);
  for (let i = 0; i < n * nu; i++) err[i % nu] += (mu[i] - means[i]) ** 2;
  const buckets: number[] = [];
  for (let b = 0; b < T / 25; b++) {
    let e = 0, c = 0;
    for (let i = 0; i < guiding.length; i++) for (let t = b * 25; t < (b + 1) * 25; t++) for (let j = 0; j < nu; j++) { e += (mu[(i*T+t)*nu+j]-means[(i*T+t)*nu+j])**2; c++; }
    buckets.push(+Math.sqrt(e / c).toFixed(3));
  }
  console.log('error by 25-step bucket', JSON.stringify(buckets));
  const params = Float64Array.from(policy.getParams()); params.fill(-50, params.length - nu); policy.setParams(params);
  const roll = (await pool.rollouts(mlpPolicySpec(policy) as never, Array.from({ length: 10 }, (_, i) => 1000 + i), { T })) as SimTrajectory[];
  console.log(JSON.stringify({ hidden: h, evals: ev, target: target ?? 'sample', secs, errToGuideMean: err.map((v) => +Math.sqrt(v / n).toFixed(3)),
    meanAct: { reward: +(roll.map(totalReward).reduce((a, b) => a + b, 0) / 10).toFixed(1), fellAt: roll.map((t) => describe(task, t.states, t.T).fellAt) } }));
}
await pool.close(); task.dispose();
