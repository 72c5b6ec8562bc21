/** The simulator under Algorithm 1: a GpsEnvironment over @guided/sim's worker pool. */
import type { GpsEnvironment, RolloutRequest } from '@guided/gps';
import type { SimPool, SimTask, SimTrajectory } from '@guided/sim';

export class SimEnvironment implements GpsEnvironment {
  readonly T: number;
  readonly stateDim: number;
  readonly obsDim: number;
  readonly actionDim: number;
  /** Rollouts that diverged (and were padded, see below) so far. */
  diverged = 0;

  constructor(
    readonly task: SimTask,
    readonly pool: SimPool,
  ) {
    this.T = task.horizon;
    this.stateDim = task.stateDim;
    this.obsDim = task.obsDim;
    this.actionDim = task.actionDim;
  }

  async rollouts(request: RolloutRequest): Promise<SimTrajectory[]> {
    const trajs = await this.pool.rollouts(request.policy, request.seeds, { T: this.T, initialStates: request.initialStates });
    return trajs.map((traj) => (traj.T === this.T ? traj : this.pad(traj)));
  }

  /**
   * A rollout whose simulation diverged stops at its last finite state. Algorithm 1 needs T steps,
   * so it is held there: the remaining steps repeat the last state with zero action, and score the
   * reward of lying motionless where it was (the last state's positions with every velocity set to
   * zero). Scoring the last state as it is would not do: just before a divergence its velocities are
   * huge, and one such rollout once scored −1e8, swamping every importance weight. Each occurrence is
   * counted and reported by the runner.
   */
  private pad(traj: SimTrajectory): SimTrajectory {
    this.diverged++;
    const { T, stateDim: nx, actionDim: nu, obsDim: no } = this;
    const have = traj.T;
    const states = new Float64Array((T + 1) * nx);
    const observations = new Float64Array((T + 1) * no);
    const actions = new Float64Array(T * nu);
    const rewards = new Float64Array(T);
    states.set(traj.states.subarray(0, (have + 1) * nx));
    observations.set(traj.observations.subarray(0, (have + 1) * no));
    actions.set(traj.actions.subarray(0, have * nu));
    rewards.set(traj.rewards.subarray(0, have));
    const last = traj.states.subarray(have * nx, (have + 1) * nx);
    const motionless = Float64Array.from(last).fill(0, this.task.nq);
    const stuckReward = this.task.reward.reward(motionless, new Float64Array(nu));
    for (let t = have + 1; t <= T; t++) {
      states.set(last, t * nx);
      observations.set(traj.observations.subarray(have * no, (have + 1) * no), t * no);
    }
    rewards.fill(stuckReward, have);
    return { ...traj, T, states, observations, actions, rewards, controls: actions };
  }
}
