/**
 * The same objective written the natural way on TensorFlow.js: an MLP forward pass, Gaussian
 * log-probabilities, tf.cumsum over time, tf.logSumExp over samples, and tf.valueAndGrads for the
 * gradient. It reads θ from a Float64Array and writes ∇Φ into one, as an L-BFGS objective must.
 */
import * as tf from '@tensorflow/tfjs';
import type { SampleSet } from '../src/index.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface TfMlpShape {
  sizes: readonly number[]; // [inputDim, ...hidden, actionDim]
  minStd: number;
}

export class TfjsObjective {
  private readonly obs: tf.Tensor2D;
  private readonly actions: tf.Tensor2D;
  private readonly rewards: tf.Tensor2D;
  private readonly logQ: tf.Tensor2D;
  private readonly blocks: { offset: number; shape: number[] }[] = [];

  constructor(
    private readonly samples: SampleSet,
    private readonly shape: TfMlpShape,
    private readonly wr: number,
  ) {
    const { count: m, T, obsDim, actionDim } = samples;
    this.obs = tf.tensor2d(Float32Array.from(samples.obs), [m * T, obsDim]);
    this.actions = tf.tensor2d(Float32Array.from(samples.actions), [m * T, actionDim]);
    this.rewards = tf.tensor2d(Float32Array.from(samples.rewards), [m, T]);
    this.logQ = tf.tensor2d(Float32Array.from(samples.logQ), [m, T]);
    let offset = 0;
    const { sizes } = shape;
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.blocks.push({ offset, shape: [sizes[l + 1], sizes[l]] });
      offset += sizes[l + 1] * sizes[l];
      this.blocks.push({ offset, shape: [sizes[l + 1]] });
      offset += sizes[l + 1];
    }
    this.blocks.push({ offset, shape: [sizes[sizes.length - 1]] });
  }

  /** Φ(θ); ∇Φ(θ) into grad. */
  evaluate(theta: Float64Array, grad: Float64Array): number {
    const { count: m, T, actionDim } = this.samples;
    const layers = this.shape.sizes.length - 1;
    return tf.tidy(() => {
      const params = this.blocks.map((b) => {
        const size = b.shape.reduce((a, c) => a * c, 1);
        return tf.tensor(Float32Array.from(theta.subarray(b.offset, b.offset + size)), b.shape);
      });
      const phi = (...p: tf.Tensor[]): tf.Scalar => {
        let h: tf.Tensor2D = this.obs;
        for (let l = 0; l < layers; l++) {
          const z = tf.add(tf.matMul(h, p[2 * l] as tf.Tensor2D, false, true), p[2 * l + 1]) as tf.Tensor2D;
          h = l + 1 < layers ? tf.softplus(z) : z;
        }
        const sigma = tf.add(tf.exp(p[2 * layers]), this.shape.minStd);
        const z = tf.div(tf.sub(this.actions, h), sigma);
        const logp = tf.sub(tf.mul(-0.5, tf.sum(tf.square(z), 1)), tf.add(tf.sum(tf.log(sigma)), actionDim * HALF_LOG_2PI));
        const logW = tf.sub(tf.cumsum(tf.reshape(logp, [m, T]), 1), this.logQ);
        const lse = tf.logSumExp(logW, 0);
        const weights = tf.exp(tf.sub(logW, lse));
        const phi0 = tf.sum(tf.mul(weights, this.rewards));
        return tf.add(phi0, tf.mul(this.wr, tf.sum(tf.sub(lse, Math.log(m))))) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(phi)(params);
      grads.forEach((g, b) => {
        const data = g.dataSync();
        const offset = this.blocks[b].offset;
        for (let j = 0; j < data.length; j++) grad[offset + j] = data[j];
      });
      return value.dataSync()[0];
    });
  }

  dispose(): void {
    tf.dispose([this.obs, this.actions, this.rewards, this.logQ]);
  }
}
