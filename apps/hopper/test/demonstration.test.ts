import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask } from '@guided/sim';
import { evaluateController } from '@guided/demos';
import { hopper } from '../src/config.js';
import { hopperController, hopperExample } from '../src/demonstration.js';

const task = await createTask('hopper', hopper.overrides);

test('the stored controller hops: 5 noisy 5 s rollouts, no fall, ≥ 80% of the target velocity', () => {
  const s = evaluateController(task, hopperController(task), { seeds: [11, 12, 13, 14, 15] });
  assert.is(s.falls, 0, `falls at ${s.perRollout.map((r) => r.fellAt).join(', ')}`);
  assert.ok(s.forwardVelocity.min >= 0.8 * task.reward.spec.targetVelocity, `slowest ${s.forwardVelocity.min.toFixed(3)} m/s`);
  // controller.json's own figure on seeds 1–10 is −42.5; these are other seeds.
  assert.ok(s.totalReward.mean > -60, `mean reward ${s.totalReward.mean.toFixed(2)}`);
});

test('the example is the horizon-long rollout of the run seed', async () => {
  const a = await hopperExample(task, 7);
  const b = await hopperExample(task, 7);
  assert.is(a.T, task.horizon);
  assert.is(a.states.length, (task.horizon + 1) * task.stateDim);
  assert.equal(Array.from(a.actions), Array.from(b.actions));
  assert.is(a.fellAt, -1);
});

test('a task of another shape is refused by name', async () => {
  const walker = await createTask('walker');
  assert.throws(() => hopperController(walker), /hopperController: controller.json holds 3 actions × 11 observations, the task 'walker' has 6 × 17/);
  walker.dispose();
});

test.after(() => task.dispose());
test.run();
