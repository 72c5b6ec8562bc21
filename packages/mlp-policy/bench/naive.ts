/**
 * The baseline the bench compares against: log π and its weighted gradient written the obvious way,
 * one row at a time with nested loops and Math.exp / Math.log1p, for a one-hidden-layer network in
 * the layout of src/layout.ts (W0 [H × I], b0, W1 [D × H], b1, logStd). Returns Σ_i w_i log π_i.
 */
export function naiveLogProbGrad(
  theta: Float64Array,
  I: number,
  H: number,
  D: number,
  minStd: number,
  n: number,
  obs: Float64Array,
  actions: Float64Array,
  weights: Float64Array,
  grad: Float64Array,
): number {
  const w0 = 0;
  const b0 = H * I;
  const w1 = b0 + H;
  const b1 = w1 + D * H;
  const ls = b1 + D;
  const a = new Float64Array(H);
  const s = new Float64Array(H);
  const g = new Float64Array(D);
  const da = new Float64Array(H);
  grad.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < H; j++) {
      let z = theta[b0 + j];
      for (let k = 0; k < I; k++) z += theta[w0 + j * I + k] * obs[i * I + k];
      a[j] = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
      s[j] = 1 / (1 + Math.exp(-z));
    }
    let lp = 0;
    for (let d = 0; d < D; d++) {
      let mu = theta[b1 + d];
      for (let j = 0; j < H; j++) mu += theta[w1 + d * H + j] * a[j];
      const sigma = minStd + Math.exp(theta[ls + d]);
      const r = (actions[i * D + d] - mu) / sigma;
      lp += -0.5 * r * r - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
      g[d] = (weights[i] * r) / sigma;
      grad[ls + d] += weights[i] * (r * r - 1) * (Math.exp(theta[ls + d]) / sigma);
    }
    total += weights[i] * lp;
    da.fill(0);
    for (let d = 0; d < D; d++) {
      grad[b1 + d] += g[d];
      for (let j = 0; j < H; j++) {
        grad[w1 + d * H + j] += g[d] * a[j];
        da[j] += g[d] * theta[w1 + d * H + j];
      }
    }
    for (let j = 0; j < H; j++) {
      const dz = da[j] * s[j];
      grad[b0 + j] += dz;
      for (let k = 0; k < I; k++) grad[w0 + j * I + k] += dz * obs[i * I + k];
    }
  }
  return total;
}
