/** Shared test helpers: finite-difference Jacobians and a settled state per task. */
import { OpenLoopPolicy, rollout } from '../src/index.js';
import type { SimTask } from '../src/index.js';

/** Central-difference Jacobian of f: R^n → R^m at x, [m × n] row-major. */
export function jacobianFD(f: (x: Float64Array, out: Float64Array) => void, x: Float64Array, m: number, eps: number): Float64Array {
  const n = x.length;
  const J = new Float64Array(m * n);
  const fp = new Float64Array(m);
  const fm = new Float64Array(m);
  const xp = x.slice();
  for (let j = 0; j < n; j++) {
    xp[j] = x[j] + eps;
    f(xp, fp);
    xp[j] = x[j] - eps;
    f(xp, fm);
    xp[j] = x[j];
    for (let i = 0; i < m; i++) J[i * n + j] = (fp[i] - fm[i]) / (2 * eps);
  }
  return J;
}

/** Largest |a − b| / (1 + |b|) over the entries. */
export function maxRelativeError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}

/**
 * A generic state in motion: 30 steps of a smooth open-loop control from the initial state
 * (legged tasks have feet on the ground by then, swimmers are moving).
 */
export function movingState(task: SimTask, steps = 30): { x: Float64Array; u: Float64Array } {
  const nu = task.actionDim;
  const table = new Float64Array(steps * nu);
  for (let t = 0; t < steps; t++) for (let k = 0; k < nu; k++) table[t * nu + k] = 0.3 * Math.sin(0.2 * t + k);
  const traj = rollout(task, new OpenLoopPolicy(nu, table), { seed: 7, T: steps, motorNoise: false });
  const x = traj.states.slice(steps * task.stateDim);
  const u = new Float64Array(nu);
  for (let k = 0; k < nu; k++) u[k] = 0.2 * Math.cos(k);
  return { x, u };
}
