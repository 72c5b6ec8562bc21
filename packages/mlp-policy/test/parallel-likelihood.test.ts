import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ParallelLikelihood, pretrain, pretrainOnThreads } from '../src/index.js';
import { randomProblem } from './helpers.js';

async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected the error "${message}"`);
}

const maxRelativeDifference = (a: Float64Array, b: Float64Array): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
};

for (const workers of [1, 2, 3]) {
  test(`${workers} worker(s) give the one-thread −(1/n) Σ log π and its gradient`, async () => {
    const { policy, n, obs, actions } = randomProblem(4, 5, [7], 3, 101);
    const likelihood = await ParallelLikelihood.create(policy, n, obs, actions, workers);
    try {
      assert.is(likelihood.workerCount, workers);
      const negMean = new Float64Array(n).fill(-1 / n);
      const expectedGrad = new Float64Array(policy.paramCount);
      const expected = policy.logProbGrad(n, obs, actions, negMean, expectedGrad);
      const grad = new Float64Array(policy.paramCount);
      const value = likelihood.evaluate(grad);
      assert.ok(Math.abs(value - expected) <= 1e-12 * Math.abs(expected), `value ${value} vs ${expected}`);
      assert.ok(maxRelativeDifference(grad, expectedGrad) <= 1e-12, 'gradient');
      // A new θ on the main thread reaches the workers.
      const theta = Float64Array.from(policy.getParams()).map((v, i) => v + 0.01 * Math.sin(i));
      policy.setParams(theta);
      const moved = policy.logProbGrad(n, obs, actions, negMean, expectedGrad);
      assert.ok(Math.abs(likelihood.evaluate(grad) - moved) <= 1e-12 * Math.abs(moved));
      assert.ok(maxRelativeDifference(grad, expectedGrad) <= 1e-12);
    } finally {
      await likelihood.dispose();
    }
  });
}

test('pretrainOnThreads follows pretrain (descend and solve) and repeats itself exactly', async () => {
  for (const outputLayer of ['descend', 'solve'] as const) {
    const { policy, n, obs, actions } = randomProblem(9, 4, [6], 2, 400);
    const start = Float64Array.from(policy.getParams());
    const options = { n, obs, actions, maxEvaluations: 30, outputLayer, weightDecay: 1e-3 };
    const serial = pretrain(policy, options);
    const runs = [];
    for (let r = 0; r < 2; r++) {
      policy.setParams(start);
      runs.push(await pretrainOnThreads(policy, { ...options, workers: 2 }));
    }
    assert.ok(maxRelativeDifference(runs[0].x, serial.x) < 1e-6, `${outputLayer}: θ differs from one thread`);
    assert.ok(Math.abs(runs[0].f - serial.f) < 1e-9 * Math.abs(serial.f), `${outputLayer}: f ${runs[0].f} vs ${serial.f}`);
    assert.equal(Array.from(runs[1].x), Array.from(runs[0].x), `${outputLayer}: not deterministic`);
    assert.equal(Array.from(policy.getParams()), Array.from(runs[1].x), 'θ is left at the result');
    assert.ok(serial.evaluations > 10);
  }
});

test('bad input to the threaded fit is refused with its global index', async () => {
  const { policy, n, obs, actions } = randomProblem(2, 3, [4], 2, 20);
  await rejects(ParallelLikelihood.create(policy, n, obs, actions, 0), 'ParallelLikelihood: workers must be an integer ≥ 1, got 0');
  await rejects(ParallelLikelihood.create(policy, n, obs.subarray(1), actions, 2), 'ParallelLikelihood: obs must have length ≥ n·inputDim = 60, got 59');
  const broken = Float64Array.from(actions);
  broken[33] = NaN; // in the second worker's block
  await rejects(ParallelLikelihood.create(policy, n, obs, broken, 2), 'ParallelLikelihood: actions[33] is NaN');
  await rejects(pretrainOnThreads(policy, { n, obs, actions, outputLayer: 'guess' as 'solve' }), "pretrainOnThreads: outputLayer must be 'solve' or 'descend', got guess");
});

test.run();
