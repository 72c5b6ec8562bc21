/**
 * Algorithm 1, line 9: adaptive guiding distributions (Section 4.2). DDP is re-run from the previous
 * guide's nominal controls on the augmented reward r̄(x, u) = r(x, u) + τ log π_θ(u | o(x)), whose
 * max-ent solution approximates the I-projection of ρ_θ(ζ) ∝ exp(r(ζ)/τ) π_θ(ζ): trajectories with
 * high reward that the current policy can also reproduce. The new guide's gains come from the same
 * backward pass as line 1's (guideAround) on r̄, with the tracking weight ddp.adaptiveTracking (default
 * 0): r̄'s policy term is itself a tracking term toward the policy (∂²/∂u² = −τ Σ_θ⁻¹, ∂²/∂x² ≈ −τ Mᵀ Σ_θ⁻¹ M),
 * so with little curvature from the dynamics the guide's covariance −τ Q_uu⁻¹ approaches Σ_θ.
 */
import type { Guide, PolicyDescriptor } from '@guided/gps';
import { ilqr } from '@guided/ilqr';
import { PolicyAugmentedReward } from '@guided/maxent-sampler';
import type { LinearGaussianPolicy, ObservationMap } from '@guided/maxent-sampler';
import { mlpPolicyFromJSON } from '@guided/mlp-policy';
import type { SimPool, SimTask } from '@guided/sim';
import type { BenchmarkConfig } from './config.js';
import { createGainPool, describe, guideAround } from './guides.js';

export type AdaptGuide = (guide: Guide, policy: PolicyDescriptor, ddpIterations: number) => Promise<Guide>;

/**
 * The runner's `problem.adaptGuide`. It keeps its own pool for the gains' finite-difference step:
 * call `close()` when the run ends.
 */
export async function createGuideAdapter(
  config: BenchmarkConfig,
  task: SimTask,
  pool: SimPool,
  note: (line: string) => void,
): Promise<{ adaptGuide: AdaptGuide; close: () => Promise<void> }> {
  const gainPool = await createGainPool(config, pool.size);
  const observation = taskObservation(task);
  const x0 = task.initialState();
  const temperature = config.ddp.temperature;
  const gainsConfig = { ...config.ddp, tracking: config.ddp.adaptiveTracking ?? 0 };
  const adaptGuide: AdaptGuide = async (guide, policySpec, ddpIterations) => {
    const previous = guide.distribution as LinearGaussianPolicy;
    if (!(previous.meanActions instanceof Float64Array) || previous.T !== task.horizon) {
      throw new Error(`adaptGuide: expected a linear-Gaussian guide of ${task.horizon} steps from line 1 or an earlier adaptation`);
    }
    const policy = mlpPolicyFromJSON(policySpec.data, { inputDim: task.obsDim, actionDim: task.actionDim });
    const reward = new PolicyAugmentedReward(task.reward, policy, { temperature, observation });
    const solution = await ilqr(
      { dynamics: task, reward, horizon: task.horizon, x0, linearizer: pool },
      { actions: previous.meanActions },
      { maxIterations: ddpIterations },
    );
    const adapted = await guideAround(gainsConfig, task, gainPool, x0, solution, reward);
    const { avgVelocity, fellAt } = describe(task, solution.states, solution.T);
    const spread = meanPerControl(adapted.distribution.standardDeviations(), task.actionDim);
    const taskReward = sumTaskReward(task, solution.states, solution.actions);
    note(
      `adapted guide: r + τ log π ${solution.totalReward.toFixed(2)} (from ${solution.initialReward.toFixed(2)}), task reward ${taskReward.toFixed(2)}, ` +
        `velocity ${avgVelocity.toFixed(3)} m/s, ${fellAt >= 0 ? `falls at step ${fellAt}` : 'no fall'} (${solution.iterations} iterations, ${solution.stopReason}); ` +
        `guide std ${spread.map((s) => s.toFixed(3)).join(' / ')} against the policy's σ ${Array.from(policy.std(), (s) => s.toFixed(3)).join(' / ')}`,
    );
    return adapted;
  };
  return { adaptGuide, close: () => gainPool.close() };
}

/** The mean over steps of per-step, per-control values [T × nu] → [nu]. */
function meanPerControl(values: Float64Array, nu: number): number[] {
  const out = new Array<number>(nu).fill(0);
  for (let i = 0; i < values.length; i++) out[i % nu] += values[i] / (values.length / nu);
  return out;
}

/** Σ_t r(x̂_t, û_t) of a nominal under the task's own reward (without the policy term). */
function sumTaskReward(task: SimTask, states: Float64Array, actions: Float64Array): number {
  const nx = task.stateDim;
  const nu = task.actionDim;
  let sum = 0;
  for (let t = 0; t < task.horizon; t++) {
    sum += task.reward.reward(states.subarray(t * nx, (t + 1) * nx), actions.subarray(t * nu, (t + 1) * nu));
  }
  return sum;
}

/**
 * The task's observation o(x) (SimTask.observe) with its Jacobian ∂o/∂x by central differences. o is a
 * selection of state coordinates, with the root height taken above the terrain below the root, so the
 * differences are exact except where the terrain's slope changes within ±h of the root.
 */
export function taskObservation(task: SimTask, h = 1e-6): ObservationMap {
  const nx = task.stateDim;
  const no = task.obsDim;
  const xp = new Float64Array(nx);
  const op = new Float64Array(no);
  const om = new Float64Array(no);
  return {
    obsDim: no,
    observe: (x, out) => task.observe(x, out),
    jacobian(x, out) {
      xp.set(x);
      for (let i = 0; i < nx; i++) {
        xp[i] = x[i] + h;
        task.observe(xp, op);
        xp[i] = x[i] - h;
        task.observe(xp, om);
        xp[i] = x[i];
        for (let k = 0; k < no; k++) out[k * nx + i] = (op[k] - om[k]) / (2 * h);
      }
    },
  };
}
