/**
 * Toy problems for the tests: an affine system with a quadratic reward (Riccati has the exact
 * answer), the same dynamics with a non-quadratic reward (exact DDP, for finite differences), and a
 * torque-driven pendulum (nonlinear). No tests here.
 */
import type { Dynamics, Reward, RewardDerivatives, BatchLinearizer } from '@guided/core';
import type { TerminalReward } from '../src/index.js';

/** x' = A x + B u + c. */
export class AffineDynamics implements Dynamics {
  readonly stateDim: number;
  readonly actionDim: number;
  actionLower?: Float64Array;
  actionUpper?: Float64Array;
  constructor(
    readonly A: Float64Array,
    readonly B: Float64Array,
    readonly c: Float64Array,
    nx: number,
    nu: number,
  ) {
    this.stateDim = nx;
    this.actionDim = nu;
  }
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array {
    const { stateDim: nx, actionDim: nu, A, B, c } = this;
    for (let i = 0; i < nx; i++) {
      let s = c[i];
      for (let j = 0; j < nx; j++) s += A[i * nx + j] * x[j];
      for (let j = 0; j < nu; j++) s += B[i * nu + j] * u[j];
      next[i] = s;
    }
    return next;
  }
  linearize(_x: Float64Array, _u: Float64Array, A: Float64Array, B: Float64Array): void {
    A.set(this.A);
    B.set(this.B);
  }
}

/** r = −½ xᵀQx − ½ uᵀRu − uᵀNx + qᵀx + ρᵀu (Q, R symmetric). */
export class QuadraticReward implements Reward {
  constructor(
    readonly stateDim: number,
    readonly actionDim: number,
    readonly Q: Float64Array,
    readonly R: Float64Array,
    readonly N: Float64Array,
    readonly q: Float64Array,
    readonly rho: Float64Array,
  ) {}
  reward(x: Float64Array, u: Float64Array): number {
    const { stateDim: nx, actionDim: nu, Q, R, N, q, rho } = this;
    let r = 0;
    for (let i = 0; i < nx; i++) {
      r += q[i] * x[i];
      for (let j = 0; j < nx; j++) r -= 0.5 * x[i] * Q[i * nx + j] * x[j];
    }
    for (let i = 0; i < nu; i++) {
      r += rho[i] * u[i];
      for (let j = 0; j < nu; j++) r -= 0.5 * u[i] * R[i * nu + j] * u[j];
      for (let j = 0; j < nx; j++) r -= u[i] * N[i * nx + j] * x[j];
    }
    return r;
  }
  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    const { stateDim: nx, actionDim: nu, Q, R, N, q, rho } = this;
    for (let i = 0; i < nx; i++) {
      let s = q[i];
      for (let j = 0; j < nx; j++) s -= Q[i * nx + j] * x[j];
      for (let j = 0; j < nu; j++) s -= N[j * nx + i] * u[j];
      out.rx[i] = s;
    }
    for (let i = 0; i < nu; i++) {
      let s = rho[i];
      for (let j = 0; j < nu; j++) s -= R[i * nu + j] * u[j];
      for (let j = 0; j < nx; j++) s -= N[i * nx + j] * x[j];
      out.ru[i] = s;
    }
    for (let i = 0; i < nx * nx; i++) out.rxx[i] = -Q[i];
    for (let i = 0; i < nu * nu; i++) out.ruu[i] = -R[i];
    for (let i = 0; i < nu * nx; i++) out.rux[i] = -N[i];
    return this.reward(x, u);
  }
}

/** r_T = −½ xᵀ Qf x + qfᵀ x. */
export class QuadraticTerminal implements TerminalReward {
  constructor(
    readonly stateDim: number,
    readonly Qf: Float64Array,
    readonly qf: Float64Array,
  ) {}
  reward(x: Float64Array): number {
    const n = this.stateDim;
    let r = 0;
    for (let i = 0; i < n; i++) {
      r += this.qf[i] * x[i];
      for (let j = 0; j < n; j++) r -= 0.5 * x[i] * this.Qf[i * n + j] * x[j];
    }
    return r;
  }
  derivatives(x: Float64Array, rx: Float64Array, rxx: Float64Array): number {
    const n = this.stateDim;
    for (let i = 0; i < n; i++) {
      let s = this.qf[i];
      for (let j = 0; j < n; j++) s -= this.Qf[i * n + j] * x[j];
      rx[i] = s;
    }
    for (let i = 0; i < n * n; i++) rxx[i] = -this.Qf[i];
    return this.reward(x);
  }
}

/**
 * A smooth non-quadratic reward on a 3-state, 2-action system:
 * r = 0.3 x0 − ½|x|² − 0.1 Σ x_i⁴ − ½|u|² − 0.05 Σ u_j⁴ − 0.2 (u0 x1)² + 0.1 u1 sin(x2).
 */
export class QuarticReward implements Reward {
  readonly stateDim = 3;
  readonly actionDim = 2;
  reward(x: Float64Array, u: Float64Array): number {
    let r = 0.3 * x[0];
    for (let i = 0; i < 3; i++) r -= 0.5 * x[i] * x[i] + 0.1 * x[i] ** 4;
    for (let j = 0; j < 2; j++) r -= 0.5 * u[j] * u[j] + 0.05 * u[j] ** 4;
    r -= 0.2 * (u[0] * x[1]) ** 2;
    r += 0.1 * u[1] * Math.sin(x[2]);
    return r;
  }
  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    out.rx.fill(0);
    out.rxx.fill(0);
    out.ruu.fill(0);
    out.rux.fill(0);
    for (let i = 0; i < 3; i++) {
      out.rx[i] = -x[i] - 0.4 * x[i] ** 3;
      out.rxx[i * 3 + i] = -1 - 1.2 * x[i] * x[i];
    }
    out.rx[0] += 0.3;
    for (let j = 0; j < 2; j++) {
      out.ru[j] = -u[j] - 0.2 * u[j] ** 3;
      out.ruu[j * 2 + j] = -1 - 0.6 * u[j] * u[j];
    }
    // −0.2 u0² x1²
    out.rx[1] -= 0.4 * u[0] * u[0] * x[1];
    out.rxx[1 * 3 + 1] -= 0.4 * u[0] * u[0];
    out.ru[0] -= 0.4 * u[0] * x[1] * x[1];
    out.ruu[0] -= 0.4 * x[1] * x[1];
    out.rux[0 * 3 + 1] -= 0.8 * u[0] * x[1];
    // 0.1 u1 sin x2
    out.rx[2] += 0.1 * u[1] * Math.cos(x[2]);
    out.rxx[2 * 3 + 2] -= 0.1 * u[1] * Math.sin(x[2]);
    out.ru[1] += 0.1 * Math.sin(x[2]);
    out.rux[1 * 3 + 2] += 0.1 * Math.cos(x[2]);
    return this.reward(x, u);
  }
}

/** A fixed, mildly unstable 3×3 / 3×2 affine system. */
export function sampleAffine(): AffineDynamics {
  const A = Float64Array.from([1.02, 0.1, 0, -0.05, 0.98, 0.1, 0.02, 0, 1.01]);
  const B = Float64Array.from([0.1, 0, 0.02, 0.08, 0, 0.1]);
  const c = Float64Array.from([0.01, -0.02, 0.005]);
  return new AffineDynamics(A, B, c, 3, 2);
}

/**
 * Torque-driven pendulum, θ = 0 hanging down, semi-implicit Euler:
 * ω' = ω + dt (−(g/l) sin θ − b ω + u / (m l²)), θ' = θ + dt ω'.
 */
export class Pendulum implements Dynamics {
  readonly stateDim = 2;
  readonly actionDim = 1;
  actionLower?: Float64Array;
  actionUpper?: Float64Array;
  constructor(
    readonly dt = 0.05,
    readonly g = 9.81,
    readonly l = 1,
    readonly m = 1,
    readonly b = 0.1,
  ) {}
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array {
    const { dt, g, l, m, b } = this;
    const w = x[1] + dt * (-(g / l) * Math.sin(x[0]) - b * x[1] + u[0] / (m * l * l));
    next[0] = x[0] + dt * w;
    next[1] = w;
    return next;
  }
  linearize(x: Float64Array, _u: Float64Array, A: Float64Array, B: Float64Array): void {
    const { dt, g, l, m, b } = this;
    const dwdth = -dt * (g / l) * Math.cos(x[0]);
    const dwdw = 1 - dt * b;
    const dwdu = dt / (m * l * l);
    A[0] = 1 + dt * dwdth;
    A[1] = dt * dwdw;
    A[2] = dwdth;
    A[3] = dwdw;
    B[0] = dt * dwdu;
    B[1] = dwdu;
  }
}

/** Swing-up reward: r = −wθ (1 + cos θ) − wω ω² − wu u². Upright (θ = π) is the maximum. */
export class SwingUpReward implements Reward {
  readonly stateDim = 2;
  readonly actionDim = 1;
  constructor(
    readonly wTheta = 1,
    readonly wOmega = 0.01,
    readonly wU = 0.01,
  ) {}
  reward(x: Float64Array, u: Float64Array): number {
    return -this.wTheta * (1 + Math.cos(x[0])) - this.wOmega * x[1] * x[1] - this.wU * u[0] * u[0];
  }
  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    out.rx[0] = this.wTheta * Math.sin(x[0]);
    out.rx[1] = -2 * this.wOmega * x[1];
    out.rxx[0] = this.wTheta * Math.cos(x[0]);
    out.rxx[1] = 0;
    out.rxx[2] = 0;
    out.rxx[3] = -2 * this.wOmega;
    out.ru[0] = -2 * this.wU * u[0];
    out.ruu[0] = -2 * this.wU;
    out.rux[0] = 0;
    out.rux[1] = 0;
    return this.reward(x, u);
  }
}

/** Wraps a Dynamics as an asynchronous BatchLinearizer that yields between chunks (like a worker pool). */
export class ChunkedLinearizer implements BatchLinearizer {
  calls = 0;
  constructor(
    readonly dynamics: Dynamics,
    readonly chunk = 7,
  ) {}
  async linearizeTrajectory(T: number, states: Float64Array, actions: Float64Array, A: Float64Array, B: Float64Array): Promise<void> {
    this.calls++;
    const nx = this.dynamics.stateDim;
    const nu = this.dynamics.actionDim;
    for (let s = 0; s < T; s += this.chunk) {
      await new Promise((r) => setImmediate(r));
      for (let t = s; t < Math.min(T, s + this.chunk); t++) {
        this.dynamics.linearize(
          states.subarray(t * nx, (t + 1) * nx),
          actions.subarray(t * nu, (t + 1) * nu),
          A.subarray(t * nx * nx, (t + 1) * nx * nx),
          B.subarray(t * nx * nu, (t + 1) * nx * nu),
        );
      }
    }
  }
}

/** Finite-difference check helper: max |a − b| / (1 + |b|). */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}
