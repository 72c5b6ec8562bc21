export { minimize } from './minimize.js';
export type {
  IterationInfo,
  LbfgsOptions,
  LbfgsResult,
  Objective,
  TerminationReason,
} from './options.js';
