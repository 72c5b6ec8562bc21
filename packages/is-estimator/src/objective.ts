/**
 * The regularized importance-sampled objective (paper, Section 3), single thread:
 * Φ(θ) = Σ_t Σ_i ŵ_{i,t}(θ) r_{i,t} + w_r Σ_t log Z_t(θ), with
 * ŵ_{i,t} = w_{i,t} / Σ_k w_{k,t}, w_{i,t} = π_θ(ζ_i,1:t) / q(ζ_i,1:t), Z_t = (1/m) Σ_i w_{i,t}.
 * One batched policy.logProb, O(m·T) log-space arithmetic, one batched policy.logProbGrad.
 */
import type { StochasticPolicy } from '@guided/core';
import { validateSampleSet, type SampleSet } from './sample-set.js';
import { SliceEvaluator, type EstimatorKind } from './slice.js';
import {
  asMinimizationObjective,
  checkGrad,
  checkTheta,
  resolveEstimator,
  resolveRegularization,
  type ImportanceOptions,
} from './options.js';
import { columnEffectiveSampleSize } from './kernels.js';

export class ImportanceObjective {
  readonly estimator: EstimatorKind;
  /** Number of normalization columns: T for Eq. (2), 1 for Eq. (1). */
  readonly columns: number;
  /** After evaluate: the per-step estimate r̄_t = Σ_i ŵ_{i,t} r_{i,t} [columns] (Eq. 1: one entry, the return). */
  readonly stepValues: Float64Array;
  /** After evaluate: log Z_t = log((1/m) Σ_i w_{i,t}) [columns]. */
  readonly logZ: Float64Array;
  /** After evaluate: Φ₀, the unregularized estimate Σ_t r̄_t. */
  unregularizedValue = NaN;
  private wr: number;
  private readonly slice: SliceEvaluator;
  private readonly lse: Float64Array;
  private readonly logCount: number;
  private readonly essScratch: Float64Array;

  constructor(
    readonly policy: StochasticPolicy,
    readonly samples: SampleSet,
    options: ImportanceOptions = {},
  ) {
    const where = 'ImportanceObjective';
    validateSampleSet(where, samples);
    checkPolicyShape(where, policy, samples);
    this.wr = resolveRegularization(where, options.regularization);
    this.estimator = resolveEstimator(where, options.estimator);
    this.columns = this.estimator === 'perStep' ? samples.T : 1;
    this.lse = new Float64Array(this.columns);
    this.stepValues = new Float64Array(this.columns);
    this.logZ = new Float64Array(this.columns);
    this.logCount = Math.log(samples.count);
    this.essScratch = new Float64Array(2 * samples.T);
    this.slice = new SliceEvaluator(
      policy,
      this.estimator,
      { rows: samples.count, T: samples.T, obs: samples.obs, actions: samples.actions, rewards: samples.rewards, logQ: samples.logQ, firstSample: 0 },
      this.lse,
      this.stepValues,
    );
  }

  get regularization(): number {
    return this.wr;
  }

  set regularization(value: number) {
    this.wr = resolveRegularization('ImportanceObjective', value);
  }

  get paramCount(): number {
    return this.policy.paramCount;
  }

  /**
   * Φ(θ) (sets the policy's parameters to theta when given, else uses the current ones) and,
   * when grad is given, ∇Φ(θ) into grad [paramCount].
   */
  evaluate(theta?: Float64Array | null, grad?: Float64Array | null): number {
    const where = 'ImportanceObjective.evaluate';
    const P = this.policy.paramCount;
    if (theta) {
      checkTheta(where, theta, P);
      this.policy.setParams(theta);
    }
    if (grad) checkGrad(where, grad, P);
    this.slice.forward();
    let value = 0;
    let regularizer = 0;
    for (let c = 0; c < this.columns; c++) {
      value += this.stepValues[c];
      this.logZ[c] = this.lse[c] - this.logCount;
      regularizer += this.logZ[c];
    }
    this.unregularizedValue = value;
    if (grad) this.slice.backward(this.lse, this.stepValues, this.wr, grad);
    return value + this.wr * regularizer;
  }

  /** (x, grad) ⇒ −Φ(x) with −∇Φ in grad, for a minimizer such as @guided/lbfgs. */
  asMinimizationObjective(): (x: Float64Array, grad: Float64Array) => number {
    return asMinimizationObjective(this);
  }

  /** [m, T] log-weights log w_{i,t} of the last evaluate (a live view; copy to keep). */
  get logWeights(): Float64Array {
    return this.slice.logW;
  }

  /** Kish effective sample size (Σ_i w)²/Σ_i w² of every step's weights from the last evaluate, [T]. */
  effectiveSampleSize(out: Float64Array = new Float64Array(this.samples.T)): Float64Array {
    columnEffectiveSampleSize(this.samples.count, this.samples.T, this.slice.logW, out, this.essScratch);
    return out;
  }
}

export function checkPolicyShape(where: string, policy: StochasticPolicy, samples: SampleSet): void {
  if (policy == null || typeof policy.logProb !== 'function' || typeof policy.logProbGrad !== 'function') {
    throw new Error(`${where}: policy must implement StochasticPolicy (logProb, logProbGrad), got ${policy}`);
  }
  if (policy.inputDim !== samples.obsDim || policy.actionDim !== samples.actionDim) {
    throw new Error(
      `${where}: policy maps ${policy.inputDim} inputs to ${policy.actionDim} actions, samples have obsDim ${samples.obsDim} and actionDim ${samples.actionDim}`,
    );
  }
}
