/**
 * Evaluates a parameter set on fresh seeds (5000…): `npx tsx scripts/check.ts [params JSON]
 * [rollouts=50] [task overrides JSON]`, e.g. '{}' 20 '{"motorNoise":0.3}'. The controller gets the task's
 * terrain, gears and geometry (simbiconForTask). Prints one JSON line.
 */
import { createTask } from '@guided/sim';
import { evaluateController, simbiconForTask } from '../src/index.js';
const over = JSON.parse(process.argv[2] ?? '{}');
const n = Number(process.argv[3] ?? 50);
const taskOver = JSON.parse(process.argv[4] ?? '{}');
const task = await createTask('walker', taskOver);
const s = evaluateController(task, simbiconForTask(task, over), { seeds: Array.from({ length: n }, (_, i) => 5000 + i) });
console.log(JSON.stringify({ falls: s.falls, reward: s.meanReward, v: s.forwardVelocity, h: s.meanHeight, fell: s.perRollout.filter(r => r.fellAt >= 0).map(r => [r.seed, r.fellAt]) }));
