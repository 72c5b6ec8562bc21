// The README's example as a script: `node packages/lbfgs/examples/rosenbrock.mjs` after `pnpm build`.
import { minimize } from '@guided/lbfgs';

// Rosenbrock: f(x, y) = 100 (y - x^2)^2 + (1 - x)^2, minimum 0 at (1, 1).
const rosenbrock = (p, grad) => {
  const [x, y] = p;
  grad[0] = -400 * x * (y - x * x) - 2 * (1 - x);
  grad[1] = 200 * (y - x * x);
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
};

const result = minimize(rosenbrock, Float64Array.from([-1.2, 1]), { gradTol: 1e-8, relFuncTol: 0 });
console.log(result.reason, result.iterations, result.evaluations);
console.log(Array.from(result.x, (v) => v.toFixed(10)), result.f.toExponential(2));
