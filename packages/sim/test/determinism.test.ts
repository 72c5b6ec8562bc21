import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AffinePolicy, createTask, OpenLoopPolicy, rollout } from '../src/index.js';
import { movingState } from './helpers.js';

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

test('same seed, same trajectory, bit for bit (also on a fresh task instance)', async () => {
  const task = await createTask('walker', { terrain: { type: 'rough', seed: 5 } });
  const policy = new AffinePolicy(task.actionDim, task.obsDim, new Float64Array(task.actionDim * task.obsDim).fill(0.01), new Float64Array(task.actionDim), 0.2);
  const a = rollout(task, policy, { seed: 42, T: 150 });
  rollout(task, policy, { seed: 7, T: 60 }); // something else in between
  const b = rollout(task, policy, { seed: 42, T: 150 });
  const other = await createTask('walker', { terrain: { type: 'rough', seed: 5 } });
  const c = rollout(other, policy, { seed: 42, T: 150 });
  for (const t of [b, c]) {
    assert.ok(sameBits(a.states, t.states), 'states');
    assert.ok(sameBits(a.actions, t.actions), 'actions');
    assert.ok(sameBits(a.controls, t.controls), 'controls');
    assert.ok(sameBits(a.rewards, t.rewards), 'rewards');
    assert.ok(sameBits(a.observations, t.observations), 'observations');
  }
  const d = rollout(task, policy, { seed: 43, T: 150 });
  assert.not.ok(sameBits(a.states, d.states), 'another seed gives another trajectory');
  task.dispose();
  other.dispose();
});

test('step is a pure function of (x, u): history does not leak through the solver warm start', async () => {
  const task = await createTask('hopper');
  const { x, u } = movingState(task);
  const first = task.step(x, u, new Float64Array(task.stateDim));
  const { x: y } = movingState(task, 12);
  task.step(y, u.map((v) => -v), new Float64Array(task.stateDim));
  const second = task.step(x, u, new Float64Array(task.stateDim));
  assert.ok(sameBits(first, second));
  task.dispose();
});

test('motor noise: multiplicative 10% by default, seeded, independent of the policy\'s own draws', async () => {
  const task = await createTask('hopper');
  const u = new Float64Array([0.5, -0.25, 1]);
  const ones = new OpenLoopPolicy(3, u);
  const noisyPolicy = new OpenLoopPolicy(3, u, 0.3);
  const a = rollout(task, ones, { seed: 1, T: 400 });
  const b = rollout(task, noisyPolicy, { seed: 1, T: 400 });
  // Same motor-noise stream: the ratio applied/commanded (for the noise-free policy) is 1 + 0.1 ε.
  let sum = 0;
  let sumSq = 0;
  for (let t = 0; t < a.T; t++) {
    for (let k = 0; k < 3; k++) {
      const e = (a.controls[t * 3 + k] / a.actions[t * 3 + k] - 1) / 0.1;
      sum += e;
      sumSq += e * e;
      // The policy's exploration noise is drawn from its own stream: the motor noise ε at (t, k) is the same.
      const eb = (b.controls[t * 3 + k] / b.actions[t * 3 + k] - 1) / 0.1;
      assert.ok(Math.abs(e - eb) < 1e-9, `step ${t}, motor ${k}: ${e} vs ${eb}`);
    }
  }
  const n = a.T * 3;
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  // 1200 standard normals: mean within 4/√n, variance within 4·√(2/n) of 1.
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 4 * Math.sqrt(2 / n), `variance ${variance}`);
  const quiet = rollout(task, ones, { seed: 1, T: 10, motorNoise: false });
  assert.equal(Array.from(quiet.controls), Array.from(quiet.actions));
  task.dispose();
});

test('additive motor noise scales with the control half-range', async () => {
  const task = await createTask('hopper', { motorNoiseKind: 'additive', motorNoise: 0.2 });
  const zero = new OpenLoopPolicy(3, [0, 0, 0]);
  const tr = rollout(task, zero, { seed: 3, T: 300 });
  let sumSq = 0;
  for (const v of tr.controls) sumSq += v * v;
  const std = Math.sqrt(sumSq / tr.controls.length);
  assert.ok(Math.abs(std - 0.2) < 0.2 * 4 * Math.sqrt(1 / (2 * tr.controls.length)), `std ${std}`);
  task.dispose();
});

test('the initial state is drawn around the standing pose with the spec\'s noise', async () => {
  const task = await createTask('walker', { initialStateNoise: 0.05 });
  const { Rng } = await import('@guided/core');
  const nominal = task.initialState();
  const x = task.initialState(new Rng(9));
  assert.is(x[0], nominal[0], 'root x is not perturbed');
  assert.is(x[1], nominal[1], 'root height is not perturbed');
  let moved = 0;
  for (let i = 2; i < task.stateDim; i++) if (x[i] !== nominal[i]) moved++;
  assert.is(moved, task.stateDim - 2);
  const still = await createTask('walker', { initialStateNoise: 0 });
  assert.equal(Array.from(still.initialState(new Rng(9))), Array.from(nominal));
  task.dispose();
  still.dispose();
});

test.run();
