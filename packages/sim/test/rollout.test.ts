import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, rollout } from '../src/index.js';
import type { RolloutPolicy } from '../src/index.js';

test('a rollout is the chain of deterministic steps on the noisy controls it reports', async () => {
  const task = await createTask('hopper');
  const policy = new OpenLoopPolicy(3, [0.3, -0.1, 0.2, -0.2, 0.4, 0.0], 0.1);
  const traj = rollout(task, policy, { seed: 11, T: 40 });
  const nx = task.stateDim;
  const next = new Float64Array(nx);
  for (let t = 0; t < traj.T; t++) {
    const x = traj.states.slice(t * nx, (t + 1) * nx);
    task.step(x, traj.controls.slice(t * 3, (t + 1) * 3), next);
    assert.equal(Array.from(next), Array.from(traj.states.subarray((t + 1) * nx, (t + 2) * nx)), `step ${t}`);
    assert.is(traj.rewards[t], task.reward.reward(x, traj.actions.subarray(t * 3, (t + 1) * 3)));
    assert.equal(Array.from(task.observe(x)), Array.from(traj.observations.subarray(t * task.obsDim, (t + 1) * task.obsDim)));
  }
  task.dispose();
});

test('the policy sees the observation, its own rng stream, the step index and the state', async () => {
  const task = await createTask('walker');
  const seen: { t: number; obs: number; state: number }[] = [];
  const spy: RolloutPolicy = {
    act(obs, _rng, out = new Float64Array(6), t = -1, state) {
      seen.push({ t, obs: obs.length, state: state ? state.length : -1 });
      return out.fill(0);
    },
  };
  const traj = rollout(task, spy, { seed: 1, T: 5 });
  assert.equal(seen.map((s) => s.t), [0, 1, 2, 3, 4]);
  assert.ok(seen.every((s) => s.obs === 17 && s.state === 18));
  assert.is(traj.obsDim, 17);
  task.dispose();
});

test('initialState option and stopOnFall', async () => {
  const task = await createTask('hopper');
  const start = task.initialState();
  start[6] = 0.5; // moving forward
  const slump = new OpenLoopPolicy(3, [0, 0, 0]);
  const traj = rollout(task, slump, { seed: 1, T: 300, initialState: start, motorNoise: false });
  assert.equal(Array.from(traj.states.subarray(0, 12)), Array.from(start));
  assert.ok(traj.fellAt > 0 && traj.T === 300);
  const stopped = rollout(task, slump, { seed: 1, T: 300, initialState: start, motorNoise: false, stopOnFall: true });
  assert.is(stopped.T, traj.fellAt);
  assert.equal(Array.from(stopped.states), Array.from(traj.states.subarray(0, (traj.fellAt + 1) * 12)));
  task.dispose();
});

test.run();
