/**
 * One share of whole trajectories and the policy that scores them: the forward pass
 * (log-probabilities, log-weights, per-column partial reductions) and the backward pass
 * (gradient coefficients and one batched policy.logProbGrad). The single-thread objective
 * uses one slice holding every sample; each worker of the parallel objective holds one.
 */
import type { StochasticPolicy } from '@guided/core';
import {
  columnLogSumExpAndMean,
  flushNegligible,
  lastColumn,
  perStepCoefficients,
  prefixLogWeights,
  rowSums,
  trajectoryCoefficients,
} from './kernels.js';

/** 'perStep': Eq. (2), prefix weights normalized per step; 'trajectory': Eq. (1), whole-trajectory weights. */
export type EstimatorKind = 'perStep' | 'trajectory';

export interface SliceData {
  rows: number;
  T: number;
  obs: Float64Array;
  actions: Float64Array;
  rewards: Float64Array;
  logQ: Float64Array;
  /** Global index of this slice's first sample, and the step between its rows' global indices (for error messages). */
  firstSample: number;
  sampleStride?: number;
}

export class SliceEvaluator {
  /** Number of normalization columns: T for 'perStep', 1 for 'trajectory'. */
  readonly columns: number;
  /** [rows, T] per-step log π(u | o) from the last forward pass. */
  readonly stepLogPi: Float64Array;
  /** [rows, T] log w_{i,t} from the last forward pass. */
  readonly logW: Float64Array;
  private readonly coef: Float64Array;
  private readonly trajLogW: Float64Array;
  private readonly returns: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly policy: StochasticPolicy,
    readonly kind: EstimatorKind,
    readonly data: SliceData,
    /** [columns] this slice's log Σ_i w (written by forward). */
    readonly lsePart: Float64Array,
    /** [columns] this slice's weighted mean reward (written by forward). */
    readonly meanPart: Float64Array,
  ) {
    const { rows, T } = data;
    this.columns = kind === 'perStep' ? T : 1;
    this.stepLogPi = new Float64Array(rows * T);
    this.logW = new Float64Array(rows * T);
    this.coef = new Float64Array(rows * T);
    this.scratch = new Float64Array(T);
    this.trajLogW = new Float64Array(kind === 'trajectory' ? rows : 0);
    this.returns = new Float64Array(kind === 'trajectory' ? rows : 0);
    if (kind === 'trajectory') rowSums(rows, T, data.rewards, this.returns);
  }

  /** Scores the slice under the policy's current parameters and writes lsePart, meanPart. */
  forward(): void {
    const { rows, T, obs, actions, rewards, logQ, firstSample, sampleStride } = this.data;
    this.policy.logProb(rows * T, obs, actions, this.stepLogPi);
    prefixLogWeights(rows, T, this.stepLogPi, logQ, this.logW, firstSample, sampleStride);
    if (this.kind === 'perStep') {
      columnLogSumExpAndMean(rows, T, this.logW, rewards, this.lsePart, this.meanPart, this.scratch);
    } else {
      lastColumn(rows, T, this.logW, this.trajLogW);
      columnLogSumExpAndMean(rows, 1, this.trajLogW, this.returns, this.lsePart, this.meanPart, this.scratch);
    }
  }

  /**
   * Given the global per-column lse and mean (over all slices), writes this slice's share of ∇Φ
   * into grad [paramCount]. Must follow forward() at the same parameters.
   */
  backward(lse: Float64Array, mean: Float64Array, wr: number, grad: Float64Array): void {
    const { rows, T, obs, actions, rewards } = this.data;
    if (this.kind === 'perStep') perStepCoefficients(rows, T, this.logW, rewards, lse, mean, wr, this.coef);
    else trajectoryCoefficients(rows, T, this.trajLogW, this.returns, lse[0], mean[0], wr, this.coef);
    flushNegligible(rows * T, this.coef);
    this.policy.logProbGrad(rows * T, obs, actions, this.coef, grad);
  }
}
