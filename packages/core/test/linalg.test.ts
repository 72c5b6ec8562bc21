import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Rng,
  gemm,
  gemv,
  cholesky,
  choleskyOrThrow,
  solveLower,
  solveLowerTranspose,
  choleskySolve,
  symmetricInverse,
  logDetFromCholesky,
  logSumExp,
} from '../src/index.js';

const rng = new Rng(7);

function randomMatrix(rows: number, cols: number): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.normal();
  return m;
}

/** Naive reference: entry (i, j) of op(A) op(B) from the definition. */
function reference(tA: boolean, tB: boolean, M: number, N: number, K: number, A: Float64Array, B: Float64Array) {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (tA ? A[k * M + i] : A[i * K + k]) * (tB ? B[j * K + k] : B[k * N + j]);
      C[i * N + j] = s;
    }
  return C;
}

/** S = G Gᵀ + shift·I, symmetric positive definite when shift > 0. */
function spd(n: number, shift: number): Float64Array {
  const G = randomMatrix(n, n);
  const S = gemm(false, true, n, n, n, 1, G, G, 0, new Float64Array(n * n));
  for (let i = 0; i < n; i++) S[i * n + i] += shift;
  return S;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test('gemm matches the definition for every transpose combination, alpha and beta', () => {
  const [M, N, K] = [4, 5, 3];
  for (const tA of [false, true])
    for (const tB of [false, true]) {
      const A = randomMatrix(M, K);
      const B = randomMatrix(K, N);
      const C0 = randomMatrix(M, N);
      const C = gemm(tA, tB, M, N, K, 2, A, B, 0.5, Float64Array.from(C0));
      const ref = reference(tA, tB, M, N, K, A, B);
      for (let i = 0; i < ref.length; i++) ref[i] = 2 * ref[i] + 0.5 * C0[i];
      assert.ok(maxAbsDiff(C, ref) < 1e-12, `tA=${tA} tB=${tB}`);
    }
});

test('gemv matches gemm with one column, both orientations', () => {
  const A = randomMatrix(3, 4);
  const x4 = randomMatrix(4, 1);
  const x3 = randomMatrix(3, 1);
  const y = gemv(false, 3, 4, 1, A, x4, 0, new Float64Array(3));
  assert.ok(maxAbsDiff(y, reference(false, false, 3, 1, 4, A, x4)) < 1e-12);
  const yt = gemv(true, 3, 4, 1, A, x3, 0, new Float64Array(4));
  assert.ok(maxAbsDiff(yt, reference(true, false, 4, 1, 3, A, x3)) < 1e-12);
});

test('cholesky reproduces A = L Lᵀ on random SPD matrices, in place too', () => {
  for (const n of [1, 2, 5, 12]) {
    const A = spd(n, 0.1);
    const L = new Float64Array(n * n);
    assert.ok(cholesky(n, A, L));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) assert.is(L[i * n + j], 0);
    const LLt = gemm(false, true, n, n, n, 1, L, L, 0, new Float64Array(n * n));
    assert.ok(maxAbsDiff(LLt, A) < 1e-10 * (1 + Math.max(...A)), `n=${n}`);
    const inPlace = Float64Array.from(A);
    assert.ok(cholesky(n, inPlace, inPlace));
    assert.ok(maxAbsDiff(inPlace, L) === 0);
  }
});

test('cholesky flags indefinite, singular and NaN matrices instead of throwing', () => {
  const indefinite = Float64Array.from([1, 2, 2, 1]); // eigenvalues 3 and −1
  assert.is(cholesky(2, indefinite, new Float64Array(4)), false);
  const singular = Float64Array.from([1, 1, 1, 1]);
  assert.is(cholesky(2, singular, new Float64Array(4)), false);
  const withNaN = Float64Array.from([NaN, 0, 0, 1]);
  assert.is(cholesky(2, withNaN, new Float64Array(4)), false);
  const negativeDefinite = spd(4, 0.1).map((v) => -v);
  assert.is(cholesky(4, negativeDefinite, new Float64Array(16)), false);
});

test('choleskyOrThrow names the matrix that is not positive definite', () => {
  assert.throws(
    () => choleskyOrThrow(2, Float64Array.from([1, 2, 2, 1]), new Float64Array(4), 'Q_uu at t=3'),
    (e: Error) => e.message === 'Q_uu at t=3 (2×2) is not positive definite (smallest diagonal entry 1)',
  );
});

test('triangular and Cholesky solves agree with multiplication back', () => {
  const n = 6;
  const A = spd(n, 0.5);
  const L = new Float64Array(n * n);
  assert.ok(cholesky(n, A, L));
  const X = randomMatrix(n, 3);
  const B = reference(false, false, n, 3, n, L, X);
  assert.ok(maxAbsDiff(solveLower(n, L, Float64Array.from(B), 3), X) < 1e-10);
  const Bt = reference(true, false, n, 3, n, L, X);
  assert.ok(maxAbsDiff(solveLowerTranspose(n, L, Float64Array.from(Bt), 3), X) < 1e-10);
  const BA = reference(false, false, n, 3, n, A, X);
  assert.ok(maxAbsDiff(choleskySolve(n, L, Float64Array.from(BA), 3), X) < 1e-9);
});

test('symmetricInverse gives A⁻¹ A = I, also for an ill-conditioned matrix', () => {
  for (const shift of [1, 1e-8]) {
    const n = 5;
    const A = spd(n, shift);
    const inv = new Float64Array(n * n);
    assert.ok(symmetricInverse(n, A, inv, new Float64Array(n * n)));
    const I = gemm(false, false, n, n, n, 1, inv, A, 0, new Float64Array(n * n));
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    // The error of a computed inverse grows with the condition number; 1e-8 shift gives cond ~1e9.
    const tolerance = shift === 1 ? 1e-12 : 1e-5;
    assert.ok(maxAbsDiff(I, eye) < tolerance, `shift=${shift}: ${maxAbsDiff(I, eye)}`);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.is(inv[i * n + j], inv[j * n + i]);
  }
  assert.is(symmetricInverse(2, Float64Array.from([1, 2, 2, 1]), new Float64Array(4), new Float64Array(4)), false);
});

test('log-determinant from Cholesky equals the log of the 2×2 and 3×3 determinant formulas', () => {
  const A2 = spd(2, 0.3);
  const L2 = new Float64Array(4);
  cholesky(2, A2, L2);
  assert.ok(Math.abs(logDetFromCholesky(2, L2) - Math.log(A2[0] * A2[3] - A2[1] * A2[2])) < 1e-12);
  const a = spd(3, 0.3);
  const det3 =
    a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
  const L3 = new Float64Array(9);
  cholesky(3, a, L3);
  assert.ok(Math.abs(logDetFromCholesky(3, L3) - Math.log(det3)) < 1e-10);
});

test('logSumExp is exact on small values and finite on huge ones', () => {
  const x = [0.1, -2, 3.5];
  assert.ok(Math.abs(logSumExp(3, x) - Math.log(x.reduce((s, v) => s + Math.exp(v), 0))) < 1e-14);
  assert.is(logSumExp(2, [1e4, 1e4]), 1e4 + Math.log(2));
  assert.ok(Math.abs(logSumExp(2, [-1e4, -1e4]) - (-1e4 + Math.log(2))) < 1e-9);
  assert.is(logSumExp(0, []), -Infinity);
  assert.is(logSumExp(2, [-Infinity, -Infinity]), -Infinity);
  assert.ok(Number.isNaN(logSumExp(2, [0, NaN])));
  // strided: every second entry from offset 1
  assert.ok(Math.abs(logSumExp(2, [9, 0, 9, 0], 2, 1) - Math.log(2)) < 1e-15);
});

test.run();
