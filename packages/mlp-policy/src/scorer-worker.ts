/**
 * Worker thread of ParallelScorer: a copy of the policy; serves SCORE (its share of the tile's
 * (parameters, block) pairs: k, k + K, … in parameter-major order).
 */
import { serveLockstep } from '@guided/core';
import { mlpPolicyFromJSON } from './json.js';
import { SCORE, scorerViews, type ScorerWorkerInit } from './parallel-scorer.js';

void serveLockstep<ScorerWorkerInit>((init, k) => {
  const K = init.workers;
  const policy = mlpPolicyFromJSON(init.policy);
  const { paramCount: P, inputDim, actionDim } = policy;
  const { T } = init;
  const v = scorerViews(init, P, inputDim, actionDim);
  const theta = new Float64Array(P);
  const logp = new Float64Array(T);
  return (command) => {
    if (command !== SCORE) throw new Error(`worker ${k}: unknown command ${command}`);
    const nParams = v.sizes[0];
    const nBlocks = v.sizes[1];
    let current = -1;
    for (let pair = k; pair < nParams * nBlocks; pair += K) {
      const a = Math.floor(pair / nBlocks);
      const b = pair - a * nBlocks;
      if (a !== current) {
        theta.set(v.params.subarray(a * P, (a + 1) * P));
        policy.setParams(theta);
        current = a;
      }
      policy.logProb(T, v.obs.subarray(b * T * inputDim, (b + 1) * T * inputDim), v.actions.subarray(b * T * actionDim, (b + 1) * T * actionDim), logp);
      v.out.set(logp, pair * T);
    }
  };
});
