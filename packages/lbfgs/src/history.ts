/**
 * The m most recent curvature pairs s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k in a ring buffer
 * (allocated once), and the two-loop recursion (Nocedal & Wright, Alg. 7.4) that applies the
 * inverse-Hessian approximation H_k to a vector without forming it.
 */
export class CurvatureHistory {
  /** Pair j occupies s[j*n .. j*n+n) and y[j*n .. j*n+n). */
  private readonly s: Float64Array;
  private readonly y: Float64Array;
  /** rho_j = 1 / (s_j . y_j). */
  private readonly rho: Float64Array;
  /** alpha_j of the first loop, kept for the second. */
  private readonly alpha: Float64Array;
  private newest = -1;
  /** Number of stored pairs (<= m). */
  count = 0;
  /** H_0 = gamma I with gamma = s.y / y.y of the newest accepted pair (N&W eq. 7.20); 0 before any. */
  gamma = 0;

  constructor(
    private readonly n: number,
    private readonly m: number,
  ) {
    this.s = new Float64Array(m * n);
    this.y = new Float64Array(m * n);
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
  }

  /** Forget all pairs (gamma is kept, so a restart still has a sensible step scale). */
  clear(): void {
    this.count = 0;
    this.newest = -1;
  }

  /**
   * Store the pair (xNew - x, gNew - g) unless it fails the curvature condition
   * s.y > eps ||y||^2, in which case H would lose positive definiteness; returns whether stored.
   */
  push(x: Float64Array, xNew: Float64Array, g: Float64Array, gNew: Float64Array): boolean {
    const n = this.n;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i] - x[i];
      const yi = gNew[i] - g[i];
      sy += si * yi;
      yy += yi * yi;
    }
    if (!(sy > Number.EPSILON * yy) || !Number.isFinite(sy) || !Number.isFinite(yy) || yy === 0) {
      return false;
    }
    const slot = (this.newest + 1) % this.m;
    const off = slot * n;
    const s = this.s;
    const y = this.y;
    for (let i = 0; i < n; i++) {
      s[off + i] = xNew[i] - x[i];
      y[off + i] = gNew[i] - g[i];
    }
    this.rho[slot] = 1 / sy;
    this.gamma = sy / yy;
    this.newest = slot;
    if (this.count < this.m) this.count++;
    return true;
  }

  /** d = -H g by the two-loop recursion; with no pairs stored, d = -gamma g. */
  direction(g: Float64Array, d: Float64Array): void {
    const n = this.n;
    const m = this.m;
    const s = this.s;
    const y = this.y;
    // Work on q = -g throughout; the recursion is linear, so the result is -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    // First loop: newest to oldest, alpha_j = rho_j s_j.q ; q -= alpha_j y_j.
    for (let k = 0; k < this.count; k++) {
      const j = (this.newest - k + m) % m;
      const off = j * n;
      let sq = 0;
      for (let i = 0; i < n; i++) sq += s[off + i] * d[i];
      const a = this.rho[j] * sq;
      this.alpha[j] = a;
      for (let i = 0; i < n; i++) d[i] -= a * y[off + i];
    }
    // r = H_0 q.
    const gamma = this.gamma > 0 ? this.gamma : 1;
    for (let i = 0; i < n; i++) d[i] *= gamma;
    // Second loop: oldest to newest, beta = rho_j y_j.r ; r += (alpha_j - beta) s_j.
    for (let k = this.count - 1; k >= 0; k--) {
      const j = (this.newest - k + m) % m;
      const off = j * n;
      let yr = 0;
      for (let i = 0; i < n; i++) yr += y[off + i] * d[i];
      const coef = this.alpha[j] - this.rho[j] * yr;
      for (let i = 0; i < n; i++) d[i] += coef * s[off + i];
    }
  }
}

