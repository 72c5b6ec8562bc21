import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize } from '../src/index.js';
import { choleskySolve, quadratic, randomSpd, seededUniform } from './helpers.js';

const SEEDS = [1, 2, 3, 4, 5];

/** max_i |x_i - xs_i| / max(1, ||xs||_inf) */
function relError(x: Float64Array, xs: Float64Array): number {
  let err = 0;
  let scale = 1;
  for (let i = 0; i < xs.length; i++) {
    err = Math.max(err, Math.abs(x[i] - xs[i]));
    scale = Math.max(scale, Math.abs(xs[i]));
  }
  return err / scale;
}

function solveRandom(n: number, seed: number, c2?: number) {
  const rand = seededUniform(1000 * n + seed);
  const a = randomSpd(n, rand);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = 2 * rand() - 1;
  const xs = choleskySolve(n, a, b);
  const result = minimize(quadratic(n, a, b), new Float64Array(n), { gradTol: 1e-12, relFuncTol: 0, c2 });
  return { result, xs };
}

for (let n = 2; n <= 5; n++) {
  test(`random SPD quadratic n=${n}: x matches the Cholesky solution to 1e-10 (c2 = 0.9)`, () => {
    for (const seed of SEEDS) {
      const { result, xs } = solveRandom(n, seed);
      assert.is(result.reason, 'gradient', `seed ${seed}`);
      assert.ok(relError(result.x, xs) < 1e-10, `seed ${seed}: error ${relError(result.x, xs)}`);
      // With loose Wolfe steps L-BFGS has no finite termination; it needs a few sweeps of n.
      assert.ok(result.iterations <= 4 * n + 3, `seed ${seed}: ${result.iterations} iterations`);
    }
  });

  test(`random SPD quadratic n=${n}: within 2n+1 iterations with a near-exact line search (c2 = 0.1)`, () => {
    for (const seed of SEEDS) {
      const { result, xs } = solveRandom(n, seed, 0.1);
      assert.is(result.reason, 'gradient', `seed ${seed}`);
      assert.ok(relError(result.x, xs) < 1e-10, `seed ${seed}: error ${relError(result.x, xs)}`);
      assert.ok(result.iterations <= 2 * n + 1, `seed ${seed}: ${result.iterations} iterations`);
    }
  });
}

test('gradient below gradTol at x0 returns x0 after one evaluation', () => {
  const f = (x: Float64Array, g: Float64Array) => {
    g[0] = 2 * (x[0] - 1);
    return (x[0] - 1) ** 2;
  };
  const r = minimize(f, Float64Array.from([1 + 1e-7]), { gradTol: 1e-6 });
  assert.is(r.reason, 'gradient');
  assert.is(r.iterations, 0);
  assert.is(r.evaluations, 1);
  assert.is(r.x[0], 1 + 1e-7);
});

test('x0 is not modified and grad arrives zeroed (an accumulating objective works)', () => {
  const x0 = Float64Array.from([3, -4]);
  const accumulating = (x: Float64Array, g: Float64Array) => {
    // Two terms each add their share into g: only correct if g starts at zero.
    g[0] += 2 * (x[0] - 1);
    g[1] += 2 * (x[1] + 2);
    g[0] += x[0];
    return (x[0] - 1) ** 2 + (x[1] + 2) ** 2 + 0.5 * x[0] * x[0];
  };
  const r = minimize(accumulating, x0, { gradTol: 1e-10 });
  assert.equal(Array.from(x0), [3, -4]);
  assert.is(r.reason, 'gradient');
  assert.ok(Math.abs(r.x[0] - 2 / 3) < 1e-9, `x0 = ${r.x[0]}`);
  assert.ok(Math.abs(r.x[1] + 2) < 1e-9, `x1 = ${r.x[1]}`);
});

test.run();
