/**
 * Finds a benchmark's demonstration controller (e.g. apps/hopper/src/controller.json) with
 * @guided/demos's randomSearch (ARS V2-t) on the app's task, and prints it as JSON. Every 50
 * iterations the current controller is evaluated on 10 fixed noisy rollouts (seeds 1–10); the best
 * by (falls, mean reward) is kept and printed with the search's settings. Progress goes to stderr.
 * Usage (≈ 15 min for 3000 hopper iterations on one core):
 *   node --import tsx apps/runner/scripts/search-controller.ts <task> [iterations=3000] [seed=1] [smoothness=0.3] [exploration=0.03] [stepSize=0.02] > apps/<task>/src/controller.json
 */
import { createTask } from '@guided/sim';
import { evaluateController, randomSearch } from '@guided/demos';
import type { BenchmarkConfig } from '../src/config.js';

const taskName = process.argv[2];
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const iterations = Number(process.argv[3] ?? 3000);
const seed = Number(process.argv[4] ?? 1);
const smoothness = Number(process.argv[5] ?? 0.3);
const exploration = Number(process.argv[6] ?? 0.03);
const stepSize = Number(process.argv[7] ?? 0.02);
const task = await createTask(config.task, config.overrides);
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
let best: { iteration: number; falls: number; reward: number; velocity: number; weights: number[]; bias: number[] } | null = null;
randomSearch(task, {
  iterations,
  seed,
  smoothness,
  exploration,
  stepSize,
  onIteration: (it, meanReturn, current) => {
    if ((it + 1) % 50 !== 0) return;
    const policy = current();
    const s = evaluateController(task, policy, { seeds });
    const row = { iteration: it + 1, falls: s.falls, reward: s.totalReward.mean, velocity: s.forwardVelocity.mean };
    console.error(JSON.stringify({ ...row, meanReturn: +meanReturn.toFixed(2) }));
    if (best === null || row.falls < best.falls || (row.falls === best.falls && row.reward > best.reward)) {
      best = { ...row, weights: Array.from(policy.weights), bias: Array.from(policy.bias) };
    }
  },
});
console.log(JSON.stringify({ search: { method: 'randomSearch (ARS V2-t), @guided/demos', iterations, seed, smoothness, exploration, stepSize, evaluationSeeds: seeds }, ...(best ?? {}) }, null, 1));
task.dispose();
