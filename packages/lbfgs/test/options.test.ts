import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize } from '../src/index.js';
import type { IterationInfo, LbfgsOptions } from '../src/index.js';
import { extendedRosenbrock, rosenbrockStart } from '../bench/problems.js';
import { counted } from './helpers.js';

function throwsWith(options: unknown, message: string): void {
  assert.throws(
    () => minimize(extendedRosenbrock, rosenbrockStart(2), options as LbfgsOptions),
    (e: Error) => e.message === message,
    `expected "${message}"`,
  );
}

test('invalid options throw errors naming the field and the value', () => {
  throwsWith({ history: 0 }, 'lbfgs: options.history must be a positive integer, got 0');
  throwsWith({ history: -3 }, 'lbfgs: options.history must be a positive integer, got -3');
  throwsWith({ history: 2.5 }, 'lbfgs: options.history must be a positive integer, got 2.5');
  throwsWith({ gradTol: -1e-6 }, 'lbfgs: options.gradTol must be a finite number >= 0, got -0.000001');
  throwsWith({ gradTol: NaN }, 'lbfgs: options.gradTol must be a finite number >= 0, got NaN');
  throwsWith({ relFuncTol: -1 }, 'lbfgs: options.relFuncTol must be a finite number >= 0, got -1');
  throwsWith({ maxIterations: -1 }, 'lbfgs: options.maxIterations must be an integer >= 0, got -1');
  throwsWith({ maxEvaluations: 0 }, 'lbfgs: options.maxEvaluations must be a positive integer, got 0');
  throwsWith({ maxEvaluations: Infinity }, 'lbfgs: options.maxEvaluations must be a positive integer, got Infinity');
  throwsWith({ c1: 0 }, 'lbfgs: options.c1 must lie in (0, 1), got 0');
  throwsWith({ c2: 1 }, 'lbfgs: options.c2 must lie in (c1, 1) = (0.0001, 1), got 1');
  throwsWith({ c1: 0.5, c2: 0.4 }, 'lbfgs: options.c2 must lie in (c1, 1) = (0.5, 1), got 0.4');
  throwsWith({ abort: true }, 'lbfgs: options.abort must be a function, got true');
  throwsWith({ gradtol: 1e-3 }, 'lbfgs: unknown option "gradtol"');
  throwsWith({ history: '5' }, 'lbfgs: options.history must be a positive integer, got "5"');
});

test('maxEvaluations is respected exactly for every budget from 1 to 60', () => {
  for (let budget = 1; budget <= 60; budget++) {
    const c = counted(extendedRosenbrock);
    const r = minimize(c.objective, rosenbrockStart(2), { maxEvaluations: budget, gradTol: 1e-8, relFuncTol: 0 });
    assert.is(r.evaluations, c.calls, `budget ${budget}`);
    assert.ok(c.calls <= budget, `budget ${budget}: ${c.calls} calls`);
    if (r.reason !== 'gradient') {
      assert.is(r.reason, 'max-evaluations', `budget ${budget}`);
      assert.is(c.calls, budget, `budget ${budget}`);
    }
    // The returned point is one that was evaluated: f and the objective at x agree.
    assert.is(extendedRosenbrock(r.x, new Float64Array(2)), r.f, `budget ${budget}`);
  }
});

test('maxIterations stops after that many accepted steps', () => {
  const r = minimize(extendedRosenbrock, rosenbrockStart(2), { maxIterations: 5 });
  assert.is(r.reason, 'max-iterations');
  assert.is(r.iterations, 5);
  const zero = minimize(extendedRosenbrock, rosenbrockStart(2), { maxIterations: 0 });
  assert.is(zero.reason, 'max-iterations');
  assert.is(zero.iterations, 0);
  assert.is(zero.evaluations, 1);
  assert.equal(Array.from(zero.x), [-1.2, 1]);
});

test('abort sees each iteration in order and stops the run when it returns true', () => {
  const seen: IterationInfo[] = [];
  const c = counted(extendedRosenbrock);
  const r = minimize(c.objective, rosenbrockStart(2), {
    abort: (info) => {
      seen.push(info);
      assert.is(info.evaluations, c.calls);
      return info.iteration === 4;
    },
  });
  assert.is(r.reason, 'aborted');
  assert.is(r.iterations, 4);
  assert.equal(
    seen.map((s) => s.iteration),
    [1, 2, 3, 4],
  );
  assert.is(seen[3].f, r.f);
  assert.is(seen[3].gradNorm, r.gradNorm);
  assert.is(seen[3].evaluations, r.evaluations);
  for (let k = 1; k < seen.length; k++) assert.ok(seen[k].f < seen[k - 1].f, 'f decreases');
});

test('relFuncTol stops on a stalled objective; gradNorm is the infinity norm', () => {
  const r = minimize(extendedRosenbrock, rosenbrockStart(2), { relFuncTol: 1e-3, gradTol: 0 });
  assert.is(r.reason, 'function-change');
  const g = new Float64Array(2);
  extendedRosenbrock(r.x, g);
  assert.is(r.gradNorm, Math.max(Math.abs(g[0]), Math.abs(g[1])));
});

test.run();
