import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImportanceObjective, asMinimizationObjective, estimateValue, prefixLogProbs } from '../src/index.js';
import { flushNegligible } from '../src/kernels.js';
import type { SampleSet } from '../src/index.js';
import { LinearGaussianPolicy } from './linear-gaussian-policy.js';
import { centralDifferences, perturbed, randomProblem, relativeError } from './problems.js';

function withLogQ(samples: SampleSet, logQ: Float64Array): SampleSet {
  return { ...samples, logQ };
}

/** Eq. (2) computed the naive way, in linear space (only valid for moderate log-weights). */
function naivePerStep(policy: LinearGaussianPolicy, s: SampleSet, wr: number): { value: number; phi0: number; ess: number[] } {
  const { count: m, T } = s;
  const step = new Float64Array(m * T);
  policy.logProb(m * T, s.obs, s.actions, step);
  const prefix = prefixLogProbs(m, T, step);
  let phi0 = 0;
  let reg = 0;
  const ess: number[] = [];
  for (let t = 0; t < T; t++) {
    let Z = 0;
    let num = 0;
    let sq = 0;
    for (let i = 0; i < m; i++) {
      const w = Math.exp(prefix[i * T + t]) / Math.exp(s.logQ[i * T + t]);
      Z += w;
      sq += w * w;
      num += w * s.rewards[i * T + t];
    }
    phi0 += num / Z;
    reg += Math.log(Z / m);
    ess.push((Z * Z) / sq);
  }
  return { value: phi0 + wr * reg, phi0, ess };
}

test('Eq. (2) value, log Z_t and ESS match a linear-space reference on a moderate problem', () => {
  const policy = new LinearGaussianPolicy(3, 2, 11);
  const samples = randomProblem(policy, 7, 6, 12, 0.3);
  policy.setParams(perturbed(policy.getParams(), 0.1, 13));
  const objective = new ImportanceObjective(policy, samples, { regularization: 0.25 });
  const value = objective.evaluate();
  const ref = naivePerStep(policy, samples, 0.25);
  assert.ok(Math.abs(value - ref.value) < 1e-12 * Math.abs(ref.value), `${value} vs ${ref.value}`);
  assert.ok(Math.abs(objective.unregularizedValue - ref.phi0) < 1e-12 * Math.abs(ref.phi0));
  const ess = objective.effectiveSampleSize();
  for (let t = 0; t < samples.T; t++) assert.ok(Math.abs(ess[t] - ref.ess[t]) < 1e-12 * ref.ess[t], `ess[${t}]`);
  // the estimate must actually depend on the weights here (not a degenerate equal-weight case)
  let plainMean = 0;
  for (let k = 0; k < samples.count * samples.T; k++) plainMean += samples.rewards[k] / samples.count;
  assert.ok(Math.abs(ref.phi0 - plainMean) > 1e-3);
});

test('Eq. (1) value matches a linear-space reference (whole-trajectory weights)', () => {
  const policy = new LinearGaussianPolicy(3, 2, 21);
  const samples = randomProblem(policy, 6, 5, 22, 0.3);
  policy.setParams(perturbed(policy.getParams(), 0.1, 23));
  const wr = 0.5;
  const objective = new ImportanceObjective(policy, samples, { estimator: 'trajectory', regularization: wr });
  const value = objective.evaluate();
  const { count: m, T } = samples;
  const step = new Float64Array(m * T);
  policy.logProb(m * T, samples.obs, samples.actions, step);
  let Z = 0;
  let num = 0;
  for (let i = 0; i < m; i++) {
    let logPi = 0;
    let R = 0;
    for (let t = 0; t < T; t++) {
      logPi += step[i * T + t];
      R += samples.rewards[i * T + t];
    }
    const w = Math.exp(logPi - samples.logQ[i * T + T - 1]);
    Z += w;
    num += w * R;
  }
  const ref = num / Z + wr * Math.log(Z / m);
  assert.ok(Math.abs(value - ref) < 1e-12 * Math.abs(ref), `${value} vs ${ref}`);
  assert.is(objective.stepValues.length, 1);
});

for (const [estimator, wr] of [
  ['perStep', 0],
  ['perStep', 0.7],
  ['trajectory', 0],
  ['trajectory', 0.7],
] as const) {
  test(`∇Φ matches central differences (linear-Gaussian policy, ${estimator}, w_r = ${wr})`, () => {
    const policy = new LinearGaussianPolicy(4, 3, 31);
    const samples = randomProblem(policy, 8, 7, 32, 0.5);
    const theta = perturbed(policy.getParams(), 0.15, 33);
    const objective = new ImportanceObjective(policy, samples, { regularization: wr, estimator });
    const grad = new Float64Array(policy.paramCount);
    objective.evaluate(theta, grad);
    const fd = centralDifferences((x) => objective.evaluate(x), theta, 1e-5);
    const err = relativeError(grad, fd);
    assert.ok(err < 1e-6, `relative error ${err}`);
    assert.ok(Math.hypot(...grad) > 1e-3, 'gradient is not trivially zero');
  });
}

test('on-policy samples with q = π_θ: Φ₀ is the per-step average reward, log Z_t = 0, ESS = m', () => {
  const policy = new LinearGaussianPolicy(3, 2, 41);
  const m = 9;
  const T = 8;
  const base = randomProblem(policy, m, T, 42, 0);
  // q is exactly π_θ: the prefix of the policy's own log-probabilities
  const step = new Float64Array(m * T);
  policy.logProb(m * T, base.obs, base.actions, step);
  const samples = withLogQ(base, prefixLogProbs(m, T, step));
  const objective = new ImportanceObjective(policy, samples, { regularization: 0.3 });
  const value = objective.evaluate();
  let total = 0;
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += samples.rewards[i * T + t];
    assert.is(objective.stepValues[t], sum / m, `step ${t}`);
    assert.is(objective.logZ[t], 0);
    total += sum / m;
  }
  assert.ok(Math.abs(objective.unregularizedValue - total) <= 1e-15 * Math.abs(total));
  assert.is(value, objective.unregularizedValue);
  const ess = objective.effectiveSampleSize();
  for (let t = 0; t < T; t++) assert.is(ess[t], m);
  const estimate = estimateValue(policy, samples);
  assert.is(estimate.value, objective.unregularizedValue);
});

for (const shift of [7.3, -250, 1e4, -1e4]) {
  test(`adding ${shift} to every log q leaves Φ₀ and ∇Φ unchanged and moves Φ by −w_r·T·shift`, () => {
    const policy = new LinearGaussianPolicy(3, 2, 51);
    const samples = randomProblem(policy, 6, 5, 52, 1);
    const theta = perturbed(policy.getParams(), 0.2, 53);
    const shifted = samples.logQ.map((v) => v + shift);
    const wr = 0.4;
    const a = new ImportanceObjective(policy, samples, { regularization: wr });
    const b = new ImportanceObjective(policy, withLogQ(samples, shifted), { regularization: wr });
    const ga = new Float64Array(policy.paramCount);
    const gb = new Float64Array(policy.paramCount);
    const va = a.evaluate(theta, ga);
    const phi0a = a.unregularizedValue;
    const vb = b.evaluate(theta, gb);
    const phi0b = b.unregularizedValue;
    assert.ok(Math.abs(phi0a - phi0b) <= 1e-12 * Math.abs(phi0a), `${phi0a} vs ${phi0b}`);
    const expected = va - wr * samples.T * shift;
    assert.ok(Math.abs(vb - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${vb} vs ${expected}`);
    assert.ok(relativeError(ga, gb) < 1e-10, `gradient changed by ${relativeError(ga, gb)}`);
  });
}

test('log-weights of ±1e4 give finite values and gradients; one sample takes all the weight', () => {
  const policy = new LinearGaussianPolicy(3, 2, 61);
  const samples = randomProblem(policy, 5, 6, 62, 0);
  const { count: m, T } = samples;
  const theta = policy.getParams().slice();
  const step = new Float64Array(m * T);
  policy.logProb(m * T, samples.obs, samples.actions, step);
  const prefix = prefixLogProbs(m, T, step);
  // sample 2: log w = +1e4 at every step; the others: log w = −1e4 (weights e^±10000)
  const logQ = prefix.map((v, k) => v - (Math.floor(k / T) === 2 ? 1e4 : -1e4));
  const extreme = withLogQ(samples, logQ);
  for (const wr of [0, 0.01, 1]) {
    const objective = new ImportanceObjective(policy, extreme, { regularization: wr });
    const grad = new Float64Array(policy.paramCount);
    const value = objective.evaluate(theta, grad);
    assert.ok(Number.isFinite(value), `value ${value}`);
    for (let j = 0; j < grad.length; j++) assert.ok(Number.isFinite(grad[j]), `grad[${j}] = ${grad[j]}`);
    let r2 = 0;
    for (let t = 0; t < T; t++) r2 += samples.rewards[2 * T + t];
    assert.is(objective.unregularizedValue, r2);
    assert.ok(Math.abs(value - (r2 + wr * T * (1e4 - Math.log(m)))) <= 1e-12 * Math.abs(value));
    // ∇Φ = w_r Σ_t ∇ log π(ζ_2,1:t) = w_r Σ_s (T − s) ∇ log π(u_s^2 | o_s^2)
    const weights = new Float64Array(m * T);
    for (let s = 0; s < T; s++) weights[2 * T + s] = wr * (T - s);
    const expected = new Float64Array(policy.paramCount);
    policy.logProbGrad(m * T, samples.obs, samples.actions, weights, expected);
    for (let j = 0; j < grad.length; j++) assert.ok(Math.abs(grad[j] - expected[j]) <= 1e-12 * (1 + Math.abs(expected[j])), `grad[${j}]`);
  }
  // every weight astronomically small (log w ≈ −1e4 − …): same Φ₀ as the unshifted problem, gradient finite and FD-exact
  const tiny = withLogQ(samples, samples.logQ.map((v, k) => v + 1e4 + 50 * Math.floor(k / T)));
  const objective = new ImportanceObjective(policy, tiny, { regularization: 0.1 });
  const grad = new Float64Array(policy.paramCount);
  const v = objective.evaluate(theta, grad);
  assert.ok(Number.isFinite(v));
  const fd = centralDifferences((x) => objective.evaluate(x), theta, 1e-5);
  assert.ok(relativeError(grad, fd) < 1e-6, `relative error ${relativeError(grad, fd)}`);
});

test('flushNegligible zeroes exactly the coefficients below 2⁻⁵³ of the largest', () => {
  const cut = 3 * 2 ** -53; // 3.33e-16
  const coef = new Float64Array([3, -3.4e-16, cut, 3.3e-16, 0, -2, 1e-300]);
  assert.is(flushNegligible(coef.length, coef), 2);
  assert.equal(Array.from(coef), [3, -3.4e-16, cut, 0, 0, -2, 0]);
  assert.is(flushNegligible(3, new Float64Array(3)), 0);
});

test('with most weights far below the largest, the gradient stays exact', () => {
  // Samples 1 and 3 carry the weight; the others sit e^-40 … e^-200 below, so most of their
  // coefficients are flushed to zero. The gradient still matches central differences.
  const policy = new LinearGaussianPolicy(3, 2, 71);
  const samples = randomProblem(policy, 6, 8, 72, 0);
  const { count: m, T } = samples;
  const shift = [40, 0, 200, 0, 90, 150];
  const shifted = withLogQ(samples, samples.logQ.map((v, k) => v + shift[Math.floor(k / T)]));
  const theta = policy.getParams().slice();
  const objective = new ImportanceObjective(policy, shifted, { regularization: 0.01 });
  const grad = new Float64Array(policy.paramCount);
  objective.evaluate(theta, grad);
  const fd = centralDifferences((x) => objective.evaluate(x), theta, 1e-5);
  assert.ok(relativeError(grad, fd) < 1e-6, `relative error ${relativeError(grad, fd)}`);
});

test('asMinimizationObjective returns −Φ and −∇Φ', () => {
  const policy = new LinearGaussianPolicy(2, 2, 71);
  const samples = randomProblem(policy, 4, 3, 72, 0.5);
  const objective = new ImportanceObjective(policy, samples, { regularization: 0.2 });
  const theta = perturbed(policy.getParams(), 0.1, 73);
  const g = new Float64Array(policy.paramCount);
  const gMin = new Float64Array(policy.paramCount);
  const v = objective.evaluate(theta, g);
  const f = asMinimizationObjective(objective);
  assert.is(f(theta, gMin), -v);
  for (let j = 0; j < g.length; j++) assert.is(gMin[j], -g[j]);
  const f2 = objective.asMinimizationObjective();
  assert.is(f2(theta, gMin), -v);
});

test('changing regularization changes Φ by w_r Σ_t log Z_t only', () => {
  const policy = new LinearGaussianPolicy(2, 2, 81);
  const samples = randomProblem(policy, 5, 4, 82, 0.5);
  const objective = new ImportanceObjective(policy, samples);
  const v0 = objective.evaluate();
  objective.regularization = 0.5;
  const v1 = objective.evaluate();
  let sumLogZ = 0;
  for (let t = 0; t < samples.T; t++) sumLogZ += objective.logZ[t];
  assert.ok(Math.abs(v1 - (v0 + 0.5 * sumLogZ)) < 1e-12 * Math.max(1, Math.abs(v1)));
  assert.throws(() => {
    objective.regularization = -1;
  }, /ImportanceObjective: regularization must be a finite number ≥ 0, got -1/);
});

test.run();
