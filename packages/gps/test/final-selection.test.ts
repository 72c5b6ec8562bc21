import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trajectory } from '@guided/core';
import { MlpPolicy } from '@guided/mlp-policy';
import { SampleStore, guidedPolicySearch, resolveGpsOptions, selectFinalPolicy } from '../src/index.js';
import { ToyEnvironment, toyGuide } from './toy.js';

const T = 4;

/** A trajectory whose total reward is `total` (the selection reads nothing else). */
function withReward(total: number): Trajectory {
  const states = new Float64Array(T + 1).fill(0.5);
  return { T, stateDim: 1, actionDim: 1, states, actions: new Float64Array(T), rewards: new Float64Array(T).fill(total / T), obsDim: 1, observations: states };
}

/** Three policies a, b, c that held θ* in turn, with the given own-sample rewards. */
function storeOfThree(own: number[][]) {
  const scorer = new MlpPolicy({ inputDim: 1, actionDim: 1, hidden: [2], seed: 1 });
  const store = new SampleStore(T, 1, 1, scorer);
  const params = Float64Array.from(scorer.getParams());
  const indices = own.map((rewards, k) => {
    const j = store.addDistribution({ kind: 'policy', label: 'abc'[k], params });
    store.addSamples(rewards.map(withReward), j, false);
    return j;
  });
  return { store, indices };
}

test('line 19 (sampled): the finalists get more rollouts and the best mean over all their own samples wins', async () => {
  // a looked best on two lucky samples; its fresh ones score −20, b's −12. c, θ* at the end, is worse
  // than both and not among the two finalists.
  const { store, indices: [a, b, c] } = storeOfThree([[-10, -10], [-12, -12], [-30]]);
  const drawn: number[] = [];
  const fresh: Record<number, number> = { [a]: -20, [b]: -12 };
  const selection = await selectFinalPolicy(store, [a, b, b, c], 2, 4, async (j, count) => {
    drawn.push(j);
    return Array.from({ length: count }, () => withReward(fresh[j]));
  });
  assert.equal(drawn, [a, b]);
  // The fresh rollouts count by their returns only; the store keeps the loop's samples.
  assert.is(store.samples.length, 5);
  assert.is(selection.loopStar, c);
  assert.is(selection.chosen, b);
  assert.equal(selection.candidates.map((x) => [x.label, x.samples]), [['b', 6], ['a', 6], ['c', 1]]);
  assert.ok(Math.abs(selection.candidates[1].meanReward - (2 * -10 + 4 * -20) / 6) < 1e-12);
});

test('line 19 (sampled): a run whose θ* never changed draws nothing', async () => {
  const { store, indices: [a] } = storeOfThree([[-10]]);
  const selection = await selectFinalPolicy(store, [a, a, a], 3, 20, async () => {
    throw new Error('no rollouts expected');
  });
  assert.is(selection.chosen, a);
  assert.is(selection.loopStar, a);
});

test('gps with finalSelection sampled returns the chosen θ*, one of those that held it', async () => {
  const env = new ToyEnvironment(20);
  const options = { iterations: 4, guidingSamples: 10, samplesPerIteration: 4, activeSetSize: 20, hidden: [4], lbfgsEvaluations: 20, pretrainEvaluations: 50, secondStartEvaluations: 50, seed: 2 };
  const result = await guidedPolicySearch({ env, guides: [toyGuide(20, 0.05)] }, { ...options, finalSelection: 'sampled', selectionSamples: 3 });
  const selection = result.selection!;
  const stars = new Set([result.store.policyDistributions()[0], ...result.log.map((r) => r.starIndex)]);
  assert.is(selection.loopStar, result.log[result.log.length - 1].starIndex);
  assert.ok(stars.has(selection.chosen));
  assert.equal(new Set(selection.candidates.map((c) => c.index)), stars);
  assert.equal(Array.from(result.policy.getParams()), Array.from(result.store.params(selection.chosen)));
  assert.is(selection.candidates[0].index, selection.chosen);
  // The default is the paper's: θ* as the loop leaves it, no selection.
  const plain = await guidedPolicySearch({ env, guides: [toyGuide(20, 0.05)] }, options);
  assert.is(plain.selection, null);
  assert.equal(Array.from(plain.policy.getParams()), Array.from(plain.store.params(plain.log[plain.log.length - 1].starIndex)));
});

test('a resumed run makes the same line-19 choice as an uninterrupted one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gps-selection-'));
  try {
    const options = { iterations: 4, guidingSamples: 10, samplesPerIteration: 4, activeSetSize: 20, hidden: [4], lbfgsEvaluations: 20, pretrainEvaluations: 50, secondStartEvaluations: 50, seed: 5, finalSelection: 'sampled' as const, selectionSamples: 3 };
    const problem = () => ({ env: new ToyEnvironment(20), guides: [toyGuide(20, 0.05)] });
    const straight = await guidedPolicySearch(problem(), options);
    // "Kill" after 2 iterations (that run's own selection is never checkpointed), then resume to 4.
    await guidedPolicySearch(problem(), { ...options, iterations: 2 }, { checkpointDir: dir });
    const resumed = await guidedPolicySearch(problem(), options, { checkpointDir: dir, resume: true });
    assert.equal(resumed.selection, straight.selection && { ...straight.selection, seconds: resumed.selection!.seconds });
    assert.equal(Array.from(resumed.policy.getParams()), Array.from(straight.policy.getParams()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a finished run resumed with other line-19 options chooses as a run made with them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gps-selection-'));
  try {
    const options = { iterations: 4, guidingSamples: 10, samplesPerIteration: 4, activeSetSize: 20, hidden: [4], lbfgsEvaluations: 20, pretrainEvaluations: 50, secondStartEvaluations: 50, seed: 5 };
    const problem = () => ({ env: new ToyEnvironment(20), guides: [toyGuide(20, 0.05)] });
    const wider = { ...options, finalSelection: 'sampled' as const, selectionCandidates: 4, selectionSamples: 6 };
    const straight = await guidedPolicySearch(problem(), wider);
    await guidedPolicySearch(problem(), options, { checkpointDir: dir });
    const reselected = await guidedPolicySearch(problem(), wider, { checkpointDir: dir, resume: true });
    assert.ok(straight.selection && straight.selection.candidates.length > 1, 'the toy run changes θ* at least once');
    assert.equal(reselected.selection, { ...straight.selection!, seconds: reselected.selection!.seconds });
    assert.equal(Array.from(reselected.policy.getParams()), Array.from(straight.policy.getParams()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('finalSelection and its counts are checked', () => {
  assert.throws(() => resolveGpsOptions({ finalSelection: 'best' as never }), /finalSelection must be 'star' or 'sampled', got best/);
  assert.throws(() => resolveGpsOptions({ selectionSamples: 0 }), /selectionSamples must be an integer ≥ 1, got 0/);
});

test.run();
