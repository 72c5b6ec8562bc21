/**
 * Loading the official MuJoCo WebAssembly bindings (@mujoco/mujoco) once per thread.
 * The module load is asynchronous (it instantiates a ~10 MB WASM binary); every task in
 * the same thread shares one module instance.
 */
import loadMujocoModule from '@mujoco/mujoco';
import type { MainModule, MjModel, MjData } from '@mujoco/mujoco';

export type Mujoco = MainModule;
export type { MjModel, MjData };

let modulePromise: Promise<Mujoco> | null = null;

/** The MuJoCo WASM module of this thread (loaded on first call, then cached). */
export function loadMujoco(): Promise<Mujoco> {
  if (modulePromise === null) {
    modulePromise = loadMujocoModule().catch((err: unknown) => {
      modulePromise = null;
      throw new Error(`sim: could not load the MuJoCo WASM module: ${(err as Error)?.message ?? err}`);
    });
  }
  return modulePromise;
}

/** Compiles an MJCF string; a malformed model rethrows MuJoCo's message with the task's name. */
export function compileModel(mujoco: Mujoco, xml: string, taskName: string): MjModel {
  try {
    return mujoco.MjModel.from_xml_string(xml);
  } catch (err) {
    const message = String((err as Error)?.message ?? err).trim();
    throw new Error(`sim: the ${taskName} model did not compile: ${message}`);
  }
}
