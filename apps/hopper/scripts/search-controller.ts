/**
 * Finds the hopper's demonstration controller (src/demonstration.ts) with @guided/demos's
 * randomSearch (ARS V2-t) on this app's task, and prints it as JSON. Every 50 iterations the current
 * controller is evaluated on 10 fixed noisy rollouts (seeds 1–10); the best by (falls, mean reward)
 * is kept and printed as the JSON of src/controller.json. Usage (≈ 15 min for 3000 iterations on one core):
 *   node --import tsx apps/hopper/scripts/search-controller.ts [iterations=3000] [seed=1] [smoothness=0.3] > apps/hopper/src/controller.json
 */
import { createTask } from '@guided/sim';
import { evaluateController, randomSearch } from '@guided/demos';
import { hopper } from '../src/config.js';

const iterations = Number(process.argv[2] ?? 3000);
const seed = Number(process.argv[3] ?? 1);
const smoothness = Number(process.argv[4] ?? 0.3);
const task = await createTask('hopper', hopper.overrides);
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
let best: { iteration: number; falls: number; reward: number; velocity: number; weights: number[]; bias: number[] } | null = null;
randomSearch(task, {
  iterations,
  seed,
  smoothness,
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
console.log(JSON.stringify({ search: { method: 'randomSearch (ARS V2-t)', iterations, seed, smoothness, evaluationSeeds: seeds }, ...(best ?? {}) }, null, 1));
task.dispose();
