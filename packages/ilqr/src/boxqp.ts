/**
 * Box-constrained quadratic program by projected Newton (Tassa, Mansard & Todorov, ICRA 2014,
 * "Control-limited differential dynamic programming", Algorithm 3):
 *
 *   minimize ½ δᵀ H δ + gᵀ δ   subject to  lo ≤ δ ≤ hi,   H symmetric positive definite (n×n).
 *
 * Each iteration splits the coordinates into clamped ones (at a bound, with the gradient pushing
 * outward) and free ones, takes a Newton step on the free subspace with the clamped coordinates
 * fixed, and backtracks along the projected path (Armijo). The final Cholesky factor of H restricted
 * to the free coordinates is kept so the caller can compute feedback gains on that subspace only.
 */
import { cholesky } from '@guided/core';

export interface BoxQpWorkspace {
  n: number;
  grad: Float64Array;
  search: Float64Array;
  trial: Float64Array;
  /** 1 when coordinate i is clamped at the solution. */
  clamped: Uint8Array;
  previousClamped: Uint8Array;
  /** Indices of the free coordinates, `freeCount` of them. */
  free: Int32Array;
  freeCount: number;
  /** Cholesky factor of H_ff (freeCount × freeCount, row-major, packed at the start). */
  freeFactor: Float64Array;
  freeH: Float64Array;
  rhs: Float64Array;
}

export function createBoxQpWorkspace(n: number): BoxQpWorkspace {
  return {
    n,
    grad: new Float64Array(n),
    search: new Float64Array(n),
    trial: new Float64Array(n),
    clamped: new Uint8Array(n),
    previousClamped: new Uint8Array(n),
    free: new Int32Array(n),
    freeCount: 0,
    freeFactor: new Float64Array(n * n),
    freeH: new Float64Array(n * n),
    rhs: new Float64Array(n),
  };
}

export type BoxQpStatus = 'converged' | 'all-clamped' | 'no-descent' | 'max-iterations' | 'not-positive-definite';

const MAX_ITERATIONS = 100;
const ARMIJO = 0.1;
const STEP_DECREASE = 0.6;
const MIN_STEP = 1e-22;

function quadratic(n: number, H: Float64Array, g: Float64Array, x: Float64Array): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    let hx = 0;
    for (let j = 0; j < n; j++) hx += H[i * n + j] * x[j];
    v += x[i] * (g[i] + 0.5 * hx);
  }
  return v;
}

/**
 * Solves the box QP, starting from `x` (a warm start, projected onto the box) and leaving the
 * solution in `x`. lo[i] ≤ hi[i] is required. Returns the status; 'not-positive-definite' means
 * H_ff had no Cholesky factor (the caller raises its regularization).
 */
export function boxQp(
  n: number,
  H: Float64Array,
  g: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
  x: Float64Array,
  ws: BoxQpWorkspace,
): BoxQpStatus {
  const { grad, search, trial, clamped, previousClamped, free, freeFactor, freeH, rhs } = ws;
  for (let i = 0; i < n; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
  let value = quadratic(n, H, g, x);
  let gScale = 0;
  for (let i = 0; i < n; i++) gScale += g[i] * g[i];
  const tol = 1e-13 * (1 + Math.sqrt(gScale));
  let factored = false;
  let status: BoxQpStatus = 'max-iterations';

  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    // Gradient g + H x and the clamped set.
    let allClamped = true;
    let changed = !factored;
    for (let i = 0; i < n; i++) {
      let s = g[i];
      for (let j = 0; j < n; j++) s += H[i * n + j] * x[j];
      grad[i] = s;
      const c = (x[i] <= lo[i] && s > 0) || (x[i] >= hi[i] && s < 0) ? 1 : 0;
      clamped[i] = c;
      if (!c) allClamped = false;
      if (c !== previousClamped[i]) changed = true;
    }
    if (allClamped) {
      ws.freeCount = 0;
      status = 'all-clamped';
      break;
    }
    if (changed) {
      // Factor H restricted to the free coordinates.
      let m = 0;
      for (let i = 0; i < n; i++) if (!clamped[i]) free[m++] = i;
      ws.freeCount = m;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) freeH[a * m + b] = H[free[a] * n + free[b]];
      if (!cholesky(m, freeH, freeFactor)) return 'not-positive-definite';
      factored = true;
    }
    previousClamped.set(clamped);
    const m = ws.freeCount;
    let freeGradNorm = 0;
    for (let a = 0; a < m; a++) freeGradNorm += grad[free[a]] * grad[free[a]];
    if (Math.sqrt(freeGradNorm) <= tol) {
      status = 'converged';
      break;
    }
    // Newton step on the free coordinates with the clamped ones held: solve H_ff y = −(g_f + H_fc x_c).
    for (let a = 0; a < m; a++) {
      const i = free[a];
      let s = g[i];
      for (let j = 0; j < n; j++) if (clamped[j]) s += H[i * n + j] * x[j];
      rhs[a] = -s;
    }
    solveFactored(m, freeFactor, rhs);
    search.fill(0);
    let slope = 0;
    for (let a = 0; a < m; a++) {
      const i = free[a];
      search[i] = rhs[a] - x[i];
      slope += search[i] * grad[i];
    }
    if (!(slope < 0)) {
      status = 'no-descent';
      break;
    }
    // Projected backtracking line search.
    let step = 1;
    let accepted = false;
    while (step > MIN_STEP) {
      for (let i = 0; i < n; i++) trial[i] = Math.min(hi[i], Math.max(lo[i], x[i] + step * search[i]));
      const v = quadratic(n, H, g, trial);
      if ((v - value) / (step * slope) > ARMIJO) {
        x.set(trial);
        value = v;
        accepted = true;
        break;
      }
      step *= STEP_DECREASE;
    }
    if (!accepted) {
      status = 'no-descent';
      break;
    }
  }
  previousClamped.fill(0);
  return status;
}

/** Solves (L Lᵀ) y = b in place for the packed m×m factor L. */
export function solveFactored(m: number, L: Float64Array, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * b[k];
    b[i] = s / L[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * b[k];
    b[i] = s / L[i * m + i];
  }
}
