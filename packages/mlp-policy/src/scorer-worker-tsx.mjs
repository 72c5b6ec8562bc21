// Starts src/scorer-worker.ts in a worker thread when the package runs from source (tests,
// benches): tsx's loader is registered inside the worker first (see workerScriptUrl in @guided/core).
import { register } from 'tsx/esm/api';

register();
await import('./scorer-worker.ts');
