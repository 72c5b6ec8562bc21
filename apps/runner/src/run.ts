/**
 * One benchmark run, end to end: DDP guides (line 1), Algorithm 1, a fresh evaluation of the
 * learned policy, and the output folder: result.json, log.jsonl, curve.svg, root.svg,
 * policy.json, guides.json and checkpoint/ (what --resume continues from).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guidedPolicySearch } from '@guided/gps';
import type { GpsResult, IterationRecord, PolicyDescriptor } from '@guided/gps';
import { mlpPolicySpec } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTask, SimTrajectory } from '@guided/sim';
import { USAGE, parseArgs } from './args.js';
import type { BenchmarkConfig } from './config.js';
import { SimEnvironment } from './environment.js';
import { createGuideAdapter } from './adapt.js';
import { buildGuides, guideActionStd, guidesFromJSON, guidesToJSON, type GuideSolution } from './guides.js';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { curveSpec, learningCurve, renderSvg, rootSpec } from './plots.js';
import { createProgress, formatIteration } from './progress.js';
import { actingWithMean, evaluationSeeds, summarize, type FinalSummary } from './final-evaluation.js';

export interface RunResult {
  task: string;
  seed: number;
  iterations: number;
  hidden: number;
  variant: string;
  adaptive: boolean;
  /**
   * Line 1: how the DDP solutions were found (ddp.mode), from an example its tracking weight w, the
   * tracking weight of π_G's gains (ddp.tracking), π_G's temperature τ, and how many solutions
   * (π_G1..π_Gn) there are.
   */
  guide: {
    mode: 'full' | 'receding' | 'example';
    exampleTracking: number | null;
    gainsTracking: number;
    temperature: number;
    count: number;
  };
  /** L-BFGS evaluations of line 3's pretraining (gps option pretrainEvaluations). */
  pretrainEvaluations: number;
  /** How line 3 fitted the output layer (gps option pretrainOutputLayer): 'solve' or 'descend'. */
  pretrainOutputLayer: 'solve' | 'descend';
  /** Line 3's weight decay λ (gps option pretrainWeightDecay; 0: maximum likelihood). */
  pretrainWeightDecay: number;
  /** L-BFGS evaluations of each of line 7's two optimizations of Φ (gps option lbfgsEvaluations). */
  lbfgsEvaluations: number;
  /** Line 3's final −(1/n) Σ log π_θ*(u_i | x_i) on the guiding pairs (gps preface pretrainLoss). */
  pretrainLoss: number | null;
  /** Lines 13 and 15: w_r's first value, its clamp and its change factor (gps options; the paper: 1e-6, 1e-2, 10). */
  regularization: { initial: number; min: number; max: number; factor: number };
  /** θ*'s output noise after line 3: 'fit' (the rms residual) or F (F times the guide's own noise), and its σ. */
  initialStd: { source: 'fit' | number; sigma: number[] };
  finalMeanReward: number;
  finalStdReward: number;
  /** The DDP example's reward: with several DDP solutions, the best of them (the strictest bar). */
  exampleReward: number;
  /** Each DDP solution's own reward (π_G1..π_Gn), in order. */
  exampleRewards: number[];
  /** finalMeanReward / exampleReward (rewards are negative costs: ≤ 1.1 means within 10% of the example's cost). */
  costRatio: number;
  /** The same evaluation with the policy acting with its mean (its exploration noise at the floor). */
  meanAction: FinalSummary;
  /** Line 19: 'star', θ* as the loop left it (the paper), or 'sampled' (gps final-selection.ts). */
  finalSelection: 'star' | 'sampled';
  /**
   * With 'sampled': the policies that held θ* (best first by their own samples' mean reward), the one
   * returned, and the loop's own θ* evaluated on the same seeds as the returned policy.
   */
  selection?: {
    /** How many finalists got how many more rollouts each (gps selectionCandidates, selectionSamples). */
    finalists: number;
    samplesEach: number;
    chosen: string;
    loopStar: string;
    candidates: { label: string; samples: number; meanReward: number }[];
    loopStarEvaluation: FinalSummary;
  };
  guidingMean: number;
  guidingStd: number;
  guidingFallFraction: number;
  forwardVelocity: number;
  targetVelocity: number;
  falls: number;
  evaluationRollouts: number;
  divergedRollouts: number;
  acceptedIterations: number;
  /** The sum of the parts below (a resumed run's too, as if it had not been interrupted). */
  wallSeconds: number;
  /**
   * This process's wall clock from start to result.json: for a run that was not resumed, the time a
   * user waits. It also holds what wallSeconds leaves out: start-up, checkpoint writes and plots.
   */
  elapsedSeconds: number;
  /** Whether this process continued earlier work (--resume): elapsedSeconds then covers only its part. */
  resumed: boolean;
  time: {
    ddp: number;
    pretraining: number;
    activeSet: number;
    objective: number;
    sampling: number;
    scoring: number;
    estimation: number;
    adaptation: number;
    selection: number;
    evaluation: number;
  };
}

/** σ of the pretrained θ* (line 3), the first policy distribution of the store. */
function pretrainedStd(result: GpsResult): Float64Array {
  const pretrained = result.policy.clone();
  pretrained.setParams(result.store.params(result.store.policyDistributions()[0]));
  return pretrained.std();
}

export async function runBenchmark(config: BenchmarkConfig, argv: string[]): Promise<RunResult | null> {
  const processStarted = Date.now();
  const args = parseArgs([config.task, ...argv]);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  const hidden = args.hidden ?? config.gps.hidden?.[0] ?? 50;
  const iterations = args.iterations ?? config.gps.iterations ?? 80;
  const adaptive = args.adaptive ?? config.gps.adaptive ?? false;
  const out = args.out ?? join('runs', `${config.task}-${args.variant}${adaptive ? '-adaptive' : ''}-h${hidden}-s${args.seed}`);
  const checkpointDir = join(out, 'checkpoint');
  // Whether this process continues earlier work: a checkpoint, or line 1's guides.json alone.
  const resumed = args.resume && (existsSync(join(checkpointDir, 'checkpoint.json')) || existsSync(join(out, 'guides.json')));
  if (!args.resume && existsSync(join(checkpointDir, 'checkpoint.json'))) {
    throw new Error(`gps: ${out} already holds a run; pass --resume to continue it or --out for a new folder`);
  }
  mkdirSync(out, { recursive: true });
  const progress = createProgress(iterations);
  const note = progress.note;
  note(
    `gps ${config.task}: seed ${args.seed}, ${iterations} iterations, ${hidden} hidden units, variant ${args.variant}` +
      `${adaptive ? ', adaptive guiding samples' : ''}, output ${out}`,
  );

  const task = await createTask(config.task, config.overrides);
  const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: args.workers });
  const adapter = adaptive ? await createGuideAdapter(config, task, pool, note) : null;
  try {
    // Line 1: DDP guides (reused from guides.json when resuming).
    const guidesFile = join(out, 'guides.json');
    let solutions: GuideSolution[];
    if (args.resume && existsSync(guidesFile)) {
      solutions = guidesFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
      note(`DDP guides loaded from ${guidesFile}`);
    } else {
      solutions = await buildGuides(config, task, pool, args.seed, note);
      writeAtomically(guidesFile, JSON.stringify(guidesToJSON(solutions)));
    }
    // The example the policy is measured against: the best DDP solution.
    const solution = solutions.reduce((best, s) => (s.nominal.reward > best.nominal.reward ? s : best));
    const ddpSeconds = solutions.reduce((a, s) => a + s.seconds, 0);
    note(
      `DDP example${solutions.length > 1 ? ` (best of ${solutions.length})` : ''}: reward ${solution.nominal.reward.toFixed(2)}, ` +
        `velocity ${solution.nominal.avgVelocity.toFixed(3)} m/s (target ${task.reward.spec.targetVelocity}), built in ${ddpSeconds.toFixed(1)} s`,
    );

    const env = new SimEnvironment(task, pool);
    const log: IterationRecord[] = [];
    const initialStdSource = args.initialStd ?? config.initialStd ?? 'fit';
    const initialStd = initialStdSource === 'fit' ? null : meanGuideActionStd(solutions).map((s) => initialStdSource * s);
    const result = await guidedPolicySearch(
      { env, guides: solutions.map((s) => s.guide), adaptGuide: adapter?.adaptGuide },
      {
        ...config.gps,
        ...(args.pretrainEvaluations !== undefined ? { pretrainEvaluations: args.pretrainEvaluations } : {}),
        ...(args.pretrainOutputLayer !== undefined ? { pretrainOutputLayer: args.pretrainOutputLayer } : {}),
        ...(args.pretrainWeightDecay !== undefined ? { pretrainWeightDecay: args.pretrainWeightDecay } : {}),
        ...(args.lbfgsEvaluations !== undefined ? { lbfgsEvaluations: args.lbfgsEvaluations } : {}),
        ...(args.finalSelection !== undefined ? { finalSelection: args.finalSelection } : {}),
        initialStd,
        seed: args.seed,
        hidden: [hidden],
        iterations,
        variant: args.variant,
        adaptive,
      },
      {
        checkpointDir,
        resume: args.resume,
        onPreface: (p) =>
          note(
            `guiding samples: ${p.guidingMean.toFixed(2)} ± ${(2 * p.guidingStd).toFixed(2)} (2 std, ${p.guidingCount}); ` +
              `pretrained policy: ${p.pretrainedMean.toFixed(2)}` +
              `${p.pretrainLoss === null ? '' : `, line 3's loss ${p.pretrainLoss.toFixed(5)}`} (${p.seconds.toFixed(1)} s)`,
          ),
        onIteration: (r) => {
          log.push(r);
          writeAtomically(join(out, 'log.jsonl'), log.map((l) => JSON.stringify(l)).join('\n') + '\n');
          progress.iteration(r, iterations);
        },
      },
    );
    progress.stop();

    // The learned policy on its own: fresh noisy rollouts from the task's initial-state distribution.
    // Also acting with its mean (exploration noise at its floor, the motor noise kept), same seeds.
    const started = Date.now();
    const evalSeeds = evaluationSeeds(args.seed, config.evaluationRollouts);
    const policySpec = mlpPolicySpec(result.policy) as PolicyDescriptor;
    const finals = (await env.rollouts({ policy: policySpec, seeds: evalSeeds })) as SimTrajectory[];
    const final = summarize(task, finals, solution.nominal.reward);
    const meanActionSpec = mlpPolicySpec(actingWithMean(result.policy)) as PolicyDescriptor;
    const meanAction = summarize(task, (await env.rollouts({ policy: meanActionSpec, seeds: evalSeeds })) as SimTrajectory[], solution.nominal.reward);
    let selection: RunResult['selection'];
    if (result.selection) {
      const { candidates, chosen, loopStar } = result.selection;
      const label = (j: number) => result.store.distributions[j].label;
      const loopPolicy = result.policy.clone();
      loopPolicy.setParams(result.store.params(loopStar));
      const loopTrajs = (await env.rollouts({ policy: mlpPolicySpec(loopPolicy) as PolicyDescriptor, seeds: evalSeeds })) as SimTrajectory[];
      selection = {
        finalists: result.options.selectionCandidates,
        samplesEach: result.options.selectionSamples,
        chosen: label(chosen),
        loopStar: label(loopStar),
        candidates: candidates.map((c) => ({ label: c.label, samples: c.samples, meanReward: c.meanReward })),
        loopStarEvaluation: summarize(task, loopTrajs, solution.nominal.reward),
      };
    }
    const [learnedRoot] = await env.rollouts({ policy: policySpec, seeds: [evalSeeds[0]] });
    const [ddpRoot] = await env.rollouts({ policy: solution.guide.descriptor, seeds: [evalSeeds[0]] });
    const evaluationSeconds = (Date.now() - started) / 1000;

    const p = result.preface;
    // Logs resumed from before session 12 lack activeSet and scoring (0 there).
    const sum = (key: keyof IterationRecord['time']) => result.log.reduce((a, r) => a + (r.time[key] ?? 0), 0);
    const summary: Omit<RunResult, 'elapsedSeconds'> = {
      task: config.task,
      seed: args.seed,
      iterations,
      hidden,
      variant: args.variant,
      adaptive,
      guide: {
        mode: config.ddp.mode,
        exampleTracking: config.ddp.mode === 'example' ? (config.ddp.exampleTracking ?? 0.05) : null,
        gainsTracking: config.ddp.tracking,
        temperature: config.ddp.temperature,
        count: solutions.length,
      },
      pretrainEvaluations: result.options.pretrainEvaluations,
      pretrainOutputLayer: result.options.pretrainOutputLayer,
      pretrainWeightDecay: result.options.pretrainWeightDecay,
      lbfgsEvaluations: result.options.lbfgsEvaluations,
      pretrainLoss: p.pretrainLoss,
      regularization: {
        initial: result.options.initialRegularization,
        min: result.options.minRegularization,
        max: result.options.maxRegularization,
        factor: result.options.regularizationFactor,
      },
      initialStd: { source: initialStdSource, sigma: Array.from(pretrainedStd(result)) },
      finalMeanReward: final.meanReward,
      finalStdReward: final.stdReward,
      exampleReward: solution.nominal.reward,
      exampleRewards: solutions.map((s) => s.nominal.reward),
      costRatio: final.costRatio,
      meanAction,
      finalSelection: result.options.finalSelection,
      ...(selection ? { selection } : {}),
      guidingMean: p.guidingMean,
      guidingStd: p.guidingStd,
      guidingFallFraction: solutions.reduce((a, s) => a + s.trial.fallFraction, 0) / solutions.length,
      forwardVelocity: final.forwardVelocity,
      targetVelocity: task.reward.spec.targetVelocity,
      falls: final.falls,
      evaluationRollouts: final.rollouts,
      divergedRollouts: env.diverged,
      acceptedIterations: result.log.filter((r) => r.accepted).length,
      resumed,
      wallSeconds: ddpSeconds + p.seconds + result.log.reduce((a, r) => a + r.seconds, 0) + (result.selection?.seconds ?? 0) + evaluationSeconds,
      time: {
        ddp: ddpSeconds,
        pretraining: p.seconds,
        activeSet: sum('activeSet'),
        objective: sum('objective'),
        sampling: sum('sampling'),
        scoring: sum('scoring'),
        estimation: sum('estimation'),
        adaptation: sum('adaptation'),
        selection: result.selection?.seconds ?? 0,
        evaluation: evaluationSeconds,
      },
    };
    writeAtomically(join(out, 'log.jsonl'), result.log.map((l) => JSON.stringify(l)).join('\n') + '\n');
    writeAtomically(join(out, 'policy.json'), JSON.stringify(result.policy.toJSON()));
    writeAtomically(
      join(out, 'curve.svg'),
      await renderSvg(
        curveSpec(
          learningCurve(config.task, p.pretrainedMean, result.log, {
            exampleReward: solution.nominal.reward,
            guidingMean: p.guidingMean,
            guidingStd: p.guidingStd,
          }),
        ),
      ),
    );
    writeAtomically(
      join(out, 'root.svg'),
      await renderSvg(
        rootSpec({
          task: config.task,
          dt: task.controlDt,
          secondAxis: task.name === 'swimmer' ? 'root y (m)' : 'root height (m)',
          series: [rootSeries(task, 'learned policy', learnedRoot), rootSeries(task, 'DDP guide', ddpRoot)],
        }),
      ),
    );
    // result.json last: its presence marks a finished run (scripts/results.mjs).
    const finished: RunResult = { ...summary, elapsedSeconds: (Date.now() - processStarted) / 1000 };
    writeAtomically(join(out, 'result.json'), JSON.stringify(finished, null, 2) + '\n');
    note(
      `final policy: reward ${final.meanReward.toFixed(2)} (example ${solution.nominal.reward.toFixed(2)}, cost ratio ${final.costRatio.toFixed(3)}), ` +
        `velocity ${final.forwardVelocity.toFixed(3)} m/s of ${summary.targetVelocity}, falls ${final.falls}/${final.rollouts}; ` +
        `acting with its mean: cost ratio ${meanAction.costRatio.toFixed(3)}, falls ${meanAction.falls}/${meanAction.rollouts}; ` +
        `${finished.elapsedSeconds.toFixed(0)} s${resumed ? ' in this process' : ''}; plots: ${join(out, 'curve.svg')}, ${join(out, 'root.svg')}`,
    );
    return finished;
  } finally {
    progress.stop();
    await adapter?.close();
    await pool.close();
    task.dispose();
  }
}

/** The guides' own action noise (guideActionStd), averaged over the guides. */
function meanGuideActionStd(solutions: readonly GuideSolution[]): number[] {
  const each = solutions.map((s) => guideActionStd(s.guide.distribution as LinearGaussianPolicy));
  return each[0].map((_, d) => each.reduce((a, std) => a + std[d], 0) / each.length);
}

/** Root x and height over time; the swimmer moves in the horizontal plane, so its second coordinate is y. */
function rootSeries(task: SimTask, name: string, traj: SimTrajectory) {
  const x: number[] = [];
  const z: number[] = [];
  const p = new Float64Array(3);
  const second = task.name === 'swimmer' ? 1 : 2;
  for (let t = 0; t <= traj.T; t++) {
    task.rootPosition(traj.states.subarray(t * task.stateDim, (t + 1) * task.stateDim), p);
    x.push(p[0]);
    z.push(p[second]);
  }
  return { name, x, z };
}

function writeAtomically(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export { formatIteration };
