/**
 * @guided/mlp-policy's kernels in the loop: line 7 (both L-BFGS optimizations of Φ, as the run made
 * them) and line 3 (pretraining on the run's guiding samples), each with kernels 'js' (the baseline)
 * and 'wasm' (the default), on one thread, alternated in the same process, on a finished run's own
 * sample set (its checkpoint after the last iteration). Both must give the same θ bit for bit, which
 * the bench checks. One JSON line per round, then the medians:
 *   pnpm -F @guided/runner bench:kernels <run folder> [rounds=3] [pretrain evaluations=300]
 */
import { chooseActiveSet, optimizePolicy, policyInputs } from '@guided/gps';
import { pretrain } from '@guided/mlp-policy';
import type { MlpKernels } from '@guided/mlp-policy';
import { loadRun } from './load-run.js';

const [runDir, roundsArg, pretrainArg] = process.argv.slice(2);
if (!runDir) {
  process.stderr.write('usage: bench:kernels <run folder> [rounds=3] [pretrain evaluations=300]\n');
  process.exit(1);
}
const rounds = Number(roundsArg ?? 3);
const pretrainEvaluations = Number(pretrainArg ?? 300);

const { header, store, makePolicy } = await loadRun(runDir);
const { options } = header;
if (options.variant !== 'gps') throw new Error(`bench:kernels: needs a run of variant gps, got ${options.variant}`);
const T = store.T;

// Line 6 as the loop makes it after the last iteration: S_k under θ*, every distribution fused.
const all = store.distributions.map((_, j) => j);
const maxGuiding = Math.floor(options.activeGuidingShare * options.activeSetSize);
const active = chooseActiveSet(store, header.starIndex, options.activeSetSize, all, true, maxGuiding);
const activeSet = store.sampleSet(active, undefined);
const bestRow = active.reduce((best, i, r) => (store.samples[i].totalReward > store.samples[active[best]].totalReward ? r : best), 0);
const thetaStar = Float64Array.from(store.params(header.starIndex));

// Line 3's data: every guiding sample's (observation, action) pairs.
const guiding = store.samples.filter((s) => s.guiding).map((s) => s.traj);
const obs = new Float64Array(guiding.length * T * store.obsDim);
const actions = new Float64Array(guiding.length * T * store.actionDim);
guiding.forEach((traj, i) => {
  obs.set(policyInputs(traj).subarray(0, T * store.obsDim), i * T * store.obsDim);
  actions.set(traj.actions.subarray(0, T * store.actionDim), i * T * store.actionDim);
});

function seconds<V>(run: () => V): { value: V; seconds: number } {
  const t0 = process.hrtime.bigint();
  const value = run();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
async function secondsAsync<V>(run: () => Promise<V>): Promise<{ value: V; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const lineSeven = (kernels: MlpKernels) =>
  secondsAsync(() =>
    optimizePolicy(makePolicy(kernels), activeSet, thetaStar, bestRow, {
      regularization: header.regularization,
      lbfgsEvaluations: options.lbfgsEvaluations,
      secondStartEvaluations: options.secondStartEvaluations,
      secondStart: options.secondStart,
      workers: 1,
    }),
  );
const lineThree = (kernels: MlpKernels) =>
  seconds(() => {
    const policy = makePolicy(kernels);
    const fit = pretrain(policy, { n: guiding.length * T, obs, actions, maxEvaluations: pretrainEvaluations, outputLayer: options.pretrainOutputLayer });
    return { theta: Float64Array.from(policy.getParams()), evaluations: fit.evaluations };
  });
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const timings = { lineSeven: [] as { js: number; wasm: number }[], lineThree: [] as { js: number; wasm: number }[] };
let evaluations = { lineSeven: 0, lineThree: 0 };
for (let round = 0; round < rounds; round++) {
  const sevenJs = await lineSeven('js');
  const sevenWasm = await lineSeven('wasm');
  if (!same(sevenJs.value.theta, sevenWasm.value.theta)) throw new Error('bench:kernels: line 7 ends at a different θ with the wasm kernels');
  const threeJs = lineThree('js');
  const threeWasm = lineThree('wasm');
  if (!same(threeJs.value.theta, threeWasm.value.theta)) throw new Error('bench:kernels: line 3 ends at a different θ with the wasm kernels');
  evaluations = { lineSeven: sevenJs.value.evaluations, lineThree: threeJs.value.evaluations };
  timings.lineSeven.push({ js: sevenJs.seconds, wasm: sevenWasm.seconds });
  timings.lineThree.push({ js: threeJs.seconds, wasm: threeWasm.seconds });
  process.stdout.write(`${JSON.stringify({ case: 'kernels js vs wasm, one thread (seconds)', round, lineSeven: timings.lineSeven[round], lineThree: timings.lineThree[round] })}\n`);
}
const summary = Object.fromEntries(
  Object.entries(timings).map(([part, rows]) => [
    part,
    {
      evaluations: evaluations[part as keyof typeof evaluations],
      jsSeconds: median(rows.map((r) => r.js)),
      wasmSeconds: median(rows.map((r) => r.wasm)),
      speedup: median(rows.map((r) => r.js / r.wasm)),
    },
  ]),
);
process.stdout.write(
  `${JSON.stringify({ case: 'median', run: runDir, rounds, samples: store.samples.length, activeSet: active.length, guidingPairs: guiding.length * T, identical: true, ...summary })}\n`,
);
