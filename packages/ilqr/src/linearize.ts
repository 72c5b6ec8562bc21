/**
 * Linearization of the dynamics along a trajectory: A_t = ∂f/∂x, B_t = ∂f/∂u at (x̂_t, û_t).
 * Through the problem's BatchLinearizer when it has one (e.g. worker threads), otherwise step by step.
 */
import type { BatchLinearizer, Dynamics } from '@guided/core';
import type { TrajectoryBuffers } from './forward.js';

export class TrajectoryLinearizer {
  readonly T: number;
  /** [T, nx, nx] */
  readonly A: Float64Array;
  /** [T, nx, nu] */
  readonly B: Float64Array;
  private readonly Arows: Float64Array[] = [];
  private readonly Brows: Float64Array[] = [];
  private readonly dynamics: Dynamics;
  private readonly batch: BatchLinearizer | undefined;
  private readonly nx: number;
  private readonly nu: number;

  constructor(dynamics: Dynamics, T: number, batch?: BatchLinearizer) {
    const nx = dynamics.stateDim;
    const nu = dynamics.actionDim;
    this.dynamics = dynamics;
    this.batch = batch;
    this.T = T;
    this.nx = nx;
    this.nu = nu;
    this.A = new Float64Array(T * nx * nx);
    this.B = new Float64Array(T * nx * nu);
    if (!batch) {
      for (let t = 0; t < T; t++) {
        this.Arows.push(this.A.subarray(t * nx * nx, (t + 1) * nx * nx));
        this.Brows.push(this.B.subarray(t * nx * nu, (t + 1) * nx * nu));
      }
    }
  }

  /** Fills A and B along `traj`; throws naming the step and entry of the first non-finite Jacobian entry. */
  async linearize(traj: TrajectoryBuffers): Promise<void> {
    const { T, nx, nu, A, B } = this;
    if (this.batch) {
      await this.batch.linearizeTrajectory(T, traj.states, traj.actions, A, B);
    } else {
      for (let t = 0; t < T; t++) this.dynamics.linearize(traj.stateRows[t], traj.actionRows[t], this.Arows[t], this.Brows[t]);
    }
    checkFinite('A', A, nx * nx);
    checkFinite('B', B, nx * nu);
  }
}

function checkFinite(name: string, M: Float64Array, block: number): void {
  for (let i = 0; i < M.length; i++) {
    if (!Number.isFinite(M[i])) {
      const t = Math.floor(i / block);
      throw new Error(`ilqr: dynamics Jacobian ${name} at step ${t} has entry ${i - t * block} = ${M[i]}`);
    }
  }
}
