/**
 * Tasks are data (dm_control style): a TaskSpec holds the model parameters, reward weights and
 * targets, horizon, time step, motor noise, terrain, initial-state noise and fall criterion.
 * `resolveSpec(name, overrides)` merges overrides into the task's defaults and checks them.
 */
import type { ContactParams } from './models/common.js';
import { HOPPER_DEFAULTS, type HopperParams } from './models/hopper.js';
import { WALKER_DEFAULTS, type WalkerParams } from './models/walker.js';
import { SWIMMER_DEFAULTS, type SwimmerParams } from './models/swimmer.js';
import { HUMANOID_DEFAULTS, type HumanoidParams } from './models/humanoid.js';
import type { RewardSpec } from './reward.js';
import { type TerrainSpec, validateTerrain } from './terrain.js';
import { mergeOptions, type OptionRules } from './options.js';

export const TASK_NAMES = ['swimmer', 'hopper', 'walker', 'humanoid'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export interface ModelParamsByTask {
  swimmer: SwimmerParams;
  hopper: HopperParams;
  walker: WalkerParams;
  humanoid: HumanoidParams;
}

export interface FallSpec {
  /** Fallen when the root is lower than this above the ground below it (m); 0 disables. */
  minHeight: number;
  /** Fallen when the torso tilts more than this from upright (degrees); 0 disables. */
  maxTiltDeg: number;
}

export interface LinearizationSpec {
  /** Finite-difference step of mjd_transitionFD. */
  eps: number;
  /** Centred (true) or forward (false) differences. */
  centered: boolean;
}

export interface TaskSpec<N extends TaskName = TaskName> {
  name: N;
  model: ModelParamsByTask[N];
  /** Contact softness and friction of every geom pair (unused by the swimmer, which has no contacts). */
  contact: ContactParams;
  reward: RewardSpec;
  /** Default rollout length T (control steps). */
  horizon: number;
  /** Duration of one control step (s). */
  controlDt: number;
  /** MuJoCo steps per control step; MuJoCo's timestep is controlDt / substeps. */
  substeps: number;
  /** Motor noise level: std of the noise relative to the command (multiplicative) or the half-range (additive). */
  motorNoise: number;
  /**
   * 'multiplicative': applied = u ⊙ (1 + motorNoise·ε);
   * 'additive': applied = u + motorNoise·halfRange ⊙ ε; ε ~ N(0, I). MuJoCo then clamps to ctrlrange.
   */
  motorNoiseKind: 'multiplicative' | 'additive';
  terrain: TerrainSpec;
  /** Std of the Gaussian noise added to joint angles (rad) and all velocities of the initial state. */
  initialStateNoise: number;
  fall: FallSpec;
  linearization: LinearizationSpec;
  /**
   * Largest |qvel| entry (m/s or rad/s) a step may produce; beyond it the simulation counts as
   * diverged. MuJoCo itself only resets past 1e10, and a blow-up that stays below that (velocities
   * of 1e5 once scored a rollout −4e11) would otherwise swamp every importance weight.
   */
  maxSpeed: number;
}

/** Per-task overrides: any subset of the spec (the terrain is replaced as a whole). */
export type TaskOverrides<N extends TaskName = TaskName> = {
  model?: Partial<ModelParamsByTask[N]>;
  contact?: Partial<ContactParams>;
  reward?: Partial<RewardSpec>;
  horizon?: number;
  controlDt?: number;
  substeps?: number;
  motorNoise?: number;
  motorNoiseKind?: 'multiplicative' | 'additive';
  terrain?: TerrainSpec;
  initialStateNoise?: number;
  fall?: Partial<FallSpec>;
  linearization?: Partial<LinearizationSpec>;
  maxSpeed?: number;
};

/** The contact softness found to let DDP feedback hold 10% motor noise (DESIGN.md). */
const SOFT_CONTACT: ContactParams = {
  solref: [0.05, 1],
  solimp: [0.3, 0.9, 0.05],
  friction: 1,
  // Joint limits: MuJoCo's defaults unless a task says otherwise.
  limitSolref: [0.02, 1],
  limitSolimp: [0.9, 0.95, 0.001],
};

const COMMON = {
  contact: SOFT_CONTACT,
  horizon: 500,
  controlDt: 0.01,
  substeps: 2,
  motorNoise: 0.1,
  motorNoiseKind: 'multiplicative' as const,
  terrain: { type: 'flat' } as TerrainSpec,
  initialStateNoise: 0.01,
  linearization: { eps: 1e-6, centered: true },
  maxSpeed: 1000,
};

export const DEFAULT_SPECS: { [N in TaskName]: TaskSpec<N> } = {
  swimmer: {
    ...COMMON,
    name: 'swimmer',
    model: SWIMMER_DEFAULTS,
    substeps: 1,
    reward: { controlWeight: 0.01, velocityWeight: 10, heightWeight: 0, targetVelocity: 0.3, targetHeight: 0 },
    fall: { minHeight: 0, maxTiltDeg: 0 },
  },
  hopper: {
    ...COMMON,
    name: 'hopper',
    model: HOPPER_DEFAULTS,
    reward: { controlWeight: 0.05, velocityWeight: 1, heightWeight: 10, targetVelocity: 1, targetHeight: 1.39 },
    fall: { minHeight: 0.8, maxTiltDeg: 70 },
  },
  walker: {
    ...COMMON,
    name: 'walker',
    model: WALKER_DEFAULTS,
    reward: { controlWeight: 0.05, velocityWeight: 1, heightWeight: 10, targetVelocity: 1, targetHeight: 1.45 },
    fall: { minHeight: 0.9, maxTiltDeg: 70 },
  },
  humanoid: {
    ...COMMON,
    name: 'humanoid',
    model: HUMANOID_DEFAULTS,
    motorNoise: 0.01,
    reward: { controlWeight: 0.01, velocityWeight: 1, heightWeight: 10, targetVelocity: 2.5, targetHeight: 1.3 },
    fall: { minHeight: 0.8, maxTiltDeg: 60 },
  },
};

const RULES: OptionRules = {
  signed: new Set([
    'reward.targetVelocity',
    'model.hipRange',
    'model.kneeRange',
    'model.ankleRange',
    'model.abdomenRange',
    'model.hipAbductionRange',
    'model.hipRotationRange',
    'model.toeRange',
    'model.shoulderRange',
    'model.shoulderTwistRange',
    'model.elbowRange',
  ]),
  positive: new Set([
    'horizon',
    'controlDt',
    'substeps',
    'linearization.eps',
    'maxSpeed',
    'contact.solref',
    'contact.limitSolref',
    'model.links',
    'model.linkLength',
    'model.linkRadius',
    'model.density',
    'model.torsoLength',
    'model.torsoRadius',
    'model.thighLength',
    'model.thighRadius',
    'model.legLength',
    'model.legRadius',
    'model.footLength',
    'model.footRadius',
    'model.upperArmLength',
    'model.lowerArmLength',
    'model.armRadius',
    'model.headRadius',
    'model.pelvisWidth',
    'model.scale',
  ]),
  integer: new Set(['horizon', 'substeps', 'model.links']),
  choices: { motorNoiseKind: ['multiplicative', 'additive'] },
  opaque: new Set(['terrain']),
};

function checkRange(where: string, path: string, range: [number, number]): void {
  if (!(range[0] < range[1])) throw new Error(`${where}: option ${path} must have lower < upper, got [${range[0]}, ${range[1]}]`);
}

/** The task's default spec with `overrides` merged in; throws on an unknown task or bad option. */
export function resolveSpec<N extends TaskName>(name: N, overrides: TaskOverrides<N> = {}): TaskSpec<N> {
  if (!(TASK_NAMES as readonly string[]).includes(name as string)) {
    throw new Error(`sim: unknown task '${String(name)}' (known: ${TASK_NAMES.join(', ')})`);
  }
  const where = `sim(${name})`;
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error(`${where}: overrides must be an object, got ${JSON.stringify(overrides)}`);
  }
  if ('name' in overrides) throw new Error(`${where}: option name cannot be overridden`);
  const defaults = DEFAULT_SPECS[name] as TaskSpec<N>;
  const spec = mergeOptions(where, defaults, overrides, RULES);
  spec.terrain = validateTerrain(where, spec.terrain);
  if (name === 'swimmer' && spec.terrain.type !== 'flat') {
    throw new Error(`${where}: option terrain.type must be 'flat' for the swimmer, got '${spec.terrain.type}'`);
  }
  const model = spec.model as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(model)) {
    if (key.endsWith('Range') && Array.isArray(value)) checkRange(where, `model.${key}`, value as [number, number]);
  }
  if (name === 'swimmer' && (model.links as number) < 2) {
    throw new Error(`${where}: option model.links must be ≥ 2, got ${String(model.links)}`);
  }
  for (const key of ['solimp', 'limitSolimp'] as const) {
    const [dmin, dmax, width] = spec.contact[key];
    if (!(dmin > 0 && dmin < 1 && dmax > 0 && dmax < 1 && width > 0)) {
      throw new Error(`${where}: option contact.${key} must be [dmin, dmax, width] with 0 < dmin, dmax < 1 and width > 0, got [${spec.contact[key].join(', ')}]`);
    }
  }
  if (name === 'swimmer' && spec.reward.heightWeight !== 0) {
    throw new Error(`${where}: option reward.heightWeight must be 0 for the swimmer (it has no height), got ${spec.reward.heightWeight}`);
  }
  return spec;
}
