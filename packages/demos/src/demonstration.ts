/**
 * Recording demonstrations with a controller on a @guided/sim task, and summarizing how well a
 * controller walks over several noisy rollouts.
 */
import { rollout, type RolloutPolicy, type SimTask, type SimTrajectory } from '@guided/sim';

export interface DemonstrationOptions {
  /** Number of control steps (default: the task's horizon). */
  T?: number;
  /** Seed of the rollout (initial state, motor noise). */
  seed: number;
  /** Apply the task's motor noise (default true). */
  noise?: boolean;
  /** Record body poses for drawing (default false). */
  recordPoses?: boolean;
}

/**
 * One rollout of `controller` on `task`: a @guided/core Trajectory (states [T+1, nx], actions
 * [T, nu] = the controller's commands, rewards [T]) plus the sim's extras (observations, applied
 * noisy controls, fellAt, diverged). The controller resets itself at t = 0.
 */
export function recordDemonstration(task: SimTask, controller: RolloutPolicy, options: DemonstrationOptions): SimTrajectory {
  const where = 'recordDemonstration';
  if (options === null || typeof options !== 'object') throw new Error(`${where}: options must be an object, got ${String(options)}`);
  const { seed, T = task.horizon, noise = true, recordPoses = false } = options;
  if (!Number.isInteger(seed)) throw new Error(`${where}: seed must be an integer, got ${String(seed)}`);
  if (!Number.isInteger(T) || T < 1) throw new Error(`${where}: T must be an integer ≥ 1, got ${String(T)}`);
  if (typeof noise !== 'boolean') throw new Error(`${where}: noise must be a boolean, got ${String(noise)}`);
  return rollout(task, controller, { seed, T, motorNoise: noise, recordPoses });
}

/** Per-rollout figures. */
export interface RolloutSummary {
  seed: number;
  /** Sum of rewards over the rollout. */
  totalReward: number;
  /** Mean reward per step. */
  meanReward: number;
  /** (x_T − x_0) / (T · dt), m/s. */
  forwardVelocity: number;
  /** Mean root (torso-top) height above the ground over x_1 … x_T, m. */
  meanHeight: number;
  /** First fallen step, −1 if none. */
  fellAt: number;
  diverged: boolean;
}

export interface WalkSummary {
  rollouts: number;
  T: number;
  /** Mean and standard deviation over rollouts of the per-rollout total reward. */
  totalReward: { mean: number; std: number };
  /** Mean and standard deviation of the per-step mean reward. */
  meanReward: { mean: number; std: number };
  forwardVelocity: { mean: number; std: number; min: number; max: number };
  meanHeight: { mean: number; std: number };
  /** Rollouts that fell (or diverged). */
  falls: number;
  perRollout: RolloutSummary[];
}

function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** Figures of one trajectory on `task`. */
export function summarizeRollout(task: SimTask, traj: SimTrajectory): RolloutSummary {
  const nx = traj.stateDim;
  const T = traj.T;
  let total = 0;
  for (let t = 0; t < T; t++) total += traj.rewards[t];
  let height = 0;
  const x = new Float64Array(nx);
  for (let t = 1; t <= T; t++) {
    for (let i = 0; i < nx; i++) x[i] = traj.states[t * nx + i];
    height += task.height(x);
  }
  const rootX = task.layout.rootX;
  const distance = traj.states[T * nx + rootX] - traj.states[rootX];
  return {
    seed: traj.seed,
    totalReward: total,
    meanReward: T > 0 ? total / T : 0,
    forwardVelocity: T > 0 ? distance / (T * task.controlDt) : 0,
    meanHeight: T > 0 ? height / T : task.height(traj.states.subarray(0, nx)),
    fellAt: traj.fellAt,
    diverged: traj.diverged !== null,
  };
}

/** Runs `controller` from each seed (noisy motors by default) and summarizes the rollouts. */
export function evaluateController(
  task: SimTask,
  controller: RolloutPolicy,
  options: { seeds: number[]; T?: number; noise?: boolean },
): WalkSummary {
  const where = 'evaluateController';
  const { seeds, T = task.horizon, noise = true } = options;
  if (!Array.isArray(seeds) || seeds.length === 0) throw new Error(`${where}: seeds must be a non-empty array of integers, got ${JSON.stringify(seeds)}`);
  const perRollout = seeds.map((seed) => summarizeRollout(task, recordDemonstration(task, controller, { seed, T, noise })));
  const velocities = perRollout.map((r) => r.forwardVelocity);
  return {
    rollouts: seeds.length,
    T,
    totalReward: meanStd(perRollout.map((r) => r.totalReward)),
    meanReward: meanStd(perRollout.map((r) => r.meanReward)),
    forwardVelocity: { ...meanStd(velocities), min: Math.min(...velocities), max: Math.max(...velocities) },
    meanHeight: meanStd(perRollout.map((r) => r.meanHeight)),
    falls: perRollout.filter((r) => r.fellAt >= 0 || r.diverged).length,
    perRollout,
  };
}
