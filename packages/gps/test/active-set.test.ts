import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MlpPolicy } from '@guided/mlp-policy';
import { SampleStore, chooseActiveSet, nextRegularization } from '../src/index.js';
import { rollout, toyGuide, scaledToyGuide } from './toy.js';

const T = 6;

function storeWithSamples() {
  const scorer = new MlpPolicy({ inputDim: 1, actionDim: 1, hidden: [3], seed: 1 });
  const store = new SampleStore(T, 1, 1, scorer);
  const good = toyGuide(T, 0.1);
  const poor = scaledToyGuide(T, 0.3, 0.5);
  const g = store.addDistribution({ kind: 'guide', label: 'good', guide: good.distribution, descriptor: good.descriptor });
  store.addSamples([0, 1, 2].map((s) => rollout(good.distribution as never, T, s)), g, true);
  const p = store.addDistribution({ kind: 'guide', label: 'poor', guide: poor.distribution, descriptor: poor.descriptor });
  store.addSamples([10, 11, 12, 13, 14, 15].map((s) => rollout(poor.distribution as never, T, s)), p, false);
  return { store, g, p };
}

test('the active set holds every guiding sample, then the highest whole-trajectory weights under θ*', () => {
  const { store, g } = storeWithSamples();
  const all = store.distributions.map((_, j) => j);
  // Brute force: log π*(ζ) − log q(ζ), with q the equal mixture of both distributions.
  const weight = (i: number) => {
    const logStar = store.stepLogProbs[g][i].reduce((a, b) => a + b, 0);
    const logEach = all.map((j) => store.stepLogProbs[j][i].reduce((a, b) => a + b, 0));
    const max = Math.max(...logEach);
    const logQ = max + Math.log(logEach.reduce((a, v) => a + Math.exp(v - max), 0)) - Math.log(all.length);
    return logStar - logQ;
  };
  const others = [3, 4, 5, 6, 7, 8].sort((a, b) => weight(b) - weight(a));
  const chosen = chooseActiveSet(store, g, 5, all, true);
  assert.equal(chosen, [0, 1, 2, ...others.slice(0, 2)].sort((a, b) => a - b));
  // Without guiding samples (the non-guided variants) only the others compete.
  assert.equal(chooseActiveSet(store, g, 3, all, false), others.slice(0, 3).sort((a, b) => a - b));
  // A set smaller than the guiding samples keeps the best-weighted guiding samples.
  assert.is(chooseActiveSet(store, g, 2, all, true).length, 2);
  assert.ok(chooseActiveSet(store, g, 2, all, true).every((i) => i < 3));
});

test('guiding samples take at most maxGuiding places while other samples remain', () => {
  const { store, g } = storeWithSamples();
  const all = store.distributions.map((_, j) => j);
  const chosen = chooseActiveSet(store, g, 5, all, true, 1);
  assert.is(chosen.filter((i) => i < 3).length, 1, 'one guiding sample');
  assert.is(chosen.length, 5);
  // The guiding sample kept is the best-weighted one, and the others are the four best of theirs.
  assert.equal(chosen.filter((i) => i < 3), chooseActiveSet(store, g, 1, all, true));
  assert.equal(chosen.filter((i) => i >= 3), chooseActiveSet(store, g, 4, all, false));
  // With too few other samples to fill the set, guiding samples fill it.
  assert.is(chooseActiveSet(store, g, 9, all, true, 1).length, 9);
  assert.is(chooseActiveSet(store, g, 8, all, true, 1).filter((i) => i < 3).length, 2);
});

test('fused log q is the log of the mean of the distributions\' prefix densities', () => {
  const { store } = storeWithSamples();
  const logQ = store.fusedPrefixLogQ([4]);
  for (let t = 0; t < T; t++) {
    const prefix = (j: number) => store.stepLogProbs[j][4].slice(0, t + 1).reduce((a, b) => a + b, 0);
    const direct = Math.log((Math.exp(prefix(0)) + Math.exp(prefix(1))) / 2);
    assert.ok(Math.abs(logQ[t] - direct) < 1e-12, `t=${t}: ${logQ[t]} vs ${direct}`);
  }
  assert.throws(() => store.addSamples([], 7, false), /source must index a distribution \(0\.\.1\), got 7/);
});

test('whole-trajectory fused log q equals the prefix density\'s last step bit for bit', () => {
  const { store } = storeWithSamples();
  const indices = [8, 0, 3, 5];
  for (const use of [undefined, [1], [0, 1]]) {
    const prefix = store.fusedPrefixLogQ(indices, use);
    const whole = store.fusedLogQ(indices, use);
    assert.equal(Array.from(whole), indices.map((_, r) => prefix[r * T + T - 1]));
  }
  assert.throws(() => store.fusedLogQ([0], []), /SampleStore\.fusedLogQ: no sampling distribution to fuse/);
});

test('w_r schedule: ÷factor on acceptance, ×factor on rejection, clamped to [min, max]', () => {
  const schedule = { min: 1e-6, max: 1e-2, factor: 10 };
  assert.is(nextRegularization(1e-3, true, schedule), 1e-4);
  assert.is(nextRegularization(1e-3, false, schedule), 1e-2);
  assert.is(nextRegularization(1e-2, false, schedule), 1e-2);
  assert.is(nextRegularization(1e-6, true, schedule), 1e-6);
  // No drift after many changes in both directions: six acceptances and five rejections that never
  // touch a bound leave 1e-3 / 10 exactly.
  let wr = 1e-3;
  for (const accepted of [true, true, false, true, false, false, false, true, true, true, false]) wr = nextRegularization(wr, accepted, schedule);
  assert.is(wr, 1e-4);
});

test.run();
