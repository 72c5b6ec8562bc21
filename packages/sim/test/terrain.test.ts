import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask, Terrain } from '../src/index.js';

const DEG = Math.PI / 180;

test('flat ground: height and slope are zero everywhere', () => {
  const t = new Terrain({ type: 'flat' });
  for (const x of [-100, 0, 3.7, 1e4]) {
    assert.is(t.heightAt(x), 0);
    assert.is(t.slopeAt(x), 0);
  }
});

test('incline: flat before startX, then rises at the given slope', () => {
  const t = new Terrain({ type: 'incline', slopeDeg: 10, startX: 4 });
  assert.is(t.heightAt(3.99), 0);
  assert.is(t.slopeAt(3.99), 0);
  assert.ok(Math.abs(t.heightAt(6) - 2 * Math.tan(10 * DEG)) < 1e-12);
  assert.ok(Math.abs(t.slopeAt(6) - Math.tan(10 * DEG)) < 1e-12);
  const down = new Terrain({ type: 'incline', slopeDeg: -5, startX: 0, length: 10 });
  assert.ok(Math.abs(down.heightAt(20) - 10 * Math.tan(-5 * DEG)) < 1e-12, 'flat again after the incline');
});

test('rough terrain: 1 m and 2 m segments, slopes within the bound, continuous, seeded', () => {
  const spec = { type: 'rough' as const, seed: 11, startX: 1, length: 40, maxSlopeDeg: 6 };
  const t = new Terrain(spec);
  const lengths = new Set<number>();
  for (let i = 0; i + 1 < t.xs.length; i++) {
    const len = t.xs[i + 1] - t.xs[i];
    lengths.add(len);
    assert.ok(len === 1 || len === 2, `segment ${i} has length ${len}`);
    const slope = (t.zs[i + 1] - t.zs[i]) / len;
    assert.ok(Math.abs(slope) <= Math.tan(6 * DEG) + 1e-15, `segment ${i} slope ${slope}`);
    const mid = (t.xs[i] + t.xs[i + 1]) / 2;
    assert.ok(Math.abs(t.slopeAt(mid) - slope) < 1e-12);
    // Continuous at the breakpoint.
    assert.ok(Math.abs(t.heightAt(t.xs[i + 1] - 1e-9) - t.heightAt(t.xs[i + 1])) < 1e-8);
  }
  assert.equal([...lengths].sort(), [1, 2]);
  assert.ok(t.xs[t.xs.length - 1] >= 41);
  const again = new Terrain(spec);
  assert.equal(Array.from(again.zs), Array.from(t.zs));
  const other = new Terrain({ ...spec, seed: 12 });
  assert.not.equal(Array.from(other.zs), Array.from(t.zs));
});

test('the simulated ground (MuJoCo geoms, by ray cast) lies exactly on h(x)', async () => {
  const cases = [
    { type: 'incline' as const, slopeDeg: 10, startX: 2 },
    { type: 'rough' as const, seed: 3, startX: 1, length: 20, maxSlopeDeg: 10 },
  ];
  for (const terrain of cases) {
    const task = await createTask('walker', { terrain });
    for (let x = -3; x < 20; x += 0.37) {
      const sim = task.simulatedGroundHeight(x, 0.3);
      assert.ok(Math.abs(sim - task.terrain.heightAt(x)) < 1e-9, `${terrain.type} at x = ${x}: ${sim} vs ${task.terrain.heightAt(x)}`);
    }
    task.dispose();
  }
  const flat = await createTask('hopper');
  assert.ok(Math.abs(flat.simulatedGroundHeight(7)) < 1e-12);
  flat.dispose();
});

test('observation gives the root height relative to the ground below it, and no root x', async () => {
  const task = await createTask('hopper', { terrain: { type: 'incline', slopeDeg: 10, startX: 0 } });
  const x = task.initialState();
  const obs0 = task.observe(x);
  x[0] = 3; // move the root 3 m up the incline, keeping its absolute height
  const obs1 = task.observe(x);
  const h = 3 * Math.tan(10 * DEG);
  assert.ok(Math.abs(obs1[0] - (obs0[0] - h)) < 1e-12, 'height drops by h(3)');
  assert.ok(Math.abs(task.height(x) - (x[1] - h)) < 1e-12);
  x[1] += h; // now the same height above the ground as before
  assert.equal(Array.from(task.observe(x)), Array.from(obs0), 'observation does not see the root x');
  task.dispose();
});

test('on an incline the initial state stands on the ground at x = 0', async () => {
  const task = await createTask('hopper', { terrain: { type: 'incline', slopeDeg: 10, startX: -1 } });
  const x = task.initialState();
  const h0 = Math.tan(10 * DEG);
  assert.ok(Math.abs(x[1] - (1.39 + h0)) < 1e-12, `root z ${x[1]}`);
  assert.ok(Math.abs(task.height(x) - 1.39) < 1e-12);
  task.dispose();
});

test.run();
