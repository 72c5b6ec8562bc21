/**
 * The pretraining objective's data term, −(1/n) Σ_i log π_θ(u_i | x_i) and its gradient, with the n
 * pairs split into contiguous blocks over worker threads (a LockstepPool of @guided/core). Each worker
 * holds a copy of the policy and its block; per evaluation it reads θ from shared memory and writes
 * its block's sum and gradient, and the main thread adds the K parts in worker order. The result
 * equals the one-thread value up to rounding, and is the same on every run for a fixed worker count.
 * Shared Float64 block: θ [P] | value parts [K] | gradient parts [K·P].
 */
import { LockstepPool, workerScriptUrl } from '@guided/core';
import { checkAtLeast, throwIfNonFinite } from './checks.js';
import type { MlpPolicy } from './mlp-policy.js';
import type { MlpPolicyJSON } from './format.js';

/** What each worker receives (likelihood-worker.ts). */
export interface LikelihoodWorkerInit {
  policy: MlpPolicyJSON;
  floats: SharedArrayBuffer;
  /** Number of workers K. */
  workers: number;
  /** −1/n: every pair's weight in the mean. */
  weight: number;
  rows: number;
  obs: Float64Array;
  actions: Float64Array;
}

export const EVALUATE = 1;

/** θ, the value parts and the gradient parts in the shared block. */
export function likelihoodViews(floats: SharedArrayBuffer, K: number, P: number) {
  return {
    theta: new Float64Array(floats, 0, P),
    values: new Float64Array(floats, 8 * P, K),
    grads: new Float64Array(floats, 8 * (P + K), K * P),
  };
}

export class ParallelLikelihood {
  private constructor(
    private readonly policy: MlpPolicy,
    private readonly pool: LockstepPool,
    private readonly views: ReturnType<typeof likelihoodViews>,
  ) {}

  /** Number of worker threads in use. */
  get workerCount(): number {
    return this.pool.size;
  }

  /**
   * Starts `workers` threads (at most n) on the pairs (obs [n × inputDim], actions [n × actionDim]).
   * The workers copy the policy's normalization now: change it before, not after.
   */
  static async create(policy: MlpPolicy, n: number, obs: Float64Array, actions: Float64Array, workers: number): Promise<ParallelLikelihood> {
    const where = 'ParallelLikelihood';
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`${where}: workers must be an integer ≥ 1, got ${workers}`);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: n must be an integer ≥ 1, got ${n}`);
    const { inputDim, actionDim } = policy;
    checkAtLeast(where, 'obs', obs, n * inputDim, 'n·inputDim');
    checkAtLeast(where, 'actions', actions, n * actionDim, 'n·actionDim');
    // Checked here, where an index is global: a worker would name the row within its block.
    throwIfNonFinite(where, 'obs', obs, 0, n * inputDim);
    throwIfNonFinite(where, 'actions', actions, 0, n * actionDim);
    const K = Math.min(workers, n);
    const P = policy.paramCount;
    const floats = new SharedArrayBuffer(8 * (P + K + K * P));
    const json = policy.toJSON();
    const inits: LikelihoodWorkerInit[] = [];
    for (let k = 0, first = 0; k < K; k++) {
      const rows = Math.floor(n / K) + (k < n % K ? 1 : 0);
      inits.push({
        policy: json,
        floats,
        workers: K,
        weight: -1 / n,
        rows,
        obs: obs.slice(first * inputDim, (first + rows) * inputDim),
        actions: actions.slice(first * actionDim, (first + rows) * actionDim),
      });
      first += rows;
    }
    const pool = await LockstepPool.start(where, workerScriptUrl(import.meta.url, 'likelihood-worker'), inits);
    return new ParallelLikelihood(policy, pool, likelihoodViews(floats, K, P));
  }

  /** −(1/n) Σ_i log π_θ(u_i | x_i) at the policy's current θ; its gradient into grad [≥ paramCount]. */
  evaluate(grad: Float64Array): number {
    const { theta, values, grads } = this.views;
    const P = theta.length;
    theta.set(this.policy.getParams());
    this.pool.run(EVALUATE);
    let value = values[0];
    grad.set(grads.subarray(0, P));
    for (let k = 1; k < this.pool.size; k++) {
      value += values[k];
      for (let j = 0, o = k * P; j < P; j++, o++) grad[j] += grads[o];
    }
    return value;
  }

  /** Stops the workers. */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
