/**
 * A scalar linear system with quadratic reward, where the optimal controller is known:
 * x' = a x + b (u + ε), ε ~ N(0, motorStd²), r = −x² − u², x_0 ~ N(1, 0.1²), horizon T.
 * The finite-horizon LQR gains (Riccati recursion) give the optimum; a guide is that controller
 * with a little exploration noise.
 */
import { Rng } from '@guided/core';
import type { GuidingDistribution, Trajectory } from '@guided/core';
import type { GpsEnvironment, Guide, RolloutRequest } from '../src/index.js';

export const A = 0.9;
export const B = 1;
export const MOTOR_STD = 0.05;

/** Finite-horizon LQR gains u_t = −K_t x_t for cost Σ x² + u² (V_T = 0). */
export function riccatiGains(T: number): number[] {
  const K = new Array<number>(T);
  let P = 0;
  for (let t = T - 1; t >= 0; t--) {
    const quu = 1 + B * B * P;
    const qux = A * B * P;
    K[t] = qux / quu;
    P = 1 + A * A * P - (qux * qux) / quu;
  }
  return K;
}

interface ToyGuideData {
  gains: number[];
  std: number;
}

/** u_t ~ N(−K_t x_t, std²): a linear-Gaussian guiding distribution on the toy system. */
export class ToyGuide implements GuidingDistribution {
  readonly stateDim = 1;
  readonly actionDim = 1;
  readonly T: number;
  constructor(readonly data: ToyGuideData) {
    this.T = data.gains.length;
  }
  sample(t: number, x: Float64Array, rng: Rng, out: Float64Array): Float64Array {
    out[0] = -this.data.gains[t] * x[0] + this.data.std * rng.normal();
    return out;
  }
  act(_obs: Float64Array, rng: Rng, out = new Float64Array(1), t = 0, state?: Float64Array): Float64Array {
    return this.sample(t, state!, rng, out);
  }
  logProb(t: number, x: Float64Array, u: Float64Array): number {
    const z = (u[0] + this.data.gains[t] * x[0]) / this.data.std;
    return -0.5 * z * z - Math.log(this.data.std) - 0.5 * Math.log(2 * Math.PI);
  }
}

export function toyGuideFromJSON(data: ToyGuideData): ToyGuide {
  return new ToyGuide(data);
}

export function toyGuide(T: number, std: number): Guide {
  const data = { gains: riccatiGains(T), std };
  return {
    distribution: new ToyGuide(data),
    descriptor: { module: import.meta.url, exportName: 'toyGuideFromJSON', data },
  };
}

type Actor = { act(obs: Float64Array, rng: Rng, out?: Float64Array, t?: number, state?: Float64Array): Float64Array };

/** Rolls out any actor on the toy system from one seed. */
export function rollout(actor: Actor, T: number, seed: number, x0?: Float64Array): Trajectory {
  const rng = new Rng(seed);
  const states = new Float64Array(T + 1);
  const actions = new Float64Array(T);
  const rewards = new Float64Array(T);
  states[0] = x0 ? x0[0] : 1 + 0.1 * rng.normal();
  const u = new Float64Array(1);
  for (let t = 0; t < T; t++) {
    const x = states.subarray(t, t + 1);
    actor.act(x, rng, u, t, x);
    actions[t] = u[0];
    rewards[t] = -x[0] * x[0] - u[0] * u[0];
    states[t + 1] = A * x[0] + B * (u[0] + MOTOR_STD * rng.normal());
  }
  return { T, stateDim: 1, actionDim: 1, states, actions, rewards, obsDim: 1, observations: states };
}

export class ToyEnvironment implements GpsEnvironment {
  readonly stateDim = 1;
  readonly obsDim = 1;
  readonly actionDim = 1;
  rolloutCalls = 0;
  constructor(readonly T: number) {}
  async rollouts(request: RolloutRequest): Promise<Trajectory[]> {
    this.rolloutCalls++;
    const actor = (await import(request.policy.module))[request.policy.exportName](request.policy.data) as Actor;
    return request.seeds.map((seed, i) => rollout(actor, this.T, seed, request.initialStates?.[i]));
  }
}

export function meanReturn(trajs: Trajectory[]): number {
  let sum = 0;
  for (const traj of trajs) for (let t = 0; t < traj.T; t++) sum += traj.rewards[t];
  return sum / trajs.length;
}

/** A deliberately poor guide: `scale` times the optimal gains, exploration std `std`. */
export function scaledToyGuide(T: number, scale: number, std: number): Guide {
  const data = { gains: riccatiGains(T).map((k) => k * scale), std };
  return {
    distribution: new ToyGuide(data),
    descriptor: { module: import.meta.url, exportName: 'toyGuideFromJSON', data },
  };
}
