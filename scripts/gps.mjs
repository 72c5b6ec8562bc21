// `pnpm gps <task> [options]`: builds the packages (cached by turbo), then runs apps/<task>.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [task, ...rest] = process.argv.slice(2);
// A benchmark app is a folder with a configuration and an entry point (apps/runner is the library they share).
const apps = readdirSync('apps').filter((name) => existsSync(`apps/${name}/src/config.ts`) && existsSync(`apps/${name}/src/main.ts`));
if (!task || task.startsWith('-')) {
  // The full usage is the runner's (apps/runner/src/args.ts); print it through tsx.
  const usage = `import('./apps/runner/src/args.ts').then((m) => process.stderr.write(m.USAGE + '\\ntasks here: ${apps.join(', ')}\\n'))`;
  spawnSync(process.execPath, ['--import', 'tsx', '-e', usage], { stdio: 'inherit' });
  process.exit(task === '--help' || task === '-h' ? 0 : 2);
}
if (!apps.includes(task)) {
  process.stderr.write(`gps: unknown task '${task}' (known: ${apps.join(', ')})\n`);
  process.exit(2);
}
const build = spawnSync('pnpm', ['run', 'build', '--output-logs=errors-only'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['--import', 'tsx', `apps/${task}/src/main.ts`, ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
