import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CurvatureHistory } from '../src/history.js';
import { randomSpd, seededUniform } from './helpers.js';

function matVec(n: number, a: Float64Array, x: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += a[i * n + j] * x[j];
  return out;
}

/** Push the pair (s, y) as x -> x + s, g -> g + y from x = 0, g = 0. */
function pushPair(h: CurvatureHistory, s: Float64Array, y: Float64Array): boolean {
  return h.push(new Float64Array(s.length), s, new Float64Array(y.length), y);
}

function randomVector(n: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => 2 * rand() - 1);
}

test('secant equation: the two-loop H maps the newest y to the newest s', () => {
  const n = 6;
  const rand = seededUniform(11);
  const a = randomSpd(n, rand);
  const h = new CurvatureHistory(n, 4);
  let s: Float64Array = new Float64Array(n);
  let y: Float64Array = new Float64Array(n);
  for (let k = 0; k < 7; k++) {
    s = randomVector(n, rand);
    y = matVec(n, a, s);
    assert.ok(pushPair(h, s, y));
  }
  assert.is(h.count, 4);
  const d = new Float64Array(n);
  h.direction(y, d);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(d[i] + s[i]) < 1e-12, `i=${i}: ${d[i]} vs ${-s[i]}`);
});

test('one pair: the two-loop product equals the explicit BFGS update of gamma I', () => {
  const n = 4;
  const rand = seededUniform(3);
  const s = randomVector(n, rand);
  const y = matVec(n, randomSpd(n, rand), s);
  const h = new CurvatureHistory(n, 3);
  assert.ok(pushPair(h, s, y));
  let sy = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    sy += s[i] * y[i];
    yy += y[i] * y[i];
  }
  const gamma = sy / yy;
  assert.ok(Math.abs(h.gamma - gamma) < 1e-15);
  const rho = 1 / sy;
  // H = (I - rho s y^T) gamma I (I - rho y s^T) + rho s s^T  (N&W eq. 7.19 with H_0 = gamma I)
  const hm = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const left = (i === k ? 1 : 0) - rho * s[i] * y[k];
        const right = (k === j ? 1 : 0) - rho * y[k] * s[j];
        sum += left * gamma * right;
      }
      hm[i * n + j] = sum + rho * s[i] * s[j];
    }
  }
  const g = randomVector(n, rand);
  const expected = matVec(n, hm, g);
  const d = new Float64Array(n);
  h.direction(g, d);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(d[i] + expected[i]) < 1e-12, `i=${i}`);
});

test('curvature failure (s.y <= 0) skips the pair and keeps the history unchanged', () => {
  const h = new CurvatureHistory(2, 3);
  assert.ok(pushPair(h, Float64Array.from([1, 0]), Float64Array.from([2, 0])));
  const gamma = h.gamma;
  assert.not.ok(pushPair(h, Float64Array.from([1, 0]), Float64Array.from([-1, 0.5])));
  assert.not.ok(pushPair(h, Float64Array.from([0, 1]), Float64Array.from([1, 0])));
  assert.not.ok(pushPair(h, Float64Array.from([0, 0]), Float64Array.from([0, 0])));
  assert.is(h.count, 1);
  assert.is(h.gamma, gamma);
});

test('ring buffer: after overflow the history equals one holding only the newest m pairs', () => {
  const n = 5;
  const m = 3;
  const rand = seededUniform(5);
  const a = randomSpd(n, rand);
  const pairs = Array.from({ length: 8 }, () => {
    const s = randomVector(n, rand);
    return [s, matVec(n, a, s)] as const;
  });
  const full = new CurvatureHistory(n, m);
  for (const [s, y] of pairs) pushPair(full, s, y);
  const recent = new CurvatureHistory(n, m);
  for (const [s, y] of pairs.slice(-m)) pushPair(recent, s, y);
  const g = randomVector(n, rand);
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  full.direction(g, d1);
  recent.direction(g, d2);
  assert.equal(Array.from(d1), Array.from(d2));
});

test('clear drops the pairs but keeps gamma; direction is then -gamma g', () => {
  const h = new CurvatureHistory(2, 2);
  pushPair(h, Float64Array.from([1, 1]), Float64Array.from([4, 4]));
  h.clear();
  assert.is(h.count, 0);
  assert.is(h.gamma, 0.25);
  const d = new Float64Array(2);
  h.direction(Float64Array.from([2, -8]), d);
  assert.equal(Array.from(d), [-0.5, 2]);
});

test.run();
