// Starts src/worker.ts in a worker thread when the package runs from source (tests, benches):
// on Node 20 a worker ignores `--import tsx` in execArgv and does not inherit the parent's
// loader hooks, so tsx's ESM loader is registered here before the TypeScript worker is imported.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
