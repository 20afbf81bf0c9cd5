import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localHourOfWeek } from '../src/directory/local-time';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

const HOUR_MS = 3_600_000;
const NOW = '2026-11-18T10:00:00Z';
let t: TestApp;
let calm: string;
let busy: string;
let quiet: string;

/** A steady week: 4 calls an hour at night, 12 by day, 20 in the evening. */
function callsIn(at: number): number {
  const hour = localHourOfWeek(at) % 24;
  return hour < 7 ? 4 : hour < 17 ? 12 : 20;
}

let callSeq = 0;
async function recordCalls(areaCode: string, fromMs: number, toMs: number, perHour: (at: number) => number) {
  const rows = [];
  for (let at = fromMs; at < toMs; at += HOUR_MS) {
    const n = perHour(at);
    for (let i = 0; i < n; i++) {
      const offered = new Date(at + Math.floor((i * HOUR_MS) / n));
      rows.push({ call_id: `surge-test-${++callSeq}`, organisation_id: 'ic24', area_code: areaCode, offered_at: offered, answered_at: offered, seconds_to_answer: 0, updated_at: offered });
    }
  }
  for (let i = 0; i < rows.length; i += 2000) await t.signpost.platform.db.insertInto('telephony_calls').values(rows.slice(i, i + 2000)).execute();
}

beforeAll(async () => {
  t = await testApp({ now: NOW });
  [calm, busy, quiet] = t.signpost.geo.listAreas().map((a) => a.code);
  const now = Date.parse(NOW);
  const eightWeeksAgo = now - 56 * 24 * HOUR_MS;
  await recordCalls(calm, eightWeeksAgo, now, callsIn);
  // The busy area: the same weeks, then the last three hours at 160%.
  await recordCalls(busy, eightWeeksAgo, now - 3 * HOUR_MS, callsIn);
  await recordCalls(busy, now - 3 * HOUR_MS, now, (at) => Math.round(callsIn(at) * 1.6));
  // The quiet area: a handful of calls two days ago, nothing to forecast from.
  await recordCalls(quiet, now - 48 * HOUR_MS, now - 47 * HOUR_MS, () => 3);
}, 120_000);
afterAll(async () => t?.close());

describe('demand forecast', () => {
  it('forecasts 14 days by hour with intervals, and puts last week’s actual beside its forecast', async () => {
    const res = await t.request<ApiReply<'/api/modelling/forecast'>>('GET', `/api/modelling/forecast?area=${calm}&measure=calls`, { as: 'commissioner' });
    expect(res.status).toBe(200);
    expect(res.body.forecast).toHaveLength(14 * 24);
    expect(res.body.recent).toHaveLength(7 * 24);
    expect(res.body.forecast[0].at).toBe(new Date(NOW).toISOString());
    for (const h of res.body.forecast.slice(0, 48)) {
      const truth = callsIn(Date.parse(h.at as string));
      expect(Math.abs(h.expected - truth)).toBeLessThan(0.5);
      expect(h.lower95).toBeLessThanOrEqual(h.expected);
      expect(h.upper95).toBeGreaterThanOrEqual(h.expected);
    }
    expect(res.body.recent.every((h) => h.actual === callsIn(Date.parse(h.at as string)))).toBe(true);
  });

  it('refuses an unknown area (400) and an area without history (422)', async () => {
    const unknown = await t.request<ErrorReply>('GET', '/api/modelling/forecast?area=Z99999999', { as: 'commissioner' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toMatch(/area$/);
    const none = await t.request<ErrorReply>('GET', `/api/modelling/forecast?area=${quiet}`, { as: 'commissioner' });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('not_enough_history');
    const days = await t.request<ErrorReply>('GET', `/api/modelling/forecast?area=${calm}&days=15`, { as: 'commissioner' });
    expect(days.status).toBe(400);
    expect(days.body.error.details[0].path).toBe('query.days');
  });

  it('is for commissioners', async () => {
    expect((await t.request('GET', `/api/modelling/forecast?area=${calm}`, { as: 'provider' })).status).toBe(403);
  });
});

describe('surge detection', () => {
  it('raises the busy area to level 4 and leaves the calm one at 1, announcing the change once', async () => {
    const res = await t.request<ApiReply<'/api/modelling/surge/evaluate', 'post'>>('POST', '/api/modelling/surge/evaluate', { as: 'commissioner' });
    expect(res.status).toBe(200);
    const level = (code: string) => res.body.areas.find((a) => a.areaCode === code)?.level;
    expect(level(busy)).toBe(4);
    expect(level(calm)).toBe(1);
    const busyArea = res.body.areas.find((a) => a.areaCode === busy)!;
    expect(busyArea.reasons).toEqual([expect.objectContaining({ measure: 'calls', level: 4 })]);
    expect(busyArea.reasons[0].ratio).toBeGreaterThan(1.5);
    expect(busyArea.actions.length).toBeGreaterThan(1);
    expect(res.body.changed).toBe(1);

    const again = await t.request<ApiReply<'/api/modelling/surge/evaluate', 'post'>>('POST', '/api/modelling/surge/evaluate', { as: 'admin' });
    expect(again.body.changed).toBe(0);
    const events = await t.signpost.platform.db.selectFrom('events').select(['payload']).where('type', '=', 'surge.escalation_changed').execute();
    expect(events.map((e) => (e.payload as { areaCode: string; level: number }).areaCode)).toEqual([busy]);
  });

  it('shows every member of staff the levels, and nobody unsigned', async () => {
    const res = await t.request<ApiReply<'/api/modelling/surge'>>('GET', '/api/modelling/surge', { as: 'provider' });
    expect(res.status).toBe(200);
    expect(res.body.areas.find((a) => a.areaCode === busy)?.level).toBe(4);
    expect((await t.request('GET', '/api/modelling/surge')).status).toBe(401);
    expect((await t.request('POST', '/api/modelling/surge/evaluate', { as: 'provider' })).status).toBe(403);
  });
});

describe('triggers', () => {
  it('start at the demonstration defaults and are set by commissioners, checked', async () => {
    const defaults = await t.request<ApiReply<'/api/modelling/surge/triggers'>>('GET', '/api/modelling/surge/triggers', { as: 'commissioner' });
    expect(defaults.body.updatedBy).toBeNull();
    expect(defaults.body.triggers.map((tr) => tr.measure)).toEqual(['calls', 'clinical-queue', 'ed-dispositions']);

    const falling = await t.request<ErrorReply>('PUT', '/api/modelling/surge/triggers', { as: 'commissioner', body: { triggers: [{ measure: 'calls', windowHours: 3, level2: 1.5, level3: 1.3, level4: 1.6 }] } });
    expect(falling.status).toBe(400);
    expect(falling.body.error.details[0].path).toBe('body.triggers.0.level3');

    const stricter = { triggers: [{ measure: 'calls', windowHours: 3, level2: 1.7, level3: 1.8, level4: 2 }] };
    const set = await t.request<ApiReply<'/api/modelling/surge/triggers', 'put'>>('PUT', '/api/modelling/surge/triggers', { as: 'commissioner', body: stricter });
    expect(set.status).toBe(200);
    expect(set.body.updatedByName).toBe('Test commissioner');
    expect((await t.request('PUT', '/api/modelling/surge/triggers', { as: 'provider', body: stricter })).status).toBe(403);

    // Under the stricter triggers 160% is no longer a surge: the busy area steps down to level 1.
    const res = await t.request<ApiReply<'/api/modelling/surge/evaluate', 'post'>>('POST', '/api/modelling/surge/evaluate', { as: 'commissioner' });
    expect(res.body.areas.map((a) => [a.areaCode, a.level])).toEqual(expect.arrayContaining([[busy, 1], [calm, 1]]));
    expect(res.body.changed).toBe(1);
  });
});
