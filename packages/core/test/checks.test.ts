import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertFinite, assertLength, assertNonNegative, assertInteger, trajectoryViews, allocateTrajectory } from '../src/index.js';

test('checks name the place, the field and the value', () => {
  assert.throws(() => assertFinite('sim.step', 'u', [0, NaN]), (e: Error) => e.message === 'sim.step: u[1] is NaN');
  assert.throws(() => assertLength('sim.step', 'u', [1, 2], 3), (e: Error) => e.message === 'sim.step: u must have length 3, got 2');
  assert.throws(() => assertNonNegative('task', 'noise', -0.1), (e: Error) => e.message === 'task: noise must be a finite number ≥ 0, got -0.1');
  assert.throws(() => assertNonNegative('task', 'dt', 0, true), /must be a finite number > 0, got 0/);
  assert.throws(() => assertInteger('gps', 'iterations', 2.5, 1), (e: Error) => e.message === 'gps: iterations must be an integer ≥ 1, got 2.5');
  assertFinite('x', 'y', [1, 2]);
  assertLength('x', 'y', [1], 1);
});

test('trajectory views share memory with the flat arrays', () => {
  const traj = allocateTrajectory(3, 2, 1, 4);
  const v = trajectoryViews(traj);
  assert.equal(v.states.shape, [4, 2]);
  v.states.set(2, 1, 7);
  assert.is(traj.states[2 * 2 + 1], 7);
  assert.is(traj.observations!.length, 16);
  assert.is(traj.obsDim, 4);
});

test.run();
