/**
 * Covariate shift or representability? A DAgger-style diagnostic of line 3 (study script, not an
 * algorithm of the paper).
 * From a run's guides.json, 40 guiding samples are drawn (as reproduce-study.ts does) and every step is
 * labelled with the guide's noise-free mean action ū_t + K_t (x_t − x̂_t), clamped to the control box
 * (the guide itself does not clamp; MuJoCo clamps the noisy command to ctrlrange, so a label outside the
 * box acts as the box's edge). A policy is pretrained on (obs, label) with pretrain's defaults (mean by
 * least squares with the output layer solved, then σ). Then, each round r = 1..R: the current policy
 * acts with its mean (σ at its floor) in `rollouts` noisy rollouts (the task's motor and initial-state
 * noise); every state it visits before it falls (task.isFallen, the trajectory's fellAt) is labelled
 * with the guide's mean action at that time step; the data are aggregated with all earlier rounds' and
 * the policy is refitted from its current θ. Printed per round: the rollouts of the policy going in
 * (mean reward, falls and fall steps, mean forward velocity), the policy's error to the labels on the
 * states it visited (before the refit), the aggregate's size and the refit's error on it. If the failure
 * is covariate shift the rollouts should stop falling within a few rounds; if no stationary policy of
 * this observation can represent the guide the refit's error stays high and the falls stay.
 * Also printed, for the pretrained policy (the rollouts of round 1): its rms deviation from the guide's
 * nominal x̂_t at steps 10…150 (joint positions without root x, and velocities, over the rollouts not yet
 * fallen), beside the guide's own samples' and its mean controller's, and the nominal's foot contacts
 * (touchdown and takeoff steps), to see where the drift begins.
 * Then two checks of the labels themselves: (a) can the guide recover from the states the pretrained
 * policy visits? Its mean controller, run from the policy's state at step t0 with its clock at t0 (motor
 * noise kept), to the horizon: falls. (b) Is the aggregate a function of the observation? From-scratch
 * fits of the final aggregate with and without t/T as an extra input (and with 200 units), their error
 * on the on-policy part.
 * With the last argument 'time' the whole study runs with t/T as an input of the policy (a time-varying
 * policy, rolled out in this thread): if that policy hops and the stationary one does not, the
 * observation lacks the phase.
 *   node --import tsx apps/runner/scripts/dagger-study.ts <task> <guides.json> [rounds=5] [pretrainEvals=500] [refitEvals=300] [rollouts=10] [time]
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { SimPool, createTask, rollout } from '@guided/sim';
import type { RolloutPolicy, SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { describe, firstGuideFromJSON, guideMeanController } from '../src/guides.js';

const [taskName, guidesFile, roundsArg, pretrainArg, refitArg, rolloutsArg, modeArg] = process.argv.slice(2);
const withTime = modeArg === 'time';
const rounds = Number(roundsArg ?? 5);
const pretrainEvaluations = Number(pretrainArg ?? 500);
const refitEvaluations = Number(refitArg ?? 300);
const rolloutCount = Number(rolloutsArg ?? 10);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 1 });
const solution = firstGuideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const g = solution.guide.distribution as LinearGaussianPolicy;
const T = task.horizon;
const nu = task.actionDim;
const nx = task.stateDim;
const no = task.obsDim;
const nq = task.nq;
const unobserved = task.layout.hiddenQpos; // root coordinates observe() leaves out
const t0 = Date.now();
const elapsed = () => +((Date.now() - t0) / 1000).toFixed(1);
const rms = (sq: number, count: number) => +Math.sqrt(sq / Math.max(count, 1)).toFixed(4);

/** One labelled data set: observations and the guide's clamped mean action, plus label statistics. */
interface Labelled { n: number; obs: Float64Array; steps: Int32Array; labels: Float64Array; clamped: number; unobservedSq: number }

/** Labels steps t < end(traj) of each trajectory with the guide's mean action at t (clamped to the box). */
function label(trajs: SimTrajectory[], end: (traj: SimTrajectory) => number): Labelled {
  const n = trajs.reduce((s, traj) => s + end(traj), 0);
  const obs = new Float64Array(n * no);
  const steps = new Int32Array(n);
  const labels = new Float64Array(n * nu);
  let row = 0;
  let clamped = 0;
  let unobservedSq = 0;
  for (const traj of trajs) {
    for (let t = 0; t < end(traj); t++, row++) {
      obs.set(traj.observations.subarray(t * no, (t + 1) * no), row * no);
      steps[row] = t;
      for (let j = 0; j < nu; j++) {
        let u = g.meanActions[t * nu + j];
        let hidden = 0;
        for (let k = 0; k < nx; k++) {
          const term = g.gains[(t * nu + j) * nx + k] * (traj.states[t * nx + k] - g.nominalStates[t * nx + k]);
          u += term;
          if (unobserved.includes(k)) hidden += term;
        }
        unobservedSq += hidden ** 2;
        const c = Math.min(task.actionUpper[j], Math.max(task.actionLower[j], u));
        if (c !== u) clamped++;
        labels[row * nu + j] = c;
      }
    }
  }
  return { n, obs, steps, labels, clamped, unobservedSq };
}

/** The sets stacked as fitting data: inputs are the observations, followed by t/T when `time`. */
function concat(sets: Labelled[], time = withTime): { n: number; obs: Float64Array; labels: Float64Array } {
  const n = sets.reduce((s, d) => s + d.n, 0);
  const ni = no + (time ? 1 : 0);
  const obs = new Float64Array(n * ni);
  const labels = new Float64Array(n * nu);
  let row = 0;
  for (const d of sets) {
    for (let r = 0; r < d.n; r++, row++) {
      obs.set(d.obs.subarray(r * no, (r + 1) * no), row * ni);
      if (time) obs[row * ni + no] = d.steps[r] / T;
      labels.set(d.labels.subarray(r * nu, (r + 1) * nu), row * nu);
    }
  }
  return { n, obs, labels };
}

/** The policy mean's rms error to the labels, per control. */
function fitError(policy: MlpPolicy, d: { n: number; obs: Float64Array; labels: Float64Array }): number[] {
  const mu = new Float64Array(d.n * nu);
  policy.mean(d.n, d.obs, mu);
  const sq = new Array(nu).fill(0);
  for (let r = 0; r < d.n; r++) for (let j = 0; j < nu; j++) sq[j] += (mu[r * nu + j] - d.labels[r * nu + j]) ** 2;
  return sq.map((s) => rms(s, d.n));
}

/** The policy acting with its mean (σ at its floor), θ itself left as it is. */
function meanSpec(policy: MlpPolicy): unknown {
  const keep = Float64Array.from(policy.getParams());
  const params = Float64Array.from(keep);
  params.fill(-50, policy.layout.logStdOffset, policy.layout.logStdOffset + nu);
  policy.setParams(params);
  const spec = mlpPolicySpec(policy);
  policy.setParams(keep);
  return spec;
}

/**
 * Noisy rollouts of the policy acting with its mean: on the pool (σ at its floor, as reproduce-study.ts),
 * or, with the time input, here with the exact mean of [obs, t/T].
 */
async function policyRollouts(policy: MlpPolicy, seeds: number[]): Promise<SimTrajectory[]> {
  if (!withTime) return (await pool.rollouts(meanSpec(policy) as never, seeds, { T })) as SimTrajectory[];
  const input = new Float64Array(no + 1);
  const actor: RolloutPolicy = {
    act(obs, _rng, out = new Float64Array(nu), t = 0) {
      input.set(obs);
      input[no] = t / T;
      policy.mean(1, input, out);
      return out;
    },
  };
  return seeds.map((seed) => rollout(task, actor, { seed, T }));
}

const preFall = (traj: SimTrajectory) => (traj.fellAt >= 0 ? Math.min(traj.fellAt, traj.T) : traj.T);

function rolloutSummary(trajs: SimTrajectory[]) {
  const described = trajs.map((traj) => describe(task, traj.states, traj.T));
  return {
    reward: +(trajs.map(totalReward).reduce((a, b) => a + b, 0) / trajs.length).toFixed(1),
    falls: trajs.filter((traj, i) => described[i].fellAt >= 0 || traj.diverged).length,
    fellAt: described.map((d) => d.fellAt),
    velocity: +(described.reduce((s, d) => s + d.avgVelocity, 0) / trajs.length).toFixed(3),
    velocityBeforeFall: +(trajs.reduce((s, traj) => {
      const end = preFall(traj);
      let v = 0;
      for (let t = 0; t < end; t++) v += task.forwardVelocity(traj.states.subarray(t * nx, (t + 1) * nx));
      return s + v / Math.max(end, 1);
    }, 0) / trajs.length).toFixed(3),
  };
}

// ---- Step 1: guiding samples, pretraining. ----
const rng = new Rng(1);
const guiding = (await pool.rollouts(solution.guide.descriptor as never, Array.from({ length: 40 }, () => rng.nextUint32()), { T })) as SimTrajectory[];
const guidingData = label(guiding, (traj) => traj.T);
const guidingFit = concat([guidingData]);
const policy = new MlpPolicy({ inputDim: no + (withTime ? 1 : 0), actionDim: nu, hidden: [50], seed: 1 });
policy.fitNormalization(guidingFit.n, guidingFit.obs);
let started = Date.now();
const fit0 = pretrain(policy, { n: guidingFit.n, obs: guidingFit.obs, actions: guidingFit.labels, maxEvaluations: pretrainEvaluations });
console.log(JSON.stringify({
  task: task.name, timeInput: withTime, guidingPairs: guidingData.n, clampedLabels: guidingData.clamped, labelUnobservedRms: rms(guidingData.unobservedSq, guidingData.n * nu),
  pretrain: { evaluations: fit0.evaluations, seconds: (Date.now() - started) / 1000, errorToLabels: fitError(policy, guidingFit) },
  guidingSamples: rolloutSummary(guiding), elapsed: elapsed(),
}));

// ---- Step 3's references: the guide's mean controller under the task's noise, the nominal's contacts. ----
const meanController = guideMeanController(g);
const evalSeeds = (round: number) => Array.from({ length: rolloutCount }, (_, i) => 1000 + 100 * round + i);
const guideMeanRollouts = (await pool.rollouts(meanController.toDescriptor() as never, evalSeeds(1), { T })) as SimTrajectory[];

/** Foot in contact at step t of the nominal: the lowest end of the foot capsule within 1 cm of the ground. */
const footIndex = task.bodyNames.indexOf('foot');
const hopperParams = task.spec.model as { footLength: number; footRadius: number };
const inContact = (x: Float64Array): boolean => {
  const pose = task.poses(x);
  const o = footIndex * 7;
  const [w, qx, qy, qz] = [pose[o + 3], pose[o + 4], pose[o + 5], pose[o + 6]];
  const r20 = 2 * (qx * qz - w * qy); // z row of the rotation matrix, x column (the capsule's axis)
  const heel = hopperParams.footLength / 3;
  const lowest = Math.min(pose[o + 2] - r20 * heel, pose[o + 2] + r20 * (hopperParams.footLength - heel));
  return lowest - hopperParams.footRadius < task.terrain.heightAt(pose[o]) + 0.01;
};
const events: string[] = [];
let wasInContact = inContact(g.nominalStates.slice(0, nx));
for (let t = 1; t <= Math.min(T, 200); t++) {
  const c = inContact(g.nominalStates.slice(t * nx, (t + 1) * nx));
  if (c !== wasInContact) events.push(`${c ? 'touchdown' : 'takeoff'}@${t}`);
  wasInContact = c;
}

/** rms deviation from x̂_t over the rollouts not yet fallen at t: positions without root x, velocities, and the mean x − x̂. */
function drift(trajs: SimTrajectory[], t: number) {
  let q = 0;
  let v = 0;
  let dx = 0;
  let alive = 0;
  for (const traj of trajs) {
    if (t > traj.T || (traj.fellAt >= 0 && t >= traj.fellAt)) continue;
    alive++;
    for (let k = 0; k < nx; k++) {
      const d = traj.states[t * nx + k] - g.nominalStates[t * nx + k];
      if (k === task.layout.rootX) dx += d;
      else if (k < nq) q += d * d;
      else v += d * d;
    }
  }
  return { alive, q: rms(q, alive * (nq - 1)), v: rms(v, alive * (nx - nq)), dx: +(dx / Math.max(alive, 1)).toFixed(3) };
}

// ---- Step 2: DAgger rounds. ----
const sets: Labelled[] = [guidingData];
let pretrainedRollouts: SimTrajectory[] = [];
for (let round = 1; round <= rounds; round++) {
  const trajs = await policyRollouts(policy, evalSeeds(round));
  if (round === 1) {
    pretrainedRollouts = trajs;
    const steps = [...Array.from({ length: 20 }, (_, i) => 5 * (i + 1)), 125, 150];
    console.log(JSON.stringify({ nominalContacts: events.join(' ') }));
    for (const t of steps) {
      console.log(JSON.stringify({ step: t, pretrainedPolicy: drift(trajs, t), guideMean: drift(guideMeanRollouts, t), guidingSamples: drift(guiding, t) }));
    }
    console.log(JSON.stringify({ guideMeanController: rolloutSummary(guideMeanRollouts) }));
  }
  const visited = label(trajs, preFall);
  const onPolicyError = fitError(policy, concat([visited])); // the current policy against the guide on its own states
  sets.push(visited);
  const all = concat(sets);
  started = Date.now();
  const fit = pretrain(policy, { n: all.n, obs: all.obs, actions: all.labels, maxEvaluations: refitEvaluations });
  const seconds = (Date.now() - started) / 1000;
  const onPolicy = concat(sets.slice(1));
  console.log(JSON.stringify({
    round, rollouts: rolloutSummary(trajs),
    visited: { pairs: visited.n, clampedLabels: visited.clamped, labelUnobservedRms: rms(visited.unobservedSq, visited.n * nu), policyErrorBeforeRefit: onPolicyError },
    refit: { pairs: all.n, seconds, evaluations: fit.evaluations, errorAll: fitError(policy, all), errorGuiding: fitError(policy, guidingFit), errorOnPolicy: fitError(policy, onPolicy), errorThisRound: fitError(policy, concat([visited])) },
    elapsed: elapsed(),
  }));
}
const final = await policyRollouts(policy, evalSeeds(rounds + 1));
console.log(JSON.stringify({ afterRound: rounds, rollouts: rolloutSummary(final), elapsed: elapsed() }));

// ---- (a) Can the guide recover from the pretrained policy's states? ----
for (const t0 of [10, 20, 30, 40, 50, 60, 80, 100]) {
  const starts = pretrainedRollouts.filter((traj) => traj.fellAt < 0 || traj.fellAt > t0);
  const actor: RolloutPolicy = { act: (_obs, _rng, out = new Float64Array(nu), t = 0, state) => g.mean(t0 + t, state!, out) };
  const recovered = starts.map((traj, i) => rollout(task, actor, { seed: 5000 + i, T: T - t0, initialState: traj.states.slice(t0 * nx, (t0 + 1) * nx) }));
  console.log(JSON.stringify({
    guideFromPolicyStateAt: t0, starts: starts.length, driftThere: drift(pretrainedRollouts, t0),
    falls: recovered.filter((traj) => traj.fellAt >= 0 || traj.diverged).length, fellAt: recovered.map((traj) => (traj.fellAt >= 0 ? t0 + traj.fellAt : -1)),
    reward: +(recovered.map(totalReward).reduce((a, b) => a + b, 0) / Math.max(recovered.length, 1)).toFixed(1),
  }));
}

// ---- (b) Is the final aggregate a function of the observation? From-scratch fits. ----
if (rounds > 0) {
  for (const [hidden, time] of [[50, false], [50, true], [200, false]] as const) {
    const all = concat(sets, time);
    const onPolicy = concat(sets.slice(1), time);
    const fresh = new MlpPolicy({ inputDim: no + (time ? 1 : 0), actionDim: nu, hidden: [hidden], seed: 1 });
    fresh.fitNormalization(all.n, all.obs);
    started = Date.now();
    pretrain(fresh, { n: all.n, obs: all.obs, actions: all.labels, maxEvaluations: pretrainEvaluations });
    console.log(JSON.stringify({
      scratchFit: { hidden, timeInput: time, pairs: all.n, evaluations: pretrainEvaluations, seconds: (Date.now() - started) / 1000 },
      errorGuiding: fitError(fresh, concat([guidingData], time)), errorOnPolicy: fitError(fresh, onPolicy), elapsed: elapsed(),
    }));
  }
}
await pool.close();
task.dispose();
