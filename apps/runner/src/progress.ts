/**
 * Progress: a bar on a terminal, one plain line per iteration otherwise (cli-progress prints
 * nothing on a non-TTY, so plain lines are written there instead).
 */
import cliProgress from 'cli-progress';
import type { IterationRecord } from '@guided/gps';

export interface Progress {
  note(line: string): void;
  iteration(record: IterationRecord, total: number): void;
  stop(): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!stream.isTTY) {
    return {
      note: (line) => stream.write(`${line}\n`),
      iteration: (r, n) => stream.write(`${formatIteration(r, n)}\n`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'gps {bar} {value}/{total} | reward {reward} | w_r {wr} | {seconds}s/it', hideCursor: true, stream },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    note: (line) => {
      if (started) bar.stop();
      stream.write(`${line}\n`);
      if (started) bar.start(total, bar.getProgress() * total);
    },
    iteration: (r, n) => {
      if (!started) {
        bar.start(n, 0, { reward: '-', wr: '-', seconds: '-' });
        started = true;
      }
      bar.update(r.iteration, { reward: r.policySampleMean.toFixed(1), wr: r.nextRegularization.toExponential(0), seconds: r.seconds.toFixed(1) });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

export function formatIteration(r: IterationRecord, total: number): string {
  return (
    `iteration ${r.iteration}/${total}: reward ${r.policySampleMean.toFixed(2)}, ` +
    `value θ* ${r.valueStar.toFixed(2)} θ_k ${r.valueNew.toFixed(2)} ${r.accepted ? 'accepted' : 'rejected'}, ` +
    `w_r ${r.regularization.toExponential(0)}→${r.nextRegularization.toExponential(0)}, ` +
    `L-BFGS ${r.lbfgsEvaluations} evals, min ESS ${r.minEffectiveSampleSize.toFixed(1)}, ${r.seconds.toFixed(1)} s`
  );
}
