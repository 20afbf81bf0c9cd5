/**
 * Demand forecast by hour from history: a level with a linear trend times the hour-of-week shape,
 * with prediction intervals from the history's own errors. Pure: the caller gives the hourly counts
 * (with each hour's local hour of week, so clock changes are the caller's business) and the hours
 * to forecast.
 *
 * Why this model: urgent care demand is dominated by the weekly cycle (evenings, weekends) with a
 * slow drift; a seasonal index per hour of week captures the first, a regression on the
 * deseasonalised series the second, and Pearson residuals (error / √fitted) give intervals that
 * widen with volume as count data do. simple-statistics does the regression and the quantiles.
 */
import { linearRegression, quantileSorted } from 'simple-statistics';
import { HOURS_OF_WEEK } from './model';

export interface HourCount {
  /** Epoch milliseconds of the start of the hour. */
  at: number;
  /** 0 = Monday 00:00–01:00 local time … 167 = Sunday 23:00–24:00. */
  hourOfWeek: number;
  count: number;
}

export interface HourSlot {
  at: number;
  hourOfWeek: number;
}

export interface ForecastHour extends HourSlot {
  expected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface Forecast {
  hours: ForecastHour[];
  /** Change in the deseasonalised level per day (contacts per hour per day). */
  trendPerDay: number;
  /** Hours of history used. */
  historyHours: number;
}

/** At least two weeks, so every hour of the week is seen twice. */
export const MIN_HISTORY_HOURS = 2 * HOURS_OF_WEEK;
const HOUR_MS = 3_600_000;

export function forecastDemand(history: readonly HourCount[], future: readonly HourSlot[]): Forecast {
  if (history.length < MIN_HISTORY_HOURS) {
    throw new RangeError(`a forecast needs at least ${MIN_HISTORY_HOURS} hours of history (two weeks); there are ${history.length}`);
  }
  const sorted = [...history].sort((a, b) => a.at - b.at);
  const seasonal = seasonalIndex(sorted);
  const origin = sorted[0].at;
  const x = (at: number) => (at - origin) / HOUR_MS;
  const { m: slope, b: intercept } = linearRegression(sorted.map((h) => [x(h.at), h.count / seasonal[h.hourOfWeek]]));
  const level = (at: number) => Math.max(0, intercept + slope * x(at));
  const fitted = (h: HourSlot) => level(h.at) * seasonal[h.hourOfWeek];

  const residuals = sorted.map((h) => (h.count - fitted(h)) / Math.sqrt(Math.max(fitted(h), 1))).sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(residuals, p) * outOfSampleInflation(sorted.length / HOURS_OF_WEEK);
  const [q025, q10, q90, q975] = [q(0.025), q(0.1), q(0.9), q(0.975)];
  const hours = future.map((slot): ForecastHour => {
    const expected = fitted(slot);
    const scale = Math.sqrt(Math.max(expected, 1));
    // A skewed history can put a lower quantile above zero or an upper one below; the interval still contains the forecast.
    const lower = (z: number) => Math.max(0, expected + Math.min(0, z) * scale);
    const upper = (z: number) => Math.max(0, expected + Math.max(0, z) * scale);
    return { ...slot, expected, lower80: lower(q10), upper80: upper(q90), lower95: Math.min(lower(q025), lower(q10)), upper95: Math.max(upper(q975), upper(q90)) };
  });
  return { hours, trendPerDay: slope * 24, historyHours: sorted.length };
}

/**
 * Each hour of week's index is estimated from w weeks, so errors in the history (which the index was
 * fitted to) are smaller than errors on new hours: variance λ(1 − 1/w) against λ(1 + 1/w).
 */
function outOfSampleInflation(weeks: number): number {
  return weeks > 1 ? Math.sqrt((1 + 1 / weeks) / (1 - 1 / weeks)) : 1;
}

/**
 * Each hour of week's mean count over the overall hourly mean. An hour never seen, or with no
 * contacts at all, gets a small floor so the deseasonalised series stays finite.
 */
function seasonalIndex(history: readonly HourCount[]): Float64Array {
  const totals = new Float64Array(HOURS_OF_WEEK);
  const seen = new Float64Array(HOURS_OF_WEEK);
  for (const h of history) {
    totals[h.hourOfWeek] += h.count;
    seen[h.hourOfWeek]++;
  }
  const overall = history.reduce((a, h) => a + h.count, 0) / history.length || 1;
  const index = new Float64Array(HOURS_OF_WEEK);
  for (let i = 0; i < HOURS_OF_WEEK; i++) index[i] = Math.max(seen[i] ? totals[i] / seen[i] / overall : 1, 0.01);
  return index;
}

/** The next `hours` hour slots after `from`, their hour of week taken from `hourOfWeekAt`. */
export function nextHours(from: number, hours: number, hourOfWeekAt: (at: number) => number): HourSlot[] {
  const start = Math.ceil(from / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, i) => {
    const at = start + i * HOUR_MS;
    return { at, hourOfWeek: hourOfWeekAt(at) };
  });
}
