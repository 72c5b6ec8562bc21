/**
 * iLQR timing: one JSON line per case with
 *   task, T, iterationMs (linearize + backward + forward of an accepted iteration), linearizeMs1 /
 *   linearizeMs2 (the nominal linearized in this thread / through a 2-worker pool), backwardMs,
 *   forwardMs (the whole line search), plus speedup2 = linearizeMs1 / linearizeMs2 and
 *   backwardShare = backwardMs / iterationMs. Medians over iterations / repeats.
 * Cases: a pendulum and a random 12-state 3-action affine system (the hopper's sizes) everywhere;
 * the MuJoCo hopper when @guided/sim is installed (a devDependency of this package).
 * Only JSON goes to stdout.
 */
import { Rng } from '@guided/core';
import type { BatchLinearizer, Dynamics, Reward, RewardDerivatives } from '@guided/core';
import { ilqr } from '../src/index.js';
import type { IlqrProblem, IlqrResult } from '../src/index.js';

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};
const round = (v: number): number => (v === null || Number.isNaN(v) ? v : Math.round(v * 1000) / 1000);

async function timeLinearize(lin: (A: Float64Array, B: Float64Array) => Promise<void> | void, nx: number, nu: number, T: number, repeats: number): Promise<number> {
  const A = new Float64Array(T * nx * nx);
  const B = new Float64Array(T * nx * nu);
  await lin(A, B); // warm-up
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await lin(A, B);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function sequential(dyn: Dynamics, T: number, states: Float64Array, actions: Float64Array) {
  const nx = dyn.stateDim;
  const nu = dyn.actionDim;
  return (A: Float64Array, B: Float64Array): void => {
    for (let t = 0; t < T; t++) {
      dyn.linearize(
        states.subarray(t * nx, (t + 1) * nx),
        actions.subarray(t * nu, (t + 1) * nu),
        A.subarray(t * nx * nx, (t + 1) * nx * nx),
        B.subarray(t * nx * nu, (t + 1) * nx * nu),
      );
    }
  };
}

function summarize(task: string, res: IlqrResult, linearizeMs1: number, linearizeMs2: number | null, extra: Record<string, unknown> = {}): void {
  const accepted = res.history.filter((h) => h.accepted);
  const iterationMs = median(accepted.map((h) => h.linearizeMs + h.backwardMs + h.forwardMs));
  const backwardMs = median(res.history.map((h) => h.backwardMs));
  const line = {
    task,
    T: res.T,
    iterationMs: round(iterationMs),
    linearizeMs1: round(linearizeMs1),
    linearizeMs2: linearizeMs2 === null ? null : round(linearizeMs2),
    backwardMs: round(backwardMs),
    forwardMs: round(median(res.history.map((h) => h.forwardMs))),
    speedup2: linearizeMs2 === null ? null : round(linearizeMs1 / linearizeMs2),
    backwardShare: round(backwardMs / iterationMs),
    iterations: res.iterations,
    ...extra,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

// ---------------------------------------------------------------- toy cases

const pendulum: Dynamics = {
  stateDim: 2,
  actionDim: 1,
  step(x, u, next) {
    const w = x[1] + 0.01 * (-9.81 * Math.sin(x[0]) - 0.1 * x[1] + u[0]);
    next[0] = x[0] + 0.01 * w;
    next[1] = w;
    return next;
  },
  linearize(x, _u, A, B) {
    const c = -0.01 * 9.81 * Math.cos(x[0]);
    const d = 1 - 0.001;
    A[0] = 1 + 0.01 * c;
    A[1] = 0.01 * d;
    A[2] = c;
    A[3] = d;
    B[0] = 0.0001;
    B[1] = 0.01;
  },
};

const swingUp: Reward = {
  stateDim: 2,
  actionDim: 1,
  reward: (x, u) => -(1 + Math.cos(x[0])) - 0.01 * x[1] * x[1] - 0.001 * u[0] * u[0],
  derivatives(x, u, out: RewardDerivatives) {
    out.rx[0] = Math.sin(x[0]);
    out.rx[1] = -0.02 * x[1];
    out.rxx[0] = Math.cos(x[0]);
    out.rxx[1] = 0;
    out.rxx[2] = 0;
    out.rxx[3] = -0.02;
    out.ru[0] = -0.002 * u[0];
    out.ruu[0] = -0.002;
    out.rux.fill(0);
    return this.reward(x, u);
  },
};

/** x' = A x + B u with a random, nearly neutrally stable A; quadratic reward toward a random target. */
function randomAffine(nx: number, nu: number, seed: number): { dyn: Dynamics; reward: Reward } {
  const rng = new Rng(seed);
  const A = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) A[i * nx + j] = (i === j ? 1 : 0) + 0.02 * rng.normal();
  const B = Float64Array.from({ length: nx * nu }, () => 0.05 * rng.normal());
  const target = Float64Array.from({ length: nx }, () => rng.normal());
  const dyn: Dynamics = {
    stateDim: nx,
    actionDim: nu,
    step(x, u, next) {
      for (let i = 0; i < nx; i++) {
        let s = 0;
        for (let j = 0; j < nx; j++) s += A[i * nx + j] * x[j];
        for (let j = 0; j < nu; j++) s += B[i * nu + j] * u[j];
        next[i] = s;
      }
      return next;
    },
    linearize(_x, _u, Ao, Bo) {
      Ao.set(A);
      Bo.set(B);
    },
  };
  const reward: Reward = {
    stateDim: nx,
    actionDim: nu,
    reward(x, u) {
      let r = 0;
      for (let i = 0; i < nx; i++) r -= (x[i] - target[i]) ** 2;
      for (let j = 0; j < nu; j++) r -= 0.1 * u[j] * u[j];
      return r;
    },
    derivatives(x, u, out) {
      out.rxx.fill(0);
      out.ruu.fill(0);
      out.rux.fill(0);
      for (let i = 0; i < nx; i++) {
        out.rx[i] = -2 * (x[i] - target[i]);
        out.rxx[i * nx + i] = -2;
      }
      for (let j = 0; j < nu; j++) {
        out.ru[j] = -0.2 * u[j];
        out.ruu[j * nu + j] = -0.2;
      }
      return this.reward(x, u);
    },
  };
  return { dyn, reward };
}

async function toyCase(task: string, problem: IlqrProblem, init: Float64Array): Promise<void> {
  await ilqr(problem, { actions: init }, { maxIterations: 10, relTol: 0, gradTol: 0 }); // JIT warm-up
  const res = await ilqr(problem, { actions: init }, { maxIterations: 10, relTol: 0, gradTol: 0 });
  const lin1 = await timeLinearize(sequential(problem.dynamics, problem.horizon, res.states, res.actions), problem.dynamics.stateDim, problem.dynamics.actionDim, problem.horizon, 5);
  summarize(task, res, lin1, null);
}

// ---------------------------------------------------------------- the hopper (needs @guided/sim)

interface SimModule {
  SimTask: { create(name: string, overrides?: unknown): Promise<SimTaskLike> };
  SimPool: { create(o: { task: string; workers: number }): Promise<BatchLinearizer & { close(): Promise<void> }> };
}
interface SimTaskLike extends Dynamics, BatchLinearizer {
  reward: Reward;
  horizon: number;
  initialState(rng?: Rng, out?: Float64Array): Float64Array;
  dispose(): void;
}

async function hopperCase(): Promise<void> {
  let sim: SimModule;
  try {
    sim = (await import('@guided/sim' as string)) as SimModule;
  } catch (err) {
    process.stdout.write(JSON.stringify({ task: 'hopper', skipped: `@guided/sim not available: ${(err as Error).message.split('\n')[0]}` }) + '\n');
    return;
  }
  const T = 500;
  const task = await sim.SimTask.create('hopper');
  const pool = await sim.SimPool.create({ task: 'hopper', workers: 2 });
  try {
    const x0 = task.initialState();
    const rng = new Rng(1);
    const init = Float64Array.from({ length: T * task.actionDim }, () => 0.1 * rng.normal());
    const res = await ilqr({ dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool }, { actions: init }, { maxIterations: 8, relTol: 0, gradTol: 0 });
    const nx = task.stateDim;
    const nu = task.actionDim;
    const lin1 = await timeLinearize((A, B) => task.linearizeTrajectory(T, res.states, res.actions, A, B), nx, nu, T, 5);
    const lin2 = await timeLinearize((A, B) => pool.linearizeTrajectory(T, res.states, res.actions, A, B), nx, nu, T, 5);
    summarize('hopper', res, lin1, lin2, { stateDim: nx, actionDim: nu });
  } finally {
    await pool.close();
    task.dispose();
  }
}

async function main(): Promise<void> {
  const T = 500;
  await toyCase('pendulum', { dynamics: pendulum, reward: swingUp, horizon: T, x0: Float64Array.of(0.2, 0) }, new Float64Array(T));
  const { dyn, reward } = randomAffine(12, 3, 7);
  await toyCase('affine-12x3', { dynamics: dyn, reward, horizon: T, x0: new Float64Array(12) }, new Float64Array(T * 3));
  await hopperCase();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
