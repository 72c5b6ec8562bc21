/**
 * Where the time of full benchmark runs goes: one JSON line per finished run under runs/ (or the
 * folder given), from its result.json — wall time and its split into DDP (line 1), pretraining
 * (lines 2–4), sampling, scoring and line 6 (runs since session 12), objective optimization (line 7),
 * value estimation and evaluation, and for runs that recorded it the process's elapsed time.
 * Run the benchmarks first (`pnpm gps <task>` or scripts/seeds.sh); this only reads their figures.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? join(process.cwd(), '../../runs');
if (!existsSync(root)) {
  process.stderr.write(`wall: ${root} does not exist; run a benchmark first\n`);
  process.exit(1);
}
for (const name of readdirSync(root).sort()) {
  const file = join(root, name, 'result.json');
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const share = (seconds: number) => Math.round((1000 * seconds) / r.wallSeconds) / 1000;
  process.stdout.write(
    JSON.stringify({
      run: name,
      task: r.task,
      seed: r.seed,
      iterations: r.iterations,
      hidden: r.hidden,
      wallSeconds: Math.round(r.wallSeconds),
      // The process's own clock (runs since session 11; not for a resumed run): the parts plus
      // start-up, checkpoint writes and plots.
      ...(r.elapsedSeconds !== undefined && !r.resumed ? { elapsedSeconds: Math.round(r.elapsedSeconds), outsideParts: Math.round(r.elapsedSeconds - r.wallSeconds) } : {}),
      ddpSeconds: Math.round(r.time.ddp),
      pretrainingSeconds: Math.round(r.time.pretraining),
      samplingSeconds: Math.round(r.time.sampling),
      // Since session 12: line 6, and the scoring of samples that sampling held before.
      ...(r.time.scoring !== undefined ? { activeSetSeconds: Math.round(r.time.activeSet), scoringSeconds: Math.round(r.time.scoring) } : {}),
      objectiveSeconds: Math.round(r.time.objective),
      estimationSeconds: Math.round(r.time.estimation),
      selectionSeconds: Math.round(r.time.selection ?? 0),
      evaluationSeconds: Math.round(r.time.evaluation),
      objectiveShare: share(r.time.objective),
      samplingShare: share(r.time.sampling),
      ddpShare: share(r.time.ddp),
    }) + '\n',
  );
}
