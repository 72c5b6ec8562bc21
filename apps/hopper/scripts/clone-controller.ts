/**
 * Can the policy network reproduce the stored linear controller? (study script) 40 noisy rollouts of
 * the controller (seeds 500–539) give 20,000 (observation, command) pairs; a 50-unit policy is fitted
 * to them as line 3 fits guiding samples (1000 evaluations, output layer solved) and run acting with
 * its mean on 10 noisy rollouts (seeds 1–10).
 *   node --import tsx apps/hopper/scripts/clone-controller.ts
 */
import { Rng } from '@guided/core';
import { createTask, rollout } from '@guided/sim';
import { MlpPolicy, pretrain } from '@guided/mlp-policy';
import { evaluateController } from '@guided/demos';
import { hopper } from '../src/config.js';
import { hopperController } from '../src/demonstration.js';

const task = await createTask('hopper', hopper.overrides);
const controller = hopperController(task);
const no = task.obsDim;
const nu = task.actionDim;
const T = task.horizon;
const m = 40;
const obs = new Float64Array(m * T * no);
const actions = new Float64Array(m * T * nu);
for (let r = 0; r < m; r++) {
  const traj = rollout(task, controller, { seed: 500 + r });
  obs.set(traj.observations.subarray(0, T * no), r * T * no);
  actions.set(traj.actions, r * T * nu);
}
const policy = new MlpPolicy({ inputDim: no, actionDim: nu, hidden: [50], seed: 1 });
policy.fitNormalization(m * T, obs);
const fit = pretrain(policy, { n: m * T, obs, actions, maxEvaluations: 1000, outputLayer: 'solve' });
const mean = new Float64Array(nu);
const actingWithMean = {
  act(o: Float64Array, _rng: Rng, out: Float64Array = new Float64Array(nu)): Float64Array {
    policy.mean(1, o, mean);
    for (let k = 0; k < nu; k++) out[k] = Math.max(-1, Math.min(1, mean[k]));
    return out;
  },
};
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const clone = evaluateController(task, actingWithMean, { seeds });
const original = evaluateController(task, controller, { seeds });
console.log(
  JSON.stringify({
    fitLoss: fit.f,
    clone: { reward: clone.totalReward.mean, velocity: clone.forwardVelocity.mean, falls: clone.falls },
    controller: { reward: original.totalReward.mean, velocity: original.forwardVelocity.mean, falls: original.falls },
  }),
);
task.dispose();
