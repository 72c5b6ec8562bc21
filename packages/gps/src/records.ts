/** The named figures logged every iteration (CleanRL style: the same keys every time). */

export interface IterationRecord {
  iteration: number;
  /** Mean total reward of the new policy's samples (line 8). */
  policySampleMean: number;
  /** Eq. (2) estimates on S_k after line 8. */
  valueStar: number;
  valueNew: number;
  accepted: boolean;
  /** Store index of θ* after lines 11–16 (line 19's candidates are the policies that held it). */
  starIndex: number;
  /** w_r used in this iteration's optimization, and the value chosen for the next. */
  regularization: number;
  nextRegularization: number;
  objective: number;
  lbfgsEvaluations: number;
  start: 'best' | 'highest-reward-sample';
  /** Smallest per-step effective sample size of θ_k on S_k. */
  minEffectiveSampleSize: number;
  activeSetSize: number;
  sampleCount: number;
  seconds: number;
  /**
   * Wall time split (seconds): line 6 (activeSet), line 7 (objective), line 8's and line 16's rollouts
   * (sampling) and their scoring under every distribution (scoring), line 9 (adaptation), line 10
   * (estimation). Logs written before session 12 have no activeSet or scoring: their sampling holds the
   * scoring, and line 6 is in no part.
   */
  time: { activeSet: number; objective: number; sampling: number; scoring: number; estimation: number; adaptation: number };
}

export interface PrefaceRecord {
  guidingMean: number;
  guidingStd: number;
  guidingCount: number;
  pretrainEvaluations: number;
  /**
   * Line 3's objective at its end: −(1/n) Σ_i log π_θ*(u_i | x_i) over the guiding samples' n pairs,
   * with the fitted σ (before initialStd). null for the restart variant (no fit) and in checkpoints
   * written before it was recorded.
   */
  pretrainLoss: number | null;
  /** Mean total reward of the pretrained policy's first samples (line 4). */
  pretrainedMean: number;
  seconds: number;
}
