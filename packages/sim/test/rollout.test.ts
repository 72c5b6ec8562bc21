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
    const command = task.clampControl(traj.actions.slice(t * 3, (t + 1) * 3), new Float64Array(3));
    assert.is(traj.rewards[t], task.reward.reward(x, command));
    assert.equal(Array.from(task.observe(x)), Array.from(traj.observations.subarray(t * task.obsDim, (t + 1) * task.obsDim)));
  }
  task.dispose();
});

test('rewards score the command clamped to the control range; actions keep the raw sample', async () => {
  const task = await createTask('hopper');
  // Raw commands far outside [−1, 1] (what a linear-Gaussian controller with large gains can output).
  const raw = [3, -7, 0.5];
  const policy: RolloutPolicy = {
    act(_obs, _rng, out = new Float64Array(3)) {
      out.set(raw);
      return out;
    },
  };
  for (const motorNoise of [true, false]) {
    const traj = rollout(task, policy, { seed: 5, T: 3, motorNoise });
    const nx = task.stateDim;
    for (let t = 0; t < traj.T; t++) {
      const x = traj.states.slice(t * nx, (t + 1) * nx);
      assert.equal(Array.from(traj.actions.subarray(t * 3, (t + 1) * 3)), raw);
      assert.is(traj.rewards[t], task.reward.reward(x, Float64Array.of(1, -1, 0.5)));
      // The clamped command costs w_u ‖u‖² = 0.05 · 2.25; the raw one would cost 0.05 · 58.25.
      assert.ok(traj.rewards[t] > task.reward.reward(x, Float64Array.from(raw)) + 2.79);
    }
  }
  assert.equal(Array.from(task.clampControl(Float64Array.of(-2, 0.25, 1.5), new Float64Array(3))), [-1, 0.25, 1]);
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
