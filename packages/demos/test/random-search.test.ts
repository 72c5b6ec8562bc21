import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask } from '@guided/sim';
import { randomSearch } from '../src/index.js';
import { arsStep } from '../src/random-search.js';

// A short hopper: 20 control steps keep each rollout to a few milliseconds.
const task = await createTask('hopper', { horizon: 20 });

test('arsStep: the top b directions by max(r⁺, r⁻), scaled by α / (b σ_R)', () => {
  const theta = new Float64Array(2);
  const deltas = [Float64Array.of(1, 0), Float64Array.of(0, 1), Float64Array.of(1, 1)];
  // Ranked by max(r⁺, r⁻): direction 0 (3), direction 1 (1), direction 2 (0); b = 2 keeps 0 and 1.
  // Their returns 3, 1, 1, 1 have mean 1.5 and standard deviation √0.75.
  arsStep(theta, deltas, [3, 1, 0], [1, 1, -2], 2, 0.5);
  const expected = (0.5 / (2 * Math.sqrt(0.75))) * (3 - 1);
  assert.ok(Math.abs(theta[0] - expected) < 1e-15, `θ0 ${theta[0]} against ${expected}`);
  assert.is(theta[1], 0, 'direction 1 has r⁺ = r⁻, direction 2 is not kept');
});

test('arsStep: equal returns (σ_R = 0) take no step', () => {
  const theta = Float64Array.of(0.5, -0.5);
  arsStep(theta, [Float64Array.of(1, 2)], [4], [4], 1, 1);
  assert.equal(Array.from(theta), [0.5, -0.5]);
});

test('randomSearch: step size 0 returns the zero controller', () => {
  const { policy, history } = randomSearch(task, { iterations: 2, stepSize: 0, seed: 3 });
  assert.is(history.length, 2);
  assert.ok(policy.weights.every((v) => v === 0) && policy.bias.every((v) => v === 0));
  assert.is(policy.obsDim, task.obsDim);
  assert.is(policy.actionDim, task.actionDim);
});

test('randomSearch: the same seed gives the same controller, another seed another', () => {
  const a = randomSearch(task, { iterations: 3, seed: 5 }).policy;
  const b = randomSearch(task, { iterations: 3, seed: 5 }).policy;
  const c = randomSearch(task, { iterations: 3, seed: 6 }).policy;
  assert.equal(Array.from(a.weights), Array.from(b.weights));
  assert.equal(Array.from(a.bias), Array.from(b.bias));
  assert.not.equal(Array.from(a.weights), Array.from(c.weights));
});

test('randomSearch: the mean return rises on the short hopper', () => {
  const { history } = randomSearch(task, { iterations: 30, seed: 1 });
  const first = history.slice(0, 5).reduce((s, v) => s + v, 0) / 5;
  const last = history.slice(-5).reduce((s, v) => s + v, 0) / 5;
  assert.ok(last > first, `mean return of iterations 1–5 ${first.toFixed(2)}, of 26–30 ${last.toFixed(2)}`);
});

test('randomSearch: bad options are named', () => {
  assert.throws(() => randomSearch(task, { directions: 4, top: 5 }), /randomSearch: top must be ≤ directions \(4\), got 5/);
  assert.throws(() => randomSearch(task, { iterations: 0 }), /randomSearch: iterations must be an integer ≥ 1, got 0/);
  assert.throws(() => randomSearch(task, { smoothness: -1 }), /randomSearch: smoothness must be a finite number ≥ 0, got -1/);
  assert.throws(() => randomSearch(task, { seed: 1.5 }), /randomSearch: seed must be an integer, got 1.5/);
});

test.after(() => task.dispose());
test.run();
