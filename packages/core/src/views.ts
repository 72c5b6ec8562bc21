/**
 * ndarray views at package boundaries: hot loops use raw Float64Arrays, users get shapes.
 */
import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import type { Trajectory } from './types.js';

/** A rows×cols row-major view on `data` (no copy). */
export function matrixView(data: Float64Array, rows: number, cols: number): NdArray<Float64Array> {
  if (data.length < rows * cols) {
    throw new Error(`matrixView: data has ${data.length} entries, a ${rows}×${cols} view needs ${rows * cols}`);
  }
  return ndarray(data, [rows, cols]);
}

/** Shaped views on a trajectory's arrays: states [T+1, nx], actions [T, nu], rewards [T]. */
export function trajectoryViews(traj: Trajectory): {
  states: NdArray<Float64Array>;
  actions: NdArray<Float64Array>;
  rewards: NdArray<Float64Array>;
} {
  return {
    states: matrixView(traj.states, traj.T + 1, traj.stateDim),
    actions: matrixView(traj.actions, traj.T, traj.actionDim),
    rewards: ndarray(traj.rewards, [traj.T]),
  };
}

/** Creates a zero-filled trajectory of the given sizes (with observations when obsDim is given). */
export function allocateTrajectory(T: number, stateDim: number, actionDim: number, obsDim?: number): Trajectory {
  return {
    T,
    stateDim,
    actionDim,
    states: new Float64Array((T + 1) * stateDim),
    actions: new Float64Array(T * actionDim),
    rewards: new Float64Array(T),
    ...(obsDim === undefined ? {} : { obsDim, observations: new Float64Array((T + 1) * obsDim) }),
  };
}
