/**
 * 3D humanoid: a free-floating torso (chest, head, upper waist) with a lower waist and pelvis
 * below it, two legs (thigh, shin, foot, toes) and two arms (upper arm, forearm with hand).
 * 25 actuated hinges: abdomen z/y/x (3); per leg hip x/z/y, knee, ankle y/x, toe (7 × 2);
 * per arm shoulder x/y/z, elbow (4 × 2). State: free root 7 qpos (x, y, z, quaternion w x y z)
 * + 25 hinge angles = nq 32, nv 31, 63 in all — the paper's 63-dimensional running state.
 *
 * Sign convention (anatomical): flexion is positive. Sagittal hinges use axis −y for joints
 * whose distal part swings forward (hip, ankle dorsiflexion, toes, shoulder, elbow, abdomen
 * bend) and +y for the knee (the shin swings back). Abduction/outward rotation is positive on
 * both sides (mirrored axes). Limbs do not collide with each other or the body (only with the
 * ground), which keeps contacts cheap; a crossing gait is therefore not prevented physically.
 */
import { type ContactParams, type ModelLayout, f, fv, deg, leggedHeader } from './common.js';
import type { Terrain } from '../terrain.js';

export interface HumanoidParams {
  /** Uniform scale of every length (1 = a 1.6 m figure). */
  scale: number;
  thighLength: number;
  thighRadius: number;
  legLength: number;
  legRadius: number;
  footLength: number;
  footRadius: number;
  upperArmLength: number;
  lowerArmLength: number;
  armRadius: number;
  headRadius: number;
  /** Distance between the hip joints (m). */
  pelvisWidth: number;
  density: number;
  /** Gears (N m per unit control). */
  abdomenGear: number;
  hipGear: number;
  kneeGear: number;
  ankleGear: number;
  toeGear: number;
  shoulderGear: number;
  elbowGear: number;
  /** Joint ranges (degrees), [lower, upper]. */
  abdomenRange: [number, number];
  hipRange: [number, number];
  hipAbductionRange: [number, number];
  hipRotationRange: [number, number];
  kneeRange: [number, number];
  ankleRange: [number, number];
  toeRange: [number, number];
  shoulderRange: [number, number];
  shoulderTwistRange: [number, number];
  elbowRange: [number, number];
  armature: number;
  damping: number;
}

export const HUMANOID_DEFAULTS: HumanoidParams = {
  scale: 1,
  thighLength: 0.42,
  thighRadius: 0.06,
  legLength: 0.42,
  legRadius: 0.05,
  footLength: 0.18,
  footRadius: 0.03,
  upperArmLength: 0.28,
  lowerArmLength: 0.25,
  armRadius: 0.04,
  headRadius: 0.09,
  pelvisWidth: 0.2,
  density: 1000,
  abdomenGear: 60,
  hipGear: 120,
  kneeGear: 120,
  ankleGear: 60,
  toeGear: 20,
  shoulderGear: 30,
  elbowGear: 20,
  abdomenRange: [-45, 45],
  hipRange: [-30, 120],
  hipAbductionRange: [-20, 40],
  hipRotationRange: [-40, 40],
  kneeRange: [-5, 150],
  ankleRange: [-50, 30],
  toeRange: [-30, 60],
  shoulderRange: [-60, 150],
  shoulderTwistRange: [-60, 60],
  elbowRange: [-5, 150],
  armature: 0.02,
  damping: 0.2,
};

interface Motor {
  joint: string;
  gear: number;
}

/** Height of the ankle above the sole. */
function ankleHeight(p: HumanoidParams): number {
  return 2 * p.footRadius + 0.01;
}

function hinge(name: string, axis: [number, number, number], range: [number, number], motors: Motor[], gear: number): string {
  motors.push({ joint: name, gear });
  return `<joint name="${name}" type="hinge" axis="${fv(...axis)}" range="${fv(deg(range[0]), deg(range[1]))}"/>`;
}

function legXml(p: HumanoidParams, s: number, side: 'right' | 'left', motors: Motor[]): string {
  const sign = side === 'left' ? 1 : -1;
  const thigh = p.thighLength * s;
  const shin = p.legLength * s;
  const ankle = ankleHeight(p) * s;
  const rf = p.footRadius * s;
  const heel = 0.25 * p.footLength * s;
  const front = 0.75 * p.footLength * s;
  const halfWidth = 0.03 * s;
  const toeLen = 0.06 * s;
  const soleZ = -ankle + rf;
  return `<body name="thigh_${side}" pos="0 ${f((sign * p.pelvisWidth * s) / 2)} ${f(-0.04 * s)}">
  ${hinge(`hip_x_${side}`, [sign, 0, 0], p.hipAbductionRange, motors, p.hipGear * 0.7)}
  ${hinge(`hip_z_${side}`, [0, 0, sign], p.hipRotationRange, motors, p.hipGear * 0.5)}
  ${hinge(`hip_y_${side}`, [0, -1, 0], p.hipRange, motors, p.hipGear)}
  <geom name="thigh_${side}" type="capsule" fromto="0 0 0 0 0 ${f(-thigh)}" size="${f(p.thighRadius * s)}"/>
  <body name="shin_${side}" pos="0 0 ${f(-thigh)}">
    ${hinge(`knee_${side}`, [0, 1, 0], p.kneeRange, motors, p.kneeGear)}
    <geom name="shin_${side}" type="capsule" fromto="0 0 0 0 0 ${f(-shin)}" size="${f(p.legRadius * s)}"/>
    <body name="foot_${side}" pos="0 0 ${f(-shin)}">
      ${hinge(`ankle_y_${side}`, [0, -1, 0], p.ankleRange, motors, p.ankleGear)}
      ${hinge(`ankle_x_${side}`, [sign, 0, 0], [-20, 20], motors, p.ankleGear * 0.5)}
      <geom name="foot1_${side}" type="capsule" fromto="${fv(-heel, halfWidth, soleZ, front, halfWidth, soleZ)}" size="${f(rf)}"/>
      <geom name="foot2_${side}" type="capsule" fromto="${fv(-heel, -halfWidth, soleZ, front, -halfWidth, soleZ)}" size="${f(rf)}"/>
      <body name="toes_${side}" pos="${fv(front, 0, soleZ)}">
        ${hinge(`toe_${side}`, [0, -1, 0], p.toeRange, motors, p.toeGear)}
        <geom name="toes_${side}" type="capsule" fromto="${fv(toeLen, -1.4 * halfWidth, 0, toeLen, 1.4 * halfWidth, 0)}" size="${f(rf)}"/>
      </body>
    </body>
  </body>
</body>`;
}

function armXml(p: HumanoidParams, s: number, side: 'right' | 'left', motors: Motor[]): string {
  const sign = side === 'left' ? 1 : -1;
  const upper = p.upperArmLength * s;
  const lower = p.lowerArmLength * s;
  return `<body name="upper_arm_${side}" pos="0 ${f(sign * 0.17 * s)} ${f(0.06 * s)}">
  ${hinge(`shoulder_x_${side}`, [sign, 0, 0], [-10, 150], motors, p.shoulderGear)}
  ${hinge(`shoulder_y_${side}`, [0, -1, 0], p.shoulderRange, motors, p.shoulderGear)}
  ${hinge(`shoulder_z_${side}`, [0, 0, sign], p.shoulderTwistRange, motors, p.shoulderGear * 0.5)}
  <geom name="upper_arm_${side}" type="capsule" fromto="0 0 0 0 0 ${f(-upper)}" size="${f(p.armRadius * s)}"/>
  <body name="lower_arm_${side}" pos="0 0 ${f(-upper)}">
    ${hinge(`elbow_${side}`, [0, -1, 0], p.elbowRange, motors, p.elbowGear)}
    <geom name="lower_arm_${side}" type="capsule" fromto="0 0 0 0 0 ${f(-lower)}" size="${f(p.armRadius * 0.8 * s)}"/>
    <geom name="hand_${side}" type="sphere" pos="0 0 ${f(-lower - 0.03 * s)}" size="${f(p.armRadius * s)}"/>
  </body>
</body>`;
}

/** Height of the torso origin above the sole when standing straight. */
export function humanoidStandingHeight(p: HumanoidParams): number {
  const s = p.scale;
  return (0.26 + 0.165 + 0.04) * s + (p.thighLength + p.legLength + ankleHeight(p)) * s;
}

export function humanoidModel(p: HumanoidParams, timestep: number, contact: ContactParams, terrain: Terrain): ModelLayout {
  const s = p.scale;
  const motors: Motor[] = [];
  const standing = humanoidStandingHeight(p);
  // Children are generated in MuJoCo's body order: abdomen, pelvis, right leg, left leg, right arm, left arm.
  const abdomenZ = hinge('abdomen_z', [0, 0, 1], p.abdomenRange, motors, p.abdomenGear);
  const abdomenY = hinge('abdomen_y', [0, -1, 0], [-30, 75], motors, p.abdomenGear);
  const abdomenX = hinge('abdomen_x', [1, 0, 0], [-35, 35], motors, p.abdomenGear);
  const rightLeg = legXml(p, s, 'right', motors);
  const leftLeg = legXml(p, s, 'left', motors);
  const rightArm = armXml(p, s, 'right', motors);
  const leftArm = armXml(p, s, 'left', motors);
  const body = `<body name="torso" pos="0 0 ${f(standing)}">
  <freejoint name="root"/>
  <geom name="chest" type="capsule" fromto="${fv(0, -0.07 * s, 0, 0, 0.07 * s, 0)}" size="${f(0.07 * s)}"/>
  <geom name="head" type="sphere" pos="0 0 ${f(0.19 * s)}" size="${f(p.headRadius * s)}"/>
  <geom name="upper_waist" type="capsule" fromto="${fv(-0.01 * s, -0.06 * s, -0.12 * s, -0.01 * s, 0.06 * s, -0.12 * s)}" size="${f(0.06 * s)}"/>
  <body name="lower_waist" pos="${fv(-0.01 * s, 0, -0.26 * s)}">
    ${abdomenZ}
    ${abdomenY}
    <geom name="lower_waist" type="capsule" fromto="${fv(0, -0.06 * s, 0, 0, 0.06 * s, 0)}" size="${f(0.06 * s)}"/>
    <body name="pelvis" pos="0 0 ${f(-0.165 * s)}">
      ${abdomenX}
      <geom name="pelvis" type="capsule" fromto="${fv(-0.02 * s, -0.07 * s, 0, -0.02 * s, 0.07 * s, 0)}" size="${f(0.09 * s)}"/>
      ${rightLeg}
      ${leftLeg}
    </body>
  </body>
  ${rightArm}
  ${leftArm}
</body>`;
  const xml = `${leggedHeader('humanoid', timestep, contact, p, p.density)}
<worldbody>
${terrain.geomsXml(20)}
${body}
</worldbody>
<actuator>
${motors.map((m) => `  <motor name="${m.joint}" joint="${m.joint}" gear="${f(m.gear)}"/>`).join('\n')}
</actuator>
</mujoco>`;
  const nq = 7 + motors.length;
  const noisy: number[] = [];
  for (let i = 7; i < nq; i++) noisy.push(i);
  const initialQpos = new Array<number>(nq).fill(0);
  initialQpos[2] = standing;
  initialQpos[3] = 1;
  return {
    xml,
    nq,
    nv: nq - 1,
    nu: motors.length,
    rootX: 0,
    rootZ: 2,
    rootVx: 0,
    rootPitch: -1,
    rootQuat: 3,
    hiddenQpos: [0, 1],
    noisyQpos: noisy,
    initialQpos,
    bodyNames: [
      'world',
      'torso',
      'lower_waist',
      'pelvis',
      'thigh_right',
      'shin_right',
      'foot_right',
      'toes_right',
      'thigh_left',
      'shin_left',
      'foot_left',
      'toes_left',
      'upper_arm_right',
      'lower_arm_right',
      'upper_arm_left',
      'lower_arm_left',
    ],
    actuatorNames: motors.map((m) => m.joint),
  };
}
