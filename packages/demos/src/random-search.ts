/**
 * Augmented random search (Mania, Guy & Recht, "Simple random search provides a competitive approach
 * to reinforcement learning", NeurIPS 2018; their ARS V2-t) for a linear feedback controller
 * u = clamp(M (o − μ) / s + m) on a @guided/sim task — a way to obtain a demonstration for a task
 * that has no hand-designed controller (the hopper; the walker has SIMBICON).
 *
 * One iteration: N directions δ_j ~ N(0, I) over the parameters θ = [M, m]; each is scored at θ ± νδ_j
 * on one noisy rollout (both signs with the same seed); the b directions with the best max(r⁺, r⁻)
 * give the step θ ← θ + α / (b σ_R) Σ_j (r⁺_j − r⁻_j) δ_j, where σ_R is the standard deviation of those
 * 2b returns. μ and s are the running mean and standard deviation of every observation seen so far.
 *
 * The return of a rollout is its total reward minus `smoothness` · Σ_t ‖u_t − u_{t−1}‖²: without that
 * term the hopper's search finds a gait that vibrates at 16 Hz, which DDP's low-pass polish (and a
 * smooth neural network) cannot follow.
 */
import { Rng } from '@guided/core';
import { AffinePolicy, rollout, type RolloutPolicy, type SimTask } from '@guided/sim';

export interface RandomSearchOptions {
  /** Iterations (default 1000). */
  iterations?: number;
  /** Directions per iteration, N (default 8). */
  directions?: number;
  /** Directions kept for the step, b ≤ N (default 4). */
  top?: number;
  /** Step size α (default 0.02). */
  stepSize?: number;
  /** Exploration scale ν (default 0.03). */
  exploration?: number;
  /** Weight of the action-change penalty in the return (default 0.3). */
  smoothness?: number;
  /** Seed of the directions and of the rollouts' seeds (default 1). */
  seed?: number;
  /**
   * Called after every iteration with its index, the mean of the 2N returns and a function that
   * returns the current controller (for evaluating or keeping intermediate ones).
   */
  onIteration?: (iteration: number, meanReturn: number, current: () => AffinePolicy) => void;
}

export interface RandomSearchResult {
  /** The controller with the normalization folded in: u = clamp(W o + b). */
  policy: AffinePolicy;
  /** Mean of the 2N returns of every iteration. */
  history: number[];
}

/** Running mean and variance of the observations (Welford), the normalization of ARS V2. */
class ObservationStats {
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  private count = 0;

  constructor(size: number) {
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }

  add(o: Float64Array): void {
    this.count++;
    for (let i = 0; i < o.length; i++) {
      const d = o[i] - this.mean[i];
      this.mean[i] += d / this.count;
      this.m2[i] += d * (o[i] - this.mean[i]);
    }
  }

  /** Makes this a copy of `other`. */
  copyFrom(other: ObservationStats): void {
    this.mean.set(other.mean);
    this.m2.set(other.m2);
    this.count = other.count;
  }

  /** Standard deviation, 1 before any observation, floored at 1e-4 for constant coordinates. */
  scale(i: number): number {
    return this.count < 2 ? 1 : Math.max(1e-4, Math.sqrt(this.m2[i] / this.count));
  }
}

/** u = clamp(M (o − μ) / s + m) with θ = [M row-major, m], μ and s from `stats`; adds every observation to `seen`. */
class NormalizedLinearPolicy implements RolloutPolicy {
  constructor(
    private readonly theta: Float64Array,
    private readonly stats: ObservationStats,
    private readonly seen: ObservationStats,
    private readonly nu: number,
  ) {}

  act(obs: Float64Array, _rng: Rng, out: Float64Array = new Float64Array(this.nu)): Float64Array {
    this.seen.add(obs);
    const no = obs.length;
    for (let k = 0; k < this.nu; k++) {
      let s = this.theta[this.nu * no + k];
      for (let i = 0; i < no; i++) s += (this.theta[k * no + i] * (obs[i] - this.stats.mean[i])) / this.stats.scale(i);
      out[k] = s < -1 ? -1 : s > 1 ? 1 : s;
    }
    return out;
  }
}

/**
 * A rollout's total reward minus the action-change penalty. A fallen rollout keeps its rewards; a diverged
 * one (it stops early) is charged each missing step at min(−10, its worst reward).
 */
function score(task: SimTask, policy: RolloutPolicy, seed: number, smoothness: number): number {
  const traj = rollout(task, policy, { seed });
  const nu = task.actionDim;
  let total = 0;
  for (let t = 0; t < traj.T; t++) total += traj.rewards[t];
  if (traj.T < task.horizon) total += (task.horizon - traj.T) * Math.min(-10, ...Array.from(traj.rewards));
  for (let t = 1; t < traj.T; t++) {
    for (let k = 0; k < nu; k++) total -= smoothness * (traj.actions[t * nu + k] - traj.actions[(t - 1) * nu + k]) ** 2;
  }
  return total;
}

function positiveInteger(where: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${where}: ${name} must be an integer ≥ 1, got ${v}`);
  return v;
}

function nonNegative(where: string, name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new Error(`${where}: ${name} must be a finite number ≥ 0, got ${v}`);
  return v;
}

/**
 * The ARS step in place: θ += α / (b σ_R) Σ_{j ∈ top b} (r⁺_j − r⁻_j) δ_j, the top b directions ranked by
 * max(r⁺_j, r⁻_j) and σ_R the standard deviation of their 2b returns (no step when σ_R = 0).
 */
export function arsStep(theta: Float64Array, deltas: Float64Array[], plus: number[], minus: number[], top: number, stepSize: number): void {
  const best = deltas
    .map((_, j) => j)
    .sort((p, q) => Math.max(plus[q], minus[q]) - Math.max(plus[p], minus[p]))
    .slice(0, top);
  const kept = best.flatMap((j) => [plus[j], minus[j]]);
  const keptMean = kept.reduce((s, v) => s + v, 0) / kept.length;
  const sigma = Math.sqrt(kept.reduce((s, v) => s + (v - keptMean) ** 2, 0) / kept.length);
  if (sigma === 0) return;
  for (const j of best) {
    const c = (stepSize / (top * sigma)) * (plus[j] - minus[j]);
    for (let i = 0; i < theta.length; i++) theta[i] += c * deltas[j][i];
  }
}

/** Runs ARS V2-t on `task` from the zero controller and returns the final controller. */
export function randomSearch(task: SimTask, options: RandomSearchOptions = {}): RandomSearchResult {
  const where = 'randomSearch';
  const iterations = positiveInteger(where, 'iterations', options.iterations ?? 1000);
  const N = positiveInteger(where, 'directions', options.directions ?? 8);
  const b = positiveInteger(where, 'top', options.top ?? 4);
  if (b > N) throw new Error(`${where}: top must be ≤ directions (${N}), got ${b}`);
  const alpha = nonNegative(where, 'stepSize', options.stepSize ?? 0.02);
  const nu = nonNegative(where, 'exploration', options.exploration ?? 0.03);
  const smoothness = nonNegative(where, 'smoothness', options.smoothness ?? 0.3);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`${where}: seed must be an integer, got ${seed}`);
  const no = task.obsDim;
  const na = task.actionDim;
  const size = na * no + na;
  const rng = new Rng(seed);
  // The normalization is fixed within an iteration; its observations join it after the step.
  const stats = new ObservationStats(no);
  const seen = new ObservationStats(no);
  const theta = new Float64Array(size);
  const history: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const deltas: Float64Array[] = [];
    const plus: number[] = [];
    const minus: number[] = [];
    for (let j = 0; j < N; j++) {
      const delta = Float64Array.from({ length: size }, () => rng.normal());
      const rolloutSeed = rng.nextUint32();
      const up = theta.map((v, i) => v + nu * delta[i]);
      const down = theta.map((v, i) => v - nu * delta[i]);
      deltas.push(delta);
      plus.push(score(task, new NormalizedLinearPolicy(up, stats, seen, na), rolloutSeed, smoothness));
      minus.push(score(task, new NormalizedLinearPolicy(down, stats, seen, na), rolloutSeed, smoothness));
    }
    arsStep(theta, deltas, plus, minus, b, alpha);
    stats.copyFrom(seen);
    const meanReturn = (plus.reduce((s, v) => s + v, 0) + minus.reduce((s, v) => s + v, 0)) / (2 * N);
    history.push(meanReturn);
    options.onIteration?.(it, meanReturn, () => foldNormalization(theta, stats, no, na));
  }
  return { policy: foldNormalization(theta, stats, no, na), history };
}

/** W = M / s (per column), b = m − W μ: the same controller on raw observations. */
function foldNormalization(theta: Float64Array, stats: ObservationStats, no: number, na: number): AffinePolicy {
  const weights = new Float64Array(na * no);
  const bias = new Float64Array(na);
  for (let k = 0; k < na; k++) {
    bias[k] = theta[na * no + k];
    for (let i = 0; i < no; i++) {
      weights[k * no + i] = theta[k * no + i] / stats.scale(i);
      bias[k] -= weights[k * no + i] * stats.mean[i];
    }
  }
  return new AffinePolicy(na, no, weights, bias);
}
