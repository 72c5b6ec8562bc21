/**
 * Sampling and scoring throughput of a linear-Gaussian guiding distribution at the sizes of the
 * paper's tasks (T = 500): one JSON line per case with
 *   task, stateDim, actionDim, T, sampleNsPerStep, logProbNsPerStep, buildMs (guidingFromIlqr: T
 *   Cholesky factorizations and inversions), jsonMs (toJSON + stringify + parse + rebuild).
 * Medians of 5 repeats. Only JSON goes to stdout.
 */
import { Rng } from '@guided/core';
import { guidingFromIlqr, linearGaussianFromJSON } from '../src/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (v: number): number => Math.round(v * 1000) / 1000;

function fakeSolution(T: number, nx: number, nu: number, rng: Rng) {
  const Quu = new Float64Array(T * nu * nu);
  for (let t = 0; t < T; t++) {
    const M = Float64Array.from({ length: nu * nu }, () => rng.normal());
    for (let i = 0; i < nu; i++) {
      for (let j = 0; j < nu; j++) {
        let s = i === j ? 0.5 : 0;
        for (let k = 0; k < nu; k++) s += M[i * nu + k] * M[j * nu + k];
        Quu[t * nu * nu + i * nu + j] = -s;
      }
    }
  }
  return {
    T,
    stateDim: nx,
    actionDim: nu,
    states: Float64Array.from({ length: (T + 1) * nx }, () => rng.normal()),
    actions: Float64Array.from({ length: T * nu }, () => rng.normal()),
    k: new Float64Array(T * nu),
    K: Float64Array.from({ length: T * nu * nx }, () => rng.normal()),
    Quu,
  };
}

function time(fn: () => void, repeats = 5): number {
  fn();
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

const cases: [string, number, number][] = [
  ['swimmer', 10, 2],
  ['hopper', 12, 3],
  ['walker', 18, 6],
  ['humanoid', 63, 25],
];
const T = 500;
for (const [task, nx, nu] of cases) {
  const rng = new Rng(1);
  const sol = fakeSolution(T, nx, nu, rng);
  let policy = guidingFromIlqr(sol).policy;
  const buildMs = time(() => {
    policy = guidingFromIlqr(sol).policy;
  });
  const x = new Float64Array(nx);
  const u = new Float64Array(nu);
  const sampleMs = time(() => {
    for (let t = 0; t < T; t++) policy.sample(t, x, rng, u);
  });
  let sink = 0;
  const logProbMs = time(() => {
    for (let t = 0; t < T; t++) sink += policy.logProb(t, x, u);
  });
  const jsonMs = time(() => {
    linearGaussianFromJSON(JSON.parse(JSON.stringify(policy.toJSON())));
  });
  if (!Number.isFinite(sink)) throw new Error('bench: non-finite log-probability');
  process.stdout.write(
    JSON.stringify({
      task,
      stateDim: nx,
      actionDim: nu,
      T,
      sampleNsPerStep: round((sampleMs * 1e6) / T),
      logProbNsPerStep: round((logProbMs * 1e6) / T),
      buildMs: round(buildMs),
      jsonMs: round(jsonMs),
    }) + '\n',
  );
}
