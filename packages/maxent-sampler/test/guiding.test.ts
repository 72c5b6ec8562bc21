import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, gemm, symmetricInverse } from '@guided/core';
import { ilqr } from '@guided/ilqr';
import { guidingFromIlqr, sampleTrajectories } from '../src/index.js';
import { sampleAffine, sampleQuadraticReward } from './problems.js';

/** Riccati cost-to-go Hessians P_t (no terminal reward: P_T = 0) for x' = Ax + Bu, ℓ = ½xᵀQx + ½uᵀRu + uᵀNx. */
function riccatiP(T: number, A: Float64Array, B: Float64Array, Q: Float64Array, R: Float64Array, N: Float64Array, nx: number, nu: number): Float64Array[] {
  const P: Float64Array[] = new Array(T + 1);
  P[T] = new Float64Array(nx * nx);
  for (let t = T - 1; t >= 0; t--) {
    const PA = gemm(false, false, nx, nx, nx, 1, P[t + 1], A, 0, new Float64Array(nx * nx));
    const PB = gemm(false, false, nx, nu, nx, 1, P[t + 1], B, 0, new Float64Array(nx * nu));
    const Qxx = gemm(true, false, nx, nx, nx, 1, A, PA, 1, Float64Array.from(Q));
    const Quu = gemm(true, false, nu, nu, nx, 1, B, PB, 1, Float64Array.from(R));
    const Qux = gemm(true, false, nu, nx, nx, 1, B, PA, 1, Float64Array.from(N));
    const inv = new Float64Array(nu * nu);
    symmetricInverse(nu, Quu, inv, new Float64Array(nu * nu));
    const K = gemm(false, false, nu, nx, nu, -1, inv, Qux, 0, new Float64Array(nu * nx));
    P[t] = gemm(true, false, nx, nx, nu, 1, Qux, K, 1, Qxx);
  }
  return P;
}

const dyn = sampleAffine();
const reward = sampleQuadraticReward();
const nx = 3;
const nu = 2;
const T = 30;
const x0 = Float64Array.of(1, -2, 0.5);

test('π_G on an LQ problem: Σ_t = τ (R + Bᵀ P_{t+1} B)⁻¹, mean = iLQR policy', async () => {
  const res = await ilqr({ dynamics: dyn, reward, horizon: T, x0 });
  const P = riccatiP(T, dyn.A, dyn.B, reward.Q, reward.R, reward.N, nx, nu);
  for (const temperature of [1, 0.01]) {
    const { policy, diagnostics } = guidingFromIlqr(res, { temperature });
    assert.equal(diagnostics.regularizedSteps, []);
    assert.equal(diagnostics.warnings, []);
    for (let t = 0; t < T; t++) {
      const PB = gemm(false, false, nx, nu, nx, 1, P[t + 1], dyn.B, 0, new Float64Array(nx * nu));
      const H = gemm(true, false, nu, nu, nx, 1, dyn.B, PB, 1, Float64Array.from(reward.R));
      const S = new Float64Array(nu * nu);
      symmetricInverse(nu, H, S, new Float64Array(nu * nu));
      for (let i = 0; i < nu * nu; i++) {
        const got = policy.covariances[t * nu * nu + i];
        assert.ok(Math.abs(got - temperature * S[i]) < 1e-12 * temperature * (1 + Math.abs(S[i])), `Σ_${t}[${i}] ${got} vs ${temperature * S[i]}`);
      }
    }
    // Mean at x = x̂_t is û_t + k_t; off the nominal it follows K.
    const x = Float64Array.from(res.states.subarray(5 * nx, 6 * nx));
    const m = policy.mean(5, x);
    for (let j = 0; j < nu; j++) assert.is(m[j], res.actions[5 * nu + j] + res.k[5 * nu + j]);
  }
  const noK = guidingFromIlqr(res, { feedforward: false }).policy;
  assert.equal(Array.from(noK.meanActions), Array.from(res.actions));
});

test('a −Q_uu that is not positive definite is regularized, and the diagnostics say where', () => {
  const Quu = new Float64Array(3 * 4);
  Quu.set([-1, 0, 0, -2], 0);
  Quu.set([-1, 0, 0, 0.5], 4); // +0.5 eigenvalue: not a maximum
  Quu.set([-1, -3, -3, -1], 8); // eigenvalues −4, +2
  const sol = {
    T: 3,
    stateDim: 1,
    actionDim: 2,
    states: new Float64Array(4),
    actions: new Float64Array(6),
    k: new Float64Array(6),
    K: new Float64Array(6),
    Quu,
    mu: 0,
  };
  const { policy, diagnostics } = guidingFromIlqr(sol);
  assert.equal(
    diagnostics.regularizedSteps.map((s) => s.t),
    [1, 2],
  );
  // The added multiple of I is the first power of ten (from 1e-8 · max|diag|) that makes −Q_uu + λI PD.
  assert.ok(diagnostics.regularizedSteps[0].added > 0.5 && diagnostics.regularizedSteps[0].added <= 5);
  assert.ok(diagnostics.regularizedSteps[1].added > 2 && diagnostics.regularizedSteps[1].added <= 20);
  assert.match(diagnostics.warnings[0], /not positive definite at 2 of 3 steps \(first 1\)/);
  // Step 0 untouched: Σ = diag(1, 0.5).
  const S0 = policy.covariances.subarray(0, 4);
  [1, 0, 0, 0.5].forEach((v, i) => assert.ok(Math.abs(S0[i] - v) < 1e-15, `Σ_0[${i}] = ${S0[i]}`));
  assert.throws(
    () => guidingFromIlqr({ ...sol, Quu: Float64Array.from(Quu).fill(NaN, 2, 3) }),
    (e: Error) => e.message === 'guidingFromIlqr: Quu[0] has entry 2 = NaN',
  );
  assert.throws(() => guidingFromIlqr(sol, { temperature: 0 }), (e: Error) => e.message === 'guidingFromIlqr: temperature must be a finite number > 0, got 0');
});

test('guiding samples on the LQ system: state mean and covariance propagate as (A + BK) Σ (A + BK)ᵀ + B Σ_u Bᵀ', async () => {
  const res = await ilqr({ dynamics: dyn, reward, horizon: T, x0 });
  const { policy } = guidingFromIlqr(res, { temperature: 0.05 });
  const N = 4000;
  const samples = sampleTrajectories(policy, dyn, { count: N, x0, rng: new Rng(12), horizon: 10 });
  // Propagate the exact state covariance for 10 steps (the mean stays on x̂ since k ≈ 0).
  let Sx: Float64Array = new Float64Array(nx * nx);
  for (let t = 0; t < 10; t++) {
    const F = Float64Array.from(dyn.A);
    gemm(false, false, nx, nx, nu, 1, dyn.B, res.K.subarray(t * nu * nx, (t + 1) * nu * nx), 1, F);
    const FS = gemm(false, false, nx, nx, nx, 1, F, Sx, 0, new Float64Array(nx * nx));
    const next = gemm(false, true, nx, nx, nx, 1, FS, F, 0, new Float64Array(nx * nx));
    const BS = gemm(false, false, nx, nu, nu, 1, dyn.B, policy.covariances.subarray(t * nu * nu, (t + 1) * nu * nu), 0, new Float64Array(nx * nu));
    gemm(false, true, nx, nx, nu, 1, BS, dyn.B, 1, next);
    Sx = next;
  }
  for (let i = 0; i < nx; i++) {
    let sum = 0;
    let sq = 0;
    const xh = res.states[10 * nx + i];
    for (const s of samples) {
      const d = s.states[10 * nx + i] - xh;
      sum += d;
      sq += d * d;
    }
    const se = Math.sqrt(Sx[i * nx + i] / N);
    assert.ok(Math.abs(sum / N) < 4.5 * se, `mean of x_10[${i}] off by ${sum / N} (se ${se})`);
    const seVar = Math.sqrt(2 / N) * Sx[i * nx + i];
    assert.ok(Math.abs(sq / N - Sx[i * nx + i]) < 4.5 * seVar, `var of x_10[${i}] ${sq / N} vs ${Sx[i * nx + i]}`);
  }
});

test.run();
