// Messages between the request thread and the coverage worker thread (src/insight/coverage-thread.ts).
import type { Timeframe } from '../directory/catalogue';
import type { HolidayOverride } from '../directory/bank-holidays';
import type { CoverageMode, CoveragePlace, CoverageService } from '../search/coverage';
import type { PackedCoverage } from './coverage-report';

/** A copy of the directory as the sweep needs it, sent in chunks; the first chunk replaces the last copy. */
export interface DirectoryMessage {
  kind: 'directory';
  version: string;
  first: boolean;
  services: CoverageService[];
  /** with the first chunk */
  holidays?: HolidayOverride[];
  /** with the first chunk: each disposition's timeframe (for the window mode) */
  timeframes?: Record<string, Timeframe>;
}

export interface SweepRequest {
  weekStart: string;
  places: CoveragePlace[];
  /** search distance of each place, in the order of `places` */
  distancesKm: number[];
  dispositions?: string[];
  mode: CoverageMode;
}

export interface SweepMessage {
  kind: 'sweep';
  id: number;
  version: string;
  request: SweepRequest;
}

/** Test hook: the thread waits (as if on a long sweep) until `signal[0]` becomes non-zero. */
export interface HoldMessage {
  kind: 'hold';
  signal: Int32Array;
}

export type ToThread = DirectoryMessage | SweepMessage | HoldMessage;

export type FromThread = { kind: 'swept'; id: number; packed: PackedCoverage; ms: number; threadId: number } | { kind: 'failed'; id: number; message: string };
