import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, rollout } from '../src/index.js';

test('poses: the torso is at the root, the foot on the ground, orientations are unit quaternions', async () => {
  const task = await createTask('hopper');
  const x = task.initialState();
  const p = task.poses(x);
  assert.is(p.length, 4 * 7);
  assert.equal(Array.from(p.subarray(0, 3)), [0, 0, x[1]]);
  const foot = task.bodyNames.indexOf('foot');
  assert.ok(Math.abs(p[foot * 7 + 2] - task.spec.model.footRadius) < 1e-12, 'ankle one foot radius above the ground');
  x[2] = 0.3; // pitch the torso: every body rotates about y
  const q = task.poses(x);
  for (let b = 0; b < 4; b++) {
    const n = Math.hypot(q[b * 7 + 3], q[b * 7 + 4], q[b * 7 + 5], q[b * 7 + 6]);
    assert.ok(Math.abs(n - 1) < 1e-12);
    assert.ok(Math.abs(q[b * 7 + 3] - Math.cos(0.15)) < 1e-12 && Math.abs(q[b * 7 + 5] - Math.sin(0.15)) < 1e-12);
  }
  // Forward pitch moves the foot backward.
  assert.ok(q[foot * 7] < 0);
  task.dispose();
});

test('rollouts record per-step poses of every body', async () => {
  const task = await createTask('walker');
  const traj = rollout(task, new OpenLoopPolicy(6, new Float64Array(6)), { seed: 2, T: 25, recordPoses: true });
  const nb = task.bodyNames.length;
  assert.is(traj.poses!.length, 26 * nb * 7);
  for (const t of [0, 13, 25]) {
    const expected = task.poses(traj.states.slice(t * task.stateDim, (t + 1) * task.stateDim));
    assert.equal(Array.from(traj.poses!.subarray(t * nb * 7, (t + 1) * nb * 7)), Array.from(expected));
  }
  task.dispose();
});

test('geoms describe the robot for drawing (ground excluded)', async () => {
  const task = await createTask('humanoid');
  const geoms = task.geoms();
  assert.ok(geoms.length >= task.bodyNames.length);
  assert.ok(geoms.every((g) => g.body >= 0 && g.body < task.bodyNames.length));
  const head = geoms.find((g) => g.name === 'head')!;
  assert.is(head.type, 'sphere');
  assert.is(task.bodyNames[head.body], 'torso');
  assert.ok(Math.abs(head.size[0] - 0.09) < 1e-12);
  assert.ok(!geoms.some((g) => g.name.startsWith('ground')));
  task.dispose();
});

test.run();
