/** Messages between SimPool (main thread) and its workers (worker.ts). */
import type { TaskName, TaskOverrides } from './spec.js';
import type { PolicyDescription } from './policies.js';
import type { RolloutOptions, SimTrajectory } from './rollout.js';

export interface WorkerInit {
  task: TaskName;
  overrides: TaskOverrides;
}

export type WorkerRequest =
  | { type: 'policy'; id: number; desc: PolicyDescription }
  | { type: 'drop-policy'; id: number }
  | { type: 'rollout'; job: number; policyId: number; options: RolloutOptions }
  | { type: 'linearize'; job: number; T: number; stepOffset: number; states: Float64Array; actions: Float64Array }
  | { type: 'close' };

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'rollout-done'; job: number; traj: SimTrajectory }
  | { type: 'linearize-done'; job: number; A: Float64Array; B: Float64Array }
  | { type: 'failed'; job: number; message: string; diverged?: { where: string; reason: string } };
