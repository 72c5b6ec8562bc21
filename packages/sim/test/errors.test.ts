import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, OpenLoopPolicy, resolveSpec, rollout, SimEnv, Terrain } from '../src/index.js';
import type { RolloutPolicy, TaskName } from '../src/index.js';
import { compileModel, loadMujoco } from '../src/mujoco.js';

async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error: ${message}`);
}

function throwsExactly(fn: () => unknown, message: string): void {
  try {
    fn();
  } catch (err) {
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error: ${message}`);
}

test('unknown task', async () => {
  await rejects(createTask('ant' as TaskName), "sim: unknown task 'ant' (known: swimmer, hopper, walker, humanoid)");
});

test('negative, non-finite, wrongly typed and unknown options name the field and value', async () => {
  await rejects(createTask('hopper', { model: { thighLength: -0.4 } }), 'sim(hopper): option model.thighLength must be > 0, got -0.4');
  await rejects(createTask('hopper', { model: { hipGear: -100 } }), 'sim(hopper): option model.hipGear must be ≥ 0, got -100');
  await rejects(createTask('hopper', { model: { thighLength: 0 } }), 'sim(hopper): option model.thighLength must be > 0, got 0');
  await rejects(createTask('walker', { motorNoise: NaN }), 'sim(walker): option motorNoise must be a finite number, got NaN');
  await rejects(createTask('walker', { reward: { heightWeight: Infinity } }), 'sim(walker): option reward.heightWeight must be a finite number, got Infinity');
  await rejects(createTask('swimmer', { controlDt: -0.01 }), 'sim(swimmer): option controlDt must be > 0, got -0.01');
  await rejects(createTask('hopper', { substeps: 1.5 }), 'sim(hopper): option substeps must be an integer, got 1.5');
  await rejects(createTask('hopper', { horizon: 0 }), 'sim(hopper): option horizon must be > 0, got 0');
  await rejects(createTask('hopper', { contact: { solref: [0.05, -1] } }), 'sim(hopper): option contact.solref[1] must be > 0, got -1');
  await rejects(createTask('hopper', { contact: { limitSolref: [0, 1] } }), 'sim(hopper): option contact.limitSolref[0] must be > 0, got 0');
  await rejects(
    createTask('hopper', { contact: { limitSolimp: [0.3, 1.2, 0.05] } }),
    'sim(hopper): option contact.limitSolimp must be [dmin, dmax, width] with 0 < dmin, dmax < 1 and width > 0, got [0.3, 1.2, 0.05]',
  );
  await rejects(createTask('hopper', { model: { kneeRange: [10, -10] } }), 'sim(hopper): option model.kneeRange must have lower < upper, got [10, -10]');
  await rejects(
    createTask('hopper', { motorNoiseKind: 'gaussian' as 'additive' }),
    "sim(hopper): option motorNoiseKind must be a string (one of 'multiplicative', 'additive'), got \"gaussian\"",
  );
  await rejects(
    createTask('hopper', { reward: { speed: 1 } as object }),
    "sim(hopper): unknown option 'reward.speed' (known: controlWeight, velocityWeight, heightWeight, targetVelocity, targetHeight)",
  );
  await rejects(createTask('swimmer', { model: { links: 1 } }), 'sim(swimmer): option model.links must be ≥ 2, got 1');
  // Signed options may be negative.
  assert.is(resolveSpec('hopper', { reward: { targetVelocity: -1 } }).reward.targetVelocity, -1);
});

test('bad terrain specs', async () => {
  await rejects(createTask('walker', { terrain: { type: 'stairs' } as never }), "sim(walker): option terrain.type must be 'flat', 'incline' or 'rough', got \"stairs\"");
  await rejects(
    createTask('walker', { terrain: { type: 'incline', slopeDeg: NaN, startX: 1 } }),
    'sim(walker): option terrain.slopeDeg must be a finite number of degrees in (−60, 60), got NaN',
  );
  await rejects(
    createTask('walker', { terrain: { type: 'rough', seed: 1, length: -3 } }),
    'sim(walker): option terrain.length must be a finite number in (0, 1000], got -3',
  );
  await rejects(createTask('swimmer', { terrain: { type: 'incline', slopeDeg: 5, startX: 0 } }), "sim(swimmer): option terrain.type must be 'flat' for the swimmer, got 'incline'");
  throwsExactly(() => new Terrain({ type: 'rough', seed: 0.5 }), 'Terrain: option terrain.seed must be an integer, got 0.5');
});

test('malformed MJCF: the error names the task and MuJoCo\'s element and line', async () => {
  const mujoco = await loadMujoco();
  try {
    compileModel(mujoco, '<mujoco>\n<worldbody>\n<geom type="nonsense"/>\n</worldbody>\n</mujoco>', 'hopper');
    assert.unreachable('should throw');
  } catch (err) {
    const message = (err as Error).message;
    assert.ok(message.startsWith('sim: the hopper model did not compile: '), message);
    assert.match(message, /Element 'geom', line 3/);
  }
});

test('wrong-length and non-finite state and action vectors', async () => {
  const task = await createTask('hopper');
  const x = task.initialState();
  const u = new Float64Array(3);
  const next = new Float64Array(12);
  throwsExactly(() => task.step(x, new Float64Array(2), next), 'hopper.step: u must have length 3, got 2');
  throwsExactly(() => task.step(x, new Float64Array([0, NaN, 0]), next), 'hopper.step: u[1] is NaN');
  throwsExactly(() => task.step(x, new Float64Array([0, 0, -Infinity]), next), 'hopper.step: u[2] is -Infinity');
  throwsExactly(() => task.step(x.subarray(0, 11), u, next), 'hopper.step: x must have length 12, got 11');
  const bad = x.slice();
  bad[4] = NaN;
  throwsExactly(() => task.step(bad, u, next), 'hopper.step: x[4] is NaN');
  throwsExactly(() => task.step(x, u, new Float64Array(3)), 'hopper.step: next must have length 12, got 3');
  throwsExactly(() => task.linearize(x, u, new Float64Array(143), new Float64Array(36)), 'hopper.linearize: A must have length 144, got 143');
  throwsExactly(() => task.linearize(x, new Float64Array([Infinity, 0, 0]), new Float64Array(144), new Float64Array(36)), 'hopper.linearize: u[0] is Infinity');
  throwsExactly(() => task.setState(bad), 'hopper.setState: x[4] is NaN');
  const states = new Float64Array(3 * 12);
  states.set(x);
  states.set(x, 12);
  states[12 + 5] = NaN;
  await rejects(
    task.linearizeTrajectory(2, states, new Float64Array(6), new Float64Array(2 * 144), new Float64Array(2 * 36)),
    'hopper.linearizeTrajectory: states[1][5] is NaN',
  );
  const humanoid = await createTask('humanoid');
  const hx = humanoid.initialState();
  hx.fill(0, 3, 7);
  throwsExactly(() => humanoid.step(hx, new Float64Array(25), new Float64Array(63)), 'humanoid.step: x[3..6] (root quaternion) has zero norm');
  task.dispose();
  humanoid.dispose();
});

test('a policy returning NaN or the wrong length stops the rollout with the step and entry', async () => {
  const task = await createTask('walker');
  const nanAt3: RolloutPolicy = { act: (_o, _r, out = new Float64Array(6), t = 0) => out.fill(t === 3 ? NaN : 0) };
  throwsExactly(() => rollout(task, nanAt3, { seed: 1, T: 10 }), "walker.rollout: the policy's action at step 3: u[0] is NaN");
  const short: RolloutPolicy = { act: () => new Float64Array(5) };
  throwsExactly(() => rollout(task, short, { seed: 1, T: 10 }), "walker.rollout: the policy's action at step 0 must have length 6, got 5");
  throwsExactly(() => rollout(task, new OpenLoopPolicy(6, new Float64Array(6)), { seed: 1.5 }), 'walker.rollout: seed must be an integer, got 1.5');
  throwsExactly(
    () => rollout(task, new OpenLoopPolicy(6, new Float64Array(6)), { seed: 1, initialState: new Float64Array(3) }),
    'walker.rollout: initialState must have length 18, got 3',
  );
  throwsExactly(() => rollout(task, new OpenLoopPolicy(6, new Float64Array(6)), { seed: 1, T: -1 }), 'walker.rollout: T must be an integer ≥ 0, got -1');
  throwsExactly(() => new OpenLoopPolicy(6, [1, 2, 3]), 'OpenLoopPolicy: actions must hold T × 6 numbers (T ≥ 1), got 3');
  const env = new SimEnv(task);
  env.reset(0);
  throwsExactly(() => env.step(new Float64Array([0, 0, 0, 0, 0, NaN])), 'SimEnv.step: u[5] is NaN');
  throwsExactly(() => env.step(new Float64Array(7)), 'SimEnv.step: u must have length 6, got 7');
  task.dispose();
});

test('a disposed task says so', async () => {
  const task = await createTask('swimmer');
  task.dispose();
  task.dispose(); // idempotent
  throwsExactly(() => task.step(task.initialState(), new Float64Array(2), new Float64Array(10)), 'sim(swimmer): task was disposed');
});

test.run();
