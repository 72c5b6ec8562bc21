import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, fitNormalizationStats } from '../src/index.js';

function data(n: number): Float64Array {
  const rng = new Rng(31);
  const obs = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    obs[i * 3] = 5 + 2 * rng.normal();
    obs[i * 3 + 1] = 7.25; // zero variance
    obs[i * 3 + 2] = -1 + 0.01 * rng.normal();
  }
  return obs;
}

test('fitNormalization: mean and std per column; a zero-variance column is centred, not scaled', () => {
  const n = 500;
  const obs = data(n);
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 1 });
  const norm = policy.fitNormalization(n, obs);
  for (const k of [0, 2]) {
    let m = 0;
    for (let i = 0; i < n; i++) m += obs[i * 3 + k];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (obs[i * 3 + k] - m) ** 2;
    assert.ok(Math.abs(norm.mean[k] - m) <= 1e-12 * Math.abs(m));
    assert.ok(Math.abs(norm.std[k] - Math.sqrt(v / n)) <= 1e-12 * Math.sqrt(v / n));
  }
  assert.is(norm.mean[1], 7.25);
  assert.is(norm.std[1], 1);
  assert.equal(Array.from(policy.getNormalization().std), Array.from(norm.std));
});

test('a zero-variance input keeps log-probs, gradients and the Jacobian finite, also off the training value', () => {
  const n = 64;
  const obs = data(n);
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 2 });
  policy.fitNormalization(n, obs);
  const actions = new Rng(3).fillNormal(new Float64Array(n * 2));
  const out = new Float64Array(n);
  policy.logProb(n, obs, actions, out);
  assert.ok(out.every(Number.isFinite));
  const grad = new Float64Array(policy.paramCount);
  policy.logProbGrad(n, obs, actions, new Float64Array(n).fill(1), grad);
  assert.ok(grad.every(Number.isFinite));
  const x = new Float64Array([5, 7.25 + 0.5, -1]);
  const J = new Float64Array(6);
  policy.meanJacobian(x, J);
  assert.ok(J.every(Number.isFinite));
  // Column 1 is only centred: its Jacobian column is the network's own ∂μ/∂x̃_1, not amplified.
  const identity = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 2 });
  identity.setNormalization({ mean: new Float64Array([0, 7.25, 0]), std: new Float64Array([1, 1, 1]) });
  const xi = new Float64Array([0, 7.75, 0]);
  const norm = policy.getNormalization();
  xi[0] = (x[0] - norm.mean[0]) / norm.std[0];
  xi[2] = (x[2] - norm.mean[2]) / norm.std[2];
  const Ji = new Float64Array(6);
  identity.meanJacobian(xi, Ji);
  assert.ok(Math.abs(J[1] - Ji[1]) < 1e-14 && Math.abs(J[4] - Ji[4]) < 1e-14, `${J[1]} vs ${Ji[1]}`);
});

test('normalization is applied inside: the same function of the raw input before and after re-parametrizing', () => {
  const n = 100;
  const obs = data(n);
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 1, hidden: [], seed: 4 });
  // Linear policy μ = w·x̃ + b: after fitting, set w, b so μ = x_0 − x_2 in raw units.
  const norm = policy.fitNormalization(n, obs);
  const w0 = norm.std[0];
  const w2 = -norm.std[2];
  const b = norm.mean[0] - norm.mean[2];
  const theta = Float64Array.from(policy.getParams());
  theta.set([w0, 0, w2, b], 0);
  policy.setParams(theta);
  const mu = new Float64Array(n);
  policy.mean(n, obs, mu);
  for (let i = 0; i < n; i++) {
    const expected = obs[i * 3] - obs[i * 3 + 2];
    assert.ok(Math.abs(mu[i] - expected) < 1e-12 * Math.max(1, Math.abs(expected)));
  }
  const J = new Float64Array(3);
  policy.meanJacobian(obs.subarray(0, 3), J);
  assert.ok(Math.abs(J[0] - 1) < 1e-15 && J[1] === 0 && Math.abs(J[2] + 1) < 1e-15, `${Array.from(J)}`);
});

test('fitNormalizationStats: minStd marks constant columns; bad input errors', () => {
  const obs = new Float64Array([0, 1, 0.002, 1, 0, 1]); // column 0: sd = √(8e-6 / 9) ≈ 9.43e-4
  const m = 0.002 / 3;
  const sd = Math.sqrt((2 * m * m + (0.002 - m) ** 2) / 3);
  assert.ok(Math.abs(fitNormalizationStats('f', 3, 2, obs, { minStd: 5e-4 }).std[0] - sd) < 1e-15);
  assert.is(fitNormalizationStats('f', 3, 2, obs, { minStd: 1e-3 }).std[0], 1);
  assert.throws(() => fitNormalizationStats('f', 0, 2, obs), (e: Error) => e.message === 'f: n must be an integer ≥ 1, got 0');
  assert.throws(
    () => fitNormalizationStats('f', 4, 2, obs),
    (e: Error) => e.message === 'f: obs must have length ≥ n·inputDim = 8, got 6',
  );
  const bad = Float64Array.from(obs);
  bad[3] = NaN;
  assert.throws(() => fitNormalizationStats('f', 3, 2, bad), (e: Error) => e.message === 'f: obs[3] is NaN');
});

test.run();
