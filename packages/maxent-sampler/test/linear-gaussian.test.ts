import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import * as api from '../src/index.js';
import { LinearGaussianPolicy, linearGaussianFromJSON, prefixSums, sampleTrajectories, scoreTrajectory } from '../src/index.js';
import { randomSpd, sampleAffine } from './problems.js';

const nx = 3;
const nu = 3;
const T = 4;

function makePolicy(seed = 5): LinearGaussianPolicy {
  const rng = new Rng(seed);
  const covariances = new Float64Array(T * nu * nu);
  for (let t = 0; t < T; t++) covariances.set(randomSpd(nu, rng, 0.05 * (t + 1)), t * nu * nu);
  return new LinearGaussianPolicy({
    T,
    stateDim: nx,
    actionDim: nu,
    nominalStates: Float64Array.from({ length: T * nx }, () => rng.normal()),
    meanActions: Float64Array.from({ length: T * nu }, () => rng.normal()),
    gains: Float64Array.from({ length: T * nu * nx }, () => rng.normal()),
    covariances,
  });
}

/** 3×3 determinant and inverse by cofactors: independent of the Cholesky path. */
function det3(S: Float64Array): number {
  return S[0] * (S[4] * S[8] - S[5] * S[7]) - S[1] * (S[3] * S[8] - S[5] * S[6]) + S[2] * (S[3] * S[7] - S[4] * S[6]);
}
function inv3(S: Float64Array): Float64Array {
  const d = det3(S);
  const c = (a: number, b: number, e: number, f: number) => a * f - b * e;
  return Float64Array.from([
    c(S[4], S[5], S[7], S[8]) / d,
    -c(S[1], S[2], S[7], S[8]) / d,
    c(S[1], S[2], S[4], S[5]) / d,
    -c(S[3], S[5], S[6], S[8]) / d,
    c(S[0], S[2], S[6], S[8]) / d,
    -c(S[0], S[2], S[3], S[5]) / d,
    c(S[3], S[4], S[6], S[7]) / d,
    -c(S[0], S[1], S[6], S[7]) / d,
    c(S[0], S[1], S[3], S[4]) / d,
  ]);
}

test('logProb is the exact Gaussian log-density N(ū + K(x − x̂), Σ)', () => {
  const pol = makePolicy();
  const rng = new Rng(1);
  for (let t = 0; t < T; t++) {
    const S = pol.covariances.subarray(t * 9, t * 9 + 9);
    const P = inv3(S);
    for (let trial = 0; trial < 5; trial++) {
      const x = Float64Array.from({ length: nx }, () => rng.normal());
      const u = Float64Array.from({ length: nu }, () => 2 * rng.normal());
      const m = new Float64Array(nu);
      for (let j = 0; j < nu; j++) {
        m[j] = pol.meanActions[t * nu + j];
        for (let i = 0; i < nx; i++) m[j] += pol.gains[t * 9 + j * nx + i] * (x[i] - pol.nominalStates[t * nx + i]);
      }
      let q = 0;
      for (let i = 0; i < nu; i++) for (let j = 0; j < nu; j++) q += (u[i] - m[i]) * P[i * nu + j] * (u[j] - m[j]);
      const expected = -0.5 * q - 0.5 * Math.log((2 * Math.PI) ** nu * det3(S));
      const got = pol.logProb(t, x, u);
      assert.ok(Math.abs(got - expected) < 1e-12 * (1 + Math.abs(expected)), `t=${t}: ${got} vs ${expected}`);
    }
  }
});

test('samples of u_t given x_t have the mean and covariance of π (200k draws, 4.5 standard errors)', () => {
  const pol = makePolicy();
  const rng = new Rng(2024);
  const t = 2;
  const x = Float64Array.of(0.3, -1.2, 0.7);
  const mean = pol.mean(t, x);
  const S = pol.covariances.subarray(t * 9, t * 9 + 9);
  const N = 200_000;
  const sum = new Float64Array(nu);
  const sumSq = new Float64Array(nu * nu);
  const u = new Float64Array(nu);
  for (let n = 0; n < N; n++) {
    pol.sample(t, x, rng, u);
    for (let i = 0; i < nu; i++) {
      const di = u[i] - mean[i];
      sum[i] += di;
      for (let j = 0; j < nu; j++) sumSq[i * nu + j] += di * (u[j] - mean[j]);
    }
  }
  for (let i = 0; i < nu; i++) {
    const se = Math.sqrt(S[i * nu + i] / N);
    assert.ok(Math.abs(sum[i] / N) < 4.5 * se, `mean[${i}] off by ${sum[i] / N} (se ${se})`);
    for (let j = 0; j < nu; j++) {
      // Var of the product estimator about the known mean: (Σ_ij² + Σ_ii Σ_jj) / N.
      const seC = Math.sqrt((S[i * nu + j] ** 2 + S[i * nu + i] * S[j * nu + j]) / N);
      const emp = sumSq[i * nu + j] / N;
      assert.ok(Math.abs(emp - S[i * nu + j]) < 4.5 * seC, `cov[${i}][${j}] = ${emp} vs ${S[i * nu + j]} (se ${seC})`);
    }
  }
});

test('sampling is deterministic by seed; act() uses t and the full state', () => {
  const pol = makePolicy();
  const x = Float64Array.of(0.1, 0.2, 0.3);
  const a = pol.sample(1, x, new Rng(9));
  const b = pol.sample(1, x, new Rng(9));
  const c = pol.sample(1, x, new Rng(10));
  assert.equal(Array.from(a), Array.from(b));
  assert.not.equal(Array.from(a), Array.from(c));
  const viaAct = pol.act(new Float64Array(7), new Rng(9), undefined, 1, x);
  assert.equal(Array.from(viaAct), Array.from(a));
  assert.throws(() => pol.act(x, new Rng(1)), (e: Error) => e.message === 'LinearGaussianPolicy.act: the time step t is required');
  assert.throws(
    () => pol.act(new Float64Array(7), new Rng(1), undefined, 0),
    (e: Error) => e.message === 'LinearGaussianPolicy.act: needs the full state (length 3); got obs of length 7',
  );
  assert.throws(() => pol.sample(4, x, new Rng(1)), (e: Error) => e.message === 'LinearGaussianPolicy.mean: t must be an integer in [0, 3], got 4');
});

test('JSON round trip is bit-exact; the descriptor rebuilds the policy through a dynamic import', async () => {
  const pol = makePolicy();
  const desc = pol.toDescriptor();
  // The worker's view: import the module by its URL and call the named factory.
  const mod = (await import(desc.module)) as Record<string, unknown>;
  assert.is(typeof (api as Record<string, unknown>)[desc.exportName], 'function');
  const rebuilt = (mod[desc.exportName] as (d: unknown) => LinearGaussianPolicy)(desc.data);
  assert.equal(Array.from(rebuilt.meanActions), Array.from(pol.meanActions));
  const back = linearGaussianFromJSON(JSON.parse(JSON.stringify(desc.data)));
  assert.equal(Array.from(back.covariances), Array.from(pol.covariances));
  assert.equal(Array.from(back.gains), Array.from(pol.gains));
  assert.equal(Array.from(back.factors), Array.from(pol.factors));
  const x = Float64Array.of(1, 2, 3);
  const u = Float64Array.of(-1, 0, 1);
  assert.is(back.logProb(3, x, u), pol.logProb(3, x, u));
  assert.throws(() => linearGaussianFromJSON({ kind: 'mlp' }), (e: Error) => e.message === `linearGaussianFromJSON: expected an object with kind 'linear-gaussian', got kind "mlp"`);
  const bad = JSON.parse(JSON.stringify(desc.data));
  bad.gains[5] = null;
  assert.throws(() => linearGaussianFromJSON(bad), (e: Error) => e.message === 'linearGaussianFromJSON: gains[5] is null');
});

test('the constructor rejects a covariance that is not positive definite, naming the step', () => {
  const pol = makePolicy();
  const covariances = Float64Array.from(pol.covariances);
  covariances.set([1, 2, 0, 2, 1, 0, 0, 0, 1], 2 * 9);
  assert.throws(
    () => new LinearGaussianPolicy({ ...pol, covariances }),
    (e: Error) => e.message === 'LinearGaussianPolicy: covariances[2] is not positive definite (diagonal 1,1,1)',
  );
  const asym = Float64Array.from(pol.covariances);
  asym[1] += 0.5;
  assert.throws(() => new LinearGaussianPolicy({ ...pol, covariances: asym }), /covariances\[0\] is not symmetric/);
  const nan = Float64Array.from(pol.meanActions);
  nan[4] = NaN;
  assert.throws(() => new LinearGaussianPolicy({ ...pol, meanActions: nan }), (e: Error) => e.message === 'LinearGaussianPolicy: meanActions[4] is NaN');
});

test('sampled trajectories: deterministic by seed, log-probs equal scoreTrajectory, prefix sums', () => {
  const dyn = sampleAffine(); // nx 3, nu 2
  const rng = new Rng(3);
  const T2 = 10;
  const pol = new LinearGaussianPolicy({
    T: T2,
    stateDim: 3,
    actionDim: 2,
    nominalStates: new Float64Array(T2 * 3),
    meanActions: Float64Array.from({ length: T2 * 2 }, () => rng.normal()),
    gains: Float64Array.from({ length: T2 * 6 }, () => 0.1 * rng.normal()),
    covariances: Float64Array.from({ length: T2 * 4 }, (_, i) => [0.04, 0.01, 0.01, 0.09][i % 4]),
  });
  const opts = { count: 5, x0: Float64Array.of(0.5, 0, -0.5), reward: { reward: (x: Float64Array) => -x[0] * x[0] } };
  const a = sampleTrajectories(pol, dyn, { ...opts, rng: new Rng(77) });
  const b = sampleTrajectories(pol, dyn, { ...opts, rng: new Rng(77) });
  assert.is(a.length, 5);
  for (let i = 0; i < 5; i++) {
    assert.equal(Array.from(a[i].actions), Array.from(b[i].actions));
    const scored = scoreTrajectory(pol, a[i]);
    assert.equal(Array.from(scored), Array.from(a[i].logProbs!.guide));
    const pre = prefixSums(scored);
    let s = 0;
    for (let t = 0; t < T2; t++) {
      s += scored[t];
      assert.is(pre[t], s);
      assert.is(a[i].rewards[t], -(a[i].states[t * 3] ** 2));
    }
    // States follow the system from the sampled actions.
    const next = new Float64Array(3);
    dyn.step(a[i].states.subarray(0, 3), a[i].actions.subarray(0, 2), next);
    assert.equal(Array.from(a[i].states.subarray(3, 6)), Array.from(next));
  }
  assert.not.equal(Array.from(a[0].actions), Array.from(a[1].actions));
  assert.throws(() => sampleTrajectories(pol, dyn, { ...opts, count: 0, rng: new Rng(1) }), /count must be an integer ≥ 1, got 0/);
});

test('sampled trajectories score the reward on the action clamped to the system range; actions stay raw', () => {
  const dyn = sampleAffine(); // nx 3, nu 2
  const T2 = 6;
  // Mean actions ±3 and a tiny spread: every sample lies outside the range [−1, 1] × [−0.5, 2].
  const pol = new LinearGaussianPolicy({
    T: T2,
    stateDim: 3,
    actionDim: 2,
    nominalStates: new Float64Array(T2 * 3),
    meanActions: Float64Array.from({ length: T2 * 2 }, (_, i) => (i % 2 === 0 ? 3 : -3)),
    gains: new Float64Array(T2 * 6),
    covariances: Float64Array.from({ length: T2 * 4 }, (_, i) => [1e-6, 0, 0, 1e-6][i % 4]),
  });
  const system = { stateDim: 3, actionDim: 2, step: dyn.step.bind(dyn), actionLower: Float64Array.of(-1, -0.5), actionUpper: Float64Array.of(1, 2) };
  const reward = { reward: (_x: Float64Array, u: Float64Array) => -(u[0] * u[0] + u[1] * u[1]) };
  const [clamped] = sampleTrajectories(pol, system, { count: 1, x0: new Float64Array(3), rng: new Rng(4), reward });
  const [free] = sampleTrajectories(pol, dyn, { count: 1, x0: new Float64Array(3), rng: new Rng(4), reward });
  assert.equal(Array.from(clamped.actions), Array.from(free.actions));
  for (let t = 0; t < T2; t++) {
    assert.ok(Math.abs(clamped.actions[2 * t] - 3) < 0.01 && Math.abs(clamped.actions[2 * t + 1] + 3) < 0.01);
    assert.is(clamped.rewards[t], -(1 + 0.25));
    assert.is(free.rewards[t], reward.reward(free.states, free.actions.subarray(2 * t, 2 * t + 2)));
  }
});

test.run();
