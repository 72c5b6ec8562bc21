/**
 * The hopper benchmark: configuration only. The task (model, reward weights, target velocity
 * 1 m/s, target torso-top height 1.39 m, 500-step horizon, 10% multiplicative motor noise, the
 * task's initial-state noise) is @guided/sim's hopper; see its README for the model.
 * Figures quoted below come from packages/maxent-sampler/scripts/hopper-guides.ts (40 noisy samples
 * per setting unless noted); see the report in that package's README.
 */
import type { BenchmarkConfig } from '@guided/runner';

export const hopper: BenchmarkConfig = {
  task: 'hopper',
  overrides: {
    horizon: 500,
    motorNoise: 0.1,
    // Soft joint limits (MuJoCo's defaults are solref 0.02 1, solimp 0.9 0.95 0.001): DDP's gaits push
    // the knee past its upper limit (0°, the straight leg of the standing pose) and the ankle past ±45°
    // on landing; a stiff limit there is a non-smooth switch the linear feedback cannot hold. The
    // values mirror the soft ground contacts (DESIGN.md).
    // Ground contacts softer than the sim's default (solref 0.05 1, time constant 0.15 s): the searches
    // land on gentler gaits (41–66 saturated controls of 1500 against 95–145) whose guiding samples
    // fall less: best of 6 starts 13–33 % of 40 samples fall (time constant 0.1: 25–38 %; 0.05: 57–73 %);
    // packages/maxent-sampler/scripts/hopper-levers.ts, figures in that package's README.
    contact: { solref: [0.15, 1], limitSolref: [0.05, 1], limitSolimp: [0.3, 0.9, 0.05] },
  },
  ddp: {
    // Full-horizon iLQR from small random controls settles in poor optima (dives) on the hopper:
    // receding horizon (100-step windows replanned every 10 steps, 10 iterations each), then a
    // 30-iteration full-horizon polish.
    mode: 'receding',
    initStd: 0.1,
    iterations: 30,
    window: 100,
    shift: 10,
    windowIterations: 10,
    // The reward has no tilt term: without a torso-pitch posture term the search leans past 70°.
    pitchWeight: 1,
    // Which nominal the search lands on changes the samples' survival a lot (13 % to 100 % of the samples
    // fall across six starts with the same settings): six starts, keep the best.
    candidates: 6,
    // Tracking term of the gains' backward pass. Root x, z and pitch weight 1; joint angles and all
    // velocities 0.1: the reward's own curvature then shapes the feedback on the limbs. With every
    // coordinate at 1 the same nominals lose 68–85 % of the samples instead of 13–38 %.
    tracking: 1,
    actionWeight: 10,
    stateWeights: [1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    temperature: 0.01,
    // Larger than MuJoCo's 1e-6: at contact switches eps 1e-6 gives Jacobian entries ~1e5 and gains to match.
    gainEps: 1e-2,
    trialSamples: 40,
  },
  gps: { iterations: 80, guidingSamples: 40, samplesPerIteration: 10, activeSetSize: 100, hidden: [50] },
  evaluationRollouts: 10,
};
