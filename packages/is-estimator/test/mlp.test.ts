import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy } from '@guided/mlp-policy';
import { ImportanceObjective, ParallelImportanceObjective } from '../src/index.js';
import { centralDifferences, perturbed, randomProblem, relativeError } from './problems.js';

for (const hidden of [[5], [4, 3]]) {
  for (const [estimator, wr] of [
    ['perStep', 0],
    ['perStep', 0.5],
    ['trajectory', 0.5],
  ] as const) {
    test(`∇Φ matches central differences, MlpPolicy hidden [${hidden}], ${estimator}, w_r = ${wr}`, () => {
      const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden, seed: 3, initStd: 0.7 });
      const samples = randomProblem(policy, 6, 5, 4, 0.5);
      const theta = perturbed(policy.getParams(), 0.1, 5);
      const objective = new ImportanceObjective(policy, samples, { regularization: wr, estimator });
      const grad = new Float64Array(policy.paramCount);
      objective.evaluate(theta, grad);
      const fd = centralDifferences((x) => objective.evaluate(x), theta, 1e-5);
      const err = relativeError(grad, fd);
      assert.ok(err < 1e-6, `relative error ${err}`);
      assert.ok(Math.hypot(...grad) > 1e-3, 'gradient is not trivially zero');
    });
  }
}

test('MlpPolicy: ±1e4 log-weights give finite values and gradients that match central differences', () => {
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4, 3], seed: 7, initStd: 0.7 });
  const base = randomProblem(policy, 6, 5, 8, 0.5);
  // alternate samples ±1e4 (plus the ordinary noise): weights e^{±10000} relative to each other
  const logQ = base.logQ.map((v, k) => v + (Math.floor(k / base.T) % 2 === 0 ? 1e4 : -1e4));
  const samples = { ...base, logQ };
  const theta = perturbed(policy.getParams(), 0.1, 9);
  const objective = new ImportanceObjective(policy, samples, { regularization: 0.01 });
  const grad = new Float64Array(policy.paramCount);
  const value = objective.evaluate(theta, grad);
  assert.ok(Number.isFinite(value));
  for (let j = 0; j < grad.length; j++) assert.ok(Number.isFinite(grad[j]), `grad[${j}] = ${grad[j]}`);
  const fd = centralDifferences((x) => objective.evaluate(x), theta, 1e-5);
  assert.ok(relativeError(grad, fd) < 1e-6, `relative error ${relativeError(grad, fd)}`);
});

test('2 workers with mlpPolicyFromJSON give the single-thread Φ and ∇Φ', async () => {
  const policy = new MlpPolicy({ inputDim: 4, actionDim: 2, hidden: [6, 5], seed: 11, initStd: 0.7 });
  const samples = randomProblem(policy, 7, 6, 12, 0.5);
  const theta = perturbed(policy.getParams(), 0.1, 13);
  const single = new ImportanceObjective(policy, samples, { regularization: 0.1 });
  const parallel = await ParallelImportanceObjective.create(
    samples,
    { module: '@guided/mlp-policy', exportName: 'mlpPolicyFromJSON', data: policy.toJSON() },
    { workers: 2, regularization: 0.1 },
  );
  try {
    const g1 = new Float64Array(policy.paramCount);
    const g2 = new Float64Array(policy.paramCount);
    const v1 = single.evaluate(theta, g1);
    const v2 = parallel.evaluate(theta, g2);
    assert.ok(Math.abs(v1 - v2) <= 1e-12 * Math.abs(v1), `${v1} vs ${v2}`);
    assert.ok(relativeError(g1, g2) < 1e-12, `gradient differs by ${relativeError(g1, g2)}`);
  } finally {
    await parallel.dispose();
  }
});

test.run();
