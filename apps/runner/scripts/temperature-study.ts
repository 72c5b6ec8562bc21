/**
 * How the guide's temperature sets the pretrained policy's noise (study script). The exploration
 * covariance of π_G is Σ_t = −τ Q_uu,t⁻¹ (Section 4.1), so a run's guide at another τ is the same
 * guide with Σ scaled by τ / τ_config. For each τ: 40 guiding samples (line 2), line 3 as the task's
 * configuration does it, then the pretrained policy on the run's 10 evaluation seeds, sampling its
 * actions and acting with its mean, with the mean σ of its output noise.
 * An optional fifth argument "E:solve" or "E:descend" replaces line 3's L-BFGS budget and output-layer fit.
 *   node --import tsx apps/runner/scripts/temperature-study.ts <task> runs/<run>/guides.json <seed> "0.1,0.01" [E:solve]
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import { totalReward } from '@guided/gps';
import { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { actingWithMean, evaluationSeeds, summarize } from '../src/final-evaluation.js';
import { firstGuideFromJSON } from '../src/guides.js';

const [taskName, guidesFile, seedArg, temperaturesArg, fitArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const seed = Number(seedArg ?? 1);
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const solution = firstGuideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const g = solution.guide.distribution as LinearGaussianPolicy;
const T = task.horizon;
const round = (x: number, digits = 3) => +x.toFixed(digits);
const [fitEvaluations, fitOutputLayer] = fitArg ? fitArg.split(':') : [];
const maxEvaluations = fitEvaluations ? Number(fitEvaluations) : config.gps.pretrainEvaluations;
const outputLayer = (fitOutputLayer ?? config.gps.pretrainOutputLayer) as 'solve' | 'descend' | undefined;

for (const temperature of (temperaturesArg ?? `${config.ddp.temperature}`).split(',').map(Number)) {
  const started = Date.now();
  const scale = temperature / config.ddp.temperature;
  const guide = new LinearGaussianPolicy({
    T: g.T, stateDim: g.stateDim, actionDim: g.actionDim,
    nominalStates: g.nominalStates, meanActions: g.meanActions, gains: g.gains,
    covariances: g.covariances.map((c) => c * scale),
  });
  const rng = new Rng(seed);
  const seeds = Array.from({ length: config.gps.guidingSamples ?? 40 }, () => rng.nextUint32());
  const guiding = (await pool.rollouts(guide.toDescriptor() as never, seeds, { T })) as SimTrajectory[];
  const n = guiding.length * T;
  const obs = new Float64Array(n * task.obsDim);
  const actions = new Float64Array(n * task.actionDim);
  guiding.forEach((traj, i) => {
    obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
    actions.set(traj.actions.subarray(0, T * task.actionDim), i * T * task.actionDim);
  });
  const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: task.actionDim, hidden: config.gps.hidden ?? [50], seed });
  policy.fitNormalization(n, obs);
  pretrain(policy, { n, obs, actions, maxEvaluations, outputLayer });
  const logStd = policy.paramBlocks().find((b) => b.name === 'logStd')!;
  const params = policy.getParams();
  const sigma = Array.from({ length: logStd.rows }, (_, d) => round(Math.exp(params[logStd.offset + d]), 4));
  const evalSeeds = evaluationSeeds(seed, config.evaluationRollouts);
  const evaluate = async (p: MlpPolicy) => {
    const s = summarize(task, (await pool.rollouts(mlpPolicySpec(p) as never, evalSeeds, { T })) as SimTrajectory[], solution.nominal.reward);
    return { reward: round(s.meanReward, 2), costRatio: round(s.costRatio), falls: s.falls };
  };
  const guidingReturns = guiding.map(totalReward);
  console.log(
    JSON.stringify({
      temperature,
      guideStd: round(Math.sqrt(g.covariances.reduce((a, c, i) => ((i % task.actionDim ** 2) % (task.actionDim + 1) === 0 ? a + c * scale : a), 0) / (T * task.actionDim)), 4),
      guidingSamples: round(guidingReturns.reduce((a, b) => a + b, 0) / guidingReturns.length, 2),
      example: round(solution.nominal.reward, 2),
      policySigma: sigma,
      sampling: await evaluate(policy),
      actingWithMean: await evaluate(actingWithMean(policy)),
      seconds: round((Date.now() - started) / 1000, 1),
    }),
  );
}
await pool.close();
task.dispose();
