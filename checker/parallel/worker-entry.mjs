// Entry of a search worker thread: compiles TypeScript on load (as bin/dropcheck.js does), then
// runs the worker. Plain JavaScript so that Node can start it without a loader.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
