export { SimbiconController, simbiconForTask, simbiconFromJSON } from './simbicon.js';
export type { SimbiconJSON, PolicyDescriptor } from './simbicon.js';
export { DEFAULT_SIMBICON_PARAMS, resolveSimbiconParams } from './params.js';
export type { SimbiconParams, SimbiconPhase, SimbiconOverrides } from './params.js';
export { WalkerKinematics, WALKER_GEOMETRY, WALKER_STATE_DIM } from './kinematics.js';
export type { WalkerGeometry } from './kinematics.js';
export { recordDemonstration, evaluateController, summarizeRollout } from './demonstration.js';
export type { DemonstrationOptions, RolloutSummary, WalkSummary } from './demonstration.js';
