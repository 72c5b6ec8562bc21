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
  /** Mean return of the policy's new samples per iteration (iteration 0 = the pretrained policy). */
  curve: { iteration: number; meanReward: number; accepted: boolean }[];
  exampleReward: number;
  guidingMean: number;
  guidingStd: number;
}

/** The paper's Figure 2 style: mean reward per iteration, the example's reward, ± 2 std of the guiding samples. */
export function curveSpec(input: CurveInput): TopLevelSpec {
  const last = Math.max(1, ...input.curve.map((p) => p.iteration));
  const band = [
    { iteration: 0, low: input.guidingMean - 2 * input.guidingStd, high: input.guidingMean + 2 * input.guidingStd },
    { iteration: last, low: input.guidingMean - 2 * input.guidingStd, high: input.guidingMean + 2 * input.guidingStd },
  ];
  const example = [
    { iteration: 0, reward: input.exampleReward },
    { iteration: last, reward: input.exampleReward },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${input.task}: mean reward of the policy's samples per iteration`,
    width: 520,
    height: 300,
    layer: [
      {
        data: { values: band },
        mark: { type: 'area', opacity: 0.2, color: '#4c78a8' },
        encoding: {
          x: { field: 'iteration', type: 'quantitative' },
          y: { field: 'low', type: 'quantitative' },
          y2: { field: 'high' },
        },
      },
      {
        data: { values: example },
        mark: { type: 'line', strokeDash: [6, 4], color: '#4c78a8' },
        encoding: {
          x: { field: 'iteration', type: 'quantitative' },
          y: { field: 'reward', type: 'quantitative' },
        },
      },
      {
        data: { values: input.curve },
        mark: { type: 'line', point: true, color: '#e45756' },
        encoding: {
          x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
          y: { field: 'meanReward', type: 'quantitative', title: 'mean reward (10 samples)', scale: { zero: false } },
        },
      },
    ],
  };
}

export interface RootInput {
  task: string;
  dt: number;
  /** Root positions [T+1] per named controller (x forward, z height). */
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
    vconcat: [panel('x', 'root x (m)'), panel('z', 'root height (m)')],
  };
}
