/**
 * The hopper's demonstration (Section 4.3's example): a linear feedback controller
 * u = clamp(W o + b) on the policy's own observation o, found by random search on this app's task
 * (@guided/demos's randomSearch, ARS; scripts/search-controller.ts wrote controller.json, which also
 * records the search's settings and the controller's reward on 10 noisy rollouts).
 *
 * Not the paper's route: its hopper guide came from DDP alone. Ours does not make a policy that the
 * network can reproduce (README, sessions 5–9); a gait that a stationary controller produces can be.
 */
import { readFileSync } from 'node:fs';
import { AffinePolicy, type SimTask, type SimTrajectory } from '@guided/sim';
import { recordDemonstration } from '@guided/demos';

interface ControllerFile {
  weights: number[];
  bias: number[];
}

/** The stored controller on `task`'s observation (the hopper's 11 numbers). */
export function hopperController(task: SimTask): AffinePolicy {
  const file = JSON.parse(readFileSync(new URL('./controller.json', import.meta.url), 'utf8')) as ControllerFile;
  if (file.bias.length !== task.actionDim || file.weights.length !== task.actionDim * task.obsDim) {
    throw new Error(
      `hopperController: controller.json holds ${file.bias.length} actions × ${file.weights.length / Math.max(1, file.bias.length)} observations, ` +
        `the task '${task.name}' has ${task.actionDim} × ${task.obsDim}`,
    );
  }
  return new AffinePolicy(task.actionDim, task.obsDim, file.weights, file.bias);
}

/** One noisy 5 s rollout of the controller from the task's initial-state distribution, seeded by the run. */
export async function hopperExample(task: SimTask, seed: number): Promise<SimTrajectory> {
  return recordDemonstration(task, hopperController(task), { seed });
}
