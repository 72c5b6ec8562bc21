import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import type { RewardDerivatives } from '@guided/core';
import { ilqr } from '@guided/ilqr';
import { PolicyAugmentedReward, adaptGuidingDistribution, guidingFromIlqr } from '../src/index.js';
import { LinearGaussianTestPolicy, QuadraticReward, TanhGaussianTestPolicy, randomSpd, sampleAffine, sampleQuadraticReward, trigObservation } from './problems.js';

const nx = 3;
const nu = 2;

function derivs(): RewardDerivatives {
  return { rx: new Float64Array(nx), ru: new Float64Array(nu), rxx: new Float64Array(nx * nx), ruu: new Float64Array(nu * nu), rux: new Float64Array(nu * nx) };
}

function maxErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}

/**
 * For π_θ = N(W x + b, S) and a quadratic r, r̄ = r + τ log π_θ is quadratic with
 * Q̄ = Q + τWᵀPW, R̄ = R + τP, N̄ = N − τPW, q̄ = q − τWᵀPb, ρ̄ = ρ + τPb (P = S⁻¹), up to a constant.
 */
function augmentedQuadratic(base: QuadraticReward, pol: LinearGaussianTestPolicy, tau: number): QuadraticReward {
  const P = pol.precision;
  const W = pol.W;
  const b = pol.b;
  const Q = Float64Array.from(base.Q);
  const R = Float64Array.from(base.R);
  const N = Float64Array.from(base.N);
  const q = Float64Array.from(base.q);
  const rho = Float64Array.from(base.rho);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) {
    let s = 0;
    for (let a = 0; a < nu; a++) for (let c = 0; c < nu; c++) s += W[a * nx + i] * P[a * nu + c] * W[c * nx + j];
    Q[i * nx + j] += tau * s;
  }
  for (let i = 0; i < nu * nu; i++) R[i] += tau * P[i];
  for (let a = 0; a < nu; a++) for (let j = 0; j < nx; j++) {
    let s = 0;
    for (let c = 0; c < nu; c++) s += P[a * nu + c] * W[c * nx + j];
    N[a * nx + j] -= tau * s;
  }
  for (let a = 0; a < nu; a++) {
    let s = 0;
    for (let c = 0; c < nu; c++) s += P[a * nu + c] * b[c];
    rho[a] += tau * s;
    for (let i = 0; i < nx; i++) q[i] -= tau * W[a * nx + i] * s;
  }
  return new QuadraticReward(nx, nu, Q, R, N, q, rho);
}

function linearPolicy(seed: number): LinearGaussianTestPolicy {
  const rng = new Rng(seed);
  return new LinearGaussianTestPolicy(
    nx,
    nu,
    Float64Array.from({ length: nu * nx }, () => 0.5 * rng.normal()),
    Float64Array.from({ length: nu }, () => rng.normal()),
    randomSpd(nu, rng, 0.2),
  );
}

test('r + τ log π for a linear-Gaussian policy has exactly the derivatives of the augmented quadratic', () => {
  const base = sampleQuadraticReward();
  const pol = linearPolicy(4);
  const rng = new Rng(8);
  for (const tau of [1, 0.3]) {
    const aug = new PolicyAugmentedReward(base, pol, { temperature: tau });
    const ref = augmentedQuadratic(base, pol, tau);
    for (let trial = 0; trial < 5; trial++) {
      const x = Float64Array.from({ length: nx }, () => rng.normal());
      const u = Float64Array.from({ length: nu }, () => 3 * rng.normal());
      const d = derivs();
      const e = derivs();
      aug.derivatives(x, u, d);
      ref.derivatives(x, u, e);
      for (const key of ['rx', 'ru', 'rxx', 'ruu', 'rux'] as const) {
        assert.ok(maxErr(d[key], e[key]) < 1e-10, `${key} (τ=${tau}): ${Array.from(d[key])} vs ${Array.from(e[key])}`);
      }
      // Values differ by the constant τ(log-normalizer − ½ bᵀPb): check through differences.
      const x2 = Float64Array.from(x, (v) => v + 0.1);
      const diff = aug.reward(x2, u) - aug.reward(x, u);
      const refDiff = ref.reward(x2, u) - ref.reward(x, u);
      assert.ok(Math.abs(diff - refDiff) < 1e-10 * (1 + Math.abs(refDiff)));
    }
  }
});

test('nonlinear policy mean and observation map: first derivatives and r_ux match finite differences; r_xx is Gauss–Newton', () => {
  const rng = new Rng(21);
  const base = sampleQuadraticReward();
  const pol = new TanhGaussianTestPolicy(
    4,
    nu,
    Float64Array.from({ length: nu * 4 }, () => rng.normal()),
    Float64Array.from({ length: nu }, () => 0.3 * rng.normal()),
    Float64Array.of(1.5, 0.8),
    Float64Array.of(0.3, 0.5),
  );
  const tau = 0.7;
  const aug = new PolicyAugmentedReward(base, pol, { temperature: tau, observation: trigObservation });
  const x = Float64Array.of(0.4, -0.3, 0.9);
  const u = Float64Array.of(0.2, -0.6);
  const d = derivs();
  const value = aug.derivatives(x, u, d);
  assert.ok(Math.abs(value - aug.reward(x, u)) < 1e-12);
  const h = 1e-6;
  const fd = (f: (xx: Float64Array, uu: Float64Array) => number, which: 'x' | 'u', i: number) => {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    const up = Float64Array.from(u);
    const um = Float64Array.from(u);
    if (which === 'x') {
      xp[i] += h;
      xm[i] -= h;
    } else {
      up[i] += h;
      um[i] -= h;
    }
    return (f(xp, up) - f(xm, um)) / (2 * h);
  };
  const r = (xx: Float64Array, uu: Float64Array) => aug.reward(xx, uu);
  const rx = Array.from({ length: nx }, (_, i) => fd(r, 'x', i));
  const ru = Array.from({ length: nu }, (_, i) => fd(r, 'u', i));
  assert.ok(maxErr(d.rx, rx) < 1e-8, `rx ${Array.from(d.rx)} vs ${rx}`);
  assert.ok(maxErr(d.ru, ru) < 1e-8, `ru ${Array.from(d.ru)} vs ${ru}`);
  // r_uu and r_ux: differences of the analytic r_u.
  const ruAt = (j: number) => (xx: Float64Array, uu: Float64Array) => {
    const e = derivs();
    aug.derivatives(xx, uu, e);
    return e.ru[j];
  };
  for (let j = 0; j < nu; j++) {
    for (let c = 0; c < nu; c++) assert.ok(Math.abs(d.ruu[j * nu + c] - fd(ruAt(j), 'u', c)) < 1e-7, `ruu[${j}][${c}]`);
    for (let i = 0; i < nx; i++) assert.ok(Math.abs(d.rux[j * nx + i] - fd(ruAt(j), 'x', i)) < 1e-7, `rux[${j}][${i}]`);
  }
  // r_xx = base r_xx − τ Mᵀ P M with M = ∂μ/∂o ∂o/∂x, P = diag(σ⁻²).
  const o = trigObservation.observe(x, new Float64Array(4));
  const Jm = new Float64Array(nu * 4);
  pol.meanJacobian(o, Jm);
  const Jo = new Float64Array(4 * nx);
  trigObservation.jacobian(x, Jo);
  for (let a = 0; a < nx; a++) {
    for (let b = 0; b < nx; b++) {
      let s = 0;
      for (let j = 0; j < nu; j++) {
        let Ma = 0;
        let Mb = 0;
        for (let k = 0; k < 4; k++) {
          Ma += Jm[j * 4 + k] * Jo[k * nx + a];
          Mb += Jm[j * 4 + k] * Jo[k * nx + b];
        }
        s += (Ma * Mb) / pol.sigma[j] ** 2;
      }
      const expected = -base.Q[a * nx + b] - tau * s;
      assert.ok(Math.abs(d.rxx[a * nx + b] - expected) < 1e-9, `rxx[${a}][${b}] ${d.rxx[a * nx + b]} vs ${expected}`);
    }
  }
  assert.throws(
    () => new PolicyAugmentedReward(base, pol),
    (e: Error) => e.message === 'PolicyAugmentedReward: policy.inputDim 4 differs from the observation size 3 (the state; give an observation map)',
  );
});

test('adaptation on an LQ problem equals iLQR on the explicitly augmented quadratic reward', async () => {
  const dyn = sampleAffine();
  const base = sampleQuadraticReward();
  const pol = linearPolicy(6);
  const T = 25;
  const x0 = Float64Array.of(1, -2, 0.5);
  const problem = { dynamics: dyn, reward: base, horizon: T, x0 };
  const first = await ilqr(problem);
  const adapted = await adaptGuidingDistribution(problem, first, pol, { temperature: 1 });
  const ref = await ilqr({ ...problem, reward: augmentedQuadratic(base, pol, 1) });
  assert.ok(maxErr(adapted.result.actions, ref.actions) < 1e-9, `actions ${maxErr(adapted.result.actions, ref.actions)}`);
  const refGuide = guidingFromIlqr(ref).policy;
  assert.ok(maxErr(adapted.policy.covariances, refGuide.covariances) < 1e-10);
  assert.ok(maxErr(adapted.policy.gains, refGuide.gains) < 1e-9);
  // The adapted guide is narrower: Σ̄⁻¹ = Σ_G⁻¹-like term + P_θ, so every variance shrinks here.
  const plain = guidingFromIlqr(first).policy;
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < nu; j++) {
      const i = t * nu * nu + j * nu + j;
      assert.ok(adapted.policy.covariances[i] < plain.covariances[i]);
    }
  }
  // The adapted actions move toward the policy's mean actions along the nominal.
  let distFirst = 0;
  let distAdapted = 0;
  const mean = new Float64Array(nu);
  for (let t = 0; t < T; t++) {
    pol.mean(first.states.subarray(t * nx, (t + 1) * nx), mean);
    for (let j = 0; j < nu; j++) distFirst += (first.actions[t * nu + j] - mean[j]) ** 2;
    pol.mean(adapted.result.states.subarray(t * nx, (t + 1) * nx), mean);
    for (let j = 0; j < nu; j++) distAdapted += (adapted.result.actions[t * nu + j] - mean[j]) ** 2;
  }
  assert.ok(distAdapted < distFirst, `${distAdapted} vs ${distFirst}`);
});

test.run();
