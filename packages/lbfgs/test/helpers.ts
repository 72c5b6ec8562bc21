// Test problems and small utilities shared by the tests.

/** mulberry32: a tiny seeded PRNG, uniform on [0, 1). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random symmetric positive-definite n x n matrix (row-major): B B^T + n I / 10 with B uniform in [-1, 1]. */
export function randomSpd(n: number, rand: () => number): Float64Array {
  const b = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) b[i] = 2 * rand() - 1;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n / 10 : 0;
      for (let k = 0; k < n; k++) sum += b[i * n + k] * b[j * n + k];
      a[i * n + j] = sum;
    }
  }
  return a;
}

/** Solve A x = b for SPD A by Cholesky (A = L L^T). */
export function choleskySolve(n: number, a: Float64Array, b: Float64Array): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j];
    for (let k = 0; k < j; k++) diag -= l[j * n + k] * l[j * n + k];
    if (!(diag > 0)) throw new Error('choleskySolve: matrix not positive definite');
    const ljj = Math.sqrt(diag);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = sum / ljj;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
    z[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** f(x) = 1/2 x^T A x - b^T x, grad = A x - b. */
export function quadratic(n: number, a: Float64Array, b: Float64Array) {
  return (x: Float64Array, g: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j] * x[j];
      g[i] = ax - b[i];
      f += x[i] * (0.5 * ax - b[i]);
    }
    return f;
  };
}

/** Central finite-difference gradient. */
export function numericGradient(f: (x: Float64Array, g: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const scratch = new Float64Array(n);
  const xp = Float64Array.from(x);
  for (let i = 0; i < n; i++) {
    xp[i] = x[i] + h;
    const fp = f(xp, scratch);
    xp[i] = x[i] - h;
    const fm = f(xp, scratch);
    xp[i] = x[i];
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

/** Wraps an objective to count its calls. */
export function counted(f: (x: Float64Array, g: Float64Array) => number) {
  const wrapper = { calls: 0, objective: (x: Float64Array, g: Float64Array) => (wrapper.calls++, f(x, g)) };
  return wrapper;
}
