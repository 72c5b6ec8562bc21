/**
 * Redraws a finished run's curve.svg from its result.json, log.jsonl and checkpoint (no simulation):
 * `node --import tsx apps/runner/src/replot.ts runs/<run> [runs/<run> …]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveSpec, learningCurve, renderSvg } from './plots.js';

for (const dir of process.argv.slice(2)) {
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  const log = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const { preface } = JSON.parse(readFileSync(join(dir, 'checkpoint', 'checkpoint.json'), 'utf8'));
  const svg = await renderSvg(curveSpec(learningCurve(result.task, preface.pretrainedMean, log, result)));
  writeFileSync(join(dir, 'curve.svg'), svg);
  process.stdout.write(`${join(dir, 'curve.svg')}\n`);
}
