import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gemm, symmetricInverse } from '@guided/core';
import { ilqr } from '../src/index.js';
import { ChunkedLinearizer, QuadraticReward, QuadraticTerminal, sampleAffine } from './problems.js';

/**
 * Finite-horizon discrete Riccati recursion for the cost ℓ = ½xᵀQx + ½uᵀRu + uᵀNx − qᵀx − ρᵀu,
 * ℓ_T = ½xᵀQf x − qfᵀx, dynamics x' = Ax + Bu + c, written independently of the solver:
 * cost-to-go V_t(x) = ½ xᵀ P_t x + p_tᵀ x + const, optimal u_t = K_t x_t + k_t.
 */
function riccati(T: number, nx: number, nu: number, dyn: ReturnType<typeof sampleAffine>, rw: QuadraticReward, term: QuadraticTerminal, x0: Float64Array) {
  const { A, B, c } = dyn;
  const P: Float64Array[] = new Array(T + 1);
  const p: Float64Array[] = new Array(T + 1);
  const Ks: Float64Array[] = new Array(T);
  const ks: Float64Array[] = new Array(T);
  P[T] = Float64Array.from(term.Qf);
  p[T] = term.qf.map((v) => -v);
  for (let t = T - 1; t >= 0; t--) {
    const PA = gemm(false, false, nx, nx, nx, 1, P[t + 1], A, 0, new Float64Array(nx * nx));
    const PB = gemm(false, false, nx, nu, nx, 1, P[t + 1], B, 0, new Float64Array(nx * nu));
    // Qxx = Q + Aᵀ P A
    const Qxx = Float64Array.from(rw.Q);
    gemm(true, false, nx, nx, nx, 1, A, PA, 1, Qxx);
    const Quu = Float64Array.from(rw.R);
    gemm(true, false, nu, nu, nx, 1, B, PB, 1, Quu);
    const Qux = Float64Array.from(rw.N);
    gemm(true, false, nu, nx, nx, 1, B, PA, 1, Qux);
    // s = P c + p'
    const s = Float64Array.from(p[t + 1]);
    gemm(false, false, nx, 1, nx, 1, P[t + 1], c, 1, s);
    const Qx = rw.q.map((v) => -v);
    gemm(true, false, nx, 1, nx, 1, A, s, 1, Qx);
    const Qu = rw.rho.map((v) => -v);
    gemm(true, false, nu, 1, nx, 1, B, s, 1, Qu);
    const QuuInv = new Float64Array(nu * nu);
    assert.ok(symmetricInverse(nu, Quu, QuuInv, new Float64Array(nu * nu)));
    const K = gemm(false, false, nu, nx, nu, -1, QuuInv, Qux, 0, new Float64Array(nu * nx));
    const k = gemm(false, false, nu, 1, nu, -1, QuuInv, Qu, 0, new Float64Array(nu));
    Ks[t] = K;
    ks[t] = k;
    // P = Qxx + Quxᵀ K, p = Qx + Quxᵀ k
    P[t] = Float64Array.from(Qxx);
    gemm(true, false, nx, nx, nu, 1, Qux, K, 1, P[t]);
    for (let i = 0; i < nx; i++) for (let j = 0; j < i; j++) P[t][i * nx + j] = P[t][j * nx + i] = 0.5 * (P[t][i * nx + j] + P[t][j * nx + i]);
    p[t] = Float64Array.from(Qx);
    gemm(true, false, nx, 1, nu, 1, Qux, k, 1, p[t]);
  }
  const xs = new Float64Array((T + 1) * nx);
  const us = new Float64Array(T * nu);
  xs.set(x0);
  for (let t = 0; t < T; t++) {
    const x = xs.subarray(t * nx, (t + 1) * nx);
    const u = Float64Array.from(ks[t]);
    gemm(false, false, nu, 1, nx, 1, Ks[t], x, 1, u);
    us.set(u, t * nu);
    dyn.step(x, u, xs.subarray((t + 1) * nx, (t + 2) * nx));
  }
  return { P, p, Ks, ks, xs, us };
}

function lqProblem() {
  const nx = 3;
  const nu = 2;
  const dyn = sampleAffine();
  const Q = Float64Array.from([1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 0.5]);
  const R = Float64Array.from([0.3, 0.05, 0.05, 0.2]);
  const N = Float64Array.from([0.02, 0, 0.01, 0, 0.03, -0.01]);
  const q = Float64Array.from([0.5, -0.2, 0.1]);
  const rho = Float64Array.from([0.1, -0.05]);
  const reward = new QuadraticReward(nx, nu, Q, R, N, q, rho);
  const terminal = new QuadraticTerminal(nx, Float64Array.from([5, 0, 0, 0, 5, 0, 0, 0, 5]), Float64Array.from([1, 0, -1]));
  const x0 = Float64Array.from([1, -2, 0.5]);
  return { nx, nu, dyn, reward, terminal, x0 };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('linear system, quadratic reward: one iteration reaches the Riccati solution (1e-9)', async () => {
  const { nx, nu, dyn, reward, terminal, x0 } = lqProblem();
  const T = 60;
  const ref = riccati(T, nx, nu, dyn, reward, terminal, x0);
  const res = await ilqr({ dynamics: dyn, reward, terminalReward: terminal, horizon: T, x0 }, undefined, { maxIterations: 5 });
  assert.is(res.history[0].accepted, true);
  assert.is(res.history[0].alpha, 1);
  assert.is(res.iterations, 1, `stopped after ${res.iterations} iterations (${res.stopReason})`);
  assert.is(res.stopReason, 'small-gradient');
  // The first step's actual improvement equals the predicted one (exact quadratic model).
  assert.ok(Math.abs(res.history[0].ratio - 1) < 1e-9, `ratio ${res.history[0].ratio}`);
  assert.ok(maxAbsDiff(res.actions, ref.us) < 1e-9, `actions differ by ${maxAbsDiff(res.actions, ref.us)}`);
  assert.ok(maxAbsDiff(res.states, ref.xs) < 1e-9, `states differ by ${maxAbsDiff(res.states, ref.xs)}`);
  for (let t = 0; t < T; t++) {
    const K = res.K.subarray(t * nu * nx, (t + 1) * nu * nx);
    assert.ok(maxAbsDiff(K, ref.Ks[t]) < 1e-9, `K_${t} differs by ${maxAbsDiff(K, ref.Ks[t])}`);
    const k = res.k.subarray(t * nu, (t + 1) * nu);
    assert.ok(maxAbsDiff(k, [0, 0]) < 1e-9, `k_${t} = ${Array.from(k)}`);
  }
  for (let t = 0; t <= T; t++) {
    // V_xx = −P and V_x = −(P x̂ + p) at the optimum.
    const Vxx = res.Vxx.subarray(t * nx * nx, (t + 1) * nx * nx);
    assert.ok(maxAbsDiff(Vxx, ref.P[t].map((v) => -v)) < 1e-9, `V_xx at ${t}`);
    const x = ref.xs.subarray(t * nx, (t + 1) * nx);
    const Vx = ref.p[t].map((v) => -v);
    gemm(false, false, nx, 1, nx, -1, ref.P[t], x, 1, Vx);
    assert.ok(maxAbsDiff(res.Vx.subarray(t * nx, (t + 1) * nx), Vx) < 1e-9, `V_x at ${t}`);
  }
  // Q_uu = −(R + Bᵀ P B): negative definite, symmetric.
  for (let t = 0; t < T; t++) {
    const Quu = res.Quu.subarray(t * 4, t * 4 + 4);
    assert.is(Quu[1], Quu[2]);
    assert.ok(Quu[0] < 0 && Quu[0] * Quu[3] - Quu[1] * Quu[2] > 0);
  }
});

test('the same answer with control regularization and through an async batch linearizer, bit for bit', async () => {
  const { dyn, reward, terminal, x0 } = lqProblem();
  const T = 40;
  const base = await ilqr({ dynamics: dyn, reward, terminalReward: terminal, horizon: T, x0 });
  const lin = new ChunkedLinearizer(dyn, 7);
  const batched = await ilqr({ dynamics: dyn, reward, terminalReward: terminal, horizon: T, x0, linearizer: lin });
  assert.ok(lin.calls >= 1);
  assert.equal(Array.from(batched.actions), Array.from(base.actions));
  assert.equal(Array.from(batched.K), Array.from(base.K));
  const ctrl = await ilqr({ dynamics: dyn, reward, terminalReward: terminal, horizon: T, x0 }, undefined, { regularization: 'control' });
  assert.ok(maxAbsDiff(ctrl.actions, base.actions) < 1e-12);
});

test('from an example trajectory: maxIterations 0 keeps the example with its gains; two steps reach the optimum', async () => {
  const { nx, nu, dyn, reward, terminal, x0 } = lqProblem();
  const T = 30;
  const ref = riccati(T, nx, nu, dyn, reward, terminal, x0);
  // An infeasible example: the optimum with its states and actions shifted.
  const exStates = ref.xs.map((v, i) => v + 0.1 * Math.sin(i));
  const exActions = ref.us.map((v, i) => v - 0.2 * Math.cos(i));
  const problem = { dynamics: dyn, reward, terminalReward: terminal, horizon: T, x0 };
  const zero = await ilqr(problem, { example: { states: exStates, actions: exActions } }, { maxIterations: 0 });
  assert.is(zero.feasible, false);
  assert.is(zero.iterations, 0);
  assert.equal(Array.from(zero.states), Array.from(exStates));
  // Gains do not depend on the nominal for an LQ problem.
  assert.ok(maxAbsDiff(zero.K.subarray(0, nu * nx), ref.Ks[0]) < 1e-9);
  // The first forward pass makes the trajectory feasible (the backward pass ignores the example's
  // dynamics defects); the second, from a feasible nominal, is the exact LQ step.
  const one = await ilqr(problem, { example: { states: exStates, actions: exActions } }, { maxIterations: 1 });
  assert.is(one.feasible, true);
  assert.ok(maxAbsDiff(one.actions, ref.us) > 1e-6);
  const two = await ilqr(problem, { example: { states: exStates, actions: exActions } }, { maxIterations: 2 });
  assert.ok(maxAbsDiff(two.actions, ref.us) < 1e-9, `actions differ by ${maxAbsDiff(two.actions, ref.us)}`);
  assert.is(two.history[1].alpha, 1);
});

test.run();
