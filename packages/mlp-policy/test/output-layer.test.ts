import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, pretrain } from '../src/index.js';
import { solveOutputLayer } from '../src/output-layer.js';
import { projectOutputLayer } from '../src/pretrain.js';
import { maxAbs, randomProblem } from './helpers.js';

/** −(1/n) Σ log π + (λ/2) Σ ||W_l||², the pretraining objective, and its gradient (the naive sum). */
function objective(policy: MlpPolicy, n: number, obs: Float64Array, actions: Float64Array, weightDecay: number) {
  const grad = new Float64Array(policy.paramCount);
  let f = policy.logProbGrad(n, obs, actions, new Float64Array(n).fill(-1 / n), grad);
  const theta = policy.getParams();
  for (const block of policy.paramBlocks().filter((b) => b.name.startsWith('W'))) {
    for (let p = block.offset; p < block.offset + block.rows * block.cols; p++) {
      f += 0.5 * weightDecay * theta[p] ** 2;
      grad[p] += weightDecay * theta[p];
    }
  }
  return { f, grad };
}

test('MlpPolicy.solveOutputLayer zeroes the objective gradient in the output layer, with and without weight decay', () => {
  for (const hidden of [[6], [], [4, 5]]) {
    for (const weightDecay of [0, 0.3]) {
      const { policy, n, obs, actions } = randomProblem(12, 4, hidden, 3, 200);
      const before = objective(policy, n, obs, actions, weightDecay);
      policy.solveOutputLayer(n, obs, actions, weightDecay);
      // The kept forward pass is the one a fresh pass computes.
      const { f, grad } = objective(policy, n, obs, actions, weightDecay);
      policy.invalidateCache();
      const fresh = objective(policy, n, obs, actions, weightDecay);
      assert.ok(Math.abs(f - fresh.f) < 1e-12 * Math.abs(f) && maxAbs(grad.map((g, p) => g - fresh.grad[p])) < 1e-12 * maxAbs(grad));
      assert.ok(f < before.f, `hidden ${hidden}, λ ${weightDecay}: objective ${f} after the solve, ${before.f} before`);
      // Zero up to rounding and the solver's 1e-10 relative jitter.
      const out = policy.paramBlocks().at(-3)!;
      const end = out.offset + out.rows * out.cols + out.rows;
      const initial = maxAbs(before.grad.subarray(out.offset, end));
      const solved = maxAbs(grad.subarray(out.offset, end));
      assert.ok(solved < 1e-9 * initial, `hidden ${hidden}, λ ${weightDecay}: output-layer gradient ${solved}, ${initial} before`);
    }
  }
  assert.throws(
    () => randomProblem(1, 2, [3], 1, 5).policy.solveOutputLayer(5, new Float64Array(10), new Float64Array(5), -1),
    (e: Error) => e.message === 'MlpPolicy.solveOutputLayer: weightDecay must be a finite number ≥ 0, got -1',
  );
});

test('solveOutputLayer names the dimension whose normal equations fail', () => {
  const features = new Float64Array([1, NaN, 2, 3]);
  assert.throws(
    () => solveOutputLayer(2, 2, features, 1, new Float64Array([1, 2]), new Float64Array([1]), 0),
    (e: Error) => e.message === 'solveOutputLayer: the normal equations of output dimension 0 (3×3) are not positive definite (are the features finite?)',
  );
});

test('the projected objective: its gradient matches finite differences (envelope theorem)', () => {
  for (const weightDecay of [0, 0.1]) {
    const { policy, n, obs, actions } = randomProblem(13, 3, [5], 2, 60);
    const projection = projectOutputLayer(policy, n, obs, actions, weightDecay, (grad) => {
      const { f, grad: g } = objective(policy, n, obs, actions, weightDecay);
      grad.set(g);
      return f;
    });
    const z = projection.start();
    const grad = new Float64Array(z.length);
    projection.objective(z, grad);
    const h = 1e-6;
    const scratch = new Float64Array(z.length);
    for (let p = 0; p < z.length; p++) {
      const plus = Float64Array.from(z);
      const minus = Float64Array.from(z);
      plus[p] += h;
      minus[p] -= h;
      const fd = (projection.objective(plus, scratch) - projection.objective(minus, scratch)) / (2 * h);
      assert.ok(Math.abs(fd - grad[p]) < 1e-6 * (1 + Math.abs(fd)), `λ ${weightDecay}, z[${p}]: analytic ${grad[p]}, FD ${fd}`);
    }
  }
});

test("outputLayer 'solve' (default) fits a nonlinear teacher better than 'descend' on the same budget", () => {
  const rng = new Rng(21);
  const n = 2000;
  const obs = new Float64Array(n * 3);
  const actions = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = [rng.normal(), rng.normal(), rng.normal()];
    obs.set(x, i * 3);
    actions[i * 2] = Math.sin(2 * x[0]) + 0.5 * x[1] * x[2] + 0.01 * rng.normal();
    actions[i * 2 + 1] = 3 * Math.tanh(x[2] - x[0]) + 0.01 * rng.normal();
  }
  // Measured over seeds 1–3 (300 evaluations, 20 units): the solved fits' objective is below the
  // descended fits' on every seed.
  for (const seed of [1, 2, 3]) {
    const fits = (['solve', 'descend'] as const).map((outputLayer) => {
      const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [20], seed });
      return pretrain(policy, { n, obs, actions, normalize: true, maxEvaluations: 300, outputLayer }).f;
    });
    assert.ok(fits[0] < fits[1], `seed ${seed}: solve ${fits[0]}, descend ${fits[1]}`);
  }
  assert.throws(
    () => pretrain(new MlpPolicy({ inputDim: 3, actionDim: 2, seed: 1 }), { n, obs, actions, outputLayer: 'exact' as never }),
    (e: Error) => e.message === "pretrain: outputLayer must be 'solve' or 'descend', got exact",
  );
});

test.run();
