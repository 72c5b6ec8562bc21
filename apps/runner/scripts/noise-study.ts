/**
 * What the pretrained policy's output noise costs (study script). From a run's guides.json: 40 guiding
 * samples (line 2) and line 3 as the task's configuration does it (σ_d ← the fit's rms residual), then
 * the pretrained policy on the run's evaluation seeds with σ as fitted, with σ_d set to the guide's own
 * action noise (the rms over t of √Σ_t,dd) times each factor given, and acting with its mean.
 * An optional fifth argument "E:solve" or "E:descend" replaces line 3's L-BFGS budget and output-layer fit.
 *   node --import tsx apps/runner/scripts/noise-study.ts <task> runs/<run>/guides.json <seed> "1,0.5" [E:solve]
 */
import { readFileSync } from 'node:fs';
import { Rng } from '@guided/core';
import type { LinearGaussianPolicy } from '@guided/maxent-sampler';
import { MlpPolicy, mlpPolicySpec, pretrain } from '@guided/mlp-policy';
import { SimPool, createTask } from '@guided/sim';
import type { SimTrajectory } from '@guided/sim';
import type { BenchmarkConfig } from '../src/config.js';
import { actingWithMean, evaluationSeeds, summarize } from '../src/final-evaluation.js';
import { guideActionStd, firstGuideFromJSON } from '../src/guides.js';

const [taskName, guidesFile, seedArg, factorsArg, fitArg] = process.argv.slice(2);
const config = (await import(`../../${taskName}/src/config.ts`))[taskName] as BenchmarkConfig;
const seed = Number(seedArg ?? 1);
const task = await createTask(config.task, config.overrides);
const pool = await SimPool.create({ task: config.task, overrides: config.overrides, workers: 2 });
const solution = firstGuideFromJSON(JSON.parse(readFileSync(guidesFile, 'utf8')));
const g = solution.guide.distribution as LinearGaussianPolicy;
const T = task.horizon;
const nu = task.actionDim;
const round = (x: number, digits = 3) => +x.toFixed(digits);
const [fitEvaluations, fitOutputLayer] = fitArg ? fitArg.split(':') : [];

const rng = new Rng(seed);
const seeds = Array.from({ length: config.gps.guidingSamples ?? 40 }, () => rng.nextUint32());
const guiding = (await pool.rollouts(solution.guide.descriptor as never, seeds, { T })) as SimTrajectory[];
const n = guiding.length * T;
const obs = new Float64Array(n * task.obsDim);
const actions = new Float64Array(n * nu);
guiding.forEach((traj, i) => {
  obs.set(traj.observations.subarray(0, T * task.obsDim), i * T * task.obsDim);
  actions.set(traj.actions.subarray(0, T * nu), i * T * nu);
});
const policy = new MlpPolicy({ inputDim: task.obsDim, actionDim: nu, hidden: config.gps.hidden ?? [50], seed });
policy.fitNormalization(n, obs);
const started = Date.now();
pretrain(policy, {
  n, obs, actions,
  maxEvaluations: fitEvaluations ? Number(fitEvaluations) : config.gps.pretrainEvaluations,
  outputLayer: (fitOutputLayer ?? config.gps.pretrainOutputLayer) as 'solve' | 'descend' | undefined,
});
const guideStd = guideActionStd(g);
const evalSeeds = evaluationSeeds(seed, config.evaluationRollouts);
const evaluate = async (p: MlpPolicy) => {
  const s = summarize(task, (await pool.rollouts(mlpPolicySpec(p) as never, evalSeeds, { T })) as SimTrajectory[], solution.nominal.reward);
  return { sigma: Array.from(p.std()).map((v) => round(v, 4)), reward: round(s.meanReward, 2), costRatio: round(s.costRatio), falls: s.falls };
};
const withStd = (factor: number) => {
  const copy = policy.clone();
  const params = Float64Array.from(copy.getParams());
  const { logStdOffset } = copy.layout;
  for (let d = 0; d < nu; d++) params[logStdOffset + d] = Math.log(factor * guideStd[d] - copy.minStd);
  copy.setParams(params);
  return copy;
};
console.log(JSON.stringify({ seed, example: round(solution.nominal.reward, 2), guideStd: guideStd.map((v) => round(v, 4)), pretrainSeconds: round((Date.now() - started) / 1000, 1), fitted: await evaluate(policy) }));
for (const factor of (factorsArg ?? '1').split(',').map(Number)) console.log(JSON.stringify({ factor, ...(await evaluate(withStd(factor))) }));
console.log(JSON.stringify({ actingWithMean: await evaluate(actingWithMean(policy)) }));
await pool.close();
task.dispose();
