/**
 * SIMBICON (Yin, Loken & van de Panne, "SIMBICON: Simple Biped Locomotion Control", SIGGRAPH 2007)
 * for @guided/sim's planar walker, as a rollout policy act(obs, rng, out, t, state).
 *
 * A four-state machine per stride: state 0 (right leg swings) lasts `swingDuration`, state 1
 * (right leg still swinging) ends when the right foot touches the ground; states 2 and 3 are the
 * same with the legs exchanged. In every state each joint is driven by PD control toward that
 * state's target angle, except that
 *  - the swing hip tracks a WORLD-frame thigh angle θ_d = θ_d0 + c_d·d + c_v·v, where d and v are
 *    the horizontal position and velocity of the centre of mass (or hip) relative to the stance
 *    ankle — the balance feedback that places the swing foot further forward when the body is
 *    ahead or moving fast;
 *  - the torso is controlled in the world frame and its torque is produced by the stance hip:
 *    τ_stanceHip = τ_torso − τ_swingHip (in this model's conventions a hip torque τ pitches the
 *    torso by +τ; the paper's τ_A = −τ_torso − τ_B is the same rule with the opposite sign).
 * Torques are divided by the gears and clamped to [−1, 1].
 *
 * Foot contact comes from the state alone: forward kinematics from the link lengths
 * (kinematics.ts) gives the lowest point of the swing foot's capsule, compared with the terrain
 * height below it (`contactHeight` above the ground counts as touching; MuJoCo's soft contacts
 * let a loaded foot sink a few cm, so the threshold is not critical).
 *
 * The phase is internal state: a rollout hands t = 0 at its first step and the controller
 * resets itself then (the sim's rollouts and worker pool never call reset and reuse one policy
 * object for many rollouts); call reset() yourself when stepping without t.
 */
import { Terrain, type SimTask } from '@guided/sim';
import type { Rng } from '@guided/core';
import { WalkerKinematics, WALKER_GEOMETRY, WALKER_STATE_DIM, hipIndex } from './kinematics.js';
import { resolveSimbiconParams, type SimbiconOverrides, type SimbiconParams } from './params.js';

/** How a policy crosses into @guided/sim's worker pool. */
export interface PolicyDescriptor {
  module: string;
  exportName: string;
  data: unknown;
}

/** What `toJSON()` holds. */
export interface SimbiconJSON {
  kind: 'simbicon';
  params: SimbiconParams;
}

/** The module that exports simbiconFromJSON (dist/index.js when built, this file under tsx). */
const MODULE_URL: string = typeof import.meta.url === 'string' && import.meta.url !== '' ? import.meta.url : '@guided/demos';
const NQ = 9;
const ACTION_DIM = 6;

/** PD torque of qpos joint j toward `target` (joint frame): kp (target − q) − kd q̇. */
function jointPD(x: Float64Array, j: number, target: number, kp: number, kd: number): number {
  return kp * (target - x[j]) - kd * x[NQ + j];
}

function clampUnit(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}

export class SimbiconController {
  readonly params: Readonly<SimbiconParams>;
  readonly actionDim = ACTION_DIM;
  readonly stateDim = WALKER_STATE_DIM;
  private readonly kin: WalkerKinematics;
  private readonly terrain: Terrain;
  private fsm = 0;
  private elapsed = 0;
  private strikes = 0;

  constructor(params: SimbiconOverrides = {}) {
    const resolved = resolveSimbiconParams(params, 'SimbiconController');
    for (const part of [resolved.phase1, resolved.phase2, resolved.gears, resolved.geometry, resolved.terrain]) Object.freeze(part);
    this.params = Object.freeze(resolved);
    this.kin = new WalkerKinematics(this.params.geometry);
    this.terrain = new Terrain(this.params.terrain);
    this.reset();
  }

  /** Back to state 0 (or 2 when the left leg swings first), clock at 0. */
  reset(): void {
    this.fsm = this.params.firstSwing === 'right' ? 0 : 2;
    this.elapsed = 0;
    this.strikes = 0;
  }

  /** FSM state 0–3 (0, 1: right leg swings; 2, 3: left leg swings). */
  get state(): number {
    return this.fsm;
  }

  /** 0 when the right leg is the stance leg, 1 when the left is. */
  get stanceLeg(): number {
    return this.fsm < 2 ? 1 : 0;
  }

  /** Touch-downs (ends of state 1 or 3) since the last reset. */
  get footStrikes(): number {
    return this.strikes;
  }

  /** Time spent in the current FSM state (s). */
  get timeInState(): number {
    return this.elapsed;
  }

  /**
   * The rollout-policy call. Needs the full walker state x (`state`, length 18); `obs` and `rng`
   * are not used (the controller is deterministic; motor noise is the simulator's). Advances the
   * FSM, then writes the six normalized torques into `out`.
   */
  act(_obs: Float64Array, _rng: Rng, out: Float64Array = new Float64Array(ACTION_DIM), t?: number, state?: Float64Array): Float64Array {
    if (state === undefined || state === null) throw new Error('SimbiconController.act: state (the full walker state x) is required, got undefined');
    if (state.length !== WALKER_STATE_DIM) throw new Error(`SimbiconController.act: state must have length ${WALKER_STATE_DIM}, got ${state.length}`);
    for (let i = 0; i < WALKER_STATE_DIM; i++) {
      if (!Number.isFinite(state[i])) throw new Error(`SimbiconController.act: state[${i}] is ${state[i]}`);
    }
    if (out.length !== ACTION_DIM) throw new Error(`SimbiconController.act: out must have length ${ACTION_DIM}, got ${out.length}`);
    if (t === 0) this.reset();
    this.kin.update(state);
    this.advance();
    this.torques(state, out);
    this.elapsed += this.params.controlDt;
    return out;
  }

  /** FSM transitions at the current kinematics: timed 0→1, 2→3; contact 1→2, 3→0. */
  private advance(): void {
    const p = this.params;
    const k = this.kin;
    // Half a step of slack so that a duration of n·dt ends after exactly n steps.
    if ((this.fsm === 0 || this.fsm === 2) && this.elapsed >= p.swingDuration - 0.5 * p.controlDt) {
      this.fsm += 1;
      this.elapsed = 0;
    } else if ((this.fsm === 1 || this.fsm === 3) && this.elapsed >= p.minStrikeTime - 0.5 * p.controlDt) {
      const swing = 1 - this.stanceLeg;
      const clearance = k.soleZ[swing] - this.terrain.heightAt(k.soleX[swing]);
      if (clearance < p.contactHeight) {
        this.fsm = (this.fsm + 1) % 4;
        this.elapsed = 0;
        this.strikes++;
      }
    }
  }

  private torques(x: Float64Array, out: Float64Array): void {
    const p = this.params;
    const k = this.kin;
    const phase = this.fsm === 0 || this.fsm === 2 ? p.phase1 : p.phase2;
    const stance = this.stanceLeg;
    const swing = 1 - stance;
    const js = hipIndex(stance);
    const jw = hipIndex(swing);
    // Balance feedback on the swing hip's world-frame target (SIMBICON's θ_d = θ_d0 + c_d d + c_v v).
    const com = p.balancePoint === 'com';
    const d = (com ? k.comX : k.hipX) - k.ankleX[stance];
    const v = com ? k.comVx : k.hipVx;
    const thighTarget = phase.swingHip + phase.cd * d + phase.cv * v;
    const tauSwingHip = p.kpSwingHip * (thighTarget - k.thighAngle[swing]) - p.kdSwingHip * k.thighRate[swing];
    // Torso PD in the world frame (pitch sense), produced by the stance hip.
    const tauTorso = p.kpTorso * (p.torsoPitch - x[2]) - p.kdTorso * x[NQ + 2];
    const gHip = p.gears[0];
    const gKnee = p.gears[1];
    const gAnkle = p.gears[2];
    // Action k is joint k + 3 of qpos (hip_r, knee_r, ankle_r, hip_l, knee_l, ankle_l).
    out[js - 3] = clampUnit((tauTorso - tauSwingHip) / gHip);
    out[jw - 3] = clampUnit(tauSwingHip / gHip);
    out[js - 2] = clampUnit(jointPD(x, js + 1, phase.stanceKnee, p.kpKnee, p.kdKnee) / gKnee);
    out[js - 1] = clampUnit(jointPD(x, js + 2, phase.stanceAnkle, p.kpAnkle, p.kdAnkle) / gAnkle);
    out[jw - 2] = clampUnit(jointPD(x, jw + 1, phase.swingKnee, p.kpKnee, p.kdKnee) / gKnee);
    out[jw - 1] = clampUnit(jointPD(x, jw + 2, phase.swingAnkle, p.kpAnkle, p.kdAnkle) / gAnkle);
  }

  toJSON(): SimbiconJSON {
    return { kind: 'simbicon', params: JSON.parse(JSON.stringify(this.params)) as SimbiconParams };
  }

  /** `{ module, exportName, data }` for SimPool.rollouts (module is this module's absolute URL). */
  describe(): PolicyDescriptor {
    return { module: MODULE_URL, exportName: 'simbiconFromJSON', data: this.toJSON() };
  }
}

/**
 * A controller for `task` (a walker from createTask('walker', overrides)): its geometry, gears,
 * terrain and control step are taken from the task's spec, the rest from `params` and the
 * defaults. On uneven ground the controller must know the terrain (foot contact is measured
 * against it): a flat-ground controller falls on 10° rough terrain, this one walks.
 */
export function simbiconForTask(task: SimTask, params: SimbiconOverrides = {}): SimbiconController {
  if (task.name !== 'walker') throw new Error(`simbiconForTask: task must be the walker, got '${task.name}'`);
  const m = task.spec.model as unknown as Record<string, number>;
  const geometry: Record<string, number> = {};
  for (const key of Object.keys(WALKER_GEOMETRY)) geometry[key] = m[key];
  return new SimbiconController({
    ...params,
    geometry: { ...geometry, ...params.geometry },
    gears: params.gears ?? [m.hipGear, m.kneeGear, m.ankleGear],
    terrain: params.terrain ?? (JSON.parse(JSON.stringify(task.spec.terrain)) as SimbiconParams['terrain']),
    controlDt: params.controlDt ?? task.controlDt,
  });
}

/** Rebuilds a controller from `toJSON()` output (checks every field like the constructor). */
export function simbiconFromJSON(data: unknown): SimbiconController {
  const d = data as Partial<SimbiconJSON> | null;
  if (d === null || typeof d !== 'object' || d.kind !== 'simbicon') {
    throw new Error(`simbiconFromJSON: expected an object with kind 'simbicon', got ${d === null || typeof d !== 'object' ? String(d) : `kind ${JSON.stringify(d.kind)}`}`);
  }
  return new SimbiconController(d.params as SimbiconOverrides);
}
