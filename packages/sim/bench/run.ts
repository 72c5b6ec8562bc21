/**
 * Benchmark: one JSON line per task on stdout.
 *   rawStepsPerSec   control steps/s of a bare @mujoco/mujoco loop (set ctrl, `substeps` × mj_step)
 *                    on the same model in this process
 *   stepsPerSec      control steps/s of task.step(x, u, next) (sets the full state every step)
 *   wrapperRatio     stepsPerSec / rawStepsPerSec (goal ≥ 0.9)
 *   linearizeMs      one task.linearize (chained mjd_transitionFD over the substeps)
 *   rolloutsPerSec1/2  batch rollouts (T = horizon) through a SimPool with 1 and 2 workers
 *   workerSpeedup    median over rounds of rolloutsPerSec2 / rolloutsPerSec1 (goal ≥ 1.7)
 *   heapGrowthMB     growth of the WASM heap (MuJoCo's linear memory) over `heapSteps` control steps
 *                    of rollouts, poses and linearizations, after a warm-up (0 = no leak)
 *   jsHeapGrowthMB   growth of the JS heap after a full GC over the same steps
 *   rssGrowthMB      growth of the resident set (noisy: allocator and JIT pages)
 * Timings are medians of `REPEATS` alternating runs. Set BENCH_QUICK=1 for a short smoke run.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTask, loadMujoco, OpenLoopPolicy, rollout, SimPool, TASK_NAMES } from '../src/index.js';
import type { SimTask, TaskName } from '../src/index.js';

const QUICK = process.env.BENCH_QUICK === '1';
const REPEATS = QUICK ? 1 : 5;
const MB = 1024 * 1024;
// A full garbage collection before each memory reading (the same as node --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A fixed, smooth control sequence (sinusoids of amplitude 0.4) of T steps. */
function controlTable(T: number, nu: number): Float64Array {
  const u = new Float64Array(T * nu);
  for (let t = 0; t < T; t++) for (let k = 0; k < nu; k++) u[t * nu + k] = 0.4 * Math.sin(0.05 * t * (1 + 0.3 * k) + k);
  return u;
}

async function rawRate(task: SimTask, controls: Float64Array, steps: number): Promise<number> {
  const mujoco = await loadMujoco();
  const m = mujoco.MjModel.from_xml_string(task.xml);
  const d = new mujoco.MjData(m);
  try {
    const x0 = task.initialState();
    d.qpos.set(x0.subarray(0, task.nq));
    d.qvel.set(x0.subarray(task.nq));
    const nu = task.actionDim;
    const K = task.substeps;
    const T = controls.length / nu;
    let ctrl = d.ctrl as Float64Array;
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      if (ctrl.length === 0) ctrl = d.ctrl;
      const row = (i % T) * nu;
      for (let k = 0; k < nu; k++) ctrl[k] = controls[row + k];
      for (let s = 0; s < K; s++) mujoco.mj_step(m, d);
    }
    return steps / ((performance.now() - start) / 1000);
  } finally {
    d.delete();
    m.delete();
  }
}

function wrapperRate(task: SimTask, controls: Float64Array, steps: number): number {
  const nu = task.actionDim;
  const T = controls.length / nu;
  let x: Float64Array = task.initialState();
  let next: Float64Array = new Float64Array(task.stateDim);
  const u = new Float64Array(nu);
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const row = (i % T) * nu;
    for (let k = 0; k < nu; k++) u[k] = controls[row + k];
    task.step(x, u, next);
    const tmp = x;
    x = next;
    next = tmp;
  }
  return steps / ((performance.now() - start) / 1000);
}

function linearizeMs(task: SimTask, controls: Float64Array, calls: number): number {
  const nx = task.stateDim;
  const nu = task.actionDim;
  const A = new Float64Array(nx * nx);
  const B = new Float64Array(nx * nu);
  let x: Float64Array = task.initialState();
  const next = new Float64Array(nx);
  const u = new Float64Array(nu);
  let total = 0;
  for (let i = 0; i < calls; i++) {
    for (let k = 0; k < nu; k++) u[k] = controls[i * nu + k];
    const start = performance.now();
    task.linearize(x, u, A, B);
    total += performance.now() - start;
    task.step(x, u, next);
    x = next.slice();
  }
  return total / calls;
}

async function rolloutRate(pool: SimPool, policy: OpenLoopPolicy, count: number, T: number, seed0: number): Promise<number> {
  const seeds = Array.from({ length: count }, (_, i) => seed0 + i);
  const start = performance.now();
  await pool.rollouts(policy.describe(), seeds, { T });
  return count / ((performance.now() - start) / 1000);
}

/**
 * Memory over `steps` control steps of rollouts (with poses every tenth rollout and one
 * linearization per rollout, so every path that touches WASM runs): growth of the WASM linear memory (where MuJoCo and every
 * Embind object live), of the JS heap after a full GC, and of the resident set.
 */
function memoryGrowth(task: SimTask, policy: OpenLoopPolicy, steps: number): { wasm: number; js: number; rss: number } {
  const T = task.horizon;
  const runs = Math.max(1, Math.round(steps / T));
  const nx = task.stateDim;
  const A = new Float64Array(nx * nx);
  const B = new Float64Array(nx * task.actionDim);
  const exercise = (seed: number): void => {
    const traj = rollout(task, policy, { seed, T, recordPoses: seed % 10 === 0 });
    const t = seed % Math.max(1, traj.T);
    if (traj.T > 0) task.linearize(traj.states.subarray(t * nx, (t + 1) * nx), traj.actions.subarray(t * task.actionDim, (t + 1) * task.actionDim), A, B);
  };
  for (let i = 0; i < 4; i++) exercise(10_000 + i);
  gc();
  const wasm0 = task.wasmMemoryBytes();
  const before = process.memoryUsage();
  for (let i = 0; i < runs; i++) exercise(i);
  gc();
  const after = process.memoryUsage();
  return { wasm: (task.wasmMemoryBytes() - wasm0) / MB, js: (after.heapUsed - before.heapUsed) / MB, rss: (after.rss - before.rss) / MB };
}

async function benchTask(name: TaskName): Promise<Record<string, number | string>> {
  const task = await createTask(name);
  const nu = task.actionDim;
  const humanoid = name === 'humanoid';
  const steps = QUICK ? 2000 : humanoid ? 10_000 : 40_000;
  const controls = controlTable(2000, nu);
  const raw: number[] = [];
  const wrapped: number[] = [];
  await rawRate(task, controls, Math.min(steps, 2000)); // warm-up (JIT)
  wrapperRate(task, controls, Math.min(steps, 2000));
  for (let r = 0; r < REPEATS; r++) {
    raw.push(await rawRate(task, controls, steps));
    wrapped.push(wrapperRate(task, controls, steps));
  }
  const linMs = linearizeMs(task, controls, QUICK ? 20 : humanoid ? 100 : 300);
  const policy = new OpenLoopPolicy(nu, controls.subarray(0, task.horizon * nu), 0.05);
  // Batches must be large enough that two workers' shares cost about the same: rollouts that fall
  // early are cheaper than those that keep walking, and 8 humanoid rollouts split unevenly.
  // The tail of a batch (one worker finishing its last rollout while the other idles) caps the
  // speedup at about 2n/(n + 1) for n rollouts: 32 keeps that cap above 1.9.
  const count = QUICK ? 4 : humanoid ? 24 : 32;
  const T = task.horizon;
  const pool1 = await SimPool.create({ task: name, workers: 1 });
  const pool2 = await SimPool.create({ task: name, workers: 2 });
  const r1: number[] = [];
  const r2: number[] = [];
  try {
    // Warm-up: each worker's JIT needs a few rollouts before it reaches full speed.
    await rolloutRate(pool1, policy, count, T, 0);
    await rolloutRate(pool2, policy, count, T, 0);
    // Alternate which pool goes first, so a burst of load from other processes on this shared
    // machine does not always fall on the same one.
    for (let r = 0; r < REPEATS; r++) {
      if (r % 2 === 0) {
        r1.push(await rolloutRate(pool1, policy, count, T, 100 * r));
        r2.push(await rolloutRate(pool2, policy, count, T, 100 * r));
      } else {
        r2.push(await rolloutRate(pool2, policy, count, T, 100 * r));
        r1.push(await rolloutRate(pool1, policy, count, T, 100 * r));
      }
    }
  } finally {
    await pool1.close();
    await pool2.close();
  }
  const heapSteps = QUICK ? 20_000 : humanoid ? 200_000 : 1_000_000;
  const growth = memoryGrowth(task, policy, heapSteps);
  const rawMedian = median(raw);
  const wrapMedian = median(wrapped);
  const line = {
    task: name,
    stateDim: task.stateDim,
    actionDim: task.actionDim,
    obsDim: task.obsDim,
    substeps: task.substeps,
    rawStepsPerSec: Math.round(rawMedian),
    stepsPerSec: Math.round(wrapMedian),
    wrapperRatio: Number((wrapMedian / rawMedian).toFixed(3)),
    linearizeMs: Number(linMs.toFixed(3)),
    rolloutsPerSec1: Number(median(r1).toFixed(2)),
    rolloutsPerSec2: Number(median(r2).toFixed(2)),
    // Median of the per-round ratios: each round pairs the two pools under the same outside load.
    workerSpeedup: Number(median(r2.map((rate, i) => rate / r1[i])).toFixed(3)),
    heapSteps,
    heapGrowthMB: Number(growth.wasm.toFixed(2)),
    jsHeapGrowthMB: Number(growth.js.toFixed(2)),
    rssGrowthMB: Number(growth.rss.toFixed(2)),
    cores: availableParallelism(),
  };
  task.dispose();
  return line;
}

const only = process.argv[2];
for (const name of TASK_NAMES) {
  if (only !== undefined && only !== name) continue;
  console.log(JSON.stringify(await benchTask(name)));
}
