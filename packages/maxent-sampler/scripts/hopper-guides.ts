/**
 * Hopper guiding-sample study (not part of the package; @guided/sim is a devDependency).
 *   search: DDP nominal(s) from random small controls (receding horizon + polish, torso-pitch posture
 *           term), saved to <dir>/nominal-<c>.json so the gain study can reuse them.
 *   gains:  for each saved nominal and each setting of the tracking term (weight w, per-coordinate
 *           state weights, action weight), temperature τ and gain finite-difference step, draw
 *           `--samples` noisy rollouts (task motor noise, initial-state noise) and print one JSON
 *           line: fall fraction, median fall step, reward mean ± 2 std, average velocity.
 * Usage: tsx scripts/hopper-guides.ts search --dir /tmp/hop --candidates 0,1,2 [--pitch 1] [--overrides '{}']
 *        tsx scripts/hopper-guides.ts gains --dir /tmp/hop --candidates 0 --w 1,10 --joint 1,10 --vel 1 --su 1 --tau 0.1 --eps 1e-2
 * Build first: pnpm -F @guided/ilqr -F @guided/sim -F @guided/maxent-sampler build.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { ilqr, recedingHorizonIlqr } from '@guided/ilqr';
import type { IlqrProblem, TrackingTerm } from '@guided/ilqr';
import { SimPool, SimTask } from '@guided/sim';
import { guidingFromIlqr } from '@guided/maxent-sampler';

const argv = process.argv.slice(2);
const mode = argv[0];
const opt = (key: string, def: string): string => {
  const i = argv.indexOf(`--${key}`);
  return i >= 0 ? argv[i + 1] : def;
};
const nums = (key: string, def: string): number[] => opt(key, def).split(',').map(Number);
const dir = opt('dir', '/tmp/hop');
const overrides = JSON.parse(opt('overrides', '{}')) as Record<string, unknown>;
const emit = (o: Record<string, unknown>): void => void process.stdout.write(JSON.stringify(o) + '\n');
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

function describe(task: SimTask, states: Float64Array, T: number): { v: number; fellAt: number } {
  const nx = task.stateDim;
  let v = 0;
  let fellAt = -1;
  for (let t = 0; t <= T; t++) {
    const x = states.subarray(t * nx, (t + 1) * nx);
    if (t < T) v += task.forwardVelocity(x);
    if (fellAt < 0 && task.isFallen(x)) fellAt = t;
  }
  return { v: v / T, fellAt };
}

async function main(): Promise<void> {
  const task = await SimTask.create('hopper', overrides);
  const pool = await SimPool.create({ task: 'hopper', overrides, workers: 2 });
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const x0 = task.initialState();
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  try {
    if (mode === 'search') {
      const pitchWeight = Number(opt('pitch', '1'));
      const seed = Number(opt('seed', '1'));
      for (const c of nums('candidates', '0')) {
        const t0 = performance.now();
        const rng = new Rng(seed * 1000 + c);
        const init = Float64Array.from({ length: T * nu }, () => 0.1 * rng.normal());
        let tracking: TrackingTerm | undefined;
        if (pitchWeight > 0) {
          const states = new Float64Array((T + 1) * nx);
          for (let t = 0; t <= T; t++) states.set(x0, t * nx);
          const stateWeights = new Float64Array(nx);
          stateWeights[task.layout.rootPitch] = 1;
          tracking = { weight: pitchWeight, states, actions: new Float64Array(T * nu), stateWeights, actionWeights: new Float64Array(nu) };
        }
        const problem: IlqrProblem = { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool, tracking };
        const res = await recedingHorizonIlqr(problem, { actions: init }, {
          window: Number(opt('window', '100')),
          shift: Number(opt('shift', '10')),
          windowOptions: { maxIterations: Number(opt('window-iterations', '10')) },
          polishOptions: { maxIterations: Number(opt('polish', '30')) },
        });
        const d = describe(task, res.states, T);
        const failed = res.history.reduce((s, h) => s + h.failedRollouts, 0);
        writeFileSync(`${dir}/nominal-${c}.json`, JSON.stringify({ states: Array.from(res.states), actions: Array.from(res.actions), reward: res.totalReward }));
        emit({ kind: 'nominal', candidate: c, reward: r3(res.totalReward), velocity: r3(d.v), fellAt: d.fellAt, stop: res.stopReason, failedRollouts: failed, seconds: r3((performance.now() - t0) / 1000) });
      }
    } else if (mode === 'gains') {
      const samples = Number(opt('samples', '40'));
      for (const eps of nums('eps', '1e-2')) {
        const gainOverrides = { ...overrides, linearization: { ...((overrides.linearization as object) ?? {}), eps } };
        const gainPool = await SimPool.create({ task: 'hopper', overrides: gainOverrides, workers: 2 });
        try {
          for (const c of nums('candidates', '0')) {
            const saved = JSON.parse(readFileSync(`${dir}/nominal-${c}.json`, 'utf8'));
            const states = Float64Array.from(saved.states as number[]);
            const actions = Float64Array.from(saved.actions as number[]);
            const nominalD = describe(task, states, T);
            for (const w of nums('w', '1')) {
              for (const joint of nums('joint', '1')) {
                for (const vel of nums('vel', '1')) {
                  for (const su of nums('su', '1')) {
                    // State weights: root x, z, pitch = 1; joint angles = joint; every velocity = vel.
                    const stateWeights = new Float64Array(nx).fill(1);
                    for (let i = 3; i < 6; i++) stateWeights[i] = joint;
                    for (let i = 6; i < 12; i++) stateWeights[i] = vel;
                    // --unclamped 1: gains from a backward pass without the control box (the box-QP gives a
                    // control that is saturated at the nominal no feedback at all).
                    const free = { stateDim: nx, actionDim: nu, step: task.step.bind(task), linearize: task.linearize.bind(task) };
                    const sol = await ilqr(
                      {
                        dynamics: opt('unclamped', '0') === '1' ? free : task,
                        reward: task.reward,
                        horizon: T,
                        x0,
                        linearizer: gainPool,
                        tracking: { weight: w, states, actions, stateWeights, actionWeights: new Float64Array(nu).fill(su) },
                      },
                      { actions },
                      { maxIterations: 0 },
                    );
                    let clampedCount = 0;
                    for (const v of sol.clamped) clampedCount += v;
                    let maxK = 0;
                    for (const k of sol.K) maxK = Math.max(maxK, Math.abs(k));
                    const K0 = Float64Array.from(sol.K);
                    for (const kscale of nums('kscale', '1'))
                    for (const tau of nums('tau', '0.1')) {
                      // Diagnostic: --kscale 0 is the open-loop nominal plus noise, 1 the computed gains.
                      for (let i = 0; i < K0.length; i++) sol.K[i] = kscale * K0[i];
                      const { policy, diagnostics } = guidingFromIlqr(sol, { temperature: tau, feedforward: false });
                      const seeds = Array.from({ length: samples }, (_, i) => 7_000_000 + c * 1000 + i);
                      const trajs = await pool.rollouts(policy.toDescriptor(), seeds, { T });
                      const rewards = trajs.map((tr) => tr.rewards.reduce((s, v) => s + v, 0));
                      const fell = trajs.filter((tr) => tr.fellAt >= 0 || tr.diverged !== null);
                      const fallTimes = fell.map((tr) => (tr.fellAt >= 0 ? tr.fellAt : tr.diverged!.step)).sort((a, b) => a - b);
                      const vel2 = trajs.map((tr) => describe(task, tr.states, tr.T).v);
                      const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
                      const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / rewards.length);
                      emit({
                        kind: 'guiding',
                        candidate: c,
                        nominalReward: r3(saved.reward),
                        nominalVelocity: r3(nominalD.v),
                        eps,
                        w,
                        joint,
                        vel,
                        su,
                        tau,
                        kscale,
                        fallFraction: r3(fell.length / trajs.length),
                        medianFallStep: fallTimes.length ? fallTimes[fallTimes.length >> 1] : null,
                        rewardMean: r3(mean),
                        reward2Std: r3(2 * std),
                        velocity: r3(vel2.reduce((a, b) => a + b, 0) / vel2.length),
                        maxGain: r3(maxK),
                        clamped: clampedCount,
                        meanStd: r3(diagnostics.meanStd),
                      });
                    }
                  }
                }
              }
            }
          }
        } finally {
          await gainPool.close();
        }
      }
    } else throw new Error(`hopper-guides: unknown mode ${mode} (search | gains)`);
  } finally {
    await pool.close();
    task.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
