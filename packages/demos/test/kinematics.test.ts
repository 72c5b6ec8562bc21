import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import { createTask, type SimTask } from '@guided/sim';
import { WalkerKinematics } from '../src/index.js';

let task: SimTask;
test.before(async () => {
  task = await createTask('walker');
});

function randomState(seed: number): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(18);
  for (let i = 0; i < 18; i++) x[i] = 0.6 * rng.normal();
  x[1] += 1.4;
  return x;
}

test('hip, knee and ankle positions match MuJoCo body positions (task.poses) at random states', () => {
  const k = new WalkerKinematics();
  for (let seed = 1; seed <= 5; seed++) {
    const x = randomState(seed);
    const poses = task.poses(x);
    k.update(x);
    // bodyNames: torso, thigh_right, leg_right, foot_right, thigh_left, leg_left, foot_left
    assert.ok(Math.abs(k.hipX - poses[1 * 7]) < 1e-12 && Math.abs(k.hipZ - poses[1 * 7 + 2]) < 1e-12, `hip, seed ${seed}`);
    for (const [leg, body] of [[0, 3], [1, 6]]) {
      assert.ok(Math.abs(k.ankleX[leg] - poses[body * 7]) < 1e-12, `ankle x leg ${leg} seed ${seed}`);
      assert.ok(Math.abs(k.ankleZ[leg] - poses[body * 7 + 2]) < 1e-12, `ankle z leg ${leg} seed ${seed}`);
    }
  }
});

test('centre-of-mass and hip velocities equal finite differences of the positions along qvel', () => {
  const k = new WalkerKinematics();
  const h = 1e-6;
  for (let seed = 6; seed <= 9; seed++) {
    const x = randomState(seed);
    k.update(x);
    const { comX, comZ, comVx, comVz, hipX, hipVx } = k;
    const xp = x.slice();
    const xm = x.slice();
    for (let i = 0; i < 9; i++) {
      xp[i] += h * x[9 + i];
      xm[i] -= h * x[9 + i];
    }
    const kp = new WalkerKinematics().update(xp);
    const km = new WalkerKinematics().update(xm);
    assert.ok(Math.abs((kp.comX - km.comX) / (2 * h) - comVx) < 1e-7, `com vx seed ${seed}`);
    assert.ok(Math.abs((kp.comZ - km.comZ) / (2 * h) - comVz) < 1e-7, `com vz seed ${seed}`);
    assert.ok(Math.abs((kp.hipX - km.hipX) / (2 * h) - hipVx) < 1e-7, `hip vx seed ${seed}`);
    assert.ok(Number.isFinite(comX + comZ + hipX));
  }
});

test('standing state: both soles exactly on the ground, centre of mass above the feet', () => {
  const k = new WalkerKinematics().update(task.initialState());
  for (let leg = 0; leg < 2; leg++) assert.ok(Math.abs(k.soleZ[leg]) < 1e-12, `sole ${leg} at ${k.soleZ[leg]}`);
  // The feet stick out 0.2 m forward, 0.1 m back: the centre of mass lies ahead of the ankles.
  assert.ok(k.comX > 0 && k.comX < 0.2, `comX ${k.comX}`);
  assert.ok(Math.abs(k.masses.total - 26.364) < 1e-3, `total mass ${k.masses.total}`);
});

test.after(() => task.dispose());
test.run();
