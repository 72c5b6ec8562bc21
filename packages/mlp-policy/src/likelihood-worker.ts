/**
 * Worker thread of ParallelLikelihood: one block of the pretraining pairs and a copy of the policy;
 * serves EVALUATE (its block's Σ_i −(1/n) log π_θ(u_i | x_i) and gradient at the shared θ).
 */
import { serveLockstep } from '@guided/core';
import { mlpPolicyFromJSON } from './json.js';
import { EVALUATE, likelihoodViews, type LikelihoodWorkerInit } from './parallel-likelihood.js';

void serveLockstep<LikelihoodWorkerInit>((init, k) => {
  const policy = mlpPolicyFromJSON(init.policy);
  const P = policy.paramCount;
  const { theta, values, grads } = likelihoodViews(init.floats, init.workers, P);
  const grad = grads.subarray(k * P, (k + 1) * P);
  const weights = new Float64Array(init.rows).fill(init.weight);
  const local = new Float64Array(P);
  return (command) => {
    if (command !== EVALUATE) throw new Error(`worker ${k}: unknown command ${command}`);
    local.set(theta);
    policy.setParams(local);
    values[k] = policy.logProbGrad(init.rows, init.obs, init.actions, weights, grad);
  };
});
