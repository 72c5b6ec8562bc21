/**
 * A time-varying linear-Gaussian controller on the full state,
 *
 *   π(u_t | x_t) = N(ū_t + K_t (x_t − x̂_t), Σ_t),
 *
 * which is the guiding distribution π_G of Levine & Koltun (2013, Eq. 4) when ū_t = û_t + k_t and
 * Σ_t = −Q_uu,t⁻¹ (times the temperature). Each Σ_t is factored once (Σ = L Lᵀ): sampling is
 * u = mean + L ε and the log-density is −½|L⁻¹(u − mean)|² − Σ log L_ii − (n/2) log 2π.
 */
import { assertFinite, assertInteger, assertLength, cholesky } from '@guided/core';
import type { GuidingDistribution, Rng } from '@guided/core';

const LOG_2PI = Math.log(2 * Math.PI);
const MODULE_URL: string = typeof import.meta.url === 'string' && import.meta.url !== '' ? import.meta.url : '@guided/maxent-sampler';

/** The plain data of a linear-Gaussian controller (what JSON holds). */
export interface LinearGaussianData {
  T: number;
  stateDim: number;
  actionDim: number;
  /** x̂ [T, nx] (rows 0..T−1 of the nominal states) */
  nominalStates: Float64Array;
  /** ū [T, nu]: the mean action at x = x̂ */
  meanActions: Float64Array;
  /** K [T, nu, nx] */
  gains: Float64Array;
  /** Σ [T, nu, nu], symmetric positive definite */
  covariances: Float64Array;
}

/** Descriptor a worker thread can rebuild the policy from: `(await import(module))[exportName](data)`. */
export interface PolicyDescriptor {
  module: string;
  exportName: string;
  data: unknown;
}

export class LinearGaussianPolicy implements GuidingDistribution {
  readonly T: number;
  readonly stateDim: number;
  readonly actionDim: number;
  readonly nominalStates: Float64Array;
  readonly meanActions: Float64Array;
  readonly gains: Float64Array;
  readonly covariances: Float64Array;
  /** Cholesky factors L_t of Σ_t [T, nu, nu]. */
  readonly factors: Float64Array;
  /** −½ log det(2π Σ_t) [T]. */
  readonly logNormalizers: Float64Array;
  private readonly work: Float64Array;

  /** Validates sizes, finiteness and positive definiteness (the error names the step). Copies nothing: the arrays are kept. */
  constructor(data: LinearGaussianData) {
    const where = 'LinearGaussianPolicy';
    const { T, stateDim: nx, actionDim: nu } = data;
    assertInteger(where, 'T', T, 1);
    assertInteger(where, 'stateDim', nx, 1);
    assertInteger(where, 'actionDim', nu, 1);
    assertLength(where, 'nominalStates', data.nominalStates, T * nx);
    assertLength(where, 'meanActions', data.meanActions, T * nu);
    assertLength(where, 'gains', data.gains, T * nu * nx);
    assertLength(where, 'covariances', data.covariances, T * nu * nu);
    assertFinite(where, 'nominalStates', data.nominalStates);
    assertFinite(where, 'meanActions', data.meanActions);
    assertFinite(where, 'gains', data.gains);
    assertFinite(where, 'covariances', data.covariances);
    this.T = T;
    this.stateDim = nx;
    this.actionDim = nu;
    this.nominalStates = data.nominalStates;
    this.meanActions = data.meanActions;
    this.gains = data.gains;
    this.covariances = data.covariances;
    this.factors = new Float64Array(T * nu * nu);
    this.logNormalizers = new Float64Array(T);
    this.work = new Float64Array(nu);
    const nuu = nu * nu;
    for (let t = 0; t < T; t++) {
      const S = data.covariances.subarray(t * nuu, (t + 1) * nuu);
      for (let i = 0; i < nu; i++) {
        for (let j = 0; j < i; j++) {
          const a = S[i * nu + j];
          const b = S[j * nu + i];
          if (Math.abs(a - b) > 1e-12 * (Math.abs(a) + Math.abs(b)) + 1e-300) {
            throw new Error(`${where}: covariances[${t}] is not symmetric: (${i},${j}) = ${a}, (${j},${i}) = ${b}`);
          }
        }
      }
      const L = this.factors.subarray(t * nuu, (t + 1) * nuu);
      if (!cholesky(nu, S, L)) {
        throw new Error(`${where}: covariances[${t}] is not positive definite (diagonal ${Array.from({ length: nu }, (_, i) => S[i * nu + i])})`);
      }
      let logDet = 0;
      for (let i = 0; i < nu; i++) logDet += 2 * Math.log(L[i * nu + i]);
      this.logNormalizers[t] = -0.5 * (logDet + nu * LOG_2PI);
    }
  }

  private checkStep(method: string, t: number): void {
    if (!Number.isInteger(t) || t < 0 || t >= this.T) {
      throw new Error(`LinearGaussianPolicy.${method}: t must be an integer in [0, ${this.T - 1}], got ${t}`);
    }
  }

  /** Writes the mean ū_t + K_t (x − x̂_t) into `out` [nu] and returns it. */
  mean(t: number, x: Float64Array, out: Float64Array = new Float64Array(this.actionDim)): Float64Array {
    this.checkStep('mean', t);
    const { stateDim: nx, actionDim: nu } = this;
    const xo = t * nx;
    const uo = t * nu;
    const ko = t * nu * nx;
    const xh = this.nominalStates;
    for (let j = 0; j < nu; j++) {
      let s = this.meanActions[uo + j];
      const kr = ko + j * nx;
      for (let i = 0; i < nx; i++) s += this.gains[kr + i] * (x[i] - xh[xo + i]);
      out[j] = s;
    }
    return out;
  }

  /** Draws u_t ~ N(mean, Σ_t) into `out` (nu standard normals from `rng`). */
  sample(t: number, x: Float64Array, rng: Rng, out: Float64Array = new Float64Array(this.actionDim)): Float64Array {
    this.mean(t, x, out);
    const nu = this.actionDim;
    const eps = this.work;
    for (let j = 0; j < nu; j++) eps[j] = rng.normal();
    const lo = t * nu * nu;
    const L = this.factors;
    for (let i = 0; i < nu; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += L[lo + i * nu + j] * eps[j];
      out[i] += s;
    }
    return out;
  }

  /** log π(u_t | x_t), exact Gaussian log-density. */
  logProb(t: number, x: Float64Array, u: Float64Array): number {
    const nu = this.actionDim;
    const z = this.mean(t, x, this.work);
    for (let j = 0; j < nu; j++) z[j] = u[j] - z[j];
    // Forward substitution L z' = z in place.
    const lo = t * nu * nu;
    const L = this.factors;
    let quad = 0;
    for (let i = 0; i < nu; i++) {
      let s = z[i];
      for (let k = 0; k < i; k++) s -= L[lo + i * nu + k] * z[k];
      s /= L[lo + i * nu + i];
      z[i] = s;
      quad += s * s;
    }
    return this.logNormalizers[t] - 0.5 * quad;
  }

  /**
   * The rollout-policy shape shared with the sim: acts on the full state when given (`state`),
   * otherwise on `obs` if it is the full state. `t` is required (the controller is time-varying).
   */
  act(obs: Float64Array, rng: Rng, out?: Float64Array, t?: number, state?: Float64Array): Float64Array {
    if (t === undefined) throw new Error('LinearGaussianPolicy.act: the time step t is required');
    const x = state ?? obs;
    if (x.length !== this.stateDim) {
      throw new Error(`LinearGaussianPolicy.act: needs the full state (length ${this.stateDim}); got ${state ? 'state' : 'obs'} of length ${x.length}`);
    }
    return this.sample(t, x, rng, out);
  }

  /** Standard deviations √Σ_t,jj [T, nu]. */
  standardDeviations(): Float64Array {
    const { T, actionDim: nu } = this;
    const out = new Float64Array(T * nu);
    for (let t = 0; t < T; t++) for (let j = 0; j < nu; j++) out[t * nu + j] = Math.sqrt(this.covariances[t * nu * nu + j * nu + j]);
    return out;
  }

  toJSON(): LinearGaussianJSON {
    return {
      kind: 'linear-gaussian',
      T: this.T,
      stateDim: this.stateDim,
      actionDim: this.actionDim,
      nominalStates: Array.from(this.nominalStates),
      meanActions: Array.from(this.meanActions),
      gains: Array.from(this.gains),
      covariances: Array.from(this.covariances),
    };
  }

  /**
   * What a worker pool needs to rebuild this policy in another thread. `module` is this file's
   * absolute URL (src under tsx, dist when built), so a worker in another package can import it
   * without depending on this one; the package name when no URL is available (CJS build).
   */
  toDescriptor(): PolicyDescriptor {
    return { module: MODULE_URL, exportName: 'linearGaussianFromJSON', data: this.toJSON() };
  }
}

export interface LinearGaussianJSON {
  kind: 'linear-gaussian';
  T: number;
  stateDim: number;
  actionDim: number;
  nominalStates: number[];
  meanActions: number[];
  gains: number[];
  covariances: number[];
}

/** Rebuilds a LinearGaussianPolicy from `toJSON()` output (numbers round-trip exactly through JSON). */
export function linearGaussianFromJSON(data: unknown): LinearGaussianPolicy {
  const d = data as Partial<LinearGaussianJSON> | null;
  if (d === null || typeof d !== 'object' || d.kind !== 'linear-gaussian') {
    throw new Error(`linearGaussianFromJSON: expected an object with kind 'linear-gaussian', got ${d === null || typeof d !== 'object' ? String(d) : `kind ${JSON.stringify(d.kind)}`}`);
  }
  const arr = (name: keyof LinearGaussianJSON): Float64Array => {
    const v = d[name];
    if (!Array.isArray(v)) throw new Error(`linearGaussianFromJSON: ${name} must be an array of numbers`);
    const a = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`linearGaussianFromJSON: ${name}[${i}] is ${JSON.stringify(x)}`);
      a[i] = x;
    }
    return a;
  };
  return new LinearGaussianPolicy({
    T: d.T as number,
    stateDim: d.stateDim as number,
    actionDim: d.actionDim as number,
    nominalStates: arr('nominalStates'),
    meanActions: arr('meanActions'),
    gains: arr('gains'),
    covariances: arr('covariances'),
  });
}
