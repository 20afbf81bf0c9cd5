/**
 * Opening-time patterns for demo data, written the way a DoS lead would describe them
 * ("Monday to Friday 08:00–18:30, closed on bank holidays"). Pure builders of `OpeningTimes`.
 */
import { emptyWeek, Weekdays, type OpeningTimes, type Session, type SpecifiedDate, type Weekday } from '../directory/opening-hours';

export const MON_FRI: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const MON_SAT: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const WEEKEND: readonly Weekday[] = ['sat', 'sun'];
export const EVERY_DAY: readonly Weekday[] = Weekdays;

export const session = (open: string, close: string): Session => ({ open, close });
export const ALL_DAY: readonly Session[] = [session('00:00', '24:00')];

/** Sessions for some days of the week: `days(MON_FRI, [session('08:00', '18:30')])`. */
export function days(which: readonly Weekday[], sessions: readonly Session[]): Partial<Record<Weekday, Session[]>> {
  return Object.fromEntries(which.map((d) => [d, sessions.map((s) => ({ ...s }))]));
}

/** A week built from several `days(…)` parts; later parts replace earlier ones for the same day. */
export function week(...parts: Partial<Record<Weekday, Session[]>>[]): Record<Weekday, Session[]> {
  return Object.assign(emptyWeek(), ...parts);
}

export interface TimesOptions {
  /** [] = closed on bank holidays (the default); null = as the ordinary weekday; or sessions */
  bankHoliday?: readonly Session[] | null;
  specifiedDates?: SpecifiedDate[];
}

export function weeklyTimes(weekly: Record<Weekday, Session[]>, options: TimesOptions = {}): OpeningTimes {
  const bankHoliday = options.bankHoliday === undefined ? [] : options.bankHoliday;
  return {
    alwaysOpen: false,
    weekly,
    bankHoliday: bankHoliday === null ? null : bankHoliday.map((s) => ({ ...s })),
    specifiedDates: options.specifiedDates ?? [],
  };
}

export function twentyFourSeven(specifiedDates: SpecifiedDate[] = []): OpeningTimes {
  return { alwaysOpen: true, weekly: emptyWeek(), bankHoliday: null, specifiedDates };
}

/** Every day the same sessions (bank holidays as an ordinary day unless told otherwise). */
export function everyDay(sessions: readonly Session[], options: TimesOptions = { bankHoliday: null }): OpeningTimes {
  return weeklyTimes(week(days(EVERY_DAY, sessions)), options);
}

/**
 * A service that works the hours a GP practice is closed: weekday evenings and nights (split at
 * midnight: 00:00–`weekdayEnd` and `weekdayStart`–24:00), all weekend and all day on bank holidays.
 */
export function outOfHours(weekdayStart = '18:30', weekdayEnd = '08:00'): OpeningTimes {
  return weeklyTimes(week(days(MON_FRI, [session('00:00', weekdayEnd), session(weekdayStart, '24:00')]), days(WEEKEND, ALL_DAY)), {
    bankHoliday: ALL_DAY,
  });
}

/** Overnight every night (e.g. 19:00–08:00): two sessions a day, split at midnight. */
export function nightly(start: string, end: string, options: TimesOptions = { bankHoliday: null }): OpeningTimes {
  return everyDay([session('00:00', end), session(start, '24:00')], options);
}

/** Local dates from `first` every `stepDays` days, `count` of them (YYYY-MM-DD, pure calendar arithmetic). */
export function everyNDays(first: string, stepDays: number, count: number): string[] {
  const start = Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)) - 1, Number(first.slice(8, 10)));
  return Array.from({ length: count }, (_, i) => new Date(start + i * stepDays * 86_400_000).toISOString().slice(0, 10));
}

/** The first date on or after `date` that falls on `weekday`. */
export function onOrAfter(date: string, weekday: Weekday): string {
  const index = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].indexOf(weekday);
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const dow = new Date(t).getUTCDay();
  return new Date(t + ((index - dow + 7) % 7) * 86_400_000).toISOString().slice(0, 10);
}
