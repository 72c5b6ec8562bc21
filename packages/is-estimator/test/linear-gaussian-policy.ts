/**
 * A small StochasticPolicy for tests: u ~ N(W o + b, diag(exp(2·logStd))),
 * θ = [W (actionDim × inputDim, row-major), b (actionDim), logStd (actionDim)].
 */
import type { StochasticPolicy } from '@guided/core';
import { Rng } from '@guided/core';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface LinearGaussianData {
  inputDim: number;
  actionDim: number;
  params: number[];
}

export class LinearGaussianPolicy implements StochasticPolicy {
  readonly paramCount: number;
  private readonly theta: Float64Array;
  private readonly mean: Float64Array;

  constructor(
    readonly inputDim: number,
    readonly actionDim: number,
    seed = 1,
  ) {
    this.paramCount = actionDim * inputDim + 2 * actionDim;
    this.theta = new Float64Array(this.paramCount);
    this.mean = new Float64Array(actionDim);
    const rng = new Rng(seed);
    for (let j = 0; j < actionDim * (inputDim + 1); j++) this.theta[j] = 0.5 * rng.normal();
    for (let a = 0; a < actionDim; a++) this.theta[actionDim * (inputDim + 1) + a] = -0.5 + 0.2 * rng.normal();
  }

  getParams(): Float64Array {
    return this.theta;
  }

  setParams(theta: Float64Array): void {
    this.theta.set(theta);
  }

  private computeMean(obs: Float64Array, offset: number): void {
    const { inputDim: nx, actionDim: nu, theta } = this;
    for (let a = 0; a < nu; a++) {
      let s = theta[nu * nx + a];
      for (let d = 0; d < nx; d++) s += theta[a * nx + d] * obs[offset + d];
      this.mean[a] = s;
    }
  }

  act(obs: Float64Array, rng: Rng, out = new Float64Array(this.actionDim)): Float64Array {
    this.computeMean(obs, 0);
    const base = this.actionDim * (this.inputDim + 1);
    for (let a = 0; a < this.actionDim; a++) out[a] = this.mean[a] + Math.exp(this.theta[base + a]) * rng.normal();
    return out;
  }

  logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void {
    const { inputDim: nx, actionDim: nu, theta } = this;
    const base = nu * (nx + 1);
    for (let i = 0; i < n; i++) {
      this.computeMean(obs, i * nx);
      let lp = 0;
      for (let a = 0; a < nu; a++) {
        const z = (actions[i * nu + a] - this.mean[a]) * Math.exp(-theta[base + a]);
        lp += -0.5 * z * z - theta[base + a] - HALF_LOG_2PI;
      }
      out[i] = lp;
    }
  }

  logProbGrad(n: number, obs: Float64Array, actions: Float64Array, weights: Float64Array, grad: Float64Array): number {
    const { inputDim: nx, actionDim: nu, theta } = this;
    const base = nu * (nx + 1);
    grad.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.computeMean(obs, i * nx);
      const w = weights[i];
      for (let a = 0; a < nu; a++) {
        const invStd = Math.exp(-theta[base + a]);
        const z = (actions[i * nu + a] - this.mean[a]) * invStd;
        total += w * (-0.5 * z * z - theta[base + a] - HALF_LOG_2PI);
        const dMean = w * z * invStd; // ∂/∂μ of −z²/2
        for (let d = 0; d < nx; d++) grad[a * nx + d] += dMean * obs[i * nx + d];
        grad[nu * nx + a] += dMean;
        grad[base + a] += w * (z * z - 1);
      }
    }
    return total;
  }

  meanJacobian(_obs: Float64Array, out: Float64Array): void {
    out.set(this.theta.subarray(0, this.actionDim * this.inputDim));
  }

  toJSON(): LinearGaussianData {
    return { inputDim: this.inputDim, actionDim: this.actionDim, params: Array.from(this.theta) };
  }
}

export function linearGaussianFromJSON(data: LinearGaussianData): LinearGaussianPolicy {
  const policy = new LinearGaussianPolicy(data.inputDim, data.actionDim);
  policy.setParams(Float64Array.from(data.params));
  return policy;
}
