import { describe, expect, it } from 'vitest';
import { forecastDemand, MIN_HISTORY_HOURS, nextHours, type HourCount } from './forecast';
import { Rng } from './random';

const HOUR_MS = 3_600_000;
/** Monday 2 November 2026 00:00 UTC (GMT, so local hour of week = UTC hour of week). */
const MONDAY = Date.UTC(2026, 10, 2);
const hourOfWeekAt = (at: number) => Math.floor((at - MONDAY) / HOUR_MS) % 168;

/** A weekly shape: quiet nights, busy evenings, busier weekends — contacts per hour. */
function shape(hourOfWeek: number): number {
  const hour = hourOfWeek % 24;
  const weekend = hourOfWeek >= 120;
  const base = hour < 7 ? 4 : hour < 17 ? 12 : hour < 23 ? 20 : 8;
  return base * (weekend ? 1.5 : 1);
}
/** The true rate: the shape, growing 0.3% a day. */
const rate = (at: number) => shape(hourOfWeekAt(at)) * (1 + 0.003 * ((at - MONDAY) / (24 * HOUR_MS)));

function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.open();
  while (p > limit) {
    k++;
    p *= rng.open();
  }
  return k;
}

function history(weeks: number, rng: Rng): HourCount[] {
  return Array.from({ length: weeks * 168 }, (_, i) => {
    const at = MONDAY + i * HOUR_MS;
    return { at, hourOfWeek: hourOfWeekAt(at), count: poisson(rng, rate(at)) };
  });
}

describe('demand forecast', () => {
  const rng = new Rng(2026);
  const past = history(8, rng);
  const end = MONDAY + 8 * 168 * HOUR_MS;
  const future = nextHours(end, 14 * 24, hourOfWeekAt);
  const forecast = forecastDemand(past, future);

  it('forecasts the next 14 days hour by hour', () => {
    expect(forecast.hours).toHaveLength(336);
    expect(forecast.hours[0].at).toBe(end);
    expect(forecast.hours[0].hourOfWeek).toBe(0);
  });

  it('gets the fortnight’s total within 5% of the true rate, and the growth’s sign', () => {
    const expected = forecast.hours.reduce((a, h) => a + h.expected, 0);
    const truth = future.reduce((a, h) => a + rate(h.at), 0);
    expect(Math.abs(expected / truth - 1)).toBeLessThan(0.05);
    expect(forecast.trendPerDay).toBeGreaterThan(0);
  });

  it('keeps the weekly shape: Saturday evening above Tuesday night', () => {
    const saturdayEvening = forecast.hours.find((h) => h.hourOfWeek === 5 * 24 + 19)!;
    const tuesdayNight = forecast.hours.find((h) => h.hourOfWeek === 24 + 3)!;
    expect(saturdayEvening.expected).toBeGreaterThan(4 * tuesdayNight.expected);
  });

  it('prediction intervals cover about as often as they say, on fresh data from the same process', () => {
    const fresh = new Rng(7);
    let in80 = 0;
    let in95 = 0;
    for (const h of forecast.hours) {
      const actual = poisson(fresh, rate(h.at));
      if (actual >= h.lower80 && actual <= h.upper80) in80++;
      if (actual >= h.lower95 && actual <= h.upper95) in95++;
    }
    expect(in80 / forecast.hours.length).toBeGreaterThan(0.72);
    expect(in80 / forecast.hours.length).toBeLessThan(0.92);
    expect(in95 / forecast.hours.length).toBeGreaterThan(0.9);
    expect(forecast.hours.every((h) => h.lower95 <= h.lower80 && h.lower80 <= h.expected && h.expected <= h.upper80 && h.upper80 <= h.upper95)).toBe(true);
  });

  it('never forecasts below zero', () => {
    expect(forecast.hours.every((h) => h.lower95 >= 0)).toBe(true);
  });

  it('needs two weeks of history', () => {
    expect(() => forecastDemand(past.slice(0, MIN_HISTORY_HOURS - 1), future)).toThrow(/two weeks/);
  });

  it('is the same for the same history', () => {
    expect(forecastDemand(past, future)).toEqual(forecast);
  });
});
