/**
 * The shared memory between ParallelImportanceObjective and its workers (a LockstepPool of
 * @guided/core, which carries the commands). Float64 block:
 * θ [P] | w_r [1] | lse parts [K·C] | mean parts [K·C] | lse [C] | mean [C] | grads [K·P].
 */
export const Command = { Forward: 1, Backward: 2 } as const;
export type Command = (typeof Command)[keyof typeof Command];

export interface SharedLayout {
  K: number;
  P: number;
  C: number;
  floats: SharedArrayBuffer;
}

export interface SharedViews {
  theta: Float64Array;
  wr: Float64Array;
  lseParts: Float64Array;
  meanParts: Float64Array;
  lse: Float64Array;
  mean: Float64Array;
  grads: Float64Array;
}

export function allocateShared(K: number, P: number, C: number): SharedLayout {
  return {
    K,
    P,
    C,
    floats: new SharedArrayBuffer(8 * (P + 1 + 2 * K * C + 2 * C + K * P)),
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
    theta: take(P),
    wr: take(1),
    lseParts: take(K * C),
    meanParts: take(K * C),
    lse: take(C),
    mean: take(C),
    grads: take(K * P),
  };
}

/** How a policy crosses into a worker: `(await import(module))[exportName](data)` rebuilds it. */
export interface PolicyDescriptor {
  module: string;
  exportName: string;
  data: unknown;
}

export interface WorkerInit {
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
