import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, rollout, SimEnv, SimulationDivergedError } from '../src/index.js';

// An unstable setup: 40 ms explicit steps with 5000 N m motors and no joint damping or armature
// blow up within a few steps (the state exceeds MuJoCo's 1e10 limit and MuJoCo resets it; the
// speed limit is lifted so that MuJoCo's own check is what stops it).
const UNSTABLE_MODEL = { hipGear: 5000, kneeGear: 5000, ankleGear: 5000, armature: 0, damping: 0 };
const UNSTABLE = { controlDt: 0.04, substeps: 1, maxSpeed: 1e300, model: UNSTABLE_MODEL };
const BANG_BANG = new OpenLoopPolicy(3, [1, -1, 1, -1, 1, -1]);

test('a diverging rollout stops at the failing step and hands on no NaN', async () => {
  const task = await createTask('hopper', UNSTABLE);
  const traj = rollout(task, BANG_BANG, { seed: 1, T: 200, motorNoise: false });
  assert.ok(traj.diverged !== null, 'divergence reported');
  const step = traj.diverged!.step;
  assert.ok(step > 0 && step < 200, `diverged at step ${step}`);
  assert.match(traj.diverged!.reason, /MuJoCo reset the state/);
  assert.is(traj.T, step);
  assert.is(traj.states.length, (step + 1) * task.stateDim);
  assert.is(traj.actions.length, step * task.actionDim);
  assert.is(traj.rewards.length, step);
  for (const arr of [traj.states, traj.observations, traj.actions, traj.rewards]) assert.ok(arr.every(Number.isFinite));
  // The deterministic step from the last good state with the same action throws, naming the problem.
  const last = traj.states.slice(step * task.stateDim);
  const u = new Float64Array(BANG_BANG.actions.subarray(3, 6)); // the table's last row, used from step 1 on
  try {
    task.step(last, u, new Float64Array(task.stateDim));
    assert.unreachable('step should throw');
  } catch (err) {
    assert.instance(err, SimulationDivergedError);
    assert.match((err as Error).message, /^hopper\.step: simulation diverged: MuJoCo reset the state/);
  }
  task.dispose();
});

test('a step past maxSpeed (default 1000) counts as diverged, naming the entry', async () => {
  const task = await createTask('hopper', { controlDt: 0.04, substeps: 1, model: UNSTABLE_MODEL });
  assert.is(task.spec.maxSpeed, 1000);
  const traj = rollout(task, BANG_BANG, { seed: 1, T: 200, motorNoise: false });
  assert.ok(traj.diverged !== null, 'divergence reported');
  assert.match(traj.diverged!.reason, /^next state x\[\d+\] = -?[\d.e+]+ exceeds maxSpeed 1000$/);
  const last = traj.states.subarray(traj.T * task.stateDim);
  assert.ok(last.subarray(task.nq).every((v) => Math.abs(v) <= 1000), 'the last kept state is within the limit');
  // An ordinary standing start is far inside it.
  const calm = rollout(task, new OpenLoopPolicy(3, [0, 0, 0]), { seed: 1, T: 20, motorNoise: false });
  assert.is(calm.diverged, null);
  try {
    await createTask('hopper', { maxSpeed: 0 });
    assert.unreachable('maxSpeed 0 should be refused');
  } catch (err) {
    assert.match((err as Error).message, 'sim(hopper): option maxSpeed must be > 0, got 0');
  }
  task.dispose();
});

test('linearize at a diverging state throws SimulationDivergedError', async () => {
  const task = await createTask('hopper');
  const x = task.initialState();
  x[6 + 3] = 1e11; // a joint velocity beyond MuJoCo's limit
  try {
    task.linearize(x, new Float64Array(3), new Float64Array(144), new Float64Array(36));
    assert.unreachable('linearize should throw');
  } catch (err) {
    assert.instance(err, SimulationDivergedError);
  }
  task.dispose();
});

test('the gym view terminates on divergence and returns the last good observation', async () => {
  const task = await createTask('hopper', UNSTABLE);
  const env = new SimEnv(task, { terminateOnFall: false, motorNoise: false });
  env.reset(1);
  let result = env.step(new Float64Array([1, -1, 1]));
  let t = 1;
  while (!result.terminated && t < 200) {
    result = env.step(new Float64Array(t % 2 ? [-1, 1, -1] : [1, -1, 1]));
    t++;
  }
  assert.ok(result.terminated);
  assert.ok(result.info.diverged !== null);
  assert.ok(result.observation.every(Number.isFinite));
  assert.throws(() => env.step(new Float64Array(3)), /the episode is over/);
  task.dispose();
});

test.run();
