// Why this file exists: bank holidays differ by nation and move (Easter, substitute days, one-off
// royal occasions), so we take them from a maintained library (`date-holidays`) instead of a
// hand-kept table, and let the DoS lead correct it with overrides when a new one-off holiday is
// proclaimed before the library catches up. `isBankHoliday` sits on the directory-search hot path
// (once per service per search), so each nation+year is computed once and then answered from a Set.
//
// Two things about date-holidays that this file corrects for (checked against 3.37, GB data):
// - `getHolidays()` also returns observances (Mother's Day, Easter Sunday, Father's Day): only
//   `type === 'public'` entries are bank holidays.
// - When a holiday falls at a weekend the library returns BOTH the weekend date (e.g. Boxing Day,
//   Saturday 26 Dec 2026) and the substitute weekday (Monday 28 Dec 2026, `substitute: true`). The
//   official list (gov.uk/bank-holidays) has only the substitute: the weekend date is not a bank
//   holiday, so a service's Saturday hours still apply. We drop a weekend original when the library
//   supplies a substitute for it.
// The `date` field is the local date ("YYYY-MM-DD 00:00:00" in Europe/London); we use its date part
// and never the UTC `start` instant (which is 23:00Z the day before during summer time).
import Holidays from 'date-holidays';
import { isValidLocalDate, type Nation } from './opening-hours';

export interface HolidayOverride {
  nation: Nation;
  /** local date YYYY-MM-DD */
  date: string;
  kind: 'add' | 'remove';
  name?: string;
}

export interface BankHoliday {
  date: string;
  name: string;
}

const STATE: Record<Nation, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

const SUBSTITUTE_SUFFIX = ' (substitute day)';

function isWeekend(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

// The library's rules never change at run time, so one instance per nation and one computed list
// per nation+year are shared by every calendar (overrides are applied per calendar on top).
const libraryInstances = new Map<Nation, Holidays>();
const libraryCache = new Map<Nation, Map<number, readonly BankHoliday[]>>();

function libraryFor(nation: Nation): Holidays {
  let hd = libraryInstances.get(nation);
  if (!hd) {
    hd = new Holidays('GB', STATE[nation], { languages: 'en' });
    libraryInstances.set(nation, hd);
  }
  return hd;
}

/** Bank holidays of one nation and year as the library defines them (before overrides). */
function libraryHolidays(nation: Nation, year: number): readonly BankHoliday[] {
  let byYear = libraryCache.get(nation);
  if (!byYear) {
    byYear = new Map();
    libraryCache.set(nation, byYear);
  }
  const cached = byYear.get(year);
  if (cached) return cached;

  const pub = libraryFor(nation)
    .getHolidays(year, 'en')
    .filter((h) => h.type === 'public');
  const substituted = new Set(
    pub.filter((h) => h.substitute && h.name.endsWith(SUBSTITUTE_SUFFIX)).map((h) => h.name.slice(0, -SUBSTITUTE_SUFFIX.length)),
  );
  const byDate = new Map<string, BankHoliday>();
  for (const h of pub) {
    const date = h.date.slice(0, 10); // local date part of "YYYY-MM-DD hh:mm:ss"
    if (!h.substitute && substituted.has(h.name) && isWeekend(date)) continue;
    const existing = byDate.get(date);
    byDate.set(date, existing ? { date, name: `${existing.name}, ${h.name}` } : { date, name: h.name });
  }
  const list = Object.freeze([...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
  byYear.set(year, list);
  return list;
}

interface YearEntry {
  list: readonly BankHoliday[];
  dates: ReadonlySet<string>;
}

export class BankHolidayCalendar {
  private overrides: HolidayOverride[] = [];
  private readonly cache = new Map<Nation, Map<number, YearEntry>>();

  constructor(overrides: HolidayOverride[] = []) {
    this.setOverrides(overrides);
  }

  /** Replaces all overrides (e.g. after the DoS lead edits them) and drops cached years. */
  setOverrides(overrides: HolidayOverride[]): void {
    for (const o of overrides) {
      if (!(o.nation in STATE)) throw new RangeError(`unknown nation in holiday override: ${String(o.nation)}`);
      if (!isValidLocalDate(o.date)) throw new RangeError(`invalid date in holiday override: ${o.date}`);
      if (o.kind !== 'add' && o.kind !== 'remove') throw new RangeError(`invalid holiday override kind: ${String(o.kind)}`);
    }
    this.overrides = overrides.map((o) => ({ ...o }));
    this.cache.clear();
  }

  isBankHoliday(nation: Nation, localDate: string): boolean {
    // Year from the first four characters: no Date parsing on the hot path.
    const year =
      (localDate.charCodeAt(0) - 48) * 1000 +
      (localDate.charCodeAt(1) - 48) * 100 +
      (localDate.charCodeAt(2) - 48) * 10 +
      (localDate.charCodeAt(3) - 48);
    if (!(year >= 0 && year <= 9999)) return false;
    return this.entry(nation, year).dates.has(localDate);
  }

  /** Bank holidays of a nation in a year, sorted by date, with overrides applied. */
  holidays(nation: Nation, year: number): BankHoliday[] {
    return this.entry(nation, year).list.map((h) => ({ ...h }));
  }

  private entry(nation: Nation, year: number): YearEntry {
    let byYear = this.cache.get(nation);
    if (!byYear) {
      if (!(nation in STATE)) throw new RangeError(`unknown nation: ${String(nation)}`);
      byYear = new Map();
      this.cache.set(nation, byYear);
    }
    let entry = byYear.get(year);
    if (!entry) {
      entry = this.build(nation, year);
      byYear.set(year, entry);
    }
    return entry;
  }

  private build(nation: Nation, year: number): YearEntry {
    const byDate = new Map<string, BankHoliday>();
    for (const h of libraryHolidays(nation, year)) byDate.set(h.date, h);
    const prefix = `${String(year).padStart(4, '0')}-`;
    // Overrides apply in the order given, so a later entry for the same date wins.
    for (const o of this.overrides) {
      if (o.nation !== nation || !o.date.startsWith(prefix)) continue;
      if (o.kind === 'remove') byDate.delete(o.date);
      else byDate.set(o.date, { date: o.date, name: o.name ?? byDate.get(o.date)?.name ?? 'Bank holiday' });
    }
    const list = Object.freeze([...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)));
    return { list, dates: new Set(byDate.keys()) };
  }
}
