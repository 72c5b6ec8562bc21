/** Small random problems shared by the tests. */
import type { StochasticPolicy } from '@guided/core';
import { Rng } from '@guided/core';
import type { SampleSet } from '../src/index.js';

/**
 * m trajectories of T steps: random observations, actions drawn from `policy` (so prefix
 * log-probabilities are moderate), rewards a smooth function of (o, u), and logQ the prefix
 * log-probability under a perturbed copy of the policy plus `logQShift`·N(0, 1) noise per sample.
 */
export function randomProblem(policy: StochasticPolicy, m: number, T: number, seed: number, logQNoise = 1): SampleSet {
  const rng = new Rng(seed);
  const { inputDim: nx, actionDim: nu } = policy;
  const obs = new Float64Array(m * T * nx);
  const actions = new Float64Array(m * T * nu);
  const rewards = new Float64Array(m * T);
  rng.fillNormal(obs);
  const u = new Float64Array(nu);
  for (let k = 0; k < m * T; k++) {
    policy.act(obs.subarray(k * nx, (k + 1) * nx), rng, u);
    actions.set(u, k * nu);
    let r = 0;
    for (let a = 0; a < nu; a++) r -= (u[a] - 0.3) * (u[a] - 0.3);
    rewards[k] = r + Math.sin(obs[k * nx]);
  }
  const stepLogQ = new Float64Array(m * T);
  policy.logProb(m * T, obs, actions, stepLogQ);
  const logQ = new Float64Array(m * T);
  for (let i = 0; i < m; i++) {
    let acc = 0;
    for (let t = 0; t < T; t++) {
      acc += stepLogQ[i * T + t] + logQNoise * rng.normal();
      logQ[i * T + t] = acc;
    }
  }
  return { count: m, T, obsDim: nx, actionDim: nu, obs, actions, rewards, logQ };
}

/** A copy of θ moved by scale·N(0, 1) in every coordinate. */
export function perturbed(theta: Float64Array, scale: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = theta.slice();
  for (let j = 0; j < out.length; j++) out[j] += scale * rng.normal();
  return out;
}

/** Central differences of f at theta, step h, into a new array. */
export function centralDifferences(f: (theta: Float64Array) => number, theta: Float64Array, h: number): Float64Array {
  const x = theta.slice();
  const out = new Float64Array(theta.length);
  for (let j = 0; j < theta.length; j++) {
    x[j] = theta[j] + h;
    const up = f(x);
    x[j] = theta[j] - h;
    const down = f(x);
    x[j] = theta[j];
    out[j] = (up - down) / (2 * h);
  }
  return out;
}

/** ‖a − b‖₂ / max(‖a‖₂, ‖b‖₂). */
export function relativeError(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    diff += (a[j] - b[j]) ** 2;
    na += a[j] ** 2;
    nb += b[j] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb));
}
