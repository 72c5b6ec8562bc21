import type { Trajectory } from '@guided/core';

/** r(ζ) = Σ_t r_t, a trajectory's return. */
export function totalReward(traj: Trajectory): number {
  let sum = 0;
  for (let t = 0; t < traj.T; t++) sum += traj.rewards[t];
  return sum;
}
