/**
 * What Algorithm 1 needs from the world, as interfaces: gps never imports a simulator.
 * An app wires a task (e.g. `@guided/sim`) and its DDP solutions (`@guided/ilqr`,
 * `@guided/maxent-sampler`) into a `GpsProblem`.
 */
import type { GuidingDistribution, Trajectory } from '@guided/core';

/** How a worker thread rebuilds a policy: `(await import(module))[exportName](data)`. */
export interface PolicyDescriptor {
  module: string;
  exportName: string;
  data: unknown;
}

/** A guiding distribution π_G together with the descriptor that lets workers roll it out. */
export interface Guide {
  distribution: GuidingDistribution;
  descriptor: PolicyDescriptor;
}

export interface RolloutRequest {
  policy: PolicyDescriptor;
  /** One rollout per seed; the seed fixes the initial-state noise, the motor noise and the policy's noise. */
  seeds: number[];
  /** Optional start states, one per seed (the restart variant); default: the task's initial distribution. */
  initialStates?: Float64Array[];
}

/** The environment: noisy rollouts of T steps. Trajectories carry observations (what the policy sees). */
export interface GpsEnvironment {
  readonly T: number;
  readonly stateDim: number;
  readonly obsDim: number;
  readonly actionDim: number;
  rollouts(request: RolloutRequest): Promise<Trajectory[]>;
}

export interface GpsProblem {
  env: GpsEnvironment;
  /** Line 1: the DDP solutions π_G1..π_Gn (built by the caller, from scratch or from examples). */
  guides: Guide[];
  /**
   * Line 9 (optional): re-run DDP on r(x, u) + log π_θ(u | x) from a guide's previous solution
   * (Section 4.2). Given the policy's descriptor, returns the adapted guide.
   */
  adaptGuide?: (guide: Guide, policy: PolicyDescriptor, ddpIterations: number) => Promise<Guide>;
}
