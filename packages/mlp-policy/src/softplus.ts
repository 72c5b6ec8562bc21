/**
 * The soft rectifier a = log(1 + e^z) of the paper's hidden layer (Levine & Koltun 2013, §6) and its
 * derivative, the logistic sigmoid, safe for any finite z (no overflow at |z| = 1000):
 *
 *   softplus(z) = max(z, 0) + log1p(e^{−|z|}),   σ(z) = (z ≥ 0 ? 1 : e^{−|z|}) / (1 + e^{−|z|}).
 *
 * Both only need e^x for x ≤ 0 and log1p(t) for t ∈ [0, 1]. Math.exp and Math.log1p were two thirds of
 * the forward pass, so those two are computed here by table-driven range reduction (the textbook
 * method of Tang, "Table-driven implementation of the exponential function", ACM TOMS 1989), which is
 * about 2.5× faster in V8 and accurate to a few ulp (tested against Math.exp / Math.log1p).
 */

// e^x = 2^(k/64) · e^r with k = round(64 x / ln 2), |r| ≤ ln 2 / 128; 2^(k/64) = 2^(k >> 6) · 2^((k & 63)/64).
const INV_LN2_64 = 64 / Math.LN2;
// ln 2 / 64 split in two (fdlibm's split): the high part has 32 significant bits, so k · LN2_64_HI is
// exact for |k| < 2^21 (here |k| ≤ 68 788).
const LN2_64_HI = 6.93147180369123816490e-1 / 64;
const LN2_64_LO = 1.90821492927058770002e-10 / 64;
const ROUND_MAGIC = 6755399441055744; // 1.5 · 2^52: (y + M) − M rounds y to the nearest integer
export const EXP2_FRACTION = new Float64Array(64); // 2^(j/64)
for (let j = 0; j < 64; j++) EXP2_FRACTION[j] = Math.pow(2, j / 64);
export const EXP2_NEGATIVE_INTEGER = new Float64Array(1077); // 2^(−m), exact (down to the subnormals)
for (let m = 0; m < 1077; m++) EXP2_NEGATIVE_INTEGER[m] = Math.pow(2, -m);

/** e^x for x ≤ 0 (x < −745 gives 0 or the smallest subnormal, as Math.exp would, to within rounding). */
export function expNonPositive(x: number): number {
  const xc = x < -745 ? -745 : x;
  const k = xc * INV_LN2_64 + ROUND_MAGIC - ROUND_MAGIC;
  const r = xc - k * LN2_64_HI - k * LN2_64_LO;
  // e^r by its Taylor series to r^6: the first omitted term, r^7/7! < 3e-20, is far below an ulp.
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const ki = k | 0;
  return EXP2_NEGATIVE_INTEGER[-(ki >> 6)] * (EXP2_FRACTION[ki & 63] * p);
}

// log1p(t) = log(1 + c_j) + log1p(g), c_j = j/64 the nearest grid point, g = (t − c_j)/(1 + c_j), |g| ≤ 1/128.
export const LOG1P_GRID = new Float64Array(65);
export const INV_ONE_PLUS_GRID = new Float64Array(65);
for (let j = 0; j <= 64; j++) {
  LOG1P_GRID[j] = Math.log1p(j / 64);
  INV_ONE_PLUS_GRID[j] = 1 / (1 + j / 64);
}

/** log(1 + t) for t ∈ [0, 1]. */
export function log1pUnit(t: number): number {
  const j = (t * 64 + 0.5) | 0;
  const g = (t - j * 0.015625) * INV_ONE_PLUS_GRID[j]; // t − j/64 is exact (Sterbenz)
  // log1p(g) = g − g²/2 + … − g^8/8: the first omitted term, g^9/9, is below 2e-18 · |g|.
  const s = g * (1 - g * (1 / 2 - g * (1 / 3 - g * (1 / 4 - g * (1 / 5 - g * (1 / 6 - g * (1 / 7 - g / 8)))))));
  return LOG1P_GRID[j] + s;
}

/** log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}); never overflows. */
export function softplus(z: number): number {
  const az = Math.abs(z);
  return 0.5 * (z + az) + log1pUnit(expNonPositive(-az));
}

/** σ(z) = 1 / (1 + e^{−z}) = d softplus / dz, from e^{−|z|} so it never overflows. */
export function sigmoid(z: number): number {
  const e = expNonPositive(-Math.abs(z));
  return (z >= 0 ? 1 : e) / (1 + e);
}

/**
 * For p in [start, end): slope[p] ← σ(values[p]), values[p] ← softplus(values[p]) (one exp shared).
 * A separate small loop so that V8 inlines expNonPositive and log1pUnit.
 */
export function softplusInPlace(values: Float64Array, slope: Float64Array, start: number, end: number): void {
  for (let p = start; p < end; p++) {
    const z = values[p];
    const az = Math.abs(z);
    const e = expNonPositive(-az);
    values[p] = 0.5 * (z + az) + log1pUnit(e);
    slope[p] = (z >= 0 ? 1 : e) / (1 + e);
  }
}
