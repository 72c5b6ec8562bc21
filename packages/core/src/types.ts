/**
 * The interfaces that let a user swap one piece for another (DESIGN.md).
 * Everything is row-major Float64Array; sizes are named, never inferred.
 */
import type { Rng } from './rng.js';

/** Deterministic one-control-step dynamics x' = f(x, u) and its Jacobians. */
export interface Dynamics {
  readonly stateDim: number;
  readonly actionDim: number;
  /** Writes f(x, u) into `next` (length stateDim) and returns it. */
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array;
  /** Writes A = ∂f/∂x [stateDim × stateDim] and B = ∂f/∂u [stateDim × actionDim], row-major. */
  linearize(x: Float64Array, u: Float64Array, A: Float64Array, B: Float64Array): void;
  /** Optional box limits on the action (both or neither), length actionDim. */
  readonly actionLower?: Float64Array;
  readonly actionUpper?: Float64Array;
}

/**
 * Linearizes a whole trajectory at once (possibly across worker threads).
 * states [T+1, nx] (only the first T rows are used), actions [T, nu];
 * writes A [T, nx, nx] and B [T, nx, nu].
 */
export interface BatchLinearizer {
  linearizeTrajectory(
    T: number,
    states: Float64Array,
    actions: Float64Array,
    A: Float64Array,
    B: Float64Array,
  ): Promise<void>;
}

/** Second-order expansion of a reward at one (x, u). */
export interface RewardDerivatives {
  /** ∂r/∂x [nx] */ rx: Float64Array;
  /** ∂r/∂u [nu] */ ru: Float64Array;
  /** ∂²r/∂x² [nx × nx] */ rxx: Float64Array;
  /** ∂²r/∂u² [nu × nu] */ ruu: Float64Array;
  /** ∂²r/∂u∂x [nu × nx] (row i is ∂(∂r/∂u_i)/∂x) */ rux: Float64Array;
}

/** A reward to maximize (a cost is a negative reward, never mixed). */
export interface Reward {
  readonly stateDim: number;
  readonly actionDim: number;
  reward(x: Float64Array, u: Float64Array): number;
  /** Fills every field of `out` and returns r(x, u). */
  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number;
}

/**
 * One sampled or optimized trajectory.
 * `observations` is what a policy sees (e.g. height relative to the ground, no root x);
 * when absent, the policy sees the state itself.
 */
export interface Trajectory {
  readonly T: number;
  readonly stateDim: number;
  readonly actionDim: number;
  /** [T+1, stateDim] */ states: Float64Array;
  /** [T, actionDim] */ actions: Float64Array;
  /** [T] reward of step t */ rewards: Float64Array;
  /** observation size; equals stateDim when observations are absent */
  readonly obsDim?: number;
  /** [T+1, obsDim] */ observations?: Float64Array;
  /** Per-step log-probabilities of actions[t] under named distributions, each [T]. */
  logProbs?: Record<string, Float64Array>;
}

/** A parametric stochastic policy π_θ(u | o), θ one flat vector. */
export interface StochasticPolicy {
  readonly inputDim: number;
  readonly actionDim: number;
  readonly paramCount: number;
  /** The current parameters θ (the live vector; copy before changing it elsewhere). */
  getParams(): Float64Array;
  setParams(theta: Float64Array): void;
  /** Draws u ~ π_θ(· | obs) into `out` (allocated when absent). */
  act(obs: Float64Array, rng: Rng, out?: Float64Array): Float64Array;
  /** log π_θ(u_i | o_i) for n pairs; obs [n, inputDim], actions [n, actionDim], out [n]. */
  logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void;
  /**
   * Gradient of Σ_i weights[i] · log π_θ(u_i | o_i) with respect to θ, written into grad [paramCount];
   * returns the weighted sum itself.
   */
  logProbGrad(n: number, obs: Float64Array, actions: Float64Array, weights: Float64Array, grad: Float64Array): number;
  /** Jacobian of the mean action w.r.t. the input, [actionDim × inputDim], at one input. */
  meanJacobian(obs: Float64Array, out: Float64Array): void;
}

/**
 * A time-varying linear-Gaussian controller
 * u_t ~ N(û_t + k_t + K_t (x_t − x̂_t), Σ_t), acting on the full state.
 */
export interface GuidingDistribution {
  readonly T: number;
  readonly stateDim: number;
  readonly actionDim: number;
  /** Draws u_t given x_t into `out`. */
  sample(t: number, x: Float64Array, rng: Rng, out: Float64Array): Float64Array;
  /** log π_G(u_t | x_t). */
  logProb(t: number, x: Float64Array, u: Float64Array): number;
}
