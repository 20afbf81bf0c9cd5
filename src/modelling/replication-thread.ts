// A replication worker thread (replication-pool.ts starts it): runs its share of the replications of
// one task and posts each result as soon as it is done, so the caller can show progress. It lowers
// its own priority (on Linux a thread has its own nice value), so requests get the cores first.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from './engine';
import { replicationSeed } from './random';
import { headline } from './replications';
import { preparePairJob, runPair } from './scenario-job';
import type { FromThread, ThreadData } from './replication-pool';
import { pricerFor } from './scenario-pricing';

if (process.platform === 'linux') {
  try {
    os.setPriority(0, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Not allowed here: the replications run at normal priority, still off the request thread.
  }
}

const { task, indices } = workerData as ThreadData;
const post = (message: FromThread) => parentPort!.postMessage(message);
try {
  if (task.kind === 'headline') {
    for (const index of indices) {
      const started = performance.now();
      const out = simulate(task.input, replicationSeed(task.input.seed, index));
      post({ kind: 'result', index, result: { headline: headline(out), offered: out.calls.offered, ms: performance.now() - started } });
    }
  } else if (task.kind === 'output') {
    for (const index of indices) post({ kind: 'result', index, result: simulate(task.input, replicationSeed(task.input.seed, index)) });
  } else {
    const prepared = preparePairJob(task.job);
    const price = task.job.pricing ? pricerFor(task.job.pricing) : undefined;
    for (const index of indices) post({ kind: 'result', index, result: runPair(prepared, index, price) });
  }
} catch (error) {
  post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
}
