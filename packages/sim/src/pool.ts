/**
 * A pool of worker threads, each with its own MuJoCo instance of the same task: batches of
 * rollouts (one job per rollout, handed to whichever worker is free) and a BatchLinearizer
 * that splits a trajectory's steps into one contiguous chunk per worker. A rollout depends
 * only on its seed (and the task), so results do not depend on the worker count.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { assertLength } from '@guided/core';
import type { BatchLinearizer } from '@guided/core';
import { resolveSpec, type TaskName, type TaskOverrides } from './spec.js';
import type { PolicyDescription } from './policies.js';
import type { RolloutOptions, SimTrajectory } from './rollout.js';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol.js';
import { SimulationDivergedError } from './task.js';
import { taskDimensions } from './models/index.js';

export interface PoolOptions<N extends TaskName = TaskName> {
  task: N;
  overrides?: TaskOverrides<N>;
  /** Number of worker threads (default: the machine's available parallelism). */
  workers?: number;
}

/** Options of a batch of rollouts (per-rollout seeds are given separately). */
export type BatchRolloutOptions = Omit<RolloutOptions, 'seed' | 'initialState'> & {
  /** Optional start state per rollout (same length as seeds). */
  initialStates?: Float64Array[];
};

interface Pending {
  resolve: (value: WorkerResponse) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * The worker entry: dist/worker.js beside the built index.js; when running from source under
 * tsx, a small bootstrap that registers tsx's loader in the worker and then imports worker.ts
 * (on Node 20 a worker started with execArgv ['--import', 'tsx'] still rejects .ts entry files).
 */
function spawnWorker(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData: init });
  // tsx's ESM API sits beside the CommonJS file that require.resolve finds (its exports map).
  const cjs = createRequire(here).resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  const api = pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
  const entry = new URL('./worker.ts', here).href;
  const bootstrap =
    `import(${JSON.stringify(api)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); ` +
    `return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init });
}

export class SimPool implements BatchLinearizer {
  readonly size: number;
  readonly task: TaskName;
  readonly stateDim: number;
  readonly actionDim: number;
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;
  private nextPolicy = 1;
  private closed = false;
  private failure: Error | null = null;

  /** Starts the workers and waits until each has built its task. */
  static async create<N extends TaskName>(options: PoolOptions<N>): Promise<SimPool> {
    const overrides = options.overrides ?? {};
    const spec = resolveSpec(options.task, overrides); // fail fast on bad options, in this thread
    const size = options.workers ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new Error(`SimPool: workers must be an integer ≥ 1, got ${size}`);
    const dims = taskDimensions(spec);
    const pool = new SimPool(options.task, overrides as TaskOverrides, size, dims.stateDim, dims.actionDim);
    await pool.ready;
    return pool;
  }

  private readonly ready: Promise<void>;

  private constructor(task: TaskName, overrides: TaskOverrides, size: number, stateDim: number, actionDim: number) {
    this.task = task;
    this.size = size;
    this.stateDim = stateDim;
    this.actionDim = actionDim;
    const init: WorkerInit = { task, overrides };
    this.slots = [];
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = spawnWorker(init);
      const slot: Slot = { worker, busy: 0 };
      this.slots.push(slot);
      readies.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (msg: WorkerResponse): void => {
            if (msg.type === 'ready') resolve();
            else if (msg.type === 'init-failed') reject(new Error(`SimPool: worker ${i} could not build the task: ${msg.message}`));
            else this.settle(slot, msg);
          };
          worker.on('message', onMessage);
          worker.on('error', (err) => {
            reject(err);
            this.fail(new Error(`SimPool: worker ${i} crashed: ${err.message}`));
          });
          worker.on('exit', (code) => {
            if (!this.closed) this.fail(new Error(`SimPool: worker ${i} exited with code ${code}`));
          });
        }),
      );
    }
    this.ready = Promise.all(readies).then(
      () => this.updateRefs(),
      async (err: Error) => {
        await this.close();
        throw err;
      },
    );
  }

  private settle(slot: Slot, msg: WorkerResponse): void {
    if (!('job' in msg)) return;
    const p = this.pending.get(msg.job);
    if (p === undefined) return;
    this.pending.delete(msg.job);
    slot.busy--;
    this.updateRefs();
    p.resolve(msg);
  }

  private fail(err: Error): void {
    if (this.failure === null) this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Workers keep the process alive only while they have work. */
  private updateRefs(): void {
    for (const s of this.slots) {
      if (s.busy > 0) s.worker.ref();
      else s.worker.unref();
    }
  }

  private check(where: string): void {
    if (this.closed) throw new Error(`${where}: the pool is closed`);
    if (this.failure !== null) throw new Error(`${where}: the pool failed earlier: ${this.failure.message}`);
  }

  private submit(slot: Slot, request: WorkerRequest & { job: number }, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(request.job, { resolve, reject });
      slot.busy++;
      this.updateRefs();
      slot.worker.postMessage(request, transfer);
    });
  }

  /**
   * Runs one rollout per seed with the described policy; the result at index i belongs to seeds[i].
   * Workers pull rollouts one at a time, with one more queued (dynamic load balancing).
   */
  async rollouts(policy: PolicyDescription, seeds: readonly number[], options: BatchRolloutOptions = {}): Promise<SimTrajectory[]> {
    const where = 'SimPool.rollouts';
    this.check(where);
    if (policy === null || typeof policy !== 'object' || typeof policy.module !== 'string' || typeof policy.exportName !== 'string') {
      throw new Error(`${where}: policy must be { module, exportName, data }, got ${JSON.stringify(policy)}`);
    }
    seeds.forEach((s, i) => {
      if (!Number.isInteger(s)) throw new Error(`${where}: seeds[${i}] must be an integer, got ${s}`);
    });
    const { initialStates, ...rest } = options;
    if (initialStates !== undefined && initialStates.length !== seeds.length) {
      throw new Error(`${where}: initialStates must have one state per seed (${seeds.length}), got ${initialStates.length}`);
    }
    initialStates?.forEach((x, i) => assertLength(where, `initialStates[${i}]`, x, this.stateDim));
    const policyId = this.nextPolicy++;
    for (const s of this.slots) s.worker.postMessage({ type: 'policy', id: policyId, desc: policy } satisfies WorkerRequest);
    const results: SimTrajectory[] = new Array(seeds.length);
    let next = 0;
    const runOn = async (slot: Slot): Promise<void> => {
      while (next < seeds.length) {
        const i = next++;
        const job = this.nextJob++;
        const opts: RolloutOptions = { ...rest, seed: seeds[i] };
        if (initialStates) opts.initialState = initialStates[i];
        const msg = await this.submit(slot, { type: 'rollout', job, policyId, options: opts });
        if (msg.type === 'failed') {
          next = seeds.length; // stop handing out work; the batch has failed
          throw new Error(`${where}: rollout ${i} (seed ${seeds[i]}): ${msg.message}`);
        }
        if (msg.type === 'rollout-done') results[i] = msg.traj;
      }
    };
    try {
      // Two runners per worker keep one rollout queued behind the running one, so a worker
      // never idles during the round trip to this thread (matters for short rollouts).
      await Promise.all(this.slots.flatMap((slot) => [runOn(slot), runOn(slot)]));
    } finally {
      for (const s of this.slots) s.worker.postMessage({ type: 'drop-policy', id: policyId } satisfies WorkerRequest);
    }
    return results;
  }

  /** BatchLinearizer: steps 0…T−1 split into one contiguous chunk per worker. */
  async linearizeTrajectory(T: number, states: Float64Array, actions: Float64Array, A: Float64Array, B: Float64Array): Promise<void> {
    const where = `${this.task}.linearizeTrajectory`;
    this.check(where);
    const nx = this.stateDim;
    const nu = this.actionDim;
    if (!Number.isInteger(T) || T < 0) throw new Error(`${where}: T must be an integer ≥ 0, got ${T}`);
    if (states.length < T * nx) throw new Error(`${where}: states must have at least ${T * nx} entries (T × stateDim), got ${states.length}`);
    assertLength(where, 'actions', actions, T * nu);
    assertLength(where, 'A', A, T * nx * nx);
    assertLength(where, 'B', B, T * nx * nu);
    const chunks = Math.min(this.size, T);
    const jobs: Promise<void>[] = [];
    for (let c = 0; c < chunks; c++) {
      const t0 = Math.floor((c * T) / chunks);
      const t1 = Math.floor(((c + 1) * T) / chunks);
      const n = t1 - t0;
      const s = states.slice(t0 * nx, t1 * nx);
      const a = actions.slice(t0 * nu, t1 * nu);
      const job = this.nextJob++;
      jobs.push(
        this.submit(this.slots[c], { type: 'linearize', job, T: n, stepOffset: t0, states: s, actions: a }, [s.buffer, a.buffer]).then((msg) => {
          if (msg.type === 'failed') {
            if (msg.diverged) throw new SimulationDivergedError(msg.diverged.where, msg.diverged.reason);
            throw new Error(msg.message);
          }
          if (msg.type === 'linearize-done') {
            A.set(msg.A, t0 * nx * nx);
            B.set(msg.B, t0 * nx * nu);
          }
        }),
      );
    }
    await Promise.all(jobs);
  }

  /** Stops the workers and frees their MuJoCo instances. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail(new Error('SimPool: closed'));
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.worker.once('exit', () => resolve());
            s.worker.ref(); // keep the process alive until the worker has freed MuJoCo and exited
            try {
              s.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
            } catch {
              /* already gone */
            }
            setTimeout(() => void s.worker.terminate(), 2000).unref();
          }),
      ),
    );
  }
}
