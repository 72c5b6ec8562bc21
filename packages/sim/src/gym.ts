/**
 * A Gymnasium-like view of a task for users coming from RL: reset(seed) → observation,
 * step(u) → { observation, reward, terminated, truncated, info }. Motor noise applies here
 * (the trajectory-optimization view, task.step, is deterministic).
 */
import { assertFinite, assertLength } from '@guided/core';
import type { Rng } from '@guided/core';
import { rolloutStreams } from './rollout.js';
import type { SimTask } from './task.js';

export interface EnvOptions {
  /** Episode length before `truncated` (default: the task's horizon). */
  horizon?: number;
  /** End the episode (terminated) when the task's fall criterion holds (default true). */
  terminateOnFall?: boolean;
  /** Apply motor noise (default true). */
  motorNoise?: boolean;
}

export interface StepResult {
  observation: Float64Array;
  reward: number;
  /** The episode ended: the robot fell, or the simulation diverged. */
  terminated: boolean;
  /** The horizon was reached. */
  truncated: boolean;
  info: { t: number; fallen: boolean; diverged: string | null; state: Float64Array };
}

export class SimEnv {
  readonly task: SimTask;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly actionLower: Float64Array;
  readonly actionUpper: Float64Array;
  private readonly horizon: number;
  private readonly terminateOnFall: boolean;
  private readonly noisy: boolean;
  private state: Float64Array;
  private readonly next: Float64Array;
  private readonly ctrl: Float64Array;
  private motorRng: Rng | null = null;
  private t = 0;
  private done = true;

  constructor(task: SimTask, options: EnvOptions = {}) {
    const horizon = options.horizon ?? task.horizon;
    if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`SimEnv: horizon must be an integer ≥ 1, got ${horizon}`);
    this.task = task;
    this.horizon = horizon;
    this.terminateOnFall = options.terminateOnFall ?? true;
    this.noisy = options.motorNoise ?? true;
    this.observationSize = task.obsDim;
    this.actionSize = task.actionDim;
    this.actionLower = task.actionLower;
    this.actionUpper = task.actionUpper;
    this.state = task.initialState();
    this.next = new Float64Array(task.stateDim);
    this.ctrl = new Float64Array(task.actionDim);
  }

  /** Starts an episode from the initial-state distribution; the seed fixes the episode's noise. */
  reset(seed: number): { observation: Float64Array; info: { state: Float64Array } } {
    if (!Number.isInteger(seed)) throw new Error(`SimEnv.reset: seed must be an integer, got ${seed}`);
    const streams = rolloutStreams(seed);
    this.motorRng = streams.motor;
    this.state = this.task.initialState(streams.init);
    this.task.setState(this.state);
    this.t = 0;
    this.done = false;
    return { observation: this.task.observe(this.state), info: { state: this.state.slice() } };
  }

  /** Applies u (with motor noise) for one control step. */
  step(u: Float64Array): StepResult {
    const where = 'SimEnv.step';
    if (this.done) throw new Error(`${where}: the episode is over; call reset(seed) first`);
    assertLength(where, 'u', u, this.actionSize);
    assertFinite(where, 'u', u);
    const task = this.task;
    // Scored on the command clamped to the control range, as in rollouts.
    const reward = task.reward.reward(this.state, task.clampControl(u, this.ctrl));
    if (this.noisy) task.noisyControl(u, this.motorRng!, this.ctrl);
    else this.ctrl.set(u);
    const reason = task.simulate(this.state, 0, this.ctrl, 0, this.next, 0);
    this.t++;
    if (reason !== null) {
      this.done = true;
      return {
        observation: task.observe(this.state),
        reward,
        terminated: true,
        truncated: false,
        info: { t: this.t, fallen: false, diverged: reason, state: this.state.slice() },
      };
    }
    this.state.set(this.next);
    task.setState(this.state);
    const fallen = task.isFallen(this.state);
    const terminated = fallen && this.terminateOnFall;
    const truncated = !terminated && this.t >= this.horizon;
    this.done = terminated || truncated;
    return {
      observation: task.observe(this.state),
      reward,
      terminated,
      truncated,
      info: { t: this.t, fallen, diverged: null, state: this.state.slice() },
    };
  }
}
