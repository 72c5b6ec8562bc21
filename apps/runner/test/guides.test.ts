import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimPool, createTask } from '@guided/sim';
import type { SimTask } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { buildGuide, buildGuides, guideSeed, guidesFromJSON, guidesToJSON } from '../src/guides.js';

const T = 20;

function config(guides: number): BenchmarkConfig {
  return {
    task: 'swimmer',
    overrides: { horizon: T },
    ddp: {
      mode: 'full', initStd: 0.1, iterations: 2, window: 0, shift: 0, windowIterations: 0, pitchWeight: 0,
      candidates: 1, guides, tracking: 1, actionWeight: 1, temperature: 0.3, gainEps: 1e-2, trialSamples: 2,
    },
    gps: {},
    evaluationRollouts: 1,
  };
}

test('buildGuides: ddp.guides solutions, the first the one buildGuide gives for the run seed, the others from their own seeds', async () => {
  const task = await createTask('swimmer', { horizon: T });
  const pool = await SimPool.create({ task: 'swimmer', overrides: { horizon: T }, workers: 1 });
  try {
    const notes: string[] = [];
    const solutions = await buildGuides(config(3), task, pool, 5, (line) => notes.push(line));
    assert.is(solutions.length, 3);
    assert.ok(notes.some((n) => n.startsWith(`guide 3/3 (seed ${guideSeed(5, 2)}): DDP candidate 0`)), notes.join('\n'));
    const single = await buildGuide(config(1), task, pool, 5, () => {});
    assert.equal(Array.from(solutions[0].nominal.actions), Array.from(single.nominal.actions));
    const second = await buildGuide(config(1), task, pool, guideSeed(5, 1), () => {});
    assert.equal(Array.from(solutions[1].nominal.actions), Array.from(second.nominal.actions));
    assert.not.equal(Array.from(solutions[1].nominal.actions), Array.from(solutions[0].nominal.actions));
    assert.not.equal(Array.from(solutions[2].nominal.actions), Array.from(solutions[1].nominal.actions));

    // guides.json round trip, and a file written before ddp.guides (one unwrapped solution) loads as one.
    const loaded = guidesFromJSON(JSON.parse(JSON.stringify(guidesToJSON(solutions))));
    assert.is(loaded.length, 3);
    loaded.forEach((g, i) => {
      assert.equal(Array.from(g.nominal.states), Array.from(solutions[i].nominal.states));
      assert.equal(g.guide.descriptor, solutions[i].guide.descriptor);
    });
    const legacy = (guidesToJSON([single]) as { guides: unknown[] }).guides[0];
    const old = guidesFromJSON(JSON.parse(JSON.stringify(legacy)));
    assert.is(old.length, 1);
    assert.is(old[0].nominal.reward, single.nominal.reward);
  } finally {
    await pool.close();
    task.dispose();
  }
});

/** The task with isFallen replaced (the swimmer never falls on its own). */
function withFalls(task: SimTask, fallen: () => boolean): SimTask {
  return new Proxy(task, {
    get: (target, key) => {
      if (key === 'isFallen') return fallen;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

test('buildGuides discards a DDP solution whose nominal falls and tries the next seed; too few that stand is an error', async () => {
  const task = await createTask('swimmer', { horizon: T });
  const pool = await SimPool.create({ task: 'swimmer', overrides: { horizon: T }, workers: 1 });
  try {
    // The first solution's nominal "falls": its note ends the falling.
    let falling = true;
    const notes: string[] = [];
    const solutions = await buildGuides(config(2), withFalls(task, () => falling), pool, 5, (line) => {
      notes.push(line);
      if (line.includes('DDP candidate')) falling = false;
    });
    assert.is(solutions.length, 2);
    assert.ok(notes.some((n) => n === `guide 1/2 (seed ${guideSeed(5, 0)}): its nominal falls at step 0: discarded`), notes.join('\n'));
    const next = await buildGuide(config(1), task, pool, guideSeed(5, 1), () => {});
    assert.equal(Array.from(solutions[0].nominal.actions), Array.from(next.nominal.actions));
    try {
      await buildGuides(config(2), withFalls(task, () => true), pool, 5, () => {});
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.is((e as Error).message, 'line 1: only 0 of 4 DDP solutions stay up, 2 wanted (ddp.guides)');
    }
  } finally {
    await pool.close();
    task.dispose();
  }
});

test('buildGuides rejects a guide count that is not a positive integer', async () => {
  const task = await createTask('swimmer', { horizon: T });
  const pool = await SimPool.create({ task: 'swimmer', overrides: { horizon: T }, workers: 1 });
  try {
    for (const bad of [0, 1.5]) {
      try {
        await buildGuides(config(bad), task, pool, 1, () => {});
        assert.unreachable('should have thrown');
      } catch (e) {
        assert.is((e as Error).message, `ddp.guides must be an integer ≥ 1, got ${bad}`);
      }
    }
  } finally {
    await pool.close();
    task.dispose();
  }
});

test('guideSeed: guide 0 uses the run seed; guides of different runs do not share seeds', () => {
  assert.is(guideSeed(7, 0), 7);
  const seen = new Set<number>();
  for (let seed = 1; seed <= 50; seed++) for (let g = 0; g < 8; g++) seen.add(guideSeed(seed, g));
  assert.is(seen.size, 400);
});

test.run();
