/**
 * ParallelScorer against one thread (MlpPolicy.logProb per pair, the baseline), at the size of a late
 * swimmer iteration's scoring (8 inputs, 50 hidden units, 2 actions, T = 500): one new policy on 1,000
 * stored samples, and 20 new samples under 90 stored policies. Each round times both on the same
 * inputs (in alternating order) and checks that they agree bit for bit; one JSON line per round and a
 * last line with the median speed-up. The workers are started once, as GPS starts them once per run.
 *   pnpm --filter @guided/mlp-policy bench:scorer [rounds=5] [workers=2]
 */
import { Rng } from '@guided/core';
import { MlpPolicy, ParallelScorer } from '../src/index.js';

const T = 500;
const inputDim = 8;
const actionDim = 2;
const rounds = Number(process.argv[2] ?? 5);
const workers = Number(process.argv[3] ?? 2);

const rng = new Rng(1);
const policy = new MlpPolicy({ inputDim, actionDim, hidden: [50], seed: 1 });
const near = () => Float64Array.from(policy.getParams(), (v) => v + 0.1 * rng.normal());
const blocks = (count: number) => ({
  obs: Array.from({ length: count }, () => rng.fillNormal(new Float64Array((T + 1) * inputDim))),
  actions: Array.from({ length: count }, () => rng.fillNormal(new Float64Array(T * actionDim))),
});
const jobs = [
  { job: 'new policy × 1000 samples', params: [near()], ...blocks(1000) },
  { job: '90 policies × 20 new samples', params: Array.from({ length: 90 }, near), ...blocks(20) },
];

function oneThread(params: Float64Array[], obs: Float64Array[], actions: Float64Array[]): Float64Array[][] {
  return params.map((theta) => {
    policy.setParams(theta);
    return obs.map((block, b) => {
      const out = new Float64Array(T);
      policy.logProb(T, block, actions[b], out);
      return out;
    });
  });
}

function seconds(run: () => Float64Array[][]): { out: Float64Array[][]; seconds: number } {
  const t0 = process.hrtime.bigint();
  const out = run();
  return { out, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const same = (a: Float64Array[][], b: Float64Array[][]) => a.every((row, i) => row.every((steps, j) => steps.every((v, t) => Object.is(v, b[i][j][t]))));
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

const scorer = await ParallelScorer.create(policy, T, { workers });
const speedups: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    let serialTotal = 0;
    let threadsTotal = 0;
    const perJob = jobs.map(({ job, params, obs, actions }) => {
      const runSerial = () => seconds(() => oneThread(params, obs, actions));
      const runThreads = () => seconds(() => scorer.score(params, obs, actions));
      const [serial, threads] = round % 2 === 0 ? [runSerial(), runThreads()] : (([t, s]) => [s, t])([runThreads(), runSerial()]);
      if (!same(serial.out, threads.out)) throw new Error(`bench:scorer: ${job}: the workers' scores differ from one thread's`);
      serialTotal += serial.seconds;
      threadsTotal += threads.seconds;
      return { job, oneThreadSeconds: serial.seconds, threadsSeconds: threads.seconds };
    });
    speedups.push(serialTotal / threadsTotal);
    process.stdout.write(`${JSON.stringify({ case: 'scoring, one thread vs worker threads', round, workers, jobs: perJob, speedup: serialTotal / threadsTotal })}\n`);
  }
} finally {
  await scorer.dispose();
}
process.stdout.write(`${JSON.stringify({ case: 'median', rounds, workers, speedup: median(speedups) })}\n`);
