import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is a second entry: ParallelLikelihood starts dist/likelihood-worker.js.
  entry: ['src/index.ts', 'src/likelihood-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  // import.meta.url in the CommonJS build too (mlpPolicySpec names this module's URL for worker threads,
  // and ParallelLikelihood locates likelihood-worker.js).
  shims: true,
});
