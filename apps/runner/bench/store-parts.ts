/**
 * The parts of a GPS iteration that session 12 changed, each timed the old way and the new way on a
 * finished run's own sample set (its checkpoint), in the same process, with a check that both ways
 * give the same numbers:
 *  - line 6's whole-trajectory weights: the log-sum-exp at every step, keeping the last
 *    (fusedPrefixLogQ, before) against the whole-trajectory sums alone (fusedLogQ, now);
 *  - scoring a late iteration's additions (the new policy on every sample, 10 new samples under every
 *    policy): one thread (before) against @guided/mlp-policy's ParallelScorer (now);
 *  - the checkpoint: every save wrote the whole set (before; timed as a fresh save) against a save that
 *    appends one iteration's additions (now);
 *  - line 19's 5 × 100 fresh rollouts, which were scored into the store on one thread (before) and
 *    are not scored at all now.
 * One JSON line per round, then the medians. Needs a run folder with its checkpoint.
 *   pnpm -F @guided/runner bench:store <run folder> [rounds=3] [workers=2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointWriter, policyInputs } from '@guided/gps';
import { ParallelScorer } from '@guided/mlp-policy';
import { loadRun } from './load-run.js';

const [runDir, roundsArg, workersArg] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write('usage: bench:store <run folder> [rounds=3] [workers=2]\n');
  process.exit(1);
}
const rounds = Number(roundsArg ?? 3);
const workers = Number(workersArg ?? 2);

const { header, store, makePolicy } = await loadRun(runDir);
const policy = makePolicy();
const T = store.T;
const m = store.samples.length;
const all = store.distributions.map((_, j) => j);
const candidates = store.samples.map((_, i) => i);
const policies = store.distributions.flatMap((d) => (d.kind === 'policy' ? [d.params] : []));
const lastTen = store.samples.slice(m - 10).map((s) => s.traj);
const everyTraj = store.samples.map((s) => s.traj);
// Stand-ins of line 19's 500 fresh rollouts: the last 100 samples, five times (the same sizes).
const selectionTrajs = Array.from({ length: 500 }, (_, i) => everyTraj[m - 1 - (i % 100)]);

function seconds<T>(run: () => T): { value: T; seconds: number } {
  const t0 = process.hrtime.bigint();
  const value = run();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function scoreOnOneThread(params: Float64Array[], trajs: typeof everyTraj): Float64Array[][] {
  return params.map((theta) => {
    policy.setParams(theta);
    return trajs.map((traj) => {
      const out = new Float64Array(T);
      policy.logProb(T, policyInputs(traj), traj.actions, out);
      return out;
    });
  });
}

const inputs = (trajs: typeof everyTraj) => [trajs.map(policyInputs), trajs.map((t) => t.actions)] as const;
const sameScores = (a: Float64Array[][], b: Float64Array[][]) => a.every((row, i) => row.every((steps, j) => steps.every((v, t) => Object.is(v, b[i][j][t]))));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const scorer = await ParallelScorer.create(policy, T, { workers });
const results: Record<string, { before: number; now: number }[]> = { activeSet: [], scoring: [], checkpoint: [], selection: [] };
try {
  for (let round = 0; round < rounds; round++) {
    // Line 6.
    const prefix = seconds(() => store.fusedPrefixLogQ(candidates, all));
    const whole = seconds(() => store.fusedLogQ(candidates, all));
    if (!candidates.every((_, r) => Object.is(whole.value[r], prefix.value[r * T + T - 1]))) throw new Error('bench:store: fusedLogQ differs from fusedPrefixLogQ');
    results.activeSet.push({ before: prefix.seconds, now: whole.seconds });

    // A late iteration's scoring: θ_k on every sample, then its 10 samples under every policy.
    const [allObs, allActions] = inputs(everyTraj);
    const [tenObs, tenActions] = inputs(lastTen);
    const oneThread = seconds(() => [scoreOnOneThread([policies[policies.length - 1]], everyTraj), scoreOnOneThread(policies, lastTen)]);
    const threads = seconds(() => [scorer.score([policies[policies.length - 1]], allObs, allActions), scorer.score(policies, tenObs, tenActions)]);
    if (!oneThread.value.every((job, k) => sameScores(job, threads.value[k]))) throw new Error('bench:store: the workers\' scores differ from one thread\'s');
    results.scoring.push({ before: oneThread.seconds, now: threads.seconds });

    // The checkpoint: a fresh save writes everything (what every save did before); the next save
    // appends what one iteration adds (10 samples and a distribution; the last ones, added again).
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    try {
      const writer = new CheckpointWriter(dir);
      const { iteration, options, regularization, starIndex, rng, guides, preface, log } = header;
      const content = { iteration, options, regularization, starIndex, rng, guides, preface, log, normalization: policy.getNormalization(), store };
      const full = seconds(() => writer.save(content));
      store.addDistribution({ kind: 'policy', label: 'bench', params: policies[policies.length - 1] });
      store.addSamples(lastTen, store.distributions.length - 1, false);
      const append = seconds(() => writer.save(content));
      store.samples.length = m;
      store.distributions.length = all.length;
      store.stepLogProbs.length = all.length;
      for (const perSample of store.stepLogProbs) perSample.length = m;
      results.checkpoint.push({ before: full.seconds, now: append.seconds });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Line 19's 500 fresh rollouts, scored under every distribution on one thread before.
    const selection = seconds(() => scoreOnOneThread(policies, selectionTrajs));
    results.selection.push({ before: selection.seconds, now: 0 });

    const thisRound = Object.fromEntries(Object.entries(results).map(([part, timings]) => [part, timings[round]]));
    process.stdout.write(`${JSON.stringify({ case: 'store parts, before vs now (seconds)', round, workers, ...thisRound })}\n`);
  }
} finally {
  await scorer.dispose();
}
const summary = Object.fromEntries(
  Object.entries(results).map(([part, timings]) => {
    const before = median(timings.map((t) => t.before));
    const now = median(timings.map((t) => t.now));
    return [part, { beforeSeconds: before, nowSeconds: now, speedup: now > 0 ? before / now : null }];
  }),
);
process.stdout.write(`${JSON.stringify({ case: 'median', run: runDir, rounds, workers, samples: m, distributions: all.length, ...summary })}\n`);
