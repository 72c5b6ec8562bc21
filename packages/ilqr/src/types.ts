/**
 * Public types of the iLQR solver. Sizes: T steps, nx = stateDim, nu = actionDim; every array is
 * row-major, per-step blocks stacked along the first axis ([T, nu, nx] means T blocks of nu×nx).
 */
import type { BatchLinearizer, Dynamics, Reward } from '@guided/core';

/** An optional reward on the final state x_T (the per-step Reward has no final action). */
export interface TerminalReward {
  readonly stateDim: number;
  /** r_T(x). */
  reward(x: Float64Array): number;
  /** Writes ∂r_T/∂x [nx] and ∂²r_T/∂x² [nx×nx]; returns r_T(x). */
  derivatives(x: Float64Array, rx: Float64Array, rxx: Float64Array): number;
}

/**
 * The tracking term −w (Σ_i sx_i (x_i − x̂_i)² + Σ_j su_j (u_j − û_j)²) added to the reward of
 * every step t < T (and of the final state when `states` has T+1 rows). The paper used w = 0.05
 * with the example (or the DDP solution) as the reference, and sx = su = 1.
 */
export interface TrackingTerm {
  weight: number;
  /** reference states [T+1, nx] */
  states: Float64Array;
  /** reference actions [T, nu] */
  actions: Float64Array;
  /** per-coordinate state weights sx [nx] (default all 1) */
  stateWeights?: Float64Array;
  /** per-coordinate action weights su [nu] (default all 1) */
  actionWeights?: Float64Array;
}

/** What iLQR optimizes: Σ_{t<T} r(x_t, u_t) [+ tracking] + r_T(x_T) from x_0 under x_{t+1} = f(x_t, u_t). */
export interface IlqrProblem {
  dynamics: Dynamics;
  reward: Reward;
  /** Horizon T: number of control steps. */
  horizon: number;
  /** Initial state [nx]. */
  x0: Float64Array;
  terminalReward?: TerminalReward;
  tracking?: TrackingTerm;
  /** When present, the trajectory is linearized through it (e.g. across worker threads). */
  linearizer?: BatchLinearizer;
}

/**
 * Where the search starts. `actions` [T, nu]: roll them out from x_0. `example`: an example
 * trajectory (e.g. a demonstration) used as the first nominal as is — it need not be dynamically
 * consistent; the first forward pass then tracks it with the feedback gains. Default: zero actions.
 */
export interface IlqrInit {
  actions?: Float64Array;
  example?: { states: Float64Array; actions: Float64Array };
}

export type Regularization = 'state' | 'control';

export interface IlqrOptions {
  /** Maximum number of iterations (accepted or rejected steps). 0 returns the gains around the initial nominal. Default 100. */
  maxIterations?: number;
  /** Stop when an accepted step improves the objective by less than relTol·|J|. Default 1e-7. */
  relTol?: number;
  /** Stop when mean_t max_i |k_t,i| / (|û_t,i| + 1) < gradTol after a step (Tassa 2012). Default 1e-9. */
  gradTol?: number;
  /** Feedforward step sizes α tried in order by the line search. Default 10^linspace(0, −3, 11). */
  stepSizes?: number[];
  /** Accept a step when (actual improvement) / (expected improvement) > acceptRatio. Default 0 (Tassa's reference code). */
  acceptRatio?: number;
  /** 'state' adds −μI to V'_xx inside Q_uu and Q_ux (Tassa 2012); 'control' adds −μI to Q_uu. Default 'state'. */
  regularization?: Regularization;
  /** Initial μ. Default 0. */
  muInit?: number;
  /** Smallest nonzero μ. Default 1e-6. */
  muMin?: number;
  /** Stop with 'max-regularization' when μ exceeds this. Default 1e10. */
  muMax?: number;
  /** Base factor Δ0 of the μ schedule. Default 2. */
  muFactor?: number;
  /** Stop after this much wall time (checked between iterations). Default Infinity. */
  maxTimeMs?: number;
  /** Called after every iteration; return false to stop ('callback'). */
  onIteration?: (record: IterationRecord) => void | boolean;
}

export type StopReason =
  | 'converged'
  | 'small-gradient'
  | 'max-iterations'
  | 'max-regularization'
  | 'time-limit'
  | 'callback';

/** One iteration: a backward pass (possibly retried with larger μ) and a line search. */
export interface IterationRecord {
  iteration: number;
  /** Objective (reward + tracking + terminal) of the nominal after this iteration. */
  objective: number;
  /** Reward alone (no tracking term) of the nominal after this iteration. */
  reward: number;
  accepted: boolean;
  /** Step size accepted (0 when rejected). */
  alpha: number;
  /** Actual / expected improvement of the accepted step (NaN when rejected). */
  ratio: number;
  /** Expected improvement at the accepted α (full step when rejected). */
  expected: number;
  /** μ used by the backward pass whose step this iteration tried. */
  mu: number;
  /** Cholesky failures (non-negative-definite Q_uu) met by the backward passes of this iteration. */
  choleskyFailures: number;
  /** Line-search rollouts that produced a NaN or an infinite state or objective. */
  nonFiniteRollouts: number;
  /** Line-search rollouts whose `dynamics.step` threw (e.g. a simulator reporting divergence); each rejects its α. */
  failedRollouts: number;
  /** The step and message of the last such throw in this iteration (null when none). */
  lastFailure: string | null;
  /** Feedforward size mean_t max_i |k_t,i| / (|û_t,i| + 1) of the gains this iteration tried. */
  gradNorm: number;
  linearizeMs: number;
  backwardMs: number;
  forwardMs: number;
}

export interface IlqrResult {
  readonly T: number;
  readonly stateDim: number;
  readonly actionDim: number;
  /** Nominal states x̂ [T+1, nx]. */
  states: Float64Array;
  /** Nominal actions û [T, nu]. */
  actions: Float64Array;
  /** Per-step reward r(x̂_t, û_t) without the tracking term [T]. */
  rewards: Float64Array;
  /** Σ_t r + r_T (no tracking). */
  totalReward: number;
  /** What was maximized: Σ_t r + tracking + r_T. */
  objective: number;
  /** objective and totalReward of the starting nominal (the rollout of the initial actions, or the example). */
  initialObjective: number;
  initialReward: number;
  /** Feedforward terms k [T, nu] and feedback gains K [T, nu, nx] at the nominal. */
  k: Float64Array;
  K: Float64Array;
  /** Q_uu [T, nu, nu] of the reported gains (including the regularization `mu`; negative definite). */
  Quu: Float64Array;
  /** Q_u [T, nu]. */
  Qu: Float64Array;
  /** Value function gradient V_x [T+1, nx] and Hessian V_xx [T+1, nx, nx]. */
  Vx: Float64Array;
  Vxx: Float64Array;
  /** Per step and action coordinate: 1 when the control was clamped by the box-QP (no feedback), else 0 [T, nu]. */
  clamped: Uint8Array;
  /**
   * μ of the reported gains and Q_uu: after the search, the final nominal's backward pass is redone
   * with the least μ in {0, μ_min, 10 μ_min, …} that keeps Q_uu negative definite.
   */
  mu: number;
  /** false only when the nominal is an example that no forward pass replaced (maxIterations 0). */
  feasible: boolean;
  iterations: number;
  stopReason: StopReason;
  history: IterationRecord[];
  /** Wall time of the whole solve. */
  elapsedMs: number;
}
