import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Dynamics, Reward, RewardDerivatives } from '@guided/core';
import { ilqr, recedingHorizonIlqr, RegularizationSchedule } from '../src/index.js';
import type { TerminalReward } from '../src/index.js';
import { AffineDynamics, Pendulum, QuadraticReward, SwingUpReward, sampleAffine } from './problems.js';

/** x' = x + 0.1 u on one state and one action. */
const integrator = (): AffineDynamics => new AffineDynamics(Float64Array.of(1), Float64Array.of(0.1), Float64Array.of(0), 1, 1);

test('regularization schedule follows Tassa 2012 exactly', () => {
  const s = new RegularizationSchedule(0, 1e-6, 1e10, 2);
  const seen: number[] = [];
  s.increase(); // Δ = 2, μ = max(1e-6, 0) = 1e-6
  seen.push(s.mu);
  s.increase(); // Δ = 4, μ = 4e-6
  seen.push(s.mu);
  s.increase(); // Δ = 8, μ = 3.2e-5
  seen.push(s.mu);
  s.decrease(); // Δ = min(1/2, 8/2) = 0.5, μ = 1.6e-5
  seen.push(s.mu);
  s.decrease(); // Δ = 0.25, μ = 4e-6
  seen.push(s.mu);
  s.decrease(); // Δ = 0.125, μ = 5e-7, not > μ_min → 0
  seen.push(s.mu);
  const expected = [1e-6, 4e-6, 3.2e-5, 1.6e-5, 4e-6, 0];
  seen.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-20, `step ${i}: ${v} vs ${expected[i]}`));
  const big = new RegularizationSchedule(1e9, 1e-6, 1e10, 2);
  assert.is(big.increase(), true); // Δ = 2, μ = 2e9
  assert.is(big.increase(), true); // Δ = 4, μ = 8e9
  assert.is(big.increase(), false); // Δ = 8, μ = 6.4e10 > 1e10
});

/** r = −(u² − 1)² − 0.1 (x − 1)²: r_uu = +4 at u = 0, so Q_uu starts positive definite (a minimum in u). */
class DoubleWellReward implements Reward {
  readonly stateDim = 1;
  readonly actionDim = 1;
  reward(x: Float64Array, u: Float64Array): number {
    return -((u[0] * u[0] - 1) ** 2) - 0.1 * (x[0] - 1) ** 2;
  }
  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    out.rx[0] = -0.2 * (x[0] - 1);
    out.rxx[0] = -0.2;
    out.ru[0] = -4 * u[0] * (u[0] * u[0] - 1);
    out.ruu[0] = -(12 * u[0] * u[0] - 4);
    out.rux[0] = 0;
    return this.reward(x, u);
  }
}

for (const regularization of ['state', 'control'] as const) {
  test(`a Q_uu that is not negative definite raises μ (${regularization}); success lowers it to 0`, async () => {
    const T = 20;
    const init = new Float64Array(T).fill(0.05);
    const res = await ilqr({ dynamics: integrator(), reward: new DoubleWellReward(), horizon: T, x0: Float64Array.of(0) }, { actions: init }, {
      regularization,
      relTol: 0,
      gradTol: 1e-10,
    });
    assert.ok(res.history[0].choleskyFailures > 0, 'the first backward pass must fail at μ = 0');
    assert.ok(res.history[0].mu > 0);
    // After accepted steps μ falls monotonically to 0.
    const mus = res.history.filter((h) => h.accepted).map((h) => h.mu);
    for (let i = 1; i < mus.length; i++) assert.ok(mus[i] <= mus[i - 1], `μ rose after a success: ${mus}`);
    assert.is(res.mu, 0);
    // A local maximum: each action at one of the wells (u ≈ ±1 shifted slightly by the state term), Q_uu < 0.
    for (let t = 0; t < T; t++) {
      assert.ok(Math.abs(Math.abs(res.actions[t]) - 1) < 0.1, `u_${t} = ${res.actions[t]}`);
      assert.ok(res.Quu[t] < 0);
      assert.ok(Math.abs(res.Qu[t]) < 1e-8, `Q_u at ${t} = ${res.Qu[t]}`);
    }
  });
}

/** One step, r_T(x) = −√(1 + (x − 5)²): the Newton step from x = 0 overshoots to ≈ 130. */
class PseudoHuberTerminal implements TerminalReward {
  readonly stateDim = 1;
  reward(x: Float64Array): number {
    return -Math.sqrt(1 + (x[0] - 5) ** 2);
  }
  derivatives(x: Float64Array, rx: Float64Array, rxx: Float64Array): number {
    const d = x[0] - 5;
    const s = Math.sqrt(1 + d * d);
    rx[0] = -d / s;
    rxx[0] = -1 / (s * s * s);
    return -s;
  }
}

test('the line search takes a partial step when the full step overshoots, and the objective never falls', async () => {
  const dyn = new AffineDynamics(Float64Array.of(1), Float64Array.of(1), Float64Array.of(0), 1, 1);
  const reward = new QuadraticReward(1, 1, Float64Array.of(0), Float64Array.of(2e-3), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  const res = await ilqr({ dynamics: dyn, reward, terminalReward: new PseudoHuberTerminal(), horizon: 1, x0: Float64Array.of(0) }, undefined, {
    relTol: 0,
    gradTol: 1e-12,
  });
  assert.ok(res.history[0].accepted);
  assert.ok(res.history[0].alpha < 1, `alpha ${res.history[0].alpha}`);
  let prev = res.initialObjective;
  for (const h of res.history) {
    assert.ok(h.objective >= prev, `objective fell at iteration ${h.iteration}`);
    if (h.accepted) assert.ok(h.ratio > 0);
    prev = h.objective;
  }
  // Stationarity of −√(1 + (u − 5)²) − 1e-3 u²: (u − 5)/√(1 + (u − 5)²) + 2e-3 u = 0, at û + k
  // (the objective stops resolving improvements before the gradient reaches rounding level).
  const u = res.actions[0] + res.k[0];
  assert.ok(Math.abs((u - 5) / Math.sqrt(1 + (u - 5) ** 2) + 2e-3 * u) < 1e-14, `u = ${u}`);
  assert.is(res.stopReason, 'converged');
});

/** Reference for the box-limited LQ problem: the concave QP in U solved by projected Gauss–Seidel. */
function boxLqReference(dyn: AffineDynamics, reward: QuadraticReward, T: number, x0: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  const nx = dyn.stateDim;
  const nu = dyn.actionDim;
  const n = T * nu;
  // Gradient of J(U) by the adjoint recursion.
  const grad = (U: Float64Array): Float64Array => {
    const xs = new Float64Array((T + 1) * nx);
    xs.set(x0);
    for (let t = 0; t < T; t++) dyn.step(xs.subarray(t * nx, (t + 1) * nx), U.subarray(t * nu, (t + 1) * nu), xs.subarray((t + 1) * nx, (t + 2) * nx));
    const g = new Float64Array(n);
    let lam = new Float64Array(nx);
    const d = { rx: new Float64Array(nx), ru: new Float64Array(nu), rxx: new Float64Array(nx * nx), ruu: new Float64Array(nu * nu), rux: new Float64Array(nu * nx) };
    for (let t = T - 1; t >= 0; t--) {
      reward.derivatives(xs.subarray(t * nx, (t + 1) * nx), U.subarray(t * nu, (t + 1) * nu), d);
      for (let j = 0; j < nu; j++) {
        let s = d.ru[j];
        for (let i = 0; i < nx; i++) s += dyn.B[i * nu + j] * lam[i];
        g[t * nu + j] = s;
      }
      const next = new Float64Array(nx);
      for (let c = 0; c < nx; c++) {
        let s = d.rx[c];
        for (let i = 0; i < nx; i++) s += dyn.A[i * nx + c] * lam[i];
        next[c] = s;
      }
      lam = next;
    }
    return g;
  };
  // J is quadratic: its Hessian columns are exact gradient differences.
  const U = new Float64Array(n);
  const g0 = grad(U);
  const Hneg = new Float64Array(n * n); // −∂²J/∂U²
  for (let c = 0; c < n; c++) {
    const e = new Float64Array(n);
    e[c] = 1;
    const gc = grad(e);
    for (let r = 0; r < n; r++) Hneg[r * n + c] = -(gc[r] - g0[r]);
  }
  // Maximize g0ᵀU − ½ Uᵀ Hneg U over the box: coordinate-wise exact maximization with clamping.
  for (let sweep = 0; sweep < 20000; sweep++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      let s = g0[i];
      for (let j = 0; j < n; j++) if (j !== i) s -= Hneg[i * n + j] * U[j];
      const j = i % nu;
      const v = Math.min(hi[j], Math.max(lo[j], s / Hneg[i * n + i]));
      change = Math.max(change, Math.abs(v - U[i]));
      U[i] = v;
    }
    if (change < 1e-15) break;
  }
  return U;
}

test('control limits: the box-QP backward pass reaches the constrained optimum; clamped controls get no feedback', async () => {
  const dyn = sampleAffine();
  const lo = Float64Array.of(-0.3, -0.5);
  const hi = Float64Array.of(0.3, 0.2);
  dyn.actionLower = lo;
  dyn.actionUpper = hi;
  const nx = 3;
  const nu = 2;
  const reward = new QuadraticReward(
    nx,
    nu,
    Float64Array.from([1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 0.5]),
    Float64Array.from([0.3, 0.05, 0.05, 0.2]),
    new Float64Array(nu * nx),
    Float64Array.from([0.5, -0.2, 0.1]),
    Float64Array.from([0.1, -0.05]),
  );
  const T = 20;
  const x0 = Float64Array.from([0.6, -0.8, 0.4]);
  const ref = boxLqReference(dyn, reward, T, x0, lo, hi);
  const res = await ilqr({ dynamics: dyn, reward, horizon: T, x0 }, undefined, { relTol: 0, gradTol: 1e-12 });
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(res.actions[i] - ref[i]));
  assert.ok(maxDiff < 1e-8, `actions differ from the QP optimum by ${maxDiff}`);
  let clampedCount = 0;
  let freeCount = 0;
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < nu; j++) {
      const u = res.actions[t * nu + j];
      assert.ok(u >= lo[j] && u <= hi[j], `u[${t}][${j}] = ${u} outside the limits`);
      const row = res.K.subarray(t * nu * nx + j * nx, t * nu * nx + (j + 1) * nx);
      if (res.clamped[t * nu + j]) {
        clampedCount++;
        assert.ok(Math.min(Math.abs(u - lo[j]), Math.abs(u - hi[j])) < 1e-12, `clamped u[${t}][${j}] = ${u} is not on a bound`);
        assert.equal(Array.from(row), [0, 0, 0]);
      } else if (t < T - 1) {
        // (the last action only moves x_T, which has no reward here, so its gain is 0 anyway)
        freeCount++;
        assert.ok(row.some((v) => v !== 0), `free u[${t}][${j}] = ${u} has no feedback`);
      }
    }
  }
  assert.ok(clampedCount > 5 && freeCount > 5, `clamped ${clampedCount}, free ${freeCount}: the test needs both`);
});

test('pendulum swing-up with a torque limit: receding horizon, then a polish', async () => {
  const dyn = new Pendulum();
  dyn.actionLower = Float64Array.of(-2);
  dyn.actionUpper = Float64Array.of(2);
  const reward = new SwingUpReward(1, 0.01, 0.01);
  const T = 150;
  const problem = { dynamics: dyn, reward, horizon: T, x0: Float64Array.of(0.2, 0) };
  const rh = await recedingHorizonIlqr(problem, undefined, {
    window: 40,
    shift: 10,
    windowOptions: { maxIterations: 20 },
    polishOptions: { maxIterations: 50 },
  });
  assert.equal(
    rh.windows.map((w) => w.start),
    Array.from({ length: 12 }, (_, i) => 10 * i),
  );
  assert.equal(rh.windows.at(-1)!.start + rh.windows.at(-1)!.horizon, T);
  assert.ok(rh.objective >= rh.stitchedObjective);
  assert.ok(Math.cos(rh.states[2 * T]) < -0.999, `final angle ${rh.states[2 * T]}`);
  // The torque limit forces pumping: many clamped steps, no control outside ±2.
  let clamped = 0;
  for (let t = 0; t < T; t++) {
    clamped += rh.clamped[t];
    assert.ok(Math.abs(rh.actions[t]) <= 2);
  }
  assert.ok(clamped > 20, `${clamped} clamped steps`);
  // On this problem, plain full-horizon iLQR from the same start lands on a worse local optimum.
  const full = await ilqr(problem, undefined, { maxIterations: 200 });
  assert.ok(rh.objective > full.objective + 5, `receding ${rh.objective} vs full ${full.objective}`);
});

test('stop reasons: max-iterations, callback, time-limit, converged', async () => {
  const problem = { dynamics: new Pendulum(), reward: new SwingUpReward(), horizon: 80, x0: Float64Array.of(0.3, 0) };
  const a = await ilqr(problem, undefined, { maxIterations: 3 });
  assert.is(a.stopReason, 'max-iterations');
  assert.is(a.iterations, 3);
  assert.is(a.history.length, 3);
  let calls = 0;
  const b = await ilqr(problem, undefined, { onIteration: () => ++calls < 2 });
  assert.is(b.stopReason, 'callback');
  assert.is(calls, 2);
  const c = await ilqr(problem, undefined, { maxTimeMs: 1e-9 });
  assert.is(c.stopReason, 'time-limit');
  const d = await ilqr(problem, undefined, { relTol: 1e-6, maxIterations: 500 });
  assert.is(d.stopReason, 'converged');
  const last = d.history.filter((h) => h.accepted).at(-1)!;
  assert.ok(d.iterations < 500);
  void last;
});

test('deterministic: the same problem gives the same numbers bit for bit', async () => {
  const problem = { dynamics: new Pendulum(), reward: new SwingUpReward(), horizon: 60, x0: Float64Array.of(0.3, 0) };
  const a = await ilqr(problem, undefined, { maxIterations: 30 });
  const b = await ilqr(problem, undefined, { maxIterations: 30 });
  assert.equal(Array.from(a.actions), Array.from(b.actions));
  assert.equal(Array.from(a.K), Array.from(b.K));
  assert.equal(Array.from(a.Quu), Array.from(b.Quu));
});

/** Blows up for |u| > 5: NaN states. */
class FragileDynamics implements Dynamics {
  readonly stateDim = 1;
  readonly actionDim = 1;
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array {
    next[0] = Math.abs(u[0]) > 5 ? NaN : x[0] + 0.1 * u[0];
    return next;
  }
  linearize(_x: Float64Array, _u: Float64Array, A: Float64Array, B: Float64Array): void {
    A[0] = 1;
    B[0] = 0.1;
  }
}

test('non-finite rollouts: an initial one throws naming the state; in the line search they are counted and skipped', async () => {
  const reward = new QuadraticReward(1, 1, Float64Array.of(1), Float64Array.of(1e-4), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  const dyn = new FragileDynamics();
  await ilqr({ dynamics: dyn, reward, horizon: 5, x0: Float64Array.of(0) }, { actions: Float64Array.of(0, 0, 9, 0, 0) }).then(
    () => assert.unreachable('should throw'),
    (e: Error) => assert.is(e.message, 'ilqr: the initial rollout is not finite: state 3 has a NaN or infinite entry'),
  );
  // From x0 = 10 the full Newton step asks for |u| ≫ 5: the large steps give NaN and smaller ones are taken.
  const res = await ilqr({ dynamics: dyn, reward, horizon: 5, x0: Float64Array.of(10) });
  assert.ok(res.history[0].nonFiniteRollouts > 0);
  assert.ok(res.history[0].accepted);
  assert.ok(res.objective > res.initialObjective);
});

/** Throws (like a simulator reporting divergence) when |u| > 5 or the state leaves [−50, 50]. */
class ThrowingDynamics implements Dynamics {
  readonly stateDim = 1;
  readonly actionDim = 1;
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array {
    if (Math.abs(u[0]) > 5 || Math.abs(x[0]) > 50) throw new Error(`toy: diverged at x = ${x[0]}, u = ${u[0]}`);
    next[0] = x[0] + 0.1 * u[0];
    return next;
  }
  linearize(_x: Float64Array, _u: Float64Array, A: Float64Array, B: Float64Array): void {
    A[0] = 1;
    B[0] = 0.1;
  }
}

test('dynamics that throw: an initial rollout fails naming the step; in the line search the step size is rejected', async () => {
  const reward = new QuadraticReward(1, 1, Float64Array.of(1), Float64Array.of(1e-4), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  const dyn = new ThrowingDynamics();
  await ilqr({ dynamics: dyn, reward, horizon: 5, x0: Float64Array.of(0) }, { actions: Float64Array.of(0, 0, 9, 0, 0) }).then(
    () => assert.unreachable('should throw'),
    (e: Error) => assert.is(e.message, 'ilqr: the initial rollout failed: dynamics.step threw at step 2: toy: diverged at x = 0, u = 9'),
  );
  // From x0 = 10 the full Newton step asks for u ≈ −100: the large α throw, the solver shrinks α instead of crashing.
  const res = await ilqr({ dynamics: dyn, reward, horizon: 5, x0: Float64Array.of(10) }, undefined, { maxIterations: 20 });
  const first = res.history[0];
  assert.ok(first.failedRollouts > 0, `failedRollouts ${first.failedRollouts}`);
  assert.is(first.nonFiniteRollouts, 0);
  assert.ok(first.lastFailure !== null && first.lastFailure.startsWith('step 0: toy: diverged at x = 10, u = '), String(first.lastFailure));
  assert.ok(first.accepted);
  assert.ok(first.alpha < 1, `alpha ${first.alpha}`);
  assert.ok(res.objective > res.initialObjective);
  // Every action the solver kept is inside the region where the dynamics do not throw.
  for (let t = 0; t < 5; t++) assert.ok(Math.abs(res.actions[t]) <= 5, `u_${t} = ${res.actions[t]}`);
});

test('dynamics that throw at every trial step size: μ rises until the solver stops, without crashing', async () => {
  // A reward pulling x beyond 50, where the dynamics throw: from x0 = 49.99 every improving step throws.
  const reward = new QuadraticReward(1, 1, Float64Array.of(1), Float64Array.of(1e-6), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  const target = 100;
  const shifted: Reward = {
    stateDim: 1,
    actionDim: 1,
    reward: (x, u) => reward.reward(Float64Array.of(x[0] - target), u),
    derivatives: (x, u, out) => reward.derivatives(Float64Array.of(x[0] - target), u, out),
  };
  const res = await ilqr({ dynamics: new ThrowingDynamics(), reward: shifted, horizon: 3, x0: Float64Array.of(49.99) }, undefined, {
    maxIterations: 200,
  });
  assert.ok(res.history.some((h) => h.failedRollouts === 11 && !h.accepted), 'an iteration where every α threw');
  const rejected = res.history.findIndex((h) => h.failedRollouts === 11);
  assert.ok(res.history[rejected + 1].mu > res.history[rejected].mu, 'μ rose after the rejected iteration');
  // The kept nominal never stepped from a state where the dynamics throw.
  for (let t = 0; t < 3; t++) assert.ok(Math.abs(res.states[t]) <= 50, `x_${t} = ${res.states[t]}`);
  assert.ok(['max-regularization', 'converged', 'max-iterations'].includes(res.stopReason), res.stopReason);
  assert.ok(Number.isFinite(res.objective));
});

test('bad input is rejected with the argument and the value', async () => {
  const dyn = integrator();
  const reward = new QuadraticReward(1, 1, Float64Array.of(1), Float64Array.of(1), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  const base = { dynamics: dyn, reward, horizon: 4, x0: Float64Array.of(0) };
  const rejects = async (p: Promise<unknown>, message: string) => {
    await p.then(
      () => assert.unreachable(`should throw ${message}`),
      (e: Error) => assert.is(e.message, message),
    );
  };
  await rejects(ilqr({ ...base, x0: Float64Array.of(NaN) }), 'ilqr: x0[0] is NaN');
  await rejects(ilqr({ ...base, horizon: 0 }), 'ilqr: horizon must be an integer ≥ 1, got 0');
  await rejects(ilqr(base, { actions: new Float64Array(3) }), 'ilqr: init.actions must have length 4, got 3');
  await rejects(ilqr(base, { actions: Float64Array.of(0, Infinity, 0, 0) }), 'ilqr: init.actions[1] is Infinity');
  await rejects(ilqr(base, undefined, { stepSizes: [1, -0.5] }), 'ilqr: stepSizes[1] must be a finite number > 0, got -0.5');
  await rejects(ilqr(base, undefined, { maxIter: 3 } as never), "ilqr: unknown option 'maxIter'");
  await rejects(
    ilqr({ ...base, tracking: { weight: 0.05, states: new Float64Array(3), actions: new Float64Array(4) } }),
    'ilqr: tracking.states must have length 5 ([T+1, nx]) or 4, got 3',
  );
  const wrongReward = new QuadraticReward(2, 1, new Float64Array(4), Float64Array.of(1), new Float64Array(2), new Float64Array(2), Float64Array.of(0));
  await rejects(ilqr({ ...base, reward: wrongReward }), 'ilqr: reward.stateDim 2 differs from dynamics.stateDim 1');
  const limited = integrator();
  limited.actionLower = Float64Array.of(1);
  limited.actionUpper = Float64Array.of(-1);
  await rejects(ilqr({ ...base, dynamics: limited }), 'ilqr: action limits [1, -1] of coordinate 0 are not an interval');
  class NanReward extends QuadraticReward {
    override derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
      const r = super.derivatives(x, u, out);
      out.ruu[0] = NaN;
      return r;
    }
  }
  const nanReward = new NanReward(1, 1, Float64Array.of(1), Float64Array.of(1), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0));
  await rejects(ilqr({ ...base, reward: nanReward }), 'ilqr: reward derivative ruu at step 0 has entry 0 = NaN');
});

test.run();
