import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from '../src/args.js';

test('parses the documented flags', () => {
  const a = parseArgs(['hopper', '--seed', '3', '--iterations', '10', '--hidden', '20', '--variant', 'non-guided', '--out', 'x', '--resume', '--workers', '2']);
  assert.equal(
    [a.task, a.seed, a.iterations, a.hidden, a.variant, a.out, a.resume, a.workers],
    ['hopper', 3, 10, 20, 'non-guided', 'x', true, 2],
  );
  assert.equal([parseArgs(['swimmer']).seed, parseArgs(['swimmer']).variant], [1, 'gps']);
  const p = parseArgs(['walker', '--pretrain-evaluations', '8000', '--pretrain-output-layer', 'descend']);
  assert.equal([p.pretrainEvaluations, p.pretrainOutputLayer], [8000, 'descend']);
  assert.equal([parseArgs(['walker']).pretrainEvaluations, parseArgs(['walker']).pretrainOutputLayer], [undefined, undefined]);
  assert.is(parseArgs(['walker', '--final-selection', 'sampled']).finalSelection, 'sampled');
  assert.is(parseArgs(['walker']).finalSelection, undefined);
  assert.is(parseArgs(['swimmer', '--lbfgs-evaluations', '100']).lbfgsEvaluations, 100);
  assert.is(parseArgs(['swimmer']).lbfgsEvaluations, undefined);
  assert.is(parseArgs(['swimmer', '--pretrain-weight-decay', '1e-4']).pretrainWeightDecay, 1e-4);
  assert.is(parseArgs(['swimmer']).pretrainWeightDecay, undefined);
});

test('bad arguments are errors naming the flag and value', () => {
  assert.throws(() => parseArgs(['hopper', '--seed', '-1']), /--seed must be an integer ≥ 0, got -1/);
  assert.throws(() => parseArgs(['hopper', '--hidden', 'many']), /--hidden must be an integer ≥ 1, got many/);
  assert.throws(() => parseArgs(['hopper', '--variant', 'best']), /--variant must be one of gps, unregularized, non-guided, restart, got best/);
  assert.throws(() => parseArgs(['hopper', '--sed', '1']), /unknown option --sed/);
  assert.throws(() => parseArgs([]), /expected one task, got none/);
  assert.throws(() => parseArgs(['hopper', '--out']), /--out needs a value/);
  assert.throws(() => parseArgs(['hopper', '--pretrain-output-layer', 'exact']), /--pretrain-output-layer must be one of solve, descend, got exact/);
  assert.throws(() => parseArgs(['hopper', '--final-selection', 'best']), /--final-selection must be one of star, sampled, got best/);
  assert.throws(() => parseArgs(['hopper', '--initial-std', 'wide']), /--initial-std must be fit or a number > 0, got wide/);
  assert.throws(() => parseArgs(['hopper', '--initial-std', '0']), /--initial-std must be fit or a number > 0, got 0/);
  assert.is(parseArgs(['swimmer', '--initial-std', '0.5']).initialStd, 0.5);
  assert.is(parseArgs(['swimmer', '--initial-std', 'fit']).initialStd, 'fit');
  assert.throws(() => parseArgs(['hopper', '--pretrain-evaluations', '0']), /--pretrain-evaluations must be an integer ≥ 1, got 0/);
  assert.throws(() => parseArgs(['hopper', '--lbfgs-evaluations', '2.5']), /--lbfgs-evaluations must be an integer ≥ 1, got 2.5/);
  assert.throws(() => parseArgs(['hopper', '--pretrain-weight-decay', '-1']), /--pretrain-weight-decay must be a number ≥ 0, got -1/);
  assert.throws(() => parseArgs(['hopper', '--pretrain-weight-decay', 'NaN']), /--pretrain-weight-decay must be a number ≥ 0, got NaN/);
});

test.run();
