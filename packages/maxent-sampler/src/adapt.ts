/**
 * Adaptive guiding distributions (Levine & Koltun 2013, Sec. 4.2): re-run DDP on
 *
 *   r̄(x, u) = r(x, u) + τ_T log π_θ(u | o(x)),
 *
 * whose guiding distribution approximates the I-projection of ρ_θ(τ) ∝ exp(r(τ)/τ_T) π_θ(τ),
 * starting from the previous DDP solution. The policy sees an observation o = obs(x) (identity when
 * no map is given). π_θ is Gaussian in u, so with P = Σ_θ⁻¹, d = u − μ_θ(o) and M = ∂μ_θ/∂o · ∂o/∂x:
 *
 *   ∂ log π/∂u = −P d,   ∂² log π/∂u² = −P,   ∂² log π/∂u∂x = P M,
 *   ∂ log π/∂x = Mᵀ P d, ∂² log π/∂x² ≈ −Mᵀ P M   (Gauss–Newton: curvature of μ_θ and o dropped).
 *
 * Only `logProb` and `meanJacobian` of the policy are used: −P d and P are recovered exactly from
 * log π at 1 + 2n + n(n−1)/2 actions around u (log π is quadratic in u), in one batched call.
 */
import { assertNonNegative } from '@guided/core';
import type { Reward, RewardDerivatives, StochasticPolicy } from '@guided/core';
import { ilqr } from '@guided/ilqr';
import type { IlqrOptions, IlqrProblem, IlqrResult } from '@guided/ilqr';
import { guidingFromIlqr } from './from-ilqr.js';
import type { GuidingDiagnostics } from './from-ilqr.js';
import type { LinearGaussianPolicy } from './linear-gaussian.js';

/** o = obs(x) and its Jacobian ∂o/∂x [obsDim × stateDim]. */
export interface ObservationMap {
  readonly obsDim: number;
  observe(x: Float64Array, out: Float64Array): unknown;
  jacobian(x: Float64Array, out: Float64Array): void;
}

export type PolicyForAdaptation = Pick<StochasticPolicy, 'inputDim' | 'actionDim' | 'logProb' | 'meanJacobian'>;

export interface AugmentedRewardOptions {
  /** τ_T, the weight on log π_θ (the guiding distribution's temperature). Default 1. */
  temperature?: number;
  /** The policy's observation of the state; default: the state itself. */
  observation?: ObservationMap;
}

/** r̄(x, u) = r(x, u) + τ_T log π_θ(u | obs(x)) as a Reward with Gauss–Newton second derivatives. */
export class PolicyAugmentedReward implements Reward {
  readonly stateDim: number;
  readonly actionDim: number;
  readonly temperature: number;
  private readonly base: Reward;
  private readonly policy: PolicyForAdaptation;
  private readonly observation: ObservationMap | undefined;
  private readonly no: number;
  private readonly points: number;
  private readonly obs: Float64Array;
  private readonly obsBatch: Float64Array;
  private readonly actBatch: Float64Array;
  private readonly logpBatch: Float64Array;
  private readonly one: Float64Array;
  private readonly Jmean: Float64Array;
  private readonly Jobs: Float64Array;
  private readonly M: Float64Array;
  private readonly g: Float64Array;
  private readonly P: Float64Array;
  private readonly PM: Float64Array;

  constructor(reward: Reward, policy: PolicyForAdaptation, options: AugmentedRewardOptions = {}) {
    const where = 'PolicyAugmentedReward';
    this.temperature = options.temperature ?? 1;
    assertNonNegative(where, 'temperature', this.temperature, true);
    this.base = reward;
    this.policy = policy;
    this.observation = options.observation;
    this.stateDim = reward.stateDim;
    this.actionDim = reward.actionDim;
    const nx = reward.stateDim;
    const nu = reward.actionDim;
    const no = options.observation ? options.observation.obsDim : nx;
    if (policy.inputDim !== no) {
      throw new Error(`${where}: policy.inputDim ${policy.inputDim} differs from the observation size ${no}${options.observation ? '' : ' (the state; give an observation map)'}`);
    }
    if (policy.actionDim !== nu) throw new Error(`${where}: policy.actionDim ${policy.actionDim} differs from reward.actionDim ${nu}`);
    this.no = no;
    this.points = 1 + 2 * nu + (nu * (nu - 1)) / 2;
    this.obs = new Float64Array(no);
    this.obsBatch = new Float64Array(this.points * no);
    this.actBatch = new Float64Array(this.points * nu);
    this.logpBatch = new Float64Array(this.points);
    this.one = new Float64Array(1);
    this.Jmean = new Float64Array(nu * no);
    this.Jobs = new Float64Array(no * nx);
    this.M = new Float64Array(nu * nx);
    this.g = new Float64Array(nu);
    this.P = new Float64Array(nu * nu);
    this.PM = new Float64Array(nu * nx);
  }

  private observe(x: Float64Array): Float64Array {
    if (this.observation) this.observation.observe(x, this.obs);
    else this.obs.set(x);
    return this.obs;
  }

  /** log π_θ(u | obs(x)). */
  logPolicy(x: Float64Array, u: Float64Array): number {
    const o = this.observe(x);
    this.policy.logProb(1, o, u, this.one);
    return this.one[0];
  }

  reward(x: Float64Array, u: Float64Array): number {
    return this.base.reward(x, u) + this.temperature * this.logPolicy(x, u);
  }

  /**
   * Gradient g = ∂ log π/∂u (= −P d) and precision P at (o, u) from log π at u, u ± e_i and
   * u + e_i + e_j (exact central / mixed differences of a quadratic). Returns log π(u | o).
   */
  private localQuadratic(o: Float64Array, u: Float64Array): number {
    const nu = this.actionDim;
    const no = this.no;
    const { obsBatch, actBatch, logpBatch, g, P } = this;
    // Rows: u, then u + e_i and u − e_i for each i, then u + e_i + e_j for i < j.
    for (let r = 0; r < this.points; r++) {
      obsBatch.set(o, r * no);
      actBatch.set(u, r * nu);
    }
    for (let i = 0; i < nu; i++) {
      actBatch[(1 + 2 * i) * nu + i] += 1;
      actBatch[(2 + 2 * i) * nu + i] -= 1;
    }
    let row = 1 + 2 * nu;
    for (let i = 0; i < nu; i++) {
      for (let j = i + 1; j < nu; j++) {
        actBatch[row * nu + i] += 1;
        actBatch[row * nu + j] += 1;
        row++;
      }
    }
    this.policy.logProb(this.points, obsBatch, actBatch, logpBatch);
    for (let i = 0; i < this.points; i++) {
      if (!Number.isFinite(logpBatch[i])) throw new Error(`PolicyAugmentedReward: the policy's log-probability is ${logpBatch[i]}`);
    }
    const f0 = logpBatch[0];
    const fp = (i: number) => logpBatch[1 + 2 * i];
    const fm = (i: number) => logpBatch[2 + 2 * i];
    for (let i = 0; i < nu; i++) {
      g[i] = 0.5 * (fp(i) - fm(i));
      P[i * nu + i] = -(fp(i) + fm(i) - 2 * f0);
    }
    let k = 1 + 2 * nu;
    for (let i = 0; i < nu; i++) {
      for (let j = i + 1; j < nu; j++) {
        const pij = -(logpBatch[k++] - fp(i) - fp(j) + f0);
        P[i * nu + j] = pij;
        P[j * nu + i] = pij;
      }
    }
    return f0;
  }

  derivatives(x: Float64Array, u: Float64Array, out: RewardDerivatives): number {
    const nx = this.stateDim;
    const nu = this.actionDim;
    const no = this.no;
    const tau = this.temperature;
    const r = this.base.derivatives(x, u, out);
    const o = this.observe(x);
    const logp = this.localQuadratic(o, u);
    // M = (∂μ/∂o)(∂o/∂x) [nu × nx]
    this.policy.meanJacobian(o, this.Jmean);
    const { Jmean, Jobs, M, g, P, PM } = this;
    if (this.observation) {
      this.observation.jacobian(x, Jobs);
      M.fill(0);
      for (let j = 0; j < nu; j++) {
        for (let k = 0; k < no; k++) {
          const a = Jmean[j * no + k];
          if (a === 0) continue;
          for (let i = 0; i < nx; i++) M[j * nx + i] += a * Jobs[k * nx + i];
        }
      }
    } else {
      M.set(Jmean);
    }
    // PM = P M
    PM.fill(0);
    for (let j = 0; j < nu; j++) {
      for (let c = 0; c < nu; c++) {
        const p = P[j * nu + c];
        if (p === 0) continue;
        for (let i = 0; i < nx; i++) PM[j * nx + i] += p * M[c * nx + i];
      }
    }
    // P d = −g, so ∂/∂x = Mᵀ P d = −Mᵀ g.
    for (let j = 0; j < nu; j++) {
      out.ru[j] += tau * g[j];
      for (let c = 0; c < nu; c++) out.ruu[j * nu + c] -= tau * P[j * nu + c];
      for (let i = 0; i < nx; i++) {
        out.rx[i] -= tau * M[j * nx + i] * g[j];
        out.rux[j * nx + i] += tau * PM[j * nx + i];
      }
    }
    for (let a = 0; a < nx; a++) {
      for (let b = 0; b < nx; b++) {
        let s = 0;
        for (let j = 0; j < nu; j++) s += M[j * nx + a] * PM[j * nx + b];
        out.rxx[a * nx + b] -= tau * s;
      }
    }
    return r + tau * logp;
  }
}

export interface AdaptOptions extends AugmentedRewardOptions {
  /** iLQR options; maxIterations defaults to 50 (the paper's count per adaptation). */
  ilqr?: IlqrOptions;
  /** Include k in the guiding mean (see guidingFromIlqr). Default true. */
  feedforward?: boolean;
}

/**
 * One adaptation: iLQR on r̄ = r + τ_T log π_θ starting from `previous` (its actions), then the
 * guiding distribution of the result at the same temperature.
 */
export async function adaptGuidingDistribution(
  problem: IlqrProblem,
  previous: Pick<IlqrResult, 'actions'>,
  policy: PolicyForAdaptation,
  options: AdaptOptions = {},
): Promise<{ result: IlqrResult; policy: LinearGaussianPolicy; diagnostics: GuidingDiagnostics }> {
  const reward = new PolicyAugmentedReward(problem.reward, policy, options);
  const result = await ilqr({ ...problem, reward }, { actions: previous.actions }, { maxIterations: 50, ...options.ilqr });
  const { policy: guide, diagnostics } = guidingFromIlqr(result, { temperature: reward.temperature, feedforward: options.feedforward });
  return { result, policy: guide, diagnostics };
}
