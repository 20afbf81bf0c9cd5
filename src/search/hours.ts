// Why this file exists: rule 6 (open in the disposition's window) runs for every candidate that
// passed the cheaper rules, so it must cost a few array reads, not a walk through strings and Date
// objects. Opening times are compiled once per distinct timetable (many services share one) into
// minute pairs, and a per-search `SearchClock` holds the local days the window touches (dates,
// weekdays, bank-holiday flags, midnight instants). `window.ts` states the rule plainly over
// opening-hours.ts; `hours.test.ts` checks that both agree, DST days included.
import type { BankHolidayLookup, Nation, OpeningTimes, Session } from '../directory/opening-hours';
import { DAY, instantOn, localDay, localDayAt, type LocalDay } from '../directory/local-time';
import { CLOSING_MARGIN_MS } from './window';

export const NATIONS: readonly Nation[] = ['england-and-wales', 'scotland', 'northern-ireland'];
export function nationIndex(nation: Nation): number {
  const i = NATIONS.indexOf(nation);
  if (i < 0) throw new RangeError(`unknown nation: ${String(nation)}`);
  return i;
}

/** A timetable as minute pairs [open, close, open, close, …] per day kind, sorted by opening. */
export interface CompiledHours {
  readonly alwaysOpen: boolean;
  /** Monday = 0 … Sunday = 6 */
  readonly weekly: readonly Int16Array[];
  readonly bankHoliday: Int16Array | null;
  readonly specified: ReadonlyMap<string, Int16Array> | null;
}

const ALL_DAY = Int16Array.of(0, 1440);
const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function pairs(sessions: readonly Session[]): Int16Array {
  const list = sessions.map((s) => [minutes(s.open), minutes(s.close)] as const).filter(([o, c]) => c > o);
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Int16Array(list.length * 2);
  list.forEach(([o, c], i) => {
    out[2 * i] = o;
    out[2 * i + 1] = c;
  });
  return out;
}

export function compileHours(times: OpeningTimes): CompiledHours {
  return {
    alwaysOpen: times.alwaysOpen,
    weekly: DAY_KEYS.map((d) => pairs(times.weekly[d] ?? [])),
    bankHoliday: times.bankHoliday === null ? null : pairs(times.bankHoliday),
    specified: times.specifiedDates.length === 0 ? null : new Map(times.specifiedDates.map((d) => [d.date, pairs(d.sessions)])),
  };
}

/** A stable text key of a timetable, to share one compiled form between identical timetables. */
export function hoursKey(times: OpeningTimes): string {
  const day = (s: readonly Session[]) => s.map((x) => `${x.open}-${x.close}`).join(',');
  const weekly = DAY_KEYS.map((d) => day(times.weekly[d] ?? [])).join('|');
  const bank = times.bankHoliday === null ? '~' : day(times.bankHoliday);
  const specified = times.specifiedDates.map((d) => `${d.date}=${day(d.sessions)}`).join(';');
  return `${times.alwaysOpen ? 1 : 0}#${weekly}#${bank}#${specified}`;
}

/**
 * The local days a search looks at, from the day of the search time onwards, with bank-holiday
 * flags per nation looked up once. Also carries the result of the last `fitSpell` call.
 */
export class SearchClock {
  readonly atMs: number;
  private readonly days: LocalDay[];
  private readonly holidays: number[] = [];
  /** start of the spell found by the last successful `fitSpell` */
  spellStart = 0;
  /** end of that spell (only with `follow`); NaN when it runs on beyond 14 days */
  spellEnd = Number.NaN;

  constructor(
    readonly calendar: BankHolidayLookup,
    at: number,
  ) {
    this.atMs = at;
    this.days = [localDayAt(at)];
  }

  day(i: number): LocalDay {
    const days = this.days;
    while (days.length <= i) days.push(localDay(days[0].num + days.length));
    return days[i];
  }

  isBankHoliday(i: number, nation: number): boolean {
    const k = i * 3 + nation;
    let v = this.holidays[k];
    if (v === undefined) {
      v = this.calendar.isBankHoliday(NATIONS[nation], this.day(i).date) ? 1 : 0;
      while (this.holidays.length < k) this.holidays.push(-1);
      this.holidays[k] = v;
    } else if (v === -1) {
      v = this.calendar.isBankHoliday(NATIONS[nation], this.day(i).date) ? 1 : 0;
      this.holidays[k] = v;
    }
    return v === 1;
  }
}

function sessionsOn(c: CompiledHours, clock: SearchClock, i: number, day: LocalDay, nation: number): Int16Array {
  if (c.specified !== null) {
    const hit = c.specified.get(day.date);
    if (hit !== undefined) return hit;
  }
  if (c.alwaysOpen) return ALL_DAY;
  if (c.bankHoliday !== null && clock.isBankHoliday(i, nation)) return c.bankHoliday;
  return c.weekly[day.weekday];
}

const FOLLOW_DAYS_MS = 14 * DAY;

/**
 * Rule 6 over a compiled timetable: is there an open spell that starts by `endMs` and ends at or
 * after the search time + 30 min? On success `clock.spellStart` is its start; with `follow`,
 * `clock.spellEnd` is its end following sessions that run on across midnight (NaN if it is still
 * open 14 days after its anchor — the search time if open then, else its start — as `nextClosing`).
 */
export function fitSpell(clock: SearchClock, c: CompiledHours, nation: number, endMs: number, follow: boolean): boolean {
  const atMs = clock.atMs;
  if (c.alwaysOpen && c.specified === null) {
    clock.spellStart = clock.day(0).startMs;
    clock.spellEnd = Number.NaN;
    return true;
  }
  const need = atMs + CLOSING_MARGIN_MS;
  let curS = Number.NEGATIVE_INFINITY;
  let curE = Number.NEGATIVE_INFINITY;
  let found = false;
  let horizon = Number.POSITIVE_INFINITY;
  for (let i = 0; ; i++) {
    const day = clock.day(i);
    if (found) {
      if (day.startMs > curE) break; // the spell ended before this day
    } else if (day.startMs > endMs && day.startMs > curE) {
      return false; // nothing can start inside the window any more
    }
    const arr = sessionsOn(c, clock, i, day, nation);
    for (let k = 0; k < arr.length; k += 2) {
      const s = instantOn(day, arr[k]);
      const e = instantOn(day, arr[k + 1]);
      if (e <= s) continue;
      if (s <= curE) {
        if (e > curE) curE = e;
      } else {
        if (found) {
          clock.spellEnd = curE;
          return true;
        }
        if (s > endMs) return false;
        curS = s;
        curE = e;
      }
      if (!found && curE >= need) {
        found = true;
        clock.spellStart = curS;
        if (!follow) return true;
        horizon = Math.max(curS, atMs) + FOLLOW_DAYS_MS;
      }
    }
    if (found && curE > horizon) {
      clock.spellEnd = Number.NaN;
      return true;
    }
  }
  clock.spellEnd = curE;
  return true;
}
