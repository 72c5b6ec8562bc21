import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minimize } from '../src/index.js';
import type { LbfgsOptions, Objective } from '../src/index.js';
import { counted } from './helpers.js';

const weightedAbs: Objective = (x, g) => {
  g[0] = Math.sign(x[0]);
  g[1] = 2 * Math.sign(x[1]);
  return Math.abs(x[0]) + 2 * Math.abs(x[1]);
};

const maxAbs: Objective = (x, g) => {
  const a = Math.abs(x[0]);
  const b = Math.abs(x[1]);
  g[0] = a >= b ? Math.sign(x[0]) : 0;
  g[1] = a >= b ? 0 : Math.sign(x[1]);
  return Math.max(a, b);
};

/** sum_i (i + 1) |x_i - 1|: kinks in every coordinate. */
const shiftedL1: Objective = (x, g) => {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    f += (i + 1) * Math.abs(x[i] - 1);
    g[i] = (i + 1) * Math.sign(x[i] - 1);
  }
  return f;
};

const cases: [string, Objective, number[]][] = [
  ['|x0| + 2|x1|', weightedAbs, [1.3, -0.7]],
  ['max(|x0|, |x1|)', maxAbs, [1.3, -0.7]],
  ['sum (i+1)|x_i - 1|, n=10', shiftedL1, new Array(10).fill(0)],
];
const optionSets: LbfgsOptions[] = [{}, { relFuncTol: 0 }, { relFuncTol: 0, gradTol: 0, maxEvaluations: 300 }];

for (const [name, objective, x0] of cases) {
  test(`non-smooth ${name}: stops with a reason within the evaluation budget, having decreased f`, () => {
    for (const options of optionSets) {
      const c = counted(objective);
      const start = Float64Array.from(x0);
      const f0 = objective(start, new Float64Array(start.length));
      const r = minimize(c.objective, start, options);
      const budget = options.maxEvaluations ?? 2000;
      assert.ok(c.calls <= budget, `${JSON.stringify(options)}: ${c.calls} calls`);
      assert.is(r.evaluations, c.calls);
      assert.ok(r.reason !== 'max-iterations' && r.reason !== 'non-finite', `${JSON.stringify(options)}: ${r.reason}`);
      assert.ok(Number.isFinite(r.f) && r.f < 0.8 * f0, `${JSON.stringify(options)}: f ${r.f} from ${f0}`);
      // The reported f is the objective at the returned x.
      assert.is(objective(r.x, new Float64Array(start.length)), r.f);
    }
  });
}

test.run();
