/**
 * Hopper guiding samples under buildGuide's construction, lever by lever (study script, not part of
 * the package). Two commands:
 *
 *   tsx scripts/hopper-study.ts search '{"dir":"D","seeds":[1,2,3],"candidates":[0,1,2,3,4,5]}'
 *     runs the runner's DDP search (apps/hopper's config, optionally patched by "overrides"/"ddp")
 *     and saves D/s<seed>c<c>.json per nominal.
 *
 *   tsx scripts/hopper-study.ts eval '{"dir":"D","seeds":[1,2,3],"candidates":[0,…],
 *        "settings":[{…}, …], "fresh":0, "label":"…"}'
 *     for each setting (GainSetting fields over the config's defaults: w, su, sx, tau, eps, box,
 *     gainClamp, kscale) and each saved nominal, builds π_G and rolls out buildGuide's 40 trial
 *     samples (seeds seed·100000 + c·1000 + i); prints one JSON line per nominal, then one line per
 *     seed with the candidate buildGuide would keep (fewest falls, then best nominal reward) and,
 *     when fresh > 0, that candidate's fall fraction on `fresh` other samples (an unbiased figure:
 *     the trial samples also chose the candidate).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { hopper } from '../../../apps/hopper/src/config.js';
import type { BenchmarkConfig } from '../../../apps/runner/src/config.js';
import {
  CachedLinearizer,
  guideFor,
  nominalFromJSON,
  nominalToJSON,
  r3,
  sampleStats,
  searchNominal,
  trialSeeds,
  type GainSetting,
  type Nominal,
  type SampleStats,
} from './hopper-study-lib.js';

const [command, raw] = process.argv.slice(2);
const args = JSON.parse(raw ?? '{}');
const WORKERS = Math.min(2, args.workers ?? 2);

function configFrom(a: any): BenchmarkConfig {
  return {
    ...hopper,
    overrides: { ...hopper.overrides, ...(a.overrides ?? {}) },
    ddp: { ...hopper.ddp, ...(a.ddp ?? {}) },
  };
}

const out = (o: unknown): void => {
  process.stdout.write(JSON.stringify(o) + '\n');
};

async function search(): Promise<void> {
  const config = configFrom(args);
  mkdirSync(args.dir, { recursive: true });
  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: WORKERS });
  try {
    for (const seed of args.seeds as number[]) {
      for (const c of args.candidates as number[]) {
        const file = join(args.dir, `s${seed}c${c}.json`);
        if (existsSync(file)) continue;
        const n = await searchNominal(config, task, pool, seed, c);
        writeFileSync(file, JSON.stringify(nominalToJSON(n)));
        out({ seed, candidate: c, reward: r3(n.reward), velocity: r3(n.velocity), fellAt: n.fellAt, saturated: n.saturated, seconds: r3(n.seconds) });
      }
    }
  } finally {
    await pool.close();
    task.dispose();
  }
}

async function evaluate(): Promise<void> {
  const config = configFrom(args);
  const { ddp } = config;
  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: WORKERS });
  const lin = new CachedLinearizer('hopper', config.overrides, WORKERS);
  const nominals: Nominal[] = [];
  for (const seed of args.seeds as number[]) {
    for (const c of args.candidates as number[]) nominals.push(nominalFromJSON(JSON.parse(readFileSync(join(args.dir, `s${seed}c${c}.json`), 'utf8'))));
  }
  const samples = args.samples ?? ddp.trialSamples;
  const fresh = args.fresh ?? 0;
  // "motorNoise": false rolls out without the task's motor noise (the guide's own Σ only).
  const rolloutOptions = { T: task.horizon, motorNoise: args.motorNoise ?? true };
  try {
    for (const patch of args.settings as Partial<GainSetting>[]) {
      const g: GainSetting = {
        w: ddp.tracking,
        su: ddp.actionWeight,
        sx: ddp.stateWeights ?? new Array(task.stateDim).fill(1),
        tau: ddp.temperature,
        eps: [ddp.gainEps],
        ...patch,
      };
      const t0 = performance.now();
      const rows: { n: Nominal; trial: SampleStats; policy: Awaited<ReturnType<typeof guideFor>> }[] = [];
      for (const n of nominals) {
        const guide = await guideFor(task, n, `s${n.seed}c${n.candidate}`, lin, g);
        const trajs = (await pool.rollouts(guide.policy.toDescriptor(), trialSeeds(n.seed, n.candidate, samples), rolloutOptions)) as SimTrajectory[];
        const trial = sampleStats(task, trajs);
        rows.push({ n, trial, policy: guide });
        out({
          label: args.label,
          setting: patch,
          seed: n.seed,
          candidate: n.candidate,
          nominalReward: r3(n.reward),
          nominalVelocity: r3(n.velocity),
          nominalFellAt: n.fellAt,
          ...trial,
          maxGain: r3(guide.maxGain),
          clamped: guide.clamped,
          meanStd: r3(guide.meanStd),
        });
      }
      for (const seed of args.seeds as number[]) {
        let best: (typeof rows)[number] | null = null;
        for (const r of rows) {
          if (r.n.seed !== seed) continue;
          if (!best || r.trial.fallFraction < best.trial.fallFraction || (r.trial.fallFraction === best.trial.fallFraction && r.n.reward > best.n.reward)) best = r;
        }
        if (!best) continue;
        const line: Record<string, unknown> = {
          label: args.label,
          setting: patch,
          seed,
          chosen: best.n.candidate,
          nominalReward: r3(best.n.reward),
          nominalVelocity: r3(best.n.velocity),
          trial: best.trial,
        };
        if (fresh > 0) {
          const seeds = Array.from({ length: fresh }, (_, i) => 900_000_000 + seed * 10_000 + i);
          const trajs = (await pool.rollouts(best.policy.policy.toDescriptor(), seeds, rolloutOptions)) as SimTrajectory[];
          line.fresh = sampleStats(task, trajs);
        }
        out({ summary: true, ...line });
      }
      process.stderr.write(`setting ${JSON.stringify(patch)}: ${r3((performance.now() - t0) / 1000)} s\n`);
    }
  } finally {
    await lin.close();
    await pool.close();
    task.dispose();
  }
}

(command === 'search' ? search() : command === 'eval' ? evaluate() : Promise.reject(new Error(`unknown command ${command}`))).catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
