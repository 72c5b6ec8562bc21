/**
 * Forward kinematics of @guided/sim's planar walker, written from its link lengths so that a
 * controller can run without a MuJoCo instance (e.g. inside a worker, or before the task exists).
 *
 * Conventions (packages/sim/src/models/hopper.ts, walker.ts): state x = [qpos, qvel] with
 * qpos = [x, z, pitch, hip_r, knee_r, ankle_r, hip_l, knee_l, ankle_l]; the root frame sits at the
 * torso TOP; the pitch axis is +y (positive pitch leans the torso forward); the leg hinge axes are
 * −y (a positive angle swings the part below the joint forward, +x).
 *
 * Every link hangs along d(α) = (sin α, −cos α) in (x, z), where α is its absolute "forward-swing"
 * angle (0 = straight down, positive = lower end forward): α_torso = −pitch (the torso hangs from
 * its top), α_thigh = α_torso + hip, α_shank = α_thigh + knee. The foot lies along
 * e(α_foot) = (cos α, sin α) with α_foot = α_shank + ankle (positive lifts the toe); its heel is
 * footLength/3 behind the ankle (legXml). Rates: ḋ = α̇ (cos α, sin α), ė = α̇ (−sin α, cos α).
 */

/** The walker's link geometry (a subset of @guided/sim's WalkerParams; metres, kg/m³). */
export interface WalkerGeometry {
  torsoLength: number;
  torsoRadius: number;
  thighLength: number;
  thighRadius: number;
  legLength: number;
  legRadius: number;
  footLength: number;
  footRadius: number;
  density: number;
}

/** @guided/sim's default walker (DEFAULT_SPECS.walker.model). */
export const WALKER_GEOMETRY: Readonly<WalkerGeometry> = Object.freeze({
  torsoLength: 0.5,
  torsoRadius: 0.07,
  thighLength: 0.45,
  thighRadius: 0.05,
  legLength: 0.5,
  legRadius: 0.04,
  footLength: 0.3,
  footRadius: 0.04,
  density: 1000,
});

/** State layout of the walker (nq = nv = 9). */
export const WALKER_STATE_DIM = 18;
const NQ = 9;
/** qpos index of leg l's hip (l = 0 right, 1 left); knee +1, ankle +2. */
export function hipIndex(leg: number): number {
  return 3 + 3 * leg;
}

/** Mass of a capsule of radius r and cylinder length L (MuJoCo: cylinder plus two half-spheres). */
function capsuleMass(r: number, L: number, density: number): number {
  return density * (Math.PI * r * r * L + (4 / 3) * Math.PI * r * r * r);
}

/**
 * What the controller needs from one state: centre of mass, hip, per-leg ankle and sole, and the
 * absolute link angles. Fields are overwritten by `update(x)`; no allocation per call.
 */
export class WalkerKinematics {
  readonly geometry: Readonly<WalkerGeometry>;
  /** Link masses (kg): torso, thigh, shank, foot; total of the whole walker. */
  readonly masses: { torso: number; thigh: number; shank: number; foot: number; total: number };
  comX = 0;
  comZ = 0;
  comVx = 0;
  comVz = 0;
  hipX = 0;
  hipZ = 0;
  hipVx = 0;
  /** Torso absolute angle −pitch and its rate. */
  torsoAngle = 0;
  torsoRate = 0;
  /** Per leg [right, left]: ankle position. */
  readonly ankleX = new Float64Array(2);
  readonly ankleZ = new Float64Array(2);
  /** Lowest point of the foot capsule's surface (min of heel and toe sphere bottoms). */
  readonly soleZ = new Float64Array(2);
  /** Horizontal position of that lowest point. */
  readonly soleX = new Float64Array(2);
  /** Absolute thigh angle α_thigh and its rate. */
  readonly thighAngle = new Float64Array(2);
  readonly thighRate = new Float64Array(2);

  constructor(geometry: Readonly<WalkerGeometry> = WALKER_GEOMETRY) {
    this.geometry = geometry;
    const g = geometry;
    const torso = capsuleMass(g.torsoRadius, g.torsoLength, g.density);
    const thigh = capsuleMass(g.thighRadius, g.thighLength, g.density);
    const shank = capsuleMass(g.legRadius, g.legLength, g.density);
    const foot = capsuleMass(g.footRadius, g.footLength, g.density);
    this.masses = { torso, thigh, shank, foot, total: torso + 2 * (thigh + shank + foot) };
  }

  /** Evaluates the kinematics at state x (length ≥ 18; not checked here — the caller checks). */
  update(x: Float64Array): this {
    const g = this.geometry;
    const m = this.masses;
    const a0 = -x[2];
    const w0 = -x[NQ + 2];
    this.torsoAngle = a0;
    this.torsoRate = w0;
    const s0 = Math.sin(a0);
    const c0 = Math.cos(a0);
    // Hip = root + torsoLength · d(α_torso).
    const hx = x[0] + g.torsoLength * s0;
    const hz = x[1] - g.torsoLength * c0;
    const hvx = x[NQ] + g.torsoLength * w0 * c0;
    const hvz = x[NQ + 1] + g.torsoLength * w0 * s0;
    this.hipX = hx;
    this.hipZ = hz;
    this.hipVx = hvx;
    // Mass-weighted sums of link centres and their velocities.
    let mx = m.torso * (x[0] + 0.5 * g.torsoLength * s0);
    let mz = m.torso * (x[1] - 0.5 * g.torsoLength * c0);
    let mvx = m.torso * (x[NQ] + 0.5 * g.torsoLength * w0 * c0);
    let mvz = m.torso * (x[NQ + 1] + 0.5 * g.torsoLength * w0 * s0);
    const heel = g.footLength / 3;
    const toe = g.footLength - heel;
    for (let leg = 0; leg < 2; leg++) {
      const j = hipIndex(leg);
      const a1 = a0 + x[j];
      const w1 = w0 + x[NQ + j];
      const a2 = a1 + x[j + 1];
      const w2 = w1 + x[NQ + j + 1];
      const a3 = a2 + x[j + 2];
      const w3 = w2 + x[NQ + j + 2];
      this.thighAngle[leg] = a1;
      this.thighRate[leg] = w1;
      const s1 = Math.sin(a1), c1 = Math.cos(a1);
      const s2 = Math.sin(a2), c2 = Math.cos(a2);
      const s3 = Math.sin(a3), c3 = Math.cos(a3);
      // Thigh centre and knee.
      const kx = hx + g.thighLength * s1;
      const kz = hz - g.thighLength * c1;
      const kvx = hvx + g.thighLength * w1 * c1;
      const kvz = hvz + g.thighLength * w1 * s1;
      mx += m.thigh * (hx + 0.5 * g.thighLength * s1);
      mz += m.thigh * (hz - 0.5 * g.thighLength * c1);
      mvx += m.thigh * (hvx + 0.5 * g.thighLength * w1 * c1);
      mvz += m.thigh * (hvz + 0.5 * g.thighLength * w1 * s1);
      // Shank centre and ankle.
      const ax = kx + g.legLength * s2;
      const az = kz - g.legLength * c2;
      const avx = kvx + g.legLength * w2 * c2;
      const avz = kvz + g.legLength * w2 * s2;
      mx += m.shank * (kx + 0.5 * g.legLength * s2);
      mz += m.shank * (kz - 0.5 * g.legLength * c2);
      mvx += m.shank * (kvx + 0.5 * g.legLength * w2 * c2);
      mvz += m.shank * (kvz + 0.5 * g.legLength * w2 * s2);
      this.ankleX[leg] = ax;
      this.ankleZ[leg] = az;
      // Foot centre: ankle + (toe − heel)/2 · e(α_foot).
      const fc = 0.5 * (toe - heel);
      mx += m.foot * (ax + fc * c3);
      mz += m.foot * (az + fc * s3);
      mvx += m.foot * (avx - fc * w3 * s3);
      mvz += m.foot * (avz + fc * w3 * c3);
      // Lowest sole point: the lower of the heel and toe sphere centres, minus the radius.
      const heelZ = az - heel * s3;
      const toeZ = az + toe * s3;
      if (heelZ <= toeZ) {
        this.soleZ[leg] = heelZ - g.footRadius;
        this.soleX[leg] = ax - heel * c3;
      } else {
        this.soleZ[leg] = toeZ - g.footRadius;
        this.soleX[leg] = ax + toe * c3;
      }
    }
    this.comX = mx / m.total;
    this.comZ = mz / m.total;
    this.comVx = mvx / m.total;
    this.comVz = mvz / m.total;
    return this;
  }
}
