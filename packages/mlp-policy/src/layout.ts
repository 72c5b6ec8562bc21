/**
 * Where each weight lives in the flat parameter vector θ.
 *
 * Layer l (l = 0 … L−1) maps sizes[l] inputs to sizes[l+1] outputs, sizes = [inputDim, ...hidden, actionDim].
 * θ holds, layer after layer: W_l as a row-major [sizes[l+1] × sizes[l]] matrix (row j = the weights into
 * unit j, so the forward dot product and both backward updates run over contiguous memory), then its bias
 * b_l [sizes[l+1]]. After the last layer come the actionDim log-std parameters s (σ_d = minStd + e^{s_d}).
 */

export interface MlpLayout {
  /** [inputDim, ...hidden, actionDim] */
  readonly sizes: readonly number[];
  /** Offset of W_l in θ, per layer. */
  readonly weightOffset: readonly number[];
  /** Offset of b_l in θ, per layer. */
  readonly biasOffset: readonly number[];
  /** Offset of the log-std parameters s [actionDim]. */
  readonly logStdOffset: number;
  readonly paramCount: number;
}

/** One named block of θ: a rows × cols row-major matrix (a vector has cols = 1). */
export interface ParamBlock {
  name: string;
  offset: number;
  rows: number;
  cols: number;
}

export function mlpLayout(inputDim: number, hidden: readonly number[], actionDim: number): MlpLayout {
  const sizes = [inputDim, ...hidden, actionDim];
  const weightOffset: number[] = [];
  const biasOffset: number[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    weightOffset.push(offset);
    offset += sizes[l + 1] * sizes[l];
    biasOffset.push(offset);
    offset += sizes[l + 1];
  }
  return { sizes, weightOffset, biasOffset, logStdOffset: offset, paramCount: offset + actionDim };
}

/** The blocks of θ in order: W0, b0, W1, b1, …, logStd. */
export function describeLayout(layout: MlpLayout): ParamBlock[] {
  const blocks: ParamBlock[] = [];
  const { sizes } = layout;
  for (let l = 0; l + 1 < sizes.length; l++) {
    blocks.push({ name: `W${l}`, offset: layout.weightOffset[l], rows: sizes[l + 1], cols: sizes[l] });
    blocks.push({ name: `b${l}`, offset: layout.biasOffset[l], rows: sizes[l + 1], cols: 1 });
  }
  blocks.push({ name: 'logStd', offset: layout.logStdOffset, rows: sizes[sizes.length - 1], cols: 1 });
  return blocks;
}
