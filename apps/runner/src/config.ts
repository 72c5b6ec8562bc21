/**
 * A benchmark's configuration: data only (dm_control style). Each app under apps/ exports one;
 * nothing algorithmic lives there.
 */
import type { GpsOptions } from '@guided/gps';
import type { SimTask, TaskName, TaskOverrides } from '@guided/sim';

/** How DDP finds the initial guiding distributions (Algorithm 1, line 1). */
export interface DdpConfig {
  /**
   * 'full': full-horizon iLQR; 'receding': windows of `window` steps replanned every `shift`, then a
   * polish; 'example': iLQR started from the benchmark's `example` (a demonstration) with the tracking
   * term `exampleTracking` on its states and actions (the paper's Section 4.3), one solution.
   */
  mode: 'full' | 'receding' | 'example';
  /** Std of the random initial controls. */
  initStd: number;
  /** Full-horizon iterations (the polish, in receding mode). */
  iterations: number;
  window: number;
  shift: number;
  windowIterations: number;
  /** Weight of a torso-pitch posture term used during the search only (0: none). */
  pitchWeight: number;
  /** Mode 'example': weight w of −w(‖x − x_ex‖² + ‖u − u_ex‖²) during the search (the paper: 0.05). */
  exampleTracking?: number;
  /** Searches from different random starts; the one whose guiding samples survive best is kept. */
  candidates: number;
  /**
   * How many DDP solutions line 1 builds (Algorithm 1's π_G1..π_Gn; default 1), each from its own seed:
   * in mode 'example' each from its own noisy example. Line 2 draws the guiding samples evenly from them.
   */
  guides?: number;
  /** Tracking weight w of the gains' backward pass: r − w(‖x − x̂‖² + actionWeight ‖u − û‖²). */
  tracking: number;
  actionWeight: number;
  /**
   * Per-coordinate state weights sx of the tracking term [stateDim] (default all 1): the gains'
   * backward pass uses r − w(Σ sx_i (x_i − x̂_i)² + actionWeight ‖u − û‖²).
   */
  stateWeights?: number[];
  /**
   * Optional low-pass polish of each searched nominal (guides.ts, smooth): `rounds` times, replace the
   * controls by their `window`-step centred moving average ū and run `iterations` iLQR iterations on
   * the reward plus −weight‖u − ū‖².
   */
  smoothing?: { window: number; weight: number; rounds: number; iterations: number };
  /**
   * Tracking weight w of the adapted guides' gains (line 9, adapt.ts; default 0). The policy term
   * τ log π_θ of the adapted reward already holds the guide near the policy; a tracking term would make
   * Σ = −τ Q_uu⁻¹ narrower than the policy's own noise, and so lower the guiding samples' weights.
   */
  adaptiveTracking?: number;
  /** Max-ent temperature τ: Σ_t = −τ Q_uu,t⁻¹. */
  temperature: number;
  /** Finite-difference step of the linearization behind the gains. */
  gainEps: number;
  /** Samples drawn to judge a candidate's guiding distribution. */
  trialSamples: number;
}

export interface BenchmarkConfig {
  task: TaskName;
  /** The simulated task: reward weights and targets, horizon, motor noise, terrain (see @guided/sim). */
  overrides: TaskOverrides;
  ddp: DdpConfig;
  /**
   * The example trajectory DDP starts from when `ddp.mode` is 'example' (a demonstration recorded on
   * the task, e.g. by @guided/demos): states [(T+1) × stateDim] and actions [T × actionDim].
   */
  example?: (task: SimTask, seed: number) => Promise<{ states: Float64Array; actions: Float64Array }>;
  gps: Partial<GpsOptions>;
  /**
   * θ*'s output noise after line 3 (gps option initialStd): 'fit' (default), the fit's rms residual, the
   * paper's maximum likelihood; a number F > 0, F times the guide's own action noise (guideActionStd).
   * Not in the paper: Φ's regularizer holds σ near the samples' spread (@guided/gps README), so this
   * sets the noise of the policy GPS returns.
   */
  initialStd?: 'fit' | number;
  /** Fresh noisy rollouts of the final policy for result.json. */
  evaluationRollouts: number;
}
