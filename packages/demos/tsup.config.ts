import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  // ESM only, like @guided/sim (the MuJoCo bindings are an ES module).
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
});
