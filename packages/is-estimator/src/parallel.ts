/**
 * The same objective as ImportanceObjective with the samples split over worker threads.
 * Per evaluation: (1) each worker scores its slice at θ and reduces it to per-step
 * (log Σ_i w, weighted mean reward) pairs; (2) the main thread merges those K·T pairs
 * (a log-sum-exp across slices) into the global normalizers; (3) each worker forms its
 * gradient coefficients and runs the policy's backward pass; (4) the main thread sums the
 * K partial gradients. θ, the partials and the gradients live in one SharedArrayBuffer; the
 * commands go through @guided/core's LockstepPool, so evaluate() is synchronous (an L-BFGS
 * objective) and costs two wake-ups per call beyond the arithmetic.
 */
import { LockstepPool, workerScriptUrl, type StochasticPolicy } from '@guided/core';
import { combineColumns } from './kernels.js';
import { validateSampleSet, type SampleSet } from './sample-set.js';
import { checkPolicyShape } from './objective.js';
import type { EstimatorKind } from './slice.js';
import {
  asMinimizationObjective,
  checkGrad,
  checkTheta,
  resolveEstimator,
  resolveRegularization,
  type ImportanceOptions,
} from './options.js';
import { Command, allocateShared, loadPolicy, sharedViews, type PolicyDescriptor, type SharedViews, type WorkerInit } from './protocol.js';

export type { PolicyDescriptor } from './protocol.js';

export interface ParallelOptions extends ImportanceOptions {
  /** Worker threads (default 2; at most the number of samples). */
  workers?: number;
  /** How long evaluate() waits for a worker before throwing (default 600000 ms). */
  timeoutMs?: number;
  /**
   * Which samples each of the K workers holds: 'interleaved' (default), samples k, k + K, k + 2K, …;
   * 'contiguous', one block of consecutive samples each. A worker's backward pass skips the samples
   * whose gradient coefficients are negligible, and in GPS those are mostly the guiding samples, which
   * come first in S_k: contiguous blocks then leave one worker most of the work.
   */
  split?: 'interleaved' | 'contiguous';
}

export class ParallelImportanceObjective {
  readonly estimator: EstimatorKind;
  readonly columns: number;
  readonly paramCount: number;
  /** Number of worker threads in use. */
  readonly workerCount: number;
  /** After evaluate: r̄_t [columns]. */
  readonly stepValues: Float64Array;
  /** After evaluate: log Z_t = log((1/m) Σ_i w_{i,t}) [columns]. */
  readonly logZ: Float64Array;
  /** After evaluate: Φ₀ = Σ_t r̄_t. */
  unregularizedValue = NaN;
  private disposed = false;
  private readonly logCount: number;

  private constructor(
    /** A main-thread copy of the policy, kept at the last evaluated θ. */
    readonly policy: StochasticPolicy,
    private readonly views: SharedViews,
    private readonly pool: LockstepPool,
    estimator: EstimatorKind,
    columns: number,
    count: number,
  ) {
    this.estimator = estimator;
    this.columns = columns;
    this.paramCount = policy.paramCount;
    this.workerCount = pool.size;
    this.stepValues = new Float64Array(columns);
    this.logZ = new Float64Array(columns);
    this.logCount = Math.log(count);
  }

  /**
   * Starts the workers. `policy` describes how to rebuild the policy in each thread:
   * `(await import(module))[exportName](data)`; `module` is resolved from this package, so pass an
   * absolute URL (e.g. `import.meta.resolve('@guided/mlp-policy')`) when it is not a dependency here.
   */
  static async create(samples: SampleSet, policy: PolicyDescriptor, options: ParallelOptions = {}): Promise<ParallelImportanceObjective> {
    const where = 'ParallelImportanceObjective';
    validateSampleSet(where, samples);
    if (policy == null || typeof policy.module !== 'string' || typeof policy.exportName !== 'string') {
      throw new Error(`${where}: policy must be a descriptor { module, exportName, data }, got ${JSON.stringify(policy)}`);
    }
    const wr = resolveRegularization(where, options.regularization);
    const estimator = resolveEstimator(where, options.estimator);
    const requested = options.workers ?? 2;
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`${where}: workers must be an integer ≥ 1, got ${requested}`);
    const local = (await loadPolicy(policy)) as StochasticPolicy;
    checkPolicyShape(where, local, samples);

    const { count: m, T, obsDim, actionDim } = samples;
    const K = Math.min(requested, m);
    const P = local.paramCount;
    const C = estimator === 'perStep' ? T : 1;
    const layout = allocateShared(K, P, C);
    const views = sharedViews(layout);
    views.theta.set(local.getParams());
    views.wr[0] = wr;

    const inits: WorkerInit[] = [];
    const split = options.split ?? 'interleaved';
    if (split !== 'interleaved' && split !== 'contiguous') throw new Error(`${where}: split must be 'interleaved' or 'contiguous', got ${split}`);
    for (let k = 0; k < K; k++) {
      const rows = Math.floor(m / K) + (k < m % K ? 1 : 0);
      const first = split === 'interleaved' ? k : k * Math.floor(m / K) + Math.min(k, m % K);
      const stride = split === 'interleaved' ? K : 1;
      const gather = (source: Float64Array, width: number) => {
        const out = new Float64Array(rows * T * width);
        for (let r = 0; r < rows; r++) {
          const i = first + r * stride;
          out.set(source.subarray(i * T * width, (i + 1) * T * width), r * T * width);
        }
        return out;
      };
      inits.push({
        layout,
        policy,
        estimator,
        slice: {
          rows,
          T,
          obs: gather(samples.obs, obsDim),
          actions: gather(samples.actions, actionDim),
          rewards: gather(samples.rewards, 1),
          logQ: gather(samples.logQ, 1),
          firstSample: first,
          sampleStride: stride,
        },
      });
    }
    const pool = await LockstepPool.start(where, workerScriptUrl(import.meta.url, 'worker'), inits, { timeoutMs: options.timeoutMs });
    return new ParallelImportanceObjective(local, views, pool, estimator, C, m);
  }

  get regularization(): number {
    return this.views.wr[0];
  }

  set regularization(value: number) {
    this.views.wr[0] = resolveRegularization('ParallelImportanceObjective', value);
  }

  /** Φ(θ) (θ defaults to the last evaluated one) and, when grad is given, ∇Φ(θ) into grad. */
  evaluate(theta?: Float64Array | null, grad?: Float64Array | null): number {
    const where = 'ParallelImportanceObjective.evaluate';
    if (this.disposed) throw new Error(`${where}: the objective was disposed`);
    const P = this.paramCount;
    if (theta) {
      checkTheta(where, theta, P);
      this.views.theta.set(theta);
      this.policy.setParams(theta);
    }
    if (grad) checkGrad(where, grad, P);
    const { lseParts, meanParts, lse, mean, grads } = this.views;
    const K = this.workerCount;
    const C = this.columns;
    this.pool.run(Command.Forward);
    combineColumns(K, C, lseParts, meanParts, lse, mean);
    let value = 0;
    let regularizer = 0;
    for (let c = 0; c < C; c++) {
      this.stepValues[c] = mean[c];
      value += mean[c];
      this.logZ[c] = lse[c] - this.logCount;
      regularizer += this.logZ[c];
    }
    this.unregularizedValue = value;
    if (grad) {
      this.pool.run(Command.Backward);
      grad.set(grads.subarray(0, P));
      for (let k = 1; k < K; k++) {
        for (let j = 0, o = k * P; j < P; j++, o++) grad[j] += grads[o];
      }
    }
    return value + this.views.wr[0] * regularizer;
  }

  /** (x, grad) ⇒ −Φ(x) with −∇Φ in grad, for a minimizer such as @guided/lbfgs. */
  asMinimizationObjective(): (x: Float64Array, grad: Float64Array) => number {
    return asMinimizationObjective(this);
  }

  /** Stops the workers; the objective cannot be used afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.pool.dispose();
  }
}
