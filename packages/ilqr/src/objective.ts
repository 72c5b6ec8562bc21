/**
 * The objective iLQR maximizes, one step at a time: the user's reward, the optional tracking term
 * −w Σ s_i (z_i − ẑ_i)² and the optional terminal reward. Second-order expansions are written
 * straight into the solver's stacked arrays through per-step views made once.
 */
import type { Reward, RewardDerivatives } from '@guided/core';
import type { TerminalReward, TrackingTerm } from './types.js';

export interface ObjectiveParts {
  /** Σ_t r(x_t, u_t) + r_T(x_T): the reward alone. */
  reward: number;
  /** reward + tracking: what is maximized. */
  objective: number;
}

/** Stacked expansion buffers: rx [T+1, nx], rxx [T+1, nx, nx], ru [T, nu], ruu [T, nu, nu], rux [T, nu, nx]. */
export interface ExpansionBuffers {
  rx: Float64Array;
  rxx: Float64Array;
  ru: Float64Array;
  ruu: Float64Array;
  rux: Float64Array;
}

export class StageObjective {
  readonly T: number;
  readonly nx: number;
  readonly nu: number;
  private readonly reward: Reward;
  private readonly terminal: TerminalReward | undefined;
  private readonly tracking: TrackingTerm | undefined;
  private readonly sx: Float64Array;
  private readonly su: Float64Array;
  private readonly trackFinal: boolean;

  constructor(reward: Reward, T: number, nx: number, nu: number, terminal?: TerminalReward, tracking?: TrackingTerm) {
    this.reward = reward;
    this.T = T;
    this.nx = nx;
    this.nu = nu;
    this.terminal = terminal;
    this.tracking = tracking;
    this.sx = tracking?.stateWeights ?? new Float64Array(nx).fill(1);
    this.su = tracking?.actionWeights ?? new Float64Array(nu).fill(1);
    this.trackFinal = tracking !== undefined && tracking.states.length >= (T + 1) * nx;
  }

  /** Tracking penalty w Σ s (z − ẑ)² of state row `t` (a positive number to subtract). */
  private statePenalty(t: number, x: Float64Array): number {
    const tr = this.tracking!;
    const nx = this.nx;
    const ref = tr.states;
    let s = 0;
    for (let i = 0; i < nx; i++) {
      const d = x[i] - ref[t * nx + i];
      s += this.sx[i] * d * d;
    }
    return tr.weight * s;
  }

  private actionPenalty(t: number, u: Float64Array): number {
    const tr = this.tracking!;
    const nu = this.nu;
    const ref = tr.actions;
    let s = 0;
    for (let j = 0; j < nu; j++) {
      const d = u[j] - ref[t * nu + j];
      s += this.su[j] * d * d;
    }
    return tr.weight * s;
  }

  /**
   * Evaluates the objective along the trajectory whose rows are given, writing r(x_t, u_t) (no
   * tracking) into `rewards` [T]. A non-finite reward makes the result non-finite; the solver
   * rejects such a rollout (or, for the initial one, throws naming the step).
   */
  evaluate(rewards: Float64Array, stateRows: Float64Array[], actionRows: Float64Array[]): ObjectiveParts {
    const T = this.T;
    let reward = 0;
    let track = 0;
    for (let t = 0; t < T; t++) {
      const r = this.reward.reward(stateRows[t], actionRows[t]);
      rewards[t] = r;
      reward += r;
      if (this.tracking) track += this.statePenalty(t, stateRows[t]) + this.actionPenalty(t, actionRows[t]);
    }
    if (this.terminal) reward += this.terminal.reward(stateRows[T]);
    if (this.trackFinal) track += this.statePenalty(T, stateRows[T]);
    return { reward, objective: reward - track };
  }

  /**
   * Second-order expansion at every step into `buf` (views `derivs[t]` alias its rows).
   * Adds the tracking term's derivatives: −2w s (z − ẑ) and −2w diag(s).
   */
  expand(stateRows: Float64Array[], actionRows: Float64Array[], derivs: RewardDerivatives[], buf: ExpansionBuffers, terminalRx: Float64Array, terminalRxx: Float64Array): void {
    const { T, nx } = this;
    for (let t = 0; t < T; t++) {
      this.reward.derivatives(stateRows[t], actionRows[t], derivs[t]);
      if (this.tracking) this.addTrackingStep(t, stateRows[t], actionRows[t], buf);
    }
    terminalRx.fill(0);
    terminalRxx.fill(0);
    if (this.terminal) this.terminal.derivatives(stateRows[T], terminalRx, terminalRxx);
    if (this.trackFinal) {
      const w2 = 2 * this.tracking!.weight;
      const ref = this.tracking!.states;
      const x = stateRows[T];
      for (let i = 0; i < nx; i++) {
        terminalRx[i] -= w2 * this.sx[i] * (x[i] - ref[T * nx + i]);
        terminalRxx[i * nx + i] -= w2 * this.sx[i];
      }
    }
  }

  private addTrackingStep(t: number, x: Float64Array, u: Float64Array, buf: ExpansionBuffers): void {
    const { nx, nu } = this;
    const tr = this.tracking!;
    const w2 = 2 * tr.weight;
    const xo = t * nx;
    const xxo = t * nx * nx;
    for (let i = 0; i < nx; i++) {
      buf.rx[xo + i] -= w2 * this.sx[i] * (x[i] - tr.states[xo + i]);
      buf.rxx[xxo + i * nx + i] -= w2 * this.sx[i];
    }
    const uo = t * nu;
    const uuo = t * nu * nu;
    for (let j = 0; j < nu; j++) {
      buf.ru[uo + j] -= w2 * this.su[j] * (u[j] - tr.actions[uo + j]);
      buf.ruu[uuo + j * nu + j] -= w2 * this.su[j];
    }
  }
}
