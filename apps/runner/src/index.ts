export { runBenchmark } from './run.js';
export type { RunResult } from './run.js';
export type { BenchmarkConfig, DdpConfig } from './config.js';
