/**
 * The sample set S of Algorithm 1 and the sampling distributions q_j that produced it.
 * Every sample is scored once under every distribution (per-step log-probabilities), so the
 * fused prefix density log q(ζ_i,1:t) = logsumexp_j log q_j(ζ_i,1:t) − log n (paper, Section 3)
 * of any subset is a cheap reduction.
 */
import type { GuidingDistribution, Trajectory } from '@guided/core';
import type { MlpPolicy, Normalization } from '@guided/mlp-policy';
import type { SampleSet } from '@guided/is-estimator';
import type { PolicyDescriptor } from './problem.js';

/** A sampling distribution q_j: a guiding distribution, or the policy with parameters θ_j. */
export type SamplingDistribution =
  | { kind: 'guide'; label: string; guide: GuidingDistribution; descriptor: PolicyDescriptor }
  | { kind: 'policy'; label: string; params: Float64Array };

export interface StoredSample {
  traj: Trajectory;
  /** Index of the distribution that drew it. */
  source: number;
  /** Drawn from a guiding distribution. */
  guiding: boolean;
  /** Σ_t r_t. */
  totalReward: number;
}

export class SampleStore {
  readonly samples: StoredSample[] = [];
  readonly distributions: SamplingDistribution[] = [];
  /** stepLogProbs[j][i]: log q_j(u_t | x_t) of sample i, [T]. */
  readonly stepLogProbs: Float64Array[][] = [];

  constructor(
    readonly T: number,
    readonly obsDim: number,
    readonly actionDim: number,
    /** A policy used as a scorer (its parameters are overwritten while scoring). */
    private readonly scorer: MlpPolicy,
  ) {}

  /** The parameters θ_j of policy distribution j. */
  params(j: number): Float64Array {
    const dist = this.distributions[j];
    if (dist?.kind !== 'policy') throw new Error(`SampleStore.params: distribution ${j} is not a policy`);
    return dist.params;
  }

  /** Indices of the policy distributions (the fused q of the non-guided variants). */
  policyDistributions(): number[] {
    return this.distributions.flatMap((d, j) => (d.kind === 'policy' ? [j] : []));
  }

  /** The guiding samples' trajectories. */
  guidingTrajectories(): Trajectory[] {
    return this.samples.filter((s) => s.guiding).map((s) => s.traj);
  }

  /** The input normalization policy distributions are scored with (fixed after pretraining). */
  setScorerNormalization(norm: Normalization): void {
    this.scorer.setNormalization(norm);
  }

  /** Adds q_j and scores every stored sample under it; returns j. */
  addDistribution(dist: SamplingDistribution): number {
    const j = this.distributions.length;
    this.distributions.push(dist);
    this.stepLogProbs.push(this.samples.map((s) => this.score(dist, s.traj)));
    return j;
  }

  /** Adds samples drawn from distribution `source`, scoring each under every distribution. */
  addSamples(trajs: Trajectory[], source: number, guiding: boolean): number[] {
    if (!(source >= 0 && source < this.distributions.length)) {
      throw new Error(`SampleStore.addSamples: source must index a distribution (0..${this.distributions.length - 1}), got ${source}`);
    }
    const indices: number[] = [];
    for (const traj of trajs) {
      this.checkShape(traj);
      let total = 0;
      for (let t = 0; t < this.T; t++) total += traj.rewards[t];
      indices.push(this.samples.length);
      this.samples.push({ traj, source, guiding, totalReward: total });
      for (let j = 0; j < this.distributions.length; j++) this.stepLogProbs[j].push(this.score(this.distributions[j], traj));
    }
    return indices;
  }

  /**
   * [indices.length, T] fused prefix log-density log q(ζ_i,1:t) over the distributions in `use`
   * (default all): logsumexp_j of the prefix sums, minus log n.
   */
  fusedPrefixLogQ(indices: readonly number[], use: readonly number[] = this.distributions.map((_, j) => j)): Float64Array {
    const T = this.T;
    const n = use.length;
    if (n === 0) throw new Error('SampleStore.fusedPrefixLogQ: no sampling distribution to fuse');
    const out = new Float64Array(indices.length * T);
    const prefix = new Float64Array(n);
    const logN = Math.log(n);
    for (let r = 0; r < indices.length; r++) {
      prefix.fill(0);
      for (let t = 0; t < T; t++) {
        let max = -Infinity;
        for (let a = 0; a < n; a++) {
          prefix[a] += this.stepLogProbs[use[a]][indices[r]][t];
          if (prefix[a] > max) max = prefix[a];
        }
        let sum = 0;
        if (max !== -Infinity) for (let a = 0; a < n; a++) sum += Math.exp(prefix[a] - max);
        out[r * T + t] = max === -Infinity ? -Infinity : max + Math.log(sum) - logN;
      }
    }
    return out;
  }

  /** The is-estimator's view of a subset of S: policy inputs, actions, rewards and fused log q. */
  sampleSet(indices: readonly number[], use?: readonly number[]): SampleSet {
    const { T, obsDim, actionDim } = this;
    const m = indices.length;
    const obs = new Float64Array(m * T * obsDim);
    const actions = new Float64Array(m * T * actionDim);
    const rewards = new Float64Array(m * T);
    indices.forEach((i, r) => {
      const traj = this.samples[i].traj;
      obs.set(policyInputs(traj).subarray(0, T * obsDim), r * T * obsDim);
      actions.set(traj.actions.subarray(0, T * actionDim), r * T * actionDim);
      rewards.set(traj.rewards.subarray(0, T), r * T);
    });
    return { count: m, T, obsDim, actionDim, obs, actions, rewards, logQ: this.fusedPrefixLogQ(indices, use) };
  }

  private score(dist: SamplingDistribution, traj: Trajectory): Float64Array {
    const T = this.T;
    const out = new Float64Array(T);
    if (dist.kind === 'guide') {
      const { stateDim, actionDim } = traj;
      for (let t = 0; t < T; t++) {
        out[t] = dist.guide.logProb(
          t,
          traj.states.subarray(t * stateDim, (t + 1) * stateDim),
          traj.actions.subarray(t * actionDim, (t + 1) * actionDim),
        );
      }
    } else {
      this.scorer.setParams(dist.params);
      this.scorer.logProb(T, policyInputs(traj), traj.actions, out);
    }
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(out[t]) || out[t] === Infinity) {
        throw new Error(`SampleStore: log-probability of ${dist.label} at step ${t} is ${out[t]}`);
      }
    }
    return out;
  }

  private checkShape(traj: Trajectory): void {
    const inputs = policyInputs(traj);
    if (traj.T !== this.T || traj.actionDim !== this.actionDim || inputs.length < this.T * this.obsDim) {
      throw new Error(
        `SampleStore: trajectory has T=${traj.T}, actionDim=${traj.actionDim}, ${inputs.length} input values; ` +
          `expected T=${this.T}, actionDim=${this.actionDim}, at least ${this.T * this.obsDim}`,
      );
    }
  }
}

/** What the policy sees at each step: the observations when present, else the states. */
export function policyInputs(traj: Trajectory): Float64Array {
  return traj.observations ?? traj.states;
}
