import { Rng } from '@guided/core';
import { MlpPolicy } from '../src/index.js';
for (const [inputDim, hidden, actionDim, n] of [[8, [50], 2, 50000], [17, [50], 3, 50001], [5, [7, 3], 1, 11]] as const) {
  const rng = new Rng(1);
  const obs = rng.fillNormal(new Float64Array(n * inputDim));
  const actions = rng.fillNormal(new Float64Array(n * actionDim));
  const weights = rng.fillNormal(new Float64Array(n));
  for (let i = 0; i < 8 && i < n; i++) weights[i] = 0;
  const js = new MlpPolicy({ inputDim, actionDim, hidden: [...hidden], seed: 3, kernels: 'js' });
  const wa = new MlpPolicy({ inputDim, actionDim, hidden: [...hidden], seed: 3 });
  const th = js.getParams().map((v, i) => v + 0.3 * Math.sin(i)); js.setParams(th); wa.setParams(th);
  const o1 = new Float64Array(n), o2 = new Float64Array(n), g1 = new Float64Array(js.paramCount), g2 = new Float64Array(js.paramCount);
  js.logProb(n, obs, actions, o1); wa.logProb(n, obs, actions, o2);
  const t1 = js.logProbGrad(n, obs, actions, weights, g1), t2 = wa.logProbGrad(n, obs, actions, weights, g2);
  let bad = 0; for (let i = 0; i < n; i++) if (!Object.is(o1[i], o2[i])) bad++;
  let gb = 0; for (let i = 0; i < g1.length; i++) if (!Object.is(g1[i], g2[i])) gb++;
  console.log(inputDim, hidden, actionDim, n, 'logp mismatches', bad, 'grad mismatches', gb, Object.is(t1, t2));
  function med(f: () => void) { f(); const r: number[] = []; for (let k = 0; k < 7; k++) { const t = performance.now(); f(); r.push(performance.now() - t); } r.sort((a, b) => a - b); return r[3].toFixed(1); }
  if (n > 1000) for (const [name, p] of [['js', js], ['wasm', wa]] as const) {
    console.log(name, 'logProb', med(() => p.logProb(n, obs, actions, o1)), 'grad', med(() => p.logProbGrad(n, obs, actions, weights, g1)), 'both', med(() => { p.logProb(n, obs, actions, o1); p.logProbGrad(n, obs, actions, weights, g1); }));
  }
}
