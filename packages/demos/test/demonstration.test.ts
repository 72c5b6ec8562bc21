import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, rollout } from '@guided/sim';
import { SimbiconController, evaluateController, recordDemonstration } from '../src/index.js';

const task = await createTask('walker');

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

test('a demonstration is a core Trajectory: sizes, rewards r(x_t, u_t), actions = the commands', () => {
  const c = new SimbiconController();
  const T = 120;
  const demo = recordDemonstration(task, c, { seed: 3, T });
  assert.is(demo.T, T);
  assert.is(demo.stateDim, 18);
  assert.is(demo.actionDim, 6);
  assert.is(demo.states.length, (T + 1) * 18);
  assert.is(demo.actions.length, T * 6);
  assert.is(demo.rewards.length, T);
  for (let t = 0; t < T; t++) {
    const x = demo.states.subarray(t * 18, t * 18 + 18);
    const u = demo.actions.subarray(t * 6, t * 6 + 6);
    assert.is(demo.rewards[t], task.reward.reward(x, u), `reward at step ${t}`);
  }
  // The controller is deterministic: replaying its commands open loop with the same seed (same
  // initial state, same motor noise) gives the same trajectory bit for bit.
  const replay = rollout(task, new OpenLoopPolicy(6, demo.actions), { seed: 3, T });
  assert.ok(sameBits(replay.states, demo.states), 'replayed states');
  // Motor noise perturbs the applied controls, not the recorded commands.
  let differ = 0;
  for (let i = 0; i < demo.actions.length; i++) if (demo.controls[i] !== demo.actions[i]) differ++;
  assert.ok(differ > demo.actions.length / 2, `${differ} noisy controls`);
});

test('noise: false applies the commands exactly', () => {
  const demo = recordDemonstration(task, new SimbiconController(), { seed: 4, T: 50, noise: false });
  assert.ok(sameBits(demo.controls, demo.actions));
});

test('evaluateController: velocity = displacement / time, falls counted, stats over rollouts', () => {
  const T = 150;
  const walker = evaluateController(task, new SimbiconController(), { seeds: [1, 2, 3], T });
  assert.is(walker.rollouts, 3);
  assert.is(walker.falls, 0);
  for (const r of walker.perRollout) {
    const traj = recordDemonstration(task, new SimbiconController(), { seed: r.seed, T });
    const v = (traj.states[T * 18] - traj.states[0]) / (T * task.controlDt);
    assert.is(r.forwardVelocity, v);
    let total = 0;
    for (let t = 0; t < T; t++) total += traj.rewards[t];
    assert.is(r.totalReward, total);
  }
  const vs = walker.perRollout.map((r) => r.forwardVelocity);
  assert.ok(Math.abs(walker.forwardVelocity.mean - (vs[0] + vs[1] + vs[2]) / 3) < 1e-15);
  assert.is(walker.forwardVelocity.min, Math.min(...vs));
  // Without knee torque the walker collapses: every rollout falls, and is counted.
  const limp = evaluateController(task, new SimbiconController({ kpKnee: 0, kdKnee: 0 }), { seeds: [1, 2], T });
  assert.is(limp.falls, 2);
  for (const r of limp.perRollout) assert.ok(r.fellAt > 0, `fell at ${r.fellAt}`);
});

test('bad options throw an Error naming the field and value', () => {
  const c = new SimbiconController();
  assert.throws(() => recordDemonstration(task, c, { seed: 1.5 }), (e: Error) => e.message === 'recordDemonstration: seed must be an integer, got 1.5');
  assert.throws(() => recordDemonstration(task, c, { seed: 1, T: 0 }), (e: Error) => e.message === 'recordDemonstration: T must be an integer ≥ 1, got 0');
  assert.throws(() => recordDemonstration(task, c, { seed: 1, noise: 0.1 as never }), (e: Error) => e.message === 'recordDemonstration: noise must be a boolean, got 0.1');
  assert.throws(() => evaluateController(task, c, { seeds: [] }), (e: Error) => e.message === 'evaluateController: seeds must be a non-empty array of integers, got []');
});

test.after(() => task.dispose());
test.run();
