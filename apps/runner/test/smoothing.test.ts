import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chatter, movingAverage } from '../src/guides.js';

test('movingAverage: centred window, the ends average what exists', () => {
  // Two controls per step: k = 0 is t, k = 1 is t².
  const T = 6;
  const actions = new Float64Array(T * 2);
  for (let t = 0; t < T; t++) actions.set([t, t * t], t * 2);
  const out = movingAverage(actions, 2, 3);
  assert.equal(Array.from(out.filter((_, i) => i % 2 === 0)), [0.5, 1, 2, 3, 4, 4.5]);
  assert.is(out[2 * 2 + 1], (1 + 4 + 9) / 3);
  assert.is(out[0 * 2 + 1], (0 + 1) / 2);
  assert.equal(Array.from(movingAverage(actions, 2, 1)), Array.from(actions));
});

test('movingAverage rejects an even or non-integer window', () => {
  assert.throws(() => movingAverage(new Float64Array(4), 1, 4), /smoothing\.window must be an odd integer ≥ 1, got 4/);
  assert.throws(() => movingAverage(new Float64Array(4), 1, 2.5), /got 2\.5/);
});

test('chatter: 0 for a linear ramp, 4/5 of the amplitude for ± alternation (away from the ends)', () => {
  const T = 1000;
  const ramp = Float64Array.from({ length: T }, (_, t) => 0.001 * t);
  assert.ok(chatter(ramp, 1) < 1e-4); // only the two ends of each side differ
  const alternating = Float64Array.from({ length: T }, (_, t) => (t % 2 === 0 ? 0.5 : -0.5));
  // Interior: 5 alternating values average to ±0.1, so the residual is ±0.4 = 4/5 · 0.5.
  assert.ok(Math.abs(chatter(alternating, 1) - 0.4) < 0.01, `${chatter(alternating, 1)}`);
});

test.run();
