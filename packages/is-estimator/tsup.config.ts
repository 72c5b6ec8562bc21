import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is a second entry: ParallelImportanceObjective starts dist/worker.js.
  entry: ['src/index.ts', 'src/worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  // import.meta.url in the CJS build (to locate worker.js)
  shims: true,
});
