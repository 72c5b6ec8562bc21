/**
 * Parameters of the SIMBICON walker controller (Yin, Loken & van de Panne, SIGGRAPH 2007), their
 * defaults (tuned on @guided/sim's walker, see README) and their validation. Angles in radians,
 * in the model's joint conventions (see kinematics.ts): hip/knee/ankle positive swings the part
 * below forward, pitch positive leans the torso forward.
 */
import { validateTerrain, type TerrainSpec } from '@guided/sim';
import { WALKER_GEOMETRY, type WalkerGeometry } from './kinematics.js';

/** Targets of one gait phase (the same for either leg; "swing"/"stance" say which leg). */
export interface SimbiconPhase {
  /** Swing thigh's target angle from the vertical, in the WORLD frame (θ_d0). */
  swingHip: number;
  swingKnee: number;
  swingAnkle: number;
  stanceKnee: number;
  stanceAnkle: number;
  /** Balance feedback gains: θ_d = swingHip + cd · d + cv · v. */
  cd: number;
  cv: number;
}

export interface SimbiconParams {
  /** Duration of the timed first phase of each step (states 0 and 2), s. */
  swingDuration: number;
  /** Phase 1 (timed, after lift-off) and phase 2 (until the swing foot touches down). */
  phase1: SimbiconPhase;
  phase2: SimbiconPhase;
  /** Torso target pitch (world frame), rad; positive leans forward. */
  torsoPitch: number;
  kpTorso: number;
  kdTorso: number;
  /** Swing hip PD (world frame). */
  kpSwingHip: number;
  kdSwingHip: number;
  kpKnee: number;
  kdKnee: number;
  kpAnkle: number;
  kdAnkle: number;
  /** The swing foot is in contact when its lowest point is less than this above the ground (m). */
  contactHeight: number;
  /** Phase 2 lasts at least this long before a touch-down counts (s). */
  minStrikeTime: number;
  /** What d and v measure, relative to the stance ankle: the centre of mass or the hip. */
  balancePoint: 'com' | 'hip';
  /** The leg that swings first. */
  firstSwing: 'right' | 'left';
  /** Control step (s); the FSM's clock advances this much per act(). */
  controlDt: number;
  /** Motor gears (N m per unit action): hip, knee, ankle. */
  gears: [number, number, number];
  /** Link geometry for the kinematics (contact, centre of mass). */
  geometry: WalkerGeometry;
  /** Ground under the walker, for foot contact. */
  terrain: TerrainSpec;
}

/**
 * Defaults found by scripts/search.ts on the default walker with 10% motor noise: see the
 * README's table for what each does.
 */
export const DEFAULT_SIMBICON_PARAMS: Readonly<SimbiconParams> = Object.freeze({
  swingDuration: 0.25,
  phase1: Object.freeze({ swingHip: 0.41, swingKnee: -0.78, swingAnkle: 0.52, stanceKnee: 0, stanceAnkle: 0.43, cd: 0.35, cv: 0.22 }),
  phase2: Object.freeze({ swingHip: -0.11, swingKnee: -0.3, swingAnkle: 0.2, stanceKnee: -0.46, stanceAnkle: 0.07, cd: 1.93, cv: 0 }),
  torsoPitch: 0.31,
  kpTorso: 430,
  kdTorso: 45,
  kpSwingHip: 250,
  kdSwingHip: 41,
  kpKnee: 100,
  kdKnee: 6.5,
  kpAnkle: 60,
  kdAnkle: 1,
  contactHeight: 0.01,
  minStrikeTime: 0,
  balancePoint: 'com',
  firstSwing: 'right',
  controlDt: 0.01,
  gears: Object.freeze([100, 100, 50]) as unknown as [number, number, number],
  geometry: WALKER_GEOMETRY as WalkerGeometry,
  terrain: Object.freeze({ type: 'flat' }) as TerrainSpec,
}) as Readonly<SimbiconParams>;

/** Partial parameters: any field, phases and geometry field by field. */
export type SimbiconOverrides = Partial<Omit<SimbiconParams, 'phase1' | 'phase2' | 'geometry'>> & {
  phase1?: Partial<SimbiconPhase>;
  phase2?: Partial<SimbiconPhase>;
  geometry?: Partial<WalkerGeometry>;
};

const PHASE_KEYS: (keyof SimbiconPhase)[] = ['swingHip', 'swingKnee', 'swingAnkle', 'stanceKnee', 'stanceAnkle', 'cd', 'cv'];
const GEOMETRY_KEYS = Object.keys(WALKER_GEOMETRY) as (keyof WalkerGeometry)[];
const NONNEGATIVE_KEYS = ['kpTorso', 'kdTorso', 'kpSwingHip', 'kdSwingHip', 'kpKnee', 'kdKnee', 'kpAnkle', 'kdAnkle', 'minStrikeTime'] as const;
const POSITIVE_KEYS = ['swingDuration', 'controlDt'] as const;
const SIGNED_KEYS = ['torsoPitch', 'contactHeight'] as const;
const TOP_KEYS = new Set<string>([
  ...NONNEGATIVE_KEYS, ...POSITIVE_KEYS, ...SIGNED_KEYS,
  'phase1', 'phase2', 'balancePoint', 'firstSwing', 'gears', 'geometry', 'terrain',
]);

function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Merges `overrides` into the defaults and checks every field; throws an Error naming the field
 * and its value (e.g. `simbicon: params.kpKnee must be a finite number ≥ 0, got -3`).
 */
export function resolveSimbiconParams(overrides: unknown = {}, where = 'simbicon'): SimbiconParams {
  if (!isRecord(overrides)) throw new Error(`${where}: params must be an object, got ${show(overrides)}`);
  for (const key of Object.keys(overrides)) {
    if (!TOP_KEYS.has(key)) throw new Error(`${where}: unknown parameter params.${key}`);
  }
  const d = DEFAULT_SIMBICON_PARAMS;
  const o = overrides as Record<string, unknown>;
  const num = (path: string, v: unknown, check: (n: number) => boolean, need: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) throw new Error(`${where}: params.${path} must be ${need}, got ${show(v)}`);
    return v;
  };
  const pick = <K extends string>(obj: Record<string, unknown>, key: K, fallback: unknown): unknown => (obj[key] === undefined ? fallback : obj[key]);
  const out = { ...d } as SimbiconParams;
  const mutable = out as unknown as Record<string, number>;
  for (const k of NONNEGATIVE_KEYS) mutable[k] = num(k, pick(o, k, d[k]), (n) => n >= 0, 'a finite number ≥ 0');
  for (const k of POSITIVE_KEYS) mutable[k] = num(k, pick(o, k, d[k]), (n) => n > 0, 'a finite number > 0');
  for (const k of SIGNED_KEYS) mutable[k] = num(k, pick(o, k, d[k]), () => true, 'a finite number');
  for (const name of ['phase1', 'phase2'] as const) {
    const given = pick(o, name, {});
    if (!isRecord(given)) throw new Error(`${where}: params.${name} must be an object, got ${show(given)}`);
    for (const key of Object.keys(given)) {
      if (!(PHASE_KEYS as string[]).includes(key)) throw new Error(`${where}: unknown parameter params.${name}.${key}`);
    }
    const phase = {} as SimbiconPhase;
    for (const k of PHASE_KEYS) phase[k] = num(`${name}.${k}`, pick(given, k, d[name][k]), () => true, 'a finite number');
    out[name] = phase;
  }
  const bp = pick(o, 'balancePoint', d.balancePoint);
  if (bp !== 'com' && bp !== 'hip') throw new Error(`${where}: params.balancePoint must be 'com' or 'hip', got ${show(bp)}`);
  out.balancePoint = bp;
  const fs = pick(o, 'firstSwing', d.firstSwing);
  if (fs !== 'right' && fs !== 'left') throw new Error(`${where}: params.firstSwing must be 'right' or 'left', got ${show(fs)}`);
  out.firstSwing = fs;
  const gears = pick(o, 'gears', d.gears);
  if (!Array.isArray(gears) || gears.length !== 3) throw new Error(`${where}: params.gears must be [hip, knee, ankle], got ${show(gears)}`);
  out.gears = [0, 1, 2].map((i) => num(`gears[${i}]`, gears[i], (n) => n > 0, 'a finite number > 0')) as [number, number, number];
  const geom = pick(o, 'geometry', {});
  if (!isRecord(geom)) throw new Error(`${where}: params.geometry must be an object, got ${show(geom)}`);
  for (const key of Object.keys(geom)) {
    if (!(GEOMETRY_KEYS as string[]).includes(key)) throw new Error(`${where}: unknown parameter params.geometry.${key}`);
  }
  const geometry = {} as WalkerGeometry;
  for (const k of GEOMETRY_KEYS) geometry[k] = num(`geometry.${k}`, pick(geom, k, d.geometry[k]), (n) => n > 0, 'a finite number > 0');
  out.geometry = geometry;
  // A private copy: the caller's object may change later.
  out.terrain = JSON.parse(JSON.stringify(validateTerrain(`${where}: params`, pick(o, 'terrain', d.terrain)))) as TerrainSpec;
  return out;
}
