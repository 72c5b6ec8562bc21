/**
 * Iterative LQR (Tassa, Erez & Todorov 2012; Levine & Koltun 2013, Sec. 4.1) maximizing
 * Σ_t r(x_t, u_t) [+ tracking] + r_T(x_T). One iteration:
 *   1. (after an accepted step) linearize the dynamics and expand the reward along the nominal;
 *   2. backward pass with regularization μ, raising μ and retrying while Q_uu is not negative definite;
 *   3. forward line search over α, accepting the first step whose actual / expected improvement
 *      exceeds `acceptRatio`; μ falls after an accepted step and rises after a rejected one.
 * The returned gains, Q_uu and value function always belong to the returned nominal.
 */
import type { RewardDerivatives } from '@guided/core';
import { BackwardPass } from './backward.js';
import type { BackwardOutputs, BackwardResult, ControlLimits } from './backward.js';
import { createTrajectoryBuffers, forwardPass } from './forward.js';
import type { ForwardFailure, TrajectoryBuffers } from './forward.js';
import { TrajectoryLinearizer } from './linearize.js';
import { StageObjective } from './objective.js';
import type { ExpansionBuffers } from './objective.js';
import { RegularizationSchedule } from './regularization.js';
import type { IlqrInit, IlqrOptions, IlqrProblem, IlqrResult, IterationRecord, StopReason } from './types.js';
import { resolveOptions, validateProblem } from './validate.js';

const now = (): number => performance.now();

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** mean_t max_i |k_t,i| / (|û_t,i| + 1): Tassa's measure of how far the nominal is from a stationary point. */
function feedforwardSize(T: number, nu: number, k: Float64Array, actions: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < T; t++) {
    let m = 0;
    for (let j = 0; j < nu; j++) m = Math.max(m, Math.abs(k[t * nu + j]) / (Math.abs(actions[t * nu + j]) + 1));
    sum += m;
  }
  return sum / T;
}

function checkExpansion(exp: ExpansionBuffers, nx: number, nu: number): void {
  const parts: [string, Float64Array, number][] = [
    ['rx', exp.rx, nx],
    ['rxx', exp.rxx, nx * nx],
    ['ru', exp.ru, nu],
    ['ruu', exp.ruu, nu * nu],
    ['rux', exp.rux, nu * nx],
  ];
  for (const [name, M, block] of parts) {
    for (let i = 0; i < M.length; i++) {
      if (!Number.isFinite(M[i])) {
        const t = Math.floor(i / block);
        throw new Error(`ilqr: reward derivative ${name} at step ${t} has entry ${i - t * block} = ${M[i]}`);
      }
    }
  }
}

/**
 * Runs iLQR. Async because the problem's linearizer may work across threads.
 * Throws on bad input, on a non-finite initial rollout or reward, and on non-finite Jacobians.
 */
export async function ilqr(problem: IlqrProblem, init?: IlqrInit, options?: IlqrOptions): Promise<IlqrResult> {
  const start = now();
  const opts = resolveOptions(options);
  const { nx, nu } = validateProblem(problem, init);
  const T = problem.horizon;
  const { dynamics, x0 } = problem;
  const lower = dynamics.actionLower;
  const upper = dynamics.actionUpper;
  const limits: ControlLimits | undefined = lower && upper ? { lower, upper } : undefined;

  const objective = new StageObjective(problem.reward, T, nx, nu, problem.terminalReward, problem.tracking);
  const linearizer = new TrajectoryLinearizer(dynamics, T, problem.linearizer);
  const backward = new BackwardPass(nx, nu);
  let nominal = createTrajectoryBuffers(T, nx, nu);
  let trial = createTrajectoryBuffers(T, nx, nu);
  const dx = new Float64Array(nx);
  const failure: ForwardFailure = { error: null };

  const exp: ExpansionBuffers = {
    rx: new Float64Array((T + 1) * nx),
    rxx: new Float64Array((T + 1) * nx * nx),
    ru: new Float64Array(T * nu),
    ruu: new Float64Array(T * nu * nu),
    rux: new Float64Array(T * nu * nx),
  };
  const derivs: RewardDerivatives[] = [];
  for (let t = 0; t < T; t++) {
    derivs.push({
      rx: exp.rx.subarray(t * nx, (t + 1) * nx),
      ru: exp.ru.subarray(t * nu, (t + 1) * nu),
      rxx: exp.rxx.subarray(t * nx * nx, (t + 1) * nx * nx),
      ruu: exp.ruu.subarray(t * nu * nu, (t + 1) * nu * nu),
      rux: exp.rux.subarray(t * nu * nx, (t + 1) * nu * nx),
    });
  }
  const terminalRx = exp.rx.subarray(T * nx);
  const terminalRxx = exp.rxx.subarray(T * nx * nx);

  const out: BackwardOutputs = {
    k: new Float64Array(T * nu),
    K: new Float64Array(T * nu * nx),
    Quu: new Float64Array(T * nu * nu),
    Qu: new Float64Array(T * nu),
    Vx: new Float64Array((T + 1) * nx),
    Vxx: new Float64Array((T + 1) * nx * nx),
    clamped: new Uint8Array(T * nu),
  };

  // Initial nominal.
  let feasible = true;
  if (init?.example) {
    nominal.states.set(init.example.states);
    nominal.actions.set(init.example.actions);
    feasible = false;
  } else {
    const zeroK = new Float64Array(T * nu * nx);
    const seed = createTrajectoryBuffers(T, nx, nu);
    if (init?.actions) seed.actions.set(init.actions);
    const bad = forwardPass(dynamics, x0, T, seed, out.k, zeroK, 0, lower, upper, nominal, dx, failure);
    if (bad >= 0 && failure.error !== null) {
      throw new Error(`ilqr: the initial rollout failed: dynamics.step threw at step ${bad}: ${describeError(failure.error)}`);
    }
    if (bad >= 0) throw new Error(`ilqr: the initial rollout is not finite: state ${bad + 1} has a NaN or infinite entry`);
  }
  let parts = objective.evaluate(nominal.rewards, nominal.stateRows, nominal.actionRows);
  if (!Number.isFinite(parts.objective)) {
    const t = nominal.rewards.findIndex((r) => !Number.isFinite(r));
    throw new Error(`ilqr: the initial objective is ${parts.objective}${t >= 0 ? ` (reward at step ${t} is ${nominal.rewards[t]})` : ''}`);
  }

  const initialParts = parts;
  const mu = new RegularizationSchedule(opts.muInit, opts.muMin, opts.muMax, opts.muFactor);
  let linearizeMs = 0;
  let backwardMs = 0;
  let choleskyFailures = 0;

  const expandNominal = async (): Promise<void> => {
    const t0 = now();
    await linearizer.linearize(nominal);
    objective.expand(nominal.stateRows, nominal.actionRows, derivs, exp, terminalRx, terminalRxx);
    checkExpansion(exp, nx, nu);
    linearizeMs += now() - t0;
  };

  /** Backward pass at the current μ, raising μ on each failure; null when μ passed μ_max. */
  const solveBackward = (): BackwardResult | null => {
    const t0 = now();
    try {
      for (;;) {
        const res = backward.run(T, linearizer.A, linearizer.B, exp, mu.mu, opts.regularization, out, limits, nominal.actions);
        if (res.ok) return res;
        choleskyFailures++;
        if (!mu.increase()) return null;
      }
    } finally {
      backwardMs += now() - t0;
    }
  };

  await expandNominal();
  let bp = solveBackward();
  if (bp === null) {
    throw new Error(`ilqr: Q_uu is not negative definite at the initial nominal even with μ = ${mu.mu} (> muMax ${opts.muMax})`);
  }
  let muUsed = mu.mu;
  let gradNorm = feedforwardSize(T, nu, out.k, nominal.actions);

  // Work since the last record (the first record includes the initial linearization and backward pass).
  let failuresRecorded = 0;
  const history: IterationRecord[] = [];
  const finishRecord = (record: IterationRecord): void => {
    record.choleskyFailures = choleskyFailures - failuresRecorded;
    record.linearizeMs = linearizeMs;
    record.backwardMs = backwardMs;
    history.push(record);
    failuresRecorded = choleskyFailures;
    linearizeMs = 0;
    backwardMs = 0;
  };
  let stopReason: StopReason = 'max-iterations';
  let best: TrajectoryBuffers | null = init?.example ? createTrajectoryBuffers(T, nx, nu) : null;
  let iteration = 0;

  while (iteration < opts.maxIterations) {
    if (now() - start > opts.maxTimeMs) {
      stopReason = 'time-limit';
      break;
    }
    iteration++;
    const record: IterationRecord = {
      iteration,
      objective: parts.objective,
      reward: parts.reward,
      accepted: false,
      alpha: 0,
      ratio: NaN,
      expected: bp.dV1 + bp.dV2,
      mu: muUsed,
      choleskyFailures: 0,
      nonFiniteRollouts: 0,
      failedRollouts: 0,
      lastFailure: null,
      gradNorm,
      linearizeMs: 0,
      backwardMs: 0,
      forwardMs: 0,
    };

    // Line search over the feedforward step size.
    const tf = now();
    let acceptedParts: { reward: number; objective: number } | null = null;
    for (const alpha of opts.stepSizes) {
      // A trial whose dynamics throw (a simulator that diverged) or give a non-finite state is a
      // rejected step size, like one that lowers the objective: try the next α; when every α
      // fails, μ rises below (Tassa 2012).
      const bad = forwardPass(dynamics, x0, T, nominal, out.k, out.K, alpha, lower, upper, trial, dx, failure);
      if (bad >= 0) {
        if (failure.error !== null) {
          record.failedRollouts++;
          record.lastFailure = `step ${bad}: ${describeError(failure.error)}`;
        } else record.nonFiniteRollouts++;
        continue;
      }
      const p = objective.evaluate(trial.rewards, trial.stateRows, trial.actionRows);
      if (!Number.isFinite(p.objective)) {
        record.nonFiniteRollouts++;
        continue;
      }
      const expected = alpha * bp.dV1 + alpha * alpha * bp.dV2;
      const actual = p.objective - parts.objective;
      if (!feasible) {
        // The nominal is an example, not a rollout: keep the best rollout over all step sizes.
        if (acceptedParts === null || p.objective > acceptedParts.objective) {
          acceptedParts = p;
          record.alpha = alpha;
          record.expected = expected;
          record.ratio = expected > 0 ? actual / expected : Math.sign(actual);
          const swap = best!;
          best = trial;
          trial = swap;
        }
        continue;
      }
      const ratio = expected > 0 ? actual / expected : Math.sign(actual);
      if (actual > 0 && ratio > opts.acceptRatio) {
        acceptedParts = p;
        record.alpha = alpha;
        record.ratio = ratio;
        record.expected = expected;
        break;
      }
    }
    record.forwardMs = now() - tf;

    if (acceptedParts !== null) {
      if (!feasible) {
        const swap = nominal;
        nominal = best!;
        best = swap;
      } else {
        const swap = nominal;
        nominal = trial;
        trial = swap;
      }
      const improvement = acceptedParts.objective - parts.objective;
      const wasFeasible = feasible;
      feasible = true;
      parts = acceptedParts;
      record.accepted = true;
      record.objective = parts.objective;
      record.reward = parts.reward;
      mu.decrease();
      await expandNominal();
      bp = solveBackward();
      if (bp === null) {
        throw new Error(`ilqr: Q_uu is not negative definite at iteration ${iteration} even with μ = ${mu.mu} (> muMax ${opts.muMax})`);
      }
      muUsed = mu.mu;
      gradNorm = feedforwardSize(T, nu, out.k, nominal.actions);
      finishRecord(record);
      if (opts.onIteration?.(record) === false) {
        stopReason = 'callback';
        break;
      }
      if (wasFeasible && improvement < opts.relTol * Math.abs(parts.objective)) {
        stopReason = 'converged';
        break;
      }
      if (gradNorm < opts.gradTol) {
        stopReason = 'small-gradient';
        break;
      }
    } else {
      // Rejected. When even the full step's predicted improvement is below what the tolerance (or
      // floating point) can resolve, the nominal is converged.
      const resolvable = Math.max(opts.relTol * Math.abs(parts.objective), 64 * Number.EPSILON * (Math.abs(parts.objective) + 1));
      if (bp.dV1 + bp.dV2 <= resolvable) {
        finishRecord(record);
        opts.onIteration?.(record);
        stopReason = 'converged';
        break;
      }
      // Raise μ and recompute the gains at the same nominal.
      const raised = mu.increase();
      let stop = !raised;
      if (raised) {
        const res = solveBackward();
        if (res === null) stop = true;
        else {
          bp = res;
          muUsed = mu.mu;
          gradNorm = feedforwardSize(T, nu, out.k, nominal.actions);
        }
      }
      finishRecord(record);
      if (stop) {
        stopReason = 'max-regularization';
        if (raised) {
          // Failed passes overwrote the outputs: recompute the gains at the last μ that worked.
          const res = backward.run(T, linearizer.A, linearizer.B, exp, muUsed, opts.regularization, out, limits, nominal.actions);
          if (!res.ok) throw new Error(`ilqr: internal error: the backward pass at μ = ${muUsed} failed on recomputation`);
        }
        break;
      }
      if (opts.onIteration?.(record) === false) {
        stopReason = 'callback';
        break;
      }
    }
  }

  // The reported gains and Q_uu: the least regularization the final nominal needs (μ = 0 when its
  // Q_uu is negative definite), not the μ the line search ended with.
  if (muUsed > 0) {
    const tb = now();
    const candidates = [0];
    for (let m = opts.muMin; m < muUsed; m *= 10) candidates.push(m);
    candidates.push(muUsed); // known to work
    for (const m of candidates) {
      const res = backward.run(T, linearizer.A, linearizer.B, exp, m, opts.regularization, out, limits, nominal.actions);
      if (res.ok) {
        muUsed = m;
        break;
      }
    }
    if (history.length) history[history.length - 1].backwardMs += now() - tb;
  }

  return {
    T,
    stateDim: nx,
    actionDim: nu,
    states: nominal.states,
    actions: nominal.actions,
    rewards: nominal.rewards,
    totalReward: parts.reward,
    objective: parts.objective,
    initialObjective: initialParts.objective,
    initialReward: initialParts.reward,
    k: out.k,
    K: out.K,
    Quu: out.Quu,
    Qu: out.Qu,
    Vx: out.Vx,
    Vxx: out.Vxx,
    clamped: out.clamped,
    mu: muUsed,
    feasible,
    iterations: iteration,
    stopReason,
    history,
    elapsedMs: now() - start,
  };
}
