export type {
  Dynamics,
  BatchLinearizer,
  Reward,
  RewardDerivatives,
  Trajectory,
  StochasticPolicy,
  GuidingDistribution,
} from './types.js';
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export {
  gemm,
  gemv,
  cholesky,
  choleskyOrThrow,
  solveLower,
  solveLowerTranspose,
  choleskySolve,
  symmetricInverse,
  logDetFromCholesky,
  logSumExp,
} from './linalg.js';
export { assertFinite, assertLength, assertNonNegative, assertInteger } from './checks.js';
export { matrixView, trajectoryViews, allocateTrajectory } from './views.js';
export { LockstepPool, workerScriptUrl } from './lockstep.js';
export type { LockstepOptions, LockstepWorkerData } from './lockstep.js';
export { serveLockstep } from './lockstep-worker.js';
