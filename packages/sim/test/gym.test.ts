import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, rollout, SimEnv } from '../src/index.js';

test('reset/step: shapes, reward, fall termination, and the same numbers as a rollout', async () => {
  const task = await createTask('hopper');
  const env = new SimEnv(task);
  assert.is(env.observationSize, 11);
  assert.is(env.actionSize, 3);
  const { observation } = env.reset(5);
  assert.is(observation.length, 11);
  const u = new Float64Array([0.2, -0.3, 0.1]);
  const traj = rollout(task, new OpenLoopPolicy(3, u), { seed: 5, T: 300 });
  assert.ok(traj.fellAt > 0, 'a constant command makes the hopper fall');
  let t = 0;
  let result;
  do {
    result = env.step(u);
    assert.is(result.reward, traj.rewards[t]);
    t++;
    assert.equal(Array.from(result.info.state), Array.from(traj.states.subarray(t * 12, (t + 1) * 12)));
    assert.equal(Array.from(result.observation), Array.from(traj.observations.subarray(t * 11, (t + 1) * 11)));
  } while (!result.terminated && !result.truncated);
  assert.ok(result.terminated && result.info.fallen);
  assert.is(t, traj.fellAt);
  assert.ok(task.isFallen(result.info.state));
  task.dispose();
});

test('truncated at the horizon; reset with the same seed repeats the episode', async () => {
  const task = await createTask('swimmer');
  const env = new SimEnv(task, { horizon: 20 });
  const u = new Float64Array([0.5, -0.5]);
  const run = (): Float64Array[] => {
    env.reset(9);
    const obs: Float64Array[] = [];
    let r;
    do {
      r = env.step(u);
      obs.push(r.observation);
    } while (!r.terminated && !r.truncated);
    assert.ok(r.truncated && !r.terminated);
    return obs;
  };
  const a = run();
  const b = run();
  assert.is(a.length, 20);
  assert.equal(a.map((o) => Array.from(o)), b.map((o) => Array.from(o)));
  task.dispose();
});

test('fall criterion: height and tilt limits', async () => {
  const task = await createTask('walker');
  const x = task.initialState();
  assert.not.ok(task.isFallen(x));
  x[1] = 0.89; // torso top lower than fall.minHeight = 0.9
  assert.ok(task.isFallen(x));
  x[1] = 1.2;
  x[2] = (71 * Math.PI) / 180; // leaning more than 70°
  assert.ok(task.isFallen(x));
  x[2] = (69 * Math.PI) / 180;
  assert.not.ok(task.isFallen(x));
  const humanoid = await createTask('humanoid');
  const h = humanoid.initialState();
  assert.not.ok(humanoid.isFallen(h));
  const angle = (70 * Math.PI) / 180; // pitch the torso 70° about y
  h.set([Math.cos(angle / 2), 0, Math.sin(angle / 2), 0], 3);
  assert.ok(Math.abs(humanoid.tilt(h) - angle) < 1e-12);
  assert.ok(humanoid.isFallen(h));
  const swimmer = await createTask('swimmer');
  assert.not.ok(swimmer.isFallen(swimmer.initialState()));
  task.dispose();
  humanoid.dispose();
  swimmer.dispose();
});

test.run();
