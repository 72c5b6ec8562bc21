/**
 * The sample set S of Algorithm 1 and the sampling distributions q_j that produced it.
 * Every sample is scored once under every distribution (per-step log-probabilities), so the
 * fused prefix density log q(ζ_i,1:t) = logsumexp_j log q_j(ζ_i,1:t) − log n (paper, Section 3)
 * of any subset is a cheap reduction.
 */
import type { GuidingDistribution, Trajectory } from '@guided/core';
import { ParallelScorer } from '@guided/mlp-policy';
import type { MlpPolicy, Normalization } from '@guided/mlp-policy';
import type { SampleSet } from '@guided/is-estimator';
import type { PolicyDescriptor } from './problem.js';
import { totalReward } from './returns.js';

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
  /** Scores policy distributions on worker threads when set (useWorkers). */
  private parallel: ParallelScorer | null = null;

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
    if (this.parallel) throw new Error('SampleStore.setScorerNormalization: the scoring workers have the old normalization; set it before useWorkers');
    this.scorer.setNormalization(norm);
  }

  /**
   * Scores policy distributions on `workers` threads from now on (1: on this thread). The scores are
   * the same numbers either way. Call dispose() when done.
   */
  async useWorkers(workers: number): Promise<void> {
    await this.dispose();
    if (workers > 1) this.parallel = await ParallelScorer.create(this.scorer, this.T, { workers });
  }

  /** Stops the scoring workers, if any. */
  async dispose(): Promise<void> {
    const parallel = this.parallel;
    this.parallel = null;
    await parallel?.dispose();
  }

  /** Adds q_j and scores every stored sample under it; returns j. */
  addDistribution(dist: SamplingDistribution): number {
    const trajs = this.samples.map((s) => s.traj);
    const scores = dist.kind === 'guide' ? trajs.map((traj) => this.scoreGuide(dist, traj)) : this.scorePolicies([dist], trajs)[0];
    this.distributions.push(dist);
    this.stepLogProbs.push(scores);
    return this.distributions.length - 1;
  }

  /** Adds samples drawn from distribution `source`, scoring each under every distribution. */
  addSamples(trajs: Trajectory[], source: number, guiding: boolean): number[] {
    if (!(source >= 0 && source < this.distributions.length)) {
      throw new Error(`SampleStore.addSamples: source must index a distribution (0..${this.distributions.length - 1}), got ${source}`);
    }
    for (const traj of trajs) this.checkShape(traj);
    // Every score first, so that a sample a distribution cannot score leaves the store as it was.
    const policies = this.distributions.flatMap((d) => (d.kind === 'policy' ? [d] : []));
    const policyScores = this.scorePolicies(policies, trajs);
    let a = 0;
    const scores = this.distributions.map((dist) => (dist.kind === 'guide' ? trajs.map((traj) => this.scoreGuide(dist, traj)) : policyScores[a++]));
    const indices: number[] = [];
    trajs.forEach((traj, b) => {
      indices.push(this.samples.length);
      this.samples.push({ traj, source, guiding, totalReward: totalReward(traj) });
      scores.forEach((perSample, j) => this.stepLogProbs[j].push(perSample[b]));
    });
    return indices;
  }

  /**
   * [indices.length, T] fused prefix log-density log q(ζ_i,1:t) over the distributions in `use`
   * (default all): logsumexp_j of the prefix sums, minus log n.
   */
  fusedPrefixLogQ(indices: readonly number[], use: readonly number[] = this.distributions.map((_, j) => j)): Float64Array {
    const T = this.T;
    const prefix = this.prefixScratch('fusedPrefixLogQ', use);
    const out = new Float64Array(indices.length * T);
    for (let r = 0; r < indices.length; r++) {
      prefix.fill(0);
      for (let t = 0; t < T; t++) {
        for (let a = 0; a < use.length; a++) prefix[a] += this.stepLogProbs[use[a]][indices[r]][t];
        out[r * T + t] = logMeanExp(prefix);
      }
    }
    return out;
  }

  /**
   * [indices.length] fused whole-trajectory log-density log q(ζ_i) (Eq. 1's denominator): the last
   * column of fusedPrefixLogQ, equal to it bit for bit, without the log-sum-exp at every earlier step.
   */
  fusedLogQ(indices: readonly number[], use: readonly number[] = this.distributions.map((_, j) => j)): Float64Array {
    const T = this.T;
    const prefix = this.prefixScratch('fusedLogQ', use);
    const out = new Float64Array(indices.length);
    for (let r = 0; r < indices.length; r++) {
      for (let a = 0; a < use.length; a++) {
        const steps = this.stepLogProbs[use[a]][indices[r]];
        let sum = 0;
        for (let t = 0; t < T; t++) sum += steps[t];
        prefix[a] = sum;
      }
      out[r] = logMeanExp(prefix);
    }
    return out;
  }

  private prefixScratch(where: string, use: readonly number[]): Float64Array {
    if (use.length === 0) throw new Error(`SampleStore.${where}: no sampling distribution to fuse`);
    return new Float64Array(use.length);
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

  private scoreGuide(dist: SamplingDistribution & { kind: 'guide' }, traj: Trajectory): Float64Array {
    const { T } = this;
    const { stateDim, actionDim } = traj;
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      out[t] = dist.guide.logProb(t, traj.states.subarray(t * stateDim, (t + 1) * stateDim), traj.actions.subarray(t * actionDim, (t + 1) * actionDim));
    }
    return checkScores(dist, out);
  }

  /** out[a][b]: the per-step log-probabilities of trajs[b] under policies[a], on the workers when there are any. */
  private scorePolicies(policies: (SamplingDistribution & { kind: 'policy' })[], trajs: Trajectory[]): Float64Array[][] {
    const T = this.T;
    let out: Float64Array[][];
    if (this.parallel) {
      out = this.parallel.score(policies.map((d) => d.params), trajs.map(policyInputs), trajs.map((traj) => traj.actions));
    } else {
      out = policies.map((dist) => {
        this.scorer.setParams(dist.params);
        return trajs.map((traj) => {
          const steps = new Float64Array(T);
          this.scorer.logProb(T, policyInputs(traj), traj.actions, steps);
          return steps;
        });
      });
    }
    policies.forEach((dist, a) => out[a].forEach((steps) => checkScores(dist, steps)));
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

/** Rejects a NaN or +Infinity log-probability (−Infinity is a sample the distribution cannot draw). */
function checkScores(dist: SamplingDistribution, out: Float64Array): Float64Array {
  for (let t = 0; t < out.length; t++) {
    if (Number.isNaN(out[t]) || out[t] === Infinity) {
      throw new Error(`SampleStore: log-probability of ${dist.label} at step ${t} is ${out[t]}`);
    }
  }
  return out;
}

/** log((1/n) Σ_a e^{x_a}) for the n entries of x, by the max shift (−Infinity when all are). */
function logMeanExp(x: Float64Array): number {
  const n = x.length;
  let max = -Infinity;
  for (let a = 0; a < n; a++) if (x[a] > max) max = x[a];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let a = 0; a < n; a++) sum += Math.exp(x[a] - max);
  return max + Math.log(sum) - Math.log(n);
}
