/**
 * A simulated locomotion task: one MuJoCo model + data in this thread, seen through the
 * trajectory-optimization interfaces of @guided/core (Dynamics, BatchLinearizer; the reward is
 * `task.reward`, a core Reward). The state is x = [qpos, qvel]; one control step lasts
 * `controlDt` and runs `substeps` MuJoCo steps with the control held constant.
 *
 * `step(x, u)` is a pure function of (x, u): the solver warm start is cleared at every
 * control step, so a step does not depend on what was simulated before it, a rollout is the
 * same chain of steps on any worker, and linearize(x, u) differentiates exactly that step.
 */
import { Rng, assertFinite, assertLength, gemm } from '@guided/core';
import type { BatchLinearizer, Dynamics } from '@guided/core';
import type { DoubleBuffer } from '@mujoco/mujoco';
import { compileModel, loadMujoco, type MjData, type MjModel, type Mujoco } from './mujoco.js';
import type { ModelLayout } from './models/common.js';
import { buildModel } from './models/index.js';
import { resolveSpec, type TaskName, type TaskOverrides, type TaskSpec } from './spec.js';
import { TERRAIN_GROUP, Terrain } from './terrain.js';
import { LocomotionReward } from './reward.js';
import { stateFromTangent, tangentFromState } from './tangent.js';

/** Thrown when MuJoCo's state blows up (non-finite or huge position, velocity or acceleration). */
export class SimulationDivergedError extends Error {
  readonly where: string;
  readonly reason: string;
  constructor(where: string, reason: string) {
    super(`${where}: simulation diverged: ${reason}`);
    this.name = 'SimulationDivergedError';
    this.where = where;
    this.reason = reason;
  }
}

/** One robot geom, for drawing: its body, shape and placement in the body frame. */
export interface GeomInfo {
  name: string;
  body: number;
  type: 'plane' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box' | 'other';
  /** MuJoCo geom_size (3 numbers; a capsule is [radius, half-length, 0] along its local z). */
  size: [number, number, number];
  pos: [number, number, number];
  /** Quaternion (w, x, y, z). */
  quat: [number, number, number, number];
}

const GEOM_TYPES: GeomInfo['type'][] = ['plane', 'other', 'sphere', 'capsule', 'ellipsoid', 'cylinder', 'box'];
/** d.time is set to this before each control step; MuJoCo's reset-on-warning sets it to 0. */
const TIME_SENTINEL = 1;

interface Views {
  qpos: Float64Array;
  qvel: Float64Array;
  ctrl: Float64Array;
  warm: Float64Array;
}

export class SimTask<N extends TaskName = TaskName> implements Dynamics, BatchLinearizer {
  readonly name: N;
  readonly spec: Readonly<TaskSpec<N>>;
  readonly terrain: Terrain;
  readonly reward: LocomotionReward;
  /** nq + nv (63 for the humanoid, whose qpos holds a quaternion). */
  readonly stateDim: number;
  readonly actionDim: number;
  /** Size of the policy's observation (see observe). */
  readonly obsDim: number;
  readonly nq: number;
  readonly nv: number;
  readonly horizon: number;
  readonly controlDt: number;
  readonly substeps: number;
  /** MuJoCo's timestep: controlDt / substeps. */
  readonly timestep: number;
  readonly actionLower: Float64Array;
  readonly actionUpper: Float64Array;
  readonly layout: Readonly<Omit<ModelLayout, 'xml'>>;
  /** The generated MJCF. */
  readonly xml: string;
  /** Body names (index i of poses() is body i + 1; body 0, the world, is left out). */
  readonly bodyNames: string[];

  private readonly mujoco: Mujoco;
  private model: MjModel | null;
  private data: MjData | null;
  private views: Views | null = null;
  private readonly fdA: DoubleBuffer;
  private readonly fdB: DoubleBuffer;
  private readonly ntan: number;
  private readonly accA: Float64Array;
  private readonly accB: Float64Array;
  private readonly tmpA: Float64Array;
  private readonly tmpB: Float64Array;
  private readonly eIn: Float64Array | null;
  private readonly eOut: Float64Array | null;
  private readonly eWork: Float64Array | null;
  private readonly current: Float64Array;
  private readonly scratchState: Float64Array;
  private readonly obsIndex: Int32Array;
  private readonly fallCos: number;

  /** Builds a task in this thread (loads MuJoCo's WASM module on first use). */
  static async create<N extends TaskName>(name: N, overrides: TaskOverrides<N> = {}): Promise<SimTask<N>> {
    const spec = resolveSpec(name, overrides);
    const mujoco = await loadMujoco();
    return new SimTask<N>(mujoco, spec);
  }

  private constructor(mujoco: Mujoco, spec: TaskSpec<N>) {
    this.mujoco = mujoco;
    this.spec = spec;
    this.name = spec.name;
    this.terrain = new Terrain(spec.terrain);
    const layout = buildModel(spec, this.terrain);
    this.xml = layout.xml;
    const { xml: _xml, ...rest } = layout;
    this.layout = Object.freeze(rest);
    const model = compileModel(mujoco, layout.xml, spec.name);
    if (model.nq !== layout.nq || model.nv !== layout.nv || model.nu !== layout.nu || model.na !== 0) {
      const got = `nq ${model.nq}, nv ${model.nv}, nu ${model.nu}, na ${model.na}`;
      model.delete();
      throw new Error(`sim(${spec.name}): compiled model has ${got}, expected nq ${layout.nq}, nv ${layout.nv}, nu ${layout.nu}, na 0`);
    }
    this.model = model;
    this.data = new mujoco.MjData(model);
    this.nq = model.nq;
    this.nv = model.nv;
    this.stateDim = this.nq + this.nv;
    this.actionDim = model.nu;
    this.horizon = spec.horizon;
    this.controlDt = spec.controlDt;
    this.substeps = spec.substeps;
    this.timestep = spec.controlDt / spec.substeps;
    const range = model.actuator_ctrlrange as Float64Array;
    this.actionLower = new Float64Array(this.actionDim);
    this.actionUpper = new Float64Array(this.actionDim);
    for (let i = 0; i < this.actionDim; i++) {
      this.actionLower[i] = range[2 * i];
      this.actionUpper[i] = range[2 * i + 1];
    }
    this.bodyNames = [];
    for (let i = 1; i < model.nbody; i++) {
      const accessor = model.body(i);
      this.bodyNames.push(accessor.name as string);
      accessor.delete();
    }
    this.reward = new LocomotionReward(
      {
        stateDim: this.stateDim,
        actionDim: this.actionDim,
        xIndex: layout.rootX,
        zIndex: layout.rootZ,
        vxIndex: this.nq + layout.rootVx,
      },
      spec.reward,
      this.terrain,
    );
    this.ntan = 2 * this.nv;
    this.fdA = new mujoco.DoubleBuffer(this.ntan * this.ntan);
    this.fdB = new mujoco.DoubleBuffer(this.ntan * this.actionDim);
    this.accA = new Float64Array(this.ntan * this.ntan);
    this.accB = new Float64Array(this.ntan * this.actionDim);
    this.tmpA = new Float64Array(this.ntan * this.ntan);
    this.tmpB = new Float64Array(this.ntan * this.actionDim);
    const hasQuat = layout.rootQuat >= 0;
    this.eIn = hasQuat ? new Float64Array(this.ntan * this.stateDim) : null;
    this.eOut = hasQuat ? new Float64Array(this.stateDim * this.ntan) : null;
    this.eWork = hasQuat ? new Float64Array(this.stateDim * this.ntan) : null;
    // Observation: [height above ground, qpos without the hidden root coordinates, qvel].
    const obsIndex: number[] = [];
    for (let i = 0; i < this.nq; i++) {
      if (layout.hiddenQpos.includes(i)) continue;
      obsIndex.push(i);
    }
    for (let j = 0; j < this.nv; j++) obsIndex.push(this.nq + j);
    this.obsIndex = Int32Array.from(obsIndex);
    this.obsDim = obsIndex.length;
    this.fallCos = Math.cos((spec.fall.maxTiltDeg * Math.PI) / 180);
    this.current = this.initialState();
    this.scratchState = new Float64Array(this.stateDim);
  }

  // ---------------------------------------------------------------- internal helpers

  private live(): { m: MjModel; d: MjData } {
    if (this.model === null || this.data === null) throw new Error(`sim(${this.name}): task was disposed`);
    return { m: this.model, d: this.data };
  }

  /** Live views on the WASM heap, refreshed when memory growth detached the old ones. */
  private heapViews(d: MjData): Views {
    let v = this.views;
    if (v === null || v.qpos.length === 0) {
      v = { qpos: d.qpos, qvel: d.qvel, ctrl: d.ctrl, warm: d.qacc_warmstart };
      this.views = v;
    }
    return v;
  }

  /** Loads x and u into MuJoCo, clears the warm start and sets the reset sentinel. */
  private load(d: MjData, x: Float64Array, xOffset: number, u: Float64Array, uOffset: number): Views {
    const v = this.heapViews(d);
    const { qpos, qvel, ctrl, warm } = v;
    const nq = this.nq;
    for (let i = 0; i < nq; i++) qpos[i] = x[xOffset + i];
    for (let j = 0; j < this.nv; j++) qvel[j] = x[xOffset + nq + j];
    for (let k = 0; k < this.actionDim; k++) ctrl[k] = u[uOffset + k];
    warm.fill(0);
    d.time = TIME_SENTINEL;
    return v;
  }

  /**
   * One control step from x with the control held at u (MuJoCo clamps it to ctrlrange).
   * Writes the next state at next[nextOffset…]; returns null, or why the simulation diverged.
   * Internal fast path: no argument checks.
   */
  simulate(x: Float64Array, xOffset: number, u: Float64Array, uOffset: number, next: Float64Array, nextOffset: number): string | null {
    const { m, d } = this.live();
    this.load(d, x, xOffset, u, uOffset);
    const mujoco = this.mujoco;
    for (let k = 0; k < this.substeps; k++) mujoco.mj_step(m, d);
    const { qpos, qvel } = this.heapViews(d);
    const nq = this.nq;
    let bad = -1;
    for (let i = 0; i < nq; i++) {
      const value = qpos[i];
      next[nextOffset + i] = value;
      if (bad < 0 && !Number.isFinite(value)) bad = i;
    }
    const maxSpeed = this.spec.maxSpeed;
    let fast = -1;
    for (let j = 0; j < this.nv; j++) {
      const value = qvel[j];
      next[nextOffset + nq + j] = value;
      if (bad < 0 && !Number.isFinite(value)) bad = nq + j;
      if (fast < 0 && Math.abs(value) > maxSpeed) fast = nq + j;
    }
    if (d.time < TIME_SENTINEL) {
      return 'MuJoCo reset the state after a bad position, velocity or acceleration (non-finite or larger than 1e10)';
    }
    if (bad >= 0) return `next state x[${bad}] is ${next[nextOffset + bad]}`;
    if (fast >= 0) return `next state x[${fast}] = ${next[nextOffset + fast]} exceeds maxSpeed ${maxSpeed}`;
    return null;
  }

  /** Throws unless x is a finite state of the right length (with a non-zero root quaternion). */
  checkState(where: string, name: string, x: Float64Array): void {
    assertLength(where, name, x, this.stateDim);
    assertFinite(where, name, x);
    const qa = this.layout.rootQuat;
    if (qa >= 0) {
      const n2 = x[qa] ** 2 + x[qa + 1] ** 2 + x[qa + 2] ** 2 + x[qa + 3] ** 2;
      if (!(n2 > 1e-12)) throw new Error(`${where}: ${name}[${qa}..${qa + 3}] (root quaternion) has zero norm`);
    }
  }

  private checkAction(where: string, name: string, u: Float64Array): void {
    assertLength(where, name, u, this.actionDim);
    assertFinite(where, name, u);
  }

  // ---------------------------------------------------------------- Dynamics

  /** x' = f(x, u) for one control step (deterministic: no motor noise). */
  step(x: Float64Array, u: Float64Array, next: Float64Array): Float64Array {
    const where = `${this.name}.step`;
    this.checkState(where, 'x', x);
    this.checkAction(where, 'u', u);
    assertLength(where, 'next', next, this.stateDim);
    const reason = this.simulate(x, 0, u, 0, next, 0);
    if (reason !== null) throw new SimulationDivergedError(where, reason);
    return next;
  }

  /**
   * A = ∂f/∂x [stateDim²] and B = ∂f/∂u [stateDim × actionDim] of the control step, row-major.
   * MuJoCo's mjd_transitionFD linearizes each substep k at the state it starts from;
   * the control step's Jacobians are the chain A = A_K ⋯ A_1, B = Σ_k A_K ⋯ A_{k+1} B_k.
   * For a free root the tangent-space result is mapped to the quaternion state (tangent.ts).
   */
  linearize(x: Float64Array, u: Float64Array, A: Float64Array, B: Float64Array): void {
    const where = `${this.name}.linearize`;
    this.checkState(where, 'x', x);
    this.checkAction(where, 'u', u);
    assertLength(where, 'A', A, this.stateDim * this.stateDim);
    assertLength(where, 'B', B, this.stateDim * this.actionDim);
    const reason = this.linearizeAt(x, 0, u, 0, A, 0, B, 0);
    if (reason !== null) throw new SimulationDivergedError(where, reason);
  }

  /** Internal fast path of linearize (no argument checks); returns null or a divergence reason. */
  linearizeAt(
    x: Float64Array,
    xOffset: number,
    u: Float64Array,
    uOffset: number,
    A: Float64Array,
    aOffset: number,
    B: Float64Array,
    bOffset: number,
  ): string | null {
    // First the nominal step: if MuJoCo resets the state inside mjd_transitionFD, the reset
    // also discards the finite-difference routine's own scratch memory and its output is garbage.
    const nominal = this.simulate(x, xOffset, u, uOffset, this.scratchState, 0);
    if (nominal !== null) return nominal;
    const { m, d } = this.live();
    const mujoco = this.mujoco;
    const n = this.ntan;
    const nu = this.actionDim;
    const { eps, centered } = this.spec.linearization;
    const accA = this.accA;
    const accB = this.accB;
    this.load(d, x, xOffset, u, uOffset);
    const hasQuat = this.eIn !== null;
    for (let k = 0; k < this.substeps; k++) {
      mujoco.mjd_transitionFD(m, d, eps, centered, this.fdA, this.fdB, null, null);
      const Ak = this.fdA.GetView() as Float64Array;
      const Bk = this.fdB.GetView() as Float64Array;
      if (k === 0) {
        accA.set(Ak);
        accB.set(Bk);
      } else {
        gemm(false, false, n, n, n, 1, Ak, accA, 0, this.tmpA);
        accA.set(this.tmpA);
        gemm(false, false, n, nu, n, 1, Ak, accB, 0, this.tmpB);
        for (let i = 0; i < n * nu; i++) accB[i] = this.tmpB[i] + Bk[i];
      }
      if (k + 1 < this.substeps || hasQuat) mujoco.mj_step(m, d);
    }
    const expectedTime = TIME_SENTINEL + (hasQuat ? this.substeps : this.substeps - 1) * this.timestep;
    if (Math.abs(d.time - expectedTime) > 1e-9) {
      return `MuJoCo's finite differences lost the state (simulation time ${d.time}, expected ${expectedTime})`;
    }
    for (let i = 0; i < n * n; i++) if (!Number.isFinite(accA[i])) return `A[${i}] is ${accA[i]}`;
    for (let i = 0; i < n * nu; i++) if (!Number.isFinite(accB[i])) return `B[${i}] is ${accB[i]}`;
    const nx = this.stateDim;
    if (!hasQuat) {
      for (let i = 0; i < n * n; i++) A[aOffset + i] = accA[i];
      for (let i = 0; i < n * nu; i++) B[bOffset + i] = accB[i];
      return null;
    }
    // Free root: A = E_out A_tan E_in, B = E_out B_tan (tangent.ts).
    const eIn = this.eIn!;
    const eOut = this.eOut!;
    const work = this.eWork!;
    const qa = this.layout.rootQuat;
    tangentFromState(this.nq, this.nv, qa, x, xOffset + qa, eIn);
    const { qpos } = this.heapViews(d);
    stateFromTangent(this.nq, this.nv, qa, qpos, qa, eOut);
    gemm(false, false, nx, n, n, 1, eOut, accA, 0, work);
    const outA = aOffset === 0 && A.length === nx * nx ? A : A.subarray(aOffset, aOffset + nx * nx);
    gemm(false, false, nx, nx, n, 1, work, eIn, 0, outA);
    const outB = bOffset === 0 && B.length === nx * nu ? B : B.subarray(bOffset, bOffset + nx * nu);
    gemm(false, false, nx, nu, n, 1, eOut, accB, 0, outB);
    return null;
  }

  /** BatchLinearizer in this thread: linearizes steps 0…T−1 of a trajectory one after another. */
  async linearizeTrajectory(T: number, states: Float64Array, actions: Float64Array, A: Float64Array, B: Float64Array): Promise<void> {
    this.linearizeRange(0, T, T, states, actions, A, B);
  }

  /**
   * Linearizes steps [t0, t1) of a trajectory of length T (synchronous; shared by the workers).
   * `stepOffset` is added to step numbers in error messages (a worker's chunk starts at 0).
   */
  linearizeRange(
    t0: number,
    t1: number,
    T: number,
    states: Float64Array,
    actions: Float64Array,
    A: Float64Array,
    B: Float64Array,
    stepOffset = 0,
  ): void {
    const where = `${this.name}.linearizeTrajectory`;
    const nx = this.stateDim;
    const nu = this.actionDim;
    if (!Number.isInteger(T) || T < 0) throw new Error(`${where}: T must be an integer ≥ 0, got ${T}`);
    if (states.length < T * nx) throw new Error(`${where}: states must have at least ${T * nx} entries (T × stateDim), got ${states.length}`);
    assertLength(where, 'actions', actions, T * nu);
    assertLength(where, 'A', A, T * nx * nx);
    assertLength(where, 'B', B, T * nx * nu);
    for (let t = t0; t < t1; t++) {
      for (let i = 0; i < nx; i++) {
        const v = states[t * nx + i];
        if (!Number.isFinite(v)) throw new Error(`${where}: states[${t + stepOffset}][${i}] is ${v}`);
      }
      for (let k = 0; k < nu; k++) {
        const v = actions[t * nu + k];
        if (!Number.isFinite(v)) throw new Error(`${where}: actions[${t + stepOffset}][${k}] is ${v}`);
      }
      const reason = this.linearizeAt(states, t * nx, actions, t * nu, A, t * nx * nx, B, t * nx * nu);
      if (reason !== null) throw new SimulationDivergedError(`${where} at step ${t + stepOffset}`, reason);
    }
  }

  // ---------------------------------------------------------------- state helpers

  /** Sets the task's current state (used by the gym view and poses()). */
  setState(x: Float64Array): void {
    this.checkState(`${this.name}.setState`, 'x', x);
    this.current.set(x);
  }

  /** Copies the task's current state into `out` (allocated when absent). */
  getState(out: Float64Array = new Float64Array(this.stateDim)): Float64Array {
    assertLength(`${this.name}.getState`, 'out', out, this.stateDim);
    out.set(this.current);
    return out;
  }

  /**
   * A draw from the initial-state distribution: the standing pose (on the ground at x = 0,
   * at rest) plus N(0, initialStateNoise²) on every joint angle and velocity. Without `rng`,
   * the noise-free standing pose.
   */
  initialState(rng?: Rng, out: Float64Array = new Float64Array(this.stateDim)): Float64Array {
    const layout = this.layout;
    out.fill(0);
    for (let i = 0; i < this.nq; i++) out[i] = layout.initialQpos[i];
    if (layout.rootZ >= 0) out[layout.rootZ] += this.terrain.heightAt(out[layout.rootX]);
    const sigma = this.spec.initialStateNoise;
    if (rng !== undefined && sigma > 0) {
      for (const i of layout.noisyQpos) out[i] += sigma * rng.normal();
      for (let j = 0; j < this.nv; j++) out[this.nq + j] += sigma * rng.normal();
    }
    return out;
  }

  /**
   * The command clamped to the control range [actionLower, actionUpper] (what MuJoCo applies for a
   * noise-free command), written into `out`. Rollouts score the reward on it: a policy's raw sample
   * beyond the range costs no more torque than the range's end.
   */
  clampControl(u: Float64Array, out: Float64Array): Float64Array {
    const lo = this.actionLower;
    const hi = this.actionUpper;
    for (let k = 0; k < this.actionDim; k++) {
      const v = u[k];
      out[k] = v < lo[k] ? lo[k] : v > hi[k] ? hi[k] : v;
    }
    return out;
  }

  /**
   * The motor command actually applied: u with Gaussian motor noise (spec.motorNoiseKind),
   * written into `out`. MuJoCo clamps the result to ctrlrange.
   */
  noisyControl(u: Float64Array, rng: Rng, out: Float64Array): Float64Array {
    const s = this.spec.motorNoise;
    const additive = this.spec.motorNoiseKind === 'additive';
    for (let k = 0; k < this.actionDim; k++) {
      const e = s === 0 ? 0 : rng.normal();
      if (additive) out[k] = u[k] + s * 0.5 * (this.actionUpper[k] - this.actionLower[k]) * e;
      else out[k] = u[k] * (1 + s * e);
    }
    return out;
  }

  /**
   * The policy's observation of x: [root height above the ground below it, the other qpos
   * entries except the root's horizontal position, qvel]. The absolute height and the root's
   * x (and, for the swimmer and humanoid, y) are never included.
   */
  observe(x: Float64Array, out: Float64Array = new Float64Array(this.obsDim), xOffset = 0, outOffset = 0): Float64Array {
    const idx = this.obsIndex;
    const zi = this.layout.rootZ;
    const ground = zi >= 0 ? this.terrain.heightAt(x[xOffset + this.layout.rootX]) : 0;
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      out[outOffset + i] = j === zi ? x[xOffset + j] - ground : x[xOffset + j];
    }
    return out;
  }

  /** Root height above the ground below it (NaN for the swimmer). */
  height(x: Float64Array): number {
    return this.reward.height(x);
  }

  /** Root forward velocity v_x. */
  forwardVelocity(x: Float64Array): number {
    return x[this.nq + this.layout.rootVx];
  }

  /** Root position [x, y, z] in the world (y = 0 for the planar walkers, z = 0 for the swimmer). */
  rootPosition(x: Float64Array, out: Float64Array = new Float64Array(3)): Float64Array {
    const l = this.layout;
    out[0] = x[l.rootX];
    if (this.name === 'swimmer') {
      out[1] = x[1];
      out[2] = 0;
    } else if (l.rootQuat >= 0) {
      out[1] = x[1];
      out[2] = x[2];
    } else {
      out[1] = 0;
      out[2] = x[l.rootZ];
    }
    return out;
  }

  /**
   * Torso tilt from upright (radians): |pitch| for the planar walkers; for the humanoid the
   * angle between the torso's z axis and the world's. 0 for the swimmer.
   */
  tilt(x: Float64Array): number {
    const l = this.layout;
    if (l.rootPitch >= 0) return Math.abs(x[l.rootPitch]);
    if (l.rootQuat >= 0) {
      const q = l.rootQuat;
      const n2 = x[q] ** 2 + x[q + 1] ** 2 + x[q + 2] ** 2 + x[q + 3] ** 2;
      const zz = 1 - (2 * (x[q + 1] ** 2 + x[q + 2] ** 2)) / n2;
      return Math.acos(Math.max(-1, Math.min(1, zz)));
    }
    return 0;
  }

  /**
   * Fall criterion: the root is lower than fall.minHeight above the ground below it, or the
   * torso tilts more than fall.maxTiltDeg from upright (each check off when its value is 0).
   * The swimmer never falls.
   */
  isFallen(x: Float64Array): boolean {
    const fall = this.spec.fall;
    if (this.layout.rootZ < 0) return false;
    if (fall.minHeight > 0 && this.height(x) < fall.minHeight) return true;
    if (fall.maxTiltDeg > 0 && Math.cos(this.tilt(x)) < this.fallCos) return true;
    return false;
  }

  /**
   * World poses of every body but the world at state x (defaults to the current state):
   * [nbody−1 × 7] rows (position x y z, quaternion w x y z), in the order of bodyNames.
   */
  poses(x: Float64Array = this.current, out: Float64Array = new Float64Array(this.bodyNames.length * 7), outOffset = 0): Float64Array {
    const { m, d } = this.live();
    const { qpos } = this.heapViews(d);
    for (let i = 0; i < this.nq; i++) qpos[i] = x[i];
    this.mujoco.mj_kinematics(m, d);
    const xpos = d.xpos as Float64Array;
    const xquat = d.xquat as Float64Array;
    const nb = this.bodyNames.length;
    for (let b = 0; b < nb; b++) {
      const o = outOffset + b * 7;
      for (let i = 0; i < 3; i++) out[o + i] = xpos[(b + 1) * 3 + i];
      for (let i = 0; i < 4; i++) out[o + 3 + i] = xquat[(b + 1) * 4 + i];
    }
    return out;
  }

  /**
   * Height of MuJoCo's ground geoms at (x, y), found by casting a ray straight down
   * (mj_ray, ground geoms only). It equals terrain.heightAt(x): a check that the physics sees
   * the terrain the reward and observation assume.
   */
  simulatedGroundHeight(x: number, y = 0): number {
    const { m, d } = this.live();
    const top = 1000;
    const groups = [0, 0, 0, 0, 0, 0];
    groups[TERRAIN_GROUP] = 1;
    const geomId = new this.mujoco.IntBuffer(1);
    try {
      this.mujoco.mj_kinematics(m, d);
      const dist = this.mujoco.mj_ray(m, d, [x, y, top], [0, 0, -1], groups, true, -1, geomId, null);
      return dist < 0 ? NaN : top - dist;
    } finally {
      geomId.delete();
    }
  }

  /** The robot's geoms (ground excluded) for drawing; body indices refer to bodyNames (0-based). */
  geoms(): GeomInfo[] {
    const { m } = this.live();
    const out: GeomInfo[] = [];
    const types = m.geom_type as Int32Array;
    const bodies = m.geom_bodyid as Int32Array;
    const size = m.geom_size as Float64Array;
    const pos = m.geom_pos as Float64Array;
    const quat = m.geom_quat as Float64Array;
    for (let g = 0; g < m.ngeom; g++) {
      if (bodies[g] === 0) continue;
      const accessor = m.geom(g);
      const name = accessor.name as string;
      accessor.delete();
      out.push({
        name,
        body: bodies[g] - 1,
        type: GEOM_TYPES[types[g]] ?? 'other',
        size: [size[3 * g], size[3 * g + 1], size[3 * g + 2]],
        pos: [pos[3 * g], pos[3 * g + 1], pos[3 * g + 2]],
        quat: [quat[4 * g], quat[4 * g + 1], quat[4 * g + 2], quat[4 * g + 3]],
      });
    }
    return out;
  }

  /**
   * Size of this thread's WASM linear memory (bytes), read from a live view's buffer. It only
   * grows when MuJoCo's allocator runs out of room, so a leak shows up as growth over many steps.
   */
  wasmMemoryBytes(): number {
    const { d } = this.live();
    return (this.heapViews(d).qpos.buffer as ArrayBuffer).byteLength;
  }

  /** Frees the MuJoCo model, data and buffers (the task is unusable afterwards). Idempotent. */
  dispose(): void {
    if (this.model === null) return;
    this.fdA.delete();
    this.fdB.delete();
    this.data!.delete();
    this.model.delete();
    this.data = null;
    this.model = null;
    this.views = null;
  }
}

/** Builds a task by name with optional overrides (async: MuJoCo's WASM module loads once per thread). */
export function createTask<N extends TaskName>(name: N, overrides: TaskOverrides<N> = {}): Promise<SimTask<N>> {
  return SimTask.create(name, overrides);
}
