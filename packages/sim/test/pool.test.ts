import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AffinePolicy, createTask, OpenLoopPolicy, rollout, SimPool, SimulationDivergedError } from '../src/index.js';

function same(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

test('pool rollouts equal local rollouts bit for bit, for 1 and 2 workers', async () => {
  const overrides = { terrain: { type: 'rough' as const, seed: 2 } };
  const task = await createTask('walker', overrides);
  const policy = new AffinePolicy(6, 17, new Float64Array(6 * 17).fill(-0.02), new Float64Array(6).fill(0.1), 0.3);
  const seeds = [3, 1, 4, 1, 5];
  const local = seeds.map((seed) => rollout(task, policy, { seed, T: 60, recordPoses: true }));
  for (const workers of [1, 2]) {
    const pool = await SimPool.create({ task: 'walker', overrides, workers });
    assert.is(pool.size, workers);
    const remote = await pool.rollouts(policy.describe(), seeds, { T: 60, recordPoses: true });
    assert.is(remote.length, seeds.length);
    remote.forEach((r, i) => {
      assert.is(r.seed, seeds[i]);
      assert.is(r.T, 60);
      for (const key of ['states', 'observations', 'actions', 'controls', 'rewards', 'poses'] as const) {
        assert.ok(same(r[key]!, local[i][key]!), `${workers} workers, rollout ${i}: ${key}`);
      }
    });
    await pool.close();
  }
  task.dispose();
});

test('pool BatchLinearizer equals the in-thread linearization; failures carry the global step', async () => {
  const task = await createTask('hopper');
  const traj = rollout(task, new OpenLoopPolicy(3, [0.1, 0.2, -0.1]), { seed: 1, T: 9 });
  const nx = 12;
  const nu = 3;
  const A = new Float64Array(9 * nx * nx);
  const B = new Float64Array(9 * nx * nu);
  await task.linearizeTrajectory(9, traj.states, traj.actions, A, B);
  const pool = await SimPool.create({ task: 'hopper', workers: 2 });
  const A2 = new Float64Array(9 * nx * nx);
  const B2 = new Float64Array(9 * nx * nu);
  await pool.linearizeTrajectory(9, traj.states, traj.actions, A2, B2);
  assert.ok(same(A, A2) && same(B, B2));
  const bad = traj.states.slice();
  bad[7 * nx + 2] = NaN;
  try {
    await pool.linearizeTrajectory(9, bad, traj.actions, A2, B2);
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as Error).message, 'hopper.linearizeTrajectory: states[7][2] is NaN');
  }
  const wild = traj.states.slice();
  wild[6 * nx + 9] = 1e11;
  try {
    await pool.linearizeTrajectory(9, wild, traj.actions, A2, B2);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, SimulationDivergedError);
    assert.match((err as Error).message, /^hopper\.linearizeTrajectory at step 6: simulation diverged/);
  }
  // The pool still works after a failed job.
  await pool.linearizeTrajectory(9, traj.states, traj.actions, A2, B2);
  assert.ok(same(A, A2));
  await pool.close();
  task.dispose();
});

test('pool errors: bad policy module, policy NaN, closed pool, bad options', async () => {
  const pool = await SimPool.create({ task: 'swimmer', workers: 1 });
  try {
    await pool.rollouts({ module: 'no-such-module-xyz', exportName: 'x', data: null }, [1]);
    assert.unreachable('should throw');
  } catch (err) {
    assert.match((err as Error).message, /^SimPool\.rollouts: rollout 0 \(seed 1\): could not import policy module 'no-such-module-xyz'/);
  }
  try {
    await pool.rollouts({ module: '@guided/sim', exportName: 'openLoopPolicyFromJSON', data: { actionDim: 2, actions: [0, 1e400 - 1e400] } }, [1]);
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as Error).message, 'SimPool.rollouts: rollout 0 (seed 1): OpenLoopPolicy: actions[1] is NaN');
  }
  const ok = await pool.rollouts(new OpenLoopPolicy(2, [0.3, -0.3]).describe(), [8], { T: 5 });
  assert.is(ok[0].T, 5);
  await pool.close();
  try {
    await pool.rollouts(new OpenLoopPolicy(2, [0, 0]).describe(), [1]);
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as Error).message, 'SimPool.rollouts: the pool is closed');
  }
  try {
    await SimPool.create({ task: 'hopper', workers: 0 });
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as Error).message, 'SimPool: workers must be an integer ≥ 1, got 0');
  }
  try {
    await SimPool.create({ task: 'hopper', overrides: { motorNoise: -1 } });
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as Error).message, 'sim(hopper): option motorNoise must be ≥ 0, got -1');
  }
});

test.run();
