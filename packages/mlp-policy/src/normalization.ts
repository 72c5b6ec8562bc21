/**
 * Input normalization x̃_k = (x_k − mean_k) / std_k, fitted on data (the guiding samples).
 *
 * A dimension whose standard deviation is below `minStd` (default 1e-3) is treated as constant:
 * it is centred but not scaled (std_k = 1). A hard floor (std_k = max(sd_k, minStd)) would instead
 * amplify any deviation the training data never showed by 1/minStd, e.g. a terrain-slope input that
 * was 0 in every guiding sample and is 0.2 at test time.
 */

export interface Normalization {
  /** [dim] */ mean: Float64Array;
  /** [dim], every entry > 0 */ std: Float64Array;
}

export interface FitNormalizationOptions {
  /** Standard deviations below this mark a constant dimension (centred only). Default 1e-3. */
  minStd?: number;
}

export function identityNormalization(dim: number): Normalization {
  return { mean: new Float64Array(dim), std: new Float64Array(dim).fill(1) };
}

/**
 * Mean and standard deviation (population, divided by n) of each column of obs [n × dim],
 * in two passes (mean first, then squared deviations) for accuracy.
 */
export function fitNormalizationStats(
  where: string,
  n: number,
  dim: number,
  obs: Float64Array,
  options: FitNormalizationOptions = {},
): Normalization {
  const minStd = options.minStd ?? 1e-3;
  if (typeof minStd !== 'number' || !Number.isFinite(minStd) || minStd < 0) {
    throw new Error(`${where}: options.minStd must be a finite number ≥ 0, got ${minStd}`);
  }
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: n must be an integer ≥ 1, got ${n}`);
  if (obs == null || obs.length < n * dim) {
    throw new Error(`${where}: obs must have length ≥ n·inputDim = ${n * dim}, got ${obs == null ? obs : obs.length}`);
  }
  const mean = new Float64Array(dim);
  const std = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let k = 0; k < dim; k++) {
      const v = obs[row + k];
      if (!Number.isFinite(v)) throw new Error(`${where}: obs[${row + k}] is ${v}`);
      mean[k] += v;
    }
  }
  for (let k = 0; k < dim; k++) mean[k] /= n;
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let k = 0; k < dim; k++) {
      const d = obs[row + k] - mean[k];
      std[k] += d * d;
    }
  }
  for (let k = 0; k < dim; k++) {
    const sd = Math.sqrt(std[k] / n);
    std[k] = sd >= minStd && sd > 0 ? sd : 1;
  }
  return { mean, std };
}
