/**
 * Planar biped: a torso and two legs (thigh, leg, foot) in the x–z plane, both hips at the
 * bottom of the torso. Root: slide x, slide z, hinge pitch (qpos 0..2); then hip, knee, ankle of
 * the right leg (qpos 3..5) and of the left leg (qpos 6..8), each with a motor. The legs do not
 * collide with each other (a planar model draws them in the same plane).
 */
import { type ContactParams, type ModelLayout, f, leggedHeader } from './common.js';
import { type HopperParams, legHeight, legXml, planarTorsoXml } from './hopper.js';
import type { Terrain } from '../terrain.js';

/** The walker's legs have the hopper's parameters (lengths, radii, gears, ranges). */
export type WalkerParams = HopperParams;

export const WALKER_DEFAULTS: WalkerParams = {
  torsoLength: 0.5,
  torsoRadius: 0.07,
  thighLength: 0.45,
  thighRadius: 0.05,
  legLength: 0.5,
  legRadius: 0.04,
  footLength: 0.3,
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

export function walkerModel(p: WalkerParams, timestep: number, contact: ContactParams, terrain: Terrain): ModelLayout {
  const standing = legHeight(p) + p.torsoLength;
  const legs = `${legXml(p, '_right')}\n${legXml(p, '_left')}`;
  const motors = ['right', 'left']
    .map(
      (side) => `  <motor name="hip_${side}" joint="hip_${side}" gear="${f(p.hipGear)}"/>
  <motor name="knee_${side}" joint="knee_${side}" gear="${f(p.kneeGear)}"/>
  <motor name="ankle_${side}" joint="ankle_${side}" gear="${f(p.ankleGear)}"/>`,
    )
    .join('\n');
  const xml = `${leggedHeader('walker', timestep, contact, p, p.density)}
<worldbody>
${terrain.geomsXml(2)}
${planarTorsoXml(p, standing, legs)}
</worldbody>
<actuator>
${motors}
</actuator>
</mujoco>`;
  return {
    xml,
    nq: 9,
    nv: 9,
    nu: 6,
    rootX: 0,
    rootZ: 1,
    rootVx: 0,
    rootPitch: 2,
    rootQuat: -1,
    hiddenQpos: [0],
    noisyQpos: [2, 3, 4, 5, 6, 7, 8],
    initialQpos: [0, standing, 0, 0, 0, 0, 0, 0, 0],
    bodyNames: ['world', 'torso', 'thigh_right', 'leg_right', 'foot_right', 'thigh_left', 'leg_left', 'foot_left'],
    actuatorNames: ['hip_right', 'knee_right', 'ankle_right', 'hip_left', 'knee_left', 'ankle_left'],
  };
}
