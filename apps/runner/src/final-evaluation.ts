/**
 * The learned policy on its own (result.json's evaluation): fresh noisy rollouts from the task's
 * initial-state distribution, summarized against the DDP example. Shared by run.ts, which evaluates
 * every finished run, and evaluate.ts, which re-evaluates saved policies.
 */
import { totalReward } from '@guided/gps';
import type { MlpPolicy } from '@guided/mlp-policy';
import type { SimTask, SimTrajectory } from '@guided/sim';
import { describe } from './guides.js';

export interface FinalSummary {
  rollouts: number;
  meanReward: number;
  stdReward: number;
  /** meanReward / the DDP example's reward (rewards are negative costs: ≤ 1.1 is the goal). */
  costRatio: number;
  forwardVelocity: number;
  /** Rollouts that fell or whose simulation diverged. */
  falls: number;
}

/** The seeds of a run's final evaluation: 2,000,000,000 + 1000 · seed + i, used by nothing else. */
export function evaluationSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => 2_000_000_000 + seed * 1000 + i);
}

/**
 * A copy of the policy that acts with its mean μ_θ(x): σ_d = minStd + e^{s_d} with s_d = −50 leaves
 * its exploration noise at the floor (1e-3 by default). The motor noise of the task stays.
 */
export function actingWithMean(policy: MlpPolicy): MlpPolicy {
  const copy = policy.clone();
  const params = Float64Array.from(copy.getParams());
  const logStd = copy.paramBlocks().find((b) => b.name === 'logStd')!;
  params.fill(-50, logStd.offset, logStd.offset + logStd.rows);
  copy.setParams(params);
  return copy;
}

export function summarize(task: SimTask, trajectories: SimTrajectory[], exampleReward: number): FinalSummary {
  const returns = trajectories.map(totalReward);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const meanReward = mean(returns);
  const described = trajectories.map((t) => describe(task, t.states, t.T));
  return {
    rollouts: trajectories.length,
    meanReward,
    stdReward: Math.sqrt(mean(returns.map((r) => (r - meanReward) ** 2))),
    costRatio: meanReward / exampleReward,
    forwardVelocity: mean(described.map((d) => d.avgVelocity)),
    falls: described.filter((d, i) => d.fellAt >= 0 || trajectories[i].diverged).length,
  };
}
