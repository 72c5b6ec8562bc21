import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, sigmoid, softplus } from '../src/index.js';
import { expNonPositive, log1pUnit } from '../src/softplus.js';
import { randomProblem, referenceLogProb, referenceMean } from './helpers.js';

test('logProb equals the Gaussian log-density computed directly', () => {
  for (const hidden of [[6], [5, 4], []]) {
    const p = randomProblem(21, 4, hidden, 3, 13);
    const out = new Float64Array(p.n);
    p.policy.logProb(p.n, p.obs, p.actions, out);
    for (let i = 0; i < p.n; i++) {
      const ref = referenceLogProb(p.policy, p.obs.subarray(i * 4, i * 4 + 4), p.actions.subarray(i * 3, i * 3 + 3));
      assert.ok(Math.abs(out[i] - ref) <= 1e-12 * Math.max(1, Math.abs(ref)), `hidden [${hidden}] row ${i}: ${out[i]} vs ${ref}`);
    }
  }
});

test('mean (batched) equals the reference network and is identical row by row', () => {
  const p = randomProblem(22, 5, [7, 3], 2, 9);
  const batch = new Float64Array(p.n * 2);
  p.policy.mean(p.n, p.obs, batch);
  const one = new Float64Array(2);
  for (let i = 0; i < p.n; i++) {
    const x = p.obs.subarray(i * 5, i * 5 + 5);
    const ref = referenceMean(p.policy, x);
    p.policy.mean(1, x, one);
    for (let d = 0; d < 2; d++) {
      assert.ok(Math.abs(batch[i * 2 + d] - ref[d]) <= 1e-12 * Math.max(1, Math.abs(ref[d])));
      assert.is(one[d], batch[i * 2 + d]);
    }
  }
});

test('softplus and sigmoid are finite and exact at z = ±1000', () => {
  assert.is(softplus(1000), 1000);
  assert.is(softplus(-1000), 0);
  assert.is(sigmoid(1000), 1);
  assert.is(sigmoid(-1000), 0);
  assert.is(softplus(800), 800);
  assert.ok(Number.isNaN(softplus(NaN)) && Number.isNaN(sigmoid(NaN)));
});

test('softplus, sigmoid and their table-driven exp / log1p agree with Math to a few ulp', () => {
  const rng = new Rng(24);
  const ulp = 2.220446049250313e-16;
  let worst = { exp: 0, log1p: 0, softplus: 0, sigmoid: 0 };
  for (let i = 0; i < 200000; i++) {
    const x = -rng.uniform() * (i % 2 === 0 ? 700 : 30);
    const t = rng.uniform() ** (i % 3 === 0 ? 30 : 1);
    const z = (rng.uniform() - 0.5) * (i % 2 === 0 ? 80 : 8);
    const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b)) / ulp;
    worst = {
      exp: Math.max(worst.exp, rel(expNonPositive(x), Math.exp(x))),
      log1p: Math.max(worst.log1p, rel(log1pUnit(t), Math.log1p(t))),
      softplus: Math.max(worst.softplus, rel(softplus(z), Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))))),
      sigmoid: Math.max(worst.sigmoid, rel(sigmoid(z), 1 / (1 + Math.exp(-z)))),
    };
  }
  // Math.exp / Math.log1p are themselves within 1 ulp, so a 4-ulp difference bounds our error by 5 ulp.
  for (const [name, w] of Object.entries(worst)) assert.ok(w <= 4, `${name}: ${w} ulp`);
  assert.is(expNonPositive(0), 1);
  assert.is(log1pUnit(0), 0);
  assert.is(log1pUnit(1), Math.LN2);
  assert.is(log1pUnit(1e-300), 1e-300);
  assert.ok(expNonPositive(-745.5) <= 5e-324 && expNonPositive(-1e6) === 0);
});

test('pre-activations of ±1000 inside the network give finite log-probs and gradients', () => {
  const policy = new MlpPolicy({ inputDim: 2, actionDim: 1, hidden: [2], seed: 1 });
  // W0 = [[1, 0], [0, -1]] so z = (x0, -x1); b = 0; output weights 1, bias 0.
  policy.setParams(new Float64Array([1, 0, 0, -1, 0, 0, 1, 1, 0, 0]));
  const obs = new Float64Array([1000, 1000, -1000, -1000]);
  const actions = new Float64Array([1000, 1000]);
  const out = new Float64Array(2);
  policy.logProb(2, obs, actions, out);
  // Row 0: μ = softplus(1000) + softplus(-1000) = 1000 = u; row 1: μ = 0 + 1000 = 1000 = u.
  const logNorm = -Math.log(policy.minStd + 1) - 0.5 * Math.log(2 * Math.PI);
  assert.ok(Math.abs(out[0] - logNorm) < 1e-12 && Math.abs(out[1] - logNorm) < 1e-12, `${out[0]} ${out[1]}`);
  const grad = new Float64Array(policy.paramCount);
  policy.logProbGrad(2, obs, actions, new Float64Array([1, 1]), grad);
  assert.ok(grad.every(Number.isFinite), `grad ${Array.from(grad)}`);
});

test('the std floor keeps log-probs finite and bounded when the log-std collapses', () => {
  const policy = new MlpPolicy({ inputDim: 2, actionDim: 2, hidden: [3], seed: 2, minStd: 1e-3 });
  const theta = Float64Array.from(policy.getParams());
  const sOff = policy.paramBlocks().at(-1)!.offset;
  theta[sOff] = -1e4;
  theta[sOff + 1] = -800;
  policy.setParams(theta);
  const std = policy.std();
  assert.is(std[0], 1e-3);
  assert.is(std[1], 1e-3);
  const x = new Float64Array([0.3, -0.2]);
  const mu = new Float64Array(2);
  policy.mean(1, x, mu);
  const out = new Float64Array(1);
  policy.logProb(1, x, mu, out); // u = μ: the largest possible density
  const bound = -2 * Math.log(1e-3) - Math.log(2 * Math.PI);
  assert.ok(Math.abs(out[0] - bound) < 1e-12, `${out[0]} vs bound ${bound}`);
  const grad = new Float64Array(policy.paramCount);
  policy.logProbGrad(1, x, mu, new Float64Array([1]), grad);
  assert.ok(grad.every(Number.isFinite));
  // d log σ / d s = e^s / (minStd + e^s) underflows to 0 far below the floor: no push further down.
  assert.is(grad[sOff], 0);
});

test('initStd sets the initial action std (per dimension)', () => {
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, seed: 3, initStd: [0.5, 2] });
  const std = policy.std();
  assert.ok(Math.abs(std[0] - 0.5) < 1e-15 && Math.abs(std[1] - 2) < 1e-15, `${Array.from(std)}`);
  assert.is(policy.hidden.length, 1);
  assert.is(policy.hidden[0], 50);
  assert.is(policy.paramCount, 50 * 3 + 50 + 2 * 50 + 2 + 2);
});

test('same seed gives the same θ bit for bit; another seed does not', () => {
  const a = new MlpPolicy({ inputDim: 5, actionDim: 2, hidden: [8, 4], seed: 42 });
  const b = new MlpPolicy({ inputDim: 5, actionDim: 2, hidden: [8, 4], seed: 42 });
  const c = new MlpPolicy({ inputDim: 5, actionDim: 2, hidden: [8, 4], seed: 43 });
  assert.equal(Array.from(a.getParams()), Array.from(b.getParams()));
  assert.not.equal(Array.from(a.getParams()), Array.from(c.getParams()));
  const x = new Float64Array([0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.equal(Array.from(a.act(x, new Rng(7))), Array.from(b.act(x, new Rng(7))));
});

test('act draws μ + σ ξ: empirical mean and std over many draws', () => {
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [5], seed: 4, initStd: [0.3, 1.7] });
  const x = new Float64Array([0.5, -1, 2]);
  const mu = new Float64Array(2);
  policy.mean(1, x, mu);
  const sigma = policy.std();
  const rng = new Rng(5);
  const draws = 40000;
  const sum = [0, 0];
  const sumSq = [0, 0];
  const u = new Float64Array(2);
  for (let s = 0; s < draws; s++) {
    policy.act(x, rng, u, s, x); // the extra (t, state) arguments are ignored
    for (let d = 0; d < 2; d++) {
      sum[d] += u[d];
      sumSq[d] += (u[d] - mu[d]) ** 2;
    }
  }
  for (let d = 0; d < 2; d++) {
    const m = sum[d] / draws;
    const sd = Math.sqrt(sumSq[d] / draws);
    // 5 standard errors: mean error σ/√N, std error ≈ σ/√(2N).
    assert.ok(Math.abs(m - mu[d]) < (5 * sigma[d]) / Math.sqrt(draws), `mean ${m} vs ${mu[d]}`);
    assert.ok(Math.abs(sd - sigma[d]) < (5 * sigma[d]) / Math.sqrt(2 * draws), `std ${sd} vs ${sigma[d]}`);
  }
});

test('act is μ + σ ξ with ξ the next rng.normal() draws, in dimension order', () => {
  const p = randomProblem(23, 4, [6], 3, 1);
  const u = p.policy.act(p.obs, new Rng(9));
  const mu = new Float64Array(3);
  p.policy.mean(1, p.obs, mu);
  const sigma = p.policy.std();
  const rng = new Rng(9);
  for (let d = 0; d < 3; d++) {
    const expected = mu[d] + sigma[d] * rng.normal();
    assert.ok(Math.abs(u[d] - expected) <= 1e-14 * Math.max(1, Math.abs(expected)), `${u[d]} vs ${expected}`);
  }
});

test.run();
