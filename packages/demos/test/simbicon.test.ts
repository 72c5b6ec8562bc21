import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '@guided/core';
import { createTask, rollout, SimPool, type RolloutPolicy } from '@guided/sim';
import { DEFAULT_SIMBICON_PARAMS, SimbiconController, WalkerKinematics, simbiconForTask, simbiconFromJSON } from '../src/index.js';

const task = await createTask('walker');
const T = 200;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Wraps the controller so that each step's FSM state (after act) is logged. */
function logged(c: SimbiconController, log: number[]): RolloutPolicy {
  return {
    act(obs, rng, out, t, state) {
      const u = c.act(obs, rng, out, t, state);
      log.push(c.state);
      return u;
    },
  };
}

test('walks 200 noisy steps without falling on 4 seeds, moving forward with the torso top near 1.45 m', () => {
  const c = new SimbiconController();
  for (const seed of [11, 12, 13, 14]) {
    const traj = rollout(task, c, { seed, T });
    assert.is(traj.fellAt, -1, `seed ${seed} fell at ${traj.fellAt}`);
    assert.is(traj.diverged, null);
    const distance = traj.states[T * 18] - traj.states[0];
    // From rest: at least 1.4 m in 2 s (the tuned gait reaches about 1 m/s after the first second).
    assert.ok(distance > 1.4, `seed ${seed}: walked ${distance} m in 2 s`);
    for (let t = 0; t <= T; t++) {
      const h = traj.states[t * 18 + 1];
      assert.ok(h > 1.35 && h < 1.5, `seed ${seed}, step ${t}: torso top at ${h}`);
    }
    for (let i = 0; i < traj.actions.length; i++) assert.ok(Math.abs(traj.actions[i]) <= 1, `action ${i} = ${traj.actions[i]}`);
  }
});

test('the FSM cycles 0 → 1 → 2 → 3 → 0, state 0/2 lasts swingDuration, both feet strike', () => {
  const c = new SimbiconController();
  const log: number[] = [];
  rollout(task, logged(c, log), { seed: 5, T });
  const dwell = Math.round(c.params.swingDuration / c.params.controlDt);
  const runs: [number, number][] = [];
  for (const s of log) {
    if (runs.length > 0 && runs[runs.length - 1][0] === s) runs[runs.length - 1][1]++;
    else runs.push([s, 1]);
  }
  assert.is(runs[0][0], 0, 'starts with the right leg swinging');
  for (let i = 1; i < runs.length; i++) assert.is(runs[i][0], (runs[i - 1][0] + 1) % 4, `transition ${i}: ${runs[i - 1][0]} → ${runs[i][0]}`);
  // Every completed timed state lasts exactly swingDuration (the first one includes step 0).
  for (let i = 0; i < runs.length - 1; i++) if (runs[i][0] % 2 === 0) assert.is(runs[i][1], dwell, `timed state run ${i}`);
  const rightStrikes = runs.filter(([s], i) => s === 1 && i < runs.length - 1).length;
  const leftStrikes = runs.filter(([s], i) => s === 3 && i < runs.length - 1).length;
  assert.ok(rightStrikes >= 2 && leftStrikes >= 2, `strikes right ${rightStrikes}, left ${leftStrikes}`);
  assert.is(c.footStrikes, rightStrikes + leftStrikes);
});

test('touch-down is detected at the first state whose swing sole is below contactHeight (FK from the state)', () => {
  const c = new SimbiconController();
  const log: number[] = [];
  const traj = rollout(task, logged(c, log), { seed: 6, T });
  const k = new WalkerKinematics();
  const sole = (t: number, leg: number): number => k.update(traj.states.subarray(t * 18, t * 18 + 18)).soleZ[leg];
  let checked = 0;
  for (let t = 1; t < log.length; t++) {
    const strike = (log[t - 1] === 1 && log[t] === 2) || (log[t - 1] === 3 && log[t] === 0);
    if (log[t - 1] === 1 || log[t - 1] === 3) {
      const swing = log[t - 1] === 1 ? 0 : 1;
      // act(x_t) decides the switch from x_t: the swing sole is down exactly when the state changes.
      assert.is(sole(t, swing) < c.params.contactHeight, strike, `step ${t}: sole at ${sole(t, swing)}, switched ${strike}`);
      if (strike) checked++;
    }
  }
  assert.ok(checked >= 4, `${checked} strikes checked`);
});

test('same seed → same trajectory bit for bit; the controller resets itself at t = 0', () => {
  const c = new SimbiconController();
  const a = rollout(task, c, { seed: 21, T: 150 });
  rollout(task, c, { seed: 22, T: 77 }); // leaves the FSM mid-stride
  const b = rollout(task, c, { seed: 21, T: 150 });
  const fresh = rollout(task, new SimbiconController(), { seed: 21, T: 150 });
  for (const other of [b, fresh]) {
    assert.ok(sameBits(a.states, other.states), 'states');
    assert.ok(sameBits(a.actions, other.actions), 'actions');
  }
  const d = rollout(task, c, { seed: 23, T: 150 });
  assert.not.ok(sameBits(a.states, d.states), 'another seed gives another trajectory');
});

test('reset() returns to state 0 with the clock at 0; firstSwing left starts in state 2', () => {
  const c = new SimbiconController();
  const x = task.initialState();
  const rng = new Rng(1);
  for (let t = 0; t < 40; t++) c.act(new Float64Array(17), rng, undefined, undefined, x);
  assert.is.not(c.state, 0);
  c.reset();
  assert.is(c.state, 0);
  assert.is(c.timeInState, 0);
  const left = new SimbiconController({ firstSwing: 'left' });
  assert.is(left.state, 2);
  assert.is(left.stanceLeg, 0);
});

test('JSON round trip gives identical actions along a noisy rollout', () => {
  const c = new SimbiconController({ torsoPitch: 0.05, phase2: { cd: 1.9 } });
  const copy = simbiconFromJSON(JSON.parse(JSON.stringify(c)));
  assert.equal(copy.params, c.params);
  const a = rollout(task, c, { seed: 31, T: 150 });
  const b = rollout(task, copy, { seed: 31, T: 150 });
  assert.ok(sameBits(a.actions, b.actions), 'actions');
  assert.ok(sameBits(a.states, b.states), 'states');
});

test('the worker pool rebuilds the controller from describe() and reproduces in-thread rollouts', async () => {
  const c = new SimbiconController();
  const desc = c.describe();
  assert.is(desc.exportName, 'simbiconFromJSON');
  assert.is(desc.module, new URL('../src/simbicon.ts', import.meta.url).href, 'absolute URL of the module exporting simbiconFromJSON');
  // The sim's workers run its built dist without tsx: go through a shim that registers tsx first.
  desc.module = new URL('./fixtures/simbicon-from-source.mjs', import.meta.url).href;
  const pool = await SimPool.create({ task: 'walker', workers: 2 });
  try {
    const batch = await pool.rollouts(desc, [41, 42, 43], { T: 100 });
    for (const traj of batch) {
      const local = rollout(task, c, { seed: traj.seed, T: 100 });
      assert.ok(sameBits(traj.states, local.states), `seed ${traj.seed}: states`);
      assert.ok(sameBits(traj.actions, local.actions), `seed ${traj.seed}: actions`);
    }
  } finally {
    await pool.close();
  }
});

test('bad parameters throw an Error naming the field and the value', () => {
  const cases: [unknown, string][] = [
    [{ kpKnee: -3 }, 'SimbiconController: params.kpKnee must be a finite number ≥ 0, got -3'],
    [{ swingDuration: 0 }, 'SimbiconController: params.swingDuration must be a finite number > 0, got 0'],
    [{ torsoPitch: NaN }, 'SimbiconController: params.torsoPitch must be a finite number, got NaN'],
    [{ phase2: { cd: Infinity } }, 'SimbiconController: params.phase2.cd must be a finite number, got Infinity'],
    [{ phase1: { swingHipp: 0.3 } }, 'SimbiconController: unknown parameter params.phase1.swingHipp'],
    [{ kp: 3 }, 'SimbiconController: unknown parameter params.kp'],
    [{ balancePoint: 'foot' }, `SimbiconController: params.balancePoint must be 'com' or 'hip', got "foot"`],
    [{ gears: [100, 0, 50] }, 'SimbiconController: params.gears[1] must be a finite number > 0, got 0'],
    [{ geometry: { thighLength: -0.45 } }, 'SimbiconController: params.geometry.thighLength must be a finite number > 0, got -0.45'],
  ];
  for (const [params, message] of cases) {
    assert.throws(() => new SimbiconController(params as never), (e: Error) => e.message === message, message);
  }
  assert.throws(() => simbiconFromJSON({ kind: 'mlp' }), (e: Error) => e.message === `simbiconFromJSON: expected an object with kind 'simbicon', got kind "mlp"`);
  assert.throws(() => simbiconFromJSON({ kind: 'simbicon', params: { kdAnkle: -1 } }), (e: Error) => e.message === 'SimbiconController: params.kdAnkle must be a finite number ≥ 0, got -1');
});

test('a missing, short or non-finite state throws an Error naming it', () => {
  const c = new SimbiconController();
  const rng = new Rng(1);
  const obs = new Float64Array(17);
  assert.throws(() => c.act(obs, rng, undefined, 0), (e: Error) => e.message === 'SimbiconController.act: state (the full walker state x) is required, got undefined');
  assert.throws(() => c.act(obs, rng, undefined, 0, new Float64Array(17)), (e: Error) => e.message === 'SimbiconController.act: state must have length 18, got 17');
  const x = task.initialState();
  x[12] = NaN;
  assert.throws(() => c.act(obs, rng, undefined, 0, x), (e: Error) => e.message === 'SimbiconController.act: state[12] is NaN');
  assert.throws(() => c.act(obs, rng, new Float64Array(5), 0, task.initialState()), (e: Error) => e.message === 'SimbiconController.act: out must have length 6, got 5');
});

test('simbiconForTask takes terrain, gears, geometry and control step from the task; walks 10° rough ground', async () => {
  const rough = await createTask('walker', { terrain: { type: 'rough', seed: 1, maxSlopeDeg: 10 }, model: { ankleGear: 60 } });
  try {
    const c = simbiconForTask(rough, { torsoPitch: DEFAULT_SIMBICON_PARAMS.torsoPitch });
    assert.equal(c.params.terrain, rough.spec.terrain);
    assert.equal(c.params.gears, [100, 100, 60]);
    assert.is(c.params.geometry.footLength, rough.spec.model.footLength);
    assert.is(c.params.controlDt, rough.controlDt);
    for (const seed of [1, 2]) {
      const traj = rollout(rough, c, { seed, T: 300 });
      assert.is(traj.fellAt, -1, `seed ${seed} fell at ${traj.fellAt}`);
      assert.ok(traj.states[300 * 18] > 1.5, `seed ${seed} reached x = ${traj.states[300 * 18]}`);
    }
  } finally {
    rough.dispose();
  }
  const hopper = await createTask('hopper');
  assert.throws(() => simbiconForTask(hopper as never), (e: Error) => e.message === "simbiconForTask: task must be the walker, got 'hopper'");
  hopper.dispose();
});

test('defaults and the parameters of a controller are frozen; the terrain is copied', () => {
  assert.ok(Object.isFrozen(DEFAULT_SIMBICON_PARAMS) && Object.isFrozen(DEFAULT_SIMBICON_PARAMS.phase1));
  const terrain = { type: 'incline' as const, slopeDeg: 5, startX: 1 };
  const c = new SimbiconController({ terrain });
  terrain.slopeDeg = 20;
  assert.equal(c.params.terrain, { type: 'incline', slopeDeg: 5, startX: 1 });
  assert.ok(Object.isFrozen(c.params.phase2) && Object.isFrozen(c.params.terrain) && Object.isFrozen(c.params.gears));
  assert.throws(() => new SimbiconController({ terrain: { type: 'hill' } as never }), (e: Error) => e.message.startsWith('SimbiconController: params: option terrain.type must be'));
});

test.after(() => task.dispose());
test.run();
