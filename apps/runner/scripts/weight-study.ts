/**
 * Where the importance weight sits (study script): from a run's checkpoint, the active set S_k that
 * line 6 would choose next, and under θ* the share of the normalized weight ŵ_{i,t} (Eq. 2) on each
 * kind of sample at a few steps t, beside the mean reward of the guiding and the policy samples at t.
 * Then, for one sample of each kind, the mean per-step log π_θ*(u_t | x_t) against the log-density of
 * the distribution that drew it: a guiding sample keeps weight only while the two stay close.
 *   node --import tsx apps/runner/scripts/weight-study.ts <task> runs/<run>/checkpoint
 */
import { ImportanceObjective } from '@guided/is-estimator';
import { createTask } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { nextActiveSet } from './next-active-set.js';

const [taskName, dir] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const T = task.horizon;
const { policy, store, header, star, active, set } = await nextActiveSet(config, task, dir);
const objective = new ImportanceObjective(policy, set, { regularization: header.regularization });
objective.evaluate();
const kind = (i: number) => {
  const s = store.samples[i];
  if (s.guiding) return s.source === 0 ? 'initial guide' : 'adapted guide';
  return s.source === star ? 'θ*' : 'other policies';
};
const kinds = active.map(kind);
const counts: Record<string, number> = {};
for (const k of kinds) counts[k] = (counts[k] ?? 0) + 1;
console.log(JSON.stringify({ iteration: header.iteration, star: store.distributions[star].label, activeSet: counts }));
const logW = objective.logWeights;
for (const t of [0, 10, 25, 50, 100, 200, 300, T - 1]) {
  let max = -Infinity;
  for (let r = 0; r < active.length; r++) max = Math.max(max, logW[r * T + t]);
  const share: Record<string, number> = {};
  let total = 0;
  const reward = { guiding: 0, policy: 0 };
  for (let r = 0; r < active.length; r++) {
    const w = Math.exp(logW[r * T + t] - max);
    total += w;
    share[kinds[r]] = (share[kinds[r]] ?? 0) + w;
    reward[store.samples[active[r]].guiding ? 'guiding' : 'policy'] += set.rewards[r * T + t];
  }
  const guidingCount = kinds.filter((k) => k.endsWith('guide')).length;
  console.log(
    JSON.stringify({
      t,
      weightShare: Object.fromEntries(Object.entries(share).map(([k, v]) => [k, +(v / total).toPrecision(3)])),
      meanReward: { guiding: +(reward.guiding / guidingCount).toFixed(2), policy: +(reward.policy / (active.length - guidingCount)).toFixed(2) },
    }),
  );
}
const spans: [number, number][] = [[0, 10], [10, 100], [100, T]];
const perStep = (values: Float64Array, [from, to]: [number, number]) => {
  let sum = 0;
  for (let t = from; t < to; t++) sum += values[t];
  return +(sum / (to - from)).toFixed(2);
};
for (const k of new Set(kinds)) {
  const i = active[kinds.indexOf(k)];
  const s = store.samples[i];
  console.log(
    JSON.stringify({
      sample: k, drawnBy: store.distributions[s.source].label, steps: spans.map(([a, b]) => `[${a}, ${b})`),
      logPiStar: spans.map((span) => perStep(store.stepLogProbs[star][i], span)),
      logQSource: spans.map((span) => perStep(store.stepLogProbs[s.source][i], span)),
    }),
  );
}
task.dispose();
