import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StochasticPolicy, Trajectory } from '@guided/core';
import {
  ImportanceObjective,
  effectiveSampleSize,
  fuseLogQ,
  logImportanceWeights,
  policyStepLogProbs,
  prefixLogProbs,
  sampleSetFromTrajectories,
} from '../src/index.js';
import type { SampleSet } from '../src/index.js';
import { LinearGaussianPolicy } from './linear-gaussian-policy.js';
import { randomProblem } from './problems.js';

const policy = new LinearGaussianPolicy(3, 2, 1);
const good = randomProblem(policy, 4, 5, 2, 0.5);

function expectError(samples: SampleSet, message: string): void {
  assert.throws(() => new ImportanceObjective(policy, samples), (e: Error) => {
    assert.is(e.message, message);
    return true;
  });
}

test('wrong lengths name the field, the expected and the actual length', () => {
  expectError({ ...good, rewards: new Float64Array(19) }, 'ImportanceObjective: samples.rewards must have length 20 (4·5), got 19');
  expectError({ ...good, logQ: new Float64Array(21) }, 'ImportanceObjective: samples.logQ must have length 20 (4·5), got 21');
  expectError({ ...good, obs: new Float64Array(59) }, 'ImportanceObjective: samples.obs must have length 60 (4·5·3), got 59');
  expectError({ ...good, actions: new Float64Array(41) }, 'ImportanceObjective: samples.actions must have length 40 (4·5·2), got 41');
  expectError({ ...good, rewards: [1, 2] as unknown as Float64Array }, 'ImportanceObjective: samples.rewards must be a Float64Array, got object');
});

test('NaN or infinite entries name the field, index, sample and step', () => {
  const rewards = good.rewards.slice();
  rewards[7] = NaN;
  expectError({ ...good, rewards }, 'ImportanceObjective: samples.rewards[7] is NaN (sample 1, step 2)');
  const logQ = good.logQ.slice();
  logQ[13] = NaN;
  expectError({ ...good, logQ }, 'ImportanceObjective: samples.logQ[13] is NaN (sample 2, step 3)');
  const logQInf = good.logQ.slice();
  logQInf[0] = -Infinity;
  expectError({ ...good, logQ: logQInf }, 'ImportanceObjective: samples.logQ[0] is -Infinity (sample 0, step 0)');
  const obs = good.obs.slice();
  obs[17] = Infinity;
  expectError({ ...good, obs }, 'ImportanceObjective: samples.obs[17] is Infinity (sample 1, step 0)');
});

test('m = 0, T = 0 and non-integer sizes are refused', () => {
  const empty = { ...good, count: 0, obs: new Float64Array(0), actions: new Float64Array(0), rewards: new Float64Array(0), logQ: new Float64Array(0) };
  expectError(empty, 'ImportanceObjective: samples.count must be an integer ≥ 1, got 0');
  expectError({ ...good, T: 0 }, 'ImportanceObjective: samples.T must be an integer ≥ 1, got 0');
  expectError({ ...good, T: 2.5 }, 'ImportanceObjective: samples.T must be an integer ≥ 1, got 2.5');
});

test('policy shape, options, theta and grad are checked', () => {
  assert.throws(
    () => new ImportanceObjective(new LinearGaussianPolicy(2, 2), good),
    /ImportanceObjective: policy maps 2 inputs to 2 actions, samples have obsDim 3 and actionDim 2/,
  );
  assert.throws(() => new ImportanceObjective(policy, good, { regularization: NaN }), /regularization must be a finite number ≥ 0, got NaN/);
  assert.throws(
    () => new ImportanceObjective(policy, good, { estimator: 'bogus' as 'perStep' }),
    /estimator must be 'perStep' or 'trajectory', got bogus/,
  );
  const objective = new ImportanceObjective(policy, good);
  const theta = policy.getParams().slice();
  theta[4] = NaN;
  assert.throws(() => objective.evaluate(theta), /ImportanceObjective.evaluate: theta\[4\] is NaN/);
  assert.throws(() => objective.evaluate(new Float64Array(3)), /theta must be a Float64Array of length 10, got 3/);
  assert.throws(() => objective.evaluate(null, new Float64Array(2)), /grad must be a Float64Array of length 10, got 2/);
});

test('a policy whose log-probability is not finite is reported with sample and step', () => {
  const broken: StochasticPolicy = {
    inputDim: 3,
    actionDim: 2,
    paramCount: 1,
    getParams: () => new Float64Array(1),
    setParams: () => {},
    act: (_o, _r, out) => out ?? new Float64Array(2),
    logProb: (n, _o, _a, out) => {
      for (let k = 0; k < n; k++) out[k] = k === 11 ? -Infinity : -1;
    },
    logProbGrad: () => 0,
    meanJacobian: () => {},
  };
  assert.throws(() => new ImportanceObjective(broken, good).evaluate(), /policy.logProb returned -Infinity at sample 2, step 1/);
});

test('prefixLogProbs and fuseLogQ: cumulative sums and log of the mean density', () => {
  const perStep = Float64Array.from([1, 2, 3, -1, -2, -3]);
  assert.equal(Array.from(prefixLogProbs(2, 3, perStep)), [1, 3, 6, -1, -3, -6]);
  const a = Float64Array.from([-1, -2, -50]);
  const b = Float64Array.from([-3, -Infinity, -51]);
  const fused = fuseLogQ(1, 3, [a, b]);
  assert.ok(Math.abs(fused[0] - Math.log((Math.exp(-1) + Math.exp(-3)) / 2)) < 1e-15);
  assert.is(fused[1], -2 - Math.log(2));
  assert.ok(Math.abs(fused[2] - Math.log((Math.exp(-50) + Math.exp(-51)) / 2)) < 1e-14);
  // astronomically small densities stay finite
  const huge = fuseLogQ(1, 1, [Float64Array.of(-1e5), Float64Array.of(-1e5 - Math.log(3))]);
  assert.ok(Math.abs(huge[0] - (-1e5 + Math.log(4 / 3) - Math.log(2))) < 1e-9);
  assert.equal(Array.from(fuseLogQ(1, 3, [a])), Array.from(a));
  assert.throws(() => fuseLogQ(1, 1, [Float64Array.of(-Infinity), Float64Array.of(-Infinity)]), /every distribution gives −Infinity at entry 0/);
  assert.throws(() => fuseLogQ(1, 1, [Float64Array.of(NaN)]), /fuseLogQ: prefixLogQs\[0\]\[0\] is NaN/);
  assert.throws(() => fuseLogQ(1, 2, []), /at least one distribution/);
});

test('sampleSetFromTrajectories fuses per-step log-probabilities of named distributions', () => {
  const T = 3;
  const make = (seed: number): Trajectory => ({
    T,
    stateDim: 2,
    actionDim: 1,
    states: Float64Array.from({ length: (T + 1) * 2 }, (_, k) => seed + k),
    actions: Float64Array.from({ length: T }, (_, k) => seed - k),
    rewards: Float64Array.from({ length: T }, (_, k) => seed * k),
    logProbs: { g: Float64Array.from([-1, -2, -3]).map((v) => v * seed), p: Float64Array.of(-2, -2, -2) },
  });
  const s = sampleSetFromTrajectories([make(1), make(2)], ['g', 'p']);
  assert.is(s.count, 2);
  assert.is(s.obsDim, 2);
  assert.equal(Array.from(s.obs.subarray(0, 6)), [1, 2, 3, 4, 5, 6]);
  assert.equal(Array.from(s.obs.subarray(6)), [2, 3, 4, 5, 6, 7]);
  const expected = Math.log((Math.exp(-2 * 3) + Math.exp(-4)) / 2); // sample 1, step 1: g prefix −6, p prefix −4
  assert.ok(Math.abs(s.logQ[4] - expected) < 1e-15);
  assert.throws(() => sampleSetFromTrajectories([make(1)], ['g', 'missing']), /trajectories\[0\]\.logProbs\["missing"\] is missing/);
});

test('policyStepLogProbs, logImportanceWeights and effectiveSampleSize agree with each other', () => {
  const step = policyStepLogProbs(policy, good);
  const logW = logImportanceWeights(policy, good);
  const prefix = prefixLogProbs(good.count, good.T, step);
  for (let k = 0; k < logW.length; k++) assert.is(logW[k], prefix[k] - good.logQ[k]);
  const ess = effectiveSampleSize(policy, good);
  for (let t = 0; t < good.T; t++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < good.count; i++) {
      const w = Math.exp(logW[i * good.T + t]);
      s += w;
      s2 += w * w;
    }
    assert.ok(Math.abs(ess[t] - (s * s) / s2) < 1e-12 * ess[t]);
    assert.ok(ess[t] >= 1 && ess[t] <= good.count);
  }
});

test.run();
