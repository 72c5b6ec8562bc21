/**
 * The hot loops of MlpPolicy: forward and backward passes over a row-major batch.
 *
 * Rows are processed in blocks of four and units in pairs: each weight loaded from θ serves four rows
 * and each input value two units (eight accumulators in registers), which cuts the loads per
 * multiply-add from two (the naive row-at-a-time loop) to 0.75. In the forward pass every accumulator
 * still sums over k in order, so the outputs equal the naive loops' bit for bit (and forwardOne's); the
 * backward pass adds four rows' contributions at a time, which changes only the rounding.
 * A final partial block repeats its last row (the repeated rows rewrite identical values in the forward
 * pass and get zero weight in the backward pass), so there is one code path.
 *
 * Layout (layout.ts): W_l is row-major [nOut × nIn] at weightOffset[l], b_l at biasOffset[l].
 * Buffers: acts[0] = normalized input [n × sizes[0]], acts[l] (l ≥ 1) = hidden activations
 * a = softplus(z) [n × sizes[l]], sigs[l] = σ(z) = d a / d z for the same units.
 */
import { throwIfNonFinite } from './checks.js';
import { softplusInPlace } from './softplus.js';

/** The network a kernel reads: θ, its layout and the input normalization. */
export interface Net {
  theta: Float64Array;
  sizes: readonly number[];
  weightOffset: readonly number[];
  biasOffset: readonly number[];
  normMean: Float64Array;
  normInvStd: Float64Array;
}

/**
 * Normalizes row `row` of obs into x0 (same offset), throwing `${where}: obs[i] is NaN` (or ±Infinity)
 * when the row holds a non-finite value.
 */
function normalizeRow(where: string, net: Net, obs: Float64Array, x0: Float64Array, row: number): void {
  const inDim = net.sizes[0];
  const nm = net.normMean;
  const nis = net.normInvStd;
  const xo = row * inDim;
  let bad = 0;
  for (let k = 0; k < inDim; k++) {
    const v = obs[xo + k];
    bad += v * 0; // stays 0 unless some v is NaN or ±Infinity
    x0[xo + k] = (v - nm[k]) * nis[k];
  }
  if (bad !== 0) throwIfNonFinite(where, 'obs', obs, xo, inDim);
}

/** Normalizes rows 0 … n−1 of obs into x0, throwing as normalizeRow does for a non-finite value. */
export function normalizeRows(where: string, net: Net, n: number, obs: Float64Array, x0: Float64Array): void {
  for (let i = 0; i < n; i++) normalizeRow(where, net, obs, x0, i);
}

/**
 * μ_θ(x̃_i) for rows 0 … n−1 into means [n × actionDim], filling acts and sigs (see the top):
 * per block of rows, first the pre-activations z of a layer, then softplus and σ over them (softplus.ts).
 */
export function forwardRows(
  where: string,
  net: Net,
  n: number,
  obs: Float64Array,
  acts: Float64Array[],
  sigs: Float64Array[],
  means: Float64Array,
): void {
  const { theta, sizes, weightOffset, biasOffset } = net;
  const L = sizes.length - 1;
  const last = n - 1;
  for (let i0 = 0; i0 < n; i0 += 4) {
    const r0 = i0;
    const r1 = i0 + 1 < n ? i0 + 1 : last;
    const r2 = i0 + 2 < n ? i0 + 2 : last;
    const r3 = i0 + 3 < n ? i0 + 3 : last;
    normalizeRow(where, net, obs, acts[0], r0);
    if (r1 !== r0) normalizeRow(where, net, obs, acts[0], r1);
    if (r2 !== r1) normalizeRow(where, net, obs, acts[0], r2);
    if (r3 !== r2) normalizeRow(where, net, obs, acts[0], r3);
    for (let l = 0; l < L; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const inBuf = acts[l];
      const o0 = r0 * nIn;
      const o1 = r1 * nIn;
      const o2 = r2 * nIn;
      const o3 = r3 * nIn;
      const wo = weightOffset[l];
      const bo = biasOffset[l];
      const hiddenLayer = l + 1 < L;
      const outBuf = hiddenLayer ? acts[l + 1] : means;
      const q0 = r0 * nOut;
      const q1 = r1 * nOut;
      const q2 = r2 * nOut;
      const q3 = r3 * nOut;
      let j = 0;
      for (; j + 1 < nOut; j += 2) {
        const wr = wo + j * nIn;
        const ws = wr + nIn;
        const bj = theta[bo + j];
        const bk = theta[bo + j + 1];
        let z0 = bj;
        let z1 = bj;
        let z2 = bj;
        let z3 = bj;
        let y0 = bk;
        let y1 = bk;
        let y2 = bk;
        let y3 = bk;
        for (let k = 0; k < nIn; k++) {
          const w = theta[wr + k];
          const v = theta[ws + k];
          const x0 = inBuf[o0 + k];
          const x1 = inBuf[o1 + k];
          const x2 = inBuf[o2 + k];
          const x3 = inBuf[o3 + k];
          z0 += w * x0;
          z1 += w * x1;
          z2 += w * x2;
          z3 += w * x3;
          y0 += v * x0;
          y1 += v * x1;
          y2 += v * x2;
          y3 += v * x3;
        }
        outBuf[q0 + j] = z0;
        outBuf[q1 + j] = z1;
        outBuf[q2 + j] = z2;
        outBuf[q3 + j] = z3;
        outBuf[q0 + j + 1] = y0;
        outBuf[q1 + j + 1] = y1;
        outBuf[q2 + j + 1] = y2;
        outBuf[q3 + j + 1] = y3;
      }
      for (; j < nOut; j++) {
        const wr = wo + j * nIn;
        const bj = theta[bo + j];
        let z0 = bj;
        let z1 = bj;
        let z2 = bj;
        let z3 = bj;
        for (let k = 0; k < nIn; k++) {
          const w = theta[wr + k];
          z0 += w * inBuf[o0 + k];
          z1 += w * inBuf[o1 + k];
          z2 += w * inBuf[o2 + k];
          z3 += w * inBuf[o3 + k];
        }
        outBuf[q0 + j] = z0;
        outBuf[q1 + j] = z1;
        outBuf[q2 + j] = z2;
        outBuf[q3 + j] = z3;
      }
      // Rows r0 … r3 are consecutive (or repeats of the last row), so their units are one contiguous range.
      if (hiddenLayer) softplusInPlace(outBuf, sigs[l + 1], q0, q3 + nOut);
    }
  }
}

/**
 * The forward pass for one input (row 0 of each buffer), one row at a time. Sums in the same order
 * as forwardRows, so both give identical results.
 */
export function forwardOne(
  where: string,
  net: Net,
  obs: Float64Array,
  acts: Float64Array[],
  sigs: Float64Array[],
  mean: Float64Array,
): void {
  const { theta, sizes, weightOffset, biasOffset } = net;
  const L = sizes.length - 1;
  normalizeRow(where, net, obs, acts[0], 0);
  for (let l = 0; l < L; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const inBuf = acts[l];
    const wo = weightOffset[l];
    const bo = biasOffset[l];
    for (let j = 0; j < nOut; j++) {
      const wr = wo + j * nIn;
      let z = theta[bo + j];
      for (let k = 0; k < nIn; k++) z += theta[wr + k] * inBuf[k];
      if (l + 1 < L) acts[l + 1][j] = z;
      else mean[j] = z;
    }
    if (l + 1 < L) softplusInPlace(acts[l + 1], sigs[l + 1], 0, nOut);
  }
}

/** Scratch for backwardRows: two [4 × widest layer] delta blocks and the log-std accumulator. */
export interface BackwardScratch {
  deltaA: Float64Array;
  deltaB: Float64Array;
  /** [actionDim] Σ_i w_i (r_id² − 1) */
  stdAcc: Float64Array;
}

/**
 * Back-propagation over the cached forward pass of rows 0 … n−1:
 *   ∂ log π_i / ∂μ_d = r_id / σ_d,  ∂ log π_i / ∂ log σ_d = r_id² − 1  (r = (u − μ)/σ, in resid),
 *   per layer ∂/∂W_l[j,k] += Σ_i δ_ij a_ik,  ∂/∂b_l[j] += Σ_i δ_ij,  δ_prev = (δ W_l) ⊙ σ(z).
 * Adds the weighted network gradient into grad (which must arrive zeroed), accumulates
 * Σ_i w_i (r_id² − 1) into scratch.stdAcc (zeroed here) and returns Σ_i w_i log π_i.
 * Blocks whose four weights are all zero are skipped.
 */
export function backwardRows(
  net: Net,
  n: number,
  acts: Float64Array[],
  sigs: Float64Array[],
  resid: Float64Array,
  logp: Float64Array,
  invSigma: Float64Array,
  weights: Float64Array,
  grad: Float64Array,
  scratch: BackwardScratch,
): number {
  const { theta, sizes, weightOffset, biasOffset } = net;
  const L = sizes.length - 1;
  const D = sizes[L];
  const stdAcc = scratch.stdAcc;
  for (let d = 0; d < D; d++) stdAcc[d] = 0;
  let total = 0;
  const last = n - 1;
  for (let i0 = 0; i0 < n; i0 += 4) {
    // Rows past the end repeat the last row with weight 0.
    const r0 = i0;
    const r1 = i0 + 1 < n ? i0 + 1 : last;
    const r2 = i0 + 2 < n ? i0 + 2 : last;
    const r3 = i0 + 3 < n ? i0 + 3 : last;
    const w0 = weights[r0];
    const w1 = r1 !== r0 ? weights[r1] : 0;
    const w2 = r2 !== r1 ? weights[r2] : 0;
    const w3 = r3 !== r2 ? weights[r3] : 0;
    if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
    total += w0 * logp[r0] + w1 * logp[r1] + w2 * logp[r2] + w3 * logp[r3];

    let cur = scratch.deltaA;
    let next = scratch.deltaB;
    // Output layer deltas, block layout cur[b * D + d].
    for (let d = 0; d < D; d++) {
      const s = invSigma[d];
      const e0 = resid[r0 * D + d];
      const e1 = resid[r1 * D + d];
      const e2 = resid[r2 * D + d];
      const e3 = resid[r3 * D + d];
      cur[d] = w0 * e0 * s;
      cur[D + d] = w1 * e1 * s;
      cur[2 * D + d] = w2 * e2 * s;
      cur[3 * D + d] = w3 * e3 * s;
      stdAcc[d] += w0 * (e0 * e0 - 1) + w1 * (e1 * e1 - 1) + w2 * (e2 * e2 - 1) + w3 * (e3 * e3 - 1);
    }

    for (let l = L - 1; l >= 0; l--) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const inBuf = acts[l];
      const o0 = r0 * nIn;
      const o1 = r1 * nIn;
      const o2 = r2 * nIn;
      const o3 = r3 * nIn;
      const wo = weightOffset[l];
      const bo = biasOffset[l];
      // Weight and bias gradients: grad[W_l] += δᵀ a over the four rows.
      let j = 0;
      for (; j + 1 < nOut; j += 2) {
        const d0 = cur[j];
        const d1 = cur[nOut + j];
        const d2 = cur[2 * nOut + j];
        const d3 = cur[3 * nOut + j];
        const e0 = cur[j + 1];
        const e1 = cur[nOut + j + 1];
        const e2 = cur[2 * nOut + j + 1];
        const e3 = cur[3 * nOut + j + 1];
        grad[bo + j] += d0 + d1 + d2 + d3;
        grad[bo + j + 1] += e0 + e1 + e2 + e3;
        const wr = wo + j * nIn;
        const ws = wr + nIn;
        for (let k = 0; k < nIn; k++) {
          const x0 = inBuf[o0 + k];
          const x1 = inBuf[o1 + k];
          const x2 = inBuf[o2 + k];
          const x3 = inBuf[o3 + k];
          grad[wr + k] += d0 * x0 + d1 * x1 + d2 * x2 + d3 * x3;
          grad[ws + k] += e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
        }
      }
      for (; j < nOut; j++) {
        const d0 = cur[j];
        const d1 = cur[nOut + j];
        const d2 = cur[2 * nOut + j];
        const d3 = cur[3 * nOut + j];
        grad[bo + j] += d0 + d1 + d2 + d3;
        const wr = wo + j * nIn;
        for (let k = 0; k < nIn; k++) {
          grad[wr + k] += d0 * inBuf[o0 + k] + d1 * inBuf[o1 + k] + d2 * inBuf[o2 + k] + d3 * inBuf[o3 + k];
        }
      }
      if (l === 0) break;
      // Deltas of the layer below: δ_prev[b, k] = σ(z_bk) Σ_j δ[b, j] W_l[j, k] (W read down column k).
      const sig = sigs[l];
      let k = 0;
      for (; k + 1 < nIn; k += 2) {
        // Columns k and k+1 together: each δ loaded serves two weights.
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let c0 = 0;
        let c1 = 0;
        let c2 = 0;
        let c3 = 0;
        let wi = wo + k;
        for (let j = 0; j < nOut; j++) {
          const w = theta[wi];
          const v = theta[wi + 1];
          const d0 = cur[j];
          const d1 = cur[nOut + j];
          const d2 = cur[2 * nOut + j];
          const d3 = cur[3 * nOut + j];
          a0 += d0 * w;
          a1 += d1 * w;
          a2 += d2 * w;
          a3 += d3 * w;
          c0 += d0 * v;
          c1 += d1 * v;
          c2 += d2 * v;
          c3 += d3 * v;
          wi += nIn;
        }
        next[k] = a0 * sig[o0 + k];
        next[nIn + k] = a1 * sig[o1 + k];
        next[2 * nIn + k] = a2 * sig[o2 + k];
        next[3 * nIn + k] = a3 * sig[o3 + k];
        next[k + 1] = c0 * sig[o0 + k + 1];
        next[nIn + k + 1] = c1 * sig[o1 + k + 1];
        next[2 * nIn + k + 1] = c2 * sig[o2 + k + 1];
        next[3 * nIn + k + 1] = c3 * sig[o3 + k + 1];
      }
      for (; k < nIn; k++) {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let wi = wo + k;
        for (let j = 0; j < nOut; j++) {
          const w = theta[wi];
          a0 += cur[j] * w;
          a1 += cur[nOut + j] * w;
          a2 += cur[2 * nOut + j] * w;
          a3 += cur[3 * nOut + j] * w;
          wi += nIn;
        }
        next[k] = a0 * sig[o0 + k];
        next[nIn + k] = a1 * sig[o1 + k];
        next[2 * nIn + k] = a2 * sig[o2 + k];
        next[3 * nIn + k] = a3 * sig[o3 + k];
      }
      const swap = cur;
      cur = next;
      next = swap;
    }
  }
  return total;
}
