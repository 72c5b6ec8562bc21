import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cubicMinimizer, quadraticMinimizer } from '../src/interpolation.js';
import { StrongWolfeLineSearch } from '../src/line-search.js';

type Phi = (a: number) => [number, number];

/** Run the line search on a 1-D phi through x0 = 0, d = 1, so that x = alpha. */
function searchPhi(phi: Phi, alphaInit: number, c1: number, c2: number, maxEvaluations = 100) {
  const ls = new StrongWolfeLineSearch(1);
  const [f0, dphi0] = phi(0);
  let calls = 0;
  const objective = (x: Float64Array, g: Float64Array) => {
    calls++;
    const [f, df] = phi(x[0]);
    g[0] = df;
    return f;
  };
  const d = Float64Array.from([1]);
  const outcome = ls.search(objective, new Float64Array(1), f0, d, dphi0, alphaInit, maxEvaluations, c1, c2);
  return { ls, outcome, f0, dphi0, calls };
}

function assertStrongWolfe(phi: Phi, alpha: number, c1: number, c2: number, label: string): void {
  const [f0, d0] = phi(0);
  const [f, d] = phi(alpha);
  assert.ok(f <= f0 + c1 * alpha * d0, `${label}: sufficient decrease fails at ${alpha}`);
  assert.ok(Math.abs(d) <= c2 * Math.abs(d0), `${label}: curvature fails at ${alpha} (phi' = ${d})`);
}

// Test functions 1 and 2 of Moré & Thuente (1994), ACM TOMS 20(3), Table I-II.
const beta = 2;
const mt1: Phi = (a) => [-a / (a * a + beta), (a * a - beta) / (a * a + beta) ** 2];
const mt2: Phi = (a) => {
  const b = a + 0.004;
  return [b ** 5 - 2 * b ** 4, 5 * b ** 4 - 8 * b ** 3];
};

/** Function 3: a ramp with a smoothed kink at 1 plus a fast oscillation (l = 39, beta = 0.01). */
const mt3: Phi = (a) => {
  const b = 0.01;
  const l = 39;
  let p: number;
  let dp: number;
  if (a <= 1 - b) [p, dp] = [1 - a, -1];
  else if (a >= 1 + b) [p, dp] = [a - 1, 1];
  else [p, dp] = [(a - 1) ** 2 / (2 * b) + b / 2, (a - 1) / b];
  const w = (l * Math.PI) / 2;
  return [p + ((2 * (1 - b)) / (l * Math.PI)) * Math.sin(w * a), dp + (1 - b) * Math.cos(w * a)];
};

/** Functions 4-6 (Yanai, Ozawa & Kaneko): gamma(b1) sqrt((1-a)^2 + b2^2) + gamma(b2) sqrt(a^2 + b1^2). */
function yok(b1: number, b2: number): Phi {
  const gamma = (b: number) => Math.sqrt(1 + b * b) - b;
  return (a) => {
    const r1 = Math.sqrt((1 - a) ** 2 + b2 * b2);
    const r2 = Math.sqrt(a * a + b1 * b1);
    return [gamma(b1) * r1 + gamma(b2) * r2, (gamma(b1) * (a - 1)) / r1 + (gamma(b2) * a) / r2];
  };
}

for (const [name, phi, c1, c2] of [
  ['Moré-Thuente function 1', mt1, 0.001, 0.1],
  ['Moré-Thuente function 2', mt2, 0.1, 0.1],
  ['Moré-Thuente function 3', mt3, 0.1, 0.1],
  ['Moré-Thuente function 4', yok(0.001, 0.001), 0.001, 0.001],
  ['Moré-Thuente function 5', yok(0.01, 0.001), 0.001, 0.001],
  ['Moré-Thuente function 6', yok(0.001, 0.01), 0.001, 0.001],
] as const) {
  test(`${name}: a strong Wolfe point from initial steps 1e-3 .. 1e3`, () => {
    for (const alphaInit of [1e-3, 1e-1, 10, 1e3]) {
      const { ls, outcome, calls } = searchPhi(phi, alphaInit, c1, c2);
      assert.is(outcome, 'wolfe', `alpha0 = ${alphaInit}`);
      assert.is(ls.evaluations, calls);
      assert.ok(calls <= 16, `alpha0 = ${alphaInit}: ${calls} evaluations`);
      assertStrongWolfe(phi, ls.alpha, c1, c2, `alpha0 = ${alphaInit}`);
      assert.is(ls.x[0], ls.alpha);
      assert.is(ls.f, phi(ls.alpha)[0]);
      assert.is(ls.g[0], phi(ls.alpha)[1]);
    }
  });
}

test('a good unit step is accepted with one evaluation', () => {
  const phi: Phi = (a) => [(a - 1.2) ** 2, 2 * (a - 1.2)];
  const { ls, outcome, calls } = searchPhi(phi, 1, 1e-4, 0.9);
  assert.is(outcome, 'wolfe');
  assert.is(calls, 1);
  assert.is(ls.alpha, 1);
});

test('on a quadratic the cubic zoom step lands on the exact line minimizer', () => {
  const phi: Phi = (a) => [3 * (a - 0.37) ** 2, 6 * (a - 0.37)];
  const { ls, outcome, calls } = searchPhi(phi, 1, 1e-4, 0.1);
  assert.is(outcome, 'wolfe');
  assert.is(calls, 2);
  assert.ok(Math.abs(ls.alpha - 0.37) < 1e-12, `alpha = ${ls.alpha}`);
});

test('NaN beyond a = 0.5: backtracks into the finite region and finds a Wolfe point there', () => {
  let nanCalls = 0;
  const phi: Phi = (a) => {
    if (a > 0.5) {
      nanCalls++;
      return [NaN, NaN];
    }
    return [(a - 3) ** 2, 2 * (a - 3)];
  };
  const { ls, outcome } = searchPhi(phi, 8, 1e-4, 0.9);
  assert.ok(nanCalls > 0);
  assert.is(outcome, 'wolfe');
  assert.ok(ls.alpha > 0 && ls.alpha <= 0.5, `alpha = ${ls.alpha}`);
  assertStrongWolfe(phi, ls.alpha, 1e-4, 0.9, 'finite region');
});

test("all trials non-finite: outcome 'non-finite' and no step", () => {
  const phi: Phi = (a) => (a === 0 ? [1, -1] : [Infinity, -1]);
  const { ls, outcome, calls } = searchPhi(phi, 1, 1e-4, 0.9);
  assert.is(outcome, 'non-finite');
  assert.is(ls.alpha, 0);
  assert.is(calls, 20);
});

test("budget exhausted: outcome 'budget', keeping the best sufficient-decrease step seen", () => {
  // Too short a first step (curvature fails), then the budget ends during extrapolation.
  const phi: Phi = (a) => [(a - 10) ** 2, 2 * (a - 10)];
  const { ls, outcome, calls } = searchPhi(phi, 0.01, 1e-4, 0.9, 2);
  assert.is(outcome, 'budget');
  assert.is(calls, 2);
  assert.ok(ls.alpha > 0.01, `alpha = ${ls.alpha}`);
  assert.is(ls.f, phi(ls.alpha)[0]);
  const none = searchPhi((a) => [a * a - a + 10 * a ** 4, 2 * a - 1 + 40 * a ** 3], 100, 1e-4, 0.9, 1);
  assert.is(none.outcome, 'budget');
  assert.is(none.ls.alpha, 0);
});

test("kink with no Wolfe point: outcome 'stalled' with a sufficient-decrease step next to the kink", () => {
  const phi: Phi = (a) => [Math.abs(a - 1), a === 1 ? 0 : Math.sign(a - 1)];
  const { ls, outcome, f0, dphi0 } = searchPhi(phi, 0.3, 1e-4, 0.9);
  assert.is(outcome, 'stalled');
  assert.ok(ls.alpha > 0);
  assert.ok(ls.f <= f0 + 1e-4 * ls.alpha * dphi0);
  assert.ok(Math.abs(ls.alpha - 1) < 1e-3, `alpha = ${ls.alpha}`);
});

test('cubicMinimizer recovers the local minimizer of a cubic from any two points', () => {
  const p = (a: number) => a ** 3 - 3 * a; // local minimizer at a = 1
  const dp = (a: number) => 3 * a * a - 3;
  for (const [a, b] of [
    [0, 2],
    [2, 0],
    [0.5, 3],
    [-0.5, 1.5],
  ]) {
    const m = cubicMinimizer(a, p(a), dp(a), b, p(b), dp(b));
    assert.ok(Math.abs(m - 1) < 1e-12, `[${a}, ${b}]: ${m}`);
  }
  const mono = (a: number) => a ** 3 + a; // increasing: no local minimizer
  assert.ok(Number.isNaN(cubicMinimizer(0, mono(0), 1, 1, mono(1), 4)));
});

test('quadraticMinimizer recovers the vertex of a convex quadratic and rejects a concave one', () => {
  const q = (a: number) => 2 * (a - 0.7) ** 2 + 1;
  assert.ok(Math.abs(quadraticMinimizer(0, q(0), -2.8, 2, q(2)) - 0.7) < 1e-12);
  assert.ok(Number.isNaN(quadraticMinimizer(0, 0, 1, 1, 0.5)));
});

test.run();
