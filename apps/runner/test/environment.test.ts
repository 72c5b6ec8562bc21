import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask } from '@guided/sim';
import type { SimPool, SimTrajectory } from '@guided/sim';
import { SimEnvironment } from '../src/environment.js';

/** A pool whose every rollout "diverged" after `have` steps, its last state moving very fast. */
function divergingPool(task: Awaited<ReturnType<typeof createTask>>, have: number): SimPool {
  const nx = task.stateDim;
  const nu = task.actionDim;
  return {
    async rollouts(): Promise<SimTrajectory[]> {
      const states = new Float64Array((have + 1) * nx);
      for (let t = 0; t <= have; t++) task.initialState(undefined, states.subarray(t * nx, (t + 1) * nx));
      states.fill(1e4, have * nx + task.nq, (have + 1) * nx); // velocities just before the blow-up
      const observations = new Float64Array((have + 1) * task.obsDim);
      const actions = new Float64Array(have * nu).fill(0.5);
      const rewards = new Float64Array(have).fill(-1);
      return [{ T: have, stateDim: nx, actionDim: nu, states, observations, actions, controls: actions, rewards, seed: 1, fellAt: -1, diverged: { step: have, reason: 'test' } } as unknown as SimTrajectory];
    },
  } as unknown as SimPool;
}

test('a diverged rollout is padded to T steps, scored lying motionless where it stopped', async () => {
  const task = await createTask('hopper', { horizon: 20 });
  const env = new SimEnvironment(task, divergingPool(task, 5));
  const [traj] = await env.rollouts({ policy: { module: 'x', exportName: 'y', data: null }, seeds: [1] });
  assert.is(traj.T, 20);
  assert.is(env.diverged, 1);
  const last = traj.states.slice(5 * task.stateDim, 6 * task.stateDim);
  assert.equal(Array.from(traj.states.slice(20 * task.stateDim)), Array.from(last), 'the last state is held');
  const motionless = Float64Array.from(last).fill(0, task.nq);
  const expected = task.reward.reward(motionless, new Float64Array(task.actionDim));
  assert.is(traj.rewards[19], expected);
  assert.ok(expected > -100, `bounded padding reward, got ${expected}`);
  assert.ok(task.reward.reward(last, new Float64Array(task.actionDim)) < -1e6, 'the raw last state would have scored ≪ −1e6');
  assert.equal(Array.from(traj.actions.slice(5 * task.actionDim)), new Array(15 * task.actionDim).fill(0));
  task.dispose();
});

test.run();
