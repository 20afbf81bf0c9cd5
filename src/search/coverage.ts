// Why this file exists: commissioners need to see where and when NO service can be offered for an
// outcome — e.g. "a catheter problem at 18:00 on a weekday in Thanet" — before patients meet the
// hole. This is a static sweep of the directory for one week: for every (disposition, symptom
// group, discriminator) triple some active service accepts, every place and every slot, is at
// least one active service within the place's distance, allowed in its area, that accepts the
// triple and is open then? Eligibility, referral role and live capacity are ignored on purpose:
// this is about what is commissioned, not about today's state.
//
// Definition of "open then" (mode):
//  - 'open-now' (default): open at the slot start and not closing within 30 minutes. The search's
//    window rule would let a service opening later in a long window cover the slot (a 19:00 night
//    service "covers" an 18:00 Dx110 search, 4 h), which would hide real holes in the day.
//  - 'window': the search's window rule (rule 6) for each disposition's timeframe.
//
// Fast: each timetable becomes a bitmask of the week's slots once; for each place the masks of
// the services in reach are OR-ed into one accumulator per triple; what stays 0 is uncovered.
// A place with no service in reach at all is listed once (placesWithoutServices), not as a range
// for every triple and day. Still seconds for a region: the server runs it in a worker thread
// (src/insight/coverage.ts, docs/decisions/0015).
import type { Nation, OpeningTimes } from '../directory/opening-hours';
import { openIntervals } from '../directory/opening-hours';
import type { Service } from '../directory/model';
import { distanceKm as haversineKm } from '../geo/distance';
import type { BankHolidayLookup } from '../directory/opening-hours';
import type { Disposition } from '../directory/catalogue';
import { formatMinutes, localDay, localDayOfDate, MINUTE, wallMinutes, WEEKDAY_LABELS, type LocalDay } from '../directory/local-time';
import { CLOSING_MARGIN_MS, windowEndMs } from './window';

export type CoverageMode = 'open-now' | 'window';

export interface CoveragePlace {
  areaCode: string;
  lat: number;
  lon: number;
  name: string;
}

export interface CoverageOptions {
  /** a Monday, local date YYYY-MM-DD */
  weekStart: string;
  places: readonly CoveragePlace[];
  /** only these dispositions (default: every disposition some service accepts) */
  dispositions?: readonly string[];
  /** search distance for a place (default 60 km, the national default) */
  distanceKm?: (place: CoveragePlace) => number;
  /** slot length in minutes (default 30) */
  slotMinutes?: number;
  mode?: CoverageMode;
  /** called after each place: lets a background thread pause so that it never takes a whole core */
  afterPlace?: () => void;
}

export interface CoverageGap {
  disposition: string;
  symptomGroup: number;
  discriminator: string;
  areaCode: string;
  place: string;
  from: Date;
  to: Date;
  /** e.g. "Mon 17:30–19:00" (local time; a range never crosses local midnight) */
  label: string;
}

export interface CoverageReport {
  weekStart: string;
  from: Date;
  to: Date;
  mode: CoverageMode;
  slotMinutes: number;
  gaps: CoverageGap[];
  /**
   * Places with no active service in reach (and allowed there) for any disposition swept: every need
   * is uncovered all week, so they are listed once here instead of as one range per need and day.
   */
  placesWithoutServices: CoveragePlace[];
  totals: {
    /** (disposition, symptom group, discriminator) triples some active service accepts */
    triples: number;
    places: number;
    /** slots in the week (46/50 on a clock-change day instead of 48) */
    slots: number;
    /** triple × place × slot checks */
    checked: number;
    uncoveredSlots: number;
    /** gap ranges reported */
    ranges: number;
    /** (triple, place) pairs with at least one uncovered slot (places without services not counted) */
    triplePlacesWithGaps: number;
    placesWithoutServices: number;
  };
}

/**
 * What the sweep reads of a directory: its services, the dispositions' timeframes and the bank
 * holidays. The live DirectoryIndex is one; a copy of the directory in a worker thread is another.
 */
export interface CoverageDirectory {
  services(): Iterable<CoverageService>;
  catalogue: { disposition(code: string): Pick<Disposition, 'timeframe'> | undefined };
  calendar: BankHolidayLookup;
}

/** The parts of a service the sweep reads. */
export type CoverageService = Pick<Service, 'status' | 'lat' | 'lon' | 'nation' | 'openingTimes' | 'coverage' | 'areas'>;

export const DEFAULT_COVERAGE_DISTANCE_KM = 60;

/** The slots of one week. */
export interface Slots {
  starts: Float64Array;
  /** index into `days` of each slot */
  dayOf: Int32Array;
  days: LocalDay[];
  words: number;
}

function weekSlots(weekStart: string, slotMinutes: number): Slots {
  const first = localDayOfDate(weekStart);
  if (first.weekday !== 0) throw new RangeError(`weekStart must be a Monday: ${weekStart} is a ${WEEKDAY_LABELS[first.weekday]}`);
  const days: LocalDay[] = [first];
  const starts: number[] = [];
  const dayOf: number[] = [];
  const step = slotMinutes * MINUTE;
  for (let d = 0; d < 7; d++) {
    const day = d === 0 ? first : localDay(first.num + d);
    if (d > 0) days.push(day);
    for (let t = day.startMs; t < day.endMs; t += step) {
      starts.push(t);
      dayOf.push(d);
    }
  }
  return { starts: Float64Array.from(starts), dayOf: Int32Array.from(dayOf), days, words: Math.ceil(starts.length / 32) };
}

/**
 * The week's slots a timetable covers, as a bitmask: a slot starting at t is covered if an open
 * spell starting by `windowEnds[i]` (the slot's window end; t itself for "open now") ends at or
 * after t + 30 min.
 */
export function coveredSlots(times: OpeningTimes, nation: Nation, slots: Slots, windowEnds: Float64Array, calendar: BankHolidayLookup): Uint32Array {
  const n = slots.starts.length;
  const mask = new Uint32Array(slots.words);
  const from = new Date(slots.starts[0]);
  let last = 0;
  for (let i = 0; i < n; i++) if (windowEnds[i] > last) last = windowEnds[i];
  const to = new Date(last + CLOSING_MARGIN_MS + 60 * MINUTE);
  const spells = openIntervals(times, nation, from, to, calendar);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const t = slots.starts[i];
    const need = t + CLOSING_MARGIN_MS;
    while (p < spells.length && spells[p].end.getTime() < need) p++;
    if (p === spells.length) break;
    if (spells[p].start.getTime() <= windowEnds[i]) mask[i >> 5] |= 1 << (i & 31);
  }
  return mask;
}

/** What a sweep found, before its ranges are turned into anything: codes by index, and the week's slots. */
export interface CoverageSweep {
  weekStart: string;
  mode: CoverageMode;
  slotMinutes: number;
  slots: Slots;
  dxCodes: string[];
  pairSg: number[];
  pairSd: string[];
  placesWithoutServices: CoveragePlace[];
  totals: CoverageReport['totals'];
}

/**
 * Receives each uncovered range as it is found: disposition and pair indexes (into the sweep's
 * dxCodes / pairSg+pairSd), the place's index in `options.places`, and slots [from, to) of one local
 * day. Ranges come grouped by (place, disposition, pair), in slot order within a group.
 */
export type RangeSink = (d: number, p: number, place: number, from: number, to: number) => void;

/** Where and when, in one week, no service in reach accepts a triple and is open. */
export function coverageGaps(index: CoverageDirectory, options: CoverageOptions): CoverageReport {
  const found: number[] = [];
  const sweep = sweepCoverage(index, options, (d, p, place, i, j) => found.push(d, p, place, i, j));
  const gaps: CoverageGap[] = [];
  for (let k = 0; k < found.length; k += 5) {
    const [d, p, place, i, j] = found.slice(k, k + 5);
    gaps.push(rangeOf(sweep.slots, i, j, sweep.dxCodes[d], sweep.pairSg[p], sweep.pairSd[p], options.places[place]));
  }
  gaps.sort(
    (a, b) =>
      cmp(a.disposition, b.disposition) ||
      a.symptomGroup - b.symptomGroup ||
      cmp(a.discriminator, b.discriminator) ||
      cmp(a.areaCode, b.areaCode) ||
      cmp(a.place, b.place) ||
      a.from.getTime() - b.from.getTime(),
  );
  return {
    weekStart: sweep.weekStart,
    from: new Date(sweep.slots.days[0].startMs),
    to: new Date(sweep.slots.days[6].endMs),
    mode: sweep.mode,
    slotMinutes: sweep.slotMinutes,
    gaps,
    placesWithoutServices: sweep.placesWithoutServices,
    totals: sweep.totals,
  };
}

/** The sweep itself: every uncovered range goes to `sink` (no objects made per range). */
export function sweepCoverage(index: CoverageDirectory, options: CoverageOptions, sink: RangeSink): CoverageSweep {
  const slotMinutes = options.slotMinutes ?? 30;
  if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 240) throw new RangeError(`slotMinutes must be a whole number from 5 to 240, got ${slotMinutes}`);
  const mode: CoverageMode = options.mode ?? 'open-now';
  const slots = weekSlots(options.weekStart, slotMinutes);
  const S = slots.starts.length;
  const W = slots.words;
  const wanted = options.dispositions ? new Set(options.dispositions) : null;

  // Registries of dispositions and (sg, sd) pairs, and each active service's lists.
  const dxCodes: string[] = [];
  const dxIndex = new Map<string, number>();
  const pairSg: number[] = [];
  const pairSd: string[] = [];
  const pairIndex = new Map<string, number>();
  const dxCache = new WeakMap<readonly string[], Int32Array>();
  const pairCache = new WeakMap<object, Int32Array>();
  const active: { s: CoverageService; dx: Int32Array; pairs: Int32Array }[] = [];
  for (const s of index.services()) {
    if (s.status !== 'active') continue;
    let dx = dxCache.get(s.coverage.dispositions);
    if (!dx) {
      const list: number[] = [];
      for (const code of s.coverage.dispositions) {
        if (wanted && !wanted.has(code)) continue;
        let i = dxIndex.get(code);
        if (i === undefined) {
          dxIndex.set(code, (i = dxCodes.length));
          dxCodes.push(code);
        }
        list.push(i);
      }
      dxCache.set(s.coverage.dispositions, (dx = Int32Array.from(list)));
    }
    if (dx.length === 0) continue;
    let pairs = pairCache.get(s.coverage.symptoms);
    if (!pairs) {
      pairs = Int32Array.from(s.coverage.symptoms, (p) => {
        const key = `${p.sg}/${p.sd}`;
        let i = pairIndex.get(key);
        if (i === undefined) {
          pairIndex.set(key, (i = pairSg.length));
          pairSg.push(p.sg);
          pairSd.push(p.sd);
        }
        return i;
      });
      pairCache.set(s.coverage.symptoms, pairs);
    }
    active.push({ s, dx, pairs });
  }
  const D = dxCodes.length;
  const P = pairSg.length;
  const exists = new Uint8Array(D * P);
  for (const { dx, pairs } of active) for (const d of dx) for (const p of pairs) exists[d * P + p] = 1;
  let triples = 0;
  for (let i = 0; i < exists.length; i++) triples += exists[i];

  // The timeframe per disposition (null = open now), and each slot's window end per (nation,
  // timeframe): working days end with the Nth working day of the service's nation, as in a search.
  const timeframeOf = dxCodes.map((code) => (mode === 'open-now' ? null : (index.catalogue.disposition(code)?.timeframe ?? null)));
  const windowEndsCache = new Map<string, Float64Array>();
  const windowEndsFor = (nation: Nation, d: number): Float64Array => {
    const timeframe = timeframeOf[d];
    const key = `${nation}/${timeframe ? JSON.stringify(timeframe) : 'now'}`;
    let ends = windowEndsCache.get(key);
    if (!ends) windowEndsCache.set(key, (ends = timeframe ? slots.starts.map((t) => windowEndMs(t, timeframe, index.calendar, nation)) : slots.starts));
    return ends;
  };

  // Slot masks per (timetable, window ends).
  const maskCache = new Map<OpeningTimes, Map<Float64Array, Uint32Array>>();
  const maskFor = (s: CoverageService, d: number): Uint32Array => {
    let byEnds = maskCache.get(s.openingTimes);
    if (!byEnds) maskCache.set(s.openingTimes, (byEnds = new Map()));
    const ends = windowEndsFor(s.nation, d);
    let m = byEnds.get(ends);
    if (!m) byEnds.set(ends, (m = coveredSlots(s.openingTimes, s.nation, slots, ends, index.calendar)));
    return m;
  };

  let ranges = 0;
  let uncoveredSlots = 0;
  let triplePlacesWithGaps = 0;
  const acc = new Uint32Array(D * P * W);
  const full = new Uint32Array(W);
  for (let i = 0; i < S; i++) full[i >> 5] |= 1 << (i & 31);

  const placesWithoutServices: CoveragePlace[] = [];
  for (let placeIndex = 0; placeIndex < options.places.length; placeIndex++) {
    const place = options.places[placeIndex];
    acc.fill(0);
    const km = options.distanceKm ? options.distanceKm(place) : DEFAULT_COVERAGE_DISTANCE_KM;
    let inReach = 0;
    for (const { s, dx, pairs } of active) {
      if (haversineKm(place.lat, place.lon, s.lat, s.lon) > km) continue;
      const limited = s.areas.limitedTo;
      if (limited.length > 0 && !limited.includes(place.areaCode) && !s.areas.promotedInto.includes(place.areaCode)) continue;
      inReach++;
      for (const d of dx) {
        const mask = maskFor(s, d);
        for (const p of pairs) {
          const base = (d * P + p) * W;
          for (let w = 0; w < W; w++) acc[base + w] |= mask[w];
        }
      }
    }
    if (inReach === 0) {
      placesWithoutServices.push(place);
      options.afterPlace?.();
      continue;
    }
    for (let d = 0; d < D; d++) {
      for (let p = 0; p < P; p++) {
        if (!exists[d * P + p]) continue;
        const base = (d * P + p) * W;
        let any = false;
        for (let w = 0; w < W; w++) if ((~acc[base + w] & full[w]) !== 0) any = true;
        if (!any) continue;
        triplePlacesWithGaps++;
        // Runs of uncovered slots, split at local midnight.
        let runStart = -1;
        for (let i = 0; i <= S; i++) {
          const uncovered = i < S && (acc[base + (i >> 5)] & (1 << (i & 31))) === 0;
          if (uncovered) uncoveredSlots++;
          const breaks = runStart >= 0 && (!uncovered || slots.dayOf[i] !== slots.dayOf[runStart]);
          if (breaks) {
            sink(d, p, placeIndex, runStart, i);
            ranges++;
            runStart = -1;
          }
          if (uncovered && runStart < 0) runStart = i;
        }
      }
    }
    options.afterPlace?.();
  }

  return {
    weekStart: options.weekStart,
    mode,
    slotMinutes,
    slots,
    dxCodes,
    pairSg,
    pairSd,
    placesWithoutServices,
    totals: {
      triples,
      places: options.places.length,
      slots: S,
      checked: triples * options.places.length * S,
      uncoveredSlots,
      ranges,
      triplePlacesWithGaps,
      placesWithoutServices: placesWithoutServices.length,
    },
  };
}

/** Plain string order (not locale order), as the sweep sorts its codes. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The end instant of slots [i, j) of one local day. */
export function rangeEndMs(slots: Slots, i: number, j: number): number {
  return j < slots.starts.length && slots.dayOf[j] === slots.dayOf[i] ? slots.starts[j] : slots.days[slots.dayOf[i]].endMs;
}

/** e.g. "Mon 17:30–19:00" for slots [i, j) of one local day. */
export function rangeLabel(slots: Slots, i: number, j: number): string {
  const day = slots.days[slots.dayOf[i]];
  const toMs = rangeEndMs(slots, i, j);
  const toLabel = toMs >= day.endMs ? '24:00' : formatMinutes(wallMinutes(toMs, day));
  return `${WEEKDAY_LABELS[day.weekday]} ${formatMinutes(wallMinutes(slots.starts[i], day))}–${toLabel}`;
}

/** Slots [i, j) of one local day as a gap range. */
function rangeOf(slots: Slots, i: number, j: number, disposition: string, sg: number, sd: string, place: CoveragePlace): CoverageGap {
  return {
    disposition,
    symptomGroup: sg,
    discriminator: sd,
    areaCode: place.areaCode,
    place: place.name,
    from: new Date(slots.starts[i]),
    to: new Date(rangeEndMs(slots, i, j)),
    label: rangeLabel(slots, i, j),
  };
}
