/** Toy systems and policies for the tests (no tests here). */
import { Rng, cholesky, symmetricInverse } from '@guided/core';
import type { Dynamics, Reward, RewardDerivatives, StochasticPolicy } from '@guided/core';

/** x' = A x + B u + c. */
export class AffineDynamics implements Dynamics {
  constructor(
    readonly A: Float64Array,
    readonly B: Float64Array,
    readonly c: Float64Array,
    readonly stateDim: number,
    readonly actionDim: number,
  ) {}
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

export function sampleAffine(): AffineDynamics {
  return new AffineDynamics(
    Float64Array.from([1.02, 0.1, 0, -0.05, 0.98, 0.1, 0.02, 0, 1.01]),
    Float64Array.from([0.1, 0, 0.02, 0.08, 0, 0.1]),
    Float64Array.from([0.01, -0.02, 0.005]),
    3,
    2,
  );
}

/** r = −½ xᵀQx − ½ uᵀRu − uᵀNx + qᵀx + ρᵀu. */
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

export function sampleQuadraticReward(): QuadraticReward {
  return new QuadraticReward(
    3,
    2,
    Float64Array.from([1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 0.5]),
    Float64Array.from([0.3, 0.05, 0.05, 0.2]),
    Float64Array.from([0.02, 0, 0.01, 0, 0.03, -0.01]),
    Float64Array.from([0.5, -0.2, 0.1]),
    Float64Array.from([0.1, -0.05]),
  );
}

const LOG_2PI = Math.log(2 * Math.PI);

/** Only what the tests use of StochasticPolicy; the rest throws. */
abstract class TestPolicy implements StochasticPolicy {
  abstract readonly inputDim: number;
  abstract readonly actionDim: number;
  readonly paramCount = 0;
  getParams(): Float64Array {
    return new Float64Array(0);
  }
  setParams(): void {
    throw new Error('not used');
  }
  logProbGrad(): number {
    throw new Error('not used');
  }
  act(): Float64Array {
    throw new Error('not used');
  }
  abstract mean(o: Float64Array, out: Float64Array): void;
  abstract logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void;
  abstract meanJacobian(obs: Float64Array, out: Float64Array): void;
}

/** π(u | o) = N(W o + b, S) with a full covariance S. */
export class LinearGaussianTestPolicy extends TestPolicy {
  readonly precision: Float64Array;
  private readonly logNorm: number;
  constructor(
    readonly inputDim: number,
    readonly actionDim: number,
    readonly W: Float64Array,
    readonly b: Float64Array,
    readonly S: Float64Array,
  ) {
    super();
    const n = actionDim;
    this.precision = new Float64Array(n * n);
    const L = new Float64Array(n * n);
    if (!symmetricInverse(n, S, this.precision, L)) throw new Error('S not PD');
    let logDet = 0;
    for (let i = 0; i < n; i++) logDet += 2 * Math.log(L[i * n + i]);
    this.logNorm = -0.5 * (logDet + n * LOG_2PI);
  }
  mean(o: Float64Array, out: Float64Array): void {
    for (let j = 0; j < this.actionDim; j++) {
      let s = this.b[j];
      for (let k = 0; k < this.inputDim; k++) s += this.W[j * this.inputDim + k] * o[k];
      out[j] = s;
    }
  }
  logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void {
    const m = new Float64Array(this.actionDim);
    const d = new Float64Array(this.actionDim);
    const nu = this.actionDim;
    for (let r = 0; r < n; r++) {
      this.mean(obs.subarray(r * this.inputDim, (r + 1) * this.inputDim), m);
      for (let j = 0; j < nu; j++) d[j] = actions[r * nu + j] - m[j];
      let q = 0;
      for (let i = 0; i < nu; i++) for (let j = 0; j < nu; j++) q += d[i] * this.precision[i * nu + j] * d[j];
      out[r] = this.logNorm - 0.5 * q;
    }
  }
  meanJacobian(_obs: Float64Array, out: Float64Array): void {
    out.set(this.W);
  }
}

/** π(u | o) = N(a ⊙ tanh(W o + b), diag(σ²)): a nonlinear mean. */
export class TanhGaussianTestPolicy extends TestPolicy {
  constructor(
    readonly inputDim: number,
    readonly actionDim: number,
    readonly W: Float64Array,
    readonly b: Float64Array,
    readonly a: Float64Array,
    readonly sigma: Float64Array,
  ) {
    super();
  }
  mean(o: Float64Array, out: Float64Array): void {
    for (let j = 0; j < this.actionDim; j++) {
      let s = this.b[j];
      for (let k = 0; k < this.inputDim; k++) s += this.W[j * this.inputDim + k] * o[k];
      out[j] = this.a[j] * Math.tanh(s);
    }
  }
  logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void {
    const nu = this.actionDim;
    const m = new Float64Array(nu);
    for (let r = 0; r < n; r++) {
      this.mean(obs.subarray(r * this.inputDim, (r + 1) * this.inputDim), m);
      let s = 0;
      for (let j = 0; j < nu; j++) {
        const z = (actions[r * nu + j] - m[j]) / this.sigma[j];
        s += -0.5 * z * z - Math.log(this.sigma[j]) - 0.5 * LOG_2PI;
      }
      out[r] = s;
    }
  }
  meanJacobian(o: Float64Array, out: Float64Array): void {
    for (let j = 0; j < this.actionDim; j++) {
      let s = this.b[j];
      for (let k = 0; k < this.inputDim; k++) s += this.W[j * this.inputDim + k] * o[k];
      const th = Math.tanh(s);
      for (let k = 0; k < this.inputDim; k++) out[j * this.inputDim + k] = this.a[j] * (1 - th * th) * this.W[j * this.inputDim + k];
    }
  }
}

/** o = (sin x0, cos x0, x1, x2): a nonlinear observation of a 3-state system. */
export const trigObservation = {
  obsDim: 4,
  observe(x: Float64Array, out: Float64Array): Float64Array {
    out[0] = Math.sin(x[0]);
    out[1] = Math.cos(x[0]);
    out[2] = x[1];
    out[3] = x[2];
    return out;
  },
  jacobian(x: Float64Array, out: Float64Array): void {
    out.fill(0);
    out[0 * 3 + 0] = Math.cos(x[0]);
    out[1 * 3 + 0] = -Math.sin(x[0]);
    out[2 * 3 + 1] = 1;
    out[3 * 3 + 2] = 1;
  },
};

/** A random symmetric positive-definite n×n matrix. */
export function randomSpd(n: number, rng: Rng, ridge = 0.1): Float64Array {
  const M = Float64Array.from({ length: n * n }, () => rng.normal());
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? ridge : 0;
      for (let k = 0; k < n; k++) s += M[i * n + k] * M[j * n + k];
      S[i * n + j] = s;
    }
  }
  const L = new Float64Array(n * n);
  if (!cholesky(n, S, L)) throw new Error('not PD');
  return S;
}
