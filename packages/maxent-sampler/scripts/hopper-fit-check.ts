/**
 * Check of fitLinearization (study script): on one saved nominal, rolls out n samples of the
 * finite-difference π_G, fits A_t, B_t, and prints per step the relative difference between the
 * fitted and finite-difference Jacobians and the one-step prediction errors of both models on
 * held-out samples (RMS over samples of ‖δx_{t+1} − A δx_t − B δu_t‖, velocity rows).
 *   tsx scripts/hopper-fit-check.ts '{"dir":"D","seed":3,"candidate":5,"n":300,"lambda":0.1,"margin":20}'
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import { CachedLinearizer, fitLinearization, guideFor, nominalFromJSON, r3, type GainSetting } from './hopper-study-lib.js';

const args = JSON.parse(process.argv[2] ?? '{}');

async function main(): Promise<void> {
  const task = await createTask('hopper', hopper.overrides);
  const pool = await SimPool.create({ task: 'hopper', overrides: hopper.overrides, workers: 2 });
  const lin = new CachedLinearizer('hopper', hopper.overrides, 2);
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const d = hopper.ddp;
  const g: GainSetting = { w: d.tracking, su: d.actionWeight, sx: d.stateWeights!, tau: d.temperature, eps: args.eps ?? [d.gainEps] };
  const n = nominalFromJSON(JSON.parse(readFileSync(join(args.dir, `s${args.seed}c${args.candidate}.json`), 'utf8')));
  const key = `s${args.seed}c${args.candidate}`;
  const fdA = new Float64Array(T * nx * nx);
  const fdB = new Float64Array(T * nx * nu);
  await lin.forNominal(key, g.eps).linearizeTrajectory(T, n.states, n.actions, fdA, fdB);
  const guide = await guideFor(task, n, key, lin, g);
  const N = args.n ?? 300;
  const fitTr = (await pool.rollouts(guide.policy.toDescriptor(), Array.from({ length: N }, (_, i) => 600_000_000 + i), { T, motorNoise: args.motorNoise ?? true })) as SimTrajectory[];
  const testTr = (await pool.rollouts(guide.policy.toDescriptor(), Array.from({ length: 100 }, (_, i) => 700_000_000 + i), { T, motorNoise: args.motorNoise ?? true })) as SimTrajectory[];
  const fit = fitLinearization(task, n, fitTr, fdA, fdB, args.lambda ?? 0.1, args.margin ?? 20);
  const margin = args.margin ?? 20;
  const lo = task.actionLower;
  const hi = task.actionUpper;
  const dx = new Float64Array(nx);
  const du = new Float64Array(nu);
  for (let t = 0; t < T; t++) {
    let errFd = 0;
    let errFit = 0;
    let dev = 0;
    let cnt = 0;
    for (const tr of testTr) {
      const end = Math.min(tr.T, (tr.fellAt >= 0 ? tr.fellAt : Infinity) - margin);
      if (t + 1 > end) continue;
      for (let i = 0; i < nx; i++) dx[i] = tr.states[t * nx + i] - n.states[t * nx + i];
      for (let j = 0; j < nu; j++) du[j] = Math.min(hi[j], Math.max(lo[j], tr.controls[t * nu + j])) - n.actions[t * nu + j];
      for (let i = 6; i < nx; i++) {
        const y = tr.states[(t + 1) * nx + i] - n.states[(t + 1) * nx + i];
        let pf = 0;
        let pq = 0;
        for (let a = 0; a < nx; a++) {
          pf += fdA[t * nx * nx + i * nx + a] * dx[a];
          pq += fit.A[t * nx * nx + i * nx + a] * dx[a];
        }
        for (let j = 0; j < nu; j++) {
          pf += fdB[t * nx * nu + i * nu + j] * du[j];
          pq += fit.B[t * nx * nu + i * nu + j] * du[j];
        }
        errFd += (y - pf) ** 2;
        errFit += (y - pq) ** 2;
        dev += y * y;
      }
      cnt++;
    }
    if (t % (args.every ?? 5) === 0 || args.all) {
      const foot = n.states[t * nx + 1];
      process.stdout.write(
        JSON.stringify({ t, used: fit.used[t], test: cnt, devRms: r3(Math.sqrt(dev / Math.max(cnt, 1))), fdErr: r3(Math.sqrt(errFd / Math.max(cnt, 1))), fitErr: r3(Math.sqrt(errFit / Math.max(cnt, 1))), z: r3(foot), vz: r3(n.states[t * nx + 7]) }) + '\n',
      );
    }
  }
  await lin.close();
  await pool.close();
  task.dispose();
}
main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
