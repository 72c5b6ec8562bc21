import { defineConfig } from 'tsup';

export default defineConfig({
  // The workers are entries too: ParallelLikelihood starts dist/likelihood-worker.js, ParallelScorer
  // dist/scorer-worker.js.
  entry: ['src/index.ts', 'src/likelihood-worker.ts', 'src/scorer-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  // import.meta.url in the CommonJS build too (mlpPolicySpec names this module's URL for worker threads,
  // and ParallelLikelihood locates likelihood-worker.js).
  shims: true,
});
