/** Benchmark data shared by the pretraining benches. */
import { Rng } from '@guided/core';

/**
 * n pairs from u = tanh(P x) Q + 0.05 ξ with random P [8 × inputDim] and Q [8 × actionDim], x ~ N(0, I):
 * smooth, nonlinear, in reach of 50 hidden units.
 */
export function teacherData(seed: number, n: number, inputDim: number, actionDim: number): { obs: Float64Array; actions: Float64Array } {
  const rng = new Rng(seed);
  const P = rng.fillNormal(new Float64Array(8 * inputDim)).map((v) => v / Math.sqrt(inputDim));
  const Q = rng.fillNormal(new Float64Array(8 * actionDim));
  const obs = rng.fillNormal(new Float64Array(n * inputDim));
  const actions = new Float64Array(n * actionDim);
  const h = new Float64Array(8);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 8; j++) {
      let z = 0;
      for (let k = 0; k < inputDim; k++) z += P[j * inputDim + k] * obs[i * inputDim + k];
      h[j] = Math.tanh(z);
    }
    for (let d = 0; d < actionDim; d++) {
      let u = 0.05 * rng.normal();
      for (let j = 0; j < 8; j++) u += h[j] * Q[j * actionDim + d];
      actions[i * actionDim + d] = u;
    }
  }
  return { obs, actions };
}
