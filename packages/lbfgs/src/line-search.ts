import { cubicMinimizer, quadraticMinimizer } from './interpolation.js';
import type { Objective } from './options.js';
import { normInf } from './vector.js';

/**
 * How a line search ended:
 * - 'wolfe': the returned step satisfies the strong Wolfe conditions;
 * - 'stalled': the trial cap was reached or the bracket shrank below machine resolution;
 * - 'non-finite': every trial gave a non-finite value or gradient;
 * - 'budget': the evaluation budget ran out.
 * Except after 'wolfe', `alpha` is the best sufficient-decrease step seen, or 0 if none.
 */
export type LineSearchOutcome = 'wolfe' | 'stalled' | 'non-finite' | 'budget';

/** Trials per line search before giving up. */
const MAX_TRIALS = 20;
/** A zoom trial stays this fraction of the bracket width away from either end. */
const ZOOM_MARGIN = 0.1;
/** Bisect when the bracket has not shrunk below this fraction of its width two trials earlier. */
const ZOOM_SHRINK = 0.66;
/**
 * Relative size of changes in f treated as rounding noise. Within it the sufficient-decrease
 * test is replaced by its derivative form (the approximate Wolfe conditions of Hager & Zhang,
 * SIAM J. Optim. 16(1), 2005): for a quadratic phi, phi(a) - phi(0) = a (phi'(0) + phi'(a)) / 2,
 * so phi(a) <= phi(0) + c1 a phi'(0) iff phi'(a) <= (2 c1 - 1) phi'(0). Without it the search
 * cannot verify decrease once f stops changing in its last digits, which caps the accuracy of
 * x at about sqrt(machine epsilon).
 */
const F_NOISE = 1e-12;

/**
 * Line search for the strong Wolfe conditions along x0 + alpha d (Nocedal & Wright, Alg. 3.5
 * bracketing + Alg. 3.6 zoom), with safeguarded cubic interpolation in the zoom and cubic
 * extrapolation while bracketing. A non-finite value or gradient at a trial is treated as
 * "step too long": the trial becomes the far end of the bracket and the next trial bisects
 * toward the last finite point. Buffers are allocated once per instance.
 */
export class StrongWolfeLineSearch {
  private xTrial: Float64Array;
  private gTrial: Float64Array;
  private xLo: Float64Array;
  private gLo: Float64Array;
  private trialSlope = 0;

  /** Accepted step length (0 when the search found no sufficient decrease). */
  alpha = 0;
  /** Objective at the accepted point. */
  f = NaN;
  /** Accepted point and its gradient (views on internal buffers; valid when alpha > 0). */
  x: Float64Array;
  g: Float64Array;
  /** Evaluations spent by the last search. */
  evaluations = 0;

  constructor(private readonly n: number) {
    this.xTrial = new Float64Array(n);
    this.gTrial = new Float64Array(n);
    this.xLo = new Float64Array(n);
    this.gLo = new Float64Array(n);
    this.x = this.xTrial;
    this.g = this.gTrial;
  }

  search(
    objective: Objective,
    x0: Float64Array,
    f0: number,
    d: Float64Array,
    dphi0: number,
    alphaInit: number,
    maxEvaluations: number,
    c1: number,
    c2: number,
  ): LineSearchOutcome {
    this.evaluations = 0;
    this.alpha = 0;
    this.f = f0;
    const armijoSlope = c1 * dphi0;
    const curvatureBound = -c2 * dphi0;
    const approxArmijoBound = (2 * c1 - 1) * dphi0;
    const noise = F_NOISE * Math.abs(f0);
    const dInf = normInf(this.n, d);
    const xInf = normInf(this.n, x0);

    // lo: the best trial so far that satisfies sufficient decrease (alpha = 0 is the start point).
    let aLo = 0;
    let fLo = f0;
    let dLo = dphi0;
    // hi: the other end of the bracket once one is known.
    let aHi = 0;
    let fHi = NaN;
    let dHi = NaN;
    let hiFinite = false;
    let bracketed = false;
    let sawFinite = false;
    let width1 = Infinity; // bracket width one and two trials ago
    let width2 = Infinity;
    let alpha = alphaInit;

    for (let trial = 0; ; trial++) {
      if (this.evaluations >= maxEvaluations) return this.finish(aLo, fLo, 'budget');
      if (trial >= MAX_TRIALS) return this.finish(aLo, fLo, sawFinite ? 'stalled' : 'non-finite');

      const fT = this.evaluate(objective, x0, d, alpha);
      const slope = this.trialSlope;
      if (Number.isNaN(fT)) {
        aHi = alpha;
        hiFinite = false;
        bracketed = true;
      } else {
        sawFinite = true;
        const levelWithStart = Math.abs(fT - f0) <= noise && fT <= fLo + noise;
        if (levelWithStart && Math.abs(slope) <= curvatureBound && slope <= approxArmijoBound) {
          // Approximate Wolfe point: f is level with f0 (and lo) up to rounding, and the slopes
          // certify the decrease that the values can no longer show.
          this.alpha = alpha;
          this.f = fT;
          this.x = this.xTrial;
          this.g = this.gTrial;
          return 'wolfe';
        }
        // N&W's "phi(a) >= phi(a_lo)" test; once lo has moved off the start point, a tie within
        // rounding is left to the slopes to decide.
        const notBelowLo = aLo === 0 ? fT >= fLo : fT > fLo + F_NOISE * Math.abs(fLo);
        if (fT > f0 + alpha * armijoSlope || notBelowLo) {
          aHi = alpha;
          fHi = fT;
          dHi = slope;
          hiFinite = true;
          bracketed = true;
        } else {
          if (Math.abs(slope) <= curvatureBound) {
            this.alpha = alpha;
            this.f = fT;
            this.x = this.xTrial;
            this.g = this.gTrial;
            return 'wolfe';
          }
          if (bracketed ? slope * (aHi - aLo) >= 0 : slope >= 0) {
            // The minimizer lies between the trial and the old lo: the old lo becomes hi.
            aHi = aLo;
            fHi = fLo;
            dHi = dLo;
            hiFinite = true;
            bracketed = true;
          }
          const aPrev = aLo;
          const fPrev = fLo;
          const dPrev = dLo;
          aLo = alpha;
          fLo = fT;
          dLo = slope;
          this.keepTrialAsLo();
          if (!bracketed) {
            alpha = extrapolate(aPrev, fPrev, dPrev, aLo, fLo, dLo);
            continue;
          }
        }
      }

      // Zoom: the next trial lies strictly inside the bracket between lo and hi.
      const width = Math.abs(aHi - aLo);
      if (width * dInf <= Number.EPSILON * (xInf + Math.max(aLo, aHi) * dInf)) {
        return this.finish(aLo, fLo, sawFinite ? 'stalled' : 'non-finite');
      }
      const bisect = width > ZOOM_SHRINK * width2;
      width2 = width1;
      width1 = width;
      alpha = bisect || !hiFinite ? 0.5 * (aLo + aHi) : zoomTrial(aLo, fLo, dLo, aHi, fHi, dHi);
    }
  }

  /** Evaluate at x0 + alpha d; returns f, or NaN when f or any gradient entry is non-finite. */
  private evaluate(objective: Objective, x0: Float64Array, d: Float64Array, alpha: number): number {
    const n = this.n;
    const x = this.xTrial;
    const g = this.gTrial;
    for (let i = 0; i < n; i++) {
      x[i] = x0[i] + alpha * d[i];
      g[i] = 0;
    }
    const f = objective(x, g);
    this.evaluations++;
    if (typeof f !== 'number' || !Number.isFinite(f)) return NaN;
    // phi'(alpha) = g . d; any non-finite g_i makes it non-finite (Inf*0 and Inf-Inf are NaN).
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i] * d[i];
    if (!Number.isFinite(slope)) return NaN;
    this.trialSlope = slope;
    return f;
  }

  /** The trial buffers now hold lo; recycle lo's old buffers for the next trial. */
  private keepTrialAsLo(): void {
    const x = this.xLo;
    const g = this.gLo;
    this.xLo = this.xTrial;
    this.gLo = this.gTrial;
    this.xTrial = x;
    this.gTrial = g;
  }

  private finish(aLo: number, fLo: number, outcome: LineSearchOutcome): LineSearchOutcome {
    if (aLo > 0) {
      this.alpha = aLo;
      this.f = fLo;
      this.x = this.xLo;
      this.g = this.gLo;
    }
    return outcome;
  }
}

/**
 * Next trial while the minimizer is not yet bracketed (both slopes negative, prev < cur):
 * the cubic minimizer beyond cur, kept within [cur + 1.1 (cur - prev), cur + 4 (cur - prev)]
 * as in Moré & Thuente (1994); the upper end when the cubic has no minimizer there.
 */
function extrapolate(aPrev: number, fPrev: number, dPrev: number, a: number, fa: number, da: number): number {
  const lower = a + 1.1 * (a - aPrev);
  const upper = a + 4 * (a - aPrev);
  const c = cubicMinimizer(aPrev, fPrev, dPrev, a, fa, da);
  if (!(c > a)) return upper;
  return Math.min(Math.max(c, lower), upper);
}

/**
 * Zoom trial between lo and hi (either order): the cubic interpolant's minimizer, else the
 * quadratic's (from f_lo, phi'_lo, f_hi), else the midpoint; kept ZOOM_MARGIN of the width
 * away from both ends so the bracket always shrinks. When the two values differ by little more
 * than their rounding error, the cubic (which divides f_hi - f_lo by the width) is noise, so
 * if the slopes change sign the secant step on phi' is used instead.
 */
function zoomTrial(aLo: number, fLo: number, dLo: number, aHi: number, fHi: number, dHi: number): number {
  const w = aHi - aLo;
  let t = NaN;
  const valueNoise = 64 * Number.EPSILON * Math.max(Math.abs(fLo), Math.abs(fHi));
  if (dLo * dHi < 0 && valueNoise > 0.01 * Math.abs(w) * Math.max(Math.abs(dLo), Math.abs(dHi))) {
    t = dLo / (dLo - dHi); // zero of the line through (aLo, dLo), (aHi, dHi), as a fraction of w
  } else {
    t = (cubicMinimizer(aLo, fLo, dLo, aHi, fHi, dHi) - aLo) / w;
    if (!(t > 0 && t < 1)) t = (quadraticMinimizer(aLo, fLo, dLo, aHi, fHi) - aLo) / w;
  }
  if (!(t > 0 && t < 1)) t = 0.5;
  t = Math.min(Math.max(t, ZOOM_MARGIN), 1 - ZOOM_MARGIN);
  return aLo + t * w;
}
