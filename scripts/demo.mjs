// The main job: the fastest end-to-end demo that exists, run from the built packages.
// It grows with the project (see README: "Two commands").
import { spawnSync } from 'node:child_process';

function step(label, command, args) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step('build', 'pnpm', ['run', 'build']);
step('L-BFGS on the Rosenbrock function', 'node', ['packages/lbfgs/examples/rosenbrock.mjs']);
