/**
 * A checkpoint after every iteration, written atomically: the samples and their log-probabilities
 * go to a binary file, everything else to JSON; each is written to a temporary name and renamed,
 * the JSON last, so a run killed at any moment leaves the previous complete checkpoint.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GuidingDistribution, RngState, Trajectory } from '@guided/core';
import type { Normalization } from '@guided/mlp-policy';
import type { PolicyDescriptor } from './problem.js';
import type { IterationRecord, PrefaceRecord } from './records.js';
import type { GpsOptions } from './options.js';
import type { SampleStore, SamplingDistribution } from './sample-store.js';

export const CHECKPOINT_FORMAT = 'guided-gps-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** What the loop carries between iterations, as saved. */
interface LoopRecord {
  /** Iterations completed (0 = after lines 1–4). */
  iteration: number;
  options: GpsOptions;
  regularization: number;
  starIndex: number;
  rng: RngState;
  guides: PolicyDescriptor[];
  preface: PrefaceRecord;
  log: IterationRecord[];
}

/** checkpoint.json: the loop's record, the sizes, and what the binary body holds. */
export interface CheckpointHeader extends LoopRecord {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  normalization: { mean: number[]; std: number[] };
  T: number;
  stateDim: number;
  obsDim: number;
  actionDim: number;
  hasObservations: boolean;
  distributions: ({ kind: 'guide'; label: string; descriptor: PolicyDescriptor } | { kind: 'policy'; label: string; params: number[] })[];
  samples: { source: number; guiding: boolean }[];
  body: string;
}

export interface CheckpointContent extends LoopRecord {
  normalization: Normalization;
  store: SampleStore;
}

const HEADER = 'checkpoint.json';

export function saveCheckpoint(dir: string, c: CheckpointContent): void {
  const { store } = c;
  const first = store.samples[0]?.traj;
  const stateDim = first?.stateDim ?? 0;
  const hasObservations = first?.observations !== undefined;
  const T = store.T;
  const perSample = (T + 1) * stateDim + (hasObservations ? (T + 1) * store.obsDim : 0) + T * store.actionDim + T;
  const m = store.samples.length;
  const body = new Float64Array(m * perSample + store.distributions.length * m * T);
  let k = 0;
  for (const s of store.samples) {
    body.set(s.traj.states, k);
    k += (T + 1) * stateDim;
    if (hasObservations) {
      body.set(s.traj.observations!, k);
      k += (T + 1) * store.obsDim;
    }
    body.set(s.traj.actions, k);
    k += T * store.actionDim;
    body.set(s.traj.rewards, k);
    k += T;
  }
  for (const perDist of store.stepLogProbs) for (const steps of perDist) (body.set(steps, k), (k += T));

  const bodyName = `checkpoint-${c.iteration}.bin`;
  const { store: _store, normalization: _normalization, ...loop } = c;
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    ...loop,
    normalization: { mean: Array.from(c.normalization.mean), std: Array.from(c.normalization.std) },
    T,
    stateDim,
    obsDim: store.obsDim,
    actionDim: store.actionDim,
    hasObservations,
    distributions: store.distributions.map((d) =>
      d.kind === 'guide'
        ? { kind: 'guide' as const, label: d.label, descriptor: d.descriptor }
        : { kind: 'policy' as const, label: d.label, params: Array.from(d.params) },
    ),
    samples: store.samples.map((s) => ({ source: s.source, guiding: s.guiding })),
    body: bodyName,
  };
  writeAtomically(join(dir, bodyName), Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  writeAtomically(join(dir, HEADER), JSON.stringify(header));
  for (const name of readdirSync(dir)) {
    if (/^checkpoint-\d+\.bin$/.test(name) && name !== bodyName) rmSync(join(dir, name), { force: true });
  }
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, HEADER));
}

/** Reads the header and restores the store's samples and log-probabilities into `store` (empty). */
export async function loadCheckpoint(dir: string, store: SampleStore): Promise<CheckpointHeader> {
  const path = join(dir, HEADER);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`gps resume: cannot read ${path}: ${(e as Error).message}`);
  }
  if (header.format !== CHECKPOINT_FORMAT || header.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `gps resume: ${path} is ${header.format} version ${header.version}, expected ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION}`,
    );
  }
  const { T, stateDim, obsDim, actionDim, hasObservations } = header;
  if (T !== store.T || obsDim !== store.obsDim || actionDim !== store.actionDim) {
    throw new Error(
      `gps resume: checkpoint has T=${T}, obsDim=${obsDim}, actionDim=${actionDim}; the task has T=${store.T}, obsDim=${store.obsDim}, actionDim=${store.actionDim}`,
    );
  }
  const raw = readFileSync(join(dir, header.body));
  const body = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const m = header.samples.length;
  const perSample = (T + 1) * stateDim + (hasObservations ? (T + 1) * obsDim : 0) + T * actionDim + T;
  const expected = m * perSample + header.distributions.length * m * T;
  if (body.length !== expected) {
    throw new Error(`gps resume: ${header.body} holds ${body.length} numbers, expected ${expected}`);
  }
  let k = 0;
  const take = (n: number) => body.slice(k, (k += n));
  for (const meta of header.samples) {
    const traj: Trajectory = {
      T,
      stateDim,
      actionDim,
      states: take((T + 1) * stateDim),
      ...(hasObservations ? { obsDim, observations: take((T + 1) * obsDim) } : {}),
      actions: take(T * actionDim),
      rewards: take(T),
    };
    let total = 0;
    for (let t = 0; t < T; t++) total += traj.rewards[t];
    store.samples.push({ traj, source: meta.source, guiding: meta.guiding, totalReward: total });
  }
  for (const d of header.distributions) {
    const dist: SamplingDistribution =
      d.kind === 'guide'
        ? { kind: 'guide', label: d.label, descriptor: d.descriptor, guide: await loadGuide(d.descriptor) }
        : { kind: 'policy', label: d.label, params: Float64Array.from(d.params) };
    store.distributions.push(dist);
    store.stepLogProbs.push(header.samples.map(() => take(T)));
  }
  return header;
}

/** Rebuilds a guiding distribution from its descriptor (`(await import(module))[exportName](data)`). */
export async function loadGuide(descriptor: PolicyDescriptor): Promise<GuidingDistribution> {
  const factory = (await import(descriptor.module))[descriptor.exportName];
  if (typeof factory !== 'function') {
    throw new Error(`gps: ${descriptor.module} has no function export "${descriptor.exportName}"`);
  }
  const guide = factory(descriptor.data);
  if (typeof guide?.logProb !== 'function') {
    throw new Error(`gps: ${descriptor.module}#${descriptor.exportName} did not return a guiding distribution (no logProb)`);
  }
  return guide as GuidingDistribution;
}

function writeAtomically(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
