/**
 * Hopper guides whose gains come from a statistically fitted linearization (study script):
 *
 *   tsx scripts/hopper-fit.ts '{"dir":"D","seeds":[1,2,3],"candidates":[0,…],"setting":{…},
 *        "fitSamples":100,"iterations":3,"lambda":0.1,"margin":20,"fresh":200,"label":"…"}'
 *
 * Per saved nominal (hopper-study.ts search): π_G from the finite-difference Jacobians (iteration 0),
 * then `iterations` rounds of: roll out `fitSamples` noisy samples of the current π_G, fit A_t, B_t to
 * all samples so far (fitLinearization: least squares on the deviations from the nominal, ridge λ
 * toward the finite-difference Jacobians), rerun the tracking backward pass on them. Each π_G is
 * judged on buildGuide's 40 trial samples; one JSON line per nominal and iteration, then per seed and
 * iteration the candidate buildGuide's rule keeps, with `fresh` other samples when fresh > 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import {
  CachedLinearizer,
  fitLinearization,
  fixedLinearizer,
  guideFor,
  nominalFromJSON,
  r3,
  sampleStats,
  trialSeeds,
  type GainSetting,
  type Nominal,
  type SampleStats,
} from './hopper-study-lib.js';

const args = JSON.parse(process.argv[2] ?? '{}');
const out = (o: unknown): void => {
  process.stdout.write(JSON.stringify(o) + '\n');
};

async function main(): Promise<void> {
  const config = { ...hopper, overrides: { ...hopper.overrides, ...(args.overrides ?? {}) }, ddp: { ...hopper.ddp, ...(args.ddp ?? {}) } };
  const { ddp } = config;
  const task = await createTask(config.task, config.overrides);
  const workers = Math.min(2, args.workers ?? 2);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers });
  const lin = new CachedLinearizer('hopper', config.overrides, workers);
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const g: GainSetting = {
    w: ddp.tracking,
    su: ddp.actionWeight,
    sx: ddp.stateWeights ?? new Array(nx).fill(1),
    tau: ddp.temperature,
    eps: [ddp.gainEps],
    ...(args.setting ?? {}),
  };
  const iterations: number = args.iterations ?? 3;
  const fitSamples: number = args.fitSamples ?? 100;
  const lambda: number = args.lambda ?? 0.1;
  const margin: number = args.margin ?? 20;
  const fresh: number = args.fresh ?? 0;
  const rows: { n: Nominal; k: number; trial: SampleStats; descriptor: unknown }[] = [];
  try {
    for (const seed of args.seeds as number[]) {
      for (const c of args.candidates as number[]) {
        const n = nominalFromJSON(JSON.parse(readFileSync(join(args.dir, `s${seed}c${c}.json`), 'utf8')));
        const key = `s${seed}c${c}`;
        const fdA = new Float64Array(T * nx * nx);
        const fdB = new Float64Array(T * nx * nu);
        await lin.forNominal(key, g.eps).linearizeTrajectory(T, n.states, n.actions, fdA, fdB);
        let guide = await guideFor(task, n, key, lin, g);
        const pooled: SimTrajectory[] = [];
        for (let k = 0; ; k++) {
          const trajs = (await pool.rollouts(guide.policy.toDescriptor(), trialSeeds(seed, c, ddp.trialSamples), { T })) as SimTrajectory[];
          const trial = sampleStats(task, trajs);
          rows.push({ n, k, trial, descriptor: guide.policy.toDescriptor() });
          out({ label: args.label, seed, candidate: c, iteration: k, nominalReward: r3(n.reward), ...trial, maxGain: r3(guide.maxGain), fitSamples: pooled.length });
          if (k === iterations) break;
          const fitSeeds = Array.from({ length: fitSamples }, (_, i) => 500_000_000 + seed * 1_000_000 + c * 10_000 + k * 1000 + i);
          pooled.push(...((await pool.rollouts(guide.policy.toDescriptor(), fitSeeds, { T })) as SimTrajectory[]));
          const fit = fitLinearization(task, n, pooled, fdA, fdB, lambda, margin);
          guide = await guideFor(task, n, key, lin, g, fixedLinearizer(fit.A, fit.B));
        }
      }
    }
    for (let k = 0; k <= iterations; k++) {
      for (const seed of args.seeds as number[]) {
        let best: (typeof rows)[number] | null = null;
        for (const r of rows) {
          if (r.n.seed !== seed || r.k !== k) continue;
          if (!best || r.trial.fallFraction < best.trial.fallFraction || (r.trial.fallFraction === best.trial.fallFraction && r.n.reward > best.n.reward)) best = r;
        }
        if (!best) continue;
        const line: Record<string, unknown> = { summary: true, label: args.label, iteration: k, seed, chosen: best.n.candidate, nominalReward: r3(best.n.reward), nominalVelocity: r3(best.n.velocity), trial: best.trial };
        if (fresh > 0) {
          const seeds = Array.from({ length: fresh }, (_, i) => 900_000_000 + seed * 10_000 + i);
          line.fresh = sampleStats(task, (await pool.rollouts(best.descriptor as never, seeds, { T })) as SimTrajectory[]);
        }
        out(line);
      }
    }
  } finally {
    await lin.close();
    await pool.close();
    task.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
