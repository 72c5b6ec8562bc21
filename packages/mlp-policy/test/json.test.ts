import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, mlpPolicyFromJSON, mlpPolicySpec, type MlpPolicyJSON } from '../src/index.js';
import { randomProblem } from './helpers.js';

function outputs(policy: MlpPolicy, p: ReturnType<typeof randomProblem>) {
  const lp = new Float64Array(p.n);
  policy.logProb(p.n, p.obs, p.actions, lp);
  const grad = new Float64Array(policy.paramCount);
  policy.logProbGrad(p.n, p.obs, p.actions, p.weights, grad);
  const J = new Float64Array(policy.actionDim * policy.inputDim);
  policy.meanJacobian(p.obs.subarray(0, policy.inputDim), J);
  const u = policy.act(p.obs.subarray(0, policy.inputDim), new Rng(3));
  return [...lp, ...grad, ...J, ...u];
}

test('JSON round trip through a string gives identical outputs', () => {
  const p = randomProblem(41, 4, [6, 3], 2, 9);
  const json = JSON.stringify(p.policy);
  const data = JSON.parse(json) as MlpPolicyJSON;
  assert.is(data.format, 'guided-mlp-policy');
  assert.is(data.version, 1);
  assert.equal(data.hidden, [6, 3]);
  assert.is(data.params.length, p.policy.paramCount);
  const loaded = mlpPolicyFromJSON(data, { inputDim: 4, actionDim: 2, hidden: [6, 3] });
  assert.is(loaded.minStd, p.policy.minStd);
  assert.equal(outputs(loaded, p), outputs(p.policy, p));
  assert.equal(Array.from(loaded.getNormalization().std), Array.from(p.policy.getNormalization().std));
});

test('clone is independent and identical', () => {
  const p = randomProblem(42, 3, [4], 2, 5);
  const copy = p.policy.clone();
  assert.equal(outputs(copy, p), outputs(p.policy, p));
  copy.setParams(new Float64Array(copy.paramCount));
  assert.not.equal(Array.from(copy.getParams()), Array.from(p.policy.getParams()));
});

test('mlpPolicySpec rebuilds the policy through a dynamic import, as a worker does', async () => {
  const p = randomProblem(43, 3, [4], 2, 5);
  const spec = mlpPolicySpec(p.policy);
  assert.is(spec.exportName, 'mlpPolicyFromJSON');
  const data = structuredClone(spec.data);
  const factory = (await import(spec.module))[spec.exportName] as (d: unknown) => MlpPolicy;
  const rebuilt = factory(data);
  assert.equal(outputs(rebuilt, p), outputs(p.policy, p));
});

function saved(): MlpPolicyJSON {
  const policy = new MlpPolicy({ inputDim: 3, actionDim: 2, hidden: [4], seed: 1 });
  return JSON.parse(JSON.stringify(policy.toJSON())) as MlpPolicyJSON;
}

function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: Error) => {
    assert.is(e.message, message);
    return true;
  });
}

test('loading a file of another version, format or shape names what differs', () => {
  throwsExactly(() => mlpPolicyFromJSON({ ...saved(), version: 2 }), 'mlpPolicyFromJSON: unsupported version 2 (this build reads version 1)');
  throwsExactly(
    () => mlpPolicyFromJSON({ ...saved(), format: 'other' }),
    "mlpPolicyFromJSON: format must be 'guided-mlp-policy', got 'other'",
  );
  throwsExactly(() => mlpPolicyFromJSON(null), 'mlpPolicyFromJSON: data must be an object, got null');
  throwsExactly(
    () => mlpPolicyFromJSON({ ...saved(), hidden: [5] }),
    'mlpPolicyFromJSON: params has 28 entries, but inputDim 3, hidden [5], actionDim 2 needs 34',
  );
  throwsExactly(
    () => mlpPolicyFromJSON(saved(), { hidden: [50] }),
    'mlpPolicyFromJSON: hidden differs: file has [4], expected [50]',
  );
  throwsExactly(() => mlpPolicyFromJSON(saved(), { inputDim: 17 }), 'mlpPolicyFromJSON: inputDim differs: file has 3, expected 17');
  throwsExactly(() => mlpPolicyFromJSON(saved(), { actionDim: 6 }), 'mlpPolicyFromJSON: actionDim differs: file has 2, expected 6');
  const withNull = saved();
  (withNull.params as unknown[])[5] = null; // what JSON.stringify makes of NaN
  throwsExactly(() => mlpPolicyFromJSON(withNull), 'mlpPolicyFromJSON: params[5] is null');
  const shortNorm = saved();
  shortNorm.normalization.std.pop();
  throwsExactly(() => mlpPolicyFromJSON(shortNorm), 'mlpPolicyFromJSON: normalization.std has 2 entries, but inputDim 3 needs 3');
  const zeroStd = saved();
  zeroStd.normalization.std[1] = 0;
  throwsExactly(() => mlpPolicyFromJSON(zeroStd), 'MlpPolicy.setNormalization: std[1] must be finite and > 0, got 0');
  throwsExactly(() => mlpPolicyFromJSON({ ...saved(), inputDim: 0 }), 'mlpPolicyFromJSON: inputDim must be an integer ≥ 1, got 0');
  throwsExactly(() => mlpPolicyFromJSON({ ...saved(), minStd: -1 }), 'mlpPolicyFromJSON: minStd must be a finite number > 0, got -1');
});

test.run();
