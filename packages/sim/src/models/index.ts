/** Builds the MJCF and layout of a task's model from its spec (no MuJoCo needed). */
import type { ModelLayout } from './common.js';
import { hopperModel } from './hopper.js';
import { walkerModel } from './walker.js';
import { swimmerModel } from './swimmer.js';
import { humanoidModel } from './humanoid.js';
import type { TaskSpec } from '../spec.js';
import { Terrain } from '../terrain.js';

export function buildModel(spec: TaskSpec, terrain: Terrain = new Terrain(spec.terrain)): ModelLayout {
  const timestep = spec.controlDt / spec.substeps;
  switch (spec.name) {
    case 'swimmer':
      return swimmerModel(spec.model as TaskSpec<'swimmer'>['model'], timestep);
    case 'hopper':
      return hopperModel(spec.model as TaskSpec<'hopper'>['model'], timestep, spec.contact, terrain);
    case 'walker':
      return walkerModel(spec.model as TaskSpec<'walker'>['model'], timestep, spec.contact, terrain);
    case 'humanoid':
      return humanoidModel(spec.model as TaskSpec<'humanoid'>['model'], timestep, spec.contact, terrain);
  }
}

/** State, action and observation sizes of a task spec. */
export function taskDimensions(spec: TaskSpec): { stateDim: number; actionDim: number; obsDim: number; nq: number; nv: number } {
  const l = buildModel(spec);
  return { stateDim: l.nq + l.nv, actionDim: l.nu, obsDim: l.nq - l.hiddenQpos.length + l.nv, nq: l.nq, nv: l.nv };
}
