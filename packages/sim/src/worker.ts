/**
 * Worker-thread side of SimPool: one MuJoCo instance (one task) per worker. Messages are
 * handled strictly in order (a promise chain), so a policy is loaded before the rollouts
 * that use it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTask, SimulationDivergedError, type SimTask } from './task.js';
import { rollout, type RolloutPolicy } from './rollout.js';
import * as builtins from './policies.js';
import type { PolicyDescription } from './policies.js';
import type { WorkerRequest, WorkerResponse, WorkerInit } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('sim worker: must run inside a worker thread');

const init = workerData as WorkerInit;
let task: SimTask | null = null;
const policies = new Map<number, RolloutPolicy | Error>();

async function loadPolicy(desc: PolicyDescription): Promise<RolloutPolicy> {
  let factory: unknown;
  if (desc.module === '@guided/sim') {
    factory = (builtins as Record<string, unknown>)[desc.exportName];
  } else {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(desc.module)) as Record<string, unknown>;
    } catch (err) {
      throw new Error(
        `could not import policy module '${desc.module}' in the worker (${(err as Error).message}); ` +
          `pass an absolute URL, e.g. import.meta.resolve('${desc.module}') from your package`,
      );
    }
    factory = mod[desc.exportName];
  }
  if (typeof factory !== 'function') throw new Error(`policy module '${desc.module}' has no function export '${desc.exportName}'`);
  const policy = (factory as (data: unknown) => RolloutPolicy)(desc.data);
  if (policy === null || typeof policy !== 'object' || typeof policy.act !== 'function') {
    throw new Error(`${desc.module}#${desc.exportName} did not return an object with act()`);
  }
  return policy;
}

function send(message: WorkerResponse, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

async function handle(msg: WorkerRequest): Promise<void> {
  if (msg.type === 'policy') {
    try {
      policies.set(msg.id, await loadPolicy(msg.desc));
    } catch (err) {
      policies.set(msg.id, err as Error);
    }
    return;
  }
  if (msg.type === 'drop-policy') {
    policies.delete(msg.id);
    return;
  }
  try {
    if (task === null) throw new Error('task not ready');
    if (msg.type === 'rollout') {
      const policy = policies.get(msg.policyId);
      if (policy === undefined) throw new Error(`unknown policy ${msg.policyId}`);
      if (policy instanceof Error) throw policy;
      const traj = rollout(task, policy, msg.options);
      const buffers = [traj.states, traj.observations, traj.actions, traj.controls, traj.rewards];
      if (traj.poses) buffers.push(traj.poses);
      send({ type: 'rollout-done', job: msg.job, traj }, buffers.map((b) => b.buffer as ArrayBuffer));
    } else if (msg.type === 'linearize') {
      const n = msg.T;
      const nx = task.stateDim;
      const nu = task.actionDim;
      const A = new Float64Array(n * nx * nx);
      const B = new Float64Array(n * nx * nu);
      task.linearizeRange(0, n, n, msg.states, msg.actions, A, B, msg.stepOffset);
      send({ type: 'linearize-done', job: msg.job, A, B }, [A.buffer, B.buffer]);
    }
  } catch (err) {
    const job = (msg as { job: number }).job;
    const diverged = err instanceof SimulationDivergedError ? { where: err.where, reason: err.reason } : undefined;
    send({ type: 'failed', job, message: (err as Error)?.message ?? String(err), diverged });
  }
}

let chain: Promise<void> = createTask(init.task, init.overrides)
  .then((t) => {
    task = t;
    send({ type: 'ready' });
  })
  .catch((err: unknown) => {
    send({ type: 'init-failed', message: (err as Error)?.message ?? String(err) });
  });

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'close') {
    chain = chain.then(() => {
      task?.dispose();
      task = null;
      port.close();
    });
    return;
  }
  chain = chain.then(() => handle(msg));
});
