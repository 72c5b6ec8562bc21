import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, choleskySolve, cholesky } from '@guided/core';
import { boxQp, createBoxQpWorkspace } from '../src/index.js';

/** Exhaustive reference: try every (lower, upper, free) pattern, keep the feasible minimizer. */
function bruteForce(n: number, H: Float64Array, g: Float64Array, lo: Float64Array, hi: Float64Array): Float64Array {
  let best: Float64Array | null = null;
  let bestValue = Infinity;
  const value = (x: Float64Array) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += g[i] * x[i];
      for (let j = 0; j < n; j++) v += 0.5 * x[i] * H[i * n + j] * x[j];
    }
    return v;
  };
  for (let code = 0; code < 3 ** n; code++) {
    const x = new Float64Array(n);
    const free: number[] = [];
    let c = code;
    for (let i = 0; i < n; i++) {
      const s = c % 3;
      c = Math.floor(c / 3);
      if (s === 0) x[i] = lo[i];
      else if (s === 1) x[i] = hi[i];
      else free.push(i);
    }
    const m = free.length;
    if (m > 0) {
      const Hf = new Float64Array(m * m);
      const rhs = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        let s = -g[free[a]];
        for (let j = 0; j < n; j++) if (!free.includes(j)) s -= H[free[a] * n + j] * x[j];
        rhs[a] = s;
        for (let b = 0; b < m; b++) Hf[a * m + b] = H[free[a] * n + free[b]];
      }
      const L = new Float64Array(m * m);
      assert.ok(cholesky(m, Hf, L));
      choleskySolve(m, L, rhs);
      for (let a = 0; a < m; a++) x[free[a]] = rhs[a];
    }
    if (x.some((v, i) => v < lo[i] - 1e-12 || v > hi[i] + 1e-12)) continue;
    const v = value(x);
    if (v < bestValue) {
      bestValue = v;
      best = x;
    }
  }
  return best!;
}

test('box-QP matches an exhaustive active-set search on random problems', () => {
  const rng = new Rng(11);
  const n = 4;
  const ws = createBoxQpWorkspace(n);
  let clampedSeen = 0;
  for (let trial = 0; trial < 200; trial++) {
    const M = Float64Array.from({ length: n * n }, () => rng.normal());
    const H = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 0.1 : 0;
      for (let k = 0; k < n; k++) s += M[i * n + k] * M[j * n + k];
      H[i * n + j] = s;
    }
    const g = Float64Array.from({ length: n }, () => 3 * rng.normal());
    const lo = Float64Array.from({ length: n }, () => -rng.uniform());
    const hi = Float64Array.from({ length: n }, () => rng.uniform());
    const x = Float64Array.from({ length: n }, () => rng.normal()); // any warm start
    const status = boxQp(n, H, g, lo, hi, x, ws);
    assert.ok(status !== 'not-positive-definite');
    const ref = bruteForce(n, H, g, lo, hi);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i] - ref[i]) < 1e-9, `trial ${trial}: x = ${Array.from(x)}, reference ${Array.from(ref)}`);
    for (let i = 0; i < n; i++) if (ws.clamped[i]) {
      clampedSeen++;
      assert.ok(x[i] === lo[i] || x[i] === hi[i]);
    }
  }
  assert.ok(clampedSeen > 50);
});

test('box-QP reports a matrix that is not positive definite on the free set', () => {
  const H = Float64Array.of(1, 0, 0, -1);
  const ws = createBoxQpWorkspace(2);
  const x = new Float64Array(2);
  assert.is(boxQp(2, H, Float64Array.of(0.1, 0.1), Float64Array.of(-1, -1), Float64Array.of(1, 1), x, ws), 'not-positive-definite');
});

test.run();
