import { minimize } from '../src/index.js';
import type { LbfgsOptions, Objective } from '../src/index.js';
import { barrierObjective, extendedRosenbrock, rosenbrockStart, wood } from './problems.js';

// One JSON line per problem. relFuncTol is 0 so that every run is stopped by the gradient test
// (||g||_inf <= 1e-8), which makes the evaluation counts comparable across sizes.
const tight: LbfgsOptions = { gradTol: 1e-8, relFuncTol: 0 };

function run(problem: string, objective: Objective, x0: Float64Array, options: LbfgsOptions): void {
  const r = minimize(objective, x0, options);
  const line = {
    problem,
    n: x0.length,
    iterations: r.iterations,
    evaluations: r.evaluations,
    f: r.f,
    gradNorm: r.gradNorm,
    reason: r.reason,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

run('rosenbrock-2d', extendedRosenbrock, rosenbrockStart(2), tight);
run('extended-rosenbrock', extendedRosenbrock, rosenbrockStart(100), tight);
run('extended-rosenbrock', extendedRosenbrock, rosenbrockStart(1000), tight);
run('wood', wood, Float64Array.from([-3, -1, -3, -1]), tight);

// -log(1 - ||x||^2) + ||x - c||^2 / 2 with c = (20, 0, ..., 0): NaN outside the unit ball, which
// the unconstrained quadratic's minimizer c lies far outside of. Start at the origin.
const n = 100;
const center = new Float64Array(n);
center[0] = 20;
run('barrier-ball', barrierObjective(center), new Float64Array(n), tight);
