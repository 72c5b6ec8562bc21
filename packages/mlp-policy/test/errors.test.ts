import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, type MlpPolicyOptions } from '../src/index.js';

function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: Error) => {
    assert.is(e.message, message);
    return true;
  });
}

const make = () => new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 1 });
const obs = (n: number) => new Float64Array(n * 3).fill(0.5);
const actions = (n: number) => new Float64Array(n * 2).fill(0.1);

test('constructor options are checked', () => {
  const base: MlpPolicyOptions = { inputDim: 3, actionDim: 2, seed: 1 };
  throwsExactly(() => new MlpPolicy({ ...base, inputDim: 0 }), 'MlpPolicy: options.inputDim must be an integer ≥ 1, got 0');
  throwsExactly(() => new MlpPolicy({ ...base, actionDim: 1.5 }), 'MlpPolicy: options.actionDim must be an integer ≥ 1, got 1.5');
  throwsExactly(() => new MlpPolicy({ ...base, hidden: [50, 0] }), 'MlpPolicy: options.hidden[1] must be an integer ≥ 1, got 0');
  throwsExactly(() => new MlpPolicy({ ...base, seed: NaN }), 'MlpPolicy: options.seed must be an integer, got NaN');
  throwsExactly(() => new MlpPolicy({ ...base, minStd: 0 }), 'MlpPolicy: options.minStd must be a finite number > 0, got 0');
  throwsExactly(
    () => new MlpPolicy({ ...base, initStd: 1e-3 }),
    'MlpPolicy: options.initStd[0] must be a finite number > minStd = 0.001, got 0.001',
  );
  throwsExactly(
    () => new MlpPolicy({ ...base, initStd: [1, 1, 1] }),
    'MlpPolicy: options.initStd must be a number or have length actionDim = 2, got 3',
  );
});

test('batched methods check lengths', () => {
  const p = make();
  throwsExactly(() => p.logProb(4, obs(4).subarray(1), actions(4), new Float64Array(4)), 'MlpPolicy.logProb: obs must have length ≥ n·inputDim = 12, got 11');
  throwsExactly(() => p.logProb(4, obs(4), actions(3), new Float64Array(4)), 'MlpPolicy.logProb: actions must have length ≥ n·actionDim = 8, got 6');
  throwsExactly(() => p.logProb(4, obs(4), actions(4), new Float64Array(3)), 'MlpPolicy.logProb: out must have length ≥ n = 4, got 3');
  throwsExactly(() => p.logProb(-1, obs(4), actions(4), new Float64Array(4)), 'MlpPolicy.logProb: n must be an integer ≥ 0, got -1');
  throwsExactly(
    () => p.logProbGrad(4, obs(4), actions(4), new Float64Array(4), new Float64Array(p.paramCount - 1)),
    `MlpPolicy.logProbGrad: grad must have length ≥ paramCount = ${p.paramCount}, got ${p.paramCount - 1}`,
  );
  throwsExactly(
    () => p.logProbGrad(4, obs(4), actions(4), new Float64Array(2), new Float64Array(p.paramCount)),
    'MlpPolicy.logProbGrad: weights must have length ≥ n = 4, got 2',
  );
  throwsExactly(() => p.mean(2, obs(2), new Float64Array(3)), 'MlpPolicy.mean: out must have length ≥ n·actionDim = 4, got 3');
  throwsExactly(() => p.act(obs(1).subarray(1), new Rng(1)), 'MlpPolicy.act: obs must have length inputDim = 3, got 2');
  throwsExactly(() => p.act(obs(2), new Rng(1)), 'MlpPolicy.act: obs must have length inputDim = 3, got 6');
  throwsExactly(() => p.act(obs(1), new Rng(1), new Float64Array(3)), 'MlpPolicy.act: out must have length actionDim = 2, got 3');
  throwsExactly(() => p.meanJacobian(obs(1), new Float64Array(5)), 'MlpPolicy.meanJacobian: out must have length actionDim·inputDim = 6, got 5');
  throwsExactly(() => p.setParams(new Float64Array(3)), `MlpPolicy.setParams: theta must have length paramCount = ${p.paramCount}, got 3`);
});

test('NaN and Infinity are caught and located', () => {
  const p = make();
  const x = obs(5);
  x[10] = NaN;
  throwsExactly(() => p.logProb(5, x, actions(5), new Float64Array(5)), 'MlpPolicy.logProb: obs[10] is NaN');
  x[10] = 0;
  x[14] = -Infinity; // softplus would absorb −∞ silently (log1p(e^{−∞}) = 0): it must be caught before
  throwsExactly(() => p.logProbGrad(5, x, actions(5), new Float64Array(5), new Float64Array(p.paramCount)), 'MlpPolicy.logProbGrad: obs[14] is -Infinity');
  throwsExactly(() => p.mean(5, x, new Float64Array(10)), 'MlpPolicy.mean: obs[14] is -Infinity');
  const u = actions(5);
  u[9] = Infinity;
  throwsExactly(() => p.logProb(5, obs(5), u, new Float64Array(5)), 'MlpPolicy.logProb: actions[9] is Infinity');
  const w = new Float64Array(5);
  w[3] = NaN;
  throwsExactly(() => p.logProbGrad(5, obs(5), actions(5), w, new Float64Array(p.paramCount)), 'MlpPolicy.logProbGrad: weights[3] is NaN');
  throwsExactly(() => p.act(new Float64Array([0, NaN, 0]), new Rng(1)), 'MlpPolicy.act: obs[1] is NaN');
  throwsExactly(() => p.meanJacobian(new Float64Array([0, 0, NaN]), new Float64Array(6)), 'MlpPolicy.meanJacobian: obs[2] is NaN');
  const theta = Float64Array.from(p.getParams());
  theta[7] = NaN;
  throwsExactly(() => p.setParams(theta), 'MlpPolicy.setParams: theta[7] is NaN');
  throwsExactly(
    () => p.setNormalization({ mean: new Float64Array(3), std: new Float64Array([1, -1, 1]) }),
    'MlpPolicy.setNormalization: std[1] must be finite and > 0, got -1',
  );
});

test('an overflowing network output is reported, not passed on', () => {
  const p = make();
  const theta = Float64Array.from(p.getParams()).fill(1e200);
  p.setParams(theta);
  throwsExactly(
    () => p.logProb(1, obs(1), actions(1), new Float64Array(1)),
    'MlpPolicy.logProb: log-probability of pair 0 is NaN (network output overflowed; θ too large?)',
  );
});

test('n = 0 is a no-op with a zero gradient', () => {
  const p = make();
  const grad = new Float64Array(p.paramCount).fill(7);
  assert.is(p.logProbGrad(0, new Float64Array(0), new Float64Array(0), new Float64Array(0), grad), 0);
  assert.ok(grad.every((g) => g === 0));
});

test('setStd sets σ exactly and refuses a σ at or below the floor', () => {
  const p = make();
  p.setStd([0.3, 0.05]);
  const sigma = p.std();
  assert.ok(Math.abs(sigma[0] - 0.3) < 1e-15 && Math.abs(sigma[1] - 0.05) < 1e-15, `σ = ${sigma}`);
  throwsExactly(() => p.setStd([0.3]), 'MlpPolicy.setStd: sigma must have length actionDim = 2, got 1');
  throwsExactly(() => p.setStd([0.3, 0.001]), 'MlpPolicy.setStd: sigma[1] must be a finite number > minStd = 0.001, got 0.001');
  throwsExactly(() => p.setStd([NaN, 0.2]), 'MlpPolicy.setStd: sigma[0] must be a finite number > minStd = 0.001, got NaN');
  assert.equal(Array.from(p.std()), Array.from(sigma), 'a refused σ leaves θ as it was');
});

test.run();
