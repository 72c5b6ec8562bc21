// `pnpm results <task> [runs-dir]`: collects runs/<task>-*/result.json, copies each run's small outputs
// (result.json, log.jsonl, curve.svg, root.svg) into apps/<task>/results/<run>/, and regenerates the
// results table between the markers in apps/<task>/README.md from every run kept there (so runs made
// on another machine or in an earlier session stay in the table).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [task, runsDir = 'runs'] = process.argv.slice(2);
if (!task) {
  process.stderr.write('usage: pnpm results <task> [runs-dir]\n');
  process.exit(2);
}
const readme = join('apps', task, 'README.md');
if (!existsSync(readme)) {
  process.stderr.write(`results: ${readme} does not exist\n`);
  process.exit(2);
}
const finished = (dir) =>
  existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(`${task}-`) && existsSync(join(dir, name, 'result.json'))) : [];
const kept = join('apps', task, 'results');
for (const name of finished(runsDir)) {
  const target = join(kept, name);
  mkdirSync(target, { recursive: true });
  for (const file of ['result.json', 'log.jsonl', 'curve.svg', 'root.svg']) {
    if (existsSync(join(runsDir, name, file))) copyFileSync(join(runsDir, name, file), join(target, file));
  }
}
/** result.json's meanAction (runs before it was recorded: `evaluate.ts --record-mean-action`, or none). */
const meanAction = (r) => (r.meanAction ? `${r.meanAction.costRatio.toFixed(3)} (${r.meanAction.falls}/${r.meanAction.rollouts})` : '—');
/**
 * Line 19: θ* as the loop left it, or the sampled choice beside the loop's θ* on the same seeds, with
 * the finalists' count × rollouts (runs before result.json recorded them used gps's defaults, 3 × 20).
 */
const selection = (r) => {
  if (!r.selection) return 'loop θ*';
  const loop = r.selection.loopStarEvaluation;
  const sampled = `sampled (${r.selection.finalists ?? 3} × ${r.selection.samplesEach ?? 20})`;
  return r.selection.chosen === r.selection.loopStar
    ? `${sampled}: ${r.selection.chosen}, the loop's θ*`
    : `${sampled}: ${r.selection.chosen} (loop's θ* ${r.selection.loopStar}: ${loop.costRatio.toFixed(3)}, ${loop.falls}/${loop.rollouts} falls)`;
};
/** A cost ratio to 3 decimals, or 4 where 3 would round it onto the 1.1 line (1.1004 is not ≤ 1.1). */
const ratio = (x) => (x.toFixed(3) === '1.100' && x !== 1.1 ? x.toFixed(4) : x.toFixed(3));
/** Line 3's σ: the fit's rms residual, or F × the guide's own noise (runner option initialStd). */
// (One session-7 run recorded the factor 1 as 'guide'.)
const initialStd = (r) =>
  r.initialStd && r.initialStd.source !== 'fit' ? `, σ ${r.initialStd.source === 'guide' ? 1 : r.initialStd.source} × guide's` : '';
/** Line 3's weight decay when not 0 (runs before it was recorded used none). */
const decay = (r) => (r.pretrainWeightDecay ? `, decay ${r.pretrainWeightDecay}` : '');
/** Line 7's L-BFGS budget per start when not the gps default of 50 (runs before it was recorded used 50). */
const lbfgs = (r) => (r.lbfgsEvaluations !== undefined && r.lbfgsEvaluations !== 50 ? `, line 7: ${r.lbfgsEvaluations} evaluations` : '');
/** w_r's clamp (lines 13 and 15) when result.json records it and it is not the paper's [1e-6, 1e-2]. */
const clamp = (r) =>
  r.regularization && (r.regularization.min !== 1e-6 || r.regularization.max !== 1e-2) ? `, w_r in [${r.regularization.min}, ${r.regularization.max}]` : '';
/**
 * Line 1 when result.json records it: DDP from scratch or from an example with tracking weight w, τ,
 * the tracking weight of the guide's gains where recorded (runs before it was recorded: the app's
 * configuration of the day; README), and the number of DDP solutions when more than one (the example
 * column is then the best of them).
 */
const guide = (r) =>
  r.guide === undefined
    ? ''
    : `, line 1: ${r.guide.count > 1 ? `${r.guide.count} × ` : ''}${r.guide.mode === 'example' ? `example, w ${r.guide.exampleTracking}` : `DDP (${r.guide.mode})`}` +
      `${r.guide.temperature !== undefined ? `, τ ${r.guide.temperature}` : ''}` +
      `${r.guide.gainsTracking !== undefined ? `, gains' tracking w ${r.guide.gainsTracking}` : ''}`;
/**
 * Minutes a user waited: the process's elapsed time for a run that was not resumed; otherwise (and
 * for runs before result.json recorded it) the sum of the run's parts, marked *, which leaves out
 * start-up, checkpoint writes and plots.
 */
const wall = (r) => (r.elapsedSeconds !== undefined && !r.resumed ? (r.elapsedSeconds / 60).toFixed(1) : `${(r.wallSeconds / 60).toFixed(1)}*`);
const rows = [];
for (const name of finished(kept).sort()) {
  const r = JSON.parse(readFileSync(join(kept, name, 'result.json'), 'utf8'));
  const goal = r.costRatio <= 1.1 && r.forwardVelocity >= 0.8 * r.targetVelocity && r.falls === 0;
  rows.push(
    // Runs from before result.json recorded pretrainEvaluations used the default, 200; runs from
    // before it recorded pretrainOutputLayer descended on all of θ.
    `| ${r.variant}${r.adaptive ? ' + adaptive' : ''}${guide(r)}${lbfgs(r)}${clamp(r)} | ${r.pretrainEvaluations ?? 200}, ${r.pretrainOutputLayer ?? 'descend'}${decay(r)}${initialStd(r)} | ${r.hidden} | ${r.seed} | ${r.iterations} | ${r.finalMeanReward.toFixed(2)} | ${r.exampleReward.toFixed(2)} | ` +
      `${ratio(r.costRatio)} | ${meanAction(r)} | ${selection(r)} | ${r.forwardVelocity.toFixed(3)} / ${r.targetVelocity} | ${r.falls}/${r.evaluationRollouts} | ` +
      `${r.guidingMean.toFixed(2)} ± ${(2 * r.guidingStd).toFixed(2)} | ${wall(r)} | ${goal ? 'yes' : 'no'} | [curve](results/${name}/curve.svg) |`,
  );
}
const table = [
  '<!-- results:start (regenerated by `pnpm results ' + task + '`) -->',
  '| variant | line 3: evaluations, output layer, decay, σ | hidden | seed | iterations | final reward (10 fresh rollouts) | DDP example | cost ratio (≤ 1.1) | acting with the mean: cost ratio (falls) | line 19: policy returned | velocity / target (m/s) | falls | guiding samples (± 2 std) | wall (min) | goal met | plot |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...(rows.length ? rows : ['| (no runs yet) | | | | | | | | | | | | | | | |']),
  '',
  'Wall: the run\'s own clock; * the sum of its parts (resumed runs, and runs before session 11), which leaves out start-up, checkpoint writes and plots (about 5% of a run).',
  '<!-- results:end -->',
].join('\n');
const text = readFileSync(readme, 'utf8');
const pattern = /<!-- results:start[\s\S]*?<!-- results:end -->/;
if (!pattern.test(text)) {
  process.stderr.write(`results: ${readme} has no <!-- results:start --> … <!-- results:end --> markers\n`);
  process.exit(2);
}
writeFileSync(readme, text.replace(pattern, table));
process.stdout.write(`${readme}: ${rows.length} run(s)\n`);
