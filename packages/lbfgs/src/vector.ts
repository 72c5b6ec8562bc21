// Small BLAS-style kernels on whole Float64Arrays (unit stride, offset 0).

/** x . y */
export function dot(n: number, x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i] * y[i];
  return sum;
}

/** max_i |x_i| */
export function normInf(n: number, x: Float64Array): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]);
    if (a > max) max = a;
  }
  return max;
}

/** sqrt(x . x), scaled to avoid overflow/underflow. */
export function norm2(n: number, x: Float64Array): number {
  const scale = normInf(n, x);
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
}

/** Index of the first non-finite entry of x, or -1. */
export function firstNonFinite(n: number, x: Float64Array): number {
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}
