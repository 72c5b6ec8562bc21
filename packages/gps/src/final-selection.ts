/**
 * Line 19, "Return the best policy π_θ*", read as a choice among every policy that was θ* during
 * the run (finalSelection: 'sampled'; not in the paper, which returns θ* as the loop leaves it).
 *
 * Why: line 11 compares θ_k with θ* by Eq. (2) on S_k, and line 16 resamples θ* after a
 * rejection. Ten samples cannot tell a policy that falls in 7% of its rollouts from one that never
 * falls, so when θ*'s resamples happen to fall, its estimate drops and a worse θ_k is accepted: θ*
 * can ratchet down (the walker's seed 3 lost its walk this way). Each policy's own samples are an
 * on-policy Monte Carlo estimate of its value, free of importance weights. Here the
 * `selectionCandidates` best of them by that mean get `selectionSamples` more rollouts each, and
 * the one with the highest mean over all its own samples is returned.
 */
import type { Trajectory } from '@guided/core';
import { totalReward } from './returns.js';
import type { SampleStore } from './sample-store.js';

export interface SelectionCandidate {
  /** Index of the policy's distribution in the store. */
  index: number;
  label: string;
  /** Its own samples (lines 4, 8, 16 and the selection's fresh rollouts), and their mean total reward. */
  samples: number;
  meanReward: number;
}

export interface FinalSelection {
  /** θ* as the loop left it (what line 19 returns with finalSelection 'star'). */
  loopStar: number;
  /** The policies that were θ* at some iteration, best first by the mean of their own samples. */
  candidates: SelectionCandidate[];
  /** The returned policy's store index. */
  chosen: number;
  seconds: number;
}

/**
 * `stars`: store indices of θ* over the run, in order (the pretrained policy first). `sample(j, n)`
 * draws n fresh rollouts of policy j.
 */
export async function selectFinalPolicy(
  store: SampleStore,
  stars: number[],
  candidates: number,
  samplesEach: number,
  sample: (index: number, count: number) => Promise<Trajectory[]>,
): Promise<FinalSelection> {
  const started = Date.now();
  const distinct = [...new Set(stars)];
  const loopStar = stars[stars.length - 1];
  // The finalists' fresh rollouts count only by their returns: nothing after line 19 reads the store,
  // so they are not scored into it (scoring them under every distribution took most of line 19's time).
  const freshReturns = new Map<number, number[]>();
  const describe = (index: number): SelectionCandidate => {
    const own = [...store.samples.filter((s) => s.source === index).map((s) => s.totalReward), ...(freshReturns.get(index) ?? [])];
    const meanReward = own.reduce((a, r) => a + r, 0) / own.length;
    return { index, label: store.distributions[index].label, samples: own.length, meanReward };
  };
  const ranked = distinct.map(describe).sort(byMeanReward);
  if (distinct.length > 1) {
    for (const candidate of ranked.slice(0, candidates)) {
      freshReturns.set(candidate.index, (await sample(candidate.index, samplesEach)).map(totalReward));
    }
  }
  const finalists = ranked.slice(0, candidates).map((c) => describe(c.index)).sort(byMeanReward);
  const rest = ranked.slice(candidates);
  return { loopStar, candidates: [...finalists, ...rest], chosen: finalists[0].index, seconds: (Date.now() - started) / 1000 };
}

/** Highest mean first; ties keep the earlier policy. */
function byMeanReward(a: SelectionCandidate, b: SelectionCandidate): number {
  return b.meanReward - a.meanReward || a.index - b.index;
}
