import type { EstimatorKind } from './slice.js';

export interface ImportanceOptions {
  /**
   * w_r ≥ 0, the weight of the regularizer w_r Σ_t log Z_t(θ) (paper, Section 3; the paper clamps it
   * to [1e-6, 1e-2]). 0 gives the unregularized estimator. Default 0.
   */
  regularization?: number;
  /** 'perStep' (Eq. 2, default) or 'trajectory' (Eq. 1). */
  estimator?: EstimatorKind;
}

export function resolveRegularization(where: string, value: number | undefined): number {
  const wr = value ?? 0;
  if (typeof wr !== 'number' || !Number.isFinite(wr) || wr < 0) {
    throw new Error(`${where}: regularization must be a finite number ≥ 0, got ${wr}`);
  }
  return wr;
}

export function resolveEstimator(where: string, value: EstimatorKind | undefined): EstimatorKind {
  const kind = value ?? 'perStep';
  if (kind !== 'perStep' && kind !== 'trajectory') {
    throw new Error(`${where}: estimator must be 'perStep' or 'trajectory', got ${String(kind)}`);
  }
  return kind;
}

/** Throws unless theta is a Float64Array of the given length with finite entries. */
export function checkTheta(where: string, theta: Float64Array, paramCount: number): void {
  if (!(theta instanceof Float64Array) || theta.length !== paramCount) {
    throw new Error(`${where}: theta must be a Float64Array of length ${paramCount}, got ${theta?.length}`);
  }
  for (let j = 0; j < paramCount; j++) {
    const v = theta[j];
    if (v - v !== 0) throw new Error(`${where}: theta[${j}] is ${v}`);
  }
}

export function checkGrad(where: string, grad: Float64Array, paramCount: number): void {
  if (!(grad instanceof Float64Array) || grad.length !== paramCount) {
    throw new Error(`${where}: grad must be a Float64Array of length ${paramCount}, got ${grad?.length}`);
  }
}

/** Anything that evaluates Φ(θ) and writes ∇Φ (ImportanceObjective, ParallelImportanceObjective). */
export interface MaximizationObjective {
  evaluate(theta: Float64Array, grad?: Float64Array | null): number;
}

/**
 * (x, grad) ⇒ −Φ(x), writing −∇Φ into grad: the shape of an L-BFGS objective (@guided/lbfgs) that
 * minimizes.
 */
export function asMinimizationObjective(objective: MaximizationObjective): (x: Float64Array, grad: Float64Array) => number {
  return (x, grad) => {
    const value = objective.evaluate(x, grad);
    for (let j = 0; j < grad.length; j++) grad[j] = -grad[j];
    return -value;
  };
}
