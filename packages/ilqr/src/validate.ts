/** Input checks for the solver: every message names the argument and the offending value. */
import { assertFinite, assertInteger, assertLength, assertNonNegative } from '@guided/core';
import type { IlqrInit, IlqrOptions, IlqrProblem, Regularization } from './types.js';

const WHERE = 'ilqr';

export interface ResolvedOptions {
  maxIterations: number;
  relTol: number;
  gradTol: number;
  stepSizes: number[];
  acceptRatio: number;
  regularization: Regularization;
  muInit: number;
  muMin: number;
  muMax: number;
  muFactor: number;
  maxTimeMs: number;
  onIteration: IlqrOptions['onIteration'];
}

/** 10^linspace(0, −3, 11), Tassa 2012. */
export const DEFAULT_STEP_SIZES: readonly number[] = Array.from({ length: 11 }, (_, i) => Math.pow(10, (-3 * i) / 10));

const OPTION_KEYS = new Set([
  'maxIterations',
  'relTol',
  'gradTol',
  'stepSizes',
  'acceptRatio',
  'regularization',
  'muInit',
  'muMin',
  'muMax',
  'muFactor',
  'maxTimeMs',
  'onIteration',
]);

export function resolveOptions(options: IlqrOptions = {}): ResolvedOptions {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new Error(`${WHERE}: unknown option '${key}'`);
  }
  const o: ResolvedOptions = {
    maxIterations: options.maxIterations ?? 100,
    relTol: options.relTol ?? 1e-7,
    gradTol: options.gradTol ?? 1e-9,
    stepSizes: options.stepSizes ?? [...DEFAULT_STEP_SIZES],
    acceptRatio: options.acceptRatio ?? 0,
    regularization: options.regularization ?? 'state',
    muInit: options.muInit ?? 0,
    muMin: options.muMin ?? 1e-6,
    muMax: options.muMax ?? 1e10,
    muFactor: options.muFactor ?? 2,
    maxTimeMs: options.maxTimeMs ?? Infinity,
    onIteration: options.onIteration,
  };
  assertInteger(WHERE, 'maxIterations', o.maxIterations, 0);
  assertNonNegative(WHERE, 'relTol', o.relTol);
  assertNonNegative(WHERE, 'gradTol', o.gradTol);
  if (!Array.isArray(o.stepSizes) || o.stepSizes.length === 0) {
    throw new Error(`${WHERE}: stepSizes must be a non-empty array, got ${JSON.stringify(o.stepSizes)}`);
  }
  o.stepSizes.forEach((a, i) => {
    if (!(a > 0) || !Number.isFinite(a)) throw new Error(`${WHERE}: stepSizes[${i}] must be a finite number > 0, got ${a}`);
  });
  if (!Number.isFinite(o.acceptRatio)) throw new Error(`${WHERE}: acceptRatio must be finite, got ${o.acceptRatio}`);
  if (o.regularization !== 'state' && o.regularization !== 'control') {
    throw new Error(`${WHERE}: regularization must be 'state' or 'control', got ${JSON.stringify(o.regularization)}`);
  }
  assertNonNegative(WHERE, 'muInit', o.muInit);
  assertNonNegative(WHERE, 'muMin', o.muMin, true);
  assertNonNegative(WHERE, 'muMax', o.muMax, true);
  if (!(o.muFactor > 1) || !Number.isFinite(o.muFactor)) throw new Error(`${WHERE}: muFactor must be a finite number > 1, got ${o.muFactor}`);
  if (!(o.maxTimeMs > 0)) throw new Error(`${WHERE}: maxTimeMs must be > 0, got ${o.maxTimeMs}`);
  return o;
}

/** Checks sizes, finiteness and limits; returns nx and nu. */
export function validateProblem(problem: IlqrProblem, init: IlqrInit | undefined): { nx: number; nu: number } {
  const { dynamics, reward, horizon: T, x0 } = problem;
  if (!dynamics || typeof dynamics.step !== 'function' || typeof dynamics.linearize !== 'function') {
    throw new Error(`${WHERE}: problem.dynamics must have step() and linearize()`);
  }
  if (!reward || typeof reward.reward !== 'function' || typeof reward.derivatives !== 'function') {
    throw new Error(`${WHERE}: problem.reward must have reward() and derivatives()`);
  }
  const nx = dynamics.stateDim;
  const nu = dynamics.actionDim;
  assertInteger(WHERE, 'dynamics.stateDim', nx, 1);
  assertInteger(WHERE, 'dynamics.actionDim', nu, 1);
  if (reward.stateDim !== nx) throw new Error(`${WHERE}: reward.stateDim ${reward.stateDim} differs from dynamics.stateDim ${nx}`);
  if (reward.actionDim !== nu) throw new Error(`${WHERE}: reward.actionDim ${reward.actionDim} differs from dynamics.actionDim ${nu}`);
  assertInteger(WHERE, 'horizon', T, 1);
  assertLength(WHERE, 'x0', x0, nx);
  assertFinite(WHERE, 'x0', x0);
  const lo = dynamics.actionLower;
  const hi = dynamics.actionUpper;
  if ((lo === undefined) !== (hi === undefined)) {
    throw new Error(`${WHERE}: dynamics must give both actionLower and actionUpper or neither`);
  }
  if (lo && hi) {
    assertLength(WHERE, 'dynamics.actionLower', lo, nu);
    assertLength(WHERE, 'dynamics.actionUpper', hi, nu);
    for (let j = 0; j < nu; j++) {
      if (Number.isNaN(lo[j]) || Number.isNaN(hi[j]) || lo[j] > hi[j]) {
        throw new Error(`${WHERE}: action limits [${lo[j]}, ${hi[j]}] of coordinate ${j} are not an interval`);
      }
    }
  }
  if (problem.terminalReward && problem.terminalReward.stateDim !== nx) {
    throw new Error(`${WHERE}: terminalReward.stateDim ${problem.terminalReward.stateDim} differs from ${nx}`);
  }
  const tr = problem.tracking;
  if (tr) {
    assertNonNegative(WHERE, 'tracking.weight', tr.weight);
    if (!tr.states || (tr.states.length !== (T + 1) * nx && tr.states.length !== T * nx)) {
      throw new Error(`${WHERE}: tracking.states must have length ${(T + 1) * nx} ([T+1, nx]) or ${T * nx}, got ${tr.states?.length}`);
    }
    assertFinite(WHERE, 'tracking.states', tr.states);
    assertLength(WHERE, 'tracking.actions', tr.actions, T * nu);
    assertFinite(WHERE, 'tracking.actions', tr.actions);
    if (tr.stateWeights) {
      assertLength(WHERE, 'tracking.stateWeights', tr.stateWeights, nx);
      tr.stateWeights.forEach((w, i) => assertNonNegative(WHERE, `tracking.stateWeights[${i}]`, w));
    }
    if (tr.actionWeights) {
      assertLength(WHERE, 'tracking.actionWeights', tr.actionWeights, nu);
      tr.actionWeights.forEach((w, i) => assertNonNegative(WHERE, `tracking.actionWeights[${i}]`, w));
    }
  }
  if (init?.actions && init.example) throw new Error(`${WHERE}: init takes actions or example, not both`);
  if (init?.actions) {
    assertLength(WHERE, 'init.actions', init.actions, T * nu);
    assertFinite(WHERE, 'init.actions', init.actions);
  }
  if (init?.example) {
    assertLength(WHERE, 'init.example.states', init.example.states, (T + 1) * nx);
    assertFinite(WHERE, 'init.example.states', init.example.states);
    assertLength(WHERE, 'init.example.actions', init.example.actions, T * nu);
    assertFinite(WHERE, 'init.example.actions', init.example.actions);
  }
  return { nx, nu };
}
