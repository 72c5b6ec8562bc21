/**
 * Guided policy search, Algorithm 1 of Levine & Koltun (ICML 2013), line by line:
 *
 *  1: Generate DDP solutions π_G1..π_Gn                      (the caller: problem.guides)
 *  2: Sample ζ_1..ζ_m from q(ζ) = (1/n) Σ_i π_Gi(ζ)          initialize()
 *  3: Initialize θ* ← argmax_θ Σ_i log π_θ*(ζ_i)              initialize()
 *  4: Build initial sample set S from π_G1..π_Gn, π_θ*        initialize()
 *  5: for iteration k = 1 to K do                             guidedPolicySearch()
 *  6:   Choose current sample set S_k ⊂ S                     iterate()
 *  7:   Optimize θ_k ← argmax_θ Φ_{S_k}(θ)
 *  8:   Append samples from π_θk to S_k and S
 *  9:   Optionally generate adaptive guiding samples
 * 10:   Estimate the values of π_θk and π_θ* using S_k
 * 11:   if π_θk is better than π_θ* then
 * 12:     Set θ* ← θ_k
 * 13:     Decrease w_r
 * 14:   else
 * 15:     Increase w_r
 * 16:     Optionally, resample from π_θ*
 * 19: Return the best policy π_θ*                            guidedPolicySearch() (final-selection.ts)
 */
import { mkdirSync } from 'node:fs';
import { Rng } from '@guided/core';
import type { Trajectory } from '@guided/core';
import { estimateValue } from '@guided/is-estimator';
import { MlpPolicy, mlpPolicySpec, pretrain, pretrainOnThreads } from '@guided/mlp-policy';
import { chooseActiveSet } from './active-set.js';
import { selectFinalPolicy, type FinalSelection } from './final-selection.js';
import { CheckpointWriter, hasCheckpoint, loadCheckpoint, loadGuide } from './checkpoint.js';
import { DEFAULT_GPS_OPTIONS, resolveGpsOptions, type GpsOptions } from './options.js';
import { optimizePolicy } from './optimize.js';
import type { Guide, GpsProblem, PolicyDescriptor } from './problem.js';
import type { IterationRecord, PrefaceRecord } from './records.js';
import { nextRegularization } from './regularization.js';
import { totalReward } from './returns.js';
import { SampleStore, policyInputs } from './sample-store.js';

export interface GpsRunHooks {
  /** Folder for the per-iteration checkpoint (none when absent). */
  checkpointDir?: string;
  /** Continue from the checkpoint in checkpointDir when there is one. */
  resume?: boolean;
  onPreface?: (record: PrefaceRecord) => void;
  onIteration?: (record: IterationRecord) => void;
}

export interface GpsResult {
  /** The best policy π_θ* (line 19). */
  policy: MlpPolicy;
  options: GpsOptions;
  preface: PrefaceRecord;
  log: IterationRecord[];
  store: SampleStore;
  guides: Guide[];
  /** Line 19's choice with finalSelection 'sampled' (null with 'star'). */
  selection: FinalSelection | null;
}

/** Everything the loop carries from one iteration to the next (and what a checkpoint holds). */
interface LoopState {
  iteration: number;
  rng: Rng;
  regularization: number;
  /** Index of θ*'s sampling distribution in the store. */
  starIndex: number;
  guides: Guide[];
  preface: PrefaceRecord;
  log: IterationRecord[];
}

export async function guidedPolicySearch(
  problem: GpsProblem,
  partialOptions: Partial<GpsOptions> = {},
  hooks: GpsRunHooks = {},
): Promise<GpsResult> {
  const options = resolveGpsOptions(partialOptions);
  const { env } = problem;
  if (problem.guides.length === 0) throw new Error('gps: problem.guides is empty: line 1 needs at least one DDP solution');
  if (options.initialStd && options.initialStd.length !== env.actionDim) {
    throw new Error(`gps: initialStd has ${options.initialStd.length} entries, but the environment has ${env.actionDim} action dimensions`);
  }
  const policy = new MlpPolicy({ inputDim: env.obsDim, actionDim: env.actionDim, hidden: options.hidden, seed: options.seed });
  const store = new SampleStore(env.T, env.obsDim, env.actionDim, policy.clone());
  const dir = hooks.checkpointDir;
  if (dir) mkdirSync(dir, { recursive: true });
  const writer = dir ? new CheckpointWriter(dir) : null;

  // The store's scoring workers (options.scoringWorkers) stop however the run ends; the store it
  // returns scores on this thread.
  try {
    let state: LoopState;
    if (hooks.resume && writer && hasCheckpoint(writer.dir)) {
      state = await restore(writer, store, policy, options);
    } else {
      state = await initialize(problem, options, policy, store);
      if (writer) save(writer, state, store, policy, options);
    }
    hooks.onPreface?.(state.preface);
    for (const record of state.log) hooks.onIteration?.(record);

    for (let k = state.iteration + 1; k <= options.iterations; k++) {
      const record = await iterate(k, problem, options, policy, store, state);
      state.iteration = k;
      state.log.push(record);
      if (writer) save(writer, state, store, policy, options);
      hooks.onIteration?.(record);
    }

    // Line 19: θ* as the loop leaves it, or the best of the policies that held it by their own samples.
    let selection: FinalSelection | null = null;
    if (options.finalSelection === 'sampled') {
      const stars = [store.policyDistributions()[0], ...state.log.map((r) => r.starIndex)];
      selection = await selectFinalPolicy(store, stars, options.selectionCandidates, options.selectionSamples, (j, count) => {
        policy.setParams(store.params(j));
        return problem.env.rollouts({ policy: mlpPolicySpec(policy) as PolicyDescriptor, seeds: seeds(state.rng, count) });
      });
    }
    setStar(policy, store, selection?.chosen ?? state.starIndex);
    return { policy, options, preface: state.preface, log: state.log, store, guides: state.guides, selection };
  } finally {
    await store.dispose();
  }
}

/** Lines 2–4. */
async function initialize(problem: GpsProblem, options: GpsOptions, policy: MlpPolicy, store: SampleStore): Promise<LoopState> {
  const started = Date.now();
  const rng = new Rng(options.seed);
  const guides = problem.guides;

  // Line 2: m samples from the equal mixture of the guiding distributions (sample s from guide s mod n).
  const guideSamples: Trajectory[][] = guides.map(() => []);
  for (let g = 0; g < guides.length; g++) {
    const count = Math.floor(options.guidingSamples / guides.length) + (g < options.guidingSamples % guides.length ? 1 : 0);
    if (count > 0) guideSamples[g] = await problem.env.rollouts({ policy: guides[g].descriptor, seeds: seeds(rng, count) });
  }
  const allGuiding = guideSamples.flat();
  const totals = allGuiding.map(totalReward);
  const guidingMean = mean(totals);
  const guidingStd = Math.sqrt(mean(totals.map((r) => (r - guidingMean) ** 2)));

  // Line 3: θ* ← argmax_θ Σ_i log π_θ(ζ_i) on the guiding samples (not for the restart variant,
  // which uses the guiding samples only as initial states).
  const T = problem.env.T;
  const obsDim = problem.env.obsDim;
  const pairs = allGuiding.length * T;
  const obs = new Float64Array(pairs * obsDim);
  const actions = new Float64Array(pairs * problem.env.actionDim);
  allGuiding.forEach((traj, i) => {
    obs.set(policyInputs(traj).subarray(0, T * obsDim), i * T * obsDim);
    actions.set(traj.actions.subarray(0, T * problem.env.actionDim), i * T * problem.env.actionDim);
  });
  policy.fitNormalization(pairs, obs);
  let pretrainEvaluations = 0;
  let pretrainLoss: number | null = null;
  if (options.variant !== 'restart') {
    const fit = {
      n: pairs,
      obs,
      actions,
      maxEvaluations: options.pretrainEvaluations,
      outputLayer: options.pretrainOutputLayer,
      weightDecay: options.pretrainWeightDecay,
    };
    const result = options.pretrainWorkers > 1 ? await pretrainOnThreads(policy, { ...fit, workers: options.pretrainWorkers }) : pretrain(policy, fit);
    pretrainEvaluations = result.evaluations;
    // The data term alone, −(1/n) Σ log π_θ*, comparable with and without weight decay.
    pretrainLoss = result.f - 0.5 * options.pretrainWeightDecay * policy.weightNormSquared();
    if (options.initialStd) policy.setStd(options.initialStd);
  }

  // Line 4: S ← guiding samples (for the guided variants) ∪ samples of π_θ*.
  // The non-guided variants keep their guiding samples in the store too (for restart states), but
  // never put them in an active set nor their distributions in q.
  store.setScorerNormalization(policy.getNormalization());
  await store.useWorkers(options.scoringWorkers);
  guides.forEach((guide, g) => {
    const j = store.addDistribution({ kind: 'guide', label: `guide ${g}`, guide: guide.distribution, descriptor: guide.descriptor });
    store.addSamples(guideSamples[g], j, true);
  });
  const starIndex = store.addDistribution({ kind: 'policy', label: 'θ* (pretrained)', params: Float64Array.from(policy.getParams()) });
  const first = await samplePolicy(problem, options, policy, rng, allGuiding);
  store.addSamples(first, starIndex, false);

  return {
    iteration: 0,
    rng,
    regularization: options.initialRegularization,
    starIndex,
    guides,
    log: [],
    preface: {
      guidingMean,
      guidingStd,
      guidingCount: allGuiding.length,
      pretrainEvaluations,
      pretrainLoss,
      pretrainedMean: mean(first.map(totalReward)),
      seconds: (Date.now() - started) / 1000,
    },
  };
}

/** Lines 6–17 of iteration k. */
async function iterate(
  k: number,
  problem: GpsProblem,
  options: GpsOptions,
  policy: MlpPolicy,
  store: SampleStore,
  state: LoopState,
): Promise<IterationRecord> {
  const started = Date.now();
  const time = { activeSet: 0, objective: 0, sampling: 0, scoring: 0, estimation: 0, adaptation: 0 };
  const includeGuiding = options.variant === 'gps' || options.variant === 'unregularized';
  const thetaStar = Float64Array.from(store.params(state.starIndex));
  const wr = state.regularization;

  // Line 6: S_k = guiding samples + the samples with the highest importance weights under θ*.
  let tic = Date.now();
  const use = fusedDistributions(store, includeGuiding);
  const maxGuiding = Math.floor(options.activeGuidingShare * options.activeSetSize);
  const fused = use ?? store.distributions.map((_, j) => j);
  const active = chooseActiveSet(store, state.starIndex, options.activeSetSize, fused, includeGuiding, maxGuiding);
  const activeSet = store.sampleSet(active, use);
  time.activeSet = (Date.now() - tic) / 1000;

  // Line 7: θ_k ← argmax Φ_{S_k}(θ), from θ* and from the highest-reward sample's fit.
  tic = Date.now();
  let bestRow = 0;
  active.forEach((i, r) => {
    if (store.samples[i].totalReward > store.samples[active[bestRow]].totalReward) bestRow = r;
  });
  const optimized = await optimizePolicy(policy, activeSet, thetaStar, bestRow, {
    regularization: wr,
    lbfgsEvaluations: options.lbfgsEvaluations,
    secondStartEvaluations: options.secondStartEvaluations,
    secondStart: options.secondStart,
    workers: options.objectiveWorkers,
  });
  time.objective = (Date.now() - tic) / 1000;

  // Line 8: append samples of π_θk to S_k and S (scoring: every sample under every distribution).
  tic = Date.now();
  const newIndex = store.addDistribution({ kind: 'policy', label: `θ_${k}`, params: optimized.theta });
  time.scoring = (Date.now() - tic) / 1000;
  tic = Date.now();
  policy.setParams(optimized.theta);
  const fresh = await samplePolicy(problem, options, policy, state.rng, store.guidingTrajectories());
  time.sampling = (Date.now() - tic) / 1000;
  tic = Date.now();
  const freshIndices = store.addSamples(fresh, newIndex, false);
  time.scoring += (Date.now() - tic) / 1000;

  // Line 9: adaptive guiding samples (Section 4.2), in the first iterations only.
  if (options.adaptive && problem.adaptGuide && k <= options.adaptiveIterations && includeGuiding) {
    tic = Date.now();
    const spec = mlpPolicySpec(policy) as PolicyDescriptor;
    for (let g = 0; g < state.guides.length; g++) {
      const adapted = await problem.adaptGuide(state.guides[g], spec, options.adaptiveDdpIterations);
      state.guides[g] = adapted;
      const j = store.addDistribution({ kind: 'guide', label: `guide ${g} adapted at ${k}`, guide: adapted.distribution, descriptor: adapted.descriptor });
      const samples = await problem.env.rollouts({ policy: adapted.descriptor, seeds: seeds(state.rng, options.adaptiveSamples) });
      store.addSamples(samples, j, true);
    }
    time.adaptation = (Date.now() - tic) / 1000;
  }

  // Line 10: estimate the values of π_θk and π_θ* on S_k (now with the new samples), Eq. (2).
  tic = Date.now();
  const evaluationSet = store.sampleSet([...active, ...freshIndices], fusedDistributions(store, includeGuiding));
  policy.setParams(optimized.theta);
  const estimateNew = estimateValue(policy, evaluationSet);
  policy.setParams(thetaStar);
  const estimateStar = estimateValue(policy, evaluationSet);
  time.estimation = (Date.now() - tic) / 1000;

  // Lines 11–16: accept and decrease w_r, or reject, increase w_r and resample from θ*.
  const accepted = estimateNew.value > estimateStar.value;
  const schedule = { min: options.minRegularization, max: options.maxRegularization, factor: options.regularizationFactor };
  state.regularization = nextRegularization(wr, accepted, schedule);
  if (accepted) {
    state.starIndex = newIndex;
  } else if (options.resampleOnReject) {
    tic = Date.now();
    policy.setParams(thetaStar);
    const again = await samplePolicy(problem, options, policy, state.rng, store.guidingTrajectories());
    time.sampling += (Date.now() - tic) / 1000;
    tic = Date.now();
    store.addSamples(again, state.starIndex, false);
    time.scoring += (Date.now() - tic) / 1000;
  }

  return {
    iteration: k,
    policySampleMean: mean(fresh.map(totalReward)),
    valueStar: estimateStar.value,
    valueNew: estimateNew.value,
    accepted,
    starIndex: state.starIndex,
    regularization: wr,
    nextRegularization: state.regularization,
    objective: optimized.objective,
    lbfgsEvaluations: optimized.evaluations,
    start: optimized.start,
    minEffectiveSampleSize: Math.min(...estimateNew.effectiveSampleSize),
    activeSetSize: active.length,
    sampleCount: store.samples.length,
    seconds: (Date.now() - started) / 1000,
    time,
  };
}

/**
 * `samplesPerIteration` noisy rollouts of the policy at its current parameters. The restart variant
 * starts them from states drawn uniformly from the guiding samples (Kakade & Langford's restart
 * distribution with ν = 1).
 */
async function samplePolicy(
  problem: GpsProblem,
  options: GpsOptions,
  policy: MlpPolicy,
  rng: Rng,
  guiding: Trajectory[],
): Promise<Trajectory[]> {
  const count = options.samplesPerIteration;
  const rolloutSeeds = seeds(rng, count);
  let initialStates: Float64Array[] | undefined;
  if (options.variant === 'restart' && guiding.length > 0) {
    initialStates = rolloutSeeds.map(() => {
      const traj = guiding[rng.int(guiding.length)];
      const t = rng.int(traj.T);
      return traj.states.slice(t * traj.stateDim, (t + 1) * traj.stateDim);
    });
  }
  return problem.env.rollouts({ policy: mlpPolicySpec(policy) as PolicyDescriptor, seeds: rolloutSeeds, initialStates });
}

/** The distributions fused into q: all of them, or only the policies when guiding samples stay out of S. */
function fusedDistributions(store: SampleStore, includeGuiding: boolean): number[] | undefined {
  return includeGuiding ? undefined : store.policyDistributions();
}

function setStar(policy: MlpPolicy, store: SampleStore, starIndex: number): void {
  policy.setParams(store.params(starIndex));
}

function save(writer: CheckpointWriter, state: LoopState, store: SampleStore, policy: MlpPolicy, options: GpsOptions): void {
  writer.save({
    iteration: state.iteration,
    options,
    regularization: state.regularization,
    starIndex: state.starIndex,
    rng: state.rng.getState(),
    guides: state.guides.map((g) => g.descriptor),
    preface: state.preface,
    log: state.log,
    normalization: policy.getNormalization(),
    store,
  });
}

/**
 * Options a resumed run may change: the iteration count (to extend a run), line 19's, which act only
 * after the loop (a finished run resumed with other ones makes the choice a run with them would), and
 * the scoring workers, which change no number.
 */
const FREE_ON_RESUME = new Set<keyof GpsOptions>(['iterations', 'finalSelection', 'selectionCandidates', 'selectionSamples', 'scoringWorkers']);

async function restore(writer: CheckpointWriter, store: SampleStore, policy: MlpPolicy, options: GpsOptions): Promise<LoopState> {
  const dir = writer.dir;
  const header = await loadCheckpoint(dir, store);
  writer.continueFrom(header);
  // An option the checkpoint does not name is one added since it was written: it ran with the default.
  const saved = (key: keyof GpsOptions) => (key in header.options ? header.options[key] : DEFAULT_GPS_OPTIONS[key]);
  const mismatched = (Object.keys(options) as (keyof GpsOptions)[]).filter(
    (key) => !FREE_ON_RESUME.has(key) && JSON.stringify(options[key]) !== JSON.stringify(saved(key)),
  );
  if (mismatched.length > 0) {
    throw new Error(
      `gps resume: the checkpoint in ${dir} was made with other options (${mismatched
        .map((key) => `${key}: ${JSON.stringify(saved(key))} there, ${JSON.stringify(options[key])} now`)
        .join('; ')})`,
    );
  }
  policy.setNormalization({ mean: Float64Array.from(header.normalization.mean), std: Float64Array.from(header.normalization.std) });
  store.setScorerNormalization(policy.getNormalization());
  await store.useWorkers(options.scoringWorkers);
  const guides: Guide[] = [];
  for (const descriptor of header.guides) {
    guides.push({ descriptor, distribution: await loadGuide(descriptor) });
  }
  return {
    iteration: header.iteration,
    rng: Rng.fromState(header.rng),
    regularization: header.regularization,
    starIndex: header.starIndex,
    guides,
    // Checkpoints from before pretrainLoss was recorded lack it.
    preface: { ...header.preface, pretrainLoss: header.preface.pretrainLoss ?? null },
    log: header.log,
  };
}

function seeds(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
