/**
 * Pretraining with the output layer solved (variable projection, the default) against L-BFGS on all of
 * θ (outputLayer 'descend', the baseline), on a smooth nonlinear teacher at a tenth of line 3's size:
 * 2,000 pairs, 17 inputs, 50 hidden units, 6 actions. Per seed, the baseline runs `budget` evaluations;
 * the solved fit then runs until it reaches the baseline's final objective. One JSON line per seed
 * (seconds and evaluations of each, the speed-up in seconds) and a last line with the medians.
 *   pnpm --filter @guided/mlp-policy bench:pretrain [budget=1000]
 */
import { MlpPolicy, pretrain } from '../src/index.js';
import { teacherData } from './teacher.js';

const n = 2_000;
const inputDim = 17;
const actionDim = 6;
const hidden = [50];
const budget = Number(process.argv[2] ?? 1000);

function timed<T>(run: () => T): { value: T; seconds: number } {
  const t0 = process.hrtime.bigint();
  const value = run();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const speedups: number[] = [];
const reached: boolean[] = [];
for (const seed of [1, 2, 3]) {
  const data = teacherData(seed, n, inputDim, actionDim);
  const fresh = () => {
    const policy = new MlpPolicy({ inputDim, actionDim, hidden, seed });
    policy.fitNormalization(n, data.obs);
    return policy;
  };
  // The target is the objective L-BFGS saw (σ held), not the result's f (after σ ← rms residual).
  let target = Infinity;
  const descend = timed(() =>
    pretrain(fresh(), { n, ...data, maxEvaluations: budget, outputLayer: 'descend', abort: (info) => ((target = info.f), false) }),
  );
  const solve = timed(() =>
    pretrain(fresh(), { n, ...data, maxEvaluations: budget, outputLayer: 'solve', abort: (info) => info.f <= target }),
  );
  const speedup = descend.seconds / solve.seconds;
  speedups.push(speedup);
  reached.push(solve.value.reason === 'aborted');
  console.log(
    JSON.stringify({
      case: 'pretrain to the baseline objective',
      seed, n, inputDim, hidden, actionDim,
      descend: { evaluations: descend.value.evaluations, seconds: +descend.seconds.toFixed(2), objective: +target.toFixed(4) },
      solve: { evaluations: solve.value.evaluations, seconds: +solve.seconds.toFixed(2), reason: solve.value.reason },
      speedup: +speedup.toFixed(2),
    }),
  );
}
console.log(JSON.stringify({ case: 'median', budget, speedup: +median(speedups).toFixed(2), allReached: reached.every(Boolean) }));
