/**
 * Planar multi-link swimmer in a viscous fluid (MuJoCo's ellipsoid fluid model), moving in the
 * horizontal x–y plane. Root (the head link): slide x, slide y, hinge yaw (qpos 0..2); then one
 * actuated hinge between consecutive links. Gravity is off (neutrally buoyant) and nothing
 * collides; all forward thrust comes from the fluid forces on the moving links.
 */
import { type ModelLayout, f, fv, deg } from './common.js';

export interface SwimmerParams {
  /** Number of links (≥ 2); the swimmer has links − 1 actuated joints. */
  links: number;
  linkLength: number;
  linkRadius: number;
  /** Density of the links (kg/m³). */
  density: number;
  /** Motor gear (N m per unit control). */
  gear: number;
  /** Joint limit (degrees, symmetric). */
  jointRange: number;
  armature: number;
  damping: number;
  /** Fluid density (kg/m³), water ≈ 1000. */
  fluidDensity: number;
  /** Fluid dynamic viscosity (Pa s), water ≈ 0.001. */
  fluidViscosity: number;
}

export const SWIMMER_DEFAULTS: SwimmerParams = {
  links: 3,
  linkLength: 0.5,
  linkRadius: 0.04,
  density: 1000,
  gear: 20,
  jointRange: 100,
  armature: 0.01,
  damping: 0.05,
  fluidDensity: 1000,
  fluidViscosity: 0.001,
};

export function swimmerModel(p: SwimmerParams, timestep: number): ModelLayout {
  const n = p.links;
  let chain = '';
  for (let i = n - 1; i >= 1; i--) {
    chain = `<body name="link${i}" pos="${f(-p.linkLength)} 0 0">
  <joint name="joint${i}" type="hinge" axis="0 0 1" range="${fv(-deg(p.jointRange), deg(p.jointRange))}"/>
  <geom name="link${i}" type="capsule" fromto="0 0 0 ${f(-p.linkLength)} 0 0" size="${f(p.linkRadius)}"/>
  ${chain}
</body>`;
  }
  const motors: string[] = [];
  const names: string[] = [];
  for (let i = 1; i < n; i++) {
    motors.push(`  <motor name="joint${i}" joint="joint${i}" gear="${f(p.gear)}"/>`);
    names.push(`joint${i}`);
  }
  const xml = `<mujoco model="swimmer">
<compiler angle="radian" inertiafromgeom="true" autolimits="true"/>
<option timestep="${f(timestep)}" integrator="Euler" gravity="0 0 0" density="${f(p.fluidDensity)}" viscosity="${f(p.fluidViscosity)}"/>
<default>
  <joint armature="${f(p.armature)}" damping="${f(p.damping)}" limited="true"/>
  <geom contype="0" conaffinity="0" density="${f(p.density)}" fluidshape="ellipsoid"/>
  <motor ctrllimited="true" ctrlrange="-1 1"/>
</default>
<worldbody>
<body name="link0" pos="0 0 0">
  <joint name="rootx" type="slide" axis="1 0 0" limited="false" armature="0" damping="0"/>
  <joint name="rooty" type="slide" axis="0 1 0" limited="false" armature="0" damping="0"/>
  <joint name="rootyaw" type="hinge" axis="0 0 1" limited="false" armature="0" damping="0"/>
  <geom name="link0" type="capsule" fromto="0 0 0 ${f(-p.linkLength)} 0 0" size="${f(p.linkRadius)}"/>
  ${chain}
</body>
</worldbody>
<actuator>
${motors.join('\n')}
</actuator>
</mujoco>`;
  const nq = n + 2;
  const noisy: number[] = [];
  for (let i = 2; i < nq; i++) noisy.push(i);
  const bodyNames = ['world'];
  for (let i = 0; i < n; i++) bodyNames.push(`link${i}`);
  return {
    xml,
    nq,
    nv: nq,
    nu: n - 1,
    rootX: 0,
    rootZ: -1,
    rootVx: 0,
    rootPitch: -1,
    rootQuat: -1,
    hiddenQpos: [0, 1],
    noisyQpos: noisy,
    initialQpos: new Array<number>(nq).fill(0),
    bodyNames,
    actuatorNames: names,
  };
}
