/**
 * Throughput of the batched log-probability and its gradient at the size the importance-sampled
 * objective uses: 100 samples × 500 steps = 50,000 (x, u) pairs, 17 inputs, 50 hidden units, 6 actions,
 * plus the paper's other network sizes. One JSON line per case: the median of `reps` timed repetitions
 * after a warm-up, and for the main size the speed-up over the naive row-at-a-time loops (bench/naive.ts),
 * measured in the same process.
 */
import { Rng } from '@guided/core';
import { MlpPolicy } from '../src/index.js';
import { naiveLogProbGrad } from './naive.js';

const n = 50_000;
const inputDim = 17;
const actionDim = 6;
const reps = 7;

const rng = new Rng(1);
const obs = rng.fillNormal(new Float64Array(n * inputDim));
const actions = rng.fillNormal(new Float64Array(n * actionDim));
const weights = new Float64Array(n).fill(1 / n);
const out = new Float64Array(n);
const means = new Float64Array(n * actionDim);

function medianSeconds(run: () => void): number {
  run(); // warm-up (also compiles)
  const seconds: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    run();
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  seconds.sort((a, b) => a - b);
  return seconds[reps >> 1];
}

function report(name: string, hidden: number[], seconds: number, extra: Record<string, unknown> = {}): void {
  const line = { case: name, n, inputDim, hidden, actionDim, medianMs: +(seconds * 1e3).toFixed(2), pairsPerSec: Math.round(n / seconds), ...extra };
  console.log(JSON.stringify(line));
}

function policyFor(hidden: number[]): { policy: MlpPolicy; grad: Float64Array } {
  const policy = new MlpPolicy({ inputDim, actionDim, hidden, seed: 3 });
  return { policy, grad: new Float64Array(policy.paramCount) };
}

// Main size: every operation, and the naive baseline.
{
  const hidden = [50];
  const { policy, grad } = policyFor(hidden);
  report('mean', hidden, medianSeconds(() => policy.mean(n, obs, means)));
  report('logProb', hidden, medianSeconds(() => policy.logProb(n, obs, actions, out)));
  policy.logProb(n, obs, actions, out);
  report('logProbGrad after logProb (backward only)', hidden, medianSeconds(() => policy.logProbGrad(n, obs, actions, weights, grad)));
  const both = medianSeconds(() => {
    policy.logProb(n, obs, actions, out);
    policy.logProbGrad(n, obs, actions, weights, grad);
  });
  const naiveGrad = new Float64Array(policy.paramCount);
  const naive = medianSeconds(() =>
    naiveLogProbGrad(policy.getParams(), inputDim, 50, actionDim, policy.minStd, n, obs, actions, weights, naiveGrad),
  );
  let maxDiff = 0;
  for (let p = 0; p < grad.length; p++) maxDiff = Math.max(maxDiff, Math.abs(grad[p] - naiveGrad[p]));
  report('logProb+logProbGrad', hidden, both, { speedupVsNaive: +(naive / both).toFixed(2) });
  report('naive logProb+logProbGrad (baseline)', hidden, naive, { maxGradDiffVsPolicy: maxDiff });
}

// The paper's other sizes and a second hidden layer.
for (const hidden of [[20], [100], [200], [50, 50]]) {
  const { policy, grad } = policyFor(hidden);
  const seconds = medianSeconds(() => {
    policy.logProb(n, obs, actions, out);
    policy.logProbGrad(n, obs, actions, weights, grad);
  });
  report('logProb+logProbGrad', hidden, seconds, { paramCount: policy.paramCount });
}
