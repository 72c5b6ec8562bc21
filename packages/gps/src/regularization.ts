/**
 * Lines 11–17 of Algorithm 1: accept θ_k when its estimated value beats θ*'s and decrease w_r,
 * else increase w_r; w_r is clamped to [min, max] and changed by a constant factor
 * (the paper: [1e-6, 1e-2], factor 10).
 */
import { clamp } from './options.js';

export interface RegularizationSchedule {
  min: number;
  max: number;
  factor: number;
}

export function nextRegularization(wr: number, accepted: boolean, schedule: RegularizationSchedule): number {
  const next = clamp(accepted ? wr / schedule.factor : wr * schedule.factor, schedule.min, schedule.max);
  // Round away the drift of repeated ×10 / ÷10 (1e-5 · 10 · 10 / 10 = 1.0000000000000002e-5).
  return Number(next.toPrecision(12));
}
