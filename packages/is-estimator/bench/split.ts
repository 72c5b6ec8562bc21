/**
 * Φ and ∇Φ on 2 worker threads, samples split 'interleaved' (the default) against 'contiguous' (the
 * baseline), on a GPS-like active set: 100 samples × 500 steps, 17→50→6 policy (walker size), the first
 * 40 standing for guiding samples whose log q drifts 2 nats a step above the policy's, so their weights
 * become negligible after a few steps and the backward pass skips them, as on a real S_k. Rates are
 * medians over interleaved rounds; prints one JSON line.
 *   pnpm -F @guided/is-estimator bench:split
 */
import { Rng } from '@guided/core';
import { MlpPolicy } from '@guided/mlp-policy';
import { ParallelImportanceObjective } from '../src/index.js';
import { actionDim, inputDim, makeSamples, median, rate } from './common.js';

const m = 100;
const T = 500;
const guiding = 40;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

const policy = new MlpPolicy({ inputDim, actionDim, hidden: [50], seed: 1, initStd: 0.5 });
const samples = makeSamples(policy, m, T, 2, (i) => (i < guiding ? 2 : 0));
const theta = policy.getParams().slice();
const rng = new Rng(3);
for (let j = 0; j < theta.length; j++) theta[j] += 0.02 * rng.normal();
const descriptor = { module: '@guided/mlp-policy', exportName: 'mlpPolicyFromJSON', data: policy.toJSON() };
const create = (split: 'interleaved' | 'contiguous') => ParallelImportanceObjective.create(samples, descriptor, { workers: 2, regularization: 1e-2, split });
const interleaved = await create('interleaved');
const contiguous = await create('contiguous');
const g1 = new Float64Array(policy.paramCount);
const g2 = new Float64Array(policy.paramCount);
const v1 = interleaved.evaluate(theta, g1);
const v2 = contiguous.evaluate(theta, g2);
const fast: number[] = [];
const base: number[] = [];
for (let r = 0; r < rounds; r++) {
  base.push(rate(() => contiguous.evaluate(theta, g2), 1000));
  fast.push(rate(() => interleaved.evaluate(theta, g1), 1000));
}
await interleaved.dispose();
await contiguous.dispose();
const round = (x: number, d = 3) => Number(x.toPrecision(d));
console.log(
  JSON.stringify({
    samples: m,
    T,
    guidingSamples: guiding,
    rounds,
    contiguousEvalsPerSec: round(median(base)),
    interleavedEvalsPerSec: round(median(fast)),
    speedup: round(median(fast.map((f, r) => f / base[r]))),
    valueRelDiff: round(Math.abs(v1 - v2) / Math.abs(v2), 2),
  }),
);
