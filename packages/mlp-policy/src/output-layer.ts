/**
 * The output layer of a Gaussian MLP in closed form, for pretraining by variable projection.
 *
 * μ_θ(x) = W a(x) + b is linear in the output layer (W, b) given the last hidden activations a(x). For
 * fixed hidden weights and σ, the pretraining objective (pretrain.ts) in the row d of W and b_d is
 *   (1 / (2 n σ_d²)) Σ_i (u_id − w_d·a_i − b_d)² + (λ/2) ||w_d||²,
 * a ridge regression whose minimizer solves, with A = [a_i, 1] the n × (m+1) feature matrix,
 *   (AᵀA + n σ_d² λ E) β_d = Aᵀ u_d,   E = diag(1, …, 1, 0)  (the bias is not decayed).
 * AᵀA is formed once for all dimensions. A jitter of 1e-10 · mean diag(AᵀA) on the diagonal keeps the
 * factorization defined when two units are collinear (a dead or duplicated unit); it moves the fit by
 * far less than the data's own noise.
 */
import { cholesky, choleskySolve } from '@guided/core';

export interface OutputLayerSolve {
  /** Output weights W [nu × m] row-major, then biases b [nu] (the layout's order). */
  weights: Float64Array;
  biases: Float64Array;
}

const JITTER = 1e-10;

/**
 * Solves the ridge regressions above. features [n × m] (the activations a_i), actions [n × nu], sigma
 * [nu], weightDecay λ ≥ 0. Throws, naming the dimension, if the normal equations cannot be factored.
 */
export function solveOutputLayer(
  n: number,
  m: number,
  features: Float64Array,
  nu: number,
  actions: Float64Array,
  sigma: Float64Array,
  weightDecay: number,
): OutputLayerSolve {
  const p = m + 1;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p * nu);
  accumulateNormalEquations(n, m, features, nu, actions, gram, rhs);
  let meanDiag = 0;
  for (let k = 0; k < p; k++) meanDiag += gram[k * p + k] / p;
  const jitter = JITTER * meanDiag;

  const weights = new Float64Array(nu * m);
  const biases = new Float64Array(nu);
  const system = new Float64Array(p * p);
  const factor = new Float64Array(p * p);
  const column = new Float64Array(p);
  let factoredRidge = NaN; // with λ = 0 every dimension shares one factor
  for (let d = 0; d < nu; d++) {
    const ridge = n * sigma[d] * sigma[d] * weightDecay;
    if (ridge !== factoredRidge) {
      system.set(gram);
      for (let k = 0; k < p; k++) system[k * p + k] += jitter + (k < m ? ridge : 0);
      if (!cholesky(p, system, factor)) {
        throw new Error(
          `solveOutputLayer: the normal equations of output dimension ${d} (${p}×${p}) are not positive definite ` +
            `(are the features finite?)`,
        );
      }
      factoredRidge = ridge;
    }
    for (let k = 0; k < p; k++) column[k] = rhs[k * nu + d];
    choleskySolve(p, factor, column);
    weights.set(column.subarray(0, m), d * m);
    biases[d] = column[m];
  }
  return { weights, biases };
}

/**
 * gram ← AᵀA [p × p] and rhs ← AᵀU [p × nu] with A = [features, 1], as the first p rows of the Gram
 * matrix of C = [A, U]: C is copied column by column so each entry is a dot product over contiguous
 * memory, two rows by two columns at a time (four accumulators per four loads). Only the upper triangle
 * is computed; it is mirrored at the end.
 */
function accumulateNormalEquations(
  n: number,
  m: number,
  features: Float64Array,
  nu: number,
  actions: Float64Array,
  gram: Float64Array,
  rhs: Float64Array,
): void {
  const p = m + 1;
  const c = p + nu;
  const cols = new Float64Array(c * n);
  for (let i = 0; i < n; i++) {
    const fo = i * m;
    for (let k = 0; k < m; k++) cols[k * n + i] = features[fo + k];
    cols[m * n + i] = 1;
    const uo = i * nu;
    for (let d = 0; d < nu; d++) cols[(p + d) * n + i] = actions[uo + d];
  }
  const entry = (j: number, k: number, value: number): void => {
    if (k < p) gram[j * p + k] = value;
    else rhs[j * nu + (k - p)] = value;
  };
  for (let j = 0; j < p; j += 2) {
    const j1 = Math.min(j + 1, p - 1); // an odd last row is computed twice
    const oj = j * n;
    const oj1 = j1 * n;
    for (let k = j; k < c; k += 2) {
      const k1 = Math.min(k + 1, c - 1);
      const ok = k * n;
      const ok1 = k1 * n;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let i = 0; i < n; i++) {
        const a = cols[oj + i];
        const b = cols[oj1 + i];
        const x = cols[ok + i];
        const y = cols[ok1 + i];
        s00 += a * x;
        s01 += a * y;
        s10 += b * x;
        s11 += b * y;
      }
      entry(j, k, s00);
      entry(j, k1, s01);
      entry(j1, k, s10);
      entry(j1, k1, s11);
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) gram[j * p + k] = gram[k * p + j];
}
