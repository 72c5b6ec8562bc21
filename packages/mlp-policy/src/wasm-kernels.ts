/**
 * The host side of the WebAssembly kernels (assembly/kernels.ts): one memory per policy holding the
 * softplus tables, θ, Wᵀ, the gradient and the batch buffers, whose Float64Array views MlpPolicy uses
 * as its own batch buffers (so nothing but θ, the weights and the gradient is copied per call).
 *
 * Memory, in bytes: [0, TABLES_END) the tables of softplus.ts; then the fixed part (the layer
 * descriptors, θ, Wᵀ, ∂θ, 1/σ, the log-std accumulator, two delta blocks); then the rows part for
 * `capacity` rows (acts[l], sigs[l], resid, logp, weights), laid out anew when capacity grows.
 */
import { EXP2_FRACTION, EXP2_NEGATIVE_INTEGER, INV_ONE_PLUS_GRID, LOG1P_GRID } from './softplus.js';
import { KERNELS_WASM_BASE64 } from './wasm-bytes.js';

// Node has WebAssembly, but TypeScript's ES2022 library (without the DOM's) does not declare it:
// the little used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

interface KernelExports {
  TABLES_END: { value: number };
  LAYER_FIELDS: { value: number };
  forward(n: number, L: number, desc: number): void;
  backward(
    n: number, L: number, desc: number, resid: number, logp: number, invSigma: number, weights: number,
    stdAcc: number, deltaA: number, deltaB: number,
  ): number;
}

const PAGE = 65536;
// The descriptor's fields (assembly/kernels.ts, LAYER_FIELDS per layer).
const F_IN = 0;
const F_OUT = 1;
const F_WT = 2;
const F_W = 3;
const F_BIAS = 4;
const F_INPUT = 5;
const F_OUTPUT = 6;
const F_INPUT_SLOPE = 7;
const F_GRAD_W = 8;
const F_GRAD_B = 9;

let compiled: object | null = null;

/** The compiled module, once per thread (synchronous: the module is 4 kB). */
function kernelModule(): object {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  return compiled;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

export class WasmKernels {
  private readonly memory: WasmMemory;
  private readonly exports: KernelExports;
  private readonly L: number;
  private readonly layerFields: number;
  // Byte offsets of the fixed part.
  private readonly descPtr: number;
  private readonly thetaPtr: number;
  private readonly wtPtr: number;
  private readonly gradPtr: number;
  private readonly invSigmaPtr: number;
  private readonly stdAccPtr: number;
  private readonly deltaAPtr: number;
  private readonly deltaBPtr: number;
  private readonly rowsPtr: number;
  // Byte offsets of the rows part (set by reserve).
  private actsPtr: number[] = [];
  private sigsPtr: number[] = [];
  private residPtr = 0;
  private logpPtr = 0;
  private weightsPtr = 0;
  private capacity = -1;

  // Views (rebuilt whenever the memory grows).
  theta!: Float64Array;
  grad!: Float64Array;
  invSigma!: Float64Array;
  stdAcc!: Float64Array;
  acts: Float64Array[] = [];
  sigs: Float64Array[] = [];
  resid!: Float64Array;
  logp!: Float64Array;
  weights!: Float64Array;
  private wt!: Float64Array;
  private desc!: Int32Array;

  constructor(
    private readonly sizes: readonly number[],
    private readonly weightOffset: readonly number[],
    private readonly biasOffset: readonly number[],
    private readonly paramCount: number,
  ) {
    this.L = sizes.length - 1;
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.layerFields = this.exports.LAYER_FIELDS.value;
    const D = sizes[this.L];
    const widest = Math.max(...sizes);
    let p = align(this.exports.TABLES_END.value);
    const take = (bytes: number) => {
      const at = p;
      p = align(p + bytes);
      return at;
    };
    this.descPtr = take(4 * this.layerFields * this.L);
    this.thetaPtr = take(8 * paramCount);
    this.wtPtr = take(8 * paramCount);
    this.gradPtr = take(8 * paramCount);
    this.invSigmaPtr = take(8 * D);
    this.stdAccPtr = take(8 * D);
    this.deltaAPtr = take(8 * 4 * widest);
    this.deltaBPtr = take(8 * 4 * widest);
    this.rowsPtr = p;
    this.reserve(0);
    const tables = new Float64Array(this.memory.buffer, 0, this.exports.TABLES_END.value / 8);
    let t = 0;
    for (const table of [EXP2_FRACTION, EXP2_NEGATIVE_INTEGER, LOG1P_GRID, INV_ONE_PLUS_GRID]) {
      tables.set(table, t);
      t += table.length;
    }
  }

  /** Room for n rows (grow-only): lays out the rows part, grows the memory, rebuilds every view. */
  reserve(n: number): void {
    if (n <= this.capacity) return;
    const { sizes, L } = this;
    let p = this.rowsPtr;
    const take = (bytes: number) => {
      const at = p;
      p = align(p + bytes);
      return at;
    };
    this.actsPtr = sizes.slice(0, L).map((width) => take(8 * n * width));
    this.sigsPtr = sizes.slice(0, L).map((width, l) => (l === 0 ? 0 : take(8 * n * width)));
    this.residPtr = take(8 * n * sizes[L]);
    this.logpPtr = take(8 * n);
    this.weightsPtr = take(8 * n);
    const pages = Math.ceil(p / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) this.memory.grow(pages - have);
    this.capacity = n;

    const buffer = this.memory.buffer;
    const view = (at: number, length: number) => new Float64Array(buffer, at, length);
    this.desc = new Int32Array(buffer, this.descPtr, this.layerFields * L);
    this.theta = view(this.thetaPtr, this.paramCount);
    this.wt = view(this.wtPtr, this.paramCount);
    this.grad = view(this.gradPtr, this.paramCount);
    this.invSigma = view(this.invSigmaPtr, sizes[L]);
    this.stdAcc = view(this.stdAccPtr, sizes[L]);
    this.acts = this.actsPtr.map((at, l) => view(at, n * sizes[l]));
    this.sigs = this.sigsPtr.map((at, l) => (l === 0 ? new Float64Array(0) : view(at, n * sizes[l])));
    this.resid = view(this.residPtr, n * sizes[L]);
    this.logp = view(this.logpPtr, n);
    this.weights = view(this.weightsPtr, n);

    for (let l = 0; l < L; l++) {
      const f = (field: number, value: number) => (this.desc[l * this.layerFields + field] = value);
      f(F_IN, sizes[l]);
      f(F_OUT, sizes[l + 1]);
      f(F_WT, this.wtPtr + 8 * this.weightOffset[l]);
      f(F_W, this.thetaPtr + 8 * this.weightOffset[l]);
      f(F_BIAS, this.thetaPtr + 8 * this.biasOffset[l]);
      f(F_INPUT, this.actsPtr[l]);
      f(F_OUTPUT, l + 1 < L ? this.actsPtr[l + 1] : this.residPtr);
      f(F_INPUT_SLOPE, this.sigsPtr[l]);
      f(F_GRAD_W, this.gradPtr + 8 * this.weightOffset[l]);
      f(F_GRAD_B, this.gradPtr + 8 * this.biasOffset[l]);
    }
  }

  /** Copies θ in and writes each W_l [nOut × nIn] transposed, Wᵀ [nIn × nOut], for the forward pass. */
  loadParams(theta: Float64Array): void {
    this.theta.set(theta);
    const { sizes, L } = this;
    for (let l = 0; l < L; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const wo = this.weightOffset[l];
      for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++) this.wt[wo + k * nOut + j] = theta[wo + j * nIn + k];
    }
  }

  /** The forward pass of rows 0 … n−1 (n ≤ capacity): acts[0] filled; means into resid. */
  forward(n: number): void {
    this.exports.forward(n, this.L, this.descPtr);
  }

  /**
   * The backward pass over the forward pass of rows 0 … n−1, with resid = (u − μ)/σ, logp, invSigma and
   * weights filled: zeroes grad, adds the network gradient into it, fills stdAcc, returns Σ_i w_i log π_i.
   */
  backward(n: number): number {
    this.grad.fill(0);
    return this.exports.backward(
      n, this.L, this.descPtr, this.residPtr, this.logpPtr, this.invSigmaPtr, this.weightsPtr,
      this.stdAccPtr, this.deltaAPtr, this.deltaBPtr,
    );
  }
}
