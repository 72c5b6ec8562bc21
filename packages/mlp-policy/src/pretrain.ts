/**
 * Supervised pretraining (Algorithm 1, line 3): θ* ← argmax_θ Σ_i log π_θ(u_i | x_i) over given samples,
 * by L-BFGS on f(θ) = −(1/n) Σ_i log π_θ(u_i | x_i) + (λ/2) Σ_l ||W_l||² (weight decay λ on the weight
 * matrices only; biases and log-stds are not decayed).
 *
 * The std (option `std`). By default ('residual') the fit runs in two blocks: the mean first, with the
 * log-std block held where it is (so every action dimension is weighted alike: least squares), then
 * each σ_d set to its maximum-likelihood value given the mean, the root-mean-square residual of
 * dimension d. Fitting both together ('joint') by descent on all of θ stalls: the gradient in the mean
 * is weighted by 1/σ_d², so a dimension fit poorly at first raises its σ_d and is then all but ignored.
 *
 * The output layer (option `outputLayer`). By default ('solve') it is not searched: each evaluation
 * sets it to its least-squares optimum for the current hidden layers (variable projection, see
 * projectOutputLayer), and L-BFGS moves the hidden layers only. On the walker's 40 guiding samples
 * (20,000 pairs, 50 units) 300 such evaluations fit the guide's mean action to rms 0.022, where 1000
 * evaluations of L-BFGS on all of θ ('descend') reach 0.031. An evaluation costs about twice as much.
 */
import { minimize } from '@guided/lbfgs';
import type { LbfgsOptions, LbfgsResult } from '@guided/lbfgs';
import { checkAtLeast } from './checks.js';
import type { MlpPolicy } from './mlp-policy.js';
import { ParallelLikelihood } from './parallel-likelihood.js';

export interface PretrainOptions {
  /** Number of (x, u) samples. */
  n: number;
  /** [n × inputDim], raw inputs (the policy normalizes them). */
  obs: Float64Array;
  /** [n × actionDim] */
  actions: Float64Array;
  /** L2 weight decay λ ≥ 0 on the weight matrices. Default 0. */
  weightDecay?: number;
  /** Fit the input normalization on obs first. Default false (keep the policy's normalization). */
  normalize?: boolean;
  /** 'residual' (default): the mean with σ held, then σ_d = rms residual; 'joint': both at once. See the top. */
  std?: 'residual' | 'joint';
  /**
   * 'solve' (default): variable projection, the output layer solved by least squares (output-layer.ts)
   * at every evaluation and L-BFGS run on the other parameters only; 'descend': L-BFGS on all of θ.
   */
  outputLayer?: 'solve' | 'descend';
  /**
   * L-BFGS options, passed through; defaults are @guided/lbfgs's (1000 iterations, 2000 evaluations).
   * maxEvaluations alone also lifts the iteration limit to it.
   */
  maxIterations?: number;
  maxEvaluations?: number;
  history?: number;
  gradTol?: number;
  relFuncTol?: number;
  abort?: LbfgsOptions['abort'];
}

/** Fits `policy` to the samples (leaving θ at the optimum) and returns the L-BFGS result. */
export function pretrain(policy: MlpPolicy, options: PretrainOptions): LbfgsResult {
  const fit = prepare('pretrain', policy, options);
  const negMean = new Float64Array(fit.n).fill(-1 / fit.n);
  return run(policy, fit, (grad) => policy.logProbGrad(fit.n, fit.obs, fit.actions, negMean, grad));
}

export interface ThreadOptions {
  /** Worker threads that share the pairs (default 2; at most n). */
  workers?: number;
}

/**
 * pretrain with the likelihood's evaluations split over worker threads (ParallelLikelihood): the same
 * fit, equal to pretrain's up to rounding, and deterministic for a fixed worker count. In 'solve' mode
 * the output layer's least squares stays on the calling thread.
 */
export async function pretrainOnThreads(policy: MlpPolicy, options: PretrainOptions & ThreadOptions): Promise<LbfgsResult> {
  const fit = prepare('pretrainOnThreads', policy, options);
  const likelihood = await ParallelLikelihood.create(policy, fit.n, fit.obs, fit.actions, options.workers ?? 2);
  try {
    return run(policy, fit, (grad) => likelihood.evaluate(grad));
  } finally {
    await likelihood.dispose();
  }
}

interface Fit {
  n: number;
  obs: Float64Array;
  actions: Float64Array;
  weightDecay: number;
  holdStd: boolean;
  outputLayer: 'solve' | 'descend';
  lbfgs: LbfgsOptions;
}

/** Checks the options and fits the input normalization when asked (before any worker copies the policy). */
function prepare(where: string, policy: MlpPolicy, options: PretrainOptions): Fit {
  if (options == null || typeof options !== 'object') throw new Error(`${where}: options must be an object, got ${options}`);
  const { n, obs, actions } = options;
  const weightDecay = options.weightDecay ?? 0;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: n must be an integer ≥ 1, got ${n}`);
  checkAtLeast(where, 'obs', obs, n * policy.inputDim, 'n·inputDim');
  checkAtLeast(where, 'actions', actions, n * policy.actionDim, 'n·actionDim');
  if (typeof weightDecay !== 'number' || !Number.isFinite(weightDecay) || weightDecay < 0) {
    throw new Error(`${where}: weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  }
  const stdMode = options.std ?? 'residual';
  if (stdMode !== 'residual' && stdMode !== 'joint') throw new Error(`${where}: std must be 'residual' or 'joint', got ${stdMode}`);
  const outputLayer = options.outputLayer ?? 'solve';
  if (outputLayer !== 'solve' && outputLayer !== 'descend') {
    throw new Error(`${where}: outputLayer must be 'solve' or 'descend', got ${outputLayer}`);
  }
  if (options.normalize) policy.fitNormalization(n, obs);
  const lbfgs: LbfgsOptions = {};
  if (options.maxEvaluations !== undefined) {
    lbfgs.maxEvaluations = options.maxEvaluations;
    // A budget in evaluations alone is that budget: without this, L-BFGS's default of 1000
    // iterations would end a longer fit early, whatever maxEvaluations says.
    lbfgs.maxIterations = options.maxEvaluations;
  }
  if (options.maxIterations !== undefined) lbfgs.maxIterations = options.maxIterations;
  if (options.history !== undefined) lbfgs.history = options.history;
  if (options.gradTol !== undefined) lbfgs.gradTol = options.gradTol;
  if (options.relFuncTol !== undefined) lbfgs.relFuncTol = options.relFuncTol;
  if (options.abort !== undefined) lbfgs.abort = options.abort;
  return { n, obs, actions, weightDecay, holdStd: stdMode === 'residual', outputLayer, lbfgs };
}

/**
 * The fit itself. `dataTerm(grad)` is −(1/n) Σ_i log π_θ(u_i | x_i) at the policy's current θ, with its
 * gradient written into grad.
 */
function run(policy: MlpPolicy, fit: Fit, dataTerm: (grad: Float64Array) => number): LbfgsResult {
  const { n, obs, actions, weightDecay, holdStd } = fit;
  const { logStdOffset } = policy.layout;
  const weightBlocks = policy.paramBlocks().filter((b) => b.name.startsWith('W'));
  /** The objective and its gradient at the policy's current θ. */
  const evaluate = (grad: Float64Array): number => {
    let f = dataTerm(grad);
    if (holdStd) grad.fill(0, logStdOffset, logStdOffset + policy.actionDim);
    if (weightDecay > 0) {
      f += 0.5 * weightDecay * policy.weightNormSquared();
      const x = policy.getParams();
      for (const block of weightBlocks) {
        const end = block.offset + block.rows * block.cols;
        for (let p = block.offset; p < end; p++) grad[p] += weightDecay * x[p];
      }
    }
    return f;
  };
  const objective = (x: Float64Array, grad: Float64Array): number => {
    policy.setParams(x);
    return evaluate(grad);
  };
  const projection = fit.outputLayer === 'solve' ? projectOutputLayer(policy, n, obs, actions, weightDecay, evaluate) : null;
  const result = projection
    ? projection.expandResult(minimize(projection.objective, projection.start(), fit.lbfgs))
    : minimize(objective, Float64Array.from(policy.getParams()), fit.lbfgs);
  policy.setParams(result.x);
  if (!holdStd) return result;
  setResidualStd(policy, n, obs, actions);
  return { ...result, x: Float64Array.from(policy.getParams()), f: objective(Float64Array.from(policy.getParams()), new Float64Array(policy.paramCount)) };
}

/** σ_d ← the root-mean-square of u_id − μ_θ(x_i)_d (at least twice the policy's floor minStd). */
function setResidualStd(policy: MlpPolicy, n: number, obs: Float64Array, actions: Float64Array): void {
  const nu = policy.actionDim;
  const means = new Float64Array(n * nu);
  policy.mean(n, obs, means);
  const sigma = new Float64Array(nu);
  for (let d = 0; d < nu; d++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (actions[i * nu + d] - means[i * nu + d]) ** 2;
    sigma[d] = Math.max(Math.sqrt(sum / n), 2 * policy.minStd);
  }
  policy.setStd(sigma);
}

/**
 * Variable projection: f(z) = min over the output layer of the objective, with z = θ without the output
 * layer (the hidden layers, then the log-stds). Each evaluation solves the output layer for the current
 * hidden weights and σ (MlpPolicy.solveOutputLayer) and returns the full objective's gradient in z:
 * since the output layer is at its minimum, the objective's derivative in it is zero, so by the
 * envelope theorem df/dz is the partial derivative with the output layer held (Golub & Pereyra, 1973).
 * L-BFGS then searches only the nonlinear parameters, where descent on all of θ zig-zags between the two.
 * `evaluate(grad)` is the objective and its gradient in θ at the policy's current parameters.
 */
export function projectOutputLayer(
  policy: MlpPolicy,
  n: number,
  obs: Float64Array,
  actions: Float64Array,
  weightDecay: number,
  evaluate: (grad: Float64Array) => number,
) {
  const { sizes, weightOffset, logStdOffset, paramCount } = policy.layout;
  const nu = policy.actionDim;
  const hiddenEnd = weightOffset[sizes.length - 2]; // θ[0, hiddenEnd) are the hidden layers; the output layer follows
  const theta = Float64Array.from(policy.getParams());
  const grad = new Float64Array(paramCount);
  const toTheta = (z: Float64Array): void => {
    theta.set(z.subarray(0, hiddenEnd), 0);
    theta.set(z.subarray(hiddenEnd), logStdOffset);
    policy.setParams(theta);
    policy.solveOutputLayer(n, obs, actions, weightDecay);
  };
  return {
    start: (): Float64Array => {
      const x = policy.getParams();
      const z = new Float64Array(hiddenEnd + nu);
      z.set(x.subarray(0, hiddenEnd), 0);
      z.set(x.subarray(logStdOffset, logStdOffset + nu), hiddenEnd);
      return z;
    },
    objective: (z: Float64Array, gz: Float64Array): number => {
      toTheta(z);
      const f = evaluate(grad);
      gz.set(grad.subarray(0, hiddenEnd), 0);
      gz.set(grad.subarray(logStdOffset, logStdOffset + nu), hiddenEnd);
      return f;
    },
    /** The result in θ (the output layer solved at the returned z). */
    expandResult: (result: LbfgsResult): LbfgsResult => {
      toTheta(result.x);
      return { ...result, x: Float64Array.from(policy.getParams()) };
    },
  };
}
