export { LinearGaussianPolicy, linearGaussianFromJSON } from './linear-gaussian.js';
export type { LinearGaussianData, LinearGaussianJSON, PolicyDescriptor } from './linear-gaussian.js';
export { guidingFromIlqr } from './from-ilqr.js';
export type { IlqrSolutionLike, GuidingOptions, GuidingDiagnostics } from './from-ilqr.js';
export { sampleTrajectories, scoreTrajectory, prefixSums } from './sample.js';
export type { SteppableSystem, SampleOptions } from './sample.js';
export { PolicyAugmentedReward, adaptGuidingDistribution } from './adapt.js';
export type { ObservationMap, PolicyForAdaptation, AugmentedRewardOptions, AdaptOptions } from './adapt.js';
