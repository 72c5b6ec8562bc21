/**
 * One-off estimates of a policy on a sample set (for accepting or rejecting a new policy,
 * Algorithm 1 line 10, and for diagnostics). Each call scores the samples once under the
 * policy's current parameters; none changes the policy.
 */
import type { StochasticPolicy } from '@guided/core';
import type { SampleSet } from './sample-set.js';
import { ImportanceObjective } from './objective.js';
import type { EstimatorKind } from './slice.js';

export interface ValueEstimate {
  /** The estimated expected return: Eq. (2) Σ_t r̄_t, or Eq. (1) with estimator 'trajectory'. */
  value: number;
  /** [T] Eq. (2)'s per-step estimates r̄_t = Σ_i ŵ_{i,t} r_{i,t} ([1] for Eq. (1): the return). */
  perStep: Float64Array;
  /** [T] log Z_t = log((1/m) Σ_i w_{i,t}) ([1] for Eq. (1)). */
  logZ: Float64Array;
  /** [T] Kish effective sample size per step, in [1, m]. */
  effectiveSampleSize: Float64Array;
}

/** Eq. (2) (default) or Eq. (1) estimate of the policy's expected return from the samples. */
export function estimateValue(
  policy: StochasticPolicy,
  samples: SampleSet,
  options: { estimator?: EstimatorKind } = {},
): ValueEstimate {
  const objective = new ImportanceObjective(policy, samples, { estimator: options.estimator });
  const value = objective.evaluate();
  return {
    value,
    perStep: objective.stepValues.slice(),
    logZ: objective.logZ.slice(),
    effectiveSampleSize: objective.effectiveSampleSize(),
  };
}

/** Kish effective sample size (Σ_i w_{i,t})² / Σ_i w_{i,t}² of the prefix weights at every step, [T]. */
export function effectiveSampleSize(policy: StochasticPolicy, samples: SampleSet, out?: Float64Array): Float64Array {
  const objective = new ImportanceObjective(policy, samples);
  objective.evaluate();
  return objective.effectiveSampleSize(out);
}

/** [m, T] log w_{i,t} = log π_θ(ζ_i,1:t) − log q(ζ_i,1:t) under the policy's current parameters. */
export function logImportanceWeights(policy: StochasticPolicy, samples: SampleSet): Float64Array {
  const objective = new ImportanceObjective(policy, samples);
  objective.evaluate();
  return objective.logWeights.slice();
}
