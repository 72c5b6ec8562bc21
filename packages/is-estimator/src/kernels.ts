/**
 * Log-space kernels of the importance-sampled objective (README: "Derivation").
 * Arrays are [rows, T] sample-major; a "slice" is any subset of whole trajectories,
 * so the same kernels run in one thread or in each worker on its share of the samples.
 * No kernel allocates; none ever forms a weight outside [0, 1].
 */

/**
 * log w_{i,t} = Σ_{s≤t} log π(u_s^i | o_s^i) − log q(ζ_i,1:t).
 * Throws (naming the global sample index `firstSample + i · sampleStride`) when the policy's
 * log-probability or the resulting log-weight is not finite.
 */
export function prefixLogWeights(
  rows: number,
  T: number,
  stepLogPi: Float64Array,
  logQ: Float64Array,
  logW: Float64Array,
  firstSample: number,
  sampleStride = 1,
): void {
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    for (let t = 0, k = i * T; t < T; t++, k++) {
      const lp = stepLogPi[k];
      if (lp - lp !== 0) throw new Error(`policy.logProb returned ${lp} at sample ${firstSample + i * sampleStride}, step ${t}`);
      acc += lp;
      const lw = acc - logQ[k];
      if (lw - lw !== 0) {
        throw new Error(`log-weight is ${lw} at sample ${firstSample + i * sampleStride}, step ${t} (log π prefix ${acc}, log q ${logQ[k]})`);
      }
      logW[k] = lw;
    }
  }
}

/**
 * Per column t of a [rows, T] log-weight array: lse[t] = log Σ_i w_{i,t} and
 * mean[t] = Σ_i w_{i,t} value_{i,t} / Σ_i w_{i,t}, with w = exp(logW) never formed
 * (every exponent is logW − max ≤ 0). `sumScratch` has length ≥ T.
 */
export function columnLogSumExpAndMean(
  rows: number,
  T: number,
  logW: Float64Array,
  values: Float64Array,
  lse: Float64Array,
  mean: Float64Array,
  sumScratch: Float64Array,
): void {
  for (let t = 0; t < T; t++) lse[t] = -Infinity;
  for (let i = 0; i < rows; i++) {
    for (let t = 0, k = i * T; t < T; t++, k++) if (logW[k] > lse[t]) lse[t] = logW[k];
  }
  for (let t = 0; t < T; t++) {
    sumScratch[t] = 0;
    mean[t] = 0;
  }
  for (let i = 0; i < rows; i++) {
    for (let t = 0, k = i * T; t < T; t++, k++) {
      const w = Math.exp(logW[k] - lse[t]);
      sumScratch[t] += w;
      mean[t] += w * values[k];
    }
  }
  // sumScratch[t] ≥ 1 (the max term contributes exp(0)), so the division is safe.
  for (let t = 0; t < T; t++) {
    mean[t] /= sumScratch[t];
    lse[t] += Math.log(sumScratch[t]);
  }
}

/**
 * Merges K slices' column results (each [K, T]) into global ones:
 * lse_t = logsumexp_k lse_{k,t}; mean_t = Σ_k exp(lse_{k,t} − lse_t) mean_{k,t}.
 */
export function combineColumns(
  K: number,
  T: number,
  lseParts: Float64Array,
  meanParts: Float64Array,
  lse: Float64Array,
  mean: Float64Array,
): void {
  for (let t = 0; t < T; t++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (lseParts[k * T + t] > max) max = lseParts[k * T + t];
    let sum = 0;
    let weighted = 0;
    for (let k = 0; k < K; k++) {
      const w = Math.exp(lseParts[k * T + t] - max);
      sum += w;
      weighted += w * meanParts[k * T + t];
    }
    lse[t] = max + Math.log(sum);
    mean[t] = weighted / sum;
  }
}

/**
 * Coefficients of the per-step (Eq. 2) gradient, ∇Φ = Σ_{i,s} c_{i,s} ∇ log π(u_s^i | o_s^i):
 * c_{i,s} = Σ_{t≥s} ŵ_{i,t} (r_{i,t} − r̄_t + w_r), ŵ_{i,t} = exp(log w_{i,t} − lse_t)
 * (a reverse cumulative sum over t because step s's log-probability enters every prefix t ≥ s).
 */
export function perStepCoefficients(
  rows: number,
  T: number,
  logW: Float64Array,
  rewards: Float64Array,
  lse: Float64Array,
  meanReward: Float64Array,
  wr: number,
  coef: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    for (let t = T - 1, k = i * T + T - 1; t >= 0; t--, k--) {
      acc += Math.exp(logW[k] - lse[t]) * (rewards[k] - meanReward[t] + wr);
      coef[k] = acc;
    }
  }
}

/**
 * Sets to zero the coefficients c_k with |c_k| < 2⁻⁵³ · max_k |c_k| (returns how many). Their terms
 * c_k ∇ log π_k are below the rounding of the gradient's largest term, and the policy's backward pass
 * skips any block of rows whose coefficients are all zero: most samples of an active set carry a
 * normalized weight ŵ that underflows far below that (on the walker's, 82% of the blocks).
 */
export function flushNegligible(n: number, coef: Float64Array): number {
  let max = 0;
  for (let k = 0; k < n; k++) {
    const a = Math.abs(coef[k]);
    if (a > max) max = a;
  }
  const cut = max * 2 ** -53;
  let flushed = 0;
  for (let k = 0; k < n; k++) {
    if (coef[k] !== 0 && Math.abs(coef[k]) < cut) {
      coef[k] = 0;
      flushed++;
    }
  }
  return flushed;
}

/** Gathers the whole-trajectory log-weights log w_{i,T−1} into `out` [rows]. */
export function lastColumn(rows: number, T: number, logW: Float64Array, out: Float64Array): void {
  for (let i = 0; i < rows; i++) out[i] = logW[i * T + T - 1];
}

/** Returns R_i = Σ_t r_{i,t} into `out` [rows]. */
export function rowSums(rows: number, T: number, values: Float64Array, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    let acc = 0;
    for (let t = 0, k = i * T; t < T; t++, k++) acc += values[k];
    out[i] = acc;
  }
}

/**
 * Coefficients of the whole-trajectory (Eq. 1) gradient: every step s of sample i gets
 * c_{i,s} = ŵ_i (R_i − R̄ + w_r), ŵ_i = exp(log w_i − lse).
 */
export function trajectoryCoefficients(
  rows: number,
  T: number,
  trajLogW: Float64Array,
  returns: Float64Array,
  lse: number,
  meanReturn: number,
  wr: number,
  coef: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    const c = Math.exp(trajLogW[i] - lse) * (returns[i] - meanReturn + wr);
    coef.fill(c, i * T, i * T + T);
  }
}

/**
 * Kish effective sample size per column, (Σ_i w)² / Σ_i w², in [1, rows], from log-weights.
 * `scratch` has length ≥ 2T (Σ w and Σ w² per column, each scaled by exp(−max)).
 */
export function columnEffectiveSampleSize(rows: number, T: number, logW: Float64Array, out: Float64Array, scratch: Float64Array): void {
  const max = out; // holds the column maxima until the last loop overwrites them
  for (let t = 0; t < T; t++) {
    max[t] = -Infinity;
    scratch[t] = 0;
    scratch[T + t] = 0;
  }
  for (let i = 0; i < rows; i++) {
    for (let t = 0, k = i * T; t < T; t++, k++) if (logW[k] > max[t]) max[t] = logW[k];
  }
  for (let i = 0; i < rows; i++) {
    for (let t = 0, k = i * T; t < T; t++, k++) {
      const w = Math.exp(logW[k] - max[t]);
      scratch[t] += w;
      scratch[T + t] += w * w;
    }
  }
  for (let t = 0; t < T; t++) out[t] = (scratch[t] * scratch[t]) / scratch[T + t];
}
