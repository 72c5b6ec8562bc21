import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize } from '../src/index.js';
import { extendedRosenbrock, rosenbrockStart } from '../bench/problems.js';
import { counted } from './helpers.js';

test('2-D Rosenbrock from (-1.2, 1) converges to (1, 1) within 60 evaluations', () => {
  const c = counted(extendedRosenbrock);
  const r = minimize(c.objective, rosenbrockStart(2), { gradTol: 1e-8, relFuncTol: 0 });
  assert.is(r.reason, 'gradient');
  assert.ok(r.gradNorm <= 1e-8);
  assert.ok(Math.abs(r.x[0] - 1) < 1e-8 && Math.abs(r.x[1] - 1) < 1e-8, `x = ${Array.from(r.x)}`);
  assert.ok(r.evaluations <= 60, `${r.evaluations} evaluations`);
  assert.is(c.calls, r.evaluations);
});

test('2-D Rosenbrock with default options stops at a small gradient', () => {
  const r = minimize(extendedRosenbrock, rosenbrockStart(2));
  assert.ok(r.reason === 'gradient' || r.reason === 'function-change', r.reason);
  assert.ok(r.f < 1e-10, `f = ${r.f}`);
});

for (const n of [100, 1000]) {
  test(`extended Rosenbrock n=${n} reaches f < 1e-10 from the standard start`, () => {
    const c = counted(extendedRosenbrock);
    const r = minimize(c.objective, rosenbrockStart(n), { gradTol: 1e-8, relFuncTol: 0 });
    assert.is(r.reason, 'gradient');
    assert.ok(r.f < 1e-10, `f = ${r.f}`);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(r.x[i] - 1) < 1e-7, `x[${i}] = ${r.x[i]}`);
    assert.is(c.calls, r.evaluations);
  });
}

test('extended Rosenbrock: n=1000 needs at most 1.5x the evaluations of n=100', () => {
  const small = minimize(extendedRosenbrock, rosenbrockStart(100), { gradTol: 1e-8, relFuncTol: 0 });
  const large = minimize(extendedRosenbrock, rosenbrockStart(1000), { gradTol: 1e-8, relFuncTol: 0 });
  assert.ok(large.evaluations <= 1.5 * small.evaluations, `${large.evaluations} vs ${small.evaluations}`);
});

test('the unit step is accepted at first trial on most iterations (n=1000)', () => {
  const r = minimize(extendedRosenbrock, rosenbrockStart(1000), { gradTol: 1e-8, relFuncTol: 0 });
  // Each iteration costs one evaluation when its first trial is accepted; extra ones are the line search's.
  const extra = r.evaluations - 1 - r.iterations;
  assert.ok(extra <= 0.25 * r.iterations, `${extra} extra evaluations over ${r.iterations} iterations`);
});

test('history m = 1 and m = 30 also converge on 2-D Rosenbrock', () => {
  for (const history of [1, 30]) {
    const r = minimize(extendedRosenbrock, rosenbrockStart(2), { gradTol: 1e-8, relFuncTol: 0, history });
    assert.is(r.reason, 'gradient', `m = ${history}`);
    assert.ok(Math.abs(r.x[0] - 1) < 1e-7, `m = ${history}: x = ${Array.from(r.x)}`);
  }
});

test.run();
