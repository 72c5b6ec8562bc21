/**
 * Two small rollout policies that can cross into worker threads (toJSON / …FromJSON):
 * an open-loop action table (e.g. replaying DDP controls) and an affine policy on the
 * observation, each with optional Gaussian exploration noise. Both clamp to [−1, 1].
 */
import type { Rng } from '@guided/core';
import type { RolloutPolicy } from './rollout.js';

/** How a policy crosses into a worker: `(await import(module))[exportName](data)` rebuilds it. */
export interface PolicyDescription {
  module: string;
  exportName: string;
  data: unknown;
}

function checkArray(where: string, name: string, values: unknown, length: number): Float64Array {
  if (!Array.isArray(values) && !(values instanceof Float64Array)) throw new Error(`${where}: ${name} must be an array of numbers`);
  if (values.length !== length) throw new Error(`${where}: ${name} must have length ${length}, got ${values.length}`);
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new Error(`${where}: ${name}[${i}] is ${out[i]}`);
  return out;
}

function checkStd(where: string, std: unknown): number {
  if (typeof std !== 'number' || !Number.isFinite(std) || std < 0) throw new Error(`${where}: std must be a finite number ≥ 0, got ${String(std)}`);
  return std;
}

function clamp(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}

/** u_t = clamp(table[t] + std·ε); steps past the table's end repeat its last row. */
export class OpenLoopPolicy implements RolloutPolicy {
  readonly actionDim: number;
  readonly T: number;
  readonly actions: Float64Array;
  readonly std: number;

  constructor(actionDim: number, actions: ArrayLike<number>, std = 0) {
    const where = 'OpenLoopPolicy';
    if (!Number.isInteger(actionDim) || actionDim < 1) throw new Error(`${where}: actionDim must be an integer ≥ 1, got ${actionDim}`);
    if (actions.length === 0 || actions.length % actionDim !== 0) {
      throw new Error(`${where}: actions must hold T × ${actionDim} numbers (T ≥ 1), got ${actions.length}`);
    }
    this.actionDim = actionDim;
    this.actions = checkArray(where, 'actions', Array.from(actions), actions.length);
    this.T = actions.length / actionDim;
    this.std = checkStd(where, std);
  }

  act(_obs: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.actionDim), t = 0): Float64Array {
    const row = Math.min(Math.max(0, t), this.T - 1) * this.actionDim;
    for (let k = 0; k < this.actionDim; k++) {
      const noise = this.std > 0 ? this.std * rng.normal() : 0;
      out[k] = clamp(this.actions[row + k] + noise);
    }
    return out;
  }

  toJSON(): { actionDim: number; actions: number[]; std: number } {
    return { actionDim: this.actionDim, actions: Array.from(this.actions), std: this.std };
  }

  /** The description a worker pool needs to rebuild this policy. */
  describe(): PolicyDescription {
    return { module: '@guided/sim', exportName: 'openLoopPolicyFromJSON', data: this.toJSON() };
  }
}

export function openLoopPolicyFromJSON(data: { actionDim: number; actions: number[]; std?: number }): OpenLoopPolicy {
  return new OpenLoopPolicy(data.actionDim, data.actions, data.std ?? 0);
}

/** u = clamp(W·obs + b + std·ε), W [actionDim × obsDim] row-major. */
export class AffinePolicy implements RolloutPolicy {
  readonly actionDim: number;
  readonly obsDim: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly std: number;

  constructor(actionDim: number, obsDim: number, weights: ArrayLike<number>, bias: ArrayLike<number>, std = 0) {
    const where = 'AffinePolicy';
    if (!Number.isInteger(actionDim) || actionDim < 1) throw new Error(`${where}: actionDim must be an integer ≥ 1, got ${actionDim}`);
    if (!Number.isInteger(obsDim) || obsDim < 1) throw new Error(`${where}: obsDim must be an integer ≥ 1, got ${obsDim}`);
    this.actionDim = actionDim;
    this.obsDim = obsDim;
    this.weights = checkArray(where, 'weights', Array.from(weights), actionDim * obsDim);
    this.bias = checkArray(where, 'bias', Array.from(bias), actionDim);
    this.std = checkStd(where, std);
  }

  act(obs: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.actionDim)): Float64Array {
    const n = this.obsDim;
    for (let k = 0; k < this.actionDim; k++) {
      let s = this.bias[k];
      for (let i = 0; i < n; i++) s += this.weights[k * n + i] * obs[i];
      if (this.std > 0) s += this.std * rng.normal();
      out[k] = clamp(s);
    }
    return out;
  }

  toJSON(): { actionDim: number; obsDim: number; weights: number[]; bias: number[]; std: number } {
    return { actionDim: this.actionDim, obsDim: this.obsDim, weights: Array.from(this.weights), bias: Array.from(this.bias), std: this.std };
  }

  describe(): PolicyDescription {
    return { module: '@guided/sim', exportName: 'affinePolicyFromJSON', data: this.toJSON() };
  }
}

export function affinePolicyFromJSON(data: { actionDim: number; obsDim: number; weights: number[]; bias: number[]; std?: number }): AffinePolicy {
  return new AffinePolicy(data.actionDim, data.obsDim, data.weights, data.bias, data.std ?? 0);
}
