// Why this file exists: a coverage sweep is seconds of pure computation, and in the thread that
// serves requests it froze every search meanwhile (issue 11, item 12). This worker thread holds a
// copy of the directory (replaced when the directory's version changes) and runs the sweeps, one at
// a time; results go back packed in typed arrays, handed over without a copy.
import os from 'node:os';
import { parentPort, threadId } from 'node:worker_threads';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import type { Timeframe } from '../directory/catalogue';
import type { CoverageDirectory, CoverageService } from '../search/coverage';
import type { DirectoryMessage, FromThread, SweepMessage, ToThread } from './coverage-protocol';
import { sweepPacked } from './coverage-report';

// Background work gives way: on Linux a thread has its own nice value, so this lowers only this
// thread, and on a busy machine the request thread gets the cores first. (Elsewhere the call would
// lower the whole process, so it is left alone.)
if (process.platform === 'linux') {
  try {
    os.setPriority(0, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Not allowed here: the sweep runs at normal priority, still off the request thread.
  }
}

// …and never takes a whole core for long: after each place swept, it rests as long as it worked
// (when that was more than a few milliseconds). A sweep takes twice as long; searches, which share
// the machine's caches and V8's helper threads with it, keep their pace.
const REST_PER_WORK = 1;
const nap = new Int32Array(new SharedArrayBuffer(4));
let workingSince = performance.now();
function rest(): void {
  const worked = performance.now() - workingSince;
  if (worked < 5) return;
  Atomics.wait(nap, 0, 0, worked * REST_PER_WORK);
  workingSince = performance.now();
}

let version: string | null = null;
let services: CoverageService[] = [];
let calendar = new BankHolidayCalendar();
let timeframes: Record<string, Timeframe> = {};
/** One shared copy of each distinct section across chunks, so the sweep's per-timetable caches hit. */
let shared = new Map<string, unknown>();

function share<T>(value: T): T {
  const key = JSON.stringify(value);
  const existing = shared.get(key);
  if (existing !== undefined) return existing as T;
  shared.set(key, value);
  return value;
}

function load(message: DirectoryMessage): void {
  if (message.first) {
    version = message.version;
    services = [];
    shared = new Map();
    calendar = new BankHolidayCalendar(message.holidays ?? []);
    timeframes = message.timeframes ?? {};
  }
  for (const s of message.services) {
    services.push({
      ...s,
      openingTimes: share(s.openingTimes),
      coverage: { dispositions: share(s.coverage.dispositions), symptoms: share(s.coverage.symptoms) },
      areas: share(s.areas),
    });
  }
}

function sweep(message: SweepMessage): FromThread {
  if (message.version !== version) return { kind: 'failed', id: message.id, message: `directory version ${message.version} not loaded (have ${version})` };
  const started = performance.now();
  workingSince = started;
  const directory: CoverageDirectory = {
    services: () => services,
    catalogue: { disposition: (code) => (timeframes[code] ? { timeframe: timeframes[code] } : undefined) },
    calendar,
  };
  const { request } = message;
  const distance = new Map(request.places.map((p, i) => [p, request.distancesKm[i]]));
  const packed = sweepPacked(directory, {
    weekStart: request.weekStart,
    places: request.places,
    dispositions: request.dispositions,
    mode: request.mode,
    distanceKm: (place) => distance.get(place)!,
    afterPlace: rest,
  });
  return { kind: 'swept', id: message.id, packed, ms: Math.round(performance.now() - started), threadId };
}

parentPort!.on('message', (message: ToThread) => {
  switch (message.kind) {
    case 'directory':
      load(message);
      return;
    case 'hold':
      Atomics.wait(message.signal, 0, 0);
      return;
    case 'sweep': {
      let reply: FromThread;
      try {
        reply = sweep(message);
      } catch (error) {
        reply = { kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) };
      }
      parentPort!.postMessage(reply, reply.kind === 'swept' ? [reply.packed.refs.buffer as ArrayBuffer, reply.packed.times.buffer as ArrayBuffer] : []);
      return;
    }
  }
});
