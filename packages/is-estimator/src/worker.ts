/**
 * Worker thread of ParallelImportanceObjective: holds one slice of the samples and a copy of
 * the policy, and serves Forward / Backward commands over shared memory until the pool is disposed.
 */
import { serveLockstep, type StochasticPolicy } from '@guided/core';
import { SliceEvaluator } from './slice.js';
import { Command, loadPolicy, sharedViews, type WorkerInit } from './protocol.js';

void serveLockstep<WorkerInit>(async (init, k) => {
  const { P, C } = init.layout;
  const views = sharedViews(init.layout);
  const policy = (await loadPolicy(init.policy)) as StochasticPolicy;
  if (policy.paramCount !== P) throw new Error(`worker ${k}: policy has ${policy.paramCount} parameters, expected ${P}`);
  const lsePart = views.lseParts.subarray(k * C, (k + 1) * C);
  const meanPart = views.meanParts.subarray(k * C, (k + 1) * C);
  const grad = views.grads.subarray(k * P, (k + 1) * P);
  const slice = new SliceEvaluator(policy, init.estimator, init.slice, lsePart, meanPart);
  const theta = new Float64Array(P);
  return (command) => {
    if (command === Command.Forward) {
      theta.set(views.theta);
      policy.setParams(theta);
      slice.forward();
    } else if (command === Command.Backward) {
      slice.backward(views.lse, views.mean, views.wr[0], grad);
    } else {
      throw new Error(`worker ${k}: unknown command ${command}`);
    }
  };
});
