import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import { MlpPolicy } from '@guided/mlp-policy';
import { createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { actingWithMean, evaluationSeeds, summarize } from '../src/final-evaluation.js';

test('actingWithMean keeps the mean, puts σ at its floor, and leaves the policy alone', () => {
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 1, initStd: 0.5 });
  const copy = actingWithMean(policy);
  const obs = new Float64Array([0.3, -1, 2]);
  const [a, b] = [new Float64Array(2), new Float64Array(2)];
  policy.mean(1, obs, a);
  copy.mean(1, obs, b);
  assert.equal(Array.from(b), Array.from(a));
  for (const s of copy.std()) assert.ok(s < policy.minStd * (1 + 1e-12), `σ ${s}`);
  for (const s of policy.std()) assert.ok(Math.abs(s - 0.5) < 1e-12, `original σ ${s}`);
  // Its samples are its mean to within the floor.
  const u = copy.act(obs, new Rng(3));
  for (let d = 0; d < 2; d++) assert.ok(Math.abs(u[d] - a[d]) < 10 * policy.minStd);
});

test('summarize: mean, std and cost ratio of the returns; a diverged rollout counts as a fall', async () => {
  const task = await createTask('hopper', { horizon: 4 });
  const nx = task.stateDim;
  const rollout = (rewards: number[], diverged: boolean): SimTrajectory => {
    const states = new Float64Array((rewards.length + 1) * nx);
    for (let t = 0; t <= rewards.length; t++) task.initialState(undefined, states.subarray(t * nx, (t + 1) * nx));
    return { T: rewards.length, states, rewards: Float64Array.from(rewards), diverged: diverged ? { step: 2, reason: 'test' } : null } as unknown as SimTrajectory;
  };
  const summary = summarize(task, [rollout([-1, -1, -1, -1], false), rollout([-2, -2, -2, -2], true)], -2);
  assert.is(summary.rollouts, 2);
  assert.is(summary.meanReward, -6);
  assert.is(summary.stdReward, 2);
  assert.is(summary.costRatio, 3);
  assert.is(summary.falls, 1);
  assert.equal(evaluationSeeds(3, 2), [2_000_003_000, 2_000_003_001]);
  task.dispose();
});

test.run();
