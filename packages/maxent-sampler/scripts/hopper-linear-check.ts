/**
 * Does the gains' linear model predict how a small start perturbation evolves? (study script)
 * For one saved nominal: π_G's mean controller (τ → 0, no motor noise) from x0 + s·δ, δ a draw of
 * the task's initial-state noise pattern, against the linear closed loop δ_{t+1} = (A_t + B_t K_t) δ_t
 * on the gains' own Jacobians. Prints ‖δ_t‖ (positions, velocities) of both every `every` steps.
 *   tsx scripts/hopper-linear-check.ts '{"dir":"D","seed":2,"candidate":5,"scale":1e-3,"draw":0}'
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@guided/core';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import { CachedLinearizer, guideFor, nominalFromJSON, r3, type GainSetting } from './hopper-study-lib.js';

const args = JSON.parse(process.argv[2] ?? '{}');

async function main(): Promise<void> {
  const overrides = { ...hopper.overrides, ...(args.overrides ?? {}) };
  const task = await createTask('hopper', overrides);
  const pool = await SimPool.create({ task: 'hopper', overrides, workers: 1 });
  const lin = new CachedLinearizer('hopper', overrides, 2);
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const d = hopper.ddp;
  const g: GainSetting = { w: d.tracking, su: d.actionWeight, sx: d.stateWeights!, tau: 0, eps: [d.gainEps], ...(args.setting ?? {}) };
  const n = nominalFromJSON(JSON.parse(readFileSync(join(args.dir, `s${args.seed}c${args.candidate}.json`), 'utf8')));
  const key = `s${args.seed}c${args.candidate}`;
  const A = new Float64Array(T * nx * nx);
  const B = new Float64Array(T * nx * nu);
  await lin.forNominal(key, g.eps).linearizeTrajectory(T, n.states, n.actions, A, B);
  const guide = await guideFor(task, n, key, lin, g);
  const K = guide.policy.gains;
  const rng = new Rng(1000 + (args.draw ?? 0));
  const delta = new Float64Array(nx);
  for (let i = 3; i < nx; i++) delta[i] = (args.scale ?? 1e-3) * rng.normal();
  const x0 = Float64Array.from(n.states.subarray(0, nx));
  for (let i = 0; i < nx; i++) x0[i] += delta[i];
  const [tr] = (await pool.rollouts(guide.policy.toDescriptor(), [1], { T, motorNoise: false, initialStates: [x0] })) as SimTrajectory[];
  let lin_ = Float64Array.from(delta);
  const next = new Float64Array(nx);
  const du = new Float64Array(nu);
  const norm = (v: ArrayLike<number>, a: number, b: number): number => {
    let s = 0;
    for (let i = a; i < b; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  };
  const every = args.every ?? 10;
  for (let t = 0; t <= T; t++) {
    if (t % every === 0 && t <= tr.T) {
      const act = new Float64Array(nx);
      for (let i = 0; i < nx; i++) act[i] = tr.states[t * nx + i] - n.states[t * nx + i];
      process.stdout.write(
        JSON.stringify({ t, actualQ: r3(norm(act, 0, 6) * 1000) / 1000, actualV: r3(norm(act, 6, 12)), linearQ: r3(norm(lin_, 0, 6) * 1000) / 1000, linearV: r3(norm(lin_, 6, 12)) }) + '\n',
      );
    }
    if (t === T) break;
    for (let j = 0; j < nu; j++) {
      let s = 0;
      for (let i = 0; i < nx; i++) s += K[t * nu * nx + j * nx + i] * lin_[i];
      du[j] = s;
    }
    for (let r = 0; r < nx; r++) {
      let s = 0;
      for (let i = 0; i < nx; i++) s += A[t * nx * nx + r * nx + i] * lin_[i];
      for (let j = 0; j < nu; j++) s += B[t * nx * nu + r * nu + j] * du[j];
      next[r] = s;
    }
    lin_ = Float64Array.from(next);
  }
  process.stdout.write(JSON.stringify({ fellAt: tr.fellAt, diverged: tr.diverged }) + '\n');
  await lin.close();
  await pool.close();
  task.dispose();
}
main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
