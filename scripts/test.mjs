// The project's test command: typecheck the workspace, build every package, run every
// package's uvu suite, and close with one plain line "N passed, N failed[, N skipped]".
// Exits non-zero when a test failed, a suite crashed, or no test ran at all
// (uvu itself exits 0 on zero tests).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ansi = /\x1b\[[0-9;]*m/g;

function run(label, command, args, cwd = root) {
  process.stdout.write(`\n== ${label}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const output = (result.stdout ?? '') + (result.stderr ?? '');
  process.stdout.write(output.replace(ansi, ''));
  process.stdout.write(`== ${label}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return { status: result.status ?? 1, output: output.replace(ansi, '') };
}

const typecheck = run('typecheck', 'pnpm', ['run', 'typecheck']);
const build = run('build', 'pnpm', ['run', 'build']);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
if (typecheck.status !== 0) problems.push('typecheck failed');
if (build.status !== 0) problems.push('build failed');

for (const group of ['packages', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    const pkgFile = join(dir, name, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const { status, output } = run(pkg.name, 'pnpm', ['run', 'test'], join(dir, name));
    const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0);
    const pass = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0);
    const skip = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
    passed += pass;
    skipped += skip;
    failed += total - pass - skip;
    if (status !== 0 && total - pass - skip === 0) {
      failed += 1; // the suite crashed before uvu could count a failure
      problems.push(`${pkg.name}: test run exited ${status}`);
    }
    if (total === 0) problems.push(`${pkg.name}: no test ran`);
  }
}

if (passed + failed === 0) problems.push('no test ran at all');
for (const p of problems) process.stdout.write(`problem: ${p}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
