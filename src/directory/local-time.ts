// Why this file exists: every question about opening times, in the directory and in the search,
// turns on Europe/London wall-clock time, and the search asks it for thousands of services per
// request. One wall-clock model serves both (a wall time that does not exist maps forward to the
// moment the clocks change, an ambiguous one to the earlier instant, "24:00" is the next day's
// start): offsets come from luxon's IANA zone, and each local day's midnights are computed once and
// cached, so a question about a day is a Map lookup and a little arithmetic.
import { IANAZone } from 'luxon';

export const ZONE_NAME = 'Europe/London';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Monday = 0 … Sunday = 6, the order of `LocalDay.weekday`. */
export const Weekdays: readonly Weekday[] = Object.freeze(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const WEEKDAY_LABELS: readonly string[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const zone = IANAZone.create(ZONE_NAME);
if (!zone.isValid) throw new Error(`time zone ${ZONE_NAME} is not available in this runtime`);

function offsetMs(t: number): number {
  return zone.offset(t) * MINUTE;
}

/**
 * The instant of a local wall time given as ms since 1970-01-01T00:00 local. Non-existent → the
 * first valid instant after the gap; ambiguous → the earlier instant. Assumes at most one offset
 * change within 12 hours of the wall time (true for Europe/London).
 */
export function wallToInstant(wall: number): number {
  const before = offsetMs(wall - 12 * HOUR);
  const after = offsetMs(wall + 12 * HOUR);
  const c1 = wall - before;
  const c2 = wall - after;
  const ok1 = offsetMs(c1) === before;
  const ok2 = before !== after && offsetMs(c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  // In a gap (clocks went forward): the transition lies in (wall - after, wall - before].
  let lo = Math.min(c1, c2); // offset here is the old one
  let hi = Math.max(c1, c2); // offset here is the new one
  const atHi = offsetMs(hi);
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (offsetMs(mid) === atHi) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** One local calendar day in Europe/London. */
export interface LocalDay {
  /** days since 1970-01-01 in the local calendar */
  readonly num: number;
  /** YYYY-MM-DD */
  readonly date: string;
  /** Monday = 0 … Sunday = 6 */
  readonly weekday: number;
  /** instant of local 00:00 */
  readonly startMs: number;
  /** instant of local 24:00 */
  readonly endMs: number;
  /** the clocks change during this day (23 or 25 hours long) */
  readonly changes: boolean;
}

const cache = new Map<number, LocalDay>();
const CACHE_LIMIT = 20_000;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function localDay(num: number): LocalDay {
  const hit = cache.get(num);
  if (hit) return hit;
  const d = new Date(num * DAY);
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const startMs = wallToInstant(num * DAY);
  const endMs = wallToInstant((num + 1) * DAY);
  const day: LocalDay = { num, date, weekday: (d.getUTCDay() + 6) % 7, startMs, endMs, changes: endMs - startMs !== DAY };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(num, day);
  return day;
}

/** The local day containing instant `t` (Europe/London is UTC+0 or UTC+1, so the guess is close). */
export function localDayAt(t: number): LocalDay {
  let day = localDay(Math.floor((t + HOUR) / DAY));
  while (t < day.startMs) day = localDay(day.num - 1);
  while (t >= day.endMs) day = localDay(day.num + 1);
  return day;
}

/** The local day of a date written YYYY-MM-DD. */
export function localDayOfDate(date: string): LocalDay {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`invalid local date (want YYYY-MM-DD): ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = localDay(ms / DAY);
  if (day.date !== date) throw new RangeError(`invalid local date: ${date}`);
  return day;
}

/** Instant of `minutes` after local midnight on `day` (1440 = the end of the day). */
export function instantOn(day: LocalDay, minutes: number): number {
  if (minutes <= 0) return day.startMs;
  if (minutes >= 1440) return day.endMs;
  if (!day.changes) return day.startMs + minutes * MINUTE;
  return wallToInstant(day.num * DAY + minutes * MINUTE);
}

/** Local wall-clock minutes after midnight of instant `t` (within its local day). */
export function wallMinutes(t: number, day: LocalDay = localDayAt(t)): number {
  if (!day.changes) return Math.floor((t - day.startMs) / MINUTE);
  return Math.floor((t + offsetMs(t) - day.num * DAY) / MINUTE);
}

/** 0 = Monday 00:00–01:00 London time … 167 = Sunday 23:00–24:00. */
export function localHourOfWeek(t: number): number {
  const day = localDayAt(t);
  return day.weekday * 24 + Math.floor(wallMinutes(t, day) / 60);
}

export function formatMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** "HH:MM" local time of an instant. */
export function localTime(t: number): string {
  return formatMinutes(wallMinutes(t));
}

/**
 * A local time for a sentence about a moment after `from`: "19:00" on the same local day,
 * "Tue 08:00" within the next six days, "Tue 2 Jun 08:00" beyond.
 */
export function localTimeFrom(t: number, from: number): string {
  const day = localDayAt(t);
  const time = formatMinutes(wallMinutes(t, day));
  const fromDay = localDayAt(from);
  if (day.num === fromDay.num) return time;
  // The end of a spell at local midnight reads better as "24:00" of the day before.
  if (t === day.startMs && day.num === fromDay.num + 1) return '24:00';
  if (day.num - fromDay.num < 7) return `${WEEKDAY_LABELS[day.weekday]} ${time}`;
  const d = new Date(day.num * DAY);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${WEEKDAY_LABELS[day.weekday]} ${d.getUTCDate()} ${month} ${time}`;
}

/** 0 = Monday 00:00–01:00 London time … 167 = Sunday 23:00–24:00. */
export function hourOfWeekAt(at: Date): number {
  return localHourOfWeek(at.getTime());
}
