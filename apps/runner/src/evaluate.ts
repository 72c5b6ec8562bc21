/**
 * Re-evaluates finished runs' learned policies on more fresh noisy rollouts than result.json's 10:
 * `node --import tsx apps/runner/src/evaluate.ts [--mean-action] <rollouts> runs/<run> [runs/<run> …]`
 * prints one JSON line per run (mean, median, worst and best return, the cost ratio against the run's
 * DDP example, average forward velocity and falls). Seeds 7,000,000 + i: none is used by a run itself.
 * `--mean-action` runs the policy's mean μ_θ(x) (its exploration std set to the floor, 1e-3) instead
 * of sampling u ~ N(μ_θ(x), σ²); the motor noise stays.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SimPool, createTask } from '@guided/sim';
import { mlpPolicyFromJSON, mlpPolicySpec } from '@guided/mlp-policy';
import type { BenchmarkConfig } from './config.js';
import { describe } from './guides.js';

const args = process.argv.slice(2);
const meanAction = args[0] === '--mean-action';
const [count, ...dirs] = meanAction ? args.slice(1) : args;
const rollouts = Number(count);
if (!Number.isInteger(rollouts) || rollouts < 1 || dirs.length === 0) {
  process.stderr.write('usage: node --import tsx apps/runner/src/evaluate.ts [--mean-action] <rollouts> runs/<run> [runs/<run> …]\n');
  process.exit(2);
}
for (const dir of dirs) {
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  const module = await import(pathToFileURL(resolve('apps', result.task, 'src', 'config.ts')).href);
  const config = Object.values(module)[0] as BenchmarkConfig;
  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides });
  try {
    const policy = mlpPolicyFromJSON(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')));
    if (meanAction) {
      // σ_d = minStd + e^{s_d}: s_d = −50 leaves σ_d at the floor.
      const params = Float64Array.from(policy.getParams());
      const logStd = policy.paramBlocks().find((b) => b.name === 'logStd')!;
      params.fill(-50, logStd.offset, logStd.offset + logStd.rows);
      policy.setParams(params);
    }
    const seeds = Array.from({ length: rollouts }, (_, i) => 7_000_000 + i);
    const trajs = await pool.rollouts(mlpPolicySpec(policy), seeds, { T: task.horizon });
    const returns = trajs.map((t) => t.rewards.reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const described = trajs.map((t) => describe(task, t.states, t.T));
    process.stdout.write(
      JSON.stringify({
        run: dir,
        rollouts,
        policy: meanAction ? 'mean action' : 'sampled',
        mean: Number(mean.toFixed(3)),
        median: Number(returns[returns.length >> 1].toFixed(3)),
        worst: Number(returns[0].toFixed(3)),
        best: Number(returns[returns.length - 1].toFixed(3)),
        exampleReward: result.exampleReward,
        costRatio: Number((mean / result.exampleReward).toFixed(4)),
        forwardVelocity: Number((described.reduce((a, d) => a + d.avgVelocity, 0) / trajs.length).toFixed(4)),
        falls: described.filter((d, i) => d.fellAt >= 0 || trajs[i].diverged).length,
      }) + '\n',
    );
  } finally {
    await pool.close();
    task.dispose();
  }
}
