/**
 * Receding-horizon iLQR: optimize a window of W steps, keep it, move the window S steps forward
 * and re-optimize from the state the kept plan reaches there (warm-started with the plan's actions
 * and the last μ), until a window reaches T; then polish the whole horizon with plain iLQR.
 *
 * Why: full-horizon iLQR from a poor start on contact-rich tasks tends to settle in a bad local
 * optimum (a hopper crouching or flipping); short windows make each subproblem nearly convex in
 * the part that matters and build the gait step by step, as in model-predictive control.
 */
import { assertInteger } from '@guided/core';
import { ilqr } from './solver.js';
import type { IlqrOptions, IlqrProblem, IlqrResult, StopReason, TrackingTerm } from './types.js';

export interface RecedingHorizonOptions {
  /** Window length W (steps). */
  window: number;
  /** Replan every S steps (1 ≤ S ≤ W). */
  shift: number;
  /** Options of each window's solve. Default { maxIterations: 10 }. */
  windowOptions?: IlqrOptions;
  /** Options of the final full-horizon polish. Default { maxIterations: 30 }. */
  polishOptions?: IlqrOptions;
  /** Called after each window. */
  onWindow?: (record: WindowRecord) => void;
}

export interface WindowRecord {
  /** First step of the window. */
  start: number;
  horizon: number;
  objective: number;
  iterations: number;
  stopReason: StopReason;
  elapsedMs: number;
}

export interface RecedingHorizonResult extends IlqrResult {
  windows: WindowRecord[];
  /** Objective and reward of the stitched plan before the polish. */
  stitchedObjective: number;
  stitchedReward: number;
  /** Time spent in the windows (the polish is in `history`); elapsedMs covers both. */
  windowsMs: number;
}

export async function recedingHorizonIlqr(
  problem: IlqrProblem,
  init: { actions?: Float64Array } | undefined,
  options: RecedingHorizonOptions,
): Promise<RecedingHorizonResult> {
  const start = performance.now();
  const T = problem.horizon;
  const nx = problem.dynamics.stateDim;
  const nu = problem.dynamics.actionDim;
  assertInteger('recedingHorizonIlqr', 'window', options.window, 1);
  assertInteger('recedingHorizonIlqr', 'shift', options.shift, 1);
  if (options.shift > options.window) {
    throw new Error(`recedingHorizonIlqr: shift ${options.shift} must not exceed window ${options.window}`);
  }
  if (init?.actions && init.actions.length !== T * nu) {
    throw new Error(`recedingHorizonIlqr: init.actions must have length ${T * nu}, got ${init.actions.length}`);
  }
  const windowOptions: IlqrOptions = { maxIterations: 10, ...options.windowOptions };
  const polishOptions: IlqrOptions = { maxIterations: 30, ...options.polishOptions };

  const planActions = new Float64Array(T * nu);
  if (init?.actions) planActions.set(init.actions);
  const planStates = new Float64Array((T + 1) * nx);
  planStates.set(problem.x0);
  const windows: WindowRecord[] = [];
  let mu = windowOptions.muInit ?? 0;

  for (let s = 0; ; s += options.shift) {
    const H = Math.min(options.window, T - s);
    const reachesEnd = s + H === T;
    const sub: IlqrProblem = {
      dynamics: problem.dynamics,
      reward: problem.reward,
      horizon: H,
      x0: planStates.slice(s * nx, (s + 1) * nx),
      linearizer: problem.linearizer,
      terminalReward: reachesEnd ? problem.terminalReward : undefined,
      tracking: problem.tracking ? sliceTracking(problem.tracking, s, H, T, nx, nu) : undefined,
    };
    const res = await ilqr(sub, { actions: planActions.slice(s * nu, (s + H) * nu) }, { ...windowOptions, muInit: mu });
    mu = res.mu;
    planActions.set(res.actions, s * nu);
    planStates.set(res.states, s * nx);
    const record: WindowRecord = {
      start: s,
      horizon: H,
      objective: res.objective,
      iterations: res.iterations,
      stopReason: res.stopReason,
      elapsedMs: res.elapsedMs,
    };
    windows.push(record);
    options.onWindow?.(record);
    if (reachesEnd) break;
  }
  const windowsMs = performance.now() - start;

  const polished = await ilqr(problem, { actions: planActions }, { ...polishOptions, muInit: polishOptions.muInit ?? mu });
  return {
    ...polished,
    windows,
    stitchedObjective: polished.initialObjective,
    stitchedReward: polished.initialReward,
    windowsMs,
    elapsedMs: performance.now() - start,
  };
}

function sliceTracking(tr: TrackingTerm, s: number, H: number, T: number, nx: number, nu: number): TrackingTerm {
  const hasFinal = tr.states.length === (T + 1) * nx;
  return {
    weight: tr.weight,
    states: tr.states.slice(s * nx, (s + H + (hasFinal ? 1 : 0)) * nx),
    actions: tr.actions.slice(s * nu, (s + H) * nu),
    stateWeights: tr.stateWeights,
    actionWeights: tr.actionWeights,
  };
}
