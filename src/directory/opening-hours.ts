// Why this file exists: "is this service open now / when does it open / when does it close" decides
// whether a patient is sent there, so it must be right on the two days a year when Europe/London
// changes its clocks, and cheap enough to run for every service in a search. It is pure (no clock,
// no I/O): the caller passes the instant, and the bank-holiday calendar is injected.
//
// Wall-clock rules (stated by the product, not luxon's defaults — luxon shifts a non-existent time
// by the size of the gap and resolves an ambiguous time to the later instant):
// - a wall time that does not exist (01:30 on the last Sunday of March) maps forward to the first
//   valid instant (the moment the clocks go forward, 01:00Z);
// - an ambiguous wall time (01:30 on the last Sunday of October) maps to the earlier instant;
// - "24:00" is the start of the next local day, so 00:00–24:00 lasts 23 or 25 hours on change days.
// The wall-clock model itself (offsets, local days, wall time → instant) is `local-time.ts`, shared
// with the search; on an ordinary day a session time is just midnight + minutes.
import { z } from 'zod';
import { NationSchema, type Nation } from '../geo/nation';
import { DAY, instantOn, localDay, localDayAt, localDayOfDate, MINUTE, Weekdays, type LocalDay, type Weekday } from './local-time';

export { ZONE_NAME, Weekdays, type Weekday } from './local-time';
// A nation decides the bank holidays; it is geo's, re-exported because every caller here needs it.
export { Nations, NationSchema, type Nation } from '../geo/nation';


/** Local wall-clock "HH:MM"; close may be "24:00" (end of day); open < close; never crosses midnight. */
export interface Session {
  open: string;
  close: string;
}

export interface SpecifiedDate {
  /** local date YYYY-MM-DD */
  date: string;
  /** [] = closed all day */
  sessions: Session[];
  note?: string;
}

export interface OpeningTimes {
  /** the 24/7 flag */
  alwaysOpen: boolean;
  /** several sessions a day allowed */
  weekly: Record<Weekday, Session[]>;
  /** replaces the weekday on a bank holiday; [] = closed on bank holidays; null = treat like the ordinary weekday */
  bankHoliday: Session[] | null;
  /** override everything (including 24/7) for that date */
  specifiedDates: SpecifiedDate[];
}

/** What the evaluation needs from a calendar; `BankHolidayCalendar` satisfies it. */
export interface BankHolidayLookup {
  isBankHoliday(nation: Nation, localDate: string): boolean;
}

export interface Interval {
  start: Date;
  end: Date;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const OPEN_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CLOSE_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidOpen(s: unknown): s is string {
  return typeof s === 'string' && OPEN_RE.test(s);
}
function isValidClose(s: unknown): s is string {
  return typeof s === 'string' && CLOSE_RE.test(s) && s !== '00:00';
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export const SessionSchema = z
  .object({
    open: z.string().refine(isValidOpen, { message: 'open must be a time HH:MM from 00:00 to 23:59' }),
    close: z.string().refine(isValidClose, { message: 'close must be a time HH:MM from 00:01 to 24:00' }),
  })
  .superRefine((s, ctx) => {
    if (isValidOpen(s.open) && isValidClose(s.close) && minutesOf(s.close) <= minutesOf(s.open)) {
      ctx.addIssue({
        code: 'custom',
        path: ['close'],
        message: `session crosses midnight or ends before it starts (${s.open}–${s.close}); a session must close after it opens on the same day — split an overnight session at 24:00 and 00:00`,
      });
    }
  });

/** The sessions of one day: each valid, none overlapping (touching, e.g. 08:00–12:00 and 12:00–18:00, is allowed). */
export const DaySessionsSchema = z.array(SessionSchema).superRefine((sessions, ctx) => {
  const valid: { i: number; o: number; c: number }[] = [];
  sessions.forEach((s, i) => {
    if (isValidOpen(s.open) && isValidClose(s.close)) {
      const o = minutesOf(s.open);
      const c = minutesOf(s.close);
      if (o < c) valid.push({ i, o, c });
    }
  });
  valid.sort((a, b) => a.o - b.o || a.i - b.i);
  let prev: { i: number; o: number; c: number } | undefined;
  for (const cur of valid) {
    if (prev && cur.o < prev.c) {
      const p = sessions[prev.i];
      const s = sessions[cur.i];
      // Report at the session that starts later (or, for equal starts, the one listed later).
      ctx.addIssue({
        code: 'custom',
        path: [cur.i, 'open'],
        message: `session ${s.open}–${s.close} overlaps session ${prev.i} (${p.open}–${p.close}) on the same day`,
      });
    }
    if (!prev || cur.c > prev.c) prev = cur;
  }
});

export const SpecifiedDateSchema = z.object({
  date: z.string().refine(isValidLocalDate, { message: 'date must be a valid calendar date YYYY-MM-DD' }),
  sessions: DaySessionsSchema,
  note: z.string().optional(),
});

export const WeeklySchema = z.object({
  mon: DaySessionsSchema,
  tue: DaySessionsSchema,
  wed: DaySessionsSchema,
  thu: DaySessionsSchema,
  fri: DaySessionsSchema,
  sat: DaySessionsSchema,
  sun: DaySessionsSchema,
});

export const OpeningTimesSchema = z.object({
  alwaysOpen: z.boolean(),
  weekly: WeeklySchema,
  bankHoliday: DaySessionsSchema.nullable(),
  specifiedDates: z.array(SpecifiedDateSchema).superRefine((dates, ctx) => {
    const seen = new Map<string, number>();
    dates.forEach((d, i) => {
      if (typeof d.date !== 'string') return;
      const first = seen.get(d.date);
      if (first === undefined) seen.set(d.date, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `duplicate specified date ${d.date} (already given at specifiedDates.${first})` });
    });
  }),
});


// Compile-time guard that the schemas and the hand-written interfaces agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemasMatchTypes: [
  Same<z.output<typeof SessionSchema>, Session>,
  Same<z.output<typeof SpecifiedDateSchema>, SpecifiedDate>,
  Same<z.output<typeof OpeningTimesSchema>, OpeningTimes>,
  Same<z.output<typeof NationSchema>, Nation>,
] = [true, true, true, true];
void _schemasMatchTypes;

export function emptyWeek(): Record<Weekday, Session[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

export function alwaysOpenTimes(): OpeningTimes {
  return { alwaysOpen: true, weekly: emptyWeek(), bankHoliday: null, specifiedDates: [] };
}

// ---------------------------------------------------------------------------------------------
// Session times
// ---------------------------------------------------------------------------------------------

// "HH:MM" → minutes after midnight. There are at most 1,441 distinct strings, so a plain memo
// spares re-parsing the same few strings for every service on every search.
const minutesMemo = new Map<string, number>();

function minutesOf(hhmm: string): number {
  const hit = minutesMemo.get(hhmm);
  if (hit !== undefined) return hit;
  if (!CLOSE_RE.test(hhmm)) throw new RangeError(`invalid time (want HH:MM): ${hhmm}`);
  const m = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  minutesMemo.set(hhmm, m);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

const ALL_DAY: readonly Session[] = Object.freeze([Object.freeze({ open: '00:00', close: '24:00' })]);

function findSpecified(times: OpeningTimes, date: string): SpecifiedDate | undefined {
  const list = times.specifiedDates;
  for (let i = 0; i < list.length; i++) if (list[i].date === date) return list[i];
  return undefined;
}

/** Precedence: specified date → 24/7 → bank holiday → weekly. */
function sessionsFor(times: OpeningTimes, nation: Nation, day: LocalDay, calendar: BankHolidayLookup): readonly Session[] {
  if (times.specifiedDates.length > 0) {
    const specified = findSpecified(times, day.date);
    if (specified) return specified.sessions;
  }
  if (times.alwaysOpen) return ALL_DAY;
  if (times.bankHoliday !== null && calendar.isBankHoliday(nation, day.date)) return times.bankHoliday;
  return times.weekly[Weekdays[day.weekday]];
}

/** The sessions that apply on a local date, after precedence; 24/7 gives one 00:00–24:00 session. */
export function sessionsOnLocalDate(times: OpeningTimes, nation: Nation, localDate: string, calendar: BankHolidayLookup): Session[] {
  return sessionsFor(times, nation, localDayOfDate(localDate), calendar).map((s) => ({ open: s.open, close: s.close }));
}

/** Non-empty [start, end) instants of a day's sessions, sorted by start (not merged). */
function dayIntervals(times: OpeningTimes, nation: Nation, day: LocalDay, calendar: BankHolidayLookup): number[][] {
  const sessions = sessionsFor(times, nation, day, calendar);
  const out: number[][] = [];
  for (const s of sessions) {
    const start = instantOn(day, minutesOf(s.open));
    const end = instantOn(day, minutesOf(s.close));
    if (end > start) out.push([start, end]);
  }
  if (out.length > 1) out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}

function instantOf(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid Date`);
  return t;
}

function horizonEndOf(t: number, horizonDays: number): number {
  if (!Number.isFinite(horizonDays) || horizonDays < 0) throw new RangeError(`horizonDays must be a finite number ≥ 0, got ${horizonDays}`);
  return t + horizonDays * DAY;
}

export function isOpenAt(times: OpeningTimes, nation: Nation, at: Date, calendar: BankHolidayLookup): boolean {
  const t = instantOf(at, 'at');
  const day = localDayAt(t);
  const sessions = sessionsFor(times, nation, day, calendar);
  if (!day.changes) {
    const minute = (t - day.startMs) / MINUTE; // may be fractional
    for (const s of sessions) if (minutesOf(s.open) <= minute && minute < minutesOf(s.close)) return true;
    return false;
  }
  for (const s of sessions) {
    if (instantOn(day, minutesOf(s.open)) <= t && t < instantOn(day, minutesOf(s.close))) return true;
  }
  return false;
}

/** Open spells within [from, to): clipped to the window, adjacent or overlapping spells merged. */
export function openIntervals(times: OpeningTimes, nation: Nation, from: Date, to: Date, calendar: BankHolidayLookup): Interval[] {
  const lo = instantOf(from, 'from');
  const hi = instantOf(to, 'to');
  const merged: number[][] = [];
  if (!(hi > lo)) return [];
  for (let day = localDayAt(lo); day.startMs < hi; day = localDay(day.num + 1)) {
    for (const [s0, e0] of dayIntervals(times, nation, day, calendar)) {
      const s = Math.max(s0, lo);
      const e = Math.min(e0, hi);
      if (e <= s) continue;
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) {
        if (e > last[1]) last[1] = e;
      } else merged.push([s, e]);
    }
  }
  return merged.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
}

/** `from` if open then; otherwise the next opening before `from + horizonDays`; null if none. */
export function nextOpening(times: OpeningTimes, nation: Nation, from: Date, calendar: BankHolidayLookup, horizonDays = 14): Date | null {
  const t = instantOf(from, 'from');
  const horizon = horizonEndOf(t, horizonDays);
  for (let day = localDayAt(t); day.startMs < horizon; day = localDay(day.num + 1)) {
    for (const [s, e] of dayIntervals(times, nation, day, calendar)) {
      if (e <= t) continue;
      if (s <= t) return from;
      return s < horizon ? new Date(s) : null;
    }
  }
  return null;
}

/**
 * When the open spell that includes `from` ends, following sessions that run on without a break
 * (e.g. 18:00–24:00 then 00:00–08:00 the next day). Null if closed at `from`, or if the service is
 * still open at `from + horizonDays` (e.g. 24/7).
 */
export function nextClosing(times: OpeningTimes, nation: Nation, from: Date, calendar: BankHolidayLookup, horizonDays = 14): Date | null {
  const t = instantOf(from, 'from');
  const horizon = horizonEndOf(t, horizonDays);
  let end = Number.NaN; // end of the current spell once found
  for (let day = localDayAt(t); ; day = localDay(day.num + 1)) {
    if (!Number.isNaN(end) && day.startMs > end) break; // a gap before this day: the spell is over
    for (const [s, e] of dayIntervals(times, nation, day, calendar)) {
      if (Number.isNaN(end)) {
        if (s <= t && t < e) end = e;
      } else if (s <= end) {
        if (e > end) end = e;
      } else {
        break; // a later session after a gap
      }
    }
    if (Number.isNaN(end)) return null; // closed at `from`
    if (end > horizon) return null; // open beyond the horizon
  }
  return new Date(end);
}
