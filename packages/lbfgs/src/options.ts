/** Objective callback: reads x (do not modify it), writes df/dx into grad (which arrives zeroed), returns f. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface IterationInfo {
  iteration: number;
  evaluations: number;
  f: number;
  gradNorm: number;
}

export interface LbfgsOptions {
  /** Number m of stored (s, y) pairs. Default 10. */
  history?: number;
  /** Stop when ||g||_inf <= gradTol. Default 1e-5. */
  gradTol?: number;
  /** Stop when (f_prev - f) / max(|f_prev|, |f|, 1) <= relFuncTol after a step; 0 disables. Default 1e-12. */
  relFuncTol?: number;
  /** Maximum number of accepted steps. Default 1000. */
  maxIterations?: number;
  /** Maximum number of objective evaluations, including the one at x0. Default 2000. */
  maxEvaluations?: number;
  /** Called after each accepted step that did not end the run; return true to stop. */
  abort?: (info: IterationInfo) => boolean;
  /** Sufficient-decrease (Armijo) constant, 0 < c1 < c2. Default 1e-4. */
  c1?: number;
  /** Strong-Wolfe curvature constant, c1 < c2 < 1. Default 0.9. */
  c2?: number;
}

export type TerminationReason =
  | 'gradient'
  | 'function-change'
  | 'max-iterations'
  | 'max-evaluations'
  | 'line-search-failed'
  | 'non-finite'
  | 'aborted';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** ||g||_inf at x. */
  gradNorm: number;
  iterations: number;
  evaluations: number;
  reason: TerminationReason;
}

export interface ResolvedOptions {
  history: number;
  gradTol: number;
  relFuncTol: number;
  maxIterations: number;
  maxEvaluations: number;
  abort: ((info: IterationInfo) => boolean) | undefined;
  c1: number;
  c2: number;
}

const KNOWN_KEYS = new Set([
  'history',
  'gradTol',
  'relFuncTol',
  'maxIterations',
  'maxEvaluations',
  'abort',
  'c1',
  'c2',
]);

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function integerAtLeast(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const what = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new Error(`lbfgs: options.${name} must be ${what}, got ${describe(value)}`);
  }
  return value;
}

function tolerance(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`lbfgs: options.${name} must be a finite number >= 0, got ${describe(value)}`);
  }
  return value;
}

/** Fills defaults and rejects bad options with an Error naming the field and the value. */
export function resolveOptions(options: LbfgsOptions | undefined): ResolvedOptions {
  const o: LbfgsOptions = options ?? {};
  if (typeof o !== 'object' || o === null) {
    throw new Error(`lbfgs: options must be an object, got ${describe(o)}`);
  }
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) throw new Error(`lbfgs: unknown option ${JSON.stringify(key)}`);
  }
  const c1 = o.c1 ?? 1e-4;
  if (typeof c1 !== 'number' || !(c1 > 0 && c1 < 1)) {
    throw new Error(`lbfgs: options.c1 must lie in (0, 1), got ${describe(c1)}`);
  }
  const c2 = o.c2 ?? 0.9;
  if (typeof c2 !== 'number' || !(c2 > c1 && c2 < 1)) {
    throw new Error(`lbfgs: options.c2 must lie in (c1, 1) = (${c1}, 1), got ${describe(c2)}`);
  }
  if (o.abort !== undefined && typeof o.abort !== 'function') {
    throw new Error(`lbfgs: options.abort must be a function, got ${describe(o.abort)}`);
  }
  return {
    history: integerAtLeast('history', o.history, 10, 1),
    gradTol: tolerance('gradTol', o.gradTol, 1e-5),
    relFuncTol: tolerance('relFuncTol', o.relFuncTol, 1e-12),
    maxIterations: integerAtLeast('maxIterations', o.maxIterations, 1000, 0),
    maxEvaluations: integerAtLeast('maxEvaluations', o.maxEvaluations, 2000, 1),
    abort: o.abort,
    c1,
    c2,
  };
}
