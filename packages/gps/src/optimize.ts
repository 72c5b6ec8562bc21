/**
 * Line 7 of Algorithm 1: θ_k ← argmax_θ Φ_{S_k}(θ) by L-BFGS, run twice — once from θ*, once
 * from the parameters that maximize the log weight of the highest-reward sample (Section 5:
 * a sample whose weight is tiny is ignored by the optimization, so the guiding samples must be
 * given a chance) — keeping the better optimum.
 */
import { minimize } from '@guided/lbfgs';
import { ImportanceObjective, ParallelImportanceObjective, asMinimizationObjective } from '@guided/is-estimator';
import type { SampleSet } from '@guided/is-estimator';
import { mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import type { MlpPolicy } from '@guided/mlp-policy';

export interface PolicyOptimization {
  theta: Float64Array;
  /** Φ_{S_k}(θ_k). */
  objective: number;
  /** Objective evaluations spent (both starts). */
  evaluations: number;
  /** Which start won. */
  start: 'best' | 'highest-reward-sample';
}

export interface OptimizeSettings {
  regularization: number;
  lbfgsEvaluations: number;
  secondStartEvaluations: number;
  secondStart: boolean;
  workers: number;
}

export async function optimizePolicy(
  policy: MlpPolicy,
  samples: SampleSet,
  thetaStar: Float64Array,
  /** Row of `samples` with the highest total reward. */
  bestRow: number,
  settings: OptimizeSettings,
): Promise<PolicyOptimization> {
  policy.setParams(thetaStar);
  const objective =
    settings.workers > 1
      ? await ParallelImportanceObjective.create(samples, mlpPolicySpec(policy), {
          regularization: settings.regularization,
          workers: settings.workers,
        })
      : new ImportanceObjective(policy, samples, { regularization: settings.regularization });
  try {
    const minimizeFrom = (start: Float64Array) =>
      minimize(asMinimizationObjective(objective), start, {
        maxEvaluations: settings.lbfgsEvaluations,
        relFuncTol: 1e-9,
      });
    const fromStar = minimizeFrom(thetaStar);
    let result: PolicyOptimization = {
      theta: Float64Array.from(fromStar.x),
      objective: -fromStar.f,
      evaluations: fromStar.evaluations,
      start: 'best',
    };
    if (settings.secondStart) {
      // Maximizing the log weight log π_θ(ζ_best) − log q(ζ_best) over θ is maximum likelihood
      // on that one trajectory's (observation, action) pairs (q does not depend on θ). The fit descends
      // from θ* on all of θ: solving the output layer exactly on T pairs all but interpolates them,
      // σ collapses to its floor, and on the toy problem GPS then accepted a policy with return −2002
      // (optimum −1.53). A bounded descent from θ* stays a start near the samples.
      const T = samples.T;
      policy.setParams(thetaStar);
      pretrain(policy, {
        n: T,
        obs: samples.obs.subarray(bestRow * T * samples.obsDim, (bestRow + 1) * T * samples.obsDim),
        actions: samples.actions.subarray(bestRow * T * samples.actionDim, (bestRow + 1) * T * samples.actionDim),
        maxEvaluations: settings.secondStartEvaluations,
        outputLayer: 'descend',
      });
      const fromBest = minimizeFrom(Float64Array.from(policy.getParams()));
      if (-fromBest.f > result.objective) {
        result = { theta: Float64Array.from(fromBest.x), objective: -fromBest.f, evaluations: 0, start: 'highest-reward-sample' };
      }
      result.evaluations = fromStar.evaluations + fromBest.evaluations;
    }
    return result;
  } finally {
    if (objective instanceof ParallelImportanceObjective) objective.dispose();
  }
}
