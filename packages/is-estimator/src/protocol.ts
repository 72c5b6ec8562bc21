/**
 * The shared-memory protocol between ParallelImportanceObjective and its workers.
 * Int32 control words (Atomics): the main thread bumps SEQ after writing COMMAND; worker k
 * answers by storing SEQ into DONE + k (and STATUS + k, MESSAGE_LENGTH + k on failure).
 * Float64 block: θ [P] | w_r [1] | lse parts [K·C] | mean parts [K·C] | lse [C] | mean [C] | grads [K·P].
 */
export const SEQ = 0;
export const COMMAND = 1;
export const DONE = 2;

export const Command = { Forward: 1, Backward: 2, Exit: 3 } as const;
export type Command = (typeof Command)[keyof typeof Command];

export const MESSAGE_BYTES = 4096;

export function controlLength(K: number): number {
  return DONE + 3 * K;
}

export interface SharedLayout {
  K: number;
  P: number;
  C: number;
  control: SharedArrayBuffer;
  floats: SharedArrayBuffer;
  messages: SharedArrayBuffer;
}

export interface SharedViews {
  control: Int32Array;
  theta: Float64Array;
  wr: Float64Array;
  lseParts: Float64Array;
  meanParts: Float64Array;
  lse: Float64Array;
  mean: Float64Array;
  grads: Float64Array;
  messages: Uint8Array;
}

export function allocateShared(K: number, P: number, C: number): SharedLayout {
  return {
    K,
    P,
    C,
    control: new SharedArrayBuffer(4 * controlLength(K)),
    floats: new SharedArrayBuffer(8 * (P + 1 + 2 * K * C + 2 * C + K * P)),
    messages: new SharedArrayBuffer(K * MESSAGE_BYTES),
  };
}

export function sharedViews(layout: SharedLayout): SharedViews {
  const { K, P, C, floats } = layout;
  let offset = 0;
  const take = (n: number): Float64Array => {
    const view = new Float64Array(floats, 8 * offset, n);
    offset += n;
    return view;
  };
  return {
    control: new Int32Array(layout.control),
    theta: take(P),
    wr: take(1),
    lseParts: take(K * C),
    meanParts: take(K * C),
    lse: take(C),
    mean: take(C),
    grads: take(K * P),
    messages: new Uint8Array(layout.messages),
  };
}

/** Index of worker k's status word (0 ok, 1 failed) and message length. */
export function statusIndex(K: number, k: number): number {
  return DONE + K + k;
}
export function messageLengthIndex(K: number, k: number): number {
  return DONE + 2 * K + k;
}

/** How a policy crosses into a worker: `(await import(module))[exportName](data)` rebuilds it. */
export interface PolicyDescriptor {
  module: string;
  exportName: string;
  data: unknown;
}

export interface WorkerInit {
  index: number;
  layout: SharedLayout;
  policy: PolicyDescriptor;
  estimator: 'perStep' | 'trajectory';
  slice: {
    rows: number;
    T: number;
    obs: Float64Array;
    actions: Float64Array;
    rewards: Float64Array;
    logQ: Float64Array;
    firstSample: number;
    sampleStride: number;
  };
}

export async function loadPolicy(descriptor: PolicyDescriptor): Promise<unknown> {
  const mod = (await import(descriptor.module)) as Record<string, unknown>;
  const factory = mod[descriptor.exportName];
  if (typeof factory !== 'function') {
    throw new Error(`policy module ${descriptor.module} has no function export "${descriptor.exportName}"`);
  }
  return (factory as (data: unknown) => unknown)(descriptor.data);
}
