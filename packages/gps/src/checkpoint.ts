/**
 * A checkpoint after every iteration. The sample set only grows, so its files are appended to:
 * samples.bin holds every sample (states, observations, actions, rewards) in store order, and
 * scores-j.bin the per-step log-probabilities of every sample under distribution j. checkpoint.json,
 * written to a temporary name and renamed after them, holds everything else and how many samples and
 * distributions those files commit. A run killed at any moment leaves the previous complete
 * checkpoint: what was appended after it lies beyond the committed lengths, which loading ignores
 * and the next save truncates. Each save writes only what the iteration added, where rewriting the
 * whole set grew to 620 MB per iteration on the hopper.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuidingDistribution, RngState, Trajectory } from '@guided/core';
import type { Normalization } from '@guided/mlp-policy';
import type { PolicyDescriptor } from './problem.js';
import { totalReward } from './returns.js';
import type { IterationRecord, PrefaceRecord } from './records.js';
import type { GpsOptions } from './options.js';
import type { SampleStore, SamplingDistribution } from './sample-store.js';

export const CHECKPOINT_FORMAT = 'guided-gps-checkpoint';
export const CHECKPOINT_VERSION = 2;

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

/** checkpoint.json: the loop's record, the sizes, and what the binary files commit. */
export interface CheckpointHeader extends LoopRecord {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  normalization: { mean: number[]; std: number[] };
  T: number;
  stateDim: number;
  obsDim: number;
  actionDim: number;
  hasObservations: boolean;
  /** One entry per committed distribution (scores-j.bin for entry j). */
  distributions: ({ kind: 'guide'; label: string; descriptor: PolicyDescriptor } | { kind: 'policy'; label: string; params: number[] })[];
  /** One entry per committed sample (samples.bin's records, and each scores file's rows). */
  samples: { source: number; guiding: boolean }[];
}

export interface CheckpointContent extends LoopRecord {
  normalization: Normalization;
  store: SampleStore;
}

const HEADER = 'checkpoint.json';
const SAMPLES = 'samples.bin';
const scoresFile = (j: number) => `scores-${j}.bin`;
const SCORES_PATTERN = /^scores-\d+\.bin$/;

/** Numbers per sample record in samples.bin. */
function sampleLength(T: number, stateDim: number, obsDim: number, actionDim: number, hasObservations: boolean): number {
  return (T + 1) * stateDim + (hasObservations ? (T + 1) * obsDim : 0) + T * actionDim + T;
}

/**
 * Writes the checkpoints of one run into `dir`, appending what each save adds to the last one. A
 * fresh writer starts the files anew; `continueFrom(header)` continues after a loaded checkpoint.
 */
export class CheckpointWriter {
  private committedSamples = 0;
  private committedDistributions = 0;

  constructor(readonly dir: string) {}

  /** The next save appends to the checkpoint that `header` describes (as loadCheckpoint returned it). */
  continueFrom(header: CheckpointHeader): void {
    this.committedSamples = header.samples.length;
    this.committedDistributions = header.distributions.length;
  }

  save(c: CheckpointContent): void {
    const { dir } = this;
    const { store } = c;
    const first = store.samples[0]?.traj;
    const stateDim = first?.stateDim ?? 0;
    const hasObservations = first?.observations !== undefined;
    const { T, obsDim, actionDim } = store;
    const m = store.samples.length;
    const m0 = this.committedSamples;
    const d0 = this.committedDistributions;
    if (m0 === 0 && d0 === 0) {
      // A new run in this folder: drop any earlier run's checkpoint, its header first (a header must
      // never name files that are gone).
      rmSync(join(dir, HEADER), { force: true });
      for (const name of readdirSync(dir)) if (SCORES_PATTERN.test(name) || name === SAMPLES) rmSync(join(dir, name), { force: true });
    }

    const perSample = sampleLength(T, stateDim, obsDim, actionDim, hasObservations);
    const added = new Float64Array((m - m0) * perSample);
    let k = 0;
    for (let i = m0; i < m; i++) {
      const { traj } = store.samples[i];
      for (const part of [traj.states, hasObservations ? traj.observations! : null, traj.actions.subarray(0, T * actionDim), traj.rewards.subarray(0, T)]) {
        if (part) (added.set(part, k), (k += part.length));
      }
    }
    appendCommitted(join(dir, SAMPLES), m0 * perSample, added);
    store.stepLogProbs.forEach((perSampleScores, j) => {
      // A distribution committed before gains the new samples' rows; a new one gets every row.
      const from = j < d0 ? m0 : 0;
      const rows = new Float64Array((m - from) * T);
      for (let i = from; i < m; i++) rows.set(perSampleScores[i], (i - from) * T);
      appendCommitted(join(dir, scoresFile(j)), from * T, rows);
    });

    const { store: _store, normalization: _normalization, ...loop } = c;
    const header: CheckpointHeader = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      ...loop,
      normalization: { mean: Array.from(c.normalization.mean), std: Array.from(c.normalization.std) },
      T,
      stateDim,
      obsDim,
      actionDim,
      hasObservations,
      distributions: store.distributions.map((d) =>
        d.kind === 'guide'
          ? { kind: 'guide' as const, label: d.label, descriptor: d.descriptor }
          : { kind: 'policy' as const, label: d.label, params: Array.from(d.params) },
      ),
      samples: store.samples.map((s) => ({ source: s.source, guiding: s.guiding })),
    };
    const tmp = join(dir, `${HEADER}.tmp-${process.pid}`);
    writeFileSync(tmp, JSON.stringify(header));
    renameSync(tmp, join(dir, HEADER));
    this.committedSamples = m;
    this.committedDistributions = store.distributions.length;
  }
}

/**
 * Cuts `path` back to its committed `committedNumbers` Float64 values (dropping what a killed save
 * appended) and appends `data`; creates the file when nothing of it is committed.
 */
function appendCommitted(path: string, committedNumbers: number, data: Float64Array): void {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (committedNumbers === 0) {
    writeFileSync(path, bytes);
    return;
  }
  truncateSync(path, 8 * committedNumbers);
  appendFileSync(path, bytes);
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
  const m = header.samples.length;
  const samples = readCommitted(dir, SAMPLES, m * sampleLength(T, stateDim, obsDim, actionDim, hasObservations));
  let k = 0;
  const take = (n: number) => samples.slice(k, (k += n));
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
    store.samples.push({ traj, source: meta.source, guiding: meta.guiding, totalReward: totalReward(traj) });
  }
  for (const [j, d] of header.distributions.entries()) {
    const dist: SamplingDistribution =
      d.kind === 'guide'
        ? { kind: 'guide', label: d.label, descriptor: d.descriptor, guide: await loadGuide(d.descriptor) }
        : { kind: 'policy', label: d.label, params: Float64Array.from(d.params) };
    const scores = readCommitted(dir, scoresFile(j), m * T);
    store.distributions.push(dist);
    store.stepLogProbs.push(header.samples.map((_, i) => scores.slice(i * T, (i + 1) * T)));
  }
  return header;
}

/** The first `numbers` Float64 values of dir/name; an error names the file when it holds fewer. */
function readCommitted(dir: string, name: string, numbers: number): Float64Array {
  const path = join(dir, name);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new Error(`gps resume: cannot read ${path}: ${(e as Error).message}`);
  }
  if (raw.byteLength < 8 * numbers) {
    throw new Error(`gps resume: ${path} holds ${Math.floor(raw.byteLength / 8)} numbers, the checkpoint commits ${numbers}`);
  }
  return new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + 8 * numbers));
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
