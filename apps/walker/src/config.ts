/**
 * The walker benchmark: configuration only. The task (model, reward weights, target velocity
 * 1 m/s, target torso-top height 1.45 m, 500-step horizon, 10% multiplicative motor noise) is
 * @guided/sim's walker; the example is a SIMBICON walk recorded by @guided/demos, as in the paper,
 * whose walker learned from "a prior locomotion system (Yin et al., 2007)".
 */
import type { BenchmarkConfig } from '@guided/runner';
import { recordDemonstration, simbiconForTask } from '@guided/demos';

export const walker: BenchmarkConfig = {
  task: 'walker',
  overrides: { horizon: 500, motorNoise: 0.1 },
  // One noisy 5 s SIMBICON walk (seeded by the run's seed): the example of Section 4.3.
  example: async (task, seed) => recordDemonstration(task, simbiconForTask(task), { seed }),
  ddp: {
    // Section 4.3: DDP from the example with the tracking term w = 0.05 on its states and actions.
    mode: 'example',
    exampleTracking: 0.05,
    iterations: 20,
    initStd: 0,
    window: 0,
    shift: 0,
    windowIterations: 0,
    pitchWeight: 0,
    candidates: 1,
    // The gains of π_G, as for the hopper: tracking w = 1 with root x, z, pitch at 1 and the joint
    // angles and velocities at 0.1, actions at 10. Every guiding sample keeps walking at τ = 0.01
    // (−21.4 ± 1.2), 0.1 (−23.0 ± 1.4) and 1 (−39.9, worst −44.4); the broader ones did not make
    // pretraining work (apps/runner/scripts/guide-study.ts, README), τ = 0.1 is kept.
    tracking: 1,
    actionWeight: 10,
    stateWeights: [1, 1, 1, ...new Array(15).fill(0.1)],
    temperature: 0.1,
    // The low-pass polish (guides.ts), seed 1: the DDP example's chatter 0.135 → 0.030 and its reward
    // −20.52 → −16.49 (20 more iterations); its guiding samples −18.8 ± 1.2, none of 40 falls.
    smoothing: { window: 5, weight: 1, rounds: 2, iterations: 10 },
    gainEps: 1e-2,
    trialSamples: 40,
  },
  gps: {
    iterations: 80,
    guidingSamples: 40,
    samplesPerIteration: 10,
    activeSetSize: 100,
    hidden: [50],
    objectiveWorkers: 2,
    // The sample set's log-probabilities on both cores too: the same numbers as on one (gps options).
    scoringWorkers: 2,
    // Line 3 to convergence. On seed 1's guiding samples the mean's rms error to the guide's mean action
    // is 0.031 after 1000 evaluations of L-BFGS on all of θ (acting with its mean, 8 of 10 rollouts
    // fall); with the output layer solved (pretrain's default) 0.022 after 300 and 0.021 after 1000,
    // and 10 of 10 walk at −16.9 (apps/runner/scripts/reproduce-study.ts). Over seeds 1–3 GPS ends no
    // better from either fit (README), and the solved one takes 0.6–2.6 min instead of 10.
    pretrainEvaluations: 1000,
    pretrainOutputLayer: 'solve',
    // Line 19 among the policies that held θ*, by their own samples (gps final-selection.ts): in
    // session 5 seed 3's θ* ratcheted from a walking policy to one that falls in 7% of its rollouts.
    finalSelection: 'sampled',
    // w_r in reward per step: a fallen walker loses ~10 per step, 100× the swimmer (gps README).
    initialRegularization: 0.1,
    minRegularization: 1e-4,
    maxRegularization: 1,
  },
  // θ*'s output noise after line 3: a quarter of the guide's own (σ ≈ 0.013 per joint, where the fit's
  // residual gives 0.055). Φ's regularizer holds σ where line 3 puts it (gps README), and at 0.055 the
  // noise alone cost the walker ~20%. The pretrained policies of seeds 1–3 on their 10 evaluation
  // seeds, sampling (apps/runner/scripts/noise-study.ts): σ as fitted 1.215 / 21.7 / 44.0 (0, 1 and 1
  // falls), ×1 1.200 / 46.7 / 36.1, ×0.5 1.063 / 1.061 / 1.082, ×0.25 1.034 / 1.026 / 1.043 (no falls),
  // acting with the mean 1.025 / 1.018 / 1.035. Not in the paper.
  initialStd: 0.25,
  evaluationRollouts: 10,
};
