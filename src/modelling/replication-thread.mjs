// A replication worker thread's entry point: a worker does not inherit the tsx loader registered with
// `register()` (bin/signpost.mjs, vitest), so the thread registers it before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./replication-thread.ts');
