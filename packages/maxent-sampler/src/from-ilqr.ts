/**
 * The maximum-entropy guiding distribution from an iLQR solution (Levine & Koltun 2013, Sec. 4.1,
 * Eq. 4): under linear dynamics and quadratic rewards the policy maximizing E[r] + H is
 *
 *   π_G(u_t | x_t) = N(û_t + k_t + K_t (x_t − x̂_t), −Q_uu,t⁻¹),
 *
 * an approximate Gaussian I-projection of ρ(τ) ∝ exp(r(τ)). With a temperature τ_T (ρ ∝ exp(r/τ_T))
 * the covariance is −τ_T Q_uu⁻¹: the temperature sets the samples' spread against the reward's scale
 * (the paper's is 1 with its reward weights).
 */
import { assertNonNegative, cholesky, symmetricInverse } from '@guided/core';
import { LinearGaussianPolicy } from './linear-gaussian.js';

/** The parts of an iLQR result (from @guided/ilqr or elsewhere) a guiding distribution needs. */
export interface IlqrSolutionLike {
  readonly T: number;
  readonly stateDim: number;
  readonly actionDim: number;
  /** x̂ [T+1, nx] (or [T, nx]) */
  states: Float64Array;
  /** û [T, nu] */
  actions: Float64Array;
  /** k [T, nu] */
  k: Float64Array;
  /** K [T, nu, nx] */
  K: Float64Array;
  /** Q_uu [T, nu, nu] */
  Quu: Float64Array;
  /** iLQR's regularization in Q_uu, when any. */
  mu?: number;
}

export interface GuidingOptions {
  /** Max-ent temperature τ_T: Σ_t = −τ_T Q_uu,t⁻¹. Default 1 (the paper). */
  temperature?: number;
  /** Include the feedforward k_t in the mean (the paper's Eq. 4). Default true. */
  feedforward?: boolean;
}

export interface GuidingDiagnostics {
  temperature: number;
  feedforward: boolean;
  /** Steps whose −Q_uu was not positive definite, with the multiple of the identity added to it. */
  regularizedSteps: { t: number; added: number }[];
  /** The μ iLQR had in Q_uu (0 when none). */
  ilqrMu: number;
  /** Largest and mean per-coordinate standard deviation √Σ_jj over all steps. */
  maxStd: number;
  meanStd: number;
  /** max_t,j |k_t,j|: how far the nominal is from iLQR's own optimum (0 at convergence). */
  maxFeedforward: number;
  /** Human-readable notes (e.g. the regularized steps), empty when all was well. */
  warnings: string[];
}

export function guidingFromIlqr(
  solution: IlqrSolutionLike,
  options: GuidingOptions = {},
): { policy: LinearGaussianPolicy; diagnostics: GuidingDiagnostics } {
  const where = 'guidingFromIlqr';
  const temperature = options.temperature ?? 1;
  assertNonNegative(where, 'temperature', temperature, true);
  const feedforward = options.feedforward ?? true;
  const { T, stateDim: nx, actionDim: nu } = solution;
  if (solution.states.length < T * nx) throw new Error(`${where}: states has ${solution.states.length} entries, need at least ${T * nx}`);
  for (const [name, arr, len] of [
    ['actions', solution.actions, T * nu],
    ['k', solution.k, T * nu],
    ['K', solution.K, T * nu * nx],
    ['Quu', solution.Quu, T * nu * nu],
  ] as const) {
    if (arr.length !== len) throw new Error(`${where}: ${name} must have length ${len}, got ${arr.length}`);
  }
  const nuu = nu * nu;
  const covariances = new Float64Array(T * nuu);
  const H = new Float64Array(nuu);
  const H0 = new Float64Array(nuu);
  const L = new Float64Array(nuu);
  const inv = new Float64Array(nuu);
  const regularizedSteps: { t: number; added: number }[] = [];
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < nuu; i++) {
      const q = solution.Quu[t * nuu + i];
      if (!Number.isFinite(q)) throw new Error(`${where}: Quu[${t}] has entry ${i} = ${q}`);
    }
    // H = −Q_uu, symmetrized.
    for (let i = 0; i < nu; i++) {
      for (let j = 0; j < nu; j++) H[i * nu + j] = -0.5 * (solution.Quu[t * nuu + i * nu + j] + solution.Quu[t * nuu + j * nu + i]);
    }
    if (!cholesky(nu, H, L)) {
      // Not positive definite: add λI, λ growing tenfold from 1e-8 of the largest diagonal magnitude.
      let scale = 0;
      for (let i = 0; i < nu; i++) scale = Math.max(scale, Math.abs(H[i * nu + i]));
      let added = 1e-8 * Math.max(scale, 1e-12);
      H0.set(H);
      for (;;) {
        H.set(H0);
        for (let i = 0; i < nu; i++) H[i * nu + i] += added;
        if (cholesky(nu, H, L)) break;
        added *= 10;
      }
      regularizedSteps.push({ t, added });
    }
    symmetricInverse(nu, H, inv, L);
    for (let i = 0; i < nuu; i++) covariances[t * nuu + i] = temperature * inv[i];
  }
  const meanActions = Float64Array.from(solution.actions);
  let maxFeedforward = 0;
  for (let i = 0; i < T * nu; i++) {
    maxFeedforward = Math.max(maxFeedforward, Math.abs(solution.k[i]));
    if (feedforward) meanActions[i] += solution.k[i];
  }
  const policy = new LinearGaussianPolicy({
    T,
    stateDim: nx,
    actionDim: nu,
    nominalStates: Float64Array.from(solution.states.subarray(0, T * nx)),
    meanActions,
    gains: Float64Array.from(solution.K),
    covariances,
  });
  const stds = policy.standardDeviations();
  let maxStd = 0;
  let sumStd = 0;
  for (const s of stds) {
    maxStd = Math.max(maxStd, s);
    sumStd += s;
  }
  const warnings: string[] = [];
  if (regularizedSteps.length) {
    const worst = regularizedSteps.reduce((a, b) => (b.added > a.added ? b : a));
    warnings.push(
      `−Q_uu was not positive definite at ${regularizedSteps.length} of ${T} steps (first ${regularizedSteps[0].t}); ` +
        `added up to ${worst.added.toExponential(2)}·I (step ${worst.t}) before inverting`,
    );
  }
  if ((solution.mu ?? 0) > 0) warnings.push(`Q_uu includes iLQR's regularization μ = ${solution.mu}`);
  return {
    policy,
    diagnostics: {
      temperature,
      feedforward,
      regularizedSteps,
      ilqrMu: solution.mu ?? 0,
      maxStd,
      meanStd: sumStd / stds.length,
      maxFeedforward,
      warnings,
    },
  };
}
