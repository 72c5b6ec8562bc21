/**
 * A finished run's sample store, rebuilt from its checkpoint as a resumed run rebuilds it, for the
 * benches that time the loop's parts on real data.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SampleStore, loadCheckpoint } from '@guided/gps';
import type { CheckpointHeader } from '@guided/gps';
import { MlpPolicy } from '@guided/mlp-policy';
import type { MlpKernels } from '@guided/mlp-policy';

export interface LoadedRun {
  header: CheckpointHeader;
  store: SampleStore;
  /** A policy of the run's shape and input normalization (parameters: a fresh initialization). */
  makePolicy: (kernels?: MlpKernels) => MlpPolicy;
}

export async function loadRun(runDir: string): Promise<LoadedRun> {
  const checkpointDir = join(resolve(runDir), 'checkpoint');
  const header = JSON.parse(readFileSync(join(checkpointDir, 'checkpoint.json'), 'utf8')) as CheckpointHeader;
  const makePolicy = (kernels?: MlpKernels) => {
    const policy = new MlpPolicy({ inputDim: header.obsDim, actionDim: header.actionDim, hidden: header.options.hidden, seed: 1, kernels });
    policy.setNormalization({ mean: Float64Array.from(header.normalization.mean), std: Float64Array.from(header.normalization.std) });
    return policy;
  };
  const store = new SampleStore(header.T, header.obsDim, header.actionDim, makePolicy());
  await loadCheckpoint(checkpointDir, store);
  store.setScorerNormalization(makePolicy().getNormalization());
  return { header, store, makePolicy };
}
