import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize } from '../src/index.js';
import { barrierObjective } from '../bench/problems.js';

/** The barrier problem's minimizer x* = t c / ||c|| with t (2 / (1 - t^2) + 1) = ||c||, by bisection. */
function barrierSolution(c: Float64Array): Float64Array {
  let cn = 0;
  for (const v of c) cn += v * v;
  cn = Math.sqrt(cn);
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 200; k++) {
    const t = 0.5 * (lo + hi);
    if (t * (2 / (1 - t * t) + 1) < cn) lo = t;
    else hi = t;
  }
  return c.map((v) => (0.5 * (lo + hi) * v) / cn);
}

test('barrier: converges inside the unit ball although the quadratic optimum lies outside; NaN trials are survived', () => {
  const cases = [
    { c: [4, 4], x0: [0, 0] },
    { c: [0, 10], x0: [0.9, 0] },
    { c: [20, 0, 0], x0: [0, 0.3, 0] },
  ];
  for (const { c, x0 } of cases) {
    const center = Float64Array.from(c);
    const barrier = barrierObjective(center);
    let nonFinite = 0;
    const objective = (x: Float64Array, g: Float64Array) => {
      const f = barrier(x, g);
      if (!Number.isFinite(f)) nonFinite++;
      return f;
    };
    const r = minimize(objective, Float64Array.from(x0), { gradTol: 1e-9, relFuncTol: 0 });
    assert.ok(nonFinite > 0, `case c=${c}: the line search never stepped outside the ball`);
    assert.is(r.reason, 'gradient', `case c=${c}`);
    assert.ok(Number.isFinite(r.f));
    const xs = barrierSolution(center);
    for (let i = 0; i < xs.length; i++) {
      assert.ok(Math.abs(r.x[i] - xs[i]) < 1e-8, `case c=${c}: x[${i}] = ${r.x[i]}, expected ${xs[i]}`);
    }
  }
});

test('NaN gradient entry (finite value) at a trial is treated like a non-finite value', () => {
  // f = (x - 3)^2 but the gradient is NaN for x > 2: the minimizer over the finite region is the boundary.
  const objective = (x: Float64Array, g: Float64Array) => {
    g[0] = x[0] > 2 ? NaN : 2 * (x[0] - 3);
    return (x[0] - 3) ** 2;
  };
  const r = minimize(objective, Float64Array.from([0]), { maxEvaluations: 200 });
  assert.ok(Number.isFinite(r.f) && Number.isFinite(r.gradNorm));
  assert.ok(r.x[0] <= 2, `x = ${r.x[0]}`);
  assert.ok(r.x[0] > 1.9, `x = ${r.x[0]} did not approach the edge of the finite region`);
  assert.ok(r.evaluations <= 200);
});

test("objective finite only at x0: returns x0 with reason 'non-finite'", () => {
  const objective = (x: Float64Array, g: Float64Array) => {
    if (x[0] !== 1 || x[1] !== 2) return NaN;
    g[0] = 1;
    g[1] = -1;
    return 5;
  };
  const r = minimize(objective, Float64Array.from([1, 2]));
  assert.is(r.reason, 'non-finite');
  assert.equal(Array.from(r.x), [1, 2]);
  assert.is(r.f, 5);
  assert.is(r.iterations, 0);
});

test("gradient of the wrong sign: no decrease along -g, reason 'line-search-failed' at x0", () => {
  const objective = (x: Float64Array, g: Float64Array) => {
    g[0] = -2 * x[0];
    return x[0] * x[0];
  };
  const r = minimize(objective, Float64Array.from([1]));
  assert.is(r.reason, 'line-search-failed');
  assert.is(r.x[0], 1);
  assert.is(r.f, 1);
});

test('non-finite value at x0 throws, naming the value', () => {
  const x0 = Float64Array.from([1, 2]);
  assert.throws(() => minimize(() => NaN, x0), (e: Error) => e.message === 'lbfgs: objective at x0 is NaN');
  assert.throws(() => minimize(() => Infinity, x0), (e: Error) => e.message === 'lbfgs: objective at x0 is Infinity');
  assert.throws(
    () => minimize((() => undefined) as unknown as (x: Float64Array, g: Float64Array) => number, x0),
    (e: Error) => e.message === 'lbfgs: objective at x0 is undefined',
  );
});

test('non-finite gradient at x0 throws, naming the entry', () => {
  const x0 = new Float64Array(5);
  const nanAt3 = (x: Float64Array, g: Float64Array) => {
    g[3] = NaN;
    return 0;
  };
  assert.throws(() => minimize(nanAt3, x0), (e: Error) => e.message === 'lbfgs: gradient at x0 has NaN at index 3');
  const infAt0 = (x: Float64Array, g: Float64Array) => {
    g[0] = -Infinity;
    return 0;
  };
  assert.throws(() => minimize(infAt0, x0), (e: Error) => e.message === 'lbfgs: gradient at x0 has -Infinity at index 0');
});

test('non-finite or invalid x0 throws, naming the entry', () => {
  const f = (x: Float64Array, g: Float64Array) => (g.fill(0), 0);
  assert.throws(() => minimize(f, Float64Array.from([0, 1, 2, NaN])), (e: Error) => e.message === 'lbfgs: x0[3] is NaN');
  assert.throws(() => minimize(f, Float64Array.from([Infinity])), (e: Error) => e.message === 'lbfgs: x0[0] is Infinity');
  assert.throws(
    () => minimize(f, new Float64Array(0)),
    (e: Error) => e.message === 'lbfgs: x0 must have at least one entry, got length 0',
  );
  assert.throws(
    () => minimize(f, [1, 2] as unknown as Float64Array),
    (e: Error) => e.message === 'lbfgs: x0 must be a Float64Array, got Array',
  );
  assert.throws(
    () => minimize(42 as unknown as typeof f, Float64Array.from([1])),
    (e: Error) => e.message === 'lbfgs: objective must be a function, got number',
  );
});

test.run();
