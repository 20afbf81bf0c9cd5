/**
 * Forecast and surge: demand by hour for the next 14 days per area (with the last week's actual
 * against what was expected), and a job that compares live demand with its forecast and sets each
 * area's escalation level, announcing changes on the event log for every dashboard.
 */
import type { GeoService } from '../geo/service';
import { signpostItself, type Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { badRequest, unprocessable } from '../platform/errors';
import { readEventsAfter, type EventFollower, type StoredEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import { localHourOfWeek } from '../directory/local-time';
import { forecastDemand, MIN_HISTORY_HOURS, type ForecastHour, type HourCount, type HourSlot } from './forecast';
import { DEFAULT_TRIGGERS, escalation, LEVEL_ACTIONS, type SurgeMeasure, type SurgeObservation, type SurgeTrigger } from './surge';
import * as store from './surge-store';

export const SURGE_EVENTS = ['surge.escalation_changed', 'surge.triggers_set'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Eight weeks of history: every hour of the week seen eight times. */
const HISTORY_DAYS = 56;
const RECENT_DAYS = 7;
const DEFAULT_INTERVAL_MS = 5 * 60_000;
const FIRST_EVALUATION_MS = 20_000;

export interface ForecastQuery {
  area: string;
  measure: SurgeMeasure;
  days: number;
}

export class SurgeService {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  constructor(
    private readonly platform: Platform,
    private readonly deps: { events: EventFollower; geo: GeoService },
  ) {
    deps.events.subscribe((event) => {
      if (SURGE_EVENTS.includes(event.type)) for (const listener of this.listeners) listener(event);
    });
  }

  async triggers() {
    const stored = await store.findTriggers(this.platform.db);
    return stored ?? { triggers: [...DEFAULT_TRIGGERS], updatedAt: null, updatedBy: null, updatedByName: null };
  }

  async setTriggers(actor: Actor, triggers: SurgeTrigger[]) {
    const stored = { triggers, updatedAt: this.platform.clock.now(), updatedBy: actor.id, updatedByName: actor.name };
    await inTransaction(this.platform.db, async (tx) => {
      await store.saveTriggers(tx, stored);
      await recordChange(tx, actor, stored.updatedAt, { type: 'surge.triggers_set', subjectType: 'surge', subjectIds: ['triggers'], payload: { triggers } });
    });
    return stored;
  }

  /** The next `days` of demand by hour, and the last week's actual beside what was expected of it. */
  async forecast(query: ForecastQuery) {
    const area = this.area(query.area);
    const now = this.currentHour();
    const from = new Date(now - (HISTORY_DAYS + RECENT_DAYS) * DAY_MS);
    const counts = (await store.hourlyCounts(this.platform.db, query.measure, from, new Date(now))).filter((c) => c.areaCode === area.code);
    const series = filledSeries(counts, from.getTime(), now);
    const recentStart = now - RECENT_DAYS * DAY_MS;
    const olderHistory = series.filter((h) => h.at < recentStart);
    const history = series.filter((h) => h.at >= now - HISTORY_DAYS * DAY_MS);
    if (olderHistory.length < MIN_HISTORY_HOURS) {
      const message = 'a forecast needs three weeks of recorded demand (two to learn from, one to check against)';
      throw unprocessable(`Not enough history to forecast ${query.measure} in ${area.name}: ${message}`, [{ path: 'area', message }], 'not_enough_history');
    }
    const recentSlots = series.filter((h) => h.at >= recentStart);
    const backcast = forecastDemand(olderHistory.slice(-HISTORY_DAYS * 24), recentSlots);
    const ahead = forecastDemand(history, hourSlots(now, query.days * 24));
    return {
      area: { code: area.code, name: area.name },
      measure: query.measure,
      generatedAt: new Date(now),
      trendPerDay: ahead.trendPerDay,
      recent: backcast.hours.map((h, i) => ({ ...bounds(h), actual: recentSlots[i].count })),
      forecast: ahead.hours.map(bounds),
    };
  }

  /** Each watched area's level as last evaluated, with its reasons and the actions it asks for. */
  async status() {
    const names = new Map(this.deps.geo.listAreas().map((a) => [a.code, a.name]));
    const rows = await store.listEscalations(this.platform.db);
    return {
      areas: rows.map((r) => ({ areaCode: r.areaCode, areaName: names.get(r.areaCode) ?? r.areaCode, level: r.level, since: r.since, evaluatedAt: r.evaluatedAt, reasons: r.reasons, actions: [...LEVEL_ACTIONS[r.level]] })),
    };
  }

  /** Compares the last complete hours with their forecast in every active area; announces changes. */
  async evaluate(): Promise<{ areas: number; changed: number }> {
    const now = this.currentHour();
    const { triggers } = await this.triggers();
    const longest = Math.max(...triggers.map((t) => t.windowHours));
    const from = new Date(now - HISTORY_DAYS * DAY_MS - longest * HOUR_MS);
    const areas = await store.activeAreas(this.platform.db, new Date(now - HISTORY_DAYS * DAY_MS));
    const countsByMeasure = new Map<SurgeMeasure, store.AreaHourCount[]>();
    for (const t of triggers) countsByMeasure.set(t.measure, await store.hourlyCounts(this.platform.db, t.measure, from, new Date(now)));
    let changed = 0;
    for (const areaCode of areas) {
      const observations = triggers.flatMap((t) => observe(countsByMeasure.get(t.measure)!.filter((c) => c.areaCode === areaCode), t, from.getTime(), now));
      if (await this.record(areaCode, escalation(observations, triggers))) changed++;
    }
    return { areas: areas.length, changed };
  }

  /** Evaluates soon after start (so a fresh server shows levels within a minute), then every interval. */
  startJob(intervalMs = DEFAULT_INTERVAL_MS, firstAfterMs = FIRST_EVALUATION_MS): void {
    const run = () => this.evaluate().catch((error) => logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'surge evaluation failed', error));
    this.first = setTimeout(run, firstAfterMs);
    this.first.unref();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = null;
    this.timer = null;
  }

  onChange(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsAfter(id: number) {
    return readEventsAfter(this.platform.db, id, 500, SURGE_EVENTS);
  }

  /** Writes the area's level; an event only when the level changes (the row lock makes it once). */
  private async record(areaCode: string, result: ReturnType<typeof escalation>): Promise<boolean> {
    const at = this.platform.clock.now();
    return inTransaction(this.platform.db, async (tx) => {
      const current = await store.lockEscalation(tx, areaCode, at);
      const levelChanged = current.level !== result.level;
      await store.updateEscalation(tx, { areaCode, level: result.level, reasons: result.reasons, since: levelChanged ? at : current.since, evaluatedAt: at });
      if (levelChanged) {
        const areaName = this.deps.geo.listAreas().find((a) => a.code === areaCode)?.name ?? areaCode;
        await recordChange(tx, signpostItself, at, {
          type: 'surge.escalation_changed',
          subjectType: 'area',
          subjectIds: [areaCode],
          payload: { areaCode, areaName, level: result.level, previousLevel: current.level, reasons: result.reasons, actions: result.actions },
        });
      }
      return levelChanged;
    });
  }

  private area(code: string) {
    const area = this.deps.geo.listAreas().find((a) => a.code === code);
    if (!area) throw badRequest(`Unknown area ${code}`, [{ path: 'area', message: `no area ${code}` }], 'unknown_area');
    return area;
  }

  private currentHour(): number {
    return Math.floor(this.platform.clock.now().getTime() / HOUR_MS) * HOUR_MS;
  }
}

function bounds(h: ForecastHour) {
  return { at: new Date(h.at), expected: h.expected, lower80: h.lower80, upper80: h.upper80, lower95: h.lower95, upper95: h.upper95 };
}

function hourSlots(start: number, hours: number): HourSlot[] {
  return Array.from({ length: hours }, (_, i) => ({ at: start + i * HOUR_MS, hourOfWeek: localHourOfWeek(start + i * HOUR_MS) }));
}

/**
 * Every hour from the first recorded one (or `from`, if later) to `to`, zeros where nothing arrived:
 * the store returns only hours with some, and hours before an area's first call are unknown, not zero.
 */
function filledSeries(counts: readonly store.AreaHourCount[], from: number, to: number): HourCount[] {
  const byHour = new Map(counts.map((c) => [c.at, c.count]));
  const first = counts.reduce((a, c) => Math.min(a, c.at), Infinity);
  const start = Math.max(Math.ceil(from / HOUR_MS) * HOUR_MS, first === Infinity ? to : first);
  return hourSlots(start, Math.max(0, Math.round((to - start) / HOUR_MS))).map((slot) => ({ ...slot, count: byHour.get(slot.at) ?? 0 }));
}

/** One measure's last `windowHours` complete hours against their forecast from the weeks before. */
function observe(counts: readonly store.AreaHourCount[], trigger: SurgeTrigger, from: number, now: number): SurgeObservation[] {
  const windowStart = now - trigger.windowHours * HOUR_MS;
  const series = filledSeries(counts, from, now);
  const history = series.filter((h) => h.at < windowStart).slice(-HISTORY_DAYS * 24);
  const window = series.filter((h) => h.at >= windowStart);
  if (history.length < MIN_HISTORY_HOURS) return [];
  const expectedHours = forecastDemand(history, window).hours;
  const expected = expectedHours.reduce((a, h) => a + h.expected, 0);
  const spread = Math.sqrt(expectedHours.reduce((a, h) => a + (h.upper95 - h.expected) ** 2, 0));
  return [{ measure: trigger.measure, actual: window.reduce((a, h) => a + h.count, 0), expected, upper95: expected + spread }];
}
