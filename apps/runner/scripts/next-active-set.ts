/**
 * For the study scripts: a run's checkpoint loaded into a sample store, with the active set S_k that
 * line 6 would choose next (guiding samples included, as the 'gps' variant does).
 */
import { SampleStore, chooseActiveSet, loadCheckpoint } from '@guided/gps';
import { MlpPolicy } from '@guided/mlp-policy';
import type { SimTask } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';

export async function nextActiveSet(config: BenchmarkConfig, task: SimTask, dir: string) {
  const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: task.actionDim, hidden: config.gps.hidden ?? [50], seed: 1 });
  const store = new SampleStore(task.horizon, task.obsDim, task.actionDim, policy.clone());
  const header = await loadCheckpoint(dir, store);
  const { options } = header;
  policy.setNormalization({ mean: Float64Array.from(header.normalization.mean), std: Float64Array.from(header.normalization.std) });
  store.setScorerNormalization(policy.getNormalization());
  const star = header.starIndex;
  const all = store.distributions.map((_, j) => j);
  const active = chooseActiveSet(store, star, options.activeSetSize, all, true, Math.floor(options.activeGuidingShare * options.activeSetSize));
  policy.setParams(store.params(star));
  return { policy, store, header, options, star, active, set: store.sampleSet(active) };
}
