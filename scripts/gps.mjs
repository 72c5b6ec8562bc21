// `pnpm gps <task> [options]`: builds the packages (cached by turbo), then runs apps/<task>.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [task, ...rest] = process.argv.slice(2);
const apps = readdirSync('apps').filter((name) => existsSync(`apps/${name}/src/config.ts`));
if (!task || task.startsWith('-')) {
  process.stderr.write(`usage: pnpm gps <task> [--seed N] [--iterations K] [--hidden H] [--variant V] [--adaptive] [--out DIR] [--resume]\ntasks: ${apps.join(', ')}\n`);
  process.exit(task === '--help' ? 0 : 2);
}
if (!apps.includes(task)) {
  process.stderr.write(`gps: unknown task '${task}' (known: ${apps.join(', ')})\n`);
  process.exit(2);
}
const build = spawnSync('pnpm', ['run', 'build', '--output-logs=errors-only'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['--import', 'tsx', `apps/${task}/src/main.ts`, ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
