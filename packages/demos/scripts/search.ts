/**
 * Parameter search for the SIMBICON walker: an elitist (1+λ) evolution strategy with the
 * 1/5-success rule on a chosen subset of parameters. The score of a parameter set is the mean
 * per-step reward over noisy 500-step rollouts from fixed seeds (common random numbers across
 * candidates), minus 5 per fallen rollout. Targets are kept inside the joint ranges. Usage:
 *   nice -n 19 npx tsx scripts/search.ts [iterations=150] [start params JSON] [seeds=5]
 * SEARCH_GAINS=1 also searches the eight PD gains; SEARCH_SEED seeds the search (default 7).
 * Prints one JSON line per improvement and the best parameters at the end.
 * The defaults came from three runs: 300 iterations × 6 seeds from the paper's walk gait
 * (SIMBICON Table 1), then 400 × 8 seeds with gains, then 300 × 8 seeds with gains (SEARCH_SEED=11),
 * rounded to two or three digits.
 */
import { createTask } from '@guided/sim';
import { Rng } from '@guided/core';
import { SimbiconController, evaluateController, resolveSimbiconParams, type SimbiconOverrides } from '../src/index.js';

/** Searched parameters: path in the params object and the perturbation scale. */
const KNEE: [number, number] = [-2.6, 0];
const ANKLE: [number, number] = [-0.78, 0.78];
const FREE: [number, number] = [-Infinity, Infinity];
const GAIN: [number, number] = [0, Infinity];
const DIMENSIONS: [string, number, [number, number]][] = [
  ['swingDuration', 0.03, [0.05, 1]],
  ['torsoPitch', 0.05, [-0.5, 0.6]],
  ...(['phase1', 'phase2'] as const).flatMap((ph): [string, number, [number, number]][] => [
    [`${ph}.swingHip`, 0.1, FREE],
    [`${ph}.swingKnee`, 0.1, KNEE],
    [`${ph}.swingAnkle`, 0.1, ANKLE],
    [`${ph}.stanceKnee`, 0.05, KNEE],
    [`${ph}.stanceAnkle`, 0.05, ANKLE],
    [`${ph}.cd`, 0.2, FREE],
    [`${ph}.cv`, 0.05, FREE],
  ]),
  ...(process.env.SEARCH_GAINS === '1'
    ? (['Torso', 'SwingHip', 'Knee', 'Ankle'] as const).flatMap((j): [string, number, [number, number]][] => [
        [`kp${j}`, 30, GAIN],
        [`kd${j}`, 3, GAIN],
      ])
    : []),
];

const iterations = Number(process.argv[2] ?? 150);
const start: SimbiconOverrides = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const nSeeds = Number(process.argv[4] ?? 5);
const seeds = Array.from({ length: nSeeds }, (_, i) => 1000 + i);
const task = await createTask('walker');

function get(obj: Record<string, unknown>, path: string): number {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as number;
}
function set(obj: Record<string, unknown>, path: string, v: number): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[keys[keys.length - 1]] = v;
}

function toParams(v: number[]): SimbiconOverrides {
  const p = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  DIMENSIONS.forEach(([path], i) => set(p, path, v[i]));
  return p as SimbiconOverrides;
}

function score(v: number[]): { score: number; velocity: number; height: number; falls: number; reward: number } {
  let params: SimbiconOverrides;
  try {
    params = toParams(v);
    const s = evaluateController(task, new SimbiconController(params), { seeds });
    return {
      score: s.meanReward.mean - (5 * s.falls) / seeds.length,
      velocity: s.forwardVelocity.mean,
      height: s.meanHeight.mean,
      falls: s.falls,
      reward: s.meanReward.mean,
    };
  } catch {
    return { score: -Infinity, velocity: NaN, height: NaN, falls: seeds.length, reward: NaN };
  }
}

const base = resolveSimbiconParams(start) as unknown as Record<string, unknown>;
let mean = DIMENSIONS.map(([path, , [lo, hi]]) => Math.min(hi, Math.max(lo, get(base, path))));
let best = score(mean);
console.log(JSON.stringify({ iter: 0, ...best }));
const rng = new Rng(Number(process.env.SEARCH_SEED ?? 7));
let sigma = 1;
const lambda = 6;
for (let it = 1; it <= iterations; it++) {
  let improved = false;
  for (let j = 0; j < lambda; j++) {
    const cand = mean.map((m, i) => {
      const [lo, hi] = DIMENSIONS[i][2];
      return Math.min(hi, Math.max(lo, m + sigma * DIMENSIONS[i][1] * rng.normal()));
    });
    const s = score(cand);
    if (s.score > best.score) {
      best = s;
      mean = cand;
      improved = true;
    }
  }
  sigma *= improved ? 1.5 : 0.85;
  sigma = Math.min(Math.max(sigma, 0.05), 3);
  if (improved) console.log(JSON.stringify({ iter: it, sigma: +sigma.toFixed(3), ...best }));
}
console.log(JSON.stringify({ best, params: toParams(mean) }));
task.dispose();
