/**
 * How well line 19's choice (gps final-selection.ts) predicts a policy's real value (study script).
 * For each policy that held θ* in a finished run (result.json's selection.candidates), the parameters
 * are read from the run's checkpoint and `rollouts` fresh noisy rollouts are drawn (seeds 8,000,000 + i,
 * which no run uses): one JSON line per candidate with its own-sample count and mean (what the
 * selection saw), the fresh mean, cost ratio against the run's example, and falls.
 *   node --import tsx apps/runner/scripts/candidate-study.ts runs/<run> [rollouts=200]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mlpPolicyFromJSON, mlpPolicySpec } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { summarize } from '../src/final-evaluation.js';

const [dir, countArg] = process.argv.slice(2);
const rollouts = Number(countArg ?? 200);
if (!dir || !Number.isInteger(rollouts) || rollouts < 1) {
  process.stderr.write('usage: node --import tsx apps/runner/scripts/candidate-study.ts runs/<run> [rollouts=200]\n');
  process.exit(2);
}
const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
if (!result.selection) throw new Error(`${dir}: result.json has no selection (the run used finalSelection 'star')`);
const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint', 'checkpoint.json'), 'utf8'));
const paramsOf = new Map<string, number[]>(checkpoint.distributions.filter((d: any) => d.params).map((d: any) => [d.label, d.params]));
const config = Object.values(await import(pathToFileURL(resolve('apps', result.task, 'src', 'config.ts')).href))[0] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides });
try {
  const policy = mlpPolicyFromJSON(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')));
  const seeds = Array.from({ length: rollouts }, (_, i) => 8_000_000 + i);
  for (const candidate of result.selection.candidates as { label: string; samples: number; meanReward: number }[]) {
    const params = paramsOf.get(candidate.label);
    if (!params) throw new Error(`${dir}: the checkpoint holds no parameters for ${candidate.label}`);
    policy.setParams(Float64Array.from(params));
    const trajs = (await pool.rollouts(mlpPolicySpec(policy), seeds, { T: task.horizon })) as SimTrajectory[];
    const fresh = summarize(task, trajs, result.exampleReward);
    process.stdout.write(
      JSON.stringify({
        label: candidate.label,
        chosen: candidate.label === result.selection.chosen,
        loopStar: candidate.label === result.selection.loopStar,
        ownSamples: candidate.samples,
        ownMean: Number(candidate.meanReward.toFixed(3)),
        freshMean: Number(fresh.meanReward.toFixed(3)),
        costRatio: Number(fresh.costRatio.toFixed(4)),
        falls: fresh.falls,
        rollouts,
      }) + '\n',
    );
  }
} finally {
  await pool.close();
  task.dispose();
}
