// The coverage worker thread's entry point. Signpost runs its TypeScript through tsx (decision 0002)
// and a worker thread does not inherit a loader registered with `register()` (bin/signpost.mjs, vitest),
// so the thread registers tsx itself before loading its TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./coverage-thread.ts');
