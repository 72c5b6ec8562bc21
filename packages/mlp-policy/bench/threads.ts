/**
 * Line 3 on worker threads (pretrainOnThreads) against one thread (pretrain, the baseline), at the
 * swimmer's size: 40 guiding samples × 500 steps = 20,000 pairs, 8 inputs, 50 hidden units, 2 actions,
 * L-BFGS on all of θ ('descend', the swimmer's line 3) for a fixed budget of evaluations. Each round
 * times both fits from the same start (in alternating order); one JSON line per round (seconds, final
 * objectives, speed-up) and a last line with the median speed-up. The threaded time includes starting
 * and stopping the workers.
 *   pnpm --filter @guided/mlp-policy bench:threads [budget=300] [rounds=5] [workers=2]
 */
import { MlpPolicy, pretrain, pretrainOnThreads } from '../src/index.js';
import { teacherData } from './teacher.js';

const n = 20_000;
const inputDim = 8;
const actionDim = 2;
const hidden = [50];
const budget = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 5);
const workers = Number(process.argv[4] ?? 2);

const data = teacherData(1, n, inputDim, actionDim);
const fresh = () => {
  const policy = new MlpPolicy({ inputDim, actionDim, hidden, seed: 1 });
  policy.fitNormalization(n, data.obs);
  return policy;
};
const options = { n, ...data, maxEvaluations: budget, outputLayer: 'descend' as const };

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const speedups: number[] = [];
for (let round = 0; round < rounds; round++) {
  const serialFirst = round % 2 === 0;
  const runSerial = () => timed(() => pretrain(fresh(), options));
  const runThreads = () => timed(() => pretrainOnThreads(fresh(), { ...options, workers }));
  const first = serialFirst ? await runSerial() : await runThreads();
  const second = serialFirst ? await runThreads() : await runSerial();
  const [serial, threads] = serialFirst ? [first, second] : [second, first];
  const speedup = serial.seconds / threads.seconds;
  speedups.push(speedup);
  console.log(
    JSON.stringify({
      case: 'line 3, one thread vs worker threads',
      round, n, inputDim, hidden, actionDim, workers,
      oneThread: { evaluations: serial.value.evaluations, seconds: +serial.seconds.toFixed(2), objective: serial.value.f },
      threads: { evaluations: threads.value.evaluations, seconds: +threads.seconds.toFixed(2), objective: threads.value.f },
      speedup: +speedup.toFixed(3),
    }),
  );
}
console.log(JSON.stringify({ case: 'median', budget, rounds, workers, speedup: +median(speedups).toFixed(3) }));
