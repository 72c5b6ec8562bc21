import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, taskDimensions, resolveSpec, TASK_NAMES } from '../src/index.js';

// Expected sizes, derived by hand from each model's joints (README, "Models").
const EXPECTED = {
  swimmer: { nq: 5, nv: 5, nu: 2, obs: 8, bodies: 3 }, // 3 links: slide x, slide y, yaw + 2 hinges
  hopper: { nq: 6, nv: 6, nu: 3, obs: 11, bodies: 4 }, // slide x, slide z, pitch + hip, knee, ankle
  walker: { nq: 9, nv: 9, nu: 6, obs: 17, bodies: 7 }, // root 3 + 2 × (hip, knee, ankle)
  humanoid: { nq: 32, nv: 31, nu: 25, obs: 61, bodies: 15 }, // free joint 7/6 + 25 hinges
};

for (const name of TASK_NAMES) {
  test(`${name}: state, action and observation sizes`, async () => {
    const task = await createTask(name);
    const e = EXPECTED[name];
    assert.is(task.nq, e.nq);
    assert.is(task.nv, e.nv);
    assert.is(task.stateDim, e.nq + e.nv);
    assert.is(task.actionDim, e.nu);
    assert.is(task.obsDim, e.obs);
    assert.is(task.bodyNames.length, e.bodies);
    assert.is(task.observe(task.initialState()).length, e.obs);
    assert.equal(Array.from(task.actionLower), new Array(e.nu).fill(-1));
    assert.equal(Array.from(task.actionUpper), new Array(e.nu).fill(1));
    assert.equal(task.bodyNames, task.layout.bodyNames.slice(1));
    assert.equal(taskDimensions(resolveSpec(name)), { stateDim: e.nq + e.nv, actionDim: e.nu, obsDim: e.obs, nq: e.nq, nv: e.nv });
    task.dispose();
  });
}

test('humanoid state has 63 dimensions (the paper\'s running state)', async () => {
  const task = await createTask('humanoid');
  assert.is(task.stateDim, 63);
  task.dispose();
});

test('swimmer link count is a parameter', async () => {
  const task = await createTask('swimmer', { model: { links: 5 } });
  assert.is(task.nq, 7);
  assert.is(task.actionDim, 4);
  assert.is(task.obsDim, 12);
  task.dispose();
});

test('horizon, control step and substeps come from the spec', async () => {
  const task = await createTask('hopper', { horizon: 123, controlDt: 0.02, substeps: 4 });
  assert.is(task.horizon, 123);
  assert.is(task.controlDt, 0.02);
  assert.is(task.substeps, 4);
  assert.ok(task.xml.includes('timestep="0.005"'));
  const defaults = await createTask('hopper');
  assert.is(defaults.horizon, 500);
  assert.is(defaults.controlDt, 0.01);
  task.dispose();
  defaults.dispose();
});

test('joint-limit softness comes from the spec: a softer limit lets the knee go further past it', async () => {
  const maxKnee = async (overrides: Parameters<typeof createTask<'hopper'>>[1]) => {
    const task = await createTask('hopper', overrides);
    let x = task.initialState();
    const next = new Float64Array(task.stateDim);
    let max = -Infinity;
    // Full knee torque into its upper limit (0 rad, the straight leg).
    for (let t = 0; t < 20; t++) {
      task.step(x, Float64Array.of(0, 1, 0), next);
      x = next.slice();
      max = Math.max(max, x[4]);
    }
    const xml = task.xml;
    task.dispose();
    return { max, xml };
  };
  const stiff = await maxKnee({});
  const soft = await maxKnee({ contact: { limitSolref: [0.05, 1], limitSolimp: [0.3, 0.9, 0.05] } });
  assert.ok(stiff.xml.includes('solreflimit="0.02 1" solimplimit="0.9 0.95 0.001"'));
  assert.ok(soft.xml.includes('solreflimit="0.05 1" solimplimit="0.3 0.9 0.05"'));
  assert.ok(stiff.max > 0 && soft.max > 2 * stiff.max, `knee past its limit: stiff ${stiff.max}, soft ${soft.max}`);
});

test.run();
