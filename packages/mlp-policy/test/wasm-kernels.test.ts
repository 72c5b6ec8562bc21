import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '@guided/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy } from '../src/index.js';

/** Two policies with the same θ, one per kernel implementation, and a batch for them. */
function pair(inputDim: number, hidden: number[], actionDim: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const js = new MlpPolicy({ inputDim, actionDim, hidden, seed, kernels: 'js' });
  const wasm = new MlpPolicy({ inputDim, actionDim, hidden, seed });
  // Larger weights than the initialization so that pre-activations reach both softplus tails.
  const theta = js.getParams().map((v) => 3 * v + rng.normal());
  js.setParams(theta);
  wasm.setParams(theta);
  const norm = { mean: rng.fillNormal(new Float64Array(inputDim)), std: new Float64Array(inputDim).map(() => 0.5 + rng.uniform()) };
  js.setNormalization(norm);
  wasm.setNormalization(norm);
  const obs = rng.fillNormal(new Float64Array(n * inputDim));
  const actions = rng.fillNormal(new Float64Array(n * actionDim));
  const weights = rng.fillNormal(new Float64Array(n));
  weights.fill(0, 0, Math.min(n, 8)); // two blocks of four rows with zero weight (skipped)
  return { js, wasm, obs, actions, weights };
}

function assertSameBits(where: string, a: Float64Array, b: Float64Array): void {
  assert.is(a.length, b.length, `${where}: lengths`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.unreachable(`${where}[${i}]: wasm ${b[i]} vs js ${a[i]}`);
  }
}

// Widths that exercise every remainder: odd layers (a single-lane unit, a single-lane input), two
// hidden layers, n not a multiple of four and n below four.
const shapes: [number, number[], number, number][] = [
  [8, [50], 2, 203],
  [17, [50], 3, 101],
  [5, [7, 3], 1, 11],
  [1, [1], 1, 3],
  [4, [], 2, 9],
  [6, [9, 4, 5], 3, 1],
];

test('the WebAssembly kernels give the JavaScript kernels’ log-probabilities, gradients and means bit for bit', () => {
  for (const [inputDim, hidden, actionDim, n] of shapes) {
    const where = `[${inputDim}, ${hidden}, ${actionDim}] n ${n}`;
    const p = pair(inputDim, hidden, actionDim, n, 7 + n);
    const out = { js: new Float64Array(n), wasm: new Float64Array(n) };
    p.js.logProb(n, p.obs, p.actions, out.js);
    p.wasm.logProb(n, p.obs, p.actions, out.wasm);
    assertSameBits(`${where} logProb`, out.js, out.wasm);
    const grad = { js: new Float64Array(p.js.paramCount), wasm: new Float64Array(p.js.paramCount) };
    const total = { js: p.js.logProbGrad(n, p.obs, p.actions, p.weights, grad.js), wasm: p.wasm.logProbGrad(n, p.obs, p.actions, p.weights, grad.wasm) };
    assert.ok(Object.is(total.js, total.wasm), `${where} Σ w log π: ${total.wasm} vs ${total.js}`);
    assertSameBits(`${where} grad`, grad.js, grad.wasm);
    const means = { js: new Float64Array(n * actionDim), wasm: new Float64Array(n * actionDim) };
    p.js.mean(n, p.obs, means.js);
    p.wasm.mean(n, p.obs, means.wasm);
    assertSameBits(`${where} mean`, means.js, means.wasm);
  }
});

test('the WebAssembly memory grows for a larger batch and the results stay the same', () => {
  const p = pair(8, [50], 2, 2000, 3);
  const small = new Float64Array(10);
  p.wasm.logProb(10, p.obs, p.actions, small); // a small batch first: the memory grows at the next call
  const out = { js: new Float64Array(2000), wasm: new Float64Array(2000) };
  p.js.logProb(2000, p.obs, p.actions, out.js);
  p.wasm.logProb(2000, p.obs, p.actions, out.wasm);
  assertSameBits('logProb after growing', out.js, out.wasm);
  const grad = { js: new Float64Array(p.js.paramCount), wasm: new Float64Array(p.js.paramCount) };
  p.js.logProbGrad(2000, p.obs, p.actions, p.weights, grad.js);
  p.wasm.logProbGrad(2000, p.obs, p.actions, p.weights, grad.wasm);
  assertSameBits('grad after growing', grad.js, grad.wasm);
  p.wasm.logProb(10, p.obs, p.actions, small);
  assertSameBits('a small batch after a large one', out.js.subarray(0, 10), small);
});

test('solveOutputLayer and clone keep the kernels and agree bit for bit', () => {
  const p = pair(5, [6], 2, 37, 5);
  p.js.solveOutputLayer(37, p.obs, p.actions, 1e-3);
  p.wasm.solveOutputLayer(37, p.obs, p.actions, 1e-3);
  assertSameBits('θ after solveOutputLayer', p.js.getParams(), p.wasm.getParams());
  const copy = p.wasm.clone();
  assert.is(copy.kernels, 'wasm');
  assert.is(p.js.clone().kernels, 'js');
  const out = { js: new Float64Array(37), wasm: new Float64Array(37) };
  p.js.logProb(37, p.obs, p.actions, out.js);
  copy.logProb(37, p.obs, p.actions, out.wasm);
  assertSameBits('clone logProb', out.js, out.wasm);
});

test('both kernels reject a NaN input with the same message, and an unknown kernel name is refused', () => {
  for (const kernels of ['js', 'wasm'] as const) {
    const policy = new MlpPolicy({ inputDim: 3, actionDim: 1, hidden: [4], seed: 1, kernels });
    const obs = new Float64Array(15);
    obs[7] = NaN;
    assert.throws(() => policy.logProb(5, obs, new Float64Array(5), new Float64Array(5)), (e: Error) => e.message === 'MlpPolicy.logProb: obs[7] is NaN');
  }
  assert.throws(
    () => new MlpPolicy({ inputDim: 3, actionDim: 1, seed: 1, kernels: 'gpu' as never }),
    (e: Error) => e.message === "MlpPolicy: options.kernels must be 'wasm' or 'js', got gpu",
  );
});

test('src/wasm-bytes.ts is the compiled assembly/kernels.ts', () => {
  const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
  const output = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.match(output, 'matches');
});

test.run();
