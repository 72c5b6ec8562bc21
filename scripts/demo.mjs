// The main job: the fastest end-to-end demo that exists — guided policy search on the swimmer
// (DDP guide, 20 iterations of Algorithm 1, fresh evaluation, plots), a few minutes on 2 cores.
// The paper's full settings are `pnpm gps swimmer` (80 iterations).
import { spawnSync } from 'node:child_process';

const out = 'runs/demo-swimmer';
const result = spawnSync('node', ['scripts/gps.mjs', 'swimmer', '--iterations', '20', '--out', out, '--resume'], { stdio: 'inherit' });
if (result.status === 0) {
  process.stdout.write(`\nplots: ${out}/curve.svg (learning curve), ${out}/root.svg (root motion); summary: ${out}/result.json\n`);
}
process.exit(result.status ?? 1);
