import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../src/index.js';

test('the same seed gives the same stream, bit for bit; another seed does not', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 100 }, () => a.normal());
  const xb = Array.from({ length: 100 }, () => b.normal());
  const xc = Array.from({ length: 100 }, () => c.normal());
  assert.equal(xa, xb);
  assert.not.equal(xa, xc);
});

test('uniform lies in [0, 1) with mean 1/2 and variance 1/12', () => {
  const rng = new Rng(1);
  const n = 200000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1 / 12) < 0.002);
});

test('normal draws have mean 0, variance 1 and Gaussian tails', () => {
  const rng = new Rng(2);
  const n = 200000;
  let sum = 0;
  let sumSq = 0;
  let beyond2 = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    sum += z;
    sumSq += z * z;
    if (Math.abs(z) > 2) beyond2++;
  }
  assert.ok(Math.abs(sum / n) < 0.01);
  assert.ok(Math.abs(sumSq / n - 1) < 0.015);
  assert.ok(Math.abs(beyond2 / n - 0.0455) < 0.003, `P(|z|>2) = ${beyond2 / n}`);
});

test('split children are reproducible and uncorrelated with the parent', () => {
  const p1 = new Rng(5);
  const p2 = new Rng(5);
  const c1 = p1.split();
  const c2 = p2.split();
  const d1 = Array.from({ length: 20 }, () => c1.uniform());
  assert.equal(d1, Array.from({ length: 20 }, () => c2.uniform()));
  const n = 50000;
  let cov = 0;
  for (let i = 0; i < n; i++) cov += p1.normal() * c1.normal();
  assert.ok(Math.abs(cov / n) < 0.02, `correlation ${cov / n}`);
});

test('state round trip continues the same stream, including a cached normal', () => {
  const rng = new Rng(9);
  rng.normal(); // leaves a spare normal cached
  const saved = JSON.parse(JSON.stringify(rng.getState()));
  const expected = [rng.normal(), rng.uniform(), rng.normal()];
  const restored = Rng.fromState(saved);
  assert.equal([restored.normal(), restored.uniform(), restored.normal()], expected);
});

test('bad seeds and states are rejected with the value named', () => {
  assert.throws(() => new Rng(1.5), /seed must be a finite integer, got 1.5/);
  assert.throws(() => new Rng(NaN), /got NaN/);
  assert.throws(() => Rng.fromState({ words: [0, 0, 0, 0], spareNormal: null }), /all-zero state/);
  assert.throws(() => Rng.fromState({ words: [1, 2, 3] as never, spareNormal: null }), /four uint32 values, got \[1,2,3\]/);
  assert.throws(() => new Rng(1).int(0), /positive integer, got 0/);
});

test('int covers its range uniformly', () => {
  const rng = new Rng(11);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 50000; i++) counts[rng.int(5)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 400, `counts ${counts}`);
});

test.run();
