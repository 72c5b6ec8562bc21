/**
 * A benchmark's configuration: data only (dm_control style). Each app under apps/ exports one;
 * nothing algorithmic lives there.
 */
import type { GpsOptions } from '@guided/gps';
import type { TaskName, TaskOverrides } from '@guided/sim';

/** How DDP finds the initial guiding distributions (Algorithm 1, line 1). */
export interface DdpConfig {
  /** 'full': full-horizon iLQR; 'receding': windows of `window` steps replanned every `shift`, then a polish. */
  mode: 'full' | 'receding';
  /** Std of the random initial controls. */
  initStd: number;
  /** Full-horizon iterations (the polish, in receding mode). */
  iterations: number;
  window: number;
  shift: number;
  windowIterations: number;
  /** Weight of a torso-pitch posture term used during the search only (0: none). */
  pitchWeight: number;
  /** Searches from different random starts; the one whose guiding samples survive best is kept. */
  candidates: number;
  /** Tracking weight w of the gains' backward pass: r − w(‖x − x̂‖² + actionWeight ‖u − û‖²). */
  tracking: number;
  actionWeight: number;
  /**
   * Per-coordinate state weights sx of the tracking term [stateDim] (default all 1): the gains'
   * backward pass uses r − w(Σ sx_i (x_i − x̂_i)² + actionWeight ‖u − û‖²).
   */
  stateWeights?: number[];
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
  gps: Partial<GpsOptions>;
  /** Fresh noisy rollouts of the final policy for result.json. */
  evaluationRollouts: number;
}
