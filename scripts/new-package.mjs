// Writes the package.json / tsconfig / tsup config of a new workspace package
// in the shape DESIGN.md fixes. Usage: node scripts/new-package.mjs <name> "<description>" [dep ...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const [name, description, ...deps] = process.argv.slice(2);
if (!name || !description) throw new Error('usage: new-package.mjs <name> "<description>" [dep ...]');
const dir = `packages/${name}`;
if (existsSync(`${dir}/package.json`)) throw new Error(`${dir}/package.json exists`);
mkdirSync(`${dir}/src`, { recursive: true });
mkdirSync(`${dir}/test`, { recursive: true });
mkdirSync(`${dir}/bench`, { recursive: true });
const dependencies = {};
for (const d of deps) {
  if (d.startsWith('@guided/')) dependencies[d] = 'workspace:^';
  else { const at = d.lastIndexOf('@'); dependencies[d.slice(0, at)] = d.slice(at + 1); }
}
const pkg = {
  name: `@guided/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.cjs' } },
  files: ['dist'],
  scripts: {
    build: 'tsup',
    test: 'uvu -r tsx test',
    bench: 'tsx bench/run.ts',
  },
  dependencies,
};
writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src', 'test', 'bench'] }, null, 2) + '\n');
writeFileSync(`${dir}/tsup.config.ts`, `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
});
`);
console.log(`created ${dir}`);
