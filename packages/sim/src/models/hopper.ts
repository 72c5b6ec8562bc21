/**
 * Planar one-legged hopper: torso, thigh, leg (shank) and foot, moving in the x–z plane.
 * Root: slide x, slide z, hinge pitch (qpos 0..2); joints hip, knee, ankle, each with a motor.
 * Leg hinge axes are −y, so a positive angle swings the limb below the joint forward (+x);
 * the root pitch axis is +y, so a positive pitch leans the torso forward.
 */
import { type ContactParams, type ModelLayout, f, fv, deg, leggedHeader } from './common.js';
import type { Terrain } from '../terrain.js';

export interface HopperParams {
  torsoLength: number;
  torsoRadius: number;
  thighLength: number;
  thighRadius: number;
  legLength: number;
  legRadius: number;
  /** Foot capsule length (m); a third of it lies behind the ankle (heel), the rest in front. */
  footLength: number;
  footRadius: number;
  /** Density of every link (kg/m³); masses follow from the capsule volumes. */
  density: number;
  hipGear: number;
  kneeGear: number;
  ankleGear: number;
  /** Joint limits in degrees, [lower, upper]. */
  hipRange: [number, number];
  kneeRange: [number, number];
  ankleRange: [number, number];
  /** Rotor inertia added to each actuated joint (kg m²). */
  armature: number;
  /** Viscous damping of each actuated joint (N m s/rad). */
  damping: number;
}

export const HOPPER_DEFAULTS: HopperParams = {
  torsoLength: 0.4,
  torsoRadius: 0.06,
  thighLength: 0.45,
  thighRadius: 0.05,
  legLength: 0.5,
  legRadius: 0.04,
  footLength: 0.39,
  footRadius: 0.04,
  density: 1000,
  hipGear: 100,
  kneeGear: 100,
  ankleGear: 50,
  hipRange: [-45, 150],
  kneeRange: [-150, 0],
  ankleRange: [-45, 45],
  armature: 0.01,
  damping: 0.1,
};

/** Height of the torso centre above the sole when the legs are straight and the foot flat. */
export function legHeight(p: { thighLength: number; legLength: number; footRadius: number }): number {
  return p.footRadius + p.legLength + p.thighLength;
}

/** One leg (thigh → leg → foot) attached at the bottom of the torso; `suffix` names its parts. */
export function legXml(p: HopperParams, suffix: string): string {
  const heel = p.footLength / 3;
  return `<body name="thigh${suffix}" pos="0 0 ${f(-p.torsoLength)}">
  <joint name="hip${suffix}" type="hinge" axis="0 -1 0" range="${fv(deg(p.hipRange[0]), deg(p.hipRange[1]))}"/>
  <geom name="thigh${suffix}" type="capsule" fromto="0 0 0 0 0 ${f(-p.thighLength)}" size="${f(p.thighRadius)}"/>
  <body name="leg${suffix}" pos="0 0 ${f(-p.thighLength)}">
    <joint name="knee${suffix}" type="hinge" axis="0 -1 0" range="${fv(deg(p.kneeRange[0]), deg(p.kneeRange[1]))}"/>
    <geom name="leg${suffix}" type="capsule" fromto="0 0 0 0 0 ${f(-p.legLength)}" size="${f(p.legRadius)}"/>
    <body name="foot${suffix}" pos="0 0 ${f(-p.legLength)}">
      <joint name="ankle${suffix}" type="hinge" axis="0 -1 0" range="${fv(deg(p.ankleRange[0]), deg(p.ankleRange[1]))}"/>
      <geom name="foot${suffix}" type="capsule" fromto="${f(-heel)} 0 0 ${f(p.footLength - heel)} 0 0" size="${f(p.footRadius)}"/>
    </body>
  </body>
</body>`;
}

/** The planar torso with its three root joints; `children` goes inside the torso body. */
export function planarTorsoXml(p: { torsoLength: number; torsoRadius: number }, height: number, children: string): string {
  return `<body name="torso" pos="0 0 ${f(height)}">
  <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0"/>
  <joint name="rootz" type="slide" axis="0 0 1" limited="false" armature="0" damping="0" ref="${f(height)}"/>
  <joint name="rooty" type="hinge" axis="0 1 0" limited="false" armature="0" damping="0"/>
  <geom name="torso" type="capsule" fromto="0 0 ${f(-p.torsoLength)} 0 0 0" size="${f(p.torsoRadius)}"/>
  ${children}
</body>`;
}

export function hopperModel(p: HopperParams, timestep: number, contact: ContactParams, terrain: Terrain): ModelLayout {
  const standing = legHeight(p) + p.torsoLength;
  const xml = `${leggedHeader('hopper', timestep, contact, p, p.density)}
<worldbody>
${terrain.geomsXml(2)}
${planarTorsoXml(p, standing, legXml(p, ''))}
</worldbody>
<actuator>
  <motor name="hip" joint="hip" gear="${f(p.hipGear)}"/>
  <motor name="knee" joint="knee" gear="${f(p.kneeGear)}"/>
  <motor name="ankle" joint="ankle" gear="${f(p.ankleGear)}"/>
</actuator>
</mujoco>`;
  return {
    xml,
    nq: 6,
    nv: 6,
    nu: 3,
    rootX: 0,
    rootZ: 1,
    rootVx: 0,
    rootPitch: 2,
    rootQuat: -1,
    hiddenQpos: [0],
    noisyQpos: [2, 3, 4, 5],
    initialQpos: [0, standing, 0, 0, 0, 0],
    bodyNames: ['world', 'torso', 'thigh', 'leg', 'foot'],
    actuatorNames: ['hip', 'knee', 'ankle'],
  };
}
