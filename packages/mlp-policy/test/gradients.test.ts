import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maxAbs, randomProblem } from './helpers.js';

/** Σ_i w_i log π_θ(u_i | x_i) at the policy's current θ. */
function weightedSum(p: ReturnType<typeof randomProblem>): number {
  const out = new Float64Array(p.n);
  p.policy.logProb(p.n, p.obs, p.actions, out);
  let s = 0;
  for (let i = 0; i < p.n; i++) s += p.weights[i] * out[i];
  return s;
}

/** Central differences of the weighted log-prob sum over every parameter. */
function finiteDifferenceGrad(p: ReturnType<typeof randomProblem>, h = 1e-5): Float64Array {
  const theta = Float64Array.from(p.policy.getParams());
  const fd = new Float64Array(theta.length);
  for (let q = 0; q < theta.length; q++) {
    const x = Float64Array.from(theta);
    x[q] = theta[q] + h;
    p.policy.setParams(x);
    const fPlus = weightedSum(p);
    x[q] = theta[q] - h;
    p.policy.setParams(x);
    const fMinus = weightedSum(p);
    fd[q] = (fPlus - fMinus) / (2 * h);
  }
  p.policy.setParams(theta);
  return fd;
}

function checkGradient(seed: number, inputDim: number, hidden: number[], actionDim: number, n: number): void {
  const p = randomProblem(seed, inputDim, hidden, actionDim, n);
  const grad = new Float64Array(p.policy.paramCount);
  const out = new Float64Array(n);
  p.policy.logProb(n, p.obs, p.actions, out);
  const value = p.policy.logProbGrad(n, p.obs, p.actions, p.weights, grad);
  let expected = 0;
  for (let i = 0; i < n; i++) expected += p.weights[i] * out[i];
  assert.ok(Math.abs(value - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `returned sum ${value} vs ${expected}`);

  const fd = finiteDifferenceGrad(p);
  const diff = grad.map((g, q) => g - fd[q]);
  const rel = maxAbs(diff) / maxAbs(fd);
  assert.ok(rel < 1e-6, `hidden [${hidden}] n ${n}: relative error ${rel}`);
  for (let q = 0; q < grad.length; q++) {
    assert.ok(Math.abs(diff[q]) <= 1e-6 * Math.max(1, Math.abs(fd[q])), `θ[${q}]: analytic ${grad[q]}, fd ${fd[q]}`);
  }
}

test('logProbGrad matches central differences, one hidden layer', () => {
  checkGradient(1, 4, [6], 3, 9); // n not a multiple of the block size 4
  checkGradient(2, 3, [5], 2, 4);
  checkGradient(3, 5, [8], 1, 1);
});

test('logProbGrad matches central differences, two hidden layers', () => {
  checkGradient(4, 4, [6, 5], 3, 11);
  checkGradient(5, 2, [3, 7], 2, 6);
});

test('logProbGrad matches central differences, linear policy (no hidden layer)', () => {
  checkGradient(6, 3, [], 2, 7);
});

test('logProbGrad without a preceding logProb equals the cached path', () => {
  const p = randomProblem(7, 4, [6], 3, 10);
  const cached = new Float64Array(p.policy.paramCount);
  const fresh = new Float64Array(p.policy.paramCount);
  p.policy.logProb(p.n, p.obs, p.actions, new Float64Array(p.n));
  const v1 = p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, cached);
  p.policy.invalidateCache();
  const v2 = p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, fresh);
  assert.is(v1, v2);
  assert.equal(Array.from(cached), Array.from(fresh));
});

test('setParams between logProb and logProbGrad invalidates the cache', () => {
  const p = randomProblem(8, 3, [5], 2, 8);
  const reference = randomProblem(8, 3, [5], 2, 8);
  const theta2 = Float64Array.from(p.policy.getParams()).map((v, q) => v + 0.01 * Math.sin(q));
  p.policy.logProb(p.n, p.obs, p.actions, new Float64Array(p.n));
  p.policy.setParams(theta2);
  const g = new Float64Array(p.policy.paramCount);
  const v = p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, g);
  reference.policy.setParams(theta2);
  const gRef = new Float64Array(reference.policy.paramCount);
  const vRef = reference.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, gRef);
  assert.is(v, vRef);
  assert.equal(Array.from(g), Array.from(gRef));
});

test('the cached forward pass is reused (documented: in-place changes in between are not seen)', () => {
  const p = randomProblem(9, 3, [5], 2, 6);
  const stale = new Float64Array(p.policy.paramCount);
  const before = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, before);
  p.policy.logProb(p.n, p.obs, p.actions, new Float64Array(p.n));
  p.obs[0] += 1; // mutated in place: same buffer, so the cache key still matches
  p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, stale);
  assert.equal(Array.from(stale), Array.from(before));
  p.policy.invalidateCache();
  const after = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, after);
  assert.not.equal(Array.from(after), Array.from(before));
});

test('subarray views of the same memory hit the cache; other memory does not', () => {
  const p = randomProblem(10, 3, [4], 2, 5);
  const original = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, original);
  // A new view object on the same buffer and offset is the same data: cache hit.
  p.policy.logProb(p.n, p.obs.subarray(0), p.actions.subarray(0), new Float64Array(p.n));
  p.obs[0] += 1;
  const hit = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, p.obs, p.actions, p.weights, hit);
  assert.equal(Array.from(hit), Array.from(original));
  // A copy lives in other memory: recomputed, so the change is seen.
  p.policy.logProb(p.n, p.obs, p.actions, new Float64Array(p.n));
  const copy = Float64Array.from(p.obs);
  const miss = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, copy, p.actions, p.weights, miss);
  p.policy.invalidateCache();
  const fresh = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, copy, p.actions, p.weights, fresh);
  assert.equal(Array.from(miss), Array.from(fresh));
  assert.not.equal(Array.from(miss), Array.from(original));
});

test('zero weights contribute nothing (skipped blocks)', () => {
  const p = randomProblem(11, 3, [5], 2, 12);
  const w = new Float64Array(p.n);
  w[9] = 1.5; // only row 9, in the last block
  const g = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(p.n, p.obs, p.actions, w, g);
  const single = new Float64Array(p.policy.paramCount);
  p.policy.logProbGrad(1, p.obs.subarray(9 * 3, 10 * 3), p.actions.subarray(9 * 2, 10 * 2), new Float64Array([1.5]), single);
  const diff = maxAbs(g.map((v, q) => v - single[q]));
  assert.ok(diff <= 1e-14 * maxAbs(single), `difference ${diff}`);
});

test('meanJacobian matches central differences w.r.t. the raw input', () => {
  for (const [seed, hidden] of [[12, [6]], [13, [5, 4]], [14, []]] as const) {
    const p = randomProblem(seed, 4, [...hidden], 3, 1);
    const x = Float64Array.from(p.obs);
    const J = new Float64Array(3 * 4);
    p.policy.meanJacobian(x, J);
    const plus = new Float64Array(3);
    const minus = new Float64Array(3);
    const h = 1e-6;
    let worst = 0;
    for (let k = 0; k < 4; k++) {
      const xp = Float64Array.from(x);
      xp[k] += h;
      p.policy.mean(1, xp, plus);
      const xm = Float64Array.from(x);
      xm[k] -= h;
      p.policy.mean(1, xm, minus);
      for (let d = 0; d < 3; d++) {
        const fd = (plus[d] - minus[d]) / (2 * h);
        worst = Math.max(worst, Math.abs(J[d * 4 + k] - fd) / Math.max(1, Math.abs(fd)));
      }
    }
    assert.ok(worst < 1e-7, `hidden [${hidden}]: worst error ${worst}`);
  }
});

test.run();
