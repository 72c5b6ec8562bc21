import { runBenchmark } from '@guided/runner';
import { swimmer } from './config.js';

runBenchmark(swimmer, process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
