/**
 * Loading a saved policy (the versioned JSON of MlpPolicy.toJSON()) and describing a policy so a
 * worker thread can rebuild it: `(await import(spec.module))[spec.exportName](spec.data)`.
 */
import { MLP_POLICY_FORMAT, MLP_POLICY_VERSION, type MlpPolicyJSON } from './format.js';
import { mlpLayout } from './layout.js';
import { MlpPolicy } from './mlp-policy.js';

/** Shape the caller expects; a file that differs is refused with the differing field named. */
export interface ExpectedShape {
  inputDim?: number;
  actionDim?: number;
  hidden?: readonly number[];
}

const WHERE = 'mlpPolicyFromJSON';

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function numberArray(name: string, value: unknown, length: number, what: string): number[] {
  if (!Array.isArray(value)) throw new Error(`${WHERE}: ${name} must be an array, got ${show(value)}`);
  if (value.length !== length) {
    throw new Error(`${WHERE}: ${name} has ${value.length} entries, but ${what} needs ${length}`);
  }
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${WHERE}: ${name}[${i}] is ${show(v)}`);
  }
  return value as number[];
}

/** Rebuilds an MlpPolicy from toJSON() output (also after JSON.stringify/parse or a structured clone). */
export function mlpPolicyFromJSON(data: unknown, expected?: ExpectedShape): MlpPolicy {
  if (data == null || typeof data !== 'object') throw new Error(`${WHERE}: data must be an object, got ${show(data)}`);
  const d = data as Partial<Record<keyof MlpPolicyJSON, unknown>>;
  if (d.format !== MLP_POLICY_FORMAT) {
    throw new Error(`${WHERE}: format must be '${MLP_POLICY_FORMAT}', got ${show(d.format)}`);
  }
  if (d.version !== MLP_POLICY_VERSION) {
    throw new Error(`${WHERE}: unsupported version ${show(d.version)} (this build reads version ${MLP_POLICY_VERSION})`);
  }
  const { inputDim, actionDim, hidden, minStd } = d;
  for (const [name, v] of [['inputDim', inputDim], ['actionDim', actionDim]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new Error(`${WHERE}: ${name} must be an integer ≥ 1, got ${show(v)}`);
    }
  }
  if (!Array.isArray(hidden) || hidden.some((h) => typeof h !== 'number' || !Number.isInteger(h) || h < 1)) {
    throw new Error(`${WHERE}: hidden must be an array of integers ≥ 1, got ${show(hidden)}`);
  }
  if (typeof minStd !== 'number' || !Number.isFinite(minStd) || !(minStd > 0)) {
    throw new Error(`${WHERE}: minStd must be a finite number > 0, got ${show(minStd)}`);
  }
  const inDim = inputDim as number;
  const outDim = actionDim as number;
  if (expected) {
    if (expected.inputDim !== undefined && expected.inputDim !== inDim) {
      throw new Error(`${WHERE}: inputDim differs: file has ${inDim}, expected ${expected.inputDim}`);
    }
    if (expected.actionDim !== undefined && expected.actionDim !== outDim) {
      throw new Error(`${WHERE}: actionDim differs: file has ${outDim}, expected ${expected.actionDim}`);
    }
    if (expected.hidden !== undefined && show(hidden) !== show([...expected.hidden])) {
      throw new Error(`${WHERE}: hidden differs: file has ${show(hidden)}, expected ${show([...expected.hidden])}`);
    }
  }
  const shape = `inputDim ${inDim}, hidden ${show(hidden)}, actionDim ${outDim}`;
  const params = numberArray('params', d.params, mlpLayout(inDim, hidden, outDim).paramCount, shape);
  const norm = d.normalization as { mean?: unknown; std?: unknown } | undefined;
  if (norm == null || typeof norm !== 'object') {
    throw new Error(`${WHERE}: normalization must be an object { mean, std }, got ${show(norm)}`);
  }
  const mean = numberArray('normalization.mean', norm.mean, inDim, `inputDim ${inDim}`);
  const std = numberArray('normalization.std', norm.std, inDim, `inputDim ${inDim}`);

  const policy = new MlpPolicy({ inputDim: inDim, actionDim: outDim, hidden, seed: 0, minStd, initStd: 2 * minStd });
  policy.setParams(Float64Array.from(params));
  policy.setNormalization({ mean: Float64Array.from(mean), std: Float64Array.from(std) });
  return policy;
}

/** How a worker rebuilds a policy: `(await import(module))[exportName](data)`. */
export interface PolicySpec {
  module: string;
  exportName: string;
  data: unknown;
}

/**
 * The worker-thread description of `policy`. `module` is the URL of this module (so it resolves from any
 * worker file, pnpm-isolated or not); in a CommonJS build, where import.meta is unavailable, it falls
 * back to the package name '@guided/mlp-policy'. From source (tsx), the URL ends in .ts and the worker
 * must run with tsx too.
 */
export function mlpPolicySpec(policy: MlpPolicy): PolicySpec {
  const here = (import.meta as { url?: string } | undefined)?.url;
  return { module: here ?? '@guided/mlp-policy', exportName: 'mlpPolicyFromJSON', data: policy.toJSON() };
}
