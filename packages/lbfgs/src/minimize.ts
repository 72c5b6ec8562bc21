import { CurvatureHistory } from './history.js';
import { StrongWolfeLineSearch } from './line-search.js';
import { resolveOptions } from './options.js';
import type { LbfgsOptions, LbfgsResult, Objective, TerminationReason } from './options.js';
import { dot, firstNonFinite, norm2, normInf } from './vector.js';

/**
 * Minimize f from x0 by L-BFGS (Nocedal & Wright, Alg. 7.5): directions from the two-loop
 * recursion with H_0 = gamma I, gamma = s.y / y.y (eq. 7.20), steps from a strong-Wolfe line
 * search that tries the unit step first. The first step is scaled to length 1 (alpha = 1/||g||_2).
 * x0 is not modified. Throws if x0, the options, or f / grad at x0 are invalid; afterwards it
 * never returns a point whose value or gradient is non-finite.
 */
export function minimize(objective: Objective, x0: Float64Array, options?: LbfgsOptions): LbfgsResult {
  if (typeof objective !== 'function') {
    throw new Error(`lbfgs: objective must be a function, got ${typeof objective}`);
  }
  if (!(x0 instanceof Float64Array)) {
    throw new Error(`lbfgs: x0 must be a Float64Array, got ${describeType(x0)}`);
  }
  const n = x0.length;
  if (n === 0) throw new Error('lbfgs: x0 must have at least one entry, got length 0');
  const bad = firstNonFinite(n, x0);
  if (bad >= 0) throw new Error(`lbfgs: x0[${bad}] is ${x0[bad]}`);
  const opts = resolveOptions(options);

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const history = new CurvatureHistory(n, opts.history);
  const lineSearch = new StrongWolfeLineSearch(n);

  let f = objective(x, g);
  let evaluations = 1;
  if (typeof f !== 'number' || !Number.isFinite(f)) {
    throw new Error(`lbfgs: objective at x0 is ${String(f)}`);
  }
  const badGrad = firstNonFinite(n, g);
  if (badGrad >= 0) throw new Error(`lbfgs: gradient at x0 has ${g[badGrad]} at index ${badGrad}`);

  let gradNorm = normInf(n, g);
  let iterations = 0;
  let restarted = false; // a failed search already led to dropping the history at this point
  const done = (reason: TerminationReason): LbfgsResult => ({
    x,
    f,
    gradNorm,
    iterations,
    evaluations,
    reason,
  });

  if (gradNorm <= opts.gradTol) return done('gradient');

  for (;;) {
    if (iterations >= opts.maxIterations) return done('max-iterations');
    if (evaluations >= opts.maxEvaluations) return done('max-evaluations');

    // Search direction d = -H g and the first trial step.
    let alphaInit = 1;
    if (history.count > 0) {
      history.direction(g, d);
    } else if (history.gamma > 0) {
      // Restart after dropping the history: scaled steepest descent -gamma g.
      for (let i = 0; i < n; i++) d[i] = -history.gamma * g[i];
    } else {
      // First iteration: steepest descent with a step of unit length.
      for (let i = 0; i < n; i++) d[i] = -g[i];
      alphaInit = 1 / norm2(n, g);
    }
    let dphi0 = dot(n, g, d);
    if (!(dphi0 < 0) || !Number.isFinite(alphaInit)) {
      // Not a descent direction (rounding in H, or an overflowing gradient norm): fall back to -g.
      history.clear();
      for (let i = 0; i < n; i++) d[i] = -g[i];
      alphaInit = 1 / norm2(n, g);
      if (!Number.isFinite(alphaInit) || alphaInit <= 0) alphaInit = 1 / normInf(n, g);
      dphi0 = dot(n, g, d);
      if (!(dphi0 < 0)) return done('line-search-failed');
    }

    const outcome = lineSearch.search(
      objective,
      x,
      f,
      d,
      dphi0,
      alphaInit,
      opts.maxEvaluations - evaluations,
      opts.c1,
      opts.c2,
    );
    evaluations += lineSearch.evaluations;

    if (lineSearch.alpha === 0) {
      // No decrease found along d.
      if (outcome === 'budget') return done('max-evaluations');
      if (!restarted && history.count > 0) {
        // The quasi-Newton model may be stale: retry once along scaled steepest descent.
        history.clear();
        restarted = true;
        continue;
      }
      return done(outcome === 'non-finite' ? 'non-finite' : 'line-search-failed');
    }

    // Accept the step (a Wolfe point, or the best sufficient-decrease point of a failed search).
    history.push(x, lineSearch.x, g, lineSearch.g);
    x.set(lineSearch.x);
    g.set(lineSearch.g);
    const fPrev = f;
    f = lineSearch.f;
    gradNorm = normInf(n, g);
    iterations++;
    restarted = false;

    if (gradNorm <= opts.gradTol) return done('gradient');
    if (outcome === 'budget') return done('max-evaluations');
    if (opts.relFuncTol > 0 && fPrev - f <= opts.relFuncTol * Math.max(Math.abs(fPrev), Math.abs(f), 1)) {
      return done('function-change');
    }
    if (opts.abort !== undefined && opts.abort({ iteration: iterations, evaluations, f, gradNorm })) {
      return done('aborted');
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
