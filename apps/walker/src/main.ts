import { runBenchmark } from '@guided/runner';
import { walker } from './config.js';

runBenchmark(walker, process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
