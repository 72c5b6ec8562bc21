/**
 * Drawing guiding samples and scoring trajectories. The importance-sampled estimator (Levine &
 * Koltun 2013, Eq. 2) weighs the first t steps of a sample by π_θ(τ_1:t) / q(τ_1:t), so each
 * trajectory carries per-step log-probabilities and their prefix sums.
 */
import { allocateTrajectory, assertInteger, assertLength, assertFinite } from '@guided/core';
import type { GuidingDistribution, Reward, Rng, Trajectory } from '@guided/core';

/**
 * What the samples run on: one control step x' = f(x, u), possibly noisy (the sim's noisy motors
 * draw from `rng`). A core `Dynamics` fits (its step ignores the extra argument).
 */
export interface SteppableSystem {
  readonly stateDim: number;
  readonly actionDim: number;
  step(x: Float64Array, u: Float64Array, next: Float64Array, rng?: Rng): Float64Array;
  /** Control range; when present the reward scores the sampled action clamped to it. */
  readonly actionLower?: Float64Array;
  readonly actionUpper?: Float64Array;
}

export interface SampleOptions {
  /** Number m of trajectories. */
  count: number;
  /** Initial state [nx] (every sample starts here). */
  x0: Float64Array;
  /** Parent generator: sample i uses two children split off it in order (actions, system noise). */
  rng: Rng;
  /** Steps per sample; default the distribution's T. */
  horizon?: number;
  /** Fills `rewards` when given (zeros otherwise), scored on the action clamped to the system's control range. */
  reward?: Pick<Reward, 'reward'>;
  /** Name under which per-step log-probabilities are stored in `logProbs`. Default 'guide'. */
  name?: string;
  /** Observation map o = obs(x) to fill `observations` (e.g. the policy's inputs). */
  observe?: { obsDim: number; observe(x: Float64Array, out: Float64Array): unknown };
}

/**
 * Samples `count` trajectories u_t ~ π(· | x_t), x_{t+1} = system.step(x_t, u_t). The actions stored
 * are the sampled ones (before any clamping the system applies), which is what log π scores; the
 * rewards score them clamped to the system's control range when it has one.
 * Throws naming the sample and step when a state becomes NaN or infinite.
 */
export function sampleTrajectories(dist: GuidingDistribution, system: SteppableSystem, options: SampleOptions): Trajectory[] {
  const where = 'sampleTrajectories';
  assertInteger(where, 'count', options.count, 1);
  const T = options.horizon ?? dist.T;
  assertInteger(where, 'horizon', T, 1);
  if (T > dist.T) throw new Error(`${where}: horizon ${T} exceeds the distribution's T ${dist.T}`);
  const nx = dist.stateDim;
  const nu = dist.actionDim;
  if (system.stateDim !== nx || system.actionDim !== nu) {
    throw new Error(`${where}: system is ${system.stateDim}×${system.actionDim} (state×action), the distribution ${nx}×${nu}`);
  }
  assertLength(where, 'x0', options.x0, nx);
  assertFinite(where, 'x0', options.x0);
  const name = options.name ?? 'guide';
  const lower = system.actionLower;
  const upper = system.actionUpper;
  const command = new Float64Array(nu);
  const out: Trajectory[] = [];
  for (let i = 0; i < options.count; i++) {
    const actionRng = options.rng.split();
    const systemRng = options.rng.split();
    const traj = allocateTrajectory(T, nx, nu, options.observe?.obsDim);
    const logp = new Float64Array(T);
    traj.states.set(options.x0);
    for (let t = 0; t < T; t++) {
      const x = traj.states.subarray(t * nx, (t + 1) * nx);
      const u = traj.actions.subarray(t * nu, (t + 1) * nu);
      dist.sample(t, x, actionRng, u);
      logp[t] = dist.logProb(t, x, u);
      if (options.reward) {
        // The reward of the command the system can apply (as @guided/sim's rollouts score it).
        for (let j = 0; j < nu; j++) command[j] = lower && upper ? Math.min(upper[j], Math.max(lower[j], u[j])) : u[j];
        traj.rewards[t] = options.reward.reward(x, command);
      }
      const next = traj.states.subarray((t + 1) * nx, (t + 2) * nx);
      system.step(x, u, next, systemRng);
      for (let j = 0; j < nx; j++) {
        if (!Number.isFinite(next[j])) throw new Error(`${where}: sample ${i}, state ${t + 1}[${j}] is ${next[j]}`);
      }
    }
    if (options.observe && traj.observations) {
      const od = options.observe.obsDim;
      for (let t = 0; t <= T; t++) options.observe.observe(traj.states.subarray(t * nx, (t + 1) * nx), traj.observations.subarray(t * od, (t + 1) * od));
    }
    traj.logProbs = { [name]: logp };
    out.push(traj);
  }
  return out;
}

/** log π(u_t | x_t) for every step of `traj` into `out` [T] (allocated when absent). */
export function scoreTrajectory(dist: GuidingDistribution, traj: Trajectory, out?: Float64Array): Float64Array {
  const T = traj.T;
  if (T > dist.T) throw new Error(`scoreTrajectory: trajectory has ${T} steps, the distribution ${dist.T}`);
  if (traj.stateDim !== dist.stateDim || traj.actionDim !== dist.actionDim) {
    throw new Error(`scoreTrajectory: trajectory is ${traj.stateDim}×${traj.actionDim}, the distribution ${dist.stateDim}×${dist.actionDim}`);
  }
  const res = out ?? new Float64Array(T);
  const nx = traj.stateDim;
  const nu = traj.actionDim;
  for (let t = 0; t < T; t++) {
    res[t] = dist.logProb(t, traj.states.subarray(t * nx, (t + 1) * nx), traj.actions.subarray(t * nu, (t + 1) * nu));
  }
  return res;
}

/** Prefix sums S_t = Σ_{s≤t} logp_s: log π(τ_1:t), what the estimator's weights need. */
export function prefixSums(logp: Float64Array, out: Float64Array = new Float64Array(logp.length)): Float64Array {
  let s = 0;
  for (let t = 0; t < logp.length; t++) {
    s += logp[t];
    out[t] = s;
  }
  return out;
}
