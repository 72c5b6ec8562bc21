/** Shared test helpers: random problems and an independent, naive reference implementation. */
import { Rng } from '@guided/core';
import { MlpPolicy } from '../src/index.js';

export interface Problem {
  policy: MlpPolicy;
  n: number;
  obs: Float64Array;
  actions: Float64Array;
  weights: Float64Array;
}

/**
 * A policy with random θ (weights, biases and log-stds all perturbed away from the initialization),
 * a non-trivial input normalization and n random (x, u) pairs with random signed weights.
 */
export function randomProblem(seed: number, inputDim: number, hidden: number[], actionDim: number, n: number): Problem {
  const rng = new Rng(seed);
  const policy = new MlpPolicy({ inputDim, actionDim, hidden, seed });
  const theta = Float64Array.from(policy.getParams());
  for (let p = 0; p < theta.length; p++) theta[p] += 0.3 * rng.normal();
  policy.setParams(theta);
  const mean = new Float64Array(inputDim);
  const std = new Float64Array(inputDim);
  for (let k = 0; k < inputDim; k++) {
    mean[k] = rng.normal();
    std[k] = 0.5 + rng.uniform();
  }
  policy.setNormalization({ mean, std });
  const obs = rng.fillNormal(new Float64Array(n * inputDim));
  const actions = rng.fillNormal(new Float64Array(n * actionDim));
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = rng.uniformIn(-1, 2);
  return { policy, n, obs, actions, weights };
}

/** μ(x) by plain loops over the documented layout, with a = log(1 + e^z) written out. */
export function referenceMean(policy: MlpPolicy, x: ArrayLike<number>): number[] {
  const theta = policy.getParams();
  const norm = policy.getNormalization();
  let a = Array.from(x, (v, k) => (v - norm.mean[k]) / norm.std[k]);
  const blocks = policy.paramBlocks();
  const layers = (blocks.length - 1) / 2;
  for (let l = 0; l < layers; l++) {
    const W = blocks[2 * l];
    const b = blocks[2 * l + 1];
    const z: number[] = [];
    for (let j = 0; j < W.rows; j++) {
      let s = theta[b.offset + j];
      for (let k = 0; k < W.cols; k++) s += theta[W.offset + j * W.cols + k] * a[k];
      z.push(s);
    }
    a = l + 1 < layers ? z.map((v) => Math.log(1 + Math.exp(v))) : z;
  }
  return a;
}

/** log N(u; μ(x), diag σ²) with σ_d = minStd + e^{s_d}, written out directly. */
export function referenceLogProb(policy: MlpPolicy, x: ArrayLike<number>, u: ArrayLike<number>): number {
  const mu = referenceMean(policy, x);
  const theta = policy.getParams();
  const sOff = policy.paramBlocks().at(-1)!.offset;
  let lp = 0;
  for (let d = 0; d < policy.actionDim; d++) {
    const sigma = policy.minStd + Math.exp(theta[sOff + d]);
    const r = (u[d] - mu[d]) / sigma;
    lp += -0.5 * r * r - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
  }
  return lp;
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}
