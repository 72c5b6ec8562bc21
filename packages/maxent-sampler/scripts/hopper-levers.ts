/**
 * Hopper guiding-sample levers (study script, not part of the package). One JSON setting per run:
 *   tsx scripts/hopper-levers.ts '{"load":"n.json", ...}'  or  '{"search":{...}, "save":"n.json", ...}'
 * search: { seed, candidate, initStd, window, shift, windowIterations, polish,
 *           pitch, joint, jointVel, pitchVel, height, heightTarget, control }
 *   posture term during the search only: −Σ_i s_i (x_i − x0_i)² − control ‖u‖² with s = pitch on the
 *   root pitch, joint on the joint angles, jointVel / pitchVel on their velocities, height on the root z
 *   (toward heightTarget when given, else the standing height).
 * gains: { w, su, rootx, z, pitch, joint, vel (tracking state weights), eps: [..] (A, B averaged over
 *          these finite-difference steps), trackIters, tau, kscale (diagnostic gain scale) }
 * overrides: task overrides (default: the soft joint limits). samples (40), seedBase, motorNoise
 * (false: none), exactInit (noise-free x0), trace (print sample k's deviation every 10 steps).
 * Prints one JSON line: nominal reward/velocity/fall step, fall fraction, median fall step, fall steps,
 * reward mean ± 2 std, average velocity, max |K|.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import type { BatchLinearizer } from '@guided/core';
import { ilqr, recedingHorizonIlqr } from '@guided/ilqr';
import type { IlqrProblem, TrackingTerm } from '@guided/ilqr';
import { SimPool, SimTask } from '@guided/sim';
import { guidingFromIlqr } from '@guided/maxent-sampler';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const overrides = cfg.overrides ?? { contact: { limitSolref: [0.05, 1], limitSolimp: [0.3, 0.9, 0.05] } };
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
  const t0 = performance.now();
  const task = await SimTask.create('hopper', overrides);
  const pool = await SimPool.create({ task: 'hopper', overrides, workers: 1 });
  const T = task.horizon;
  const nx = task.stateDim;
  const nu = task.actionDim;
  const x0 = task.initialState();
  const out: Record<string, unknown> = { setting: cfg };
  const pools: SimPool[] = [];
  try {
    let states: Float64Array;
    let actions: Float64Array;
    let reward: number;
    if (cfg.load) {
      const saved = JSON.parse(readFileSync(cfg.load, 'utf8'));
      states = Float64Array.from(saved.states);
      actions = Float64Array.from(saved.actions);
      reward = saved.reward;
    } else {
      const s = cfg.search ?? {};
      const rng = new Rng((s.seed ?? 1) * 1000 + (s.candidate ?? 2));
      const init = Float64Array.from({ length: T * nu }, () => (s.initStd ?? 0.1) * rng.normal());
      const ref = new Float64Array((T + 1) * nx);
      for (let t = 0; t <= T; t++) ref.set(x0, t * nx);
      const sw = new Float64Array(nx);
      sw[2] = s.pitch ?? 1;
      sw[1] = s.height ?? 0;
      for (let i = 3; i < 6; i++) sw[i] = s.joint ?? 0;
      for (let i = 9; i < 12; i++) sw[i] = s.jointVel ?? 0;
      sw[8] = s.pitchVel ?? 0;
      if (s.heightTarget !== undefined) for (let t = 0; t <= T; t++) ref[t * nx + 1] = s.heightTarget;
      const tracking: TrackingTerm = { weight: 1, states: ref, actions: new Float64Array(T * nu), stateWeights: sw, actionWeights: new Float64Array(nu).fill(s.control ?? 0) };
      const problem: IlqrProblem = { dynamics: task, reward: task.reward, horizon: T, x0, linearizer: pool, tracking };
      const res = await recedingHorizonIlqr(problem, { actions: init }, {
        window: s.window ?? 100,
        shift: s.shift ?? 10,
        windowOptions: { maxIterations: s.windowIterations ?? 10 },
        polishOptions: { maxIterations: s.polish ?? 30 },
      });
      states = res.states;
      actions = res.actions;
      // the task reward of the nominal (without the posture term)
      reward = 0;
      for (let t = 0; t < T; t++) reward += task.reward.reward(states.subarray(t * nx, (t + 1) * nx), actions.subarray(t * nu, (t + 1) * nu));
      if (cfg.save) writeFileSync(cfg.save, JSON.stringify({ states: Array.from(states), actions: Array.from(actions), reward }));
      out.searchSeconds = r3((performance.now() - t0) / 1000);
    }
    const nd = describe(task, states, T);
    let sat = 0;
    let maxJ = [0, 0, 0];
    for (let t = 0; t < T; t++) for (let k = 0; k < nu; k++) if (Math.abs(actions[t * nu + k]) > 0.99) sat++;
    for (let t = 0; t <= T; t++) for (let j = 0; j < 3; j++) maxJ[j] = Math.max(maxJ[j], Math.abs(states[t * nx + 3 + j]));
    Object.assign(out, { nominalReward: r3(reward), nominalVelocity: r3(nd.v), nominalFellAt: nd.fellAt, saturated: sat, maxJoint: maxJ.map(r3) });

    const g = cfg.gains ?? {};
    const epsList: number[] = g.eps ?? [1e-2];
    for (const eps of epsList) {
      pools.push(await SimPool.create({ task: 'hopper', overrides: { ...overrides, linearization: { eps } }, workers: 1 }));
    }
    const tmpA = new Float64Array(T * nx * nx);
    const tmpB = new Float64Array(T * nx * nu);
    const averaged: BatchLinearizer = {
      async linearizeTrajectory(TT, S, U, A, B) {
        A.fill(0);
        B.fill(0);
        for (const p of pools) {
          await p.linearizeTrajectory(TT, S, U, tmpA.subarray(0, A.length), tmpB.subarray(0, B.length));
          for (let i = 0; i < A.length; i++) A[i] += tmpA[i] / pools.length;
          for (let i = 0; i < B.length; i++) B[i] += tmpB[i] / pools.length;
        }
      },
    };
    const sw = new Float64Array(nx).fill(1);
    sw[0] = g.rootx ?? 1;
    sw[1] = g.z ?? 1;
    sw[2] = g.pitch ?? 1;
    for (let i = 3; i < 6; i++) sw[i] = g.joint ?? 1;
    for (let i = 6; i < 12; i++) sw[i] = g.vel ?? 1;
    const makeProblem = (): IlqrProblem => ({
      dynamics: task,
      reward: task.reward,
      horizon: T,
      x0,
      linearizer: averaged,
      tracking: { weight: g.w ?? 1, states, actions, stateWeights: sw, actionWeights: new Float64Array(nu).fill(g.su ?? 10) },
    });
    let track = { states, actions };
    if (g.trackIters) {
      const r = await ilqr(makeProblem(), { actions }, { maxIterations: g.trackIters });
      track = { states: r.states, actions: r.actions };
      out.trackedReward = r3(r.totalReward);
    }
    const sol = await ilqr({ ...makeProblem(), tracking: { ...makeProblem().tracking!, states: track.states, actions: track.actions } }, { actions: track.actions }, { maxIterations: 0 });
    let maxK = 0;
    for (const k of sol.K) maxK = Math.max(maxK, Math.abs(k));
    const kscale = g.kscale ?? 1;
    for (let i = 0; i < sol.K.length; i++) sol.K[i] *= kscale;
    const { policy } = guidingFromIlqr(sol, { temperature: g.tau ?? 0.01, feedforward: false });
    const n = cfg.samples ?? 40;
    const seeds = Array.from({ length: n }, (_, i) => (cfg.seedBase ?? 7_000_000) + i);
    const trajs = await pool.rollouts(policy.toDescriptor(), seeds, { T, motorNoise: cfg.motorNoise ?? true, ...(cfg.exactInit ? { initialState: x0 } : {}) });
    const rewards = trajs.map((tr) => tr.rewards.reduce((s, v) => s + v, 0));
    const fell = trajs.filter((tr) => tr.fellAt >= 0 || tr.diverged !== null);
    const fallTimes = fell.map((tr) => (tr.fellAt >= 0 ? tr.fellAt : tr.diverged!.step)).sort((a, b) => a - b);
    const vel = trajs.map((tr) => describe(task, tr.states, tr.T).v);
    const mean = rewards.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
    if (cfg.trace) {
      const tr = trajs[cfg.trace - 1];
      const rows: string[] = [];
      for (let t = 0; t <= T; t += 10) {
        if (t > tr.T) break;
        const d: number[] = [];
        for (let i = 0; i < nx; i++) d.push(r3(tr.states[t * nx + i] - states[t * nx + i]));
        const q = Array.from(states.subarray(t * nx, t * nx + 6)).map(r3);
        rows.push(`t=${t} nomq=${JSON.stringify(q)} u=${JSON.stringify(Array.from(actions.subarray(t * nu, t * nu + nu)).map(r3))} dev=${JSON.stringify(d)}`);
      }
      process.stderr.write(rows.join('\n') + '\n');
    }
    Object.assign(out, {
      fallFraction: r3(fell.length / n),
      medianFallStep: fallTimes.length ? fallTimes[fallTimes.length >> 1] : null,
      rewardMean: r3(mean),
      reward2Std: r3(2 * std),
      velocity: r3(vel.reduce((a, b) => a + b, 0) / n),
      maxGain: r3(maxK),
      diverged: trajs.filter((tr) => tr.diverged !== null).map((tr) => `${tr.diverged!.step}:${tr.diverged!.reason}`).slice(0, 5),
      fallSteps: fallTimes,
      seconds: r3((performance.now() - t0) / 1000),
    });
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    for (const p of pools) await p.close();
    await pool.close();
    task.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
