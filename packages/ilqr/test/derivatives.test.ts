import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RewardDerivatives } from '@guided/core';
import { ilqr, StageObjective } from '../src/index.js';
import type { IlqrOptions } from '../src/index.js';
import { Pendulum, QuarticReward, SwingUpReward, maxRelErr, sampleAffine } from './problems.js';

const tight: IlqrOptions = { maxIterations: 200, relTol: 0, gradTol: 1e-10 };

/**
 * With linear dynamics iLQR is exact DDP, so at a converged nominal V_x,t and V_xx,t are the
 * gradient and Hessian of the optimal cost-to-go from x̂_t, and K_t is ∂u*_t/∂x_t. Finite
 * differences re-solve the problem from perturbed starts.
 */
test('value function and gains match finite differences of the re-solved optimum (linear dynamics, quartic reward)', async () => {
  const dyn = sampleAffine();
  const reward = new QuarticReward();
  const nx = 3;
  const nu = 2;
  const T = 25;
  const x0 = Float64Array.from([0.8, -0.6, 1.2]);
  const base = await ilqr({ dynamics: dyn, reward, horizon: T, x0 }, undefined, tight);
  assert.is(base.stopReason, 'small-gradient');
  for (const t of [0, 12]) {
    const H = T - t;
    const xt = base.states.slice(t * nx, (t + 1) * nx);
    const warm = base.actions.slice(t * nu);
    const h = 1e-4;
    const gradFd = new Float64Array(nx);
    const hessFd = new Float64Array(nx * nx);
    const gainFd = new Float64Array(nu * nx);
    for (let i = 0; i < nx; i++) {
      const plus = Float64Array.from(xt);
      plus[i] += h;
      const minus = Float64Array.from(xt);
      minus[i] -= h;
      const rp = await ilqr({ dynamics: dyn, reward, horizon: H, x0: plus }, { actions: warm }, tight);
      const rm = await ilqr({ dynamics: dyn, reward, horizon: H, x0: minus }, { actions: warm }, tight);
      gradFd[i] = (rp.objective - rm.objective) / (2 * h);
      for (let j = 0; j < nx; j++) hessFd[j * nx + i] = (rp.Vx[j] - rm.Vx[j]) / (2 * h);
      // û_0 + k_0: the optimum's first action with the last Newton correction (second-order accurate).
      for (let j = 0; j < nu; j++) gainFd[j * nx + i] = (rp.actions[j] + rp.k[j] - rm.actions[j] - rm.k[j]) / (2 * h);
    }
    const Vx = base.Vx.subarray(t * nx, (t + 1) * nx);
    const Vxx = base.Vxx.subarray(t * nx * nx, (t + 1) * nx * nx);
    const K = base.K.subarray(t * nu * nx, (t + 1) * nu * nx);
    assert.ok(maxRelErr(Vx, gradFd) < 1e-7, `V_x at t=${t}: ${Array.from(Vx)} vs ${Array.from(gradFd)}`);
    assert.ok(maxRelErr(Vxx, hessFd) < 1e-7, `V_xx at t=${t}: ${maxRelErr(Vxx, hessFd)}`);
    assert.ok(maxRelErr(K, gainFd) < 1e-7, `K at t=${t}: ${Array.from(K)} vs ${Array.from(gainFd)}`);
  }
});

/**
 * With nonlinear dynamics, V_x at a converged nominal is the gradient of the closed-loop return
 * J(x_0) = Σ r(x_t, û_t + K_t (x_t − x̂_t)) (chain rule through A + BK; k = 0 there), which
 * equals the gradient of the optimal return (envelope theorem).
 */
test('pendulum: V_x at the optimum matches the finite-difference gradient of the closed-loop return', async () => {
  const dyn = new Pendulum();
  const reward = new SwingUpReward();
  const T = 60;
  const x0 = Float64Array.from([0.3, 0]);
  const res = await ilqr({ dynamics: dyn, reward, horizon: T, x0 }, undefined, tight);
  assert.ok(res.history.at(-1)!.gradNorm < 1e-8, `not converged: ${res.stopReason}`);
  const closedLoop = (start: Float64Array): number => {
    let x = Float64Array.from(start);
    const next = new Float64Array(2);
    const u = new Float64Array(1);
    let sum = 0;
    for (let t = 0; t < T; t++) {
      u[0] = res.actions[t] + res.K[t * 2] * (x[0] - res.states[t * 2]) + res.K[t * 2 + 1] * (x[1] - res.states[t * 2 + 1]);
      sum += reward.reward(x, u);
      dyn.step(x, u, next);
      x = Float64Array.from(next);
    }
    return sum;
  };
  const h = 1e-5;
  const fd = [0, 1].map((i) => {
    const p = Float64Array.from(x0);
    const m = Float64Array.from(x0);
    p[i] += h;
    m[i] -= h;
    return (closedLoop(p) - closedLoop(m)) / (2 * h);
  });
  assert.ok(Math.abs(closedLoop(x0) - res.objective) < 1e-12 * Math.abs(res.objective) + 1e-12);
  assert.ok(maxRelErr(res.Vx.subarray(0, 2), fd) < 1e-7, `${Array.from(res.Vx.subarray(0, 2))} vs ${fd}`);
  // Q_u ≈ 0 at a stationary point.
  let maxQu = 0;
  for (const v of res.Qu) maxQu = Math.max(maxQu, Math.abs(v));
  assert.ok(maxQu < 1e-7, `max |Q_u| = ${maxQu}`);
});

test('stage objective with tracking: expansions match finite differences', () => {
  const T = 4;
  const nx = 3;
  const nu = 2;
  const reward = new QuarticReward();
  const states = Float64Array.from({ length: (T + 1) * nx }, (_, i) => Math.sin(i + 1));
  const actions = Float64Array.from({ length: T * nu }, (_, i) => Math.cos(2 * i));
  const tracking = {
    weight: 0.05,
    states: Float64Array.from({ length: (T + 1) * nx }, (_, i) => 0.5 * Math.cos(i)),
    actions: Float64Array.from({ length: T * nu }, (_, i) => 0.1 * i),
    stateWeights: Float64Array.from([1, 2, 0.5]),
    actionWeights: Float64Array.from([3, 1]),
  };
  const obj = new StageObjective(reward, T, nx, nu, undefined, tracking);
  const rows = (a: Float64Array, n: number, m: number) => Array.from({ length: m }, (_, t) => a.subarray(t * n, (t + 1) * n));
  const total = (xs: Float64Array, us: Float64Array) => obj.evaluate(new Float64Array(T), rows(xs, nx, T + 1), rows(us, nu, T)).objective;
  const exp = {
    rx: new Float64Array((T + 1) * nx),
    rxx: new Float64Array((T + 1) * nx * nx),
    ru: new Float64Array(T * nu),
    ruu: new Float64Array(T * nu * nu),
    rux: new Float64Array(T * nu * nx),
  };
  const derivs: RewardDerivatives[] = Array.from({ length: T }, (_, t) => ({
    rx: exp.rx.subarray(t * nx, (t + 1) * nx),
    ru: exp.ru.subarray(t * nu, (t + 1) * nu),
    rxx: exp.rxx.subarray(t * nx * nx, (t + 1) * nx * nx),
    ruu: exp.ruu.subarray(t * nu * nu, (t + 1) * nu * nu),
    rux: exp.rux.subarray(t * nu * nx, (t + 1) * nu * nx),
  }));
  obj.expand(rows(states, nx, T + 1), rows(actions, nu, T), derivs, exp, exp.rx.subarray(T * nx), exp.rxx.subarray(T * nx * nx));
  // Gradients: central differences of the total objective in each state / action entry.
  const h = 1e-6;
  const fdGrad = (arr: Float64Array, i: number) => {
    const save = arr[i];
    arr[i] = save + h;
    const p = total(states, actions);
    arr[i] = save - h;
    const m = total(states, actions);
    arr[i] = save;
    return (p - m) / (2 * h);
  };
  const gx = Array.from(states, (_, i) => fdGrad(states, i));
  const gu = Array.from(actions, (_, i) => fdGrad(actions, i));
  assert.ok(maxRelErr(exp.rx, gx) < 1e-8, 'rx');
  assert.ok(maxRelErr(exp.ru, gu) < 1e-8, 'ru');
  // Hessian blocks: differences of the analytic gradients.
  const h2 = 1e-5;
  for (let t = 0; t < T; t++) {
    const x = states.slice(t * nx, (t + 1) * nx);
    const u = actions.slice(t * nu, (t + 1) * nu);
    const grad = (xx: Float64Array, uu: Float64Array) => {
      const d = { rx: new Float64Array(nx), ru: new Float64Array(nu), rxx: new Float64Array(nx * nx), ruu: new Float64Array(nu * nu), rux: new Float64Array(nu * nx) };
      reward.derivatives(xx, uu, d);
      for (let i = 0; i < nx; i++) d.rx[i] -= 2 * tracking.weight * tracking.stateWeights[i] * (xx[i] - tracking.states[t * nx + i]);
      for (let j = 0; j < nu; j++) d.ru[j] -= 2 * tracking.weight * tracking.actionWeights[j] * (uu[j] - tracking.actions[t * nu + j]);
      return d;
    };
    const fdRxx = new Float64Array(nx * nx);
    const fdRux = new Float64Array(nu * nx);
    for (let i = 0; i < nx; i++) {
      const p = Float64Array.from(x);
      const m = Float64Array.from(x);
      p[i] += h2;
      m[i] -= h2;
      const gp = grad(p, u);
      const gm = grad(m, u);
      for (let r = 0; r < nx; r++) fdRxx[r * nx + i] = (gp.rx[r] - gm.rx[r]) / (2 * h2);
      for (let j = 0; j < nu; j++) fdRux[j * nx + i] = (gp.ru[j] - gm.ru[j]) / (2 * h2);
    }
    const fdRuu = new Float64Array(nu * nu);
    for (let c = 0; c < nu; c++) {
      const p = Float64Array.from(u);
      const m = Float64Array.from(u);
      p[c] += h2;
      m[c] -= h2;
      const gp = grad(x, p);
      const gm = grad(x, m);
      for (let j = 0; j < nu; j++) fdRuu[j * nu + c] = (gp.ru[j] - gm.ru[j]) / (2 * h2);
    }
    assert.ok(maxRelErr(exp.rxx.subarray(t * nx * nx, (t + 1) * nx * nx), fdRxx) < 1e-8, `rxx ${t}`);
    assert.ok(maxRelErr(exp.rux.subarray(t * nu * nx, (t + 1) * nu * nx), fdRux) < 1e-8, `rux ${t}`);
    assert.ok(maxRelErr(exp.ruu.subarray(t * nu * nu, (t + 1) * nu * nu), fdRuu) < 1e-8, `ruu ${t}`);
  }
  // Final state: only tracking (no terminal reward) — −2w diag(sx).
  for (let i = 0; i < nx; i++) assert.ok(Math.abs(exp.rxx[T * nx * nx + i * nx + i] + 2 * 0.05 * tracking.stateWeights[i]) < 1e-15);
});

test.run();
