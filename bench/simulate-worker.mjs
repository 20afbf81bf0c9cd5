// A replication worker thread's entry point: a worker does not inherit the tsx loader, so it registers it.
import { register } from 'tsx/esm/api';

register();
await import('./simulate-thread.ts');
