// Why this file exists: "is this service open in time for this disposition?" is rule 6 of the
// directory search (shared/reference/directory-search.md). This is the plain, readable statement of
// that rule over `directory/opening-hours.ts`; the search itself runs a compiled equivalent
// (`hours.ts`) that `hours.test.ts` checks against this one.
import type { Timeframe } from '../directory/catalogue';
import { nextClosing, openIntervals, type BankHolidayLookup, type Nation, type OpeningTimes } from '../directory/opening-hours';
import { MINUTE } from '../directory/local-time';
import { workingDaysEndMs } from '../directory/working-days';

/** A service must not close within this long of the search. */
export const CLOSING_MARGIN_MS = 30 * MINUTE;
const HOUR_MS = 60 * MINUTE;
const DAY_MS = 24 * HOUR_MS;

/**
 * Length of a disposition's search window in ms, for timeframes of a fixed length. Working days have
 * none (a Friday evening's next working day ends on Monday): `windowEnd` counts them; here they stay
 * the rough N × 24 h − 60 min for callers that need one length for every hour of a week.
 */
export function windowLengthMs(timeframe: Timeframe): number {
  switch (timeframe.kind) {
    case 'immediate':
      return HOUR_MS;
    case 'minutes':
      return bandMs(timeframe.minutes);
    case 'working-days':
      return bandMs(timeframe.days * 24 * 60);
    case 'none':
      return 7 * DAY_MS;
  }
}

/** ≤ 30 min → 30 min; 31–60 → the timeframe; above 60 → the timeframe less 60 min. */
function bandMs(minutes: number): number {
  if (minutes <= 30) return 30 * MINUTE;
  if (minutes <= 60) return minutes * MINUTE;
  return (minutes - 60) * MINUTE;
}

/**
 * The end of the disposition's window: search time + 60 min for an immediate disposition, + 30 min
 * for timeframes up to 30 min, + the timeframe for 31–60 min, + (timeframe − 60 min) above that;
 * no timeframe as 7 days; N working days to the end (local 23:59:59.999) of the Nth working day
 * after the search's day, skipping weekends and the patient's nation's bank holidays — the same
 * count as a case's deadline (directory/working-days.ts).
 */
export function windowEndMs(atMs: number, timeframe: Timeframe, calendar: BankHolidayLookup, nation: Nation): number {
  if (timeframe.kind === 'working-days') return workingDaysEndMs(atMs, timeframe.days, calendar, nation);
  return atMs + windowLengthMs(timeframe);
}

export function windowEnd(at: Date, timeframe: Timeframe, calendar: BankHolidayLookup, nation: Nation): Date {
  return new Date(windowEndMs(at.getTime(), timeframe, calendar, nation));
}

/** "4-hour window", "30-minute window", "next-working-day window" … for reasons shown to users. */
export function describeTimeframe(timeframe: Timeframe): string {
  switch (timeframe.kind) {
    case 'immediate':
      return '1-hour window';
    case 'minutes': {
      const m = timeframe.minutes;
      if (m % 60 === 0) return `${m / 60}-hour window`;
      return `${m}-minute window`;
    }
    case 'working-days':
      return timeframe.days === 1 ? 'next-working-day window' : `${timeframe.days}-working-day window`;
    case 'none':
      return '7-day window';
  }
}

export interface WindowFit {
  /** the qualifying spell has begun by the search time */
  openNow: boolean;
  /** start of the qualifying spell when it begins after the search time */
  opensAt: Date | null;
  /** end of that spell, following sessions that run on across midnight; null if open 14+ days on (24/7) */
  closesAt: Date | null;
}

/**
 * Rule 6. The service passes if ANY open spell overlapping [at, windowEnd] ends at or after
 * at + 30 min: it is open at some point in the window (a spell opening exactly at the window's end
 * counts) and is not closing within 30 minutes of the search. Returns the first such spell, or null.
 */
export function openInWindow(times: OpeningTimes, nation: Nation, at: Date, end: Date, calendar: BankHolidayLookup): WindowFit | null {
  const atMs = at.getTime();
  const endMs = Math.max(end.getTime(), atMs);
  const needUntil = atMs + CLOSING_MARGIN_MS;
  // Clip just past the later of the two limits: a clipped end still says whether the true end
  // reaches at + 30 min.
  const horizon = Math.max(endMs, needUntil) + 1;
  for (const spell of openIntervals(times, nation, at, new Date(horizon), calendar)) {
    const s = spell.start.getTime();
    const e = spell.end.getTime();
    if (s > endMs) return null;
    if (e < needUntil) continue;
    const openNow = s <= atMs;
    return { openNow, opensAt: openNow ? null : spell.start, closesAt: nextClosing(times, nation, openNow ? at : spell.start, calendar) };
  }
  return null;
}
