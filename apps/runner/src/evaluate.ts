/**
 * Re-evaluates finished runs' learned policies (runs/<run>/policy.json) on fresh noisy rollouts:
 *   node --import tsx apps/runner/src/evaluate.ts [--mean-action] <rollouts> runs/<run> [runs/<run> …]
 * prints one JSON line per run (mean, median, worst and best return, the cost ratio against the run's
 * DDP example, average forward velocity and falls), on seeds 7,000,000 + i, which no run uses.
 * `--mean-action` runs the policy's mean μ_θ(x) (final-evaluation.ts's actingWithMean) instead of
 * sampling u ~ N(μ_θ(x), σ²); the motor noise stays.
 *   node --import tsx apps/runner/src/evaluate.ts --record-mean-action runs/<run> [runs/<run> …]
 * adds result.json's `meanAction` to runs made before run.ts recorded it: the run's own evaluation
 * seeds and rollout count, acting with the mean, exactly as run.ts computes it now.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { totalReward } from '@guided/gps';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import { mlpPolicyFromJSON, mlpPolicySpec } from '@guided/mlp-policy';
import type { BenchmarkConfig } from './config.js';
import { actingWithMean, evaluationSeeds, summarize } from './final-evaluation.js';

const USAGE =
  'usage: node --import tsx apps/runner/src/evaluate.ts [--mean-action] <rollouts> runs/<run> [runs/<run> …]\n' +
  '       node --import tsx apps/runner/src/evaluate.ts --record-mean-action runs/<run> [runs/<run> …]\n';
const args = process.argv.slice(2);
const record = args[0] === '--record-mean-action';
const meanAction = record || args[0] === '--mean-action';
const rest = meanAction ? args.slice(1) : args;
const rollouts = record ? 0 : Number(rest[0]);
const dirs = record ? rest : rest.slice(1);
if (dirs.length === 0 || (!record && (!Number.isInteger(rollouts) || rollouts < 1))) {
  process.stderr.write(USAGE);
  process.exit(2);
}
for (const dir of dirs) {
  const resultFile = join(dir, 'result.json');
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  const module = await import(pathToFileURL(resolve('apps', result.task, 'src', 'config.ts')).href);
  const config = Object.values(module)[0] as BenchmarkConfig;
  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides });
  try {
    const learned = mlpPolicyFromJSON(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')));
    const policy = meanAction ? actingWithMean(learned) : learned;
    const seeds = record
      ? evaluationSeeds(result.seed, result.evaluationRollouts)
      : Array.from({ length: rollouts }, (_, i) => 7_000_000 + i);
    const trajs = (await pool.rollouts(mlpPolicySpec(policy), seeds, { T: task.horizon })) as SimTrajectory[];
    const summary = summarize(task, trajs, result.exampleReward);
    if (record) {
      const tmp = `${resultFile}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ ...result, meanAction: summary }, null, 2) + '\n');
      renameSync(tmp, resultFile);
    }
    const returns = trajs.map(totalReward).sort((a, b) => a - b);
    process.stdout.write(
      JSON.stringify({
        run: dir,
        rollouts: summary.rollouts,
        policy: meanAction ? 'mean action' : 'sampled',
        mean: Number(summary.meanReward.toFixed(3)),
        median: Number(returns[returns.length >> 1].toFixed(3)),
        worst: Number(returns[0].toFixed(3)),
        best: Number(returns[returns.length - 1].toFixed(3)),
        exampleReward: result.exampleReward,
        costRatio: Number(summary.costRatio.toFixed(4)),
        forwardVelocity: Number(summary.forwardVelocity.toFixed(4)),
        falls: summary.falls,
        ...(record ? { recorded: resultFile } : {}),
      }) + '\n',
    );
  } finally {
    await pool.close();
    task.dispose();
  }
}
