/**
 * The iLQR backward pass for a reward to maximize (Tassa, Erez & Todorov, IROS 2012, Eqs. 5–11;
 * Levine & Koltun 2013, Sec. 4.1). With x̄_t = x_t − x̂_t, ū_t = u_t − û_t and the step's expansion
 * r ≈ x̄ᵀ r_x + ūᵀ r_u + ½ x̄ᵀ r_xx x̄ + ½ ūᵀ r_uu ū + ūᵀ r_ux x̄ and x̄' = A x̄ + B ū:
 *
 *   Q_x  = r_x  + Aᵀ V'_x            Q_u  = r_u  + Bᵀ V'_x
 *   Q_xx = r_xx + Aᵀ V'_xx A         Q_uu = r_uu + Bᵀ V'_xx B        Q_ux = r_ux + Bᵀ V'_xx A
 *
 * Regularized copies (μ ≥ 0) are used for the gains only:
 *   state:   Q̃_uu = r_uu + Bᵀ (V'_xx − μI) B,   Q̃_ux = r_ux + Bᵀ (V'_xx − μI) A
 *   control: Q̃_uu = Q_uu − μI,                  Q̃_ux = Q_ux
 * The step must keep Q̃_uu negative definite (a maximum); H = −Q̃_uu is factored by Cholesky and a
 * failure aborts the pass so the caller can raise μ. Gains: k = −Q̃_uu⁻¹ Q_u, K = −Q̃_uu⁻¹ Q̃_ux, or,
 * with control limits, k from the box-QP and K zero on clamped rows (Tassa, Mansard & Todorov 2014).
 * The value function (Tassa 2012, Eq. 11, unregularized Q terms):
 *   V_x  = Q_x  + Kᵀ Q_uu k + Kᵀ Q_u + Q_uxᵀ k
 *   V_xx = Q_xx + Kᵀ Q_uu K + Kᵀ Q_ux + Q_uxᵀ K
 * and the expected improvement of a step α: ΔJ(α) = α Σ kᵀ Q_u + ½ α² Σ kᵀ Q_uu k.
 */
import { cholesky } from '@guided/core';
import { boxQp, createBoxQpWorkspace, solveFactored } from './boxqp.js';
import type { BoxQpWorkspace } from './boxqp.js';
import type { ExpansionBuffers } from './objective.js';
import type { Regularization } from './types.js';

/** Outputs of a backward pass, stacked per step. */
export interface BackwardOutputs {
  /** [T, nu] — also the box-QP's warm start on entry. */
  k: Float64Array;
  /** [T, nu, nx] */
  K: Float64Array;
  /** [T, nu, nu] regularized Q_uu used for the gains */
  Quu: Float64Array;
  /** [T, nu] */
  Qu: Float64Array;
  /** [T+1, nx] */
  Vx: Float64Array;
  /** [T+1, nx, nx] */
  Vxx: Float64Array;
  /** [T, nu] 1 where the box-QP clamped the control */
  clamped: Uint8Array;
}

export interface BackwardResult {
  ok: boolean;
  /** Step whose Q_uu was not negative definite (−1 when ok). */
  failedStep: number;
  /** Σ_t k_tᵀ Q_u,t */
  dV1: number;
  /** Σ_t ½ k_tᵀ Q_uu,t k_t (unregularized Q_uu) */
  dV2: number;
}

export interface ControlLimits {
  lower: Float64Array;
  upper: Float64Array;
}

export class BackwardPass {
  readonly nx: number;
  readonly nu: number;
  private readonly Qx: Float64Array;
  private readonly Qxx: Float64Array;
  private readonly QuuRaw: Float64Array;
  private readonly QuxRaw: Float64Array;
  private readonly QuxReg: Float64Array;
  private readonly VA: Float64Array;
  private readonly VB: Float64Array;
  private readonly H: Float64Array;
  private readonly L: Float64Array;
  private readonly kStep: Float64Array;
  private readonly negQu: Float64Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly col: Float64Array;
  private readonly QuuK: Float64Array;
  private readonly qp: BoxQpWorkspace;
  private dV1 = 0;
  private dV2 = 0;

  constructor(nx: number, nu: number) {
    this.nx = nx;
    this.nu = nu;
    this.Qx = new Float64Array(nx);
    this.Qxx = new Float64Array(nx * nx);
    this.QuuRaw = new Float64Array(nu * nu);
    this.QuxRaw = new Float64Array(nu * nx);
    this.QuxReg = new Float64Array(nu * nx);
    this.VA = new Float64Array(nx * nx);
    this.VB = new Float64Array(nx * nu);
    this.H = new Float64Array(nu * nu);
    this.L = new Float64Array(nu * nu);
    this.kStep = new Float64Array(nu);
    this.negQu = new Float64Array(nu);
    this.lo = new Float64Array(nu);
    this.hi = new Float64Array(nu);
    this.col = new Float64Array(nu);
    this.QuuK = new Float64Array(nu * nx);
    this.qp = createBoxQpWorkspace(nu);
  }

  /**
   * Runs the recursion from t = T−1 down to 0. `exp` holds the reward expansion (row T of rx/rxx is
   * the terminal one, copied into V_x,T / V_xx,T). A [T, nx, nx], B [T, nx, nu] are the dynamics
   * Jacobians. `limits` with `actions` [T, nu] (the nominal û) turns on the box-QP.
   */
  run(
    T: number,
    A: Float64Array,
    B: Float64Array,
    exp: ExpansionBuffers,
    mu: number,
    mode: Regularization,
    out: BackwardOutputs,
    limits?: ControlLimits,
    actions?: Float64Array,
  ): BackwardResult {
    const { nx } = this;
    const nxx = nx * nx;
    const { Vx, Vxx } = out;
    // Terminal value: the final state's expansion.
    for (let i = 0; i < nx; i++) Vx[T * nx + i] = exp.rx[T * nx + i];
    for (let i = 0; i < nxx; i++) Vxx[T * nxx + i] = exp.rxx[T * nxx + i];

    this.dV1 = 0;
    this.dV2 = 0;
    // One small method per step: V8 optimizes it within the first pass.
    for (let t = T - 1; t >= 0; t--) {
      if (!this.step(t, A, B, exp, mu, mode, out, limits, actions)) return { ok: false, failedStep: t, dV1: 0, dV2: 0 };
    }
    return { ok: true, failedStep: -1, dV1: this.dV1, dV2: this.dV2 };
  }

  /** The recursion at step t (reads V_{t+1}, writes V_t and the gains); false when Q̃_uu is not negative definite. */
  private step(
    t: number,
    A: Float64Array,
    B: Float64Array,
    exp: ExpansionBuffers,
    mu: number,
    mode: Regularization,
    out: BackwardOutputs,
    limits: ControlLimits | undefined,
    actions: Float64Array | undefined,
  ): boolean {
    const { nx, nu, Qx, Qxx, QuuRaw, QuxRaw, QuxReg, VA, VB, H, L, kStep, col, QuuK } = this;
    const nxx = nx * nx;
    const nux = nu * nx;
    const nuu = nu * nu;
    const { Vx, Vxx, k, K, Quu, Qu, clamped } = out;
    const aO = t * nxx; // A_t
    const bO = t * nx * nu; // B_t
    const vO = (t + 1) * nx; // V'_x
    const vvO = (t + 1) * nxx; // V'_xx
    const xO = t * nx;
    const uO = t * nu;
    const uuO = t * nuu;
    const uxO = t * nux;

    // Q_x = r_x + Aᵀ V'_x ; Q_u = r_u + Bᵀ V'_x
    for (let i = 0; i < nx; i++) Qx[i] = exp.rx[xO + i];
    for (let j = 0; j < nu; j++) Qu[uO + j] = exp.ru[uO + j];
    for (let r = 0; r < nx; r++) {
      const v = Vx[vO + r];
      if (v === 0) continue;
      const ar = aO + r * nx;
      for (let i = 0; i < nx; i++) Qx[i] += A[ar + i] * v;
      const br = bO + r * nu;
      for (let j = 0; j < nu; j++) Qu[uO + j] += B[br + j] * v;
    }
    // VA = V'_xx A (nx×nx), VB = V'_xx B (nx×nu)
    VA.fill(0);
    VB.fill(0);
    for (let r = 0; r < nx; r++) {
      const vr = vvO + r * nx;
      const var_ = r * nx;
      const vbr = r * nu;
      for (let s = 0; s < nx; s++) {
        const v = Vxx[vr + s];
        if (v === 0) continue;
        const as = aO + s * nx;
        for (let i = 0; i < nx; i++) VA[var_ + i] += v * A[as + i];
        const bs = bO + s * nu;
        for (let j = 0; j < nu; j++) VB[vbr + j] += v * B[bs + j];
      }
    }
    // Q_xx = r_xx + Aᵀ VA ; Q_uu = r_uu + Bᵀ VB ; Q_ux = r_ux + Bᵀ VA
    for (let i = 0; i < nxx; i++) Qxx[i] = exp.rxx[aO + i];
    for (let i = 0; i < nuu; i++) QuuRaw[i] = exp.ruu[uuO + i];
    for (let i = 0; i < nux; i++) QuxRaw[i] = exp.rux[uxO + i];
    for (let r = 0; r < nx; r++) {
      const ar = aO + r * nx;
      const br = bO + r * nu;
      const vr = r * nx;
      const vbr = r * nu;
      for (let i = 0; i < nx; i++) {
        const a = A[ar + i];
        if (a === 0) continue;
        const qi = i * nx;
        for (let c = 0; c < nx; c++) Qxx[qi + c] += a * VA[vr + c];
      }
      for (let j = 0; j < nu; j++) {
        const b = B[br + j];
        if (b === 0) continue;
        const qj = j * nu;
        for (let c = 0; c < nu; c++) QuuRaw[qj + c] += b * VB[vbr + c];
        const xj = j * nx;
        for (let c = 0; c < nx; c++) QuxRaw[xj + c] += b * VA[vr + c];
      }
    }
    // Regularized copies for the gains; H = −Q̃_uu.
    QuxReg.set(QuxRaw);
    for (let i = 0; i < nuu; i++) H[i] = -QuuRaw[i];
    if (mu > 0) {
      if (mode === 'control') {
        for (let j = 0; j < nu; j++) H[j * nu + j] += mu;
      } else {
        for (let r = 0; r < nx; r++) {
          const br = bO + r * nu;
          const ar = aO + r * nx;
          for (let j = 0; j < nu; j++) {
            const b = mu * B[br + j];
            if (b === 0) continue;
            for (let c = 0; c < nu; c++) H[j * nu + c] += b * B[br + c];
            for (let c = 0; c < nx; c++) QuxReg[j * nx + c] -= b * A[ar + c];
          }
        }
      }
    }
    // Symmetrize H (rounding) and store Q̃_uu.
    for (let i = 0; i < nu; i++) {
      for (let j = 0; j < i; j++) {
        const v = 0.5 * (H[i * nu + j] + H[j * nu + i]);
        H[i * nu + j] = v;
        H[j * nu + i] = v;
      }
    }
    for (let i = 0; i < nuu; i++) Quu[uuO + i] = -H[i];
    if (!cholesky(nu, H, L)) return false;

    if (!limits) {
      // k = H⁻¹ Q_u ; K = H⁻¹ Q̃_ux (column by column through the factor).
      for (let j = 0; j < nu; j++) kStep[j] = Qu[uO + j];
      solveFactored(nu, L, kStep);
      for (let j = 0; j < nu; j++) {
        k[uO + j] = kStep[j];
        clamped[uO + j] = 0;
      }
      for (let c = 0; c < nx; c++) {
        for (let j = 0; j < nu; j++) col[j] = QuxReg[j * nx + c];
        solveFactored(nu, L, col);
        for (let j = 0; j < nu; j++) K[uxO + j * nx + c] = col[j];
      }
    } else {
      // Box-QP: minimize ½ δᵀ H δ − Q_uᵀ δ over lower − û ≤ δ ≤ upper − û, warm-started at the old k.
      const { lo, hi, negQu, qp } = this;
      for (let j = 0; j < nu; j++) {
        const u = actions![uO + j];
        lo[j] = limits.lower[j] - u;
        hi[j] = limits.upper[j] - u;
        negQu[j] = -Qu[uO + j];
        kStep[j] = k[uO + j];
      }
      const status = boxQp(nu, H, negQu, lo, hi, kStep, qp);
      if (status === 'not-positive-definite') return false;
      for (let j = 0; j < nu; j++) {
        k[uO + j] = kStep[j];
        clamped[uO + j] = qp.clamped[j];
      }
      for (let i = 0; i < nux; i++) K[uxO + i] = 0;
      const m = qp.freeCount;
      if (m > 0) {
        for (let c = 0; c < nx; c++) {
          for (let a = 0; a < m; a++) col[a] = QuxReg[qp.free[a] * nx + c];
          solveFactored(m, qp.freeFactor, col);
          for (let a = 0; a < m; a++) K[uxO + qp.free[a] * nx + c] = col[a];
        }
      }
    }

    // Expected improvement terms (unregularized Q_uu).
    let kQu = 0;
    let kQuuk = 0;
    for (let j = 0; j < nu; j++) {
      const kj = k[uO + j];
      kQu += kj * Qu[uO + j];
      let s = 0;
      for (let c = 0; c < nu; c++) s += QuuRaw[j * nu + c] * k[uO + c];
      kQuuk += kj * s;
    }
    this.dV1 += kQu;
    this.dV2 += 0.5 * kQuuk;

    // QuuK = Q_uu K (nu×nx)
    QuuK.fill(0);
    for (let j = 0; j < nu; j++) {
      for (let c = 0; c < nu; c++) {
        const q = QuuRaw[j * nu + c];
        if (q === 0) continue;
        const kr = uxO + c * nx;
        for (let i = 0; i < nx; i++) QuuK[j * nx + i] += q * K[kr + i];
      }
    }
    // V_x = Q_x + Kᵀ (Q_uu k + Q_u) + Q_uxᵀ k
    for (let i = 0; i < nx; i++) Vx[xO + i] = Qx[i];
    for (let j = 0; j < nu; j++) {
      let s = Qu[uO + j];
      for (let c = 0; c < nu; c++) s += QuuRaw[j * nu + c] * k[uO + c];
      const kj = k[uO + j];
      const kr = uxO + j * nx;
      for (let i = 0; i < nx; i++) Vx[xO + i] += K[kr + i] * s + QuxRaw[j * nx + i] * kj;
    }
    // V_xx = Q_xx + Kᵀ Q_uu K + Kᵀ Q_ux + Q_uxᵀ K, symmetrized.
    const vv = t * nxx;
    for (let i = 0; i < nxx; i++) Vxx[vv + i] = Qxx[i];
    for (let j = 0; j < nu; j++) {
      const kr = uxO + j * nx;
      const qr = j * nx;
      for (let r = 0; r < nx; r++) {
        const kjr = K[kr + r];
        const qjr = QuxRaw[qr + r];
        const row = vv + r * nx;
        for (let c = 0; c < nx; c++) {
          Vxx[row + c] += kjr * (QuuK[qr + c] + QuxRaw[qr + c]) + qjr * K[kr + c];
        }
      }
    }
    for (let r = 0; r < nx; r++) {
      for (let c = 0; c < r; c++) {
        const v = 0.5 * (Vxx[vv + r * nx + c] + Vxx[vv + c * nx + r]);
        Vxx[vv + r * nx + c] = v;
        Vxx[vv + c * nx + r] = v;
      }
    }
  
    return true;
  }
}
