/**
 * Replications in worker threads, off the thread that serves requests: a task (one input's
 * headline measures, for the benchmark; or a scenario against its baseline) is split over up to
 * `threads` threads, each running every n-th replication and posting each result as it finishes.
 * The caller sees progress as results arrive and can cancel, which ends the threads at once.
 */
import { Worker } from 'node:worker_threads';
import type { SimulationInput, SimulationOutput } from './model';
import type { Headline } from './replications';
import type { PairJob } from './scenario-job';
import type { ReplicationPair } from './scenario-results';

/** `headline`: one input's headline measures (the benchmark); `output`: its whole outputs (pricing); `pair`: a scenario against its baseline. */
export type ReplicationTask = { kind: 'headline'; input: SimulationInput } | { kind: 'output'; input: SimulationInput } | { kind: 'pair'; job: PairJob };

export interface HeadlineResult {
  headline: Headline;
  offered: number;
  ms: number;
}

export type ResultOf<T extends ReplicationTask> = T extends { kind: 'headline' } ? HeadlineResult : T extends { kind: 'output' } ? SimulationOutput : ReplicationPair;

export interface ThreadData {
  task: ReplicationTask;
  indices: number[];
}

export type FromThread = { kind: 'result'; index: number; result: HeadlineResult | SimulationOutput | ReplicationPair } | { kind: 'error'; message: string };

export interface PoolRun<R> {
  /** every replication's result, in order of index; rejects when a thread fails or the run is cancelled */
  done: Promise<R[]>;
  /** ends the threads; `done` rejects with a `RunCancelled` */
  cancel(): Promise<void>;
}

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

export interface PoolOptions<R> {
  threads?: number;
  /** each result as it arrives, with how many are done */
  onResult?: (result: R, done: number, total: number) => void;
}

/** Runs replications 0 … count−1 of a task over worker threads (2 by default). */
export function runReplications<T extends ReplicationTask>(task: T, count: number, options: PoolOptions<ResultOf<T>> = {}): PoolRun<ResultOf<T>> {
  const threads = Math.max(1, Math.min(options.threads ?? 2, count));
  const results: ResultOf<T>[] = new Array(count);
  let done = 0;
  let settled = false;
  const workers: Worker[] = [];
  let rejectRun: (error: Error) => void = () => undefined;
  const finished = new Promise<ResultOf<T>[]>((resolve, reject) => {
    rejectRun = (error) => {
      if (settled) return;
      settled = true;
      void Promise.all(workers.map((w) => w.terminate()));
      reject(error);
    };
    let exited = 0;
    for (let t = 0; t < threads; t++) {
      const indices = Array.from({ length: count }, (_, i) => i).filter((i) => i % threads === t);
      const data: ThreadData = { task, indices };
      const worker = new Worker(new URL('./replication-thread.mjs', import.meta.url), { workerData: data });
      workers.push(worker);
      worker.on('message', (message: FromThread) => {
        if (settled) return;
        if (message.kind === 'error') return rejectRun(new Error(`a replication failed: ${message.message}`));
        results[message.index] = message.result as ResultOf<T>;
        done++;
        options.onResult?.(results[message.index], done, count);
      });
      worker.on('error', (error) => rejectRun(error));
      worker.on('exit', (code) => {
        if (settled) return;
        if (code !== 0) return rejectRun(new Error(`a replication thread stopped (exit code ${code})`));
        if (++exited === threads) {
          settled = true;
          if (done === count) resolve(results);
          else reject(new Error(`the replication threads ended with ${done} of ${count} replications done`));
        }
      });
    }
  });
  return {
    done: finished,
    async cancel() {
      rejectRun(new RunCancelled());
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
