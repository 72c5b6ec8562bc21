/**
 * A lockstep pool of worker threads: the main thread posts a command, every worker runs it on its own
 * share of the data, and the call returns when all have answered. The call is synchronous (so it can sit
 * inside an L-BFGS objective) and costs two wake-ups beyond the arithmetic: the threads meet through
 * Atomics.wait/notify on shared Int32 control words, and the data lives in SharedArrayBuffers the
 * caller lays out itself.
 *
 * Control words: the main thread writes COMMAND, then bumps SEQ; worker k answers by storing SEQ into
 * DONE + k, after STATUS + k (0 ok, 1 failed) and, on failure, its message's length. Messages are UTF-8
 * in a shared byte block, MESSAGE_BYTES per worker. Command 0 is reserved: it makes the workers exit.
 *
 * The worker side is serveLockstep (lockstep-worker.ts).
 */
import { Worker } from 'node:worker_threads';

export const SEQ = 0;
export const COMMAND = 1;
export const DONE = 2;
export const EXIT_COMMAND = 0;
export const MESSAGE_BYTES = 4096;

/** What every worker receives as workerData. */
export interface LockstepWorkerData<Init> {
  index: number;
  workers: number;
  control: SharedArrayBuffer;
  messages: SharedArrayBuffer;
  init: Init;
}

export function statusIndex(workers: number, k: number): number {
  return DONE + workers + k;
}

export function messageLengthIndex(workers: number, k: number): number {
  return DONE + 2 * workers + k;
}

export interface LockstepOptions {
  /** How long run() waits for a worker before throwing. Default 600000 ms. */
  timeoutMs?: number;
}

export class LockstepPool {
  private disposed = false;
  private readonly decoder = new TextDecoder();

  private constructor(
    /** Names the pool in error messages, e.g. 'ParallelImportanceObjective'. */
    readonly name: string,
    private readonly workers: Worker[],
    private readonly control: Int32Array,
    private readonly messages: Uint8Array,
    private readonly timeoutMs: number,
  ) {}

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Starts one worker per entry of `inits` from the script at `url` (a module calling serveLockstep),
   * and resolves once all of them are ready. A worker that fails to start rejects with its message, and
   * the others are stopped.
   */
  static async start<Init>(name: string, url: URL, inits: Init[], options: LockstepOptions = {}): Promise<LockstepPool> {
    const timeoutMs = options.timeoutMs ?? 600_000;
    if (!(timeoutMs > 0)) throw new Error(`${name}: timeoutMs must be > 0, got ${timeoutMs}`);
    const K = inits.length;
    if (K < 1) throw new Error(`${name}: a lockstep pool needs at least 1 worker, got ${K}`);
    const control = new SharedArrayBuffer(4 * (DONE + 3 * K));
    const messages = new SharedArrayBuffer(K * MESSAGE_BYTES);
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    inits.forEach((init, k) => {
      const workerData: LockstepWorkerData<Init> = { index: k, workers: K, control, messages, init };
      const worker = new Worker(url, { workerData });
      workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', (msg: { type: string; message?: string }) => {
            if (msg.type === 'ready') resolve();
            else reject(new Error(`${name}: worker ${k} failed to start: ${msg.message}`));
          });
          worker.once('error', (error) => reject(new Error(`${name}: worker ${k} failed to start: ${error.message}`)));
          worker.once('exit', (code) => reject(new Error(`${name}: worker ${k} exited with code ${code} before it was ready`)));
        }),
      );
    });
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    for (const worker of workers) {
      worker.removeAllListeners();
      worker.unref(); // a forgotten dispose() does not keep the process alive
    }
    return new LockstepPool(name, workers, new Int32Array(control), new Uint8Array(messages), timeoutMs);
  }

  /** Posts `command` (≥ 1) to every worker and blocks until all have answered; rethrows a worker's error. */
  run(command: number): void {
    if (this.disposed) throw new Error(`${this.name}: the worker pool was disposed`);
    if (!Number.isInteger(command) || command < 1) throw new Error(`${this.name}: a command must be an integer ≥ 1, got ${command}`);
    const { control } = this;
    const K = this.workers.length;
    Atomics.store(control, COMMAND, command);
    const seq = Atomics.add(control, SEQ, 1) + 1;
    Atomics.notify(control, SEQ);
    const deadline = Date.now() + this.timeoutMs;
    for (let k = 0; k < K; k++) {
      for (;;) {
        const done = Atomics.load(control, DONE + k);
        if (done === seq) break;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`${this.name}: worker ${k} did not answer within ${this.timeoutMs} ms`);
        Atomics.wait(control, DONE + k, done, remaining);
      }
    }
    for (let k = 0; k < K; k++) {
      if (Atomics.load(control, statusIndex(K, k)) !== 0) {
        const length = Atomics.load(control, messageLengthIndex(K, k));
        const text = this.decoder.decode(this.messages.slice(k * MESSAGE_BYTES, k * MESSAGE_BYTES + length));
        throw new Error(`${this.name}: worker ${k}: ${text}`);
      }
    }
  }

  /** Stops the workers; the pool cannot be used afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, COMMAND, EXIT_COMMAND);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The worker script for a package's `name` (e.g. 'worker'): the built dist/<name>.js, or, when the
 * caller runs from source under tsx, src/<name>-tsx.mjs, which registers tsx's loader inside the worker
 * before importing src/<name>.ts. (On Node 20 a worker ignores `--import` in execArgv and does not
 * inherit the parent's loader hooks, so the usual `execArgv: ['--import', 'tsx']` fails with "Unknown
 * file extension .ts".) `callerUrl` is the caller's import.meta.url.
 */
export function workerScriptUrl(callerUrl: string, name: string): URL {
  return new URL(callerUrl.endsWith('.ts') ? `./${name}-tsx.mjs` : `./${name}.js`, callerUrl);
}
