/**
 * log π_θ(u_t | x_t) for many parameter vectors θ_a on many blocks of T rows (trajectories), on
 * worker threads (a LockstepPool of @guided/core). GPS scores every new policy on every stored sample
 * and every new sample under every stored policy (the fused q of the paper's Section 3), which grows
 * with the square of the iteration count.
 *
 * A call scores the whole rectangle params × blocks, tile by tile: a tile of at most `tileParams`
 * vectors and `tileBlocks` blocks is copied into the shared block, and worker k scores the tile's
 * pairs k, k + K, k + 2K, … (parameter-major) with MlpPolicy.logProb, the calling thread's own code on
 * the same T rows, so every number equals a one-thread score bit for bit.
 * Shared Float64 block: params [J × P] | obs [B × T × inputDim] | actions [B × T × actionDim] |
 * out [J × B × T]; shared Int32 block: the tile's J and B.
 */
import { LockstepPool, workerScriptUrl } from '@guided/core';
import type { MlpPolicyJSON } from './format.js';
import type { MlpPolicy } from './mlp-policy.js';

/** What each worker receives (scorer-worker.ts). */
export interface ScorerWorkerInit {
  policy: MlpPolicyJSON;
  floats: SharedArrayBuffer;
  sizes: SharedArrayBuffer;
  /** Number of workers K. */
  workers: number;
  T: number;
  tileParams: number;
  tileBlocks: number;
}

export const SCORE = 1;

export interface ScorerOptions {
  /** Worker threads (default 2). */
  workers?: number;
  /** Parameter vectors per tile (default 16). */
  tileParams?: number;
  /** Blocks of T rows per tile (default 32). */
  tileBlocks?: number;
}

/** Views of the shared block for a policy with P parameters. */
export function scorerViews(init: Omit<ScorerWorkerInit, 'policy' | 'workers'>, P: number, inputDim: number, actionDim: number) {
  const { T, tileParams: J, tileBlocks: B } = init;
  let offset = 0;
  const take = (length: number) => {
    const view = new Float64Array(init.floats, 8 * offset, length);
    offset += length;
    return view;
  };
  return {
    params: take(J * P),
    obs: take(B * T * inputDim),
    actions: take(B * T * actionDim),
    out: take(J * B * T),
    sizes: new Int32Array(init.sizes),
  };
}

export class ParallelScorer {
  private constructor(
    private readonly pool: LockstepPool,
    private readonly views: ReturnType<typeof scorerViews>,
    private readonly shape: { T: number; P: number; inputDim: number; actionDim: number; J: number; B: number },
  ) {}

  /** Number of worker threads in use. */
  get workerCount(): number {
    return this.pool.size;
  }

  /**
   * Starts the workers for blocks of T rows. They copy the policy's architecture and input
   * normalization now (its parameters are passed with each call): change the normalization before.
   */
  static async create(policy: MlpPolicy, T: number, options: ScorerOptions = {}): Promise<ParallelScorer> {
    const where = 'ParallelScorer';
    const workers = options.workers ?? 2;
    const J = options.tileParams ?? 16;
    const B = options.tileBlocks ?? 32;
    for (const [name, value] of [['workers', workers], ['T', T], ['tileParams', J], ['tileBlocks', B]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new Error(`${where}: ${name} must be an integer ≥ 1, got ${value}`);
    }
    const { paramCount: P, inputDim, actionDim } = policy;
    const floats = new SharedArrayBuffer(8 * (J * P + B * T * (inputDim + actionDim) + J * B * T));
    const sizes = new SharedArrayBuffer(8);
    const init: ScorerWorkerInit = { policy: policy.toJSON(), floats, sizes, workers, T, tileParams: J, tileBlocks: B };
    const pool = await LockstepPool.start(where, workerScriptUrl(import.meta.url, 'scorer-worker'), Array(workers).fill(init));
    return new ParallelScorer(pool, scorerViews(init, P, inputDim, actionDim), { T, P, inputDim, actionDim, J, B });
  }

  /**
   * out[a][b][t] = log π_{params[a]}(actions[b] row t | obs[b] row t) for t < T: every block needs at
   * least T rows (obs [≥ T × inputDim], actions [≥ T × actionDim]), every params entry P numbers.
   */
  score(params: readonly Float64Array[], obs: readonly Float64Array[], actions: readonly Float64Array[]): Float64Array[][] {
    const where = 'ParallelScorer.score';
    const { T, P, inputDim, actionDim, J, B } = this.shape;
    if (obs.length !== actions.length) throw new Error(`${where}: ${obs.length} observation blocks but ${actions.length} action blocks`);
    params.forEach((theta, a) => {
      if (theta.length !== P) throw new Error(`${where}: params[${a}] has ${theta.length} entries, the policy has ${P}`);
    });
    obs.forEach((block, b) => {
      if (block.length < T * inputDim) throw new Error(`${where}: obs[${b}] has ${block.length} values, need at least T·inputDim = ${T * inputDim}`);
      if (actions[b].length < T * actionDim) {
        throw new Error(`${where}: actions[${b}] has ${actions[b].length} values, need at least T·actionDim = ${T * actionDim}`);
      }
    });
    const out = params.map(() => obs.map(() => new Float64Array(T)));
    const v = this.views;
    for (let a0 = 0; a0 < params.length; a0 += J) {
      const nParams = Math.min(J, params.length - a0);
      for (let a = 0; a < nParams; a++) v.params.set(params[a0 + a], a * P);
      for (let b0 = 0; b0 < obs.length; b0 += B) {
        const nBlocks = Math.min(B, obs.length - b0);
        for (let b = 0; b < nBlocks; b++) {
          v.obs.set(obs[b0 + b].subarray(0, T * inputDim), b * T * inputDim);
          v.actions.set(actions[b0 + b].subarray(0, T * actionDim), b * T * actionDim);
        }
        v.sizes[0] = nParams;
        v.sizes[1] = nBlocks;
        this.pool.run(SCORE);
        for (let a = 0; a < nParams; a++) {
          for (let b = 0; b < nBlocks; b++) out[a0 + a][b0 + b].set(v.out.subarray((a * nBlocks + b) * T, (a * nBlocks + b + 1) * T));
        }
      }
    }
    return out;
  }

  /** Stops the workers. */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
