export { ilqr } from './solver.js';
export { recedingHorizonIlqr } from './receding.js';
export type { RecedingHorizonOptions, RecedingHorizonResult, WindowRecord } from './receding.js';
export { BackwardPass } from './backward.js';
export type { BackwardOutputs, BackwardResult, ControlLimits } from './backward.js';
export { boxQp, createBoxQpWorkspace } from './boxqp.js';
export type { BoxQpStatus, BoxQpWorkspace } from './boxqp.js';
export { RegularizationSchedule } from './regularization.js';
export { StageObjective } from './objective.js';
export type { ExpansionBuffers, ObjectiveParts } from './objective.js';
export { DEFAULT_STEP_SIZES } from './validate.js';
export type {
  IlqrProblem,
  IlqrInit,
  IlqrOptions,
  IlqrResult,
  IterationRecord,
  StopReason,
  Regularization,
  TerminalReward,
  TrackingTerm,
} from './types.js';
