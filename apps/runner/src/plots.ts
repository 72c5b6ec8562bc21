/**
 * The run's figures as SVG, through Vega-Lite specs rendered by Vega in Node (renderer 'none',
 * view.toSVG()): no canvas, no hand-written SVG.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface CurveInput {
  task: string;
  /** Mean return of each iteration's new policy samples (iteration 0 = the pretrained policy). */
  curve: { iteration: number; meanReward: number; accepted: boolean }[];
  exampleReward: number;
  guidingMean: number;
  guidingStd: number;
}

/**
 * The paper's Figure 2 style: the best policy's mean reward per iteration (θ* changes only when
 * an iteration is accepted, so the line carries its samples' mean forward), each iteration's new
 * policy θ_k as a point (rejected ones can be thousands below: the plot is clipped to the
 * interesting range), the example's reward as a dashed line and ± 2 std of the guiding samples as a band.
 */
export function curveSpec(input: CurveInput): TopLevelSpec {
  const last = Math.max(1, ...input.curve.map((p) => p.iteration));
  const low = input.guidingMean - 2 * input.guidingStd;
  const high = input.guidingMean + 2 * input.guidingStd;
  let star = input.curve[0]?.meanReward ?? NaN;
  const best = input.curve.map((p) => {
    if (p.iteration === 0 || p.accepted) star = p.meanReward;
    return { iteration: p.iteration, reward: star };
  });
  const span = Math.max(...best.map((b) => b.reward), high, input.exampleReward) - Math.min(...best.map((b) => b.reward), low, input.exampleReward);
  const domain = [
    Math.min(...best.map((b) => b.reward), low, input.exampleReward) - 0.1 * span,
    Math.max(...best.map((b) => b.reward), high, input.exampleReward) + 0.1 * span,
  ];
  const x = { field: 'iteration', type: 'quantitative' as const, title: 'iteration', scale: { domain: [0, last] } };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: 'mean reward (10 samples)', scale: { domain } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${input.task}: mean reward per iteration`,
    width: 520,
    height: 300,
    layer: [
      {
        data: { values: [{ iteration: 0, low, high }, { iteration: last, low, high }] },
        mark: { type: 'area', opacity: 0.2, color: '#4c78a8', clip: true },
        encoding: { x, y: y('low'), y2: { field: 'high' } },
      },
      {
        data: { values: [{ iteration: 0, reward: input.exampleReward }, { iteration: last, reward: input.exampleReward }] },
        mark: { type: 'line', strokeDash: [6, 4], color: '#4c78a8', clip: true },
        encoding: { x, y: y('reward') },
      },
      {
        data: { values: input.curve },
        mark: { type: 'point', color: '#999999', size: 14, clip: true },
        encoding: { x, y: y('meanReward') },
      },
      {
        data: { values: best },
        mark: { type: 'line', color: '#e45756', clip: true },
        encoding: { x, y: y('reward') },
      },
    ],
  };
}

/** The curve of a run from its log: iteration 0 is the pretrained policy's first samples. */
export function learningCurve(
  task: string,
  pretrainedMean: number,
  log: readonly { iteration: number; policySampleMean: number; accepted: boolean }[],
  reference: { exampleReward: number; guidingMean: number; guidingStd: number },
): CurveInput {
  return {
    task,
    curve: [
      { iteration: 0, meanReward: pretrainedMean, accepted: true },
      ...log.map((r) => ({ iteration: r.iteration, meanReward: r.policySampleMean, accepted: r.accepted })),
    ],
    ...reference,
  };
}

export interface RootInput {
  task: string;
  dt: number;
  /** Title of the second panel (the height, or y for a swimmer in the horizontal plane). */
  secondAxis?: string;
  /** Root positions [T+1] per named controller (x forward, z the second coordinate). */
  series: { name: string; x: ArrayLike<number>; z: ArrayLike<number> }[];
}

/** The paper's Figure 1 style: root position over time under each controller. */
export function rootSpec(input: RootInput): TopLevelSpec {
  const values = input.series.flatMap((s) =>
    Array.from(s.x, (x, t) => ({ controller: s.name, time: t * input.dt, x, z: s.z[t] })),
  );
  const panel = (field: 'x' | 'z', title: string) => ({
    width: 520,
    height: 160,
    mark: { type: 'line' as const },
    encoding: {
      x: { field: 'time', type: 'quantitative' as const, title: 'time (s)' },
      y: { field, type: 'quantitative' as const, title, scale: { zero: false } },
      color: { field: 'controller', type: 'nominal' as const },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${input.task}: root position`,
    data: { values },
    vconcat: [panel('x', 'root x (m)'), panel('z', input.secondAxis ?? 'root height (m)')],
  };
}
