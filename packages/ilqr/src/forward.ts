/**
 * Trajectory buffers and the forward pass: u_t = clamp(û_t + α k_t + K_t (x_t − x̂_t)),
 * x_{t+1} = f(x_t, u_t) from the fixed x_0 (Tassa 2012, Eq. 12).
 */
import type { Dynamics } from '@guided/core';

/** states [T+1, nx], actions [T, nu], rewards [T] with per-row views made once. */
export interface TrajectoryBuffers {
  states: Float64Array;
  actions: Float64Array;
  rewards: Float64Array;
  stateRows: Float64Array[];
  actionRows: Float64Array[];
}

export function createTrajectoryBuffers(T: number, nx: number, nu: number): TrajectoryBuffers {
  const states = new Float64Array((T + 1) * nx);
  const actions = new Float64Array(T * nu);
  const stateRows: Float64Array[] = [];
  const actionRows: Float64Array[] = [];
  for (let t = 0; t <= T; t++) stateRows.push(states.subarray(t * nx, (t + 1) * nx));
  for (let t = 0; t < T; t++) actionRows.push(actions.subarray(t * nu, (t + 1) * nu));
  return { states, actions, rewards: new Float64Array(T), stateRows, actionRows };
}

/** Why a forward pass stopped early: the error `dynamics.step` threw (null when a state was non-finite). */
export interface ForwardFailure {
  error: unknown;
}

/**
 * Rolls out the affine feedback law around `nominal` into `out`. Returns −1 when every state is
 * finite, otherwise the first step t whose x_{t+1} has a NaN or infinite entry or whose
 * `dynamics.step` threw (e.g. a simulator reporting divergence); the rest of `out` is stale.
 * `failure.error` receives the thrown error (null for a non-finite state).
 * With k = K = 0 this is an open-loop rollout of the nominal actions.
 */
export function forwardPass(
  dynamics: Dynamics,
  x0: Float64Array,
  T: number,
  nominal: TrajectoryBuffers,
  k: Float64Array,
  K: Float64Array,
  alpha: number,
  lower: Float64Array | undefined,
  upper: Float64Array | undefined,
  out: TrajectoryBuffers,
  dx: Float64Array,
  failure?: ForwardFailure,
): number {
  if (failure) failure.error = null;
  const nx = x0.length;
  const nu = out.actionRows[0]?.length ?? 0;
  out.states.set(x0);
  const xs = out.states;
  const us = out.actions;
  const xh = nominal.states;
  const uh = nominal.actions;
  for (let t = 0; t < T; t++) {
    const xo = t * nx;
    for (let i = 0; i < nx; i++) dx[i] = xs[xo + i] - xh[xo + i];
    const uo = t * nu;
    const ko = t * nu * nx;
    for (let j = 0; j < nu; j++) {
      let u = uh[uo + j] + alpha * k[uo + j];
      const kr = ko + j * nx;
      for (let i = 0; i < nx; i++) u += K[kr + i] * dx[i];
      if (lower !== undefined) u = Math.min(upper![j], Math.max(lower[j], u));
      us[uo + j] = u;
    }
    const next = out.stateRows[t + 1];
    try {
      dynamics.step(out.stateRows[t], out.actionRows[t], next);
    } catch (error) {
      if (failure) failure.error = error;
      return t;
    }
    for (let i = 0; i < nx; i++) if (!Number.isFinite(next[i])) return t;
  }
  return -1;
}
