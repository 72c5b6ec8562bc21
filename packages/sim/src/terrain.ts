/**
 * Terrain along the direction of travel (x): flat ground, an incline that starts at a given x,
 * or "rough" ground made of 1 m and 2 m segments of seeded random slope (the paper's
 * generalization tests, Section 6.3). The surface is a continuous piecewise-linear height
 * h(x) that does not vary with y. In MuJoCo each segment is one thin box whose top face lies
 * exactly on the segment, so the simulated surface and h(x) agree.
 */
import { Rng } from '@guided/core';

export type TerrainSpec =
  | { type: 'flat' }
  | {
      type: 'incline';
      /** Slope in degrees (positive climbs in +x). */
      slopeDeg: number;
      /** Where the incline begins (m); the ground is flat before it. */
      startX: number;
      /** Horizontal length of the incline (m); flat again after it. Default 50. */
      length?: number;
    }
  | {
      type: 'rough';
      /** Seed of the segment lengths and slopes. */
      seed: number;
      /** Where the rough part begins (m); flat before it. Default 1. */
      startX?: number;
      /** Horizontal extent of the rough part (m). Default 30. */
      length?: number;
      /** Slopes are uniform in [−maxSlopeDeg, maxSlopeDeg]. Default 5. */
      maxSlopeDeg?: number;
    };

/** Flat ground extends this far before the first breakpoint and after the last (m). */
const FLAT_APRON = 60;
/** MuJoCo geom group of the ground geoms (robots use group 0). */
export const TERRAIN_GROUP = 2;
/** Half-thickness of each terrain box (m). */
const BOX_HALF_THICKNESS = 0.25;

function fmt(v: number): string {
  return Number(v.toPrecision(12)).toString();
}

/** Checks a terrain spec; throws an Error naming the field and value. */
export function validateTerrain(where: string, spec: unknown): TerrainSpec {
  const fail = (msg: string): never => {
    throw new Error(`${where}: option terrain${msg}`);
  };
  if (typeof spec !== 'object' || spec === null) fail(` must be an object, got ${JSON.stringify(spec)}`);
  const s = spec as Record<string, unknown>;
  const allowedKeys: Record<string, string[]> = {
    flat: ['type'],
    incline: ['type', 'slopeDeg', 'startX', 'length'],
    rough: ['type', 'seed', 'startX', 'length', 'maxSlopeDeg'],
  };
  const keys = allowedKeys[s.type as string];
  if (keys === undefined) fail(`.type must be 'flat', 'incline' or 'rough', got ${JSON.stringify(s.type)}`);
  for (const k of Object.keys(s)) if (!keys.includes(k)) fail(`: unknown field '${k}' for type '${String(s.type)}'`);
  const num = (key: string, required: boolean, check: (v: number) => boolean, need: string): void => {
    const v = s[key];
    if (v === undefined && !required) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) fail(`.${key} must be ${need}, got ${String(v)}`);
  };
  if (s.type === 'incline') {
    num('slopeDeg', true, (v) => Math.abs(v) < 60, 'a finite number of degrees in (−60, 60)');
    num('startX', true, () => true, 'a finite number');
    num('length', false, (v) => v > 0, 'a finite number > 0');
  } else if (s.type === 'rough') {
    num('seed', true, (v) => Number.isInteger(v), 'an integer');
    num('startX', false, () => true, 'a finite number');
    num('length', false, (v) => v > 0 && v <= 1000, 'a finite number in (0, 1000]');
    num('maxSlopeDeg', false, (v) => v >= 0 && v < 60, 'a finite number of degrees in [0, 60)');
  }
  return structuredClone(spec) as TerrainSpec;
}

/** The height field h(x) of a terrain spec and its MuJoCo geoms. */
export class Terrain {
  readonly spec: TerrainSpec;
  /** Breakpoints x_0 < … < x_n (empty for flat ground). */
  readonly xs: Float64Array;
  /** Heights at the breakpoints. */
  readonly zs: Float64Array;

  constructor(spec: TerrainSpec) {
    this.spec = validateTerrain('Terrain', spec);
    const xs: number[] = [];
    const zs: number[] = [];
    if (spec.type === 'incline') {
      const length = spec.length ?? 50;
      xs.push(spec.startX, spec.startX + length);
      zs.push(0, length * Math.tan((spec.slopeDeg * Math.PI) / 180));
    } else if (spec.type === 'rough') {
      const rng = new Rng(spec.seed);
      const start = spec.startX ?? 1;
      const end = start + (spec.length ?? 30);
      const maxSlope = ((spec.maxSlopeDeg ?? 5) * Math.PI) / 180;
      let x = start;
      let z = 0;
      xs.push(x);
      zs.push(z);
      while (x < end) {
        const segment = rng.uniform() < 0.5 ? 1 : 2;
        const slope = Math.tan(rng.uniformIn(-maxSlope, maxSlope));
        x += segment;
        z += segment * slope;
        xs.push(x);
        zs.push(z);
      }
    }
    this.xs = Float64Array.from(xs);
    this.zs = Float64Array.from(zs);
  }

  /** Index i of the segment [x_i, x_{i+1}) containing x, −1 before x_0, n after x_n. */
  private segmentOf(x: number): number {
    const xs = this.xs;
    const n = xs.length - 1;
    if (n < 0 || x < xs[0]) return -1;
    if (x >= xs[n]) return n;
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x >= xs[mid]) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Ground height h(x) (m). */
  heightAt(x: number): number {
    const n = this.xs.length - 1;
    if (n < 0) return 0;
    const i = this.segmentOf(x);
    if (i < 0) return this.zs[0];
    if (i >= n) return this.zs[n];
    const t = (x - this.xs[i]) / (this.xs[i + 1] - this.xs[i]);
    return this.zs[i] + t * (this.zs[i + 1] - this.zs[i]);
  }

  /** Slope dh/dx at x (right-sided at breakpoints; the second derivative is zero between them). */
  slopeAt(x: number): number {
    const n = this.xs.length - 1;
    if (n < 0) return 0;
    const i = this.segmentOf(x);
    if (i < 0 || i >= n) return 0;
    return (this.zs[i + 1] - this.zs[i]) / (this.xs[i + 1] - this.xs[i]);
  }

  /**
   * MJCF geoms of the ground: a plane for flat ground, otherwise one box per segment
   * (plus flat aprons), each box's top face on the segment. `halfWidth` is the extent in y.
   */
  geomsXml(halfWidth: number): string {
    if (this.xs.length === 0) {
      return `<geom name="ground" type="plane" size="0 0 1" conaffinity="1" contype="1" group="${TERRAIN_GROUP}"/>`;
    }
    const n = this.xs.length - 1;
    const pointsX = [this.xs[0] - FLAT_APRON, ...this.xs, this.xs[n] + FLAT_APRON];
    const pointsZ = [this.zs[0], ...this.zs, this.zs[n]];
    const parts: string[] = [];
    for (let i = 0; i + 1 < pointsX.length; i++) {
      const dx = pointsX[i + 1] - pointsX[i];
      const dz = pointsZ[i + 1] - pointsZ[i];
      const len = Math.hypot(dx, dz);
      const angle = Math.atan2(dz, dx); // slope angle; the box is rotated by −angle about +y
      // Outward normal of the top face is (−sin a, 0, cos a); the centre sits one half-thickness below.
      const cx = (pointsX[i] + pointsX[i + 1]) / 2 + BOX_HALF_THICKNESS * Math.sin(angle);
      const cz = (pointsZ[i] + pointsZ[i + 1]) / 2 - BOX_HALF_THICKNESS * Math.cos(angle);
      const qw = Math.cos(-angle / 2);
      const qy = Math.sin(-angle / 2);
      parts.push(
        `<geom name="ground${i}" type="box" size="${fmt(len / 2)} ${fmt(halfWidth)} ${BOX_HALF_THICKNESS}" ` +
          `pos="${fmt(cx)} 0 ${fmt(cz)}" quat="${fmt(qw)} 0 ${fmt(qy)} 0" conaffinity="1" contype="1" group="${TERRAIN_GROUP}"/>`,
      );
    }
    return parts.join('\n');
  }
}
