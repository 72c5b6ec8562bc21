/**
 * Benchmarks of @guided/demos (one JSON object per line on stdout):
 *  - simbicon-act: controller act() calls per second on states of a walking rollout;
 *  - simbicon-rollout: 500-step noisy walker rollouts per second with the controller, and their
 *    time relative to replaying the same actions open loop (same seeds, so the same trajectories):
 *    the controller's share of a rollout's cost.
 * BENCH_QUICK=1 for a smoke run.
 */
import { Rng } from '@guided/core';
import { createTask, OpenLoopPolicy, rollout } from '@guided/sim';
import { SimbiconController } from '../src/index.js';

const quick = process.env.BENCH_QUICK === '1';
const task = await createTask('walker');
const controller = new SimbiconController();

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// act() throughput on recorded states.
{
  const traj = rollout(task, controller, { seed: 1, T: 500 });
  const obs = new Float64Array(task.obsDim);
  const out = new Float64Array(6);
  const rng = new Rng(1);
  const states = Array.from({ length: 500 }, (_, t) => traj.states.slice(t * 18, t * 18 + 18));
  const reps = quick ? 20 : 400;
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) for (let t = 0; t < 500; t++) controller.act(obs, rng, out, t, states[t]);
    rates.push((reps * 500) / ((performance.now() - t0) / 1000));
  }
  console.log(JSON.stringify({ case: 'simbicon-act', callsPerSecond: Math.round(median(rates)), repeats: 5 }));
}

// Rollouts with the controller vs open loop.
{
  const n = quick ? 2 : 20;
  const replays = Array.from({ length: n }, (_, s) => new OpenLoopPolicy(6, rollout(task, controller, { seed: s, T: 500 }).actions));
  const time = (policy: (s: number) => Parameters<typeof rollout>[1]): number => {
    const t0 = performance.now();
    for (let s = 0; s < n; s++) rollout(task, policy(s), { seed: s, T: 500 });
    return (performance.now() - t0) / 1000;
  };
  const ratios: number[] = [];
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const tc = time(() => controller);
    const to = time((s) => replays[s]);
    rates.push(n / tc);
    ratios.push(tc / to);
  }
  console.log(JSON.stringify({ case: 'simbicon-rollout', T: 500, rolloutsPerSecond: Number(median(rates).toFixed(2)), timeVsReplay: Number(median(ratios).toFixed(3)), repeats: 3 }));
}
task.dispose();
