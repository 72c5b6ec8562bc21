/**
 * The WebAssembly kernels (assembly/kernels.ts) against the JavaScript ones (src/kernels.ts), the
 * baseline, in the same process: one JSON line per benchmark's network (inputs → 50 hidden → actions)
 * at the objective's batch of 100 samples × 500 steps, with the median of `reps` timed repetitions of
 * logProb + logProbGrad (one evaluation of the likelihood and its gradient) and the speed-up. The two
 * implementations are timed alternately so that a noisy machine slows both alike; both must return
 * the same numbers bit for bit, which the bench checks too. Usage: pnpm -F @guided/mlp-policy bench:kernels [reps]
 */
import { Rng } from '@guided/core';
import { MlpPolicy, type MlpKernels } from '../src/index.js';

const n = 50_000;
const reps = Number(process.argv[2] ?? 9);
const cases = [
  { task: 'swimmer', inputDim: 8, actionDim: 2 },
  { task: 'hopper', inputDim: 11, actionDim: 3 },
  { task: 'walker', inputDim: 17, actionDim: 6 },
];

for (const { task, inputDim, actionDim } of cases) {
  const rng = new Rng(1);
  const obs = rng.fillNormal(new Float64Array(n * inputDim));
  const actions = rng.fillNormal(new Float64Array(n * actionDim));
  const weights = new Float64Array(n).fill(1 / n);
  const run = (kernels: MlpKernels) => {
    const policy = new MlpPolicy({ inputDim, actionDim, hidden: [50], seed: 3, kernels });
    const out = new Float64Array(n);
    const grad = new Float64Array(policy.paramCount);
    return () => {
      const t0 = process.hrtime.bigint();
      policy.logProb(n, obs, actions, out);
      const total = policy.logProbGrad(n, obs, actions, weights, grad);
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, total, grad };
    };
  };
  const js = run('js');
  const wasm = run('wasm');
  js();
  wasm(); // warm-up (compiles both)
  const times = { js: [] as number[], wasm: [] as number[] };
  let identical = true;
  for (let r = 0; r < reps; r++) {
    const a = js();
    const b = wasm();
    times.js.push(a.seconds);
    times.wasm.push(b.seconds);
    identical &&= Object.is(a.total, b.total) && a.grad.every((g, i) => Object.is(g, b.grad[i]));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const ratios = times.js.map((t, r) => t / times.wasm[r]);
  console.log(
    JSON.stringify({
      case: `${task}: logProb + logProbGrad`,
      n,
      inputDim,
      hidden: [50],
      actionDim,
      reps,
      jsMedianMs: +(median(times.js) * 1e3).toFixed(2),
      wasmMedianMs: +(median(times.wasm) * 1e3).toFixed(2),
      speedup: +median(ratios).toFixed(2),
      identical,
    }),
  );
}
