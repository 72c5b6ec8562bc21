import { defineConfig } from 'tsup';

// ESM only: @mujoco/mujoco is an ES module (no CommonJS build), and the worker pool finds
// its worker through import.meta.url. The worker is a second entry beside index.js.
export default defineConfig({
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: false,
  target: 'node20',
});
