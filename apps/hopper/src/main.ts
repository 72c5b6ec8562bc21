import { runBenchmark } from '@guided/runner';
import { hopper } from './config.js';

runBenchmark(hopper, process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
