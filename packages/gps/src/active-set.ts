/**
 * Line 6 of Algorithm 1: the active set S_k is the guiding samples plus the samples with the
 * highest importance weights π_θ*(ζ) / q(ζ) under the current best policy θ* (Section 5).
 */
import type { SampleStore } from './sample-store.js';

/**
 * Indices of S_k: the guiding samples, then the other samples, each group in order of decreasing
 * whole-trajectory log weight log π_θ*(ζ_i) − log q(ζ_i). Guiding samples take at most `maxGuiding`
 * places while other samples are left to fill the rest: adaptive guiding samples (10 per iteration)
 * would otherwise crowd θ*'s own samples out of S_k, and line 10 would estimate θ*'s value from
 * guiding samples alone. `starIndex` is θ*'s distribution; `use` the distributions fused into q.
 */
export function chooseActiveSet(
  store: SampleStore,
  starIndex: number,
  size: number,
  use: readonly number[],
  includeGuiding: boolean,
  maxGuiding = size,
): number[] {
  const candidates = store.samples.map((_, i) => i).filter((i) => includeGuiding || !store.samples[i].guiding);
  const logWeight = trajectoryLogWeights(store, candidates, starIndex, use);
  const weightOf = new Map(candidates.map((i, r) => [i, logWeight[r]]));
  const byWeight = (a: number, b: number) => weightOf.get(b)! - weightOf.get(a)! || a - b;
  const guiding = candidates.filter((i) => store.samples[i].guiding).sort(byWeight);
  const others = candidates.filter((i) => !store.samples[i].guiding).sort(byWeight);
  const guidingPlaces = Math.max(Math.min(guiding.length, maxGuiding), size - others.length);
  const chosen = [...guiding.slice(0, guidingPlaces), ...others].slice(0, size);
  return chosen.sort((a, b) => a - b);
}

/** log π_θ*(ζ_i) − log q(ζ_i) over whole trajectories (Eq. 1's weights), for the given samples. */
export function trajectoryLogWeights(
  store: SampleStore,
  indices: readonly number[],
  starIndex: number,
  use: readonly number[],
): Float64Array {
  const T = store.T;
  const logQ = store.fusedLogQ(indices, use);
  const out = new Float64Array(indices.length);
  indices.forEach((i, r) => {
    const steps = store.stepLogProbs[starIndex][i];
    let logP = 0;
    for (let t = 0; t < T; t++) logP += steps[t];
    out[r] = logP - logQ[r];
  });
  return out;
}
