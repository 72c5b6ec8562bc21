/**
 * Running a policy on a task with noisy motors: one rollout from the task's initial-state
 * distribution, its randomness (initial state, motor noise, the policy's own sampling) drawn
 * from three independent streams split off one seed, so a rollout depends on its seed only.
 */
import { Rng } from '@guided/core';
import type { Trajectory } from '@guided/core';
import type { SimTask } from './task.js';

/** What a rollout calls each step (the brief's rollout-policy shape). */
export interface RolloutPolicy {
  act(obs: Float64Array, rng: Rng, out?: Float64Array, t?: number, state?: Float64Array): Float64Array;
}

export interface RolloutOptions {
  /** Seed of this rollout's randomness. */
  seed: number;
  /** Number of control steps (default: the task's horizon). */
  T?: number;
  /** Start here instead of drawing from the initial-state distribution. */
  initialState?: Float64Array;
  /** Record the world pose of every body at every step (poses [T+1, bodies, 7]). */
  recordPoses?: boolean;
  /** Apply motor noise (default true). */
  motorNoise?: boolean;
  /** End the rollout at the first fallen state (default false: fixed horizon). */
  stopOnFall?: boolean;
}

/** How a rollout ended early, if it did. */
export interface Divergence {
  /** The control step whose simulation failed; the trajectory holds steps 0…step−1. */
  step: number;
  reason: string;
}

/** core's Trajectory plus what the simulator knows about the rollout. */
export interface SimTrajectory extends Trajectory {
  readonly obsDim: number;
  observations: Float64Array;
  /** The motor commands actually applied after motor noise, [T, actionDim] (before MuJoCo's clamping). */
  controls: Float64Array;
  /** Body poses [T+1, bodies, 7] (position, quaternion w x y z) when recordPoses was set. */
  poses?: Float64Array;
  seed: number;
  /** First step t whose state x_t counts as fallen (task.isFallen), −1 if none. */
  fellAt: number;
  /** Set when the simulation diverged; the trajectory stops before the failing step. */
  diverged: Divergence | null;
}

/** The three independent random streams of one rollout. */
export function rolloutStreams(seed: number): { init: Rng; motor: Rng; policy: Rng } {
  const root = new Rng(seed);
  return { init: root.split(), motor: root.split(), policy: root.split() };
}

function shrink(a: Float64Array, n: number): Float64Array {
  return a.length === n ? a : a.slice(0, n);
}

/**
 * Runs `policy` for T steps. `actions` records the policy's raw outputs (what its log-probability
 * scores); `rewards[t]` is r(x_t, clamp(u_t)), the reward of the command clamped to the control
 * range before motor noise (the range DDP's box-QP keeps its actions in). A non-finite or wrong-length action from the policy throws
 * (naming the step and entry); a diverging simulation ends the rollout early and is reported
 * in `diverged` — no NaN is ever written into the trajectory.
 */
export function rollout(task: SimTask, policy: RolloutPolicy, options: RolloutOptions): SimTrajectory {
  const where = `${task.name}.rollout`;
  const T = options.T ?? task.horizon;
  if (!Number.isInteger(T) || T < 0) throw new Error(`${where}: T must be an integer ≥ 0, got ${T}`);
  if (!Number.isInteger(options.seed)) throw new Error(`${where}: seed must be an integer, got ${options.seed}`);
  const nx = task.stateDim;
  const nu = task.actionDim;
  const no = task.obsDim;
  const streams = rolloutStreams(options.seed);
  const states = new Float64Array((T + 1) * nx);
  const observations = new Float64Array((T + 1) * no);
  const actions = new Float64Array(T * nu);
  const controls = new Float64Array(T * nu);
  const rewards = new Float64Array(T);
  const nb = task.bodyNames.length;
  const poses = options.recordPoses ? new Float64Array((T + 1) * nb * 7) : undefined;
  const x0 = task.initialState(streams.init);
  if (options.initialState !== undefined) {
    task.checkState(where, 'initialState', options.initialState);
    x0.set(options.initialState);
  }
  states.set(x0, 0);
  task.observe(states, observations, 0, 0);
  if (poses) task.poses(x0, poses, 0);
  const noisy = options.motorNoise ?? true;
  const obs = new Float64Array(no);
  const state = new Float64Array(nx);
  const next = new Float64Array(nx);
  const uBuffer = new Float64Array(nu);
  const ctrl = new Float64Array(nu);
  const command = new Float64Array(nu);
  let fellAt = task.isFallen(x0) ? 0 : -1;
  let diverged: Divergence | null = null;
  let steps = T;
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < no; i++) obs[i] = observations[t * no + i];
    for (let i = 0; i < nx; i++) state[i] = states[t * nx + i];
    const u = policy.act(obs, streams.policy, uBuffer, t, state);
    if (u == null || u.length !== nu) {
      throw new Error(`${where}: the policy's action at step ${t} must have length ${nu}, got ${u == null ? u : u.length}`);
    }
    for (let k = 0; k < nu; k++) {
      if (!Number.isFinite(u[k])) throw new Error(`${where}: the policy's action at step ${t}: u[${k}] is ${u[k]}`);
      actions[t * nu + k] = u[k];
    }
    if (noisy) task.noisyControl(u, streams.motor, ctrl);
    else ctrl.set(u);
    controls.set(ctrl, t * nu);
    // The reward scores the command clamped to the control range (before motor noise), the torque
    // the policy can actually ask for; `actions` keeps the raw sample, which log-probabilities score.
    rewards[t] = task.reward.reward(state, task.clampControl(u, command));
    const reason = task.simulate(states, t * nx, ctrl, 0, states, (t + 1) * nx);
    if (reason !== null) {
      diverged = { step: t, reason };
      steps = t;
      break;
    }
    task.observe(states, observations, (t + 1) * nx, (t + 1) * no);
    for (let i = 0; i < nx; i++) next[i] = states[(t + 1) * nx + i];
    if (poses) task.poses(next, poses, (t + 1) * nb * 7);
    if (fellAt < 0 && task.isFallen(next)) {
      fellAt = t + 1;
      if (options.stopOnFall) {
        steps = t + 1;
        break;
      }
    }
  }
  const traj: SimTrajectory = {
    T: steps,
    stateDim: nx,
    actionDim: nu,
    obsDim: no,
    states: shrink(states, (steps + 1) * nx),
    observations: shrink(observations, (steps + 1) * no),
    actions: shrink(actions, steps * nu),
    controls: shrink(controls, steps * nu),
    rewards: shrink(rewards, steps),
    seed: options.seed,
    fellAt,
    diverged,
  };
  if (poses) traj.poses = shrink(poses, (steps + 1) * nb * 7);
  return traj;
}
