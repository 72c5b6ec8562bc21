/**
 * Gait search and guiding samples on the MuJoCo tasks of @guided/sim (a devDependency: this script
 * is not part of the package). For each task:
 *   1. DDP from the standing pose with no demonstration, `--candidates` times (different starts);
 *      each nominal is reported: task reward, average forward velocity, whether it falls.
 *   2. For each nominal, guiding distributions over a grid of tracking weights w and action weights
 *      su (the gains come from a backward pass on r − w(‖x − x̂‖² + su‖u − û‖²) around the nominal,
 *      every state coordinate tracked, linearized with finite-difference step `--gain-eps`) and
 *      temperatures τ (Σ = −τ Q_uu⁻¹); `--samples` noisy rollouts each (the task's motor noise; its
 *      initial-state distribution, or x̂_0 with --fixed-start) → fraction that fall, median fall
 *      step, reward mean ± 2 std, average velocity.
 *   3. The best candidate: most samples that keep the gait, then the nominal's reward.
 * Output: one JSON line per nominal and per grid cell, then one summary line per task;
 * `--out file.json` also keeps the chosen nominal and guiding distribution.
 *
 * Usage: pnpm -F @guided/maxent-sampler gait [--task hopper,swimmer] [--candidates 3] [--samples 40]
 *          [--temperatures 1,0.1,0.01,0.001] [--tracking 0,0.05,1,10] [--action-weights 1,10]
 *          [--gain-eps 1e-2] [--fixed-start] [--seed 1] [--out result.json]
 *          [--overrides '{"hopper":{"motorNoise":0.1}}']
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { ilqr, recedingHorizonIlqr } from '@guided/ilqr';
import type { IlqrProblem, IlqrResult, TrackingTerm } from '@guided/ilqr';
import { SimPool, SimTask } from '@guided/sim';
import type { TaskName } from '@guided/sim';
// From the built package (not ../src): policy descriptors then name dist/index.js, which the sim's
// workers can import without a TypeScript loader. Build first: pnpm -F @guided/maxent-sampler build.
import { guidingFromIlqr } from '@guided/maxent-sampler';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';

interface Args {
  tasks: TaskName[];
  candidates: number;
  samples: number;
  temperatures: number[];
  tracking: number[];
  actionWeights: number[];
  gainEps: number;
  fixedStart: boolean;
  seed: number;
  out: string | null;
  overrides: Record<string, unknown>;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    tasks: ['hopper', 'swimmer'],
    candidates: 3,
    samples: 40,
    temperatures: [1, 0.1, 0.01, 0.001],
    tracking: [0, 0.05, 1, 10],
    actionWeights: [1, 10],
    gainEps: 1e-2,
    fixedStart: false,
    seed: 1,
    out: null,
    overrides: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--fixed-start') {
      a.fixedStart = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`gait: ${key} needs a value`);
    const nums = () => value.split(',').map(Number);
    if (key === '--task') a.tasks = value.split(',') as TaskName[];
    else if (key === '--candidates') a.candidates = Number(value);
    else if (key === '--samples') a.samples = Number(value);
    else if (key === '--temperatures') a.temperatures = nums();
    else if (key === '--tracking') a.tracking = nums();
    else if (key === '--action-weights') a.actionWeights = nums();
    else if (key === '--gain-eps') a.gainEps = Number(value);
    else if (key === '--seed') a.seed = Number(value);
    else if (key === '--out') a.out = value;
    else if (key === '--overrides') a.overrides = JSON.parse(value) as Record<string, unknown>;
    else throw new Error(`gait: unknown argument ${key}`);
  }
  return a;
}

/**
 * How DDP searches each task (documented in the README):
 * - swimmer: plain full-horizon iLQR from small random controls.
 * - hopper: receding horizon (100-step window replanned every 10 steps, then a full-horizon polish)
 *   with a posture term −w_p θ² on the torso pitch during the search only (as a tracking term on the
 *   pitch coordinate toward the standing pose). The task reward has no tilt term and, without it,
 *   the search leans the torso past the fall threshold while keeping root height and speed.
 */
const SEARCH: Record<string, { mode: 'full' | 'receding'; initStd: number; pitchWeight: number; iterations: number }> = {
  swimmer: { mode: 'full', initStd: 0.1, pitchWeight: 0, iterations: 150 },
  hopper: { mode: 'receding', initStd: 0.1, pitchWeight: 1, iterations: 30 },
  walker: { mode: 'receding', initStd: 0.1, pitchWeight: 1, iterations: 30 },
};

const emit = (o: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(o) + '\n');
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean, std: Math.sqrt(v) };
}

function describe(task: SimTask, states: Float64Array, T: number): { avgVelocity: number; fellAt: number } {
  const nx = task.stateDim;
  let v = 0;
  let fellAt = -1;
  for (let t = 0; t <= T; t++) {
    const x = states.subarray(t * nx, (t + 1) * nx);
    if (t < T) v += task.forwardVelocity(x);
    if (fellAt < 0 && task.isFallen(x)) fellAt = t;
  }
  return { avgVelocity: v / T, fellAt };
}

async function search(task: SimTask, pool: SimPool, x0: Float64Array, candidate: number, seed: number): Promise<IlqrResult> {
  const cfg = SEARCH[task.name];
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const rng = new Rng(seed * 1000 + candidate);
  const init = Float64Array.from({ length: T * nu }, () => cfg.initStd * rng.normal());
  let tracking: TrackingTerm | undefined;
  const pitch = task.layout.rootPitch;
  if (cfg.pitchWeight > 0 && pitch >= 0) {
    const states = new Float64Array((T + 1) * nx);
    for (let t = 0; t <= T; t++) states.set(x0, t * nx);
    const stateWeights = new Float64Array(nx);
    stateWeights[pitch] = 1;
    tracking = { weight: cfg.pitchWeight, states, actions: new Float64Array(T * nu), stateWeights, actionWeights: new Float64Array(nu) };
  }
  const problem: IlqrProblem = { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool, tracking };
  if (cfg.mode === 'full') return ilqr(problem, { actions: init }, { maxIterations: cfg.iterations });
  return recedingHorizonIlqr(problem, { actions: init }, {
    window: 100,
    shift: 10,
    windowOptions: { maxIterations: 10 },
    polishOptions: { maxIterations: cfg.iterations },
  });
}

/** Gains and Q_uu from a backward pass at the nominal on r − w(‖x − x̂‖² + su‖u − û‖²). */
async function trackingSolution(task: SimTask, pool: SimPool, x0: Float64Array, nominal: IlqrResult, w: number, su: number): Promise<IlqrResult> {
  const problem: IlqrProblem = {
    dynamics: task,
    reward: task.reward,
    horizon: nominal.T,
    x0,
    linearizer: pool,
    tracking:
      w > 0 ? { weight: w, states: nominal.states, actions: nominal.actions, actionWeights: new Float64Array(task.actionDim).fill(su) } : undefined,
  };
  return ilqr(problem, { actions: nominal.actions }, { maxIterations: 0 });
}

async function runTask(name: TaskName, args: Args): Promise<void> {
  const overrides = (args.overrides[name] ?? {}) as Record<string, unknown>;
  const task = await SimTask.create(name, overrides);
  const pool = await SimPool.create({ task: name, overrides, workers: 2 });
  // The guiding gains are linearized with a larger finite-difference step (see the README): with
  // MuJoCo's default 1e-6, steps where a contact switches give Jacobian entries of 1e5 and gains to match.
  const gainPool = await SimPool.create({
    task: name,
    overrides: { ...overrides, linearization: { ...((overrides.linearization as object) ?? {}), eps: args.gainEps } },
    workers: 2,
  });
  try {
    const T = task.horizon;
    const x0 = task.initialState();
    const target = task.reward.spec.targetVelocity;
    type Cell = { w: number; su: number; tau: number; fallFraction: number; reward: { mean: number; std: number }; avgVelocity: number; policy: LinearGaussianPolicy };
    const candidates: { index: number; nominal: IlqrResult; avgVelocity: number; fellAt: number; searchMs: number; cells: Cell[] }[] = [];
    for (let c = 0; c < args.candidates; c++) {
      const t0 = performance.now();
      const nominal = await search(task, pool, x0, c, args.seed);
      const searchMs = performance.now() - t0;
      const { avgVelocity, fellAt } = describe(task, nominal.states, T);
      emit({
        task: name,
        candidate: c,
        kind: 'nominal',
        reward: r3(nominal.totalReward),
        avgVelocity: r3(avgVelocity),
        targetVelocity: target,
        velocityFraction: r3(avgVelocity / target),
        fellAt,
        iterations: nominal.iterations,
        stopReason: nominal.stopReason,
        searchSeconds: r3(searchMs / 1000),
      });
      const cells: Cell[] = [];
      for (const w of args.tracking) {
        for (const su of w > 0 ? args.actionWeights : [1]) {
          const sol = await trackingSolution(task, gainPool, x0, nominal, w, su);
          for (const tau of args.temperatures) {
            const { policy, diagnostics } = guidingFromIlqr(sol, { temperature: tau, feedforward: false });
            const seeds = Array.from({ length: args.samples }, (_, i) => args.seed * 100000 + c * 1000 + i);
            const trajs = await pool.rollouts(policy.toDescriptor(), seeds, {
              T,
              initialStates: args.fixedStart ? seeds.map(() => x0) : undefined,
            });
            const rewards = trajs.map((tr) => tr.rewards.reduce((s, v) => s + v, 0));
            const fell = trajs.filter((tr) => tr.fellAt >= 0 || tr.diverged !== null);
            const fallTimes = fell.map((tr) => (tr.fellAt >= 0 ? tr.fellAt : tr.diverged!.step)).sort((a, b) => a - b);
            const vel = meanStd(trajs.map((tr) => describe(task, tr.states, tr.T).avgVelocity)).mean;
            const reward = meanStd(rewards);
            cells.push({ w, su, tau, fallFraction: fell.length / trajs.length, reward, avgVelocity: vel, policy });
            emit({
              task: name,
              candidate: c,
              kind: 'guiding',
              trackingWeight: w,
              actionWeight: su,
              temperature: tau,
              fallFraction: r3(fell.length / trajs.length),
              medianFallStep: fallTimes.length ? fallTimes[fallTimes.length >> 1] : null,
              rewardMean: r3(reward.mean),
              reward2Std: r3(2 * reward.std),
              avgVelocity: r3(vel),
              meanStd: r3(diagnostics.meanStd),
              maxStd: r3(diagnostics.maxStd),
              regularizedSteps: diagnostics.regularizedSteps.length,
            });
          }
        }
      }
      candidates.push({ index: c, nominal, avgVelocity, fellAt, searchMs, cells });
    }
    // Best candidate: its best cell keeps the most samples upright, then the nominal's reward.
    const score = (k: (typeof candidates)[number]) => Math.min(...k.cells.map((cell) => cell.fallFraction));
    const best = [...candidates].sort((a, b) => score(a) - score(b) || b.nominal.totalReward - a.nominal.totalReward)[0];
    const bestCell = [...best.cells].sort((a, b) => a.fallFraction - b.fallFraction || b.reward.mean - a.reward.mean)[0];
    emit({
      task: name,
      kind: 'summary',
      candidate: best.index,
      nominalReward: r3(best.nominal.totalReward),
      avgVelocity: r3(best.avgVelocity),
      velocityFraction: r3(best.avgVelocity / target),
      nominalFell: best.fellAt >= 0,
      trackingWeight: bestCell.w,
      actionWeight: bestCell.su,
      temperature: bestCell.tau,
      samples: args.samples,
      samplesRewardMean: r3(bestCell.reward.mean),
      samplesReward2Std: r3(2 * bestCell.reward.std),
      samplesFallFraction: r3(bestCell.fallFraction),
    });
    if (args.out) {
      writeFileSync(
        args.out.replace(/(\.json)?$/, `.${name}.json`),
        JSON.stringify({
          task: name,
          overrides,
          nominal: { states: Array.from(best.nominal.states), actions: Array.from(best.nominal.actions), reward: best.nominal.totalReward },
          guiding: { trackingWeight: bestCell.w, actionWeight: bestCell.su, temperature: bestCell.tau, gainEps: args.gainEps, distribution: bestCell.policy.toJSON() },
        }),
      );
    }
  } finally {
    await pool.close();
    await gainPool.close();
    task.dispose();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  for (const name of args.tasks) await runTask(name, args);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
