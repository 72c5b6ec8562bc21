/**
 * Worker thread of ParallelImportanceObjective: holds one slice of the samples and a copy of
 * the policy, and serves Forward / Backward commands over shared memory until Exit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StochasticPolicy } from '@guided/core';
import { SliceEvaluator } from './slice.js';
import {
  COMMAND,
  Command,
  DONE,
  MESSAGE_BYTES,
  SEQ,
  loadPolicy,
  messageLengthIndex,
  sharedViews,
  statusIndex,
  type WorkerInit,
} from './protocol.js';

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  const { index: k, layout } = init;
  const { K, P, C } = layout;
  const views = sharedViews(layout);
  const policy = (await loadPolicy(init.policy)) as StochasticPolicy;
  if (policy.paramCount !== P) throw new Error(`worker ${k}: policy has ${policy.paramCount} parameters, expected ${P}`);
  const lsePart = views.lseParts.subarray(k * C, (k + 1) * C);
  const meanPart = views.meanParts.subarray(k * C, (k + 1) * C);
  const grad = views.grads.subarray(k * P, (k + 1) * P);
  const slice = new SliceEvaluator(policy, init.estimator, init.slice, lsePart, meanPart);
  const theta = new Float64Array(P);
  const encoder = new TextEncoder();
  const { control } = views;
  // Read the sequence number before announcing readiness: the main thread sends no command before 'ready'.
  let seen = Atomics.load(control, SEQ);
  parentPort!.postMessage({ type: 'ready' });
  for (;;) {
    Atomics.wait(control, SEQ, seen);
    seen = Atomics.load(control, SEQ);
    const command = Atomics.load(control, COMMAND);
    if (command === Command.Exit) break;
    let status = 0;
    try {
      if (command === Command.Forward) {
        theta.set(views.theta);
        policy.setParams(theta);
        slice.forward();
      } else if (command === Command.Backward) {
        slice.backward(views.lse, views.mean, views.wr[0], grad);
      }
    } catch (error) {
      status = 1;
      const bytes = encoder.encode(error instanceof Error ? error.message : String(error)).subarray(0, MESSAGE_BYTES);
      views.messages.set(bytes, k * MESSAGE_BYTES);
      Atomics.store(control, messageLengthIndex(K, k), bytes.length);
    }
    Atomics.store(control, statusIndex(K, k), status);
    Atomics.store(control, DONE + k, seen);
    Atomics.notify(control, DONE + k);
  }
}

main().catch((error: unknown) => {
  parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
});
