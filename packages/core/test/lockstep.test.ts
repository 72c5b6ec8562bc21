import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LockstepPool, workerScriptUrl } from '../src/index.js';

const url = workerScriptUrl(new URL('./fixtures/scale-worker.ts', import.meta.url).href, 'scale-worker');

async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected the error "${message}"`);
}

test('workerScriptUrl picks the built .js or, from source, the tsx starter', () => {
  assert.is(workerScriptUrl('file:///p/dist/index.js', 'worker').href, 'file:///p/dist/worker.js');
  assert.is(workerScriptUrl('file:///p/src/parallel.ts', 'worker').href, 'file:///p/src/worker-tsx.mjs');
});

test('every worker runs each command on its share before run() returns', async () => {
  const buffer = new SharedArrayBuffer(8 * 5);
  const values = new Float64Array(buffer);
  values.set([1, 2, 3, 4, 5]);
  const pool = await LockstepPool.start('Scaler', url, [
    { buffer, first: 0, count: 2, factor: 2 },
    { buffer, first: 2, count: 3, factor: 10 },
  ]);
  try {
    assert.is(pool.size, 2);
    pool.run(1);
    assert.equal(Array.from(values), [2, 4, 30, 40, 50]);
    pool.run(1);
    assert.equal(Array.from(values), [4, 8, 300, 400, 500]);
  } finally {
    await pool.dispose();
  }
  assert.throws(() => pool.run(1), /^Scaler: the worker pool was disposed$/);
});

test("a worker's error reaches run() with the pool's name and the worker's index", async () => {
  const buffer = new SharedArrayBuffer(8);
  const pool = await LockstepPool.start('Scaler', url, [{ buffer, first: 0, count: 1, factor: 1 }]);
  try {
    assert.throws(() => pool.run(2), (e: Error) => e.message === 'Scaler: worker 0: worker 0 was asked to fail');
    assert.throws(() => pool.run(0), (e: Error) => e.message === 'Scaler: a command must be an integer ≥ 1, got 0');
    pool.run(1); // the pool still serves after a failed command
  } finally {
    await pool.dispose();
  }
});

test('a failed setup rejects start() and stops the other workers', async () => {
  const buffer = new SharedArrayBuffer(16);
  await rejects(
    LockstepPool.start('Scaler', url, [
      { buffer, first: 0, count: 1, factor: 1 },
      { buffer, first: 1, count: 1, factor: -1 },
    ]),
    'Scaler: worker 1 failed to start: factor must be ≥ 0, got -1',
  );
  await rejects(LockstepPool.start('Scaler', url, []), 'Scaler: a lockstep pool needs at least 1 worker, got 0');
  await rejects(LockstepPool.start('Scaler', url, [{ buffer, first: 0, count: 1, factor: 1 }], { timeoutMs: 0 }), 'Scaler: timeoutMs must be > 0, got 0');
});

test.run();
