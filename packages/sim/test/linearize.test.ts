import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, TASK_NAMES } from '../src/index.js';
import type { SimTask, TaskOverrides } from '../src/index.js';
import { jacobianFD, maxRelativeError, movingState } from './helpers.js';

/** Both sides are central differences of the same map with h = 1e-6: they agree to ~1e-9. */
const TOLERANCE = 1e-6;
const H = 1e-6;

function checkAgainstStep(task: SimTask): { errA: number; errB: number; normA: number } {
  const { x, u } = movingState(task);
  const nx = task.stateDim;
  const nu = task.actionDim;
  const A = new Float64Array(nx * nx);
  const B = new Float64Array(nx * nu);
  task.linearize(x, u, A, B);
  const Afd = jacobianFD((xx, out) => void task.step(xx, u, out), x, nx, H);
  const Bfd = jacobianFD((uu, out) => void task.step(x, uu, out), u, nx, H);
  let normA = 0;
  for (const v of Afd) normA = Math.max(normA, Math.abs(v));
  return { errA: maxRelativeError(A, Afd), errB: maxRelativeError(B, Bfd), normA };
}

for (const name of TASK_NAMES) {
  test(`${name}: linearize matches finite differences of step`, async () => {
    const task = await createTask(name);
    const { errA, errB, normA } = checkAgainstStep(task);
    assert.ok(normA > 0.5, `A is not trivial (max |A| = ${normA})`);
    assert.ok(errA < TOLERANCE, `A: max relative error ${errA}`);
    assert.ok(errB < TOLERANCE, `B: max relative error ${errB}`);
    task.dispose();
  });
}

const SUBSTEP_CASES: [string, TaskOverrides<'hopper'>][] = [
  ['1 substep', { substeps: 1 }],
  ['3 substeps', { substeps: 3 }],
  ['5 substeps on an incline', { substeps: 5, terrain: { type: 'incline', slopeDeg: 10, startX: -1 } }],
];
for (const [label, overrides] of SUBSTEP_CASES) {
  test(`hopper (${label}): the chained substep Jacobians match finite differences of the control step`, async () => {
    const task = await createTask('hopper', overrides);
    const { errA, errB } = checkAgainstStep(task);
    assert.ok(errA < TOLERANCE, `A: max relative error ${errA}`);
    assert.ok(errB < TOLERANCE, `B: max relative error ${errB}`);
    task.dispose();
  });
}

test('humanoid: A maps the quaternion consistently (radial quaternion direction has no effect)', async () => {
  const task = await createTask('humanoid');
  const { x, u } = movingState(task, 10);
  const nx = task.stateDim;
  const A = new Float64Array(nx * nx);
  const B = new Float64Array(nx * task.actionDim);
  task.linearize(x, u, A, B);
  // Scaling the quaternion does not change the step, so A · [0 … q … 0] = 0.
  let worst = 0;
  for (let i = 0; i < nx; i++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += A[i * nx + 3 + k] * x[3 + k];
    worst = Math.max(worst, Math.abs(s));
  }
  assert.ok(worst < 1e-9, `A q = ${worst}`);
  // The next quaternion stays unit length to first order: q'ᵀ A = 0 on the quaternion rows for velocity inputs.
  const next = task.step(x, u, new Float64Array(nx));
  let drift = 0;
  for (let j = 0; j < nx; j++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += next[3 + k] * A[(3 + k) * nx + j];
    drift = Math.max(drift, Math.abs(s));
  }
  assert.ok(drift < 1e-9, `q'ᵀ A = ${drift}`);
  task.dispose();
});

test('linearizeTrajectory equals per-step linearize', async () => {
  const task = await createTask('walker');
  const { x, u } = movingState(task);
  const nx = task.stateDim;
  const nu = task.actionDim;
  const T = 3;
  const states = new Float64Array((T + 1) * nx);
  const actions = new Float64Array(T * nu);
  states.set(x);
  for (let t = 0; t < T; t++) {
    actions.set(u.map((v) => v * (t + 1)), t * nu);
    task.step(states.subarray(t * nx, (t + 1) * nx), actions.subarray(t * nu, (t + 1) * nu), states.subarray((t + 1) * nx, (t + 2) * nx));
  }
  const A = new Float64Array(T * nx * nx);
  const B = new Float64Array(T * nx * nu);
  await task.linearizeTrajectory(T, states, actions, A, B);
  for (let t = 0; t < T; t++) {
    const At = new Float64Array(nx * nx);
    const Bt = new Float64Array(nx * nu);
    task.linearize(states.slice(t * nx, (t + 1) * nx), actions.slice(t * nu, (t + 1) * nu), At, Bt);
    assert.equal(Array.from(A.subarray(t * nx * nx, (t + 1) * nx * nx)), Array.from(At));
    assert.equal(Array.from(B.subarray(t * nx * nu, (t + 1) * nx * nu)), Array.from(Bt));
  }
  task.dispose();
});

test.run();
