/**
 * The input of the estimator: m trajectories of T steps, flattened sample-major
 * (entry (i, t) of a per-step array sits at i·T + t), with the prefix log-density
 * of the fused sampling distribution q(ζ_i,1:t) = (1/n) Σ_j q_j(ζ_i,1:t) (paper, Section 3).
 */
import type { StochasticPolicy, Trajectory } from '@guided/core';

export interface SampleSet {
  /** m, the number of trajectories (≥ 1). */
  readonly count: number;
  /** T, the number of steps of every trajectory (≥ 1). */
  readonly T: number;
  readonly obsDim: number;
  readonly actionDim: number;
  /** [m, T, obsDim] the policy's input at steps 0..T−1. */
  readonly obs: Float64Array;
  /** [m, T, actionDim] */
  readonly actions: Float64Array;
  /** [m, T] reward r(x_t^i, u_t^i). */
  readonly rewards: Float64Array;
  /**
   * [m, T] log q(ζ_i,1:t): the prefix log-probability of the actions u_0..u_t of sample i under the
   * fused distribution (dynamics terms omitted: they cancel with the policy's). See `fuseLogQ`.
   */
  readonly logQ: Float64Array;
}

/** Throws naming the field, sample and step of the first problem found. */
export function validateSampleSet(where: string, samples: SampleSet): void {
  if (samples == null || typeof samples !== 'object') throw new Error(`${where}: samples must be an object, got ${samples}`);
  checkCount(where, 'samples.count', samples.count);
  checkCount(where, 'samples.T', samples.T);
  checkCount(where, 'samples.obsDim', samples.obsDim);
  checkCount(where, 'samples.actionDim', samples.actionDim);
  const { count: m, T, obsDim, actionDim } = samples;
  checkPerStep(where, 'samples.obs', samples.obs, m, T, obsDim);
  checkPerStep(where, 'samples.actions', samples.actions, m, T, actionDim);
  checkPerStep(where, 'samples.rewards', samples.rewards, m, T, 1);
  checkPerStep(where, 'samples.logQ', samples.logQ, m, T, 1);
}

function checkCount(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${name} must be an integer ≥ 1, got ${value}`);
}

/** Checks a [m, T, width] Float64Array: length, then every entry finite (error names sample and step). */
function checkPerStep(where: string, name: string, values: Float64Array, m: number, T: number, width: number): void {
  const expected = m * T * width;
  if (!(values instanceof Float64Array)) {
    throw new Error(`${where}: ${name} must be a Float64Array, got ${values === null ? 'null' : typeof values}`);
  }
  if (values.length !== expected) {
    throw new Error(`${where}: ${name} must have length ${expected} (${m}·${T}${width > 1 ? `·${width}` : ''}), got ${values.length}`);
  }
  for (let k = 0; k < expected; k++) {
    const v = values[k];
    if (v - v !== 0) {
      const step = Math.floor(k / width);
      throw new Error(`${where}: ${name}[${k}] is ${v} (sample ${Math.floor(step / T)}, step ${step % T})`);
    }
  }
}

/** Turns per-step log-probabilities [m, T] into prefix sums log p(ζ_i,1:t) (in place when out === perStep). */
export function prefixLogProbs(m: number, T: number, perStep: Float64Array, out: Float64Array = new Float64Array(m * T)): Float64Array {
  if (perStep.length !== m * T) throw new Error(`prefixLogProbs: perStep must have length ${m * T}, got ${perStep.length}`);
  if (out.length !== m * T) throw new Error(`prefixLogProbs: out must have length ${m * T}, got ${out.length}`);
  for (let i = 0; i < m; i++) {
    let acc = 0;
    for (let t = 0, k = i * T; t < T; t++, k++) {
      acc += perStep[k];
      out[k] = acc;
    }
  }
  return out;
}

/**
 * The fused prefix log-density log q(ζ_i,1:t) = logsumexp_j log q_j(ζ_i,1:t) − log n from the
 * prefix log-densities of the n sampling distributions (each [m, T]). A distribution that
 * cannot produce a sample may give −Infinity there; at least one must be finite per entry.
 */
export function fuseLogQ(m: number, T: number, prefixLogQs: readonly Float64Array[], out: Float64Array = new Float64Array(m * T)): Float64Array {
  const n = prefixLogQs.length;
  if (n < 1) throw new Error('fuseLogQ: prefixLogQs must hold at least one distribution, got 0');
  for (let j = 0; j < n; j++) {
    if (!(prefixLogQs[j] instanceof Float64Array) || prefixLogQs[j].length !== m * T) {
      throw new Error(`fuseLogQ: prefixLogQs[${j}] must be a Float64Array of length ${m * T}, got ${prefixLogQs[j]?.length}`);
    }
  }
  if (out.length !== m * T) throw new Error(`fuseLogQ: out must have length ${m * T}, got ${out.length}`);
  const logN = Math.log(n);
  for (let k = 0; k < m * T; k++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      const v = prefixLogQs[j][k];
      if (Number.isNaN(v) || v === Infinity) throw new Error(`fuseLogQ: prefixLogQs[${j}][${k}] is ${v}`);
      if (v > max) max = v;
    }
    if (max === -Infinity) {
      throw new Error(`fuseLogQ: every distribution gives −Infinity at entry ${k} (sample ${Math.floor(k / T)}, step ${k % T})`);
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(prefixLogQs[j][k] - max);
    out[k] = max + Math.log(sum) - logN;
  }
  return out;
}

/** Per-step log π(u_t^i | o_t^i) of a policy on every (i, t) of a sample set, [m, T] (one batched call). */
export function policyStepLogProbs(policy: StochasticPolicy, samples: SampleSet, out: Float64Array = new Float64Array(samples.count * samples.T)): Float64Array {
  validateSampleSet('policyStepLogProbs', samples);
  if (policy.inputDim !== samples.obsDim || policy.actionDim !== samples.actionDim) {
    throw new Error(
      `policyStepLogProbs: policy is ${policy.inputDim}→${policy.actionDim}, samples are ${samples.obsDim}→${samples.actionDim}`,
    );
  }
  policy.logProb(samples.count * samples.T, samples.obs, samples.actions, out);
  return out;
}

/**
 * Builds a sample set from trajectories that carry per-step log-probabilities (`traj.logProbs[name]`,
 * each [T]) under the named sampling distributions; q is their equal-weight fusion.
 * The policy sees `observations` rows 0..T−1 when present, else `states` rows 0..T−1.
 */
export function sampleSetFromTrajectories(trajectories: readonly Trajectory[], distributions: readonly string[]): SampleSet {
  const where = 'sampleSetFromTrajectories';
  const m = trajectories.length;
  if (m < 1) throw new Error(`${where}: trajectories must hold at least one trajectory, got 0`);
  if (distributions.length < 1) throw new Error(`${where}: distributions must name at least one distribution, got 0`);
  const first = trajectories[0];
  const T = first.T;
  const obsDim = first.observations ? (first.obsDim ?? first.stateDim) : first.stateDim;
  const actionDim = first.actionDim;
  const obs = new Float64Array(m * T * obsDim);
  const actions = new Float64Array(m * T * actionDim);
  const rewards = new Float64Array(m * T);
  const prefix = distributions.map(() => new Float64Array(m * T));
  for (let i = 0; i < m; i++) {
    const traj = trajectories[i];
    const source = traj.observations ?? traj.states;
    const width = traj.observations ? (traj.obsDim ?? traj.stateDim) : traj.stateDim;
    if (traj.T !== T || width !== obsDim || traj.actionDim !== actionDim) {
      throw new Error(
        `${where}: trajectories[${i}] has T=${traj.T}, obsDim=${width}, actionDim=${traj.actionDim}; trajectories[0] has T=${T}, obsDim=${obsDim}, actionDim=${actionDim}`,
      );
    }
    if (source.length < T * obsDim) throw new Error(`${where}: trajectories[${i}] observations/states are shorter than T·obsDim = ${T * obsDim}`);
    obs.set(source.subarray(0, T * obsDim), i * T * obsDim);
    actions.set(traj.actions.subarray(0, T * actionDim), i * T * actionDim);
    rewards.set(traj.rewards.subarray(0, T), i * T);
    for (let j = 0; j < distributions.length; j++) {
      const perStep = traj.logProbs?.[distributions[j]];
      if (!perStep || perStep.length < T) {
        throw new Error(`${where}: trajectories[${i}].logProbs["${distributions[j]}"] is missing or shorter than T = ${T}`);
      }
      let acc = 0;
      for (let t = 0; t < T; t++) {
        acc += perStep[t];
        prefix[j][i * T + t] = acc;
      }
    }
  }
  const samples: SampleSet = { count: m, T, obsDim, actionDim, obs, actions, rewards, logQ: fuseLogQ(m, T, prefix) };
  validateSampleSet(where, samples);
  return samples;
}
