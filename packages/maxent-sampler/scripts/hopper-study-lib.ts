/**
 * Shared pieces of the hopper guiding-sample studies (study code, not part of the package):
 * the runner's DDP search (a copy of apps/runner/src/guides.ts `search`, so saved nominals are the
 * ones buildGuide gets), the gains' tracking backward pass with the levers under study, and the
 * statistics of a batch of noisy guiding samples.
 */
import { Rng, cholesky, choleskySolve } from '@guided/core';
import type { BatchLinearizer, Dynamics } from '@guided/core';
import { ilqr, recedingHorizonIlqr } from '@guided/ilqr';
import type { IlqrProblem, IlqrResult, TrackingTerm } from '@guided/ilqr';
import { SimPool } from '@guided/sim';
import type { SimTask, SimTrajectory, TaskOverrides } from '@guided/sim';
import { guidingFromIlqr } from '@guided/maxent-sampler';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import type { BenchmarkConfig } from '../../../apps/runner/src/config.js';

export interface Nominal {
  seed: number;
  candidate: number;
  states: Float64Array;
  actions: Float64Array;
  /** Task reward of the nominal (ilqr's totalReward: without the search's posture term). */
  reward: number;
  velocity: number;
  fellAt: number;
  saturated: number;
  seconds: number;
}

export const r3 = (v: number): number => Math.round(v * 1000) / 1000;

export function describe(task: SimTask, states: Float64Array, T: number): { velocity: number; fellAt: number } {
  const nx = task.stateDim;
  let v = 0;
  let fellAt = -1;
  for (let t = 0; t <= T; t++) {
    const x = states.subarray(t * nx, (t + 1) * nx);
    if (t < T) v += task.forwardVelocity(x);
    if (fellAt < 0 && task.isFallen(x)) fellAt = t;
  }
  return { velocity: v / T, fellAt };
}

/** buildGuide's search for candidate c of `seed` (Rng(seed·1000 + c)), same options. */
export async function searchNominal(config: BenchmarkConfig, task: SimTask, pool: SimPool, seed: number, c: number): Promise<Nominal> {
  const t0 = performance.now();
  const { ddp } = config;
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const x0 = task.initialState();
  const rng = new Rng(seed * 1000 + c);
  const init = Float64Array.from({ length: T * nu }, () => ddp.initStd * rng.normal());
  let tracking: TrackingTerm | undefined;
  const pitch = task.layout.rootPitch;
  if (ddp.pitchWeight > 0 && pitch >= 0) {
    const states = new Float64Array((T + 1) * nx);
    for (let t = 0; t <= T; t++) states.set(x0, t * nx);
    const stateWeights = new Float64Array(nx);
    stateWeights[pitch] = 1;
    tracking = { weight: ddp.pitchWeight, states, actions: new Float64Array(T * nu), stateWeights, actionWeights: new Float64Array(nu) };
  }
  const problem: IlqrProblem = { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool, tracking };
  const res: IlqrResult =
    ddp.mode === 'full'
      ? await ilqr(problem, { actions: init }, { maxIterations: ddp.iterations })
      : await recedingHorizonIlqr(problem, { actions: init }, {
          window: ddp.window,
          shift: ddp.shift,
          windowOptions: { maxIterations: ddp.windowIterations },
          polishOptions: { maxIterations: ddp.iterations },
        });
  const d = describe(task, res.states, T);
  let saturated = 0;
  for (const u of res.actions) if (Math.abs(u) > 0.99) saturated++;
  return {
    seed,
    candidate: c,
    states: res.states,
    actions: res.actions,
    reward: res.totalReward,
    velocity: d.velocity,
    fellAt: d.fellAt,
    saturated,
    seconds: (performance.now() - t0) / 1000,
  };
}

export function nominalToJSON(n: Nominal): unknown {
  return { ...n, states: Array.from(n.states), actions: Array.from(n.actions) };
}

export function nominalFromJSON(d: any): Nominal {
  return { ...d, states: Float64Array.from(d.states), actions: Float64Array.from(d.actions) };
}

/** The levers of the gains' backward pass and of π_G. */
export interface GainSetting {
  /** Tracking weight w. */
  w: number;
  /** Action weight s_u of the tracking term. */
  su: number;
  /** Tracking state weights [nx]. */
  sx: number[];
  /** Max-ent temperature τ (Σ = −τ Q_uu⁻¹); 0 means the mean controller only (τ = 1e-12). */
  tau: number;
  /** Finite-difference steps of the linearization; A, B averaged over them. */
  eps: number[];
  /** false: gains without the control box (K is not zeroed on rows the box-QP clamps). Default true. */
  box?: boolean;
  /** Clamp every gain entry to ±this (diagnostic). */
  gainClamp?: number;
  /** Scale every gain (diagnostic). */
  kscale?: number;
}

/** Linearizations of one nominal, kept per eps (a gains pass needs one linearization of the nominal). */
export class CachedLinearizer {
  private readonly cache = new Map<string, { A: Float64Array; B: Float64Array }>();
  private readonly pools = new Map<number, SimPool>();
  constructor(
    private readonly taskName: 'hopper',
    private readonly overrides: TaskOverrides,
    private readonly workers: number,
  ) {}

  private async pool(eps: number): Promise<SimPool> {
    let p = this.pools.get(eps);
    if (!p) {
      p = await SimPool.create({
        task: this.taskName,
        overrides: { ...this.overrides, linearization: { ...(this.overrides.linearization ?? {}), eps } },
        workers: this.workers,
      });
      this.pools.set(eps, p);
    }
    return p;
  }

  /** A BatchLinearizer for `key` (the nominal's name) averaging A, B over `eps`. */
  forNominal(key: string, eps: number[]): BatchLinearizer {
    return {
      linearizeTrajectory: async (T, S, U, A, B) => {
        A.fill(0);
        B.fill(0);
        for (const e of eps) {
          const k = `${key}@${e}`;
          let hit = this.cache.get(k);
          if (!hit) {
            hit = { A: new Float64Array(A.length), B: new Float64Array(B.length) };
            await (await this.pool(e)).linearizeTrajectory(T, S, U, hit.A, hit.B);
            this.cache.set(k, hit);
          }
          for (let i = 0; i < A.length; i++) A[i] += hit.A[i] / eps.length;
          for (let i = 0; i < B.length; i++) B[i] += hit.B[i] / eps.length;
        }
      },
    };
  }

  async close(): Promise<void> {
    for (const p of this.pools.values()) await p.close();
    this.pools.clear();
  }
}

/** The task without its control box (for gains that keep feedback on saturated controls). */
function withoutBox(task: SimTask): Dynamics {
  return {
    stateDim: task.stateDim,
    actionDim: task.actionDim,
    step: (x, u, next) => task.step(x, u, next),
    linearize: (x, u, A, B) => task.linearize(x, u, A, B),
  } as Dynamics;
}

/** π_G from the tracking backward pass at the nominal (buildGuide's construction plus the levers). */
export async function guideFor(
  task: SimTask,
  nominal: Nominal,
  key: string,
  lin: CachedLinearizer,
  g: GainSetting,
  linearizer?: BatchLinearizer,
): Promise<{ policy: LinearGaussianPolicy; maxGain: number; clamped: number; meanStd: number; maxStd: number }> {
  const T = task.horizon;
  const nu = task.actionDim;
  const x0 = task.initialState();
  const gains = await ilqr(
    {
      dynamics: g.box === false ? withoutBox(task) : task,
      reward: task.reward,
      horizon: T,
      x0,
      linearizer: linearizer ?? lin.forNominal(key, g.eps),
      tracking: {
        weight: g.w,
        states: nominal.states,
        actions: nominal.actions,
        actionWeights: new Float64Array(nu).fill(g.su),
        stateWeights: Float64Array.from(g.sx),
      },
    },
    { actions: nominal.actions },
    { maxIterations: 0 },
  );
  let maxGain = 0;
  for (let i = 0; i < gains.K.length; i++) {
    if (g.kscale !== undefined) gains.K[i] *= g.kscale;
    if (g.gainClamp !== undefined) gains.K[i] = Math.max(-g.gainClamp, Math.min(g.gainClamp, gains.K[i]));
    maxGain = Math.max(maxGain, Math.abs(gains.K[i]));
  }
  const { policy, diagnostics } = guidingFromIlqr(gains, { temperature: g.tau > 0 ? g.tau : 1e-12, feedforward: false });
  return {
    policy,
    maxGain,
    clamped: gains.clamped.reduce((a, b) => a + b, 0),
    meanStd: diagnostics.meanStd,
    maxStd: diagnostics.maxStd,
  };
}

export interface SampleStats {
  n: number;
  fallFraction: number;
  medianFallStep: number | null;
  rewardMean: number;
  reward2Std: number;
  velocity: number;
}

export function sampleStats(task: SimTask, trajs: SimTrajectory[]): SampleStats {
  const n = trajs.length;
  const returns = trajs.map((t) => t.rewards.reduce((a, b) => a + b, 0));
  const fell = trajs.filter((t) => t.fellAt >= 0 || t.diverged !== null);
  const steps = fell.map((t) => (t.fellAt >= 0 ? t.fellAt : t.diverged!.step)).sort((a, b) => a - b);
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  const vel = trajs.map((t) => describe(task, t.states, t.T).velocity);
  return {
    n,
    fallFraction: r3(fell.length / n),
    medianFallStep: steps.length ? steps[steps.length >> 1] : null,
    rewardMean: r3(mean),
    reward2Std: r3(2 * std),
    velocity: r3(vel.reduce((a, b) => a + b, 0) / n),
  };
}

/** buildGuide's trial seeds for candidate c of `seed`. */
export function trialSeeds(seed: number, c: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => seed * 100_000 + c * 1000 + i);
}

/**
 * Statistical linearization: per step t, A_t, B_t fit by least squares to the deviations of noisy
 * rollouts from the nominal, δx_{t+1} ≈ A_t δx_t + B_t δu_t + c_t, where δu is the applied control
 * (after motor noise, clamped to the control range) minus û. A ridge term pulls [A_t B_t] toward the
 * finite-difference Jacobians (fdA, fdB): λ·n·‖([A B] − [A_fd B_fd]) ⊙ s‖², s the regressors' sample
 * std, n the number of samples at that step. A sample's steps count until `margin` steps before it falls.
 */
export function fitLinearization(
  task: SimTask,
  nominal: Nominal,
  trajs: SimTrajectory[],
  fdA: Float64Array,
  fdB: Float64Array,
  lambda: number,
  margin: number,
): { A: Float64Array; B: Float64Array; used: number[] } {
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const nz = nx + nu + 1;
  const A = new Float64Array(T * nx * nx);
  const B = new Float64Array(T * nx * nu);
  const used: number[] = [];
  const lo = task.actionLower;
  const hi = task.actionUpper;
  const ends = trajs.map((tr) => {
    const fell = tr.fellAt >= 0 ? tr.fellAt : tr.diverged !== null ? tr.diverged.step : Infinity;
    return Math.min(tr.T, fell - margin);
  });
  const z = new Float64Array(nz);
  const G = new Float64Array(nz * nz);
  const R = new Float64Array(nz * nx);
  const L = new Float64Array(nz * nz);
  const mean = new Float64Array(nz);
  const sq = new Float64Array(nz);
  for (let t = 0; t < T; t++) {
    G.fill(0);
    R.fill(0);
    mean.fill(0);
    sq.fill(0);
    let n = 0;
    for (let s = 0; s < trajs.length; s++) {
      if (t + 1 > ends[s]) continue;
      const tr = trajs[s];
      for (let i = 0; i < nx; i++) z[i] = tr.states[t * nx + i] - nominal.states[t * nx + i];
      for (let j = 0; j < nu; j++) {
        const c = tr.controls[t * nu + j];
        z[nx + j] = Math.min(hi[j], Math.max(lo[j], c)) - nominal.actions[t * nu + j];
      }
      z[nz - 1] = 1;
      for (let a = 0; a < nz; a++) {
        mean[a] += z[a];
        sq[a] += z[a] * z[a];
        for (let b = 0; b <= a; b++) G[a * nz + b] += z[a] * z[b];
        for (let i = 0; i < nx; i++) R[a * nx + i] += z[a] * (tr.states[(t + 1) * nx + i] - nominal.states[(t + 1) * nx + i]);
      }
      n++;
    }
    used.push(n);
    // Ridge toward the finite-difference Jacobians, scaled per regressor by its sample std.
    for (let a = 0; a < nz - 1; a++) {
      const m = n > 0 ? mean[a] / n : 0;
      const v = n > 0 ? Math.max(sq[a] / n - m * m, 0) : 0;
      const r = lambda * Math.max(n, 1) * (v + 1e-12);
      G[a * nz + a] += r;
      for (let i = 0; i < nx; i++) {
        const prior = a < nx ? fdA[t * nx * nx + i * nx + a] : fdB[t * nx * nu + i * nu + (a - nx)];
        R[a * nx + i] += r * prior;
      }
    }
    G[(nz - 1) * nz + nz - 1] += 1e-9;
    for (let a = 0; a < nz; a++) for (let b = a + 1; b < nz; b++) G[a * nz + b] = G[b * nz + a];
    if (!cholesky(nz, G, L)) throw new Error(`fitLinearization: normal equations at step ${t} are not positive definite`);
    choleskySolve(nz, L, R, nx);
    for (let i = 0; i < nx; i++) {
      for (let a = 0; a < nx; a++) A[t * nx * nx + i * nx + a] = R[a * nx + i];
      for (let j = 0; j < nu; j++) B[t * nx * nu + i * nu + j] = R[(nx + j) * nx + i];
    }
  }
  return { A, B, used };
}

/** A BatchLinearizer that hands out fixed Jacobians. */
export function fixedLinearizer(A: Float64Array, B: Float64Array): BatchLinearizer {
  return {
    async linearizeTrajectory(_T, _S, _U, outA, outB) {
      outA.set(A.subarray(0, outA.length));
      outB.set(B.subarray(0, outB.length));
    },
  };
}
