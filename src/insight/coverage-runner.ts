// The request thread's side of the coverage worker thread: starts it when first needed, sends it a
// copy of the directory when the directory's version changed, and matches sweep results to requests.
// Nothing here computes: the request thread only copies references and posts messages, in chunks
// with a yield between them, so a large directory never holds up the requests being served.
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { AppError } from '../platform/errors';
import type { HolidayOverride } from '../directory/bank-holidays';
import type { Timeframe } from '../directory/catalogue';
import type { CoverageService } from '../search/coverage';
import type { FromThread, SweepRequest, ToThread } from './coverage-protocol';
import type { PackedCoverage } from './coverage-report';

/** Services per message: each copy (structured clone) stays a few milliseconds even for a national directory. */
const CHUNK = 2_000;
/** An idle thread is ended after this long; the next sweep starts a new one (and sends the directory again). */
const IDLE_MS = 5 * 60_000;

export interface DirectoryCopy {
  version: string;
  /** active services, read when the copy is sent */
  services: () => CoverageService[];
  holidays: () => Promise<HolidayOverride[]>;
  timeframes: () => Record<string, Timeframe>;
}

export interface SweepResult {
  packed: PackedCoverage;
  ms: number;
  /** the thread that swept (never the request thread's) */
  threadId: number;
}

interface Pending {
  resolve(result: SweepResult): void;
  reject(error: Error): void;
}

const unavailable = (why: string) => new AppError(503, 'coverage_unavailable', `The coverage analysis could not run: ${why}`);

export class CoverageThread {
  private worker: Worker | null = null;
  private loaded: string | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Directory copies and sweep requests are posted one after another, in order. */
  private posting: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;

  /** Sweeps in the worker thread over the directory `copy` describes (sent first if the thread has another version). */
  sweep(copy: DirectoryCopy, request: SweepRequest): Promise<SweepResult> {
    const id = this.nextId++;
    const result = new Promise<SweepResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.posting = this.posting
      .then(async () => {
        const worker = this.start();
        if (this.loaded !== copy.version) await this.sendDirectory(worker, copy);
        this.post(worker, { kind: 'sweep', id, version: copy.version, request });
      })
      .catch((error: Error) => this.settle(id, (p) => p.reject(error)));
    return result;
  }

  /** Test hook: the thread stops (as on a very long sweep) until the returned function is called. */
  hold(): () => void {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    this.post(this.start(), { kind: 'hold', signal });
    return () => {
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    };
  }

  /** Sweeps posted and not yet answered. */
  get busy(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.stop(unavailable('Signpost is shutting down'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./coverage-thread.mjs', import.meta.url));
    // A command or a test ends when its work is done, whether or not the thread is still there.
    worker.unref();
    worker.on('message', (message: FromThread) => this.receive(message));
    worker.on('error', (error) => this.stop(unavailable(error.message)));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stop(unavailable(`the worker thread stopped (exit code ${code})`));
    });
    this.worker = worker;
    this.loaded = null;
    return worker;
  }

  private async sendDirectory(worker: Worker, copy: DirectoryCopy): Promise<void> {
    const services = copy.services();
    const holidays = await copy.holidays();
    const timeframes = copy.timeframes();
    for (let start = 0; start === 0 || start < services.length; start += CHUNK) {
      if (start > 0) await yieldToRequests();
      if (this.worker !== worker) throw unavailable('the worker thread stopped');
      const chunk = services.slice(start, start + CHUNK);
      this.post(worker, start === 0 ? { kind: 'directory', version: copy.version, first: true, services: chunk, holidays, timeframes } : { kind: 'directory', version: copy.version, first: false, services: chunk });
    }
    this.loaded = copy.version;
  }

  private post(worker: Worker, message: ToThread): void {
    worker.postMessage(message);
  }

  private receive(message: FromThread): void {
    if (message.kind === 'swept') this.settle(message.id, (p) => p.resolve({ packed: message.packed, ms: message.ms, threadId: message.threadId }));
    else this.settle(message.id, (p) => p.reject(new Error(`coverage sweep failed: ${message.message}`)));
  }

  private settle(id: number, how: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    how(pending);
    if (this.pending.size === 0 && this.worker && !this.idleTimer) {
      const worker = this.worker;
      this.idleTimer = setTimeout(() => {
        if (this.worker === worker && this.pending.size === 0) void this.close();
      }, IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** Fails every sweep in flight and forgets the thread (the next sweep starts a new one). */
  private stop(error: Error): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker = null;
    this.loaded = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
