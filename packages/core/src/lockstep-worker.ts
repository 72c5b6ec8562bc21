/**
 * The worker side of LockstepPool (lockstep.ts): call serveLockstep from a worker script.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { COMMAND, DONE, EXIT_COMMAND, MESSAGE_BYTES, SEQ, messageLengthIndex, statusIndex, type LockstepWorkerData } from './lockstep.js';

/**
 * `setup(init, index)` builds the worker's state from its workerData and returns the handler that runs
 * one command. A setup that throws is reported as a start failure; a handler that throws is reported
 * to the main thread's run(), which rethrows the message. Returns when the pool is disposed.
 */
export async function serveLockstep<Init>(setup: (init: Init, index: number) => Promise<(command: number) => void> | ((command: number) => void)): Promise<void> {
  const port = parentPort;
  if (port == null) throw new Error('serveLockstep: must run in a worker thread');
  const data = workerData as LockstepWorkerData<Init>;
  const { index: k, workers: K } = data;
  const control = new Int32Array(data.control);
  const messages = new Uint8Array(data.messages);
  let handle: (command: number) => void;
  try {
    handle = await setup(data.init, k);
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const encoder = new TextEncoder();
  // Read the sequence number before announcing readiness: the main thread sends no command before 'ready'.
  let seen = Atomics.load(control, SEQ);
  port.postMessage({ type: 'ready' });
  for (;;) {
    Atomics.wait(control, SEQ, seen);
    seen = Atomics.load(control, SEQ);
    const command = Atomics.load(control, COMMAND);
    if (command === EXIT_COMMAND) break;
    let status = 0;
    try {
      handle(command);
    } catch (error) {
      status = 1;
      const bytes = encoder.encode(error instanceof Error ? error.message : String(error)).subarray(0, MESSAGE_BYTES);
      messages.set(bytes, k * MESSAGE_BYTES);
      Atomics.store(control, messageLengthIndex(K, k), bytes.length);
    }
    Atomics.store(control, statusIndex(K, k), status);
    Atomics.store(control, DONE + k, seen);
    Atomics.notify(control, DONE + k);
  }
}
