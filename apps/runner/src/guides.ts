/**
 * Algorithm 1, line 1: DDP solutions and the guiding distributions around them (Section 4.1).
 * DDP searches from random small controls (full horizon, or receding horizon for contact-rich
 * tasks); the gains of π_G come from a backward pass at the nominal whose reward adds the
 * paper's tracking term −w(‖x − x̂‖² + s_u‖u − û‖²), which "keeps the guiding samples close to
 * the examples and ensures that the policy covariance is positive definite" (Section 4.3).
 * Several searches are run; the one whose noisy guiding samples fall least is kept. `ddp.guides`
 * such solutions, each from its own seed, are Algorithm 1's π_G1..π_Gn.
 */
import { Rng } from '@guided/core';
import { ilqr, recedingHorizonIlqr } from '@guided/ilqr';
import type { IlqrProblem, IlqrResult, TrackingTerm } from '@guided/ilqr';
import { LinearGaussianPolicy, guidingFromIlqr, linearGaussianFromJSON } from '@guided/maxent-sampler';
import type { LinearGaussianJSON } from '@guided/maxent-sampler';
import type { Reward } from '@guided/core';
import type { Guide } from '@guided/gps';
import { SimPool } from '@guided/sim';
import type { SimTask, SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig, DdpConfig } from './config.js';

export interface GuideSolution {
  guide: Guide;
  /** The DDP nominal trajectory (the "example" of the paper's figures). */
  nominal: { states: Float64Array; actions: Float64Array; reward: number; avgVelocity: number; fellAt: number };
  /** How the chosen candidate's trial guiding samples did. */
  trial: { samples: number; fallFraction: number; rewardMean: number; rewardStd: number };
  candidate: number;
  seconds: number;
}

/**
 * Line 1's π_G1..π_Gn: `ddp.guides` (default 1) DDP solutions, each built as buildGuide builds one from
 * its own seed (guideSeed): in mode 'example' each from its own noisy example, otherwise each from its
 * own random starts. Guide 0 is the one buildGuide(seed) gives. With several, a solution whose nominal
 * falls is not a solution: it is discarded and the next seed tried, at most 2n seeds in all.
 */
export async function buildGuides(
  config: BenchmarkConfig,
  task: SimTask,
  pool: SimPool,
  seed: number,
  note: (line: string) => void,
): Promise<GuideSolution[]> {
  const count = config.ddp.guides ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`ddp.guides must be an integer ≥ 1, got ${count}`);
  const gainPool = await createGainPool(config, pool.size);
  try {
    if (count === 1) return [await buildOneGuide(config, task, pool, gainPool, seed, note)];
    const solutions: GuideSolution[] = [];
    for (let attempt = 0; attempt < 2 * count && solutions.length < count; attempt++) {
      const prefix = `guide ${solutions.length + 1}/${count} (seed ${guideSeed(seed, attempt)}): `;
      const solution = await buildOneGuide(config, task, pool, gainPool, guideSeed(seed, attempt), (line) => note(prefix + line));
      if (solution.nominal.fellAt >= 0) note(`${prefix}its nominal falls at step ${solution.nominal.fellAt}: discarded`);
      else solutions.push(solution);
    }
    if (solutions.length < count) {
      throw new Error(`line 1: only ${solutions.length} of ${2 * count} DDP solutions stay up, ${count} wanted (ddp.guides)`);
    }
    return solutions;
  } finally {
    await gainPool.close();
  }
}

/** The seed guide g of a run with `seed` is built from: the run's seed for guide 0, apart from every other run's. */
export function guideSeed(seed: number, g: number): number {
  return seed + 1_000_003 * g;
}

/** One DDP solution and its guiding distribution (the candidate whose trial samples fall least). */
export async function buildGuide(
  config: BenchmarkConfig,
  task: SimTask,
  pool: SimPool,
  seed: number,
  note: (line: string) => void,
): Promise<GuideSolution> {
  const gainPool = await createGainPool(config, pool.size);
  try {
    return await buildOneGuide(config, task, pool, gainPool, seed, note);
  } finally {
    await gainPool.close();
  }
}

async function buildOneGuide(
  config: BenchmarkConfig,
  task: SimTask,
  pool: SimPool,
  gainPool: SimPool,
  seed: number,
  note: (line: string) => void,
): Promise<GuideSolution> {
  const started = Date.now();
  const ddp = config.ddp;
  const x0 = task.initialState();
  let best: GuideSolution | null = null;
  for (let c = 0; c < ddp.candidates; c++) {
    const searched = await search(config, task, pool, x0, new Rng(seed * 1000 + c));
    const nominal = ddp.smoothing ? await smooth(ddp, task, pool, x0, searched, note) : searched;
    const described = describe(task, nominal.states, nominal.T);
    const { distribution: policy, descriptor } = await guideAround(ddp, task, gainPool, x0, nominal, task.reward);
    const seeds = Array.from({ length: ddp.trialSamples }, (_, i) => seed * 100_000 + c * 1000 + i);
    const trials = (await pool.rollouts(descriptor, seeds, { T: nominal.T })) as SimTrajectory[];
    const returns = trials.map((t) => t.rewards.reduce((a, b) => a + b, 0));
    const fallFraction = trials.filter((t) => t.fellAt >= 0 || t.diverged !== null).length / trials.length;
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
    note(
      `DDP candidate ${c}: reward ${nominal.totalReward.toFixed(2)}, velocity ${described.avgVelocity.toFixed(3)} m/s, ` +
        `${described.fellAt >= 0 ? `falls at step ${described.fellAt}` : 'no fall'}; guiding samples ${mean.toFixed(2)} ± ${(2 * std).toFixed(2)}, ` +
        `${(fallFraction * 100).toFixed(0)}% fall (${nominal.iterations} iterations, ${nominal.stopReason})`,
    );
    const solution: GuideSolution = {
      guide: { distribution: policy, descriptor },
      nominal: { states: nominal.states, actions: nominal.actions, reward: nominal.totalReward, ...described },
      trial: { samples: trials.length, fallFraction, rewardMean: mean, rewardStd: std },
      candidate: c,
      seconds: 0,
    };
    if (!best || fallFraction < best.trial.fallFraction || (fallFraction === best.trial.fallFraction && nominal.totalReward > best.nominal.reward)) {
      best = solution;
    }
  }
  best!.seconds = (Date.now() - started) / 1000;
  return best!;
}

/**
 * The guiding distribution π_G around a nominal (Section 4.1, Eq. 4): one backward pass at the nominal
 * (no iLQR step) on `reward` plus the tracking term −w(Σ sx_i (x_i − x̂_i)² + actionWeight ‖u − û‖²),
 * linearized with the gains' finite-difference step (gainPool), at the configured temperature.
 */
export async function guideAround(
  ddp: DdpConfig,
  task: SimTask,
  gainPool: SimPool,
  x0: Float64Array,
  nominal: Pick<IlqrResult, 'T' | 'states' | 'actions'>,
  reward: Reward,
): Promise<Guide & { distribution: LinearGaussianPolicy }> {
  const gains = await ilqr(
    {
      dynamics: task,
      reward,
      horizon: nominal.T,
      x0,
      linearizer: gainPool,
      tracking: {
        weight: ddp.tracking,
        states: nominal.states,
        actions: nominal.actions,
        actionWeights: new Float64Array(task.actionDim).fill(ddp.actionWeight),
        stateWeights: trackingStateWeights(ddp.stateWeights, task.stateDim),
      },
    },
    { actions: nominal.actions },
    { maxIterations: 0 },
  );
  const { policy } = guidingFromIlqr(gains, { temperature: ddp.temperature, feedforward: false });
  return { distribution: policy, descriptor: policy.toDescriptor() };
}

/** A worker pool for the task whose linearization uses the gains' finite-difference step ddp.gainEps. */
export function createGainPool(config: BenchmarkConfig, workers: number): Promise<SimPool> {
  return SimPool.create({
    task: config.task,
    overrides: { ...config.overrides, linearization: { ...(config.overrides.linearization ?? {}), eps: config.ddp.gainEps } },
    workers,
  });
}

/**
 * The low-pass polish (DdpConfig.smoothing). DDP's nominal controls carry step-to-step chatter: the
 * random initial controls' noise, and what each iteration adds, is filtered out by the dynamics, so
 * the reward barely sees it and iLQR never removes it. A policy u = μ_θ(x) cannot reproduce it,
 * since the state moves smoothly while û_t jumps, and line 3's fit is left with it as residual.
 * Each round replaces û by its centred moving average ū and re-optimizes the reward plus the gains'
 * tracking term −w(Σ sx_i (x_i − x̂_i)² + actionWeight ‖u − ū‖²) (w = smoothing.weight), starting
 * from (x̂, ū) with feedback: the state term keeps the gait and makes the feedback stabilizing.
 */
async function smooth(
  ddp: DdpConfig,
  task: SimTask,
  pool: SimPool,
  x0: Float64Array,
  searched: IlqrResult,
  note: (line: string) => void,
): Promise<IlqrResult> {
  const smoothing = ddp.smoothing!;
  let nominal = searched;
  for (let round = 0; round < smoothing.rounds; round++) {
    const target = movingAverage(nominal.actions, task.actionDim, smoothing.window);
    nominal = await ilqr(
      {
        dynamics: task,
        reward: task.reward,
        horizon: nominal.T,
        x0,
        linearizer: pool,
        tracking: {
          weight: smoothing.weight,
          states: nominal.states,
          actions: target,
          actionWeights: new Float64Array(task.actionDim).fill(ddp.actionWeight),
          stateWeights: trackingStateWeights(ddp.stateWeights, task.stateDim),
        },
      },
      { example: { states: nominal.states, actions: target } },
      { maxIterations: smoothing.iterations },
    );
  }
  const before = `reward ${searched.totalReward.toFixed(2)}, control chatter ${chatter(searched.actions, task.actionDim).toFixed(3)}`;
  const after = `reward ${nominal.totalReward.toFixed(2)}, control chatter ${chatter(nominal.actions, task.actionDim).toFixed(3)}`;
  // Starting from (x̂, ū), which is not a trajectory of the dynamics, the re-optimization can lose the
  // gait (a hopper nominal that falls): then the searched nominal is kept.
  if (describe(task, nominal.states, nominal.T).fellAt >= 0 && describe(task, searched.states, searched.T).fellAt < 0) {
    note(`smoothing lost the gait (${after}): kept the searched nominal (${before})`);
    return searched;
  }
  note(`smoothing: ${before} → ${after}`);
  return nominal;
}

/** Centred moving average over `window` steps (odd) of each control, the ends averaging what exists. */
export function movingAverage(actions: Float64Array, nu: number, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1 || window % 2 === 0) throw new Error(`smoothing.window must be an odd integer ≥ 1, got ${window}`);
  const T = actions.length / nu;
  const half = (window - 1) / 2;
  const out = new Float64Array(actions.length);
  for (let t = 0; t < T; t++) {
    const from = Math.max(0, t - half);
    const to = Math.min(T - 1, t + half);
    for (let k = 0; k < nu; k++) {
      let sum = 0;
      for (let s = from; s <= to; s++) sum += actions[s * nu + k];
      out[t * nu + k] = sum / (to - from + 1);
    }
  }
  return out;
}

/** The guide's own action noise: for each action dimension d, the rms over t of √Σ_t,dd. */
export function guideActionStd(guide: LinearGaussianPolicy): number[] {
  const { T, actionDim: nu, covariances } = guide;
  return Array.from({ length: nu }, (_, d) => {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += covariances[(t * nu + d) * nu + d];
    return Math.sqrt(sum / T);
  });
}

/** Root-mean-square of û minus its 5-step moving average: the part a smooth policy cannot follow. */
export function chatter(actions: Float64Array, nu: number): number {
  const smoothed = movingAverage(actions, nu, 5);
  let sum = 0;
  for (let i = 0; i < actions.length; i++) sum += (actions[i] - smoothed[i]) ** 2;
  return Math.sqrt(sum / actions.length);
}

function trackingStateWeights(weights: number[] | undefined, nx: number): Float64Array | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== nx) throw new Error(`ddp.stateWeights must have ${nx} entries (the state size), got ${weights.length}`);
  weights.forEach((v, i) => {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`ddp.stateWeights[${i}] must be a finite number ≥ 0, got ${v}`);
  });
  return Float64Array.from(weights);
}

async function search(config: BenchmarkConfig, task: SimTask, pool: SimPool, x0: Float64Array, rng: Rng): Promise<IlqrResult> {
  const { ddp } = config;
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const init = Float64Array.from({ length: T * nu }, () => ddp.initStd * rng.normal());
  // An optional posture term on the torso pitch, during the search only: the task reward has no tilt
  // term, and without it the search may lean the torso past the fall threshold.
  let tracking: TrackingTerm | undefined;
  const pitch = task.layout.rootPitch;
  if (ddp.pitchWeight > 0 && pitch >= 0) {
    const states = new Float64Array((T + 1) * nx);
    for (let t = 0; t <= T; t++) states.set(x0, t * nx);
    const stateWeights = new Float64Array(nx);
    stateWeights[pitch] = 1;
    tracking = { weight: ddp.pitchWeight, states, actions: new Float64Array(T * nu), stateWeights, actionWeights: new Float64Array(nu) };
  }
  if (ddp.mode === 'example') return searchFromExample(config, task, pool, x0, rng);
  const problem: IlqrProblem = { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool, tracking };
  if (ddp.mode === 'full') return ilqr(problem, { actions: init }, { maxIterations: ddp.iterations });
  return recedingHorizonIlqr(problem, { actions: init }, {
    window: ddp.window,
    shift: ddp.shift,
    windowOptions: { maxIterations: ddp.windowIterations },
    polishOptions: { maxIterations: ddp.iterations },
  });
}

/**
 * Section 4.3, learning from a demonstration: iLQR starts from the example (its first backward pass
 * is taken around the example's states and actions) and optimizes the reward plus the tracking term
 * −w(‖x − x_ex‖² + ‖u − u_ex‖²), which keeps the solution near the example.
 */
async function searchFromExample(config: BenchmarkConfig, task: SimTask, pool: SimPool, x0: Float64Array, rng: Rng): Promise<IlqrResult> {
  const { ddp } = config;
  if (!config.example) throw new Error(`${config.task}: ddp.mode 'example' needs the benchmark's example()`);
  const T = task.horizon;
  const example = await config.example(task, rng.nextUint32());
  if (example.states.length !== (T + 1) * task.stateDim || example.actions.length !== T * task.actionDim) {
    throw new Error(
      `${config.task}: the example must hold ${T + 1} states and ${T} actions (horizon ${T}), ` +
        `got ${example.states.length / task.stateDim} states and ${example.actions.length / task.actionDim} actions`,
    );
  }
  const weight = ddp.exampleTracking ?? 0.05;
  const problem: IlqrProblem = {
    dynamics: task,
    reward: task.reward,
    horizon: T,
    x0,
    linearizer: pool,
    tracking: { weight, states: example.states, actions: example.actions },
  };
  return ilqr(problem, { example }, { maxIterations: ddp.iterations });
}

export function describe(task: SimTask, states: Float64Array, T: number): { avgVelocity: number; fellAt: number } {
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

/** guides.json: line 1's DDP solutions, kept with the run's results and reused by --resume. */
export function guidesToJSON(solutions: readonly GuideSolution[]): unknown {
  return { guides: solutions.map(guideToJSON) };
}

/** A guides.json's solutions; a file of runs before `ddp.guides` (one solution, not wrapped) gives one. */
export function guidesFromJSON(data: any): GuideSolution[] {
  const list = Array.isArray(data?.guides) ? data.guides : [data];
  return list.map(guideFromJSON);
}

/** The first solution of a guides.json (study scripts that use one guide). */
export function firstGuideFromJSON(data: any): GuideSolution {
  return guidesFromJSON(data)[0];
}

/**
 * A guide as a controller for study scripts: its mean ū_t + K_t (x − x̂_t), the exploration covariance
 * shrunk to 1e-12 of itself (rollouts keep the task's motor and initial-state noise).
 */
export function guideMeanController(g: LinearGaussianPolicy): LinearGaussianPolicy {
  return new LinearGaussianPolicy({
    T: g.T, stateDim: g.stateDim, actionDim: g.actionDim,
    nominalStates: g.nominalStates, meanActions: g.meanActions, gains: g.gains,
    covariances: g.covariances.map((c) => c * 1e-12),
  });
}

function guideToJSON(solution: GuideSolution): unknown {
  return {
    candidate: solution.candidate,
    seconds: solution.seconds,
    trial: solution.trial,
    nominal: { ...solution.nominal, states: Array.from(solution.nominal.states), actions: Array.from(solution.nominal.actions) },
    distribution: (solution.guide.distribution as unknown as { toJSON(): LinearGaussianJSON }).toJSON(),
  };
}

function guideFromJSON(data: any): GuideSolution {
  const policy = linearGaussianFromJSON(data.distribution);
  return {
    candidate: data.candidate,
    seconds: data.seconds,
    trial: data.trial,
    nominal: { ...data.nominal, states: Float64Array.from(data.nominal.states), actions: Float64Array.from(data.nominal.actions) },
    guide: { distribution: policy, descriptor: policy.toDescriptor() },
  };
}
