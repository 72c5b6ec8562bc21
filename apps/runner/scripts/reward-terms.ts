/**
 * Where a learned policy's cost goes, beside its DDP example's (study script). The reward is
 * r(x, u) = −w_u ‖u‖² − w_v (v_x − v*)² − w_h (p_y − p*)² (Section 6); this splits each return into
 * its state part, Σ_t r(x_t, 0), and the rest, its control part Σ_t −w_u ‖u_t‖² of the controls
 * the reward saw (the recorded return minus the state part, not the stored actions, which a policy
 * may put outside the control range), for: the DDP nominal (the example, noise-free), the guide's mean controller under the task's noise, and the run's learned
 * policy sampled and acting with its mean, on the evaluation seeds 7,000,000 + i that no run uses.
 * Also each one's mean forward velocity and the std over time of the forward velocity.
 *   node --import tsx apps/runner/scripts/reward-terms.ts runs/<run> [rollouts=20]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { mlpPolicyFromJSON, mlpPolicySpec } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { actingWithMean } from '../src/final-evaluation.js';
import { guideMeanController, guidesFromJSON } from '../src/guides.js';

const [dir, countArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node --import tsx apps/runner/scripts/reward-terms.ts runs/<run> [rollouts=20]\n');
  process.exit(2);
}
const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
const module = await import(pathToFileURL(resolve('apps', result.task, 'src', 'config.ts')).href);
const config = Object.values(module)[0] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const T = task.horizon;
const nx = task.stateDim;
const nu = task.actionDim;
const zero = new Float64Array(nu);

/** One trajectory's return split into control and state parts, with its velocity's mean and std over time. */
function split(states: Float64Array, total: number) {
  let state = 0;
  const v: number[] = [];
  for (let t = 0; t < T; t++) {
    const x = states.subarray(t * nx, (t + 1) * nx);
    state += task.reward.reward(x, zero);
    v.push(task.forwardVelocity(x));
  }
  const control = total - state;
  const mean = v.reduce((a, b) => a + b, 0) / T;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / T);
  return { total, control, state, velocity: mean, velocityStd: std };
}
const average = (rows: ReturnType<typeof split>[]) => {
  const keys = Object.keys(rows[0]) as (keyof ReturnType<typeof split>)[];
  return Object.fromEntries(keys.map((k) => [k, +(rows.reduce((a, r) => a + r[k], 0) / rows.length).toFixed(3)]));
};

const seeds = Array.from({ length: Number(countArg ?? 20) }, (_, i) => 7_000_000 + i);
const rolled = async (descriptor: unknown) => {
  const trajs = (await pool.rollouts(descriptor as never, seeds, { T })) as SimTrajectory[];
  return average(trajs.map((t) => split(t.states, t.rewards.reduce((s, r) => s + r, 0))));
};
try {
  const guides = guidesFromJSON(JSON.parse(readFileSync(join(dir, 'guides.json'), 'utf8')));
  const best = guides.reduce((a, g) => (g.nominal.reward > a.nominal.reward ? g : a));
  const g = best.guide.distribution as LinearGaussianPolicy;
  const meanController = guideMeanController(g);
  const learned = mlpPolicyFromJSON(JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8')));
  console.log(
    JSON.stringify({
      run: dir,
      rollouts: seeds.length,
      example: average([split(best.nominal.states, best.nominal.reward)]),
      guideMeanUnderNoise: await rolled(meanController.toDescriptor()),
      learnedSampled: await rolled(mlpPolicySpec(learned)),
      learnedMean: await rolled(mlpPolicySpec(actingWithMean(learned))),
      policyStd: Array.from(learned.std(), (s) => +s.toFixed(3)),
    }),
  );
} finally {
  await pool.close();
  task.dispose();
}
