import type { Platform } from '../platform/context';
import type { GapQuery } from './model';
import * as store from './store';

const DEFAULT_PERIOD_DAYS = 28;

/** Intelligence for commissioners: where the urgent care system turned patients away. */
export class InsightService {
  constructor(private readonly platform: Platform) {}

  /**
   * Gaps (a service that would have been offered but for exactly one rule) and unmet need (searches
   * that needed the catch-all), summarised by rule, disposition, area, hour of the week and service.
   */
  async gaps(query: GapQuery) {
    const to = query.to ? new Date(query.to) : this.platform.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
    const filter = { ...query, from, to };
    const db = this.platform.db;
    const [gapTotal, byRule, byDisposition, byArea, byHour, topServices, unmetTotal, unmetByDisposition, unmetByArea, unmetByHour] = await Promise.all([
      store.totalGaps(db, filter),
      store.countGapsBy(db, 'rule', filter),
      store.countGapsBy(db, 'disposition', filter),
      store.countGapsBy(db, 'areaCode', filter),
      store.countGapsBy(db, 'hourOfWeek', filter, 168),
      store.topGapServices(db, filter),
      store.totalUnmet(db, filter),
      store.countUnmetBy(db, 'disposition', filter),
      store.countUnmetBy(db, 'areaCode', filter),
      store.countUnmetBy(db, 'hourOfWeek', filter, 168),
    ]);
    return {
      period: { from, to },
      filter: { areaCode: query.areaCode ?? null, disposition: query.disposition ?? null, rule: query.rule ?? null },
      gaps: { total: gapTotal, byRule, byDisposition, byArea, byHourOfWeek: hourGrid(byHour), topServices },
      unmetNeed: { total: unmetTotal, byDisposition: unmetByDisposition, byArea: unmetByArea, byHourOfWeek: hourGrid(unmetByHour) },
    };
  }
}

/** All 168 hours of the week in order (0 = Monday 00:00), zeros included, ready for a heat map. */
function hourGrid(counts: { key: string; count: number }[]): number[] {
  const grid = new Array<number>(168).fill(0);
  for (const { key, count } of counts) {
    const hour = Number(key);
    if (Number.isInteger(hour) && hour >= 0 && hour < 168) grid[hour] = count;
  }
  return grid;
}
