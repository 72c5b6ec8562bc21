import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { curveSpec, renderSvg, rootSpec } from '../src/plots.js';

test('the learning curve renders to SVG with its three layers', async () => {
  const svg = await renderSvg(
    curveSpec({
      task: 'toy',
      curve: [
        { iteration: 0, meanReward: -50, accepted: true },
        { iteration: 1, meanReward: -20, accepted: true },
      ],
      exampleReward: -15,
      guidingMean: -18,
      guidingStd: 2,
    }),
  );
  assert.match(svg, /^<svg/);
  assert.match(svg, /toy: mean reward/);
  assert.ok((svg.match(/<path/g) ?? []).length >= 3, 'band, example line and curve');
});

test('root positions render as two panels', async () => {
  const svg = await renderSvg(
    rootSpec({ task: 'toy', dt: 0.01, series: [{ name: 'policy', x: [0, 0.1, 0.2], z: [1, 1.1, 1] }, { name: 'DDP', x: [0, 0.2, 0.4], z: [1, 1, 1] }] }),
  );
  assert.match(svg, /root x \(m\)/);
  assert.match(svg, /root height \(m\)/);
});

test.run();
