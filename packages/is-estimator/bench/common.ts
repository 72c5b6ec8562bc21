/**
 * Shared by the benchmarks: a walker-sized sample set (17 inputs, 6 actions) drawn from a policy, and
 * timing helpers.
 */
import { Rng } from '@guided/core';
import type { MlpPolicy } from '@guided/mlp-policy';
import type { SampleSet } from '../src/index.js';

export const inputDim = 17;
export const actionDim = 6;

/**
 * m samples of T steps from `policy`, rewards −0.1‖u‖² plus noise. log q is the policy's own per-step
 * log-density plus 0.1 noise a step, so the weights are far from uniform; `logQShift(i)` adds a drift
 * of that many nats per step to sample i's log q (its weight then decays against the others').
 */
export function makeSamples(policy: MlpPolicy, m: number, T: number, seed: number, logQShift: (i: number) => number = () => 0): SampleSet {
  const rng = new Rng(seed);
  const obs = new Float64Array(m * T * inputDim);
  const actions = new Float64Array(m * T * actionDim);
  const rewards = new Float64Array(m * T);
  rng.fillNormal(obs);
  const u = new Float64Array(actionDim);
  for (let k = 0; k < m * T; k++) {
    policy.act(obs.subarray(k * inputDim, (k + 1) * inputDim), rng, u);
    actions.set(u, k * actionDim);
    rewards[k] = -0.1 * u.reduce((a, v) => a + v * v, 0) + rng.normal();
  }
  const step = new Float64Array(m * T);
  policy.logProb(m * T, obs, actions, step);
  const logQ = new Float64Array(m * T);
  for (let i = 0; i < m; i++) {
    let acc = 0;
    const shift = logQShift(i);
    for (let t = 0; t < T; t++) logQ[i * T + t] = acc += step[i * T + t] + shift + 0.1 * rng.normal();
  }
  return { count: m, T, obsDim: inputDim, actionDim, obs, actions, rewards, logQ };
}

/** Evaluations per second of `evaluate`, timing at least `minMs` per round. */
export function rate(evaluate: () => void, minMs: number): number {
  const start = performance.now();
  let n = 0;
  do {
    evaluate();
    n++;
  } while (performance.now() - start < minMs);
  return (n * 1000) / (performance.now() - start);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
}
