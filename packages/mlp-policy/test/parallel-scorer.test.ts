import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import { ParallelScorer } from '../src/index.js';
import { randomProblem } from './helpers.js';

const T = 7;

/** A policy, 5 parameter vectors near its own, and 9 blocks of T random rows (longer than T, as observations with their final state are). */
function problem() {
  const { policy } = randomProblem(12, 4, [6], 2, 1);
  const rng = new Rng(5);
  const params = Array.from({ length: 5 }, () => Float64Array.from(policy.getParams(), (v) => v + 0.2 * rng.normal()));
  const obs = Array.from({ length: 9 }, () => rng.fillNormal(new Float64Array((T + 1) * 4)));
  const actions = Array.from({ length: 9 }, () => rng.fillNormal(new Float64Array(T * 2)));
  return { policy, params, obs, actions };
}

for (const [workers, tileParams, tileBlocks] of [[1, 16, 32], [2, 2, 4], [3, 1, 1]]) {
  test(`${workers} worker(s), tiles of ${tileParams} × ${tileBlocks}: every score equals MlpPolicy.logProb bit for bit`, async () => {
    const { policy, params, obs, actions } = problem();
    const scorer = await ParallelScorer.create(policy, T, { workers, tileParams, tileBlocks });
    try {
      assert.is(scorer.workerCount, workers);
      const out = scorer.score(params, obs, actions);
      const expected = new Float64Array(T);
      params.forEach((theta, a) => {
        policy.setParams(theta);
        obs.forEach((block, b) => {
          policy.logProb(T, block, actions[b], expected);
          assert.equal(Array.from(out[a][b]), Array.from(expected), `params ${a}, block ${b}`);
        });
      });
      // An empty side gives an empty answer.
      assert.equal(scorer.score([], obs, actions), []);
      assert.equal(scorer.score(params, [], []), params.map(() => []));
    } finally {
      await scorer.dispose();
    }
  });
}

test('bad input names what is wrong', async () => {
  const { policy, params, obs, actions } = problem();
  const scorer = await ParallelScorer.create(policy, T);
  try {
    assert.throws(() => scorer.score([params[0].subarray(1)], obs, actions), /ParallelScorer\.score: params\[0\] has \d+ entries, the policy has \d+/);
    assert.throws(() => scorer.score(params, obs, actions.slice(1)), /ParallelScorer\.score: 9 observation blocks but 8 action blocks/);
    assert.throws(() => scorer.score(params, [obs[0].subarray(0, 3)], [actions[0]]), /ParallelScorer\.score: obs\[0\] has 3 values, need at least T·inputDim = 28/);
    const bad = Float64Array.from(obs[0]);
    bad[5] = NaN;
    assert.throws(() => scorer.score(params, [bad], [actions[0]]), /obs\[5\] is NaN/);
  } finally {
    await scorer.dispose();
  }
  await ParallelScorer.create(policy, T, { workers: 0 }).then(
    () => assert.unreachable('workers 0 accepted'),
    (error: Error) => assert.is(error.message, 'ParallelScorer: workers must be an integer ≥ 1, got 0'),
  );
});

test.run();
