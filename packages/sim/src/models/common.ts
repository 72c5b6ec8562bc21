/** Shared pieces of the MJCF generators: number formatting and the common header/defaults. */

export interface ContactParams {
  /** MuJoCo solref [timeconst (s), dampratio]: larger timeconst = softer contact. */
  solref: [number, number];
  /** MuJoCo solimp [dmin, dmax, width (m)]: impedance ramps from dmin to dmax over `width` of penetration. */
  solimp: [number, number, number];
  /** Sliding friction coefficient. */
  friction: number;
  /** solref of every limited joint's limit (MuJoCo's solreflimit; its default is [0.02, 1]). */
  limitSolref: [number, number];
  /** solimp of every limited joint's limit (MuJoCo's solimplimit; its default is [0.9, 0.95, 0.001]). */
  limitSolimp: [number, number, number];
}

/** What a generator returns besides the XML: where things live in qpos/qvel. */
export interface ModelLayout {
  xml: string;
  nq: number;
  nv: number;
  nu: number;
  /** qpos index of the root's forward (x) position. */
  rootX: number;
  /** qpos index of the root's vertical position, −1 when the task has no height (swimmer). */
  rootZ: number;
  /** qvel index of the root's forward velocity v_x. */
  rootVx: number;
  /** qpos index of the planar root pitch angle, −1 when not planar-upright. */
  rootPitch: number;
  /** qpos index of the free joint's quaternion (w, x, y, z), −1 when there is none. */
  rootQuat: number;
  /** qpos indices left out of the observation (the root's horizontal position). */
  hiddenQpos: number[];
  /** qpos indices (joint angles) that receive initial-state noise. */
  noisyQpos: number[];
  /** Initial qpos standing on flat ground at height 0, x = 0. */
  initialQpos: number[];
  /** Body names in MuJoCo's order (body 0 is the world). */
  bodyNames: string[];
  /** Actuator (motor) names in order. */
  actuatorNames: string[];
}

/** Formats a number for MJCF with 12 significant digits and no exponent noise. */
export function f(v: number): string {
  return Number(v.toPrecision(12)).toString();
}

/** Formats several numbers separated by spaces. */
export function fv(...values: number[]): string {
  return values.map(f).join(' ');
}

/** Converts degrees to radians. */
export function deg(v: number): number {
  return (v * Math.PI) / 180;
}

/** The <option>, <compiler> and <default> blocks shared by the legged models. */
export function leggedHeader(
  name: string,
  timestep: number,
  contact: ContactParams,
  joint: { armature: number; damping: number },
  density: number,
): string {
  return `<mujoco model="${name}">
<compiler angle="radian" inertiafromgeom="true" autolimits="true"/>
<option timestep="${f(timestep)}" integrator="Euler" gravity="0 0 -9.81"/>
<size memory="4M"/>
<default>
  <joint armature="${f(joint.armature)}" damping="${f(joint.damping)}" limited="true"
         solreflimit="${fv(...contact.limitSolref)}" solimplimit="${fv(...contact.limitSolimp)}"/>
  <geom contype="1" conaffinity="0" condim="3" density="${f(density)}" friction="${f(contact.friction)} 0.1 0.1"
        solref="${fv(...contact.solref)}" solimp="${fv(...contact.solimp)}"/>
  <motor ctrllimited="true" ctrlrange="-1 1"/>
</default>`;
}
