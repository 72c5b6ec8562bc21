/**
 * `pnpm -F @guided/demos walk`: the default SIMBICON controller on the default walker, 10 rollouts
 * of 500 steps (5 s) with 10% motor noise, seeds 1…10. Prints one JSON object (one line per figure
 * and per rollout). `velocity` is the displacement over 5 s from rest, `velocityLast4s` over steps
 * 100…500.
 */
import { createTask } from '@guided/sim';
import { SimbiconController, recordDemonstration, summarizeRollout } from '../src/index.js';

const T = 500;
const task = await createTask('walker');
const controller = new SimbiconController();
const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
const round = (v: number, digits: number): number => Number(v.toFixed(digits));
const nx = task.stateDim;
const rows = seeds.map((seed) => {
  const traj = recordDemonstration(task, controller, { seed, T });
  const s = summarizeRollout(task, traj);
  const last4s = (traj.states[T * nx] - traj.states[100 * nx]) / ((T - 100) * task.controlDt);
  return { seed, fellAt: s.fellAt, meanReward: s.meanReward, totalReward: s.totalReward, velocity: s.forwardVelocity, velocityLast4s: last4s, meanHeight: s.meanHeight, footStrikes: controller.footStrikes };
});
const stats = (key: 'meanReward' | 'totalReward' | 'velocity' | 'velocityLast4s' | 'meanHeight'): { mean: number; std: number } => {
  const v = rows.map((r) => r[key]);
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  return { mean: round(m, 4), std: round(sd, 4) };
};
const summary = {
  task: 'walker',
  motorNoise: task.spec.motorNoise,
  T,
  rollouts: rows.length,
  falls: `${rows.filter((r) => r.fellAt >= 0).length}/${rows.length}`,
  meanReward: stats('meanReward'),
  totalReward: stats('totalReward'),
  forwardVelocity: stats('velocity'),
  velocityLast4s: stats('velocityLast4s'),
  meanHeight: stats('meanHeight'),
};
const printed = rows.map((r) => ({
  ...r,
  meanReward: round(r.meanReward, 4),
  totalReward: round(r.totalReward, 2),
  velocity: round(r.velocity, 3),
  velocityLast4s: round(r.velocityLast4s, 3),
  meanHeight: round(r.meanHeight, 4),
}));
const lines = Object.entries(summary).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
lines.push(`  "perRollout": [\n${printed.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`);
console.log(`{\n${lines.join(',\n')}\n}`);
task.dispose();
