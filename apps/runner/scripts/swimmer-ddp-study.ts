/**
 * Where does the swimmer nominal's chatter come from? Runs line 1's full-horizon iLQR from a start
 * (white: i.i.d. N(0, initStd²) controls, the runner's; smooth: the same noise through a `window`-step
 * moving average, rescaled to initStd) for `iterations` iterations and prints reward, chatter
 * (guides.ts) and the share of saturated controls (study script).
 *   node --import tsx apps/runner/scripts/swimmer-ddp-study.ts <seed> <white|smooth:W> <iterations>
 */
import { Rng } from '@guided/core';
import { ilqr } from '@guided/ilqr';
import { createTask, SimPool } from '@guided/sim';
import { swimmer } from '../../swimmer/src/config.js';
import { chatter } from '../src/guides.js';

const [seedArg, startArg, iterationsArg] = process.argv.slice(2);
const seed = Number(seedArg);
const task = await createTask('swimmer', swimmer.overrides);
const pool = await SimPool.create({ task: 'swimmer', overrides: swimmer.overrides, workers: 2 });
const T = task.horizon;
const nu = task.actionDim;
const rng = new Rng(seed * 1000);
const white = Float64Array.from({ length: T * nu }, () => swimmer.ddp.initStd * rng.normal());
let init = white;
if (startArg.startsWith('smooth:')) {
  const w = Number(startArg.slice(7));
  init = new Float64Array(T * nu);
  for (let t = 0; t < T; t++)
    for (let d = 0; d < nu; d++) {
      let s = 0;
      for (let k = t - w; k <= t + w; k++) s += white[((k + T) % T) * nu + d];
      init[t * nu + d] = s / Math.sqrt(2 * w + 1);
    }
}
const x0 = task.initialState();
const started = Date.now();
const result = await ilqr(
  { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool },
  { actions: init },
  { maxIterations: Number(iterationsArg) },
);
const saturated = result.actions.filter((u) => Math.abs(u) > 0.999).length / result.actions.length;
console.log(
  JSON.stringify({
    seed,
    start: startArg,
    iterations: result.iterations,
    stop: result.stopReason,
    reward: +result.totalReward.toFixed(3),
    chatter: +chatter(result.actions, nu).toFixed(3),
    initChatter: +chatter(init, nu).toFixed(3),
    saturated: +saturated.toFixed(3),
    seconds: +((Date.now() - started) / 1000).toFixed(1),
  }),
);
await pool.close();
task.dispose();
