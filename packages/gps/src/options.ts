/**
 * Every knob of Algorithm 1 in one typed object, the paper's values as defaults
 * (Levine & Koltun 2013, Sections 5–6: 80 iterations, 40 initial guiding samples,
 * 10 policy samples per iteration, active sets of up to 100, w_r in [1e-6, 1e-2]
 * changed by a factor of 10, adaptation in the first 40 iterations with 50 DDP iterations).
 */

/**
 * - 'gps': the full method.
 * - 'unregularized': w_r = 0 throughout (Eq. 2 alone).
 * - 'non-guided': guiding samples are used only for pretraining (line 3), never in S.
 * - 'restart': guiding samples only supply initial states of the policy's rollouts
 *   (a restart distribution, Kakade & Langford with ν = 1); no pretraining on them.
 */
export type GpsVariant = 'gps' | 'unregularized' | 'non-guided' | 'restart';
export const GPS_VARIANTS: readonly GpsVariant[] = ['gps', 'unregularized', 'non-guided', 'restart'];

export interface GpsOptions {
  /** K, policy-search iterations (line 5). */
  iterations: number;
  /** m, initial guiding samples drawn from the mixture of DDP solutions (line 2). */
  guidingSamples: number;
  /** Samples of the new policy added every iteration (line 8), and resampled from θ* on a rejection (line 16). */
  samplesPerIteration: number;
  /** Largest active set S_k (line 6). */
  activeSetSize: number;
  /**
   * Largest share of S_k given to guiding samples while other samples remain (0 < share ≤ 1). With
   * adaptation, 10 new guiding samples a iteration would otherwise fill S_k by iteration 7, leaving
   * no samples of θ* to estimate its value from (line 10).
   */
  activeGuidingShare: number;
  /** Initial, smallest and largest regularization weight w_r, and its change factor. */
  initialRegularization: number;
  minRegularization: number;
  maxRegularization: number;
  regularizationFactor: number;
  /** Resample from θ* after a rejection (line 16). */
  resampleOnReject: boolean;
  /** Optimize Φ a second time from the parameters that best explain the highest-reward sample (Section 5). */
  secondStart: boolean;
  /** L-BFGS budget of one optimization of Φ (line 7), in objective evaluations. */
  lbfgsEvaluations: number;
  /** L-BFGS budget of pretraining (line 3). */
  pretrainEvaluations: number;
  /**
   * How line 3 fits the output layer (@guided/mlp-policy's pretrain): 'descend' (default), L-BFGS on all
   * of θ; 'solve', least squares at every evaluation. 'solve' fits far closer in the same budget, but its
   * output weights are large and cancel (±300 on the toy problem of the tests, ±1 descending), and from
   * there the toy's Φ steps more often lead to unstable policies (within 10% of the optimum on 0 of 8
   * seeds after 10 iterations, against 5 of 8 descending; a relative ridge of 1e-4 … 1e-2 on the
   * solved layer gave 3–4 of 8).
   */
  pretrainOutputLayer: 'solve' | 'descend';
  /**
   * L2 weight decay λ of line 3 on the policy's weight matrices (@guided/mlp-policy's pretrain option
   * weightDecay): line 3 then maximizes (1/n) Σ log π_θ − (λ/2) Σ_l ||W_l||². Default 0, the paper's
   * maximum likelihood. Not in the paper.
   */
  pretrainWeightDecay: number;
  /**
   * θ*'s output noise σ after line 3, one entry per action dimension; null (default, the paper) keeps the
   * maximum-likelihood σ, the fit's rms residual. Where the policy cannot reproduce the guide closely, that
   * residual is mostly fit error, and σ starts far wider than the guide's own noise (the swimmer: 0.20 /
   * 0.27 against 0.12 / 0.14). Not in the paper.
   */
  initialStd: number[] | null;
  /** L-BFGS budget of fitting the highest-reward sample, the second start of line 7. */
  secondStartEvaluations: number;
  /**
   * Line 19, "return the best policy": 'star' (default, the paper) returns θ* as the loop leaves it;
   * 'sampled' returns, of the policies that were θ* at some iteration, the best by the mean reward of
   * its own samples, after `selectionSamples` more rollouts of each of the `selectionCandidates` best
   * (final-selection.ts says why).
   */
  finalSelection: 'star' | 'sampled';
  selectionCandidates: number;
  selectionSamples: number;
  /** Adaptive guiding distributions (Section 4.2, line 9) in the first `adaptiveIterations` iterations. */
  adaptive: boolean;
  adaptiveIterations: number;
  adaptiveDdpIterations: number;
  /** Guiding samples drawn from each adapted distribution. */
  adaptiveSamples: number;
  variant: GpsVariant;
  /** Hidden layer widths of the policy (the paper: one layer; 50 units in most experiments). */
  hidden: number[];
  /** Seed of everything: policy initialization, rollout noise, sample choice. */
  seed: number;
  /** Worker threads for the objective (1 = in this thread). */
  objectiveWorkers: number;
  /**
   * Worker threads for line 3's likelihood (1 = in this thread; @guided/mlp-policy's pretrainOnThreads).
   * The fit equals the one-thread fit up to rounding, and is deterministic for a fixed count.
   */
  pretrainWorkers: number;
  /**
   * Worker threads that score policies on the sample set (1 = in this thread; @guided/mlp-policy's
   * ParallelScorer): every new policy on every sample, every new sample under every policy. The scores
   * equal the one-thread ones bit for bit, so the count may change on resume.
   */
  scoringWorkers: number;
}

export const DEFAULT_GPS_OPTIONS: GpsOptions = {
  iterations: 80,
  guidingSamples: 40,
  samplesPerIteration: 10,
  activeSetSize: 100,
  activeGuidingShare: 0.5,
  initialRegularization: 1e-3,
  minRegularization: 1e-6,
  maxRegularization: 1e-2,
  regularizationFactor: 10,
  resampleOnReject: true,
  secondStart: true,
  lbfgsEvaluations: 50,
  pretrainEvaluations: 200,
  pretrainOutputLayer: 'descend',
  pretrainWeightDecay: 0,
  initialStd: null,
  secondStartEvaluations: 200,
  finalSelection: 'star',
  selectionCandidates: 3,
  selectionSamples: 20,
  adaptive: false,
  adaptiveIterations: 40,
  adaptiveDdpIterations: 50,
  adaptiveSamples: 10,
  variant: 'gps',
  hidden: [50],
  seed: 1,
  objectiveWorkers: 1,
  pretrainWorkers: 1,
  scoringWorkers: 1,
};

/** Fills defaults and checks every field; errors name the field and the value. */
export function resolveGpsOptions(partial: Partial<GpsOptions> = {}): GpsOptions {
  const where = 'gps options';
  for (const key of Object.keys(partial)) {
    if (!(key in DEFAULT_GPS_OPTIONS)) throw new Error(`${where}: unknown option "${key}"`);
  }
  const o: GpsOptions = { ...DEFAULT_GPS_OPTIONS, ...stripUndefined(partial) };
  const integer = (name: keyof GpsOptions, min: number) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < min) throw new Error(`${where}: ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  const positive = (name: keyof GpsOptions) => {
    const v = o[name] as number;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${where}: ${name} must be a finite number ≥ 0, got ${v}`);
  };
  integer('iterations', 0);
  integer('guidingSamples', 1);
  integer('samplesPerIteration', 1);
  integer('activeSetSize', 1);
  integer('lbfgsEvaluations', 1);
  integer('pretrainEvaluations', 1);
  if (o.pretrainOutputLayer !== 'solve' && o.pretrainOutputLayer !== 'descend') {
    throw new Error(`${where}: pretrainOutputLayer must be 'solve' or 'descend', got ${o.pretrainOutputLayer}`);
  }
  positive('pretrainWeightDecay');
  if (o.initialStd !== null && (!Array.isArray(o.initialStd) || o.initialStd.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0))) {
    throw new Error(`${where}: initialStd must be null or a list of finite numbers > 0, got ${JSON.stringify(o.initialStd)}`);
  }
  integer('secondStartEvaluations', 1);
  if (o.finalSelection !== 'star' && o.finalSelection !== 'sampled') {
    throw new Error(`${where}: finalSelection must be 'star' or 'sampled', got ${o.finalSelection}`);
  }
  integer('selectionCandidates', 1);
  integer('selectionSamples', 1);
  integer('adaptiveIterations', 0);
  integer('adaptiveDdpIterations', 1);
  integer('adaptiveSamples', 1);
  integer('seed', -(2 ** 31));
  integer('objectiveWorkers', 1);
  integer('pretrainWorkers', 1);
  integer('scoringWorkers', 1);
  if (!(o.activeGuidingShare > 0 && o.activeGuidingShare <= 1)) {
    throw new Error(`${where}: activeGuidingShare must be a number in (0, 1], got ${o.activeGuidingShare}`);
  }
  positive('initialRegularization');
  positive('minRegularization');
  positive('maxRegularization');
  if (!(o.regularizationFactor > 1) || !Number.isFinite(o.regularizationFactor)) {
    throw new Error(`${where}: regularizationFactor must be a finite number > 1, got ${o.regularizationFactor}`);
  }
  if (o.minRegularization > o.maxRegularization) {
    throw new Error(`${where}: minRegularization ${o.minRegularization} exceeds maxRegularization ${o.maxRegularization}`);
  }
  if (!GPS_VARIANTS.includes(o.variant)) {
    throw new Error(`${where}: variant must be one of ${GPS_VARIANTS.join(', ')}, got "${o.variant}"`);
  }
  if (!Array.isArray(o.hidden) || o.hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`${where}: hidden must be a list of positive integers, got ${JSON.stringify(o.hidden)}`);
  }
  if (o.variant === 'unregularized') {
    o.initialRegularization = 0;
    o.minRegularization = 0;
    o.maxRegularization = 0;
  }
  o.initialRegularization = clamp(o.initialRegularization, o.minRegularization, o.maxRegularization);
  return o;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function stripUndefined<T extends object>(partial: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
