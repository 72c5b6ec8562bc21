/**
 * Φ and ∇Φ on 100 samples × 500 steps with a 17→50→6 MlpPolicy (walker size), measured side by
 * side in one process against the same computation on TensorFlow.js (pure-JS cpu backend, and the
 * wasm backend with SIMD, single-threaded), plus the speedup from 2 worker threads.
 * Prints one JSON line. Rates are medians over interleaved rounds.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { Rng } from '@guided/core';
import { MlpPolicy } from '@guided/mlp-policy';
import { ImportanceObjective, ParallelImportanceObjective } from '../src/index.js';
import { actionDim, inputDim, makeSamples, median, rate } from './common.js';
import { TfjsObjective } from './tfjs-objective.js';

const m = Number(process.env.BENCH_SAMPLES ?? 100);
const T = Number(process.env.BENCH_T ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const hidden = [50];
const wr = 1e-2;

function relErr(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let n = 0;
  for (let j = 0; j < a.length; j++) {
    d += (a[j] - b[j]) ** 2;
    n += a[j] ** 2;
  }
  return Math.sqrt(d / n);
}

async function main(): Promise<void> {
  const policy = new MlpPolicy({ inputDim, actionDim, hidden, seed: 1, initStd: 0.5 });
  const samples = makeSamples(policy, m, T, 2);
  const theta = policy.getParams().slice();
  const rng = new Rng(3);
  for (let j = 0; j < theta.length; j++) theta[j] += 0.02 * rng.normal();
  const P = policy.paramCount;

  const single = new ImportanceObjective(policy, samples, { regularization: wr });
  const parallel = await ParallelImportanceObjective.create(
    samples,
    { module: '@guided/mlp-policy', exportName: 'mlpPolicyFromJSON', data: policy.toJSON() },
    { workers: 2, regularization: wr },
  );

  const require = createRequire(import.meta.url);
  setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread, like the hand-written single-thread figure
  const shape = { sizes: [inputDim, ...hidden, actionDim], minStd: policy.minStd };
  await tf.setBackend('cpu');
  const tfCpu = new TfjsObjective(samples, shape, wr);
  await tf.setBackend('wasm');
  const wasmSimd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const tfWasm = new TfjsObjective(samples, shape, wr);

  const g = new Float64Array(P);
  const g2 = new Float64Array(P);
  const gCpu = new Float64Array(P);
  const gWasm = new Float64Array(P);
  const v = single.evaluate(theta, g);
  const v2 = parallel.evaluate(theta, g2);
  await tf.setBackend('cpu');
  const vCpu = tfCpu.evaluate(theta, gCpu);
  await tf.setBackend('wasm');
  const vWasm = tfWasm.evaluate(theta, gWasm);

  // the policy's own share: one batched log-prob and one batched backward, as evaluate() does
  const stepLogPi = new Float64Array(m * T);
  const weights = new Float64Array(m * T).fill(1e-3);
  const gPolicy = new Float64Array(P);
  const policyOnly = () => {
    policy.setParams(theta);
    policy.logProb(m * T, samples.obs, samples.actions, stepLogPi);
    policy.logProbGrad(m * T, samples.obs, samples.actions, weights, gPolicy);
  };
  const policyRates: number[] = [];
  const ours: number[] = [];
  const ours2: number[] = [];
  const cpu: number[] = [];
  const wasm: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(rate(() => single.evaluate(theta, g), 1000));
    policyRates.push(rate(policyOnly, 1000));
    ours2.push(rate(() => parallel.evaluate(theta, g2), 1000));
    await tf.setBackend('cpu');
    cpu.push(rate(() => tfCpu.evaluate(theta, gCpu), 1500));
    await tf.setBackend('wasm');
    wasm.push(rate(() => tfWasm.evaluate(theta, gWasm), 1000));
  }
  await parallel.dispose();
  tfCpu.dispose();
  tfWasm.dispose();

  const evalsPerSec = median(ours);
  const evalsPerSec2 = median(ours2);
  const tfjsEvalsPerSec = median(cpu);
  const tfjsWasmEvalsPerSec = median(wasm);
  const round = (x: number, d = 3) => Number(x.toPrecision(d));
  console.log(
    JSON.stringify({
      samples: m,
      T,
      hidden: hidden.length === 1 ? hidden[0] : hidden,
      params: P,
      evalsPerSec: round(evalsPerSec),
      sampleStepsPerSec: Math.round(evalsPerSec * m * T),
      tfjsEvalsPerSec: round(tfjsEvalsPerSec),
      tfjsWasmEvalsPerSec: round(tfjsWasmEvalsPerSec),
      evalsPerSec2: round(evalsPerSec2),
      speedupVsTfjs: round(evalsPerSec / tfjsEvalsPerSec),
      speedupVsTfjsWasm: round(evalsPerSec / tfjsWasmEvalsPerSec),
      speedup2Workers: round(evalsPerSec2 / evalsPerSec),
      // the policy's logProb + logProbGrad alone; 1 − evalsPerSec / policyEvalsPerSec is the estimator's overhead
      policyEvalsPerSec: round(median(policyRates)),
      wasmSimd,
      rounds,
      // agreement of the four implementations at θ (tfjs is float32)
      valueRelDiff2Workers: round(Math.abs(v2 - v) / Math.abs(v), 2),
      valueRelDiffTfjs: round(Math.max(Math.abs(vCpu - v), Math.abs(vWasm - v)) / Math.abs(v), 2),
      gradRelDiffTfjs: round(Math.max(relErr(g, gCpu), relErr(g, gWasm)), 2),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
