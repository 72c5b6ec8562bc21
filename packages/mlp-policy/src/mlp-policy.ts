/**
 * A multilayer-perceptron Gaussian policy π_θ(u | x) = N(u; μ_θ(x̃), diag σ²), the policy class of
 * Levine & Koltun (2013, §6): soft-rectifier hidden layers a = log(1 + e^z), a linear output layer and
 * Gaussian noise on the output. x̃ is the normalized input (normalization.ts); θ is one flat vector
 * (layout.ts) that ends with the log-std parameters s, σ_d = minStd + e^{s_d}.
 *
 * The std floor: log σ_d = log(minStd + e^{s_d}) = m + softplus(s_d − m) with m = log minStd, a smooth
 * clamp that keeps σ_d > minStd for every finite s_d, so log-probabilities stay finite and bounded above
 * by −Σ_d log minStd − (D/2) log 2π even when an optimizer drives s_d → −∞ (a collapsing variance).
 *
 * Batched methods reuse grow-only scratch buffers sized for the largest n seen. `logProb` keeps the
 * forward activations; a `logProbGrad` on the same (n, obs, actions) right after it, with θ and the
 * normalization unchanged, reuses them instead of recomputing the forward pass. The cache is keyed on
 * n, the arrays' underlying buffers and offsets and a parameter version that `setParams` bumps:
 * do not mutate obs or actions in place between the two calls (call `invalidateCache()` if you do).
 */
import { Rng, assertFinite, assertInteger } from '@guided/core';
import type { StochasticPolicy } from '@guided/core';
import { checkAtLeast, checkCount, checkExact, throwIfNonFinite } from './checks.js';
import { backwardRows, forwardOne, forwardRows, normalizeRows, type BackwardScratch, type Net } from './kernels.js';
import { MLP_POLICY_FORMAT, MLP_POLICY_VERSION, type MlpPolicyJSON } from './format.js';
import { describeLayout, mlpLayout, type MlpLayout, type ParamBlock } from './layout.js';
import {
  fitNormalizationStats,
  identityNormalization,
  type FitNormalizationOptions,
  type Normalization,
} from './normalization.js';
import { solveOutputLayer } from './output-layer.js';
import { sigmoid, softplus } from './softplus.js';
import { WasmKernels } from './wasm-kernels.js';

export interface MlpPolicyOptions {
  inputDim: number;
  actionDim: number;
  /** Hidden layer widths, input side first; [] gives a linear-Gaussian policy. Default [50]. */
  hidden?: readonly number[];
  /** Seed of the weight initialization (same seed → same θ, bit for bit). */
  seed: number;
  /** Initial action std σ_d, one number or one per action dimension; must exceed minStd. Default 1. */
  initStd?: number | ArrayLike<number>;
  /** Floor of the action std (σ_d = minStd + e^{s_d}), > 0. Default 1e-3. */
  minStd?: number;
  /**
   * Which implementation runs the batched passes: 'wasm' (default; assembly/kernels.ts, WebAssembly
   * with SIMD) or 'js' (kernels.ts). Both give the same numbers bit for bit; 'js' is the reference.
   */
  kernels?: MlpKernels;
}

export type MlpKernels = 'wasm' | 'js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const EMPTY = new Float64Array(0);

export class MlpPolicy implements StochasticPolicy {
  readonly inputDim: number;
  readonly actionDim: number;
  readonly hidden: readonly number[];
  readonly minStd: number;
  readonly paramCount: number;
  readonly layout: MlpLayout;
  readonly kernels: MlpKernels;

  private readonly theta: Float64Array;
  private readonly logMinStd: number;
  private normStd: Float64Array;
  /** θ, layout and normalization as the kernels read them. */
  private readonly net: Net;
  /** Bumped by every change of θ or of the normalization. */
  private version = 0;

  // Per-action-dimension noise, refreshed from θ by refreshStd().
  private readonly sigma: Float64Array;
  private readonly invSigma: Float64Array;
  private readonly logSigma: Float64Array;
  private readonly logStdSlope: Float64Array; // d log σ_d / d s_d
  private readonly scratch: BackwardScratch;
  /** The WebAssembly kernels and their memory: made by the first batched call (never with kernels: 'js'). */
  private wasm: WasmKernels | null = null;

  // Grow-only batch buffers: acts[0] = normalized input [cap × inputDim], acts[l] = hidden layer l
  // activations [cap × sizes[l]], sigs[l] = σ(z) of those units (the softplus derivative).
  private capacity = 0;
  private readonly acts: Float64Array[];
  private readonly sigs: Float64Array[];
  private resid: Float64Array = EMPTY; // [cap × actionDim], (u − μ) / σ after logProb
  private logp: Float64Array = EMPTY; // [cap]

  // One-row buffers for act / meanJacobian.
  private readonly rowActs: Float64Array[];
  private readonly rowSigs: Float64Array[];
  private readonly rowMean: Float64Array;

  // Key of the cached forward pass.
  private cacheValid = false;
  private cacheN = -1;
  private cacheVersion = -1;
  private cacheObsBuffer: ArrayBufferLike | null = null;
  private cacheObsOffset = -1;
  private cacheActionsBuffer: ArrayBufferLike | null = null;
  private cacheActionsOffset = -1;

  constructor(options: MlpPolicyOptions) {
    const where = 'MlpPolicy';
    if (options == null || typeof options !== 'object') throw new Error(`${where}: options must be an object, got ${options}`);
    const { inputDim, actionDim, seed } = options;
    const hidden = options.hidden ?? [50];
    const minStd = options.minStd ?? 1e-3;
    const initStd = options.initStd ?? 1;
    const kernels = options.kernels ?? 'wasm';
    if (kernels !== 'wasm' && kernels !== 'js') throw new Error(`${where}: options.kernels must be 'wasm' or 'js', got ${String(kernels)}`);
    assertInteger(where, 'options.inputDim', inputDim, 1);
    assertInteger(where, 'options.actionDim', actionDim, 1);
    if (!Array.isArray(hidden)) throw new Error(`${where}: options.hidden must be an array of integers ≥ 1, got ${hidden}`);
    hidden.forEach((h, l) => assertInteger(where, `options.hidden[${l}]`, h, 1));
    if (!Number.isInteger(seed)) throw new Error(`${where}: options.seed must be an integer, got ${seed}`);
    if (typeof minStd !== 'number' || !Number.isFinite(minStd) || !(minStd > 0)) {
      throw new Error(`${where}: options.minStd must be a finite number > 0, got ${minStd}`);
    }
    const initStds = typeof initStd === 'number' ? new Array<number>(actionDim).fill(initStd) : Array.from(initStd);
    if (initStds.length !== actionDim) {
      throw new Error(`${where}: options.initStd must be a number or have length actionDim = ${actionDim}, got ${initStds.length}`);
    }
    initStds.forEach((s, d) => {
      if (!Number.isFinite(s) || !(s > minStd)) {
        throw new Error(`${where}: options.initStd[${d}] must be a finite number > minStd = ${minStd}, got ${s}`);
      }
    });

    this.inputDim = inputDim;
    this.actionDim = actionDim;
    this.hidden = Object.freeze([...hidden]);
    this.minStd = minStd;
    this.kernels = kernels;
    this.logMinStd = Math.log(minStd);
    this.layout = mlpLayout(inputDim, hidden, actionDim);
    this.paramCount = this.layout.paramCount;
    this.theta = new Float64Array(this.paramCount);

    // Initialization: W_l ~ N(0, 1/fan_in) (keeps pre-activations O(1) for normalized inputs), b_l = 0,
    // s_d = log(initStd_d − minStd) so that σ_d = initStd_d. Drawn in θ order from Rng(seed).
    const rng = new Rng(seed);
    const { sizes, weightOffset } = this.layout;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const scale = 1 / Math.sqrt(sizes[l]);
      const count = sizes[l] * sizes[l + 1];
      for (let k = 0; k < count; k++) this.theta[weightOffset[l] + k] = scale * rng.normal();
    }
    for (let d = 0; d < actionDim; d++) this.theta[this.layout.logStdOffset + d] = Math.log(initStds[d] - minStd);

    const norm = identityNormalization(inputDim);
    this.normStd = norm.std;
    this.net = {
      theta: this.theta,
      sizes,
      weightOffset,
      biasOffset: this.layout.biasOffset,
      normMean: norm.mean,
      normInvStd: new Float64Array(inputDim).fill(1),
    };

    this.sigma = new Float64Array(actionDim);
    this.invSigma = new Float64Array(actionDim);
    this.logSigma = new Float64Array(actionDim);
    this.logStdSlope = new Float64Array(actionDim);

    const L = sizes.length - 1;
    this.acts = [];
    this.sigs = [];
    this.rowActs = [];
    this.rowSigs = [];
    for (let l = 0; l < L; l++) {
      this.acts.push(EMPTY);
      this.sigs.push(EMPTY);
      this.rowActs.push(new Float64Array(sizes[l]));
      this.rowSigs.push(new Float64Array(l === 0 ? 0 : sizes[l]));
    }
    this.rowMean = new Float64Array(actionDim);
    const widest = Math.max(...sizes);
    this.scratch = {
      deltaA: new Float64Array(4 * widest),
      deltaB: new Float64Array(4 * widest),
      stdAcc: new Float64Array(actionDim),
    };
  }

  // ---------------------------------------------------------------- parameters

  /** θ, the live vector (layout.ts). After writing into it, call setParams(policy.getParams()). */
  getParams(): Float64Array {
    return this.theta;
  }

  /** Copies θ in (length paramCount, all finite) and invalidates the forward cache. */
  setParams(theta: Float64Array): void {
    checkExact('MlpPolicy.setParams', 'theta', theta, this.paramCount, 'paramCount');
    assertFinite('MlpPolicy.setParams', 'theta', theta);
    if (theta !== this.theta) this.theta.set(theta);
    this.version++;
  }

  /** The named blocks of θ (W0, b0, …, logStd) with offsets and shapes. */
  paramBlocks(): ParamBlock[] {
    return describeLayout(this.layout);
  }

  /** Σ_l ||W_l||², the squared norm of the weight matrices (what weight decay penalizes; no biases, no log-stds). */
  weightNormSquared(): number {
    let sum = 0;
    for (const block of this.paramBlocks()) {
      if (!block.name.startsWith('W')) continue;
      const end = block.offset + block.rows * block.cols;
      for (let p = block.offset; p < end; p++) sum += this.theta[p] * this.theta[p];
    }
    return sum;
  }

  /** Sets the log-std parameters so that σ_d = sigma[d] (each finite and > minStd). */
  setStd(sigma: ArrayLike<number>): void {
    const where = 'MlpPolicy.setStd';
    checkExact(where, 'sigma', sigma, this.actionDim, 'actionDim');
    const theta = Float64Array.from(this.theta);
    for (let d = 0; d < this.actionDim; d++) {
      if (!(Number.isFinite(sigma[d]) && sigma[d] > this.minStd)) {
        throw new Error(`${where}: sigma[${d}] must be a finite number > minStd = ${this.minStd}, got ${sigma[d]}`);
      }
      theta[this.layout.logStdOffset + d] = Math.log(sigma[d] - this.minStd);
    }
    this.setParams(theta);
  }

  /** The current action std σ_d = minStd + e^{s_d}, written into out [actionDim]. */
  std(out: Float64Array = new Float64Array(this.actionDim)): Float64Array {
    checkExact('MlpPolicy.std', 'out', out, this.actionDim, 'actionDim');
    this.refreshStd();
    out.set(this.sigma);
    return out;
  }

  /** Forget the cached forward pass (needed only after mutating obs/actions in place). */
  invalidateCache(): void {
    this.cacheValid = false;
  }

  // ---------------------------------------------------------------- normalization

  /** Fits the input normalization on obs [n × inputDim] (normalization.ts) and stores it. */
  fitNormalization(n: number, obs: Float64Array, options?: FitNormalizationOptions): Normalization {
    const norm = fitNormalizationStats('MlpPolicy.fitNormalization', n, this.inputDim, obs, options);
    this.setNormalization(norm);
    return this.getNormalization();
  }

  /** Sets mean [inputDim] and std [inputDim] (finite, > 0) of the input normalization. */
  setNormalization(norm: Normalization): void {
    const where = 'MlpPolicy.setNormalization';
    checkExact(where, 'mean', norm?.mean, this.inputDim, 'inputDim');
    checkExact(where, 'std', norm.std, this.inputDim, 'inputDim');
    assertFinite(where, 'mean', norm.mean);
    for (let k = 0; k < this.inputDim; k++) {
      const s = norm.std[k];
      if (!Number.isFinite(s) || !(s > 0)) throw new Error(`${where}: std[${k}] must be finite and > 0, got ${s}`);
    }
    this.net.normMean.set(norm.mean);
    this.normStd = Float64Array.from(norm.std);
    for (let k = 0; k < this.inputDim; k++) this.net.normInvStd[k] = 1 / this.normStd[k];
    this.version++;
  }

  /** A copy of the input normalization. */
  getNormalization(): Normalization {
    return { mean: Float64Array.from(this.net.normMean), std: Float64Array.from(this.normStd) };
  }

  // ---------------------------------------------------------------- single input

  /**
   * Draws u ~ π_θ(· | obs) into out: u_d = μ_d + σ_d ξ_d with ξ_d = rng.normal() in order d = 0, 1, ….
   * `t` and `state` (passed by rollouts for time-varying controllers) are ignored.
   */
  act(obs: Float64Array, rng: Rng, out?: Float64Array, _t?: number, _state?: Float64Array): Float64Array {
    const where = 'MlpPolicy.act';
    checkExact(where, 'obs', obs, this.inputDim, 'inputDim');
    const result = out ?? new Float64Array(this.actionDim);
    checkExact(where, 'out', result, this.actionDim, 'actionDim');
    forwardOne(where, this.net, obs, this.rowActs, this.rowSigs, this.rowMean);
    this.refreshStd();
    for (let d = 0; d < this.actionDim; d++) result[d] = this.rowMean[d] + this.sigma[d] * rng.normal();
    return result;
  }

  /**
   * ∂μ/∂x [actionDim × inputDim] row-major at one raw (unnormalized) input: back-propagates each output
   * row through the network, then applies the chain rule through x̃ = (x − mean) / std.
   */
  meanJacobian(obs: Float64Array, out: Float64Array): void {
    const where = 'MlpPolicy.meanJacobian';
    checkExact(where, 'obs', obs, this.inputDim, 'inputDim');
    checkExact(where, 'out', out, this.actionDim * this.inputDim, 'actionDim·inputDim');
    forwardOne(where, this.net, obs, this.rowActs, this.rowSigs, this.rowMean);
    const theta = this.theta;
    const { sizes, weightOffset } = this.layout;
    const L = sizes.length - 1;
    const inDim = this.inputDim;
    for (let d = 0; d < this.actionDim; d++) {
      let cur = this.scratch.deltaA;
      let next = this.scratch.deltaB;
      // cur = ∂μ_d/∂a_{L−1} = row d of the output weights.
      const nLast = sizes[L - 1];
      const rowOff = weightOffset[L - 1] + d * nLast;
      for (let k = 0; k < nLast; k++) cur[k] = theta[rowOff + k];
      for (let l = L - 1; l >= 1; l--) {
        // ∂μ_d/∂a_{l−1} = W_{l−1}ᵀ (∂μ_d/∂a_l ⊙ σ(z_l)).
        const nIn = sizes[l - 1];
        const nOut = sizes[l];
        const sig = this.rowSigs[l];
        const wo = weightOffset[l - 1];
        for (let k = 0; k < nIn; k++) next[k] = 0;
        for (let j = 0; j < nOut; j++) {
          const dj = cur[j] * sig[j];
          const wr = wo + j * nIn;
          for (let k = 0; k < nIn; k++) next[k] += dj * theta[wr + k];
        }
        const swap = cur;
        cur = next;
        next = swap;
      }
      const outOff = d * inDim;
      for (let k = 0; k < inDim; k++) out[outOff + k] = cur[k] * this.net.normInvStd[k];
    }
  }

  // ---------------------------------------------------------------- batched

  /** Mean actions μ_θ(x_i) for obs [n × inputDim] into out [≥ n × actionDim]. */
  mean(n: number, obs: Float64Array, out: Float64Array): void {
    const where = 'MlpPolicy.mean';
    checkCount(where, n);
    checkAtLeast(where, 'obs', obs, n * this.inputDim, 'n·inputDim');
    checkAtLeast(where, 'out', out, n * this.actionDim, 'n·actionDim');
    this.ensureCapacity(n);
    this.cacheValid = false; // the batch buffers are overwritten
    this.forwardBatch(where, n, obs);
    out.set(this.resid.subarray(0, n * this.actionDim));
  }

  /**
   * log π_θ(u_i | x_i) = −½ Σ_d r_id² − Σ_d log σ_d − (D/2) log 2π with r_id = (u_id − μ_d(x_i)) / σ_d,
   * for obs [n × inputDim] and actions [n × actionDim] (first n rows used), into out [≥ n].
   * Keeps the forward pass for a following logProbGrad on the same arrays.
   */
  logProb(n: number, obs: Float64Array, actions: Float64Array, out: Float64Array): void {
    const where = 'MlpPolicy.logProb';
    checkCount(where, n);
    checkAtLeast(where, 'obs', obs, n * this.inputDim, 'n·inputDim');
    checkAtLeast(where, 'actions', actions, n * this.actionDim, 'n·actionDim');
    checkAtLeast(where, 'out', out, n, 'n');
    this.forwardLogProb(where, n, obs, actions);
    out.set(this.logp.subarray(0, n));
  }

  /**
   * ∇_θ Σ_i w_i log π_θ(u_i | x_i) into grad [≥ paramCount]; returns Σ_i w_i log π_θ(u_i | x_i).
   * Reuses the forward pass of an immediately preceding logProb on the same (n, obs, actions).
   */
  logProbGrad(n: number, obs: Float64Array, actions: Float64Array, weights: Float64Array, grad: Float64Array): number {
    const where = 'MlpPolicy.logProbGrad';
    checkCount(where, n);
    checkAtLeast(where, 'obs', obs, n * this.inputDim, 'n·inputDim');
    checkAtLeast(where, 'actions', actions, n * this.actionDim, 'n·actionDim');
    checkAtLeast(where, 'weights', weights, n, 'n');
    checkAtLeast(where, 'grad', grad, this.paramCount, 'paramCount');
    let wBad = 0;
    for (let i = 0; i < n; i++) wBad += weights[i] * 0;
    if (wBad !== 0) throwIfNonFinite(where, 'weights', weights, 0, n);
    if (!this.cacheHit(n, obs, actions)) this.forwardLogProb(where, n, obs, actions);
    let total: number;
    let stdAcc: Float64Array;
    if (this.wasm) {
      this.wasm.loadParams(this.theta); // θ may have changed since the forward pass (solveOutputLayer)
      this.wasm.invSigma.set(this.invSigma);
      this.wasm.weights.set(weights.subarray(0, n));
      total = this.wasm.backward(n);
      grad.set(this.wasm.grad);
      stdAcc = this.wasm.stdAcc;
    } else {
      for (let p = 0; p < this.paramCount; p++) grad[p] = 0;
      total = backwardRows(this.net, n, this.acts, this.sigs, this.resid, this.logp, this.invSigma, weights, grad, this.scratch);
      stdAcc = this.scratch.stdAcc;
    }
    const { logStdOffset } = this.layout;
    for (let d = 0; d < this.actionDim; d++) grad[logStdOffset + d] = stdAcc[d] * this.logStdSlope[d];
    return total;
  }

  /**
   * Sets the output layer (W, b of the last layer) to its optimum for the pairs (x_i, u_i) given the
   * hidden layers and σ: the ridge regression of output-layer.ts with weight decay λ on W. Keeps the
   * forward pass (computed once, with the new output layer) for a following logProbGrad on the same arrays.
   */
  solveOutputLayer(n: number, obs: Float64Array, actions: Float64Array, weightDecay = 0): void {
    const where = 'MlpPolicy.solveOutputLayer';
    checkCount(where, n);
    checkAtLeast(where, 'obs', obs, n * this.inputDim, 'n·inputDim');
    checkAtLeast(where, 'actions', actions, n * this.actionDim, 'n·actionDim');
    if (!Number.isFinite(weightDecay) || weightDecay < 0) throw new Error(`${where}: weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
    this.ensureCapacity(n);
    this.cacheValid = false;
    this.forwardBatch(where, n, obs);
    this.refreshStd();
    const { sizes, weightOffset, biasOffset } = this.layout;
    const L = sizes.length - 1;
    const m = sizes[L - 1];
    const D = this.actionDim;
    const features = this.acts[L - 1];
    const layer = solveOutputLayer(n, m, features, D, actions, this.sigma, weightDecay);
    this.theta.set(layer.weights, weightOffset[L - 1]);
    this.theta.set(layer.biases, biasOffset[L - 1]);
    this.version++;
    // μ_i = W a_i + b from the kept activations, then the residuals as a forward pass leaves them.
    const means = this.resid;
    for (let i = 0; i < n; i++) {
      const fo = i * m;
      for (let d = 0; d < D; d++) {
        let mu = layer.biases[d];
        const wo = d * m;
        for (let k = 0; k < m; k++) mu += layer.weights[wo + k] * features[fo + k];
        means[i * D + d] = mu;
      }
    }
    this.finishLogProb(where, n, obs, actions);
  }

  // ---------------------------------------------------------------- saving

  toJSON(): MlpPolicyJSON {
    return {
      format: MLP_POLICY_FORMAT,
      version: MLP_POLICY_VERSION,
      inputDim: this.inputDim,
      actionDim: this.actionDim,
      hidden: [...this.hidden],
      minStd: this.minStd,
      params: Array.from(this.theta),
      normalization: { mean: Array.from(this.net.normMean), std: Array.from(this.normStd) },
    };
  }

  /** An independent copy (same θ, normalization and options; fresh buffers). */
  clone(): MlpPolicy {
    const copy = new MlpPolicy({
      inputDim: this.inputDim,
      actionDim: this.actionDim,
      hidden: this.hidden,
      seed: 0,
      minStd: this.minStd,
      kernels: this.kernels,
    });
    copy.setParams(this.theta);
    copy.setNormalization(this.getNormalization());
    return copy;
  }

  // ---------------------------------------------------------------- internals

  /** σ, 1/σ, log σ and d log σ / d s from the log-std parameters (the smooth floor, see the top). */
  private refreshStd(): void {
    const off = this.layout.logStdOffset;
    const m = this.logMinStd;
    for (let d = 0; d < this.actionDim; d++) {
      const s = this.theta[off + d];
      // σ = minStd + e^s; log σ = m + softplus(s − m) stays finite even where e^s overflows.
      this.sigma[d] = this.minStd + Math.exp(s);
      this.invSigma[d] = 1 / this.sigma[d];
      this.logSigma[d] = m + softplus(s - m);
      this.logStdSlope[d] = sigmoid(s - m);
    }
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    // Exactly n rows: with one hidden layer of H units this holds n·(inputDim + 2H + actionDim + 1) doubles
    // (about 50 MB for n = 50,000, H = 50, 17 inputs, 6 actions).
    const cap = n;
    this.capacity = cap;
    this.cacheValid = false;
    if (this.kernels === 'wasm') {
      // The batch buffers are views into the kernels' memory (a policy that only acts never makes one).
      this.wasm ??= new WasmKernels(this.layout.sizes, this.layout.weightOffset, this.layout.biasOffset, this.paramCount);
      this.wasm.reserve(cap);
      for (let l = 0; l < this.acts.length; l++) {
        this.acts[l] = this.wasm.acts[l];
        this.sigs[l] = this.wasm.sigs[l];
      }
      this.resid = this.wasm.resid;
      this.logp = this.wasm.logp;
      return;
    }
    const { sizes } = this.layout;
    for (let l = 0; l < this.acts.length; l++) {
      this.acts[l] = new Float64Array(cap * sizes[l]);
      this.sigs[l] = l === 0 ? EMPTY : new Float64Array(cap * sizes[l]);
    }
    this.resid = new Float64Array(cap * this.actionDim);
    this.logp = new Float64Array(cap);
  }

  /** The forward pass of rows 0 … n−1 of obs (capacity ensured): activations and slopes, means into resid. */
  private forwardBatch(where: string, n: number, obs: Float64Array): void {
    if (!this.wasm) {
      forwardRows(where, this.net, n, obs, this.acts, this.sigs, this.resid);
      return;
    }
    normalizeRows(where, this.net, n, obs, this.acts[0]);
    this.wasm.loadParams(this.theta);
    this.wasm.forward(n);
  }

  private cacheHit(n: number, obs: Float64Array, actions: Float64Array): boolean {
    return (
      this.cacheValid &&
      this.cacheVersion === this.version &&
      this.cacheN === n &&
      this.cacheObsBuffer === obs.buffer &&
      this.cacheObsOffset === obs.byteOffset &&
      this.cacheActionsBuffer === actions.buffer &&
      this.cacheActionsOffset === actions.byteOffset
    );
  }

  /** Forward pass over n rows into the batch buffers, residuals and log-probs; records the cache key. */
  private forwardLogProb(where: string, n: number, obs: Float64Array, actions: Float64Array): void {
    this.ensureCapacity(n);
    this.cacheValid = false;
    this.forwardBatch(where, n, obs);
    this.refreshStd();
    this.finishLogProb(where, n, obs, actions);
  }

  /** From the means in resid (σ refreshed): residuals (u − μ) / σ and log-probs; records the cache key. */
  private finishLogProb(where: string, n: number, obs: Float64Array, actions: Float64Array): void {
    const D = this.actionDim;
    const resid = this.resid;
    const logp = this.logp;
    const invSigma = this.invSigma;
    let logNorm = -D * HALF_LOG_2PI;
    for (let d = 0; d < D; d++) logNorm -= this.logSigma[d];
    for (let i = 0; i < n; i++) {
      const ro = i * D;
      let sq = 0;
      let bad = 0;
      for (let d = 0; d < D; d++) {
        const u = actions[ro + d];
        bad += u * 0;
        const r = (u - resid[ro + d]) * invSigma[d];
        resid[ro + d] = r;
        sq += r * r;
      }
      if (bad !== 0) throwIfNonFinite(where, 'actions', actions, ro, D);
      const lp = logNorm - 0.5 * sq;
      if (!Number.isFinite(lp)) {
        throw new Error(`${where}: log-probability of pair ${i} is ${lp} (network output overflowed; θ too large?)`);
      }
      logp[i] = lp;
    }
    this.cacheValid = true;
    this.cacheVersion = this.version;
    this.cacheN = n;
    this.cacheObsBuffer = obs.buffer;
    this.cacheObsOffset = obs.byteOffset;
    this.cacheActionsBuffer = actions.buffer;
    this.cacheActionsOffset = actions.byteOffset;
  }
}
