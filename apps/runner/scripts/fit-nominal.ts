/**
 * Can a policy represent the DDP nominal's controls? Fits a 50-unit MlpPolicy to the nominal's T
 * (observation, control) pairs alone, with pretrain's two std modes, and prints the rms residual of
 * each control and the nominal's chatter (study script).
 *   node --import tsx apps/runner/scripts/fit-nominal.ts <task> <run dir>/guides.json [evaluations]
 */
import { readFileSync } from 'node:fs';
import { MlpPolicy, pretrain } from '@guided/mlp-policy';
import { createTask } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { chatter, firstGuideFromJSON } from '../src/guides.js';

const [taskName, guidesPath, evaluationsArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const { nominal } = firstGuideFromJSON(JSON.parse(readFileSync(guidesPath, 'utf8')));
const T = nominal.actions.length / task.actionDim;
const nx = task.stateDim;
const nu = task.actionDim;
const no = task.obsDim;
const obs = new Float64Array(T * no);
for (let t = 0; t < T; t++) task.observe(nominal.states.subarray(t * nx, (t + 1) * nx), obs, 0, t * no);
for (const std of ['joint', 'residual'] as const) {
  const policy = new MlpPolicy({ inputDim: no, actionDim: nu, hidden: [50], seed: 1 });
  policy.fitNormalization(T, obs);
  const fit = pretrain(policy, { n: T, obs, actions: nominal.actions, maxEvaluations: Number(evaluationsArg ?? 3000), maxIterations: 100_000, std });
  const means = new Float64Array(T * nu);
  policy.mean(T, obs, means);
  const rms = Array.from({ length: nu }, (_, d) => {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += (means[t * nu + d] - nominal.actions[t * nu + d]) ** 2;
    return +Math.sqrt(sum / T).toFixed(4);
  });
  console.log(JSON.stringify({ task: taskName, std, evaluations: fit.evaluations, chatter: +chatter(nominal.actions, nu).toFixed(3), rms }));
}
task.dispose();
