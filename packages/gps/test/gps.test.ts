import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlpPolicySpec } from '@guided/mlp-policy';
import { guidedPolicySearch, resolveGpsOptions } from '../src/index.js';
import { ToyEnvironment, meanReturn, scaledToyGuide, toyGuide } from './toy.js';

const T = 20;
const small = {
  iterations: 6,
  guidingSamples: 20,
  samplesPerIteration: 5,
  activeSetSize: 30,
  hidden: [8],
  lbfgsEvaluations: 40,
  pretrainEvaluations: 100,
  secondStartEvaluations: 100,
  seed: 3,
};
async function rejects(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected the error "${message}"`);
}

const evaluationSeeds = Array.from({ length: 50 }, (_, i) => 10_000 + i);

test('GPS improves a poor guide to within 10% of the LQR optimum on a linear-quadratic problem', async () => {
  // The guide applies 40% of the optimal gain with wide exploration noise: imitating it (line 3)
  // gives a poor policy, so only the importance-sampled search (lines 5–17) can reach the optimum.
  const env = new ToyEnvironment(T);
  const guide = scaledToyGuide(T, 0.4, 0.3);
  const result = await guidedPolicySearch({ env, guides: [guide] }, { ...small, iterations: 10, activeSetSize: 40 });
  const learned = meanReturn(await env.rollouts({ policy: mlpPolicySpec(result.policy), seeds: evaluationSeeds }));
  const optimal = meanReturn(await env.rollouts({ policy: toyGuide(T, 1e-9).descriptor, seeds: evaluationSeeds }));
  const imitated = result.preface.pretrainedMean;
  console.log(`      toy returns: learned ${learned.toFixed(4)}, LQR optimum ${optimal.toFixed(4)}, pretrained ${imitated.toFixed(4)}`);
  // Rewards are negative costs: the learned cost must be within 10% of the optimum's,
  // and the pretrained policy must have been far from it.
  assert.ok(learned >= 1.1 * optimal, `learned ${learned} vs optimal ${optimal}`);
  assert.ok(imitated < 2 * optimal, `pretrained ${imitated} was already close to optimal ${optimal}`);
  assert.is(result.log.length, 10);
  for (const r of result.log) {
    assert.ok(Number.isFinite(r.valueNew) && Number.isFinite(r.valueStar) && Number.isFinite(r.objective));
    assert.ok(r.activeSetSize <= 40);
  }
});

test('w_r follows accept/reject: divided by 10 on acceptance, multiplied on rejection, clamped', async () => {
  const env = new ToyEnvironment(T);
  const result = await guidedPolicySearch({ env, guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 4 });
  const options = resolveGpsOptions(small);
  let wr = options.initialRegularization;
  for (const r of result.log) {
    assert.is(r.regularization, wr);
    const expected = Math.min(options.maxRegularization, Math.max(options.minRegularization, r.accepted ? wr / 10 : wr * 10));
    assert.is(r.nextRegularization, expected);
    assert.is(r.accepted, r.valueNew > r.valueStar);
    wr = expected;
  }
});

test('the same seed gives the same run, bit for bit', async () => {
  const run = async () => guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 2 });
  const a = await run();
  const b = await run();
  assert.equal(Array.from(a.policy.getParams()), Array.from(b.policy.getParams()));
  assert.equal(
    a.log.map((r) => [r.valueNew, r.valueStar, r.accepted]),
    b.log.map((r) => [r.valueNew, r.valueStar, r.accepted]),
  );
});

test('a resumed run ends exactly where an uninterrupted run ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gps-resume-'));
  try {
    const options = { ...small, iterations: 4 };
    const straight = await guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, options);
    // "Kill" after 2 iterations: run with iterations = 2 and a checkpoint, then resume to 4.
    await guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, { ...options, iterations: 2 }, { checkpointDir: dir });
    const envAfter = new ToyEnvironment(T);
    const resumed = await guidedPolicySearch({ env: envAfter, guides: [toyGuide(T, 0.05)] }, options, { checkpointDir: dir, resume: true });
    assert.equal(Array.from(resumed.policy.getParams()), Array.from(straight.policy.getParams()));
    assert.equal(
      resumed.log.map((r) => [r.iteration, r.valueNew, r.valueStar, r.accepted, r.nextRegularization]),
      straight.log.map((r) => [r.iteration, r.valueNew, r.valueStar, r.accepted, r.nextRegularization]),
    );
    // The resumed run did not redo lines 2–4 or iterations 1–2: only iterations 3–4 sampled.
    assert.ok(envAfter.rolloutCalls <= 2 * 2, `resumed run made ${envAfter.rolloutCalls} rollout calls`);
    // Resuming with other options is refused, naming the option.
    await guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, { ...options, hidden: [9] }, { checkpointDir: dir, resume: true }).then(
      () => assert.unreachable('resume with other options must fail'),
      (e: Error) => assert.match(e.message, /other options \(hidden: \[8\] there, \[9\] now\)/),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a save killed half-way leaves the last checkpoint, and resuming from it ends where a straight run ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gps-killed-save-'));
  try {
    const options = { ...small, iterations: 3 };
    const problem = () => ({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] });
    const straight = await guidedPolicySearch(problem(), options);
    await guidedPolicySearch(problem(), { ...options, iterations: 1 }, { checkpointDir: dir });
    // What the next save had appended before the kill: tails on committed files, a new scores file.
    const files = readdirSync(dir);
    assert.ok(files.includes('samples.bin') && files.includes('scores-0.bin') && files.includes('checkpoint.json'), files.join(', '));
    const garbage = Buffer.from(new Float64Array([1, 2, 3, NaN]).buffer);
    appendFileSync(join(dir, 'samples.bin'), garbage);
    appendFileSync(join(dir, 'scores-0.bin'), garbage);
    writeFileSync(join(dir, 'scores-99.bin'), garbage);
    const resumed = await guidedPolicySearch(problem(), options, { checkpointDir: dir, resume: true });
    assert.equal(Array.from(resumed.policy.getParams()), Array.from(straight.policy.getParams()));
    assert.equal(resumed.log.map((r) => [r.valueNew, r.valueStar, r.accepted]), straight.log.map((r) => [r.valueNew, r.valueStar, r.accepted]));
    // Each save appended only the new part: the files hold exactly what the header commits.
    const header = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    assert.is(statSync(join(dir, 'scores-0.bin')).size, 8 * header.samples.length * T);
    // A file shorter than the header commits is named.
    truncateSync(join(dir, 'scores-1.bin'), 8);
    await rejects(
      guidedPolicySearch(problem(), options, { checkpointDir: dir, resume: true }),
      `gps resume: ${join(dir, 'scores-1.bin')} holds 1 numbers, the checkpoint commits ${header.samples.length * T}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scoring on 2 worker threads changes no number, and the count may change on resume', async () => {
  const options = { ...small, iterations: 3, finalSelection: 'sampled' as const, selectionCandidates: 2, selectionSamples: 3 };
  const problem = () => ({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] });
  const one = await guidedPolicySearch(problem(), options);
  const two = await guidedPolicySearch(problem(), { ...options, scoringWorkers: 2 });
  const scores = (store: typeof one.store) => store.stepLogProbs.map((perDist) => perDist.map((steps) => Array.from(steps)));
  assert.equal(scores(two.store), scores(one.store));
  assert.equal(Array.from(two.policy.getParams()), Array.from(one.policy.getParams()));
  assert.equal(two.log.map((r) => [r.valueNew, r.valueStar, r.starIndex]), one.log.map((r) => [r.valueNew, r.valueStar, r.starIndex]));
  // The returned store has stopped its workers and scores on this thread.
  assert.is(two.store.addDistribution({ kind: 'policy', label: 'after', params: Float64Array.from(two.policy.getParams()) }), two.store.distributions.length - 1);
  const dir = mkdtempSync(join(tmpdir(), 'gps-scoring-'));
  try {
    await guidedPolicySearch(problem(), { ...options, iterations: 2, scoringWorkers: 2 }, { checkpointDir: dir });
    const resumed = await guidedPolicySearch(problem(), options, { checkpointDir: dir, resume: true });
    assert.equal(scores(resumed.store), scores(one.store));
    assert.equal(Array.from(resumed.policy.getParams()), Array.from(one.policy.getParams()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('line 3 on 2 worker threads gives the one-thread fit up to rounding', async () => {
  const run = async (pretrainWorkers: number) =>
    guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 0, pretrainWorkers });
  const [one, two] = [await run(1), await run(2)];
  const a = one.policy.getParams();
  const b = two.policy.getParams();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
  assert.ok(worst < 1e-6, `θ* differs by ${worst}`);
  assert.is(two.preface.pretrainEvaluations, one.preface.pretrainEvaluations);
  assert.ok(Math.abs(two.preface.pretrainedMean - one.preface.pretrainedMean) < 1e-6 * Math.abs(one.preface.pretrainedMean));
  // Line 3's final objective is recorded, the same on both thread counts up to rounding.
  const [lossOne, lossTwo] = [one.preface.pretrainLoss!, two.preface.pretrainLoss!];
  assert.ok(Number.isFinite(lossOne), `pretrainLoss ${lossOne}`);
  assert.ok(Math.abs(lossTwo - lossOne) < 1e-9 * Math.max(1, Math.abs(lossOne)), `pretrainLoss ${lossOne} vs ${lossTwo}`);
});

test('the restart variant skips line 3: no fit, no pretraining loss', async () => {
  const result = await guidedPolicySearch({ env: new ToyEnvironment(T), guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 0, variant: 'restart' });
  assert.is(result.preface.pretrainEvaluations, 0);
  assert.is(result.preface.pretrainLoss, null);
});

test('initialStd replaces the fitted σ of line 3 before line 4 samples θ*', async () => {
  const env = new ToyEnvironment(T);
  const run = (initialStd: number[] | null) => guidedPolicySearch({ env, guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 0, initialStd });
  const fitted = await run(null);
  const given = await run([0.2]);
  assert.ok(Math.abs(given.policy.std()[0] - 0.2) < 1e-15, `σ = ${given.policy.std()[0]}`);
  assert.ok(Math.abs(fitted.policy.std()[0] - 0.2) > 1e-3, 'the fitted σ was already 0.2');
  // The same mean: only σ differs.
  const a = fitted.policy.getParams();
  const b = given.policy.getParams();
  const logStd = fitted.policy.layout.logStdOffset;
  assert.equal(Array.from(a.subarray(0, logStd)), Array.from(b.subarray(0, logStd)));
  await rejects(run([0.2, 0.3]), 'gps: initialStd has 2 entries, but the environment has 1 action dimensions');
});

test('pretrainWeightDecay shrinks line 3\'s weight matrices; the recorded loss is the data term alone', async () => {
  const env = new ToyEnvironment(T);
  const run = (pretrainWeightDecay: number) => guidedPolicySearch({ env, guides: [toyGuide(T, 0.05)] }, { ...small, iterations: 0, pretrainWeightDecay });
  const weightNorm = (result: Awaited<ReturnType<typeof run>>) => result.policy.weightNormSquared();
  const [plain, decayed] = [await run(0), await run(0.1)];
  assert.ok(weightNorm(decayed) < 0.5 * weightNorm(plain), `Σ W² ${weightNorm(decayed)} against ${weightNorm(plain)}`);
  assert.ok(decayed.preface.pretrainLoss! > plain.preface.pretrainLoss!, `−(1/n) Σ log π: ${decayed.preface.pretrainLoss} decayed against ${plain.preface.pretrainLoss}`);
});

test('options are checked, naming the field and value', () => {
  assert.throws(() => resolveGpsOptions({ initialStd: [0.1, -1] }), /initialStd must be null or a list of finite numbers > 0, got \[0.1,-1\]/);
  assert.throws(() => resolveGpsOptions({ pretrainWorkers: 0 }), /pretrainWorkers must be an integer ≥ 1, got 0/);
  assert.throws(() => resolveGpsOptions({ scoringWorkers: 1.5 }), /scoringWorkers must be an integer ≥ 1, got 1\.5/);
  assert.throws(() => resolveGpsOptions({ pretrainWeightDecay: -1 }), /pretrainWeightDecay must be a finite number ≥ 0, got -1/);
  assert.throws(() => resolveGpsOptions({ iterations: -1 }), /iterations must be an integer ≥ 0, got -1/);
  assert.throws(() => resolveGpsOptions({ variant: 'magic' as never }), /variant must be one of gps, unregularized, non-guided, restart, got "magic"/);
  assert.throws(() => resolveGpsOptions({ activeGuidingShare: 0 }), /activeGuidingShare must be a number in \(0, 1\], got 0/);
  assert.throws(() => resolveGpsOptions({ secondStartEvaluations: 0.5 }), /secondStartEvaluations must be an integer ≥ 1, got 0.5/);
  assert.throws(() => resolveGpsOptions({ pretrainOutputLayer: 'exact' as never }), /pretrainOutputLayer must be 'solve' or 'descend', got exact/);
  assert.throws(() => resolveGpsOptions({ regularizationFactor: 1 }), /regularizationFactor must be a finite number > 1, got 1/);
  assert.throws(() => resolveGpsOptions({ itertions: 3 } as never), /unknown option "itertions"/);
  assert.is(resolveGpsOptions({ variant: 'unregularized' }).initialRegularization, 0);
  const defaults = resolveGpsOptions();
  assert.equal(
    [defaults.iterations, defaults.guidingSamples, defaults.samplesPerIteration, defaults.activeSetSize, defaults.minRegularization, defaults.maxRegularization, defaults.regularizationFactor],
    [80, 40, 10, 100, 1e-6, 1e-2, 10],
  );
});

test.run();
