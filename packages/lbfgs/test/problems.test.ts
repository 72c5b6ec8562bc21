// The test problems' analytic gradients agree with central finite differences, so the
// optimizer tests below are not testing against a wrong gradient.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { barrierObjective, extendedRosenbrock, wood } from '../bench/problems.js';
import { numericGradient, quadratic, randomSpd, seededUniform } from './helpers.js';

function assertGradient(f: (x: Float64Array, g: Float64Array) => number, x: Float64Array, tol: number): void {
  const g = new Float64Array(x.length);
  f(x, g);
  const fd = numericGradient(f, x);
  for (let i = 0; i < x.length; i++) {
    const scale = Math.max(1, Math.abs(g[i]));
    assert.ok(Math.abs(g[i] - fd[i]) <= tol * scale, `index ${i}: analytic ${g[i]} vs finite difference ${fd[i]}`);
  }
}

test('extended Rosenbrock gradient matches finite differences', () => {
  assertGradient(extendedRosenbrock, Float64Array.from([-1.2, 1, 0.3, -0.4, 2, 3.5]), 1e-6);
});

test('Wood gradient matches finite differences', () => {
  assertGradient(wood, Float64Array.from([-3, -1, -3, -1]), 1e-6);
  assertGradient(wood, Float64Array.from([0.5, 1.5, -0.7, 2]), 1e-6);
});

test('barrier gradient matches finite differences inside the unit ball', () => {
  const f = barrierObjective(Float64Array.from([2, -1, 0.5]));
  assertGradient(f, Float64Array.from([0.3, -0.5, 0.6]), 1e-6);
});

test('barrier is NaN outside the unit ball and Infinity on it', () => {
  const f = barrierObjective(Float64Array.from([2, 0]));
  const g = new Float64Array(2);
  assert.ok(Number.isNaN(f(Float64Array.from([1.5, 0]), g)));
  assert.is(f(Float64Array.from([1, 0]), g), Infinity);
});

test('quadratic gradient matches finite differences', () => {
  const rand = seededUniform(7);
  const n = 4;
  const a = randomSpd(n, rand);
  const b = Float64Array.from([0.5, -1, 2, 0.25]);
  assertGradient(quadratic(n, a, b), Float64Array.from([1, -2, 0.5, 3]), 1e-6);
});

test.run();
