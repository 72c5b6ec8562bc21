import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy, mlpPolicySpec } from '@guided/mlp-policy';
import type { PolicyDescriptor } from '@guided/gps';
import { SimPool, createTask } from '@guided/sim';
import type { TaskName } from '@guided/sim';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { createGuideAdapter, taskObservation } from '../src/adapt.js';
import type { BenchmarkConfig } from '../src/config.js';
import { createGainPool, guideAround } from '../src/guides.js';

const T = 30;

function config(task: TaskName): BenchmarkConfig {
  return {
    task,
    overrides: { horizon: T },
    ddp: {
      mode: 'full', initStd: 0.1, iterations: 5, window: 0, shift: 0, windowIterations: 0, pitchWeight: 0,
      candidates: 1, tracking: 1, actionWeight: 1, temperature: 0.3, gainEps: 1e-6, trialSamples: 1,
    },
    gps: {},
    evaluationRollouts: 1,
  };
}

test('taskObservation: the Jacobian of the hopper observation on flat ground is its selection matrix', async () => {
  const task = await createTask('hopper', { horizon: T });
  const x = task.initialState();
  x[task.nq + 1] = 0.3; // some velocity
  const obs = taskObservation(task);
  const J = new Float64Array(task.obsDim * task.stateDim);
  obs.jacobian(x, J);
  const o = task.observe(x);
  const probe = new Float64Array(task.stateDim);
  for (let i = 0; i < task.stateDim; i++) {
    // o is linear in x on flat ground: o(x + e_i) − o(x) is column i.
    probe.set(x);
    probe[i] += 1;
    const oi = task.observe(probe);
    for (let k = 0; k < task.obsDim; k++) {
      assert.ok(Math.abs(J[k * task.stateDim + i] - (oi[k] - o[k])) < 1e-8, `∂o_${k}/∂x_${i}: ${J[k * task.stateDim + i]} vs ${oi[k] - o[k]}`);
    }
  }
  task.dispose();
});

test('adaptGuide (Section 4.2) moves the guide toward the policy: the nominal controls come closer to μ_θ', async () => {
  const cfg = config('hopper');
  const task = await createTask('hopper', { horizon: T });
  const pool = await SimPool.create({ task: 'hopper', overrides: cfg.overrides, workers: 1 });
  const gainPool = await createGainPool(cfg, 1);
  const notes: string[] = [];
  const adapter = await createGuideAdapter(cfg, task, pool, (line) => notes.push(line));
  try {
    // A first guide: the gains around zero controls (standing still, then sinking).
    const x0 = task.initialState();
    const zero = { T, states: new Float64Array(0), actions: new Float64Array(T * task.actionDim) };
    const states = new Float64Array((T + 1) * task.stateDim);
    states.set(x0, 0);
    const x = Float64Array.from(x0);
    for (let t = 0; t < T; t++) {
      task.step(x, zero.actions.subarray(t * task.actionDim, (t + 1) * task.actionDim), x);
      states.set(x, (t + 1) * task.stateDim);
    }
    const first = await guideAround(cfg.ddp, task, gainPool, x0, { ...zero, states }, task.reward);
    // A policy whose mean is a constant action of 0.3 on every control (zero weights, bias 0.3).
    const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: task.actionDim, hidden: [4], seed: 1, initStd: 0.2 });
    const theta = policy.getParams();
    for (const block of policy.paramBlocks()) {
      if (block.name !== 'logStd') theta.fill(block.name === 'b1' ? 0.3 : 0, block.offset, block.offset + block.rows * block.cols);
    }
    policy.setParams(theta);
    const distance = (g: LinearGaussianPolicy) => {
      let s = 0;
      for (const u of g.meanActions) s += (u - 0.3) ** 2;
      return Math.sqrt(s / g.meanActions.length);
    };
    const adapted = await adapter.adaptGuide(first, mlpPolicySpec(policy) as PolicyDescriptor, 10);
    const before = distance(first.distribution);
    const after = distance(adapted.distribution as LinearGaussianPolicy);
    // The reward still pulls the other way (control cost, height), so the nominal moves toward μ_θ
    // without reaching it; 10 DDP iterations take it about halfway here (0.30 → 0.16).
    assert.ok(after < 0.75 * before, `rms distance to μ_θ: before ${before}, after ${after}`);
    assert.is(notes.length, 1);
    assert.match(notes[0], /^adapted guide: r \+ τ log π /);
  } finally {
    await adapter.close();
    await gainPool.close();
    await pool.close();
    task.dispose();
  }
});

test.run();
