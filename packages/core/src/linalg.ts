/**
 * Small dense linear algebra on row-major Float64Arrays, in the style of BLAS kernels:
 * sizes are explicit, outputs are caller-owned, nothing is allocated unless documented.
 * Matrices are at most a few hundred wide here (state 63, action 21), so plain loops
 * ordered for row-major access are the right tool.
 */

/**
 * C ← alpha · op(A) · op(B) + beta · C, with op(A) M×K, op(B) K×N, C M×N.
 * Without transposition A is stored M×K and B K×N; with it, A is K×M and B is N×K.
 * C must not alias A or B.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  alpha: number,
  A: Float64Array,
  B: Float64Array,
  beta: number,
  C: Float64Array,
): Float64Array {
  if (beta === 0) C.fill(0, 0, M * N);
  else if (beta !== 1) for (let i = 0; i < M * N; i++) C[i] *= beta;
  if (alpha === 0) return C;
  if (!transB) {
    // i-k-j order: the inner loop walks a row of B and a row of C contiguously.
    for (let i = 0; i < M; i++) {
      const ci = i * N;
      for (let k = 0; k < K; k++) {
        const a = alpha * (transA ? A[k * M + i] : A[i * K + k]);
        if (a === 0) continue;
        const bk = k * N;
        for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j];
      }
    }
  } else {
    // B is N×K: C[i][j] is the dot product of row i of op(A) with row j of B.
    for (let i = 0; i < M; i++) {
      const ci = i * N;
      for (let j = 0; j < N; j++) {
        const bj = j * K;
        let sum = 0;
        if (transA) for (let k = 0; k < K; k++) sum += A[k * M + i] * B[bj + k];
        else {
          const ai = i * K;
          for (let k = 0; k < K; k++) sum += A[ai + k] * B[bj + k];
        }
        C[ci + j] += alpha * sum;
      }
    }
  }
  return C;
}

/** y ← alpha · op(A) · x + beta · y, with A stored M×N (op(A) = Aᵀ is N×M when trans). */
export function gemv(
  trans: boolean,
  M: number,
  N: number,
  alpha: number,
  A: Float64Array,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): Float64Array {
  const rows = trans ? N : M;
  if (beta === 0) y.fill(0, 0, rows);
  else if (beta !== 1) for (let i = 0; i < rows; i++) y[i] *= beta;
  if (!trans) {
    for (let i = 0; i < M; i++) {
      let sum = 0;
      const ai = i * N;
      for (let j = 0; j < N; j++) sum += A[ai + j] * x[j];
      y[i] += alpha * sum;
    }
  } else {
    for (let i = 0; i < M; i++) {
      const a = alpha * x[i];
      if (a === 0) continue;
      const ai = i * N;
      for (let j = 0; j < N; j++) y[j] += a * A[ai + j];
    }
  }
  return y;
}

/**
 * Cholesky factorization A = L Lᵀ of a symmetric n×n matrix (only its lower triangle is read).
 * Writes L (lower triangle, zeros above) into `L`, which may be `A` itself.
 * Returns false — leaving L partly written — when A is not numerically positive definite
 * (a pivot ≤ 0 or non-finite), so a caller such as iLQR can raise its regularization and retry.
 */
export function cholesky(n: number, A: Float64Array, L: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    const jj = j * n;
    let d = A[jj + j];
    for (let k = 0; k < j; k++) d -= L[jj + k] * L[jj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    L[jj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ii = i * n;
      let s = A[ii + j];
      for (let k = 0; k < j; k++) s -= L[ii + k] * L[jj + k];
      L[ii + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) L[jj + k] = 0;
  }
  return true;
}

/** Like `cholesky`, but throws an Error naming the matrix when it is not positive definite. */
export function choleskyOrThrow(n: number, A: Float64Array, L: Float64Array, name: string): Float64Array {
  const copy = L === A ? Float64Array.from(A.subarray(0, n * n)) : A;
  if (!cholesky(n, copy, L)) {
    let minDiag = Infinity;
    for (let i = 0; i < n; i++) minDiag = Math.min(minDiag, copy[i * n + i]);
    throw new Error(`${name} (${n}×${n}) is not positive definite (smallest diagonal entry ${minDiag})`);
  }
  return L;
}

/** Solves L X = B in place (B is n×nrhs, overwritten by X), L lower triangular n×n. */
export function solveLower(n: number, L: Float64Array, B: Float64Array, nrhs = 1): Float64Array {
  for (let i = 0; i < n; i++) {
    const li = i * n;
    const bi = i * nrhs;
    for (let k = 0; k < i; k++) {
      const l = L[li + k];
      if (l === 0) continue;
      const bk = k * nrhs;
      for (let c = 0; c < nrhs; c++) B[bi + c] -= l * B[bk + c];
    }
    const d = L[li + i];
    for (let c = 0; c < nrhs; c++) B[bi + c] /= d;
  }
  return B;
}

/** Solves Lᵀ X = B in place (B is n×nrhs), L lower triangular n×n. */
export function solveLowerTranspose(n: number, L: Float64Array, B: Float64Array, nrhs = 1): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    const bi = i * nrhs;
    for (let k = i + 1; k < n; k++) {
      const l = L[k * n + i];
      if (l === 0) continue;
      const bk = k * nrhs;
      for (let c = 0; c < nrhs; c++) B[bi + c] -= l * B[bk + c];
    }
    const d = L[i * n + i];
    for (let c = 0; c < nrhs; c++) B[bi + c] /= d;
  }
  return B;
}

/** Solves (L Lᵀ) X = B in place given the Cholesky factor L. */
export function choleskySolve(n: number, L: Float64Array, B: Float64Array, nrhs = 1): Float64Array {
  solveLower(n, L, B, nrhs);
  return solveLowerTranspose(n, L, B, nrhs);
}

/**
 * Inverse of a symmetric positive-definite n×n matrix through its Cholesky factor.
 * `work` (n×n) receives the factor. Returns false when A is not positive definite.
 */
export function symmetricInverse(n: number, A: Float64Array, out: Float64Array, work: Float64Array): boolean {
  if (!cholesky(n, A, work)) return false;
  out.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  choleskySolve(n, work, out, n);
  // Symmetrize: the two triangles differ by rounding only.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (out[i * n + j] + out[j * n + i]);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return true;
}

/** log det(A) = 2 Σ log L_ii from the Cholesky factor L of A. */
export function logDetFromCholesky(n: number, L: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(L[i * n + i]);
  return 2 * sum;
}

/**
 * log Σ_i exp(x[offset + i·stride]) for i < n, computed around the maximum so it neither
 * overflows nor underflows. Returns −Infinity for n = 0 or when every term is −Infinity;
 * NaN in the input gives NaN (callers check).
 */
export function logSumExp(n: number, x: ArrayLike<number>, stride = 1, offset = 0): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i * stride];
    if (v > max || Number.isNaN(v)) max = v;
    if (Number.isNaN(v)) return NaN;
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(x[offset + i * stride] - max);
  return max + Math.log(sum);
}
