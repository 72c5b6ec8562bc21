import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImportanceObjective, ParallelImportanceObjective } from '../src/index.js';
import { LinearGaussianPolicy } from './linear-gaussian-policy.js';
import { perturbed, randomProblem, relativeError } from './problems.js';

const policyModule = new URL('./linear-gaussian-policy.ts', import.meta.url).href;

for (const [workers, m, estimator, split] of [
  [2, 9, 'perStep', 'interleaved'],
  [2, 9, 'perStep', 'contiguous'],
  [3, 7, 'trajectory', 'interleaved'],
  [3, 8, 'perStep', 'contiguous'],
  [4, 3, 'perStep', 'interleaved'], // more workers than samples: one sample each
] as const) {
  test(`${workers} workers give the single-thread Φ and ∇Φ (${m} samples, ${estimator}, ${split})`, async () => {
    const policy = new LinearGaussianPolicy(3, 2, 5);
    const samples = randomProblem(policy, m, 6, 6, 0.7);
    const theta = perturbed(policy.getParams(), 0.2, 7);
    const single = new ImportanceObjective(policy, samples, { regularization: 0.3, estimator });
    const parallel = await ParallelImportanceObjective.create(
      samples,
      { module: policyModule, exportName: 'linearGaussianFromJSON', data: policy.toJSON() },
      { workers, regularization: 0.3, estimator, split },
    );
    try {
      assert.is(parallel.workerCount, Math.min(workers, m));
      const g1 = new Float64Array(policy.paramCount);
      const g2 = new Float64Array(policy.paramCount);
      for (const x of [theta, perturbed(theta, 0.3, 8)]) {
        const v1 = single.evaluate(x, g1);
        const v2 = parallel.evaluate(x, g2);
        assert.ok(Math.abs(v1 - v2) <= 1e-12 * Math.abs(v1), `${v1} vs ${v2}`);
        assert.ok(relativeError(g1, g2) < 1e-12, `gradient differs by ${relativeError(g1, g2)}`);
        for (let t = 0; t < single.columns; t++) {
          assert.ok(Math.abs(single.logZ[t] - parallel.logZ[t]) <= 1e-12 * (1 + Math.abs(single.logZ[t])));
          assert.ok(Math.abs(single.stepValues[t] - parallel.stepValues[t]) <= 1e-12 * (1 + Math.abs(single.stepValues[t])));
        }
      }
      // value only (no gradient), and a changed regularization reaches the workers' backward pass
      parallel.regularization = 2;
      single.regularization = 2;
      assert.ok(Math.abs(single.evaluate(theta) - parallel.evaluate(theta)) <= 1e-12 * Math.abs(single.evaluate(theta)));
      single.evaluate(theta, g1);
      parallel.evaluate(theta, g2);
      assert.ok(relativeError(g1, g2) < 1e-12);
      const f = parallel.asMinimizationObjective();
      const g3 = new Float64Array(policy.paramCount);
      assert.is(f(theta, g3), -parallel.evaluate(theta, g2));
      for (let j = 0; j < g3.length; j++) assert.is(g3[j], -g2[j]);
    } finally {
      await parallel.dispose();
    }
    assert.throws(() => parallel.evaluate(theta), /ParallelImportanceObjective.evaluate: the objective was disposed/);
  });
}

test('a worker error surfaces on the main thread with sample and step', async () => {
  const policy = new LinearGaussianPolicy(3, 2, 5);
  const samples = randomProblem(policy, 4, 3, 6, 0.7);
  const parallel = await ParallelImportanceObjective.create(
    samples,
    { module: policyModule, exportName: 'linearGaussianFromJSON', data: policy.toJSON() },
    { workers: 2 },
  );
  try {
    const theta = policy.getParams().slice();
    theta[theta.length - 1] = -800; // σ = e^−800 underflows: log π(u | o) = −Infinity
    assert.throws(() => parallel.evaluate(theta), /ParallelImportanceObjective: worker 0: policy.logProb returned -Infinity at sample 0, step 0/);
  } finally {
    await parallel.dispose();
  }
});

test('with interleaved slices the error names the global sample', async () => {
  const policy = new LinearGaussianPolicy(3, 2, 5);
  const samples = randomProblem(policy, 4, 3, 6, 0.7);
  samples.actions[3 * 3 * 2] = 1e200; // sample 3, step 0: (u − μ)²/σ² overflows, log π = −Infinity
  const parallel = await ParallelImportanceObjective.create(
    samples,
    { module: policyModule, exportName: 'linearGaussianFromJSON', data: policy.toJSON() },
    { workers: 2 },
  );
  try {
    // Worker 1 holds samples 1 and 3.
    assert.throws(() => parallel.evaluate(policy.getParams()), /worker 1: policy.logProb returned -Infinity at sample 3, step 0/);
  } finally {
    await parallel.dispose();
  }
});

test('bad descriptors and options are refused', async () => {
  const policy = new LinearGaussianPolicy(3, 2, 5);
  const samples = randomProblem(policy, 4, 3, 6, 0.7);
  const descriptor = { module: policyModule, exportName: 'linearGaussianFromJSON', data: policy.toJSON() };
  const rejects = async (promise: Promise<unknown>, pattern: RegExp) => {
    try {
      await promise;
    } catch (error) {
      assert.match((error as Error).message, pattern);
      return;
    }
    assert.unreachable('should have thrown');
  };
  await rejects(ParallelImportanceObjective.create(samples, { ...descriptor, exportName: 'nope' }), /has no function export "nope"/);
  await rejects(ParallelImportanceObjective.create(samples, descriptor, { workers: 0 }), /workers must be an integer ≥ 1, got 0/);
  await rejects(ParallelImportanceObjective.create(samples, descriptor, { split: 'random' as never }), /split must be 'interleaved' or 'contiguous', got random/);
  await rejects(
    ParallelImportanceObjective.create({ ...samples, rewards: new Float64Array(2) }, descriptor),
    /ParallelImportanceObjective: samples.rewards must have length 12/,
  );
});

test.run();
