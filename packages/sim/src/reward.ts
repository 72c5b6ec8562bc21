/**
 * The paper's locomotion reward (Section 6):
 *   r(x, u) = −w_u ‖u‖² − w_v (v_x − v*_x)² − w_h (p_y − p*_y)²
 * where v_x is the root's forward velocity (one entry of qvel) and p_y the root's height above
 * the ground directly below it, p_y = z − h(X) with X the root's forward position and h the
 * terrain height. Derivatives are analytic; h is piecewise linear, so h'' = 0 (between
 * breakpoints), and the only cross terms are between z and X.
 */
import type { Reward, RewardDerivatives } from '@guided/core';
import type { Terrain } from './terrain.js';

export interface RewardSpec {
  /** w_u: weight of the squared control norm (controls are in [−1, 1]). */
  controlWeight: number;
  /** w_v: weight of the squared forward-velocity error. */
  velocityWeight: number;
  /** w_h: weight of the squared root-height error (0 for tasks without height). */
  heightWeight: number;
  /** v*_x (m/s). */
  targetVelocity: number;
  /** p*_y (m), the root height above the ground. */
  targetHeight: number;
}

/** Where the reward's quantities sit in the state vector x = [qpos, qvel]. */
export interface RewardLayout {
  stateDim: number;
  actionDim: number;
  /** State index of the root's forward position X. */
  xIndex: number;
  /** State index of the root's vertical position z, −1 when the task has no height term. */
  zIndex: number;
  /** State index of the root's forward velocity v_x. */
  vxIndex: number;
}

export class LocomotionReward implements Reward {
  readonly stateDim: number;
  readonly actionDim: number;
  readonly spec: Readonly<RewardSpec>;
  private readonly layout: RewardLayout;
  private readonly terrain: Terrain;

  constructor(layout: RewardLayout, spec: RewardSpec, terrain: Terrain) {
    if (layout.zIndex < 0 && spec.heightWeight !== 0) {
      throw new Error(`LocomotionReward: heightWeight must be 0 for a task without a root height, got ${spec.heightWeight}`);
    }
    this.layout = { ...layout };
    this.spec = Object.freeze({ ...spec });
    this.terrain = terrain;
    this.stateDim = layout.stateDim;
    this.actionDim = layout.actionDim;
  }

  /** Root height above the ground below it, p_y = z − h(X) (NaN when the task has none). */
  height(x: Float64Array): number {
    const { zIndex, xIndex } = this.layout;
    return zIndex < 0 ? NaN : x[zIndex] - this.terrain.heightAt(x[xIndex]);
  }

  reward(x: Float64Array, u: Float64Array): number {
    const s = this.spec;
    let uu = 0;
    for (let i = 0; i < this.actionDim; i++) uu += u[i] * u[i];
    const ev = x[this.layout.vxIndex] - s.targetVelocity;
    let r = -s.controlWeight * uu - s.velocityWeight * ev * ev;
    if (this.layout.zIndex >= 0) {
      const eh = this.height(x) - s.targetHeight;
      r -= s.heightWeight * eh * eh;
    }
    return r;
  }

  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    const n = this.stateDim;
    const m = this.actionDim;
    const s = this.spec;
    const { xIndex, zIndex, vxIndex } = this.layout;
    out.rx.fill(0, 0, n);
    out.rxx.fill(0, 0, n * n);
    out.rux.fill(0, 0, m * n);
    out.ruu.fill(0, 0, m * m);
    for (let i = 0; i < m; i++) {
      out.ru[i] = -2 * s.controlWeight * u[i];
      out.ruu[i * m + i] = -2 * s.controlWeight;
    }
    const ev = x[vxIndex] - s.targetVelocity;
    out.rx[vxIndex] = -2 * s.velocityWeight * ev;
    out.rxx[vxIndex * n + vxIndex] = -2 * s.velocityWeight;
    if (zIndex >= 0) {
      // e = z − h(X) − p*;  ∂e/∂z = 1, ∂e/∂X = −h'(X);  r_h = −w_h e².
      const slope = this.terrain.slopeAt(x[xIndex]);
      const eh = this.height(x) - s.targetHeight;
      const w2 = 2 * s.heightWeight;
      out.rx[zIndex] += -w2 * eh;
      out.rx[xIndex] += w2 * eh * slope;
      out.rxx[zIndex * n + zIndex] += -w2;
      out.rxx[zIndex * n + xIndex] += w2 * slope;
      out.rxx[xIndex * n + zIndex] += w2 * slope;
      out.rxx[xIndex * n + xIndex] += -w2 * slope * slope;
    }
    return this.reward(x, u);
  }
}
