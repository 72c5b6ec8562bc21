import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, LocomotionReward, Terrain, TASK_NAMES } from '../src/index.js';
import type { RewardDerivatives } from '@guided/core';
import type { SimTask, TaskOverrides } from '../src/index.js';
import { jacobianFD, maxRelativeError, movingState } from './helpers.js';

// The reward is a quadratic in (x, u) between terrain breakpoints: central differences are exact
// up to rounding (~1e-16 / h · |r|), so 1e-6 is generous.
const TOLERANCE = 1e-6;
const H = 1e-5;

function buffers(nx: number, nu: number): RewardDerivatives {
  return {
    rx: new Float64Array(nx),
    ru: new Float64Array(nu),
    rxx: new Float64Array(nx * nx),
    ruu: new Float64Array(nu * nu),
    rux: new Float64Array(nu * nx),
  };
}

function checkDerivatives(task: SimTask, x: Float64Array, u: Float64Array): void {
  const nx = task.stateDim;
  const nu = task.actionDim;
  const r = task.reward;
  const d = buffers(nx, nu);
  const value = r.derivatives(x, u, d);
  assert.is(value, r.reward(x, u));
  const rxFD = jacobianFD((xx, out) => void (out[0] = r.reward(xx, u)), x, 1, H);
  const ruFD = jacobianFD((uu, out) => void (out[0] = r.reward(x, uu)), u, 1, H);
  const scratch = buffers(nx, nu);
  const rxxFD = jacobianFD((xx, out) => { r.derivatives(xx, u, scratch); out.set(scratch.rx); }, x, nx, H);
  const ruuFD = jacobianFD((uu, out) => { r.derivatives(x, uu, scratch); out.set(scratch.ru); }, u, nu, H);
  const ruxFD = jacobianFD((xx, out) => { r.derivatives(xx, u, scratch); out.set(scratch.ru); }, x, nu, H);
  assert.ok(maxRelativeError(d.rx, rxFD) < TOLERANCE, `rx ${maxRelativeError(d.rx, rxFD)}`);
  assert.ok(maxRelativeError(d.ru, ruFD) < TOLERANCE, `ru ${maxRelativeError(d.ru, ruFD)}`);
  assert.ok(maxRelativeError(d.rxx, rxxFD) < TOLERANCE, `rxx ${maxRelativeError(d.rxx, rxxFD)}`);
  assert.ok(maxRelativeError(d.ruu, ruuFD) < TOLERANCE, `ruu ${maxRelativeError(d.ruu, ruuFD)}`);
  assert.ok(maxRelativeError(d.rux, ruxFD) < TOLERANCE, `rux ${maxRelativeError(d.rux, ruxFD)}`);
  // Hessians are symmetric.
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) assert.is(d.rxx[i * nx + j], d.rxx[j * nx + i]);
}

for (const name of TASK_NAMES) {
  test(`${name}: reward derivatives match finite differences`, async () => {
    const task = await createTask(name);
    const { x, u } = movingState(task);
    checkDerivatives(task, x, u);
    task.dispose();
  });
}

const TERRAINS: [string, TaskOverrides<'hopper'>['terrain'], number][] = [
  ['a 10° incline', { type: 'incline', slopeDeg: 10, startX: -2 }, 0.3],
  ['rough terrain', { type: 'rough', seed: 4, startX: -3, maxSlopeDeg: 8 }, 0.5],
];
for (const [label, terrain, rootX] of TERRAINS) {
  test(`hopper on ${label}: the height term differentiates through the ground slope`, async () => {
    const task = await createTask('hopper', { terrain });
    const { x, u } = movingState(task);
    x[0] = rootX; // between breakpoints, where h is linear
    const slope = task.terrain.slopeAt(rootX);
    assert.ok(Math.abs(slope) > 0.01, `slope ${slope}`);
    checkDerivatives(task, x, u);
    const d = buffers(task.stateDim, task.actionDim);
    task.reward.derivatives(x, u, d);
    assert.ok(Math.abs(d.rx[0]) > 0, 'r_x depends on the root x through h(x)');
    task.dispose();
  });
}

test('reward value: the paper\'s form with the task\'s weights and targets', () => {
  const terrain = new Terrain({ type: 'incline', slopeDeg: 45, startX: 0 });
  const spec = { controlWeight: 0.5, velocityWeight: 2, heightWeight: 3, targetVelocity: 1, targetHeight: 1 };
  const r = new LocomotionReward({ stateDim: 4, actionDim: 2, xIndex: 0, zIndex: 1, vxIndex: 2 }, spec, terrain);
  // x = [X, z, vx, other]: X = 2 → h = 2 (45°), z = 3.5 → height 1.5; vx = 0.
  const x = new Float64Array([2, 3.5, 0, 9]);
  const u = new Float64Array([1, -2]);
  const expected = -0.5 * (1 + 4) - 2 * 1 - 3 * 0.25;
  assert.ok(Math.abs(r.reward(x, u) - expected) < 1e-12, `${r.reward(x, u)} vs ${expected}`);
  assert.ok(Math.abs(r.height(x) - 1.5) < 1e-12);
});

test('default weights make the target gait better than standing still or falling', async () => {
  for (const name of ['hopper', 'walker', 'humanoid'] as const) {
    const task = await createTask(name);
    const s = task.spec.reward;
    const zero = new Float64Array(task.actionDim);
    const standing = task.initialState();
    const gait = standing.slice();
    gait[task.layout.rootZ] = s.targetHeight;
    gait[task.nq + task.layout.rootVx] = s.targetVelocity;
    const fallen = standing.slice();
    fallen[task.layout.rootZ] = 0.2;
    fallen[task.nq + task.layout.rootVx] = s.targetVelocity;
    const half = new Float64Array(task.actionDim).fill(0.5); // a gait needs torque: charge it half range on every motor
    assert.ok(task.reward.reward(gait, half) > task.reward.reward(standing, zero), `${name}: gait beats standing`);
    assert.ok(task.reward.reward(standing, zero) > task.reward.reward(fallen, zero), `${name}: standing beats fallen`);
    task.dispose();
  }
  const swimmer = await createTask('swimmer');
  const still = swimmer.initialState();
  const swimming = still.slice();
  swimming[swimmer.nq] = swimmer.spec.reward.targetVelocity;
  const effort = new Float64Array(swimmer.actionDim).fill(1); // full torque on every joint
  assert.ok(swimmer.reward.reward(swimming, effort) > swimmer.reward.reward(still, new Float64Array(swimmer.actionDim)), 'swimmer: swimming beats floating');
  swimmer.dispose();
});

test.run();
