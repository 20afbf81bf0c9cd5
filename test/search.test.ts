import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProfileSchema } from '../src/directory/model';
import { alwaysOpenTimes } from '../src/directory/opening-hours';
import { signpostItself } from '../src/platform/actor';
import { aSearch, aService } from './builders';
import { testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
let utc: number;
let ed: number;
const AT = '2026-11-18T10:00:00Z'; // a Wednesday morning

const request = (overrides: Record<string, unknown> = {}) => aSearch({ at: AT, ...overrides });

async function until(check: () => Promise<boolean>, ms = 3000) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return true;
    await t.signpost.events.catchUp();
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

beforeAll(async () => {
  t = await testApp({ now: AT });
  const profiles = [
    aService({ publicName: 'Canterbury UTC', organisationId: 'kcht' }),
    aService({ typeId: 105, publicName: 'William Harvey ED', organisationId: 'ekhuft', address: { lines: ['Kennington Road'], town: 'Ashford', postcode: 'TN24 0LZ' }, openingTimes: alwaysOpenTimes(), coverage: { dispositions: ['Dx02', 'Dx03'], symptoms: [{ sg: 1011, sd: '4052' }] } }),
  ].map((p) => ServiceProfileSchema.parse(p));
  [utc, ed] = await t.signpost.directory.importServices(signpostItself, profiles, { reason: 'test' });
  await until(async () => t.signpost.search.directoryIndex.get(ed) !== undefined);
});
afterAll(async () => t?.close());

const ids = (body: { results: { serviceId: number }[] }) => body.results.map((r) => r.serviceId);

describe('POST /api/directory/search', () => {
  it('returns services in order with the reasons they were chosen', async () => {
    const res = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ids(res.body)).toEqual([utc, ed]);
    const first = res.body.results[0];
    expect(first).toMatchObject({ openNow: true, catchAll: false, capacity: { status: 'green' } });
    expect(first.reasons.join(' ')).toMatch(/km/);
    expect(first.access).toMatchObject({ walkIn: true });
    expect(res.body.query.location).toMatchObject({ areaCode: 'ek-canterbury', precision: 'district' });
  });

  it('names unknown codes with 400, unknown postcodes with 422, and bad ages and distances with 400', async () => {
    const unknownCodes = await t.request<ErrorReply>('POST', '/api/directory/search', { as: 'callhandler', body: request({ disposition: 'Dx999', symptomDiscriminators: ['4052', '9999'] }) });
    expect(unknownCodes.status).toBe(400);
    expect(unknownCodes.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.disposition', 'body.symptomDiscriminators.1']);
    expect(unknownCodes.body.error.message).toMatch(/Dx999/);
    const unknownGroup = await t.request<ErrorReply>('POST', '/api/directory/search', { as: 'callhandler', body: request({ symptomGroup: 999999 }) });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.error.message).toMatch(/999999/);
    const postcode = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request({ location: { postcode: 'TR1 1AA' } }) });
    expect(postcode.status).toBe(422);
    const age = await t.request<ErrorReply>('POST', '/api/directory/search', { as: 'callhandler', body: request({ age: { value: 131, unit: 'years' } }) });
    expect(age.status).toBe(400);
    expect(age.body.error.details[0].path).toMatch(/^body\.age/);
    for (const distanceKm of [0, 100]) {
      const distance = await t.request<ErrorReply>('POST', '/api/directory/search', { as: 'callhandler', body: request({ distanceKm }) });
      expect(distance.status).toBe(400);
      expect(distance.body.error.details[0].path).toBe('body.distanceKm');
    }
  });

  it('drops a service set red, everywhere, as soon as the change is written', async () => {
    await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${utc}`, { as: 'provider', body: { status: 'red', reason: 'Full', resetAfterMinutes: 30 } });
    expect(await until(async () => !ids((await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request() })).body).includes(utc))).toBe(true);
    // Once its reset time passes it is offered again without anyone resetting it.
    const later = new Date(Date.parse(AT) + 31 * 60_000).toISOString();
    const res = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request({ at: later }) });
    expect(ids(res.body)).toContain(utc);
    expect(res.body.results.find((r: { serviceId: number }) => r.serviceId === utc)!.capacity).toMatchObject({ status: 'green', expired: true });
    await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${utc}`, { as: 'provider', body: { status: 'green' } });
    await until(async () => ids((await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request() })).body).includes(utc));
  });

  it('explains every exclusion on request', async () => {
    const res = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request({ disposition: 'Dx02', explain: true }) });
    expect(ids(res.body)).toEqual([ed]);
    const excluded = res.body.excluded!.find((e: { serviceId: number }) => e.serviceId === utc);
    expect(excluded!.rules.map((r: { rule: string }) => r.rule)).toEqual(['disposition']);
  });

  it('follows approved directory changes', async () => {
    const proposed = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${utc}`, { as: 'provider', body: { reason: 'Adults only', changes: { eligibility: { ageFromDays: 5844, ageToDays: 47482, sexes: ['female', 'male'], registeredPractices: [] } } } });
    await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead', body: {} });
    const child = request({ age: { value: 8, unit: 'years' } });
    expect(await until(async () => !ids((await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: child })).body).includes(utc))).toBe(true);
  });
});

describe('gaps and unmet need', () => {
  it('records exactly-one-rule failures and catch-all searches, and summarises them', async () => {
    // The UTC fails only the disposition rule for Dx02: a gap.
    await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request({ disposition: 'Dx02' }) });
    // Nothing near Canterbury accepts Dx05 for a child at night: the catch-all offers the ED.
    const unmet = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'callhandler', body: request({ disposition: 'Dx05', at: '2026-11-18T23:30:00Z', age: { value: 8, unit: 'years' } }) });
    expect(unmet.body.catchAll).toBe(true);
    expect(unmet.body.results.map((r: { catchAll: boolean }) => r.catchAll)).toEqual([true]);
    await t.signpost.search.flush();
    const summary = await t.request<ApiReply<'/api/insight/gaps'>>('GET', '/api/insight/gaps?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', { as: 'commissioner' });
    expect(summary.status).toBe(200);
    expect(summary.body.gaps.byRule.find((c: { key: string }) => c.key === 'disposition')!.count).toBeGreaterThanOrEqual(1);
    expect(summary.body.gaps.topServices.map((s: { serviceId: number }) => s.serviceId)).toContain(utc);
    expect(summary.body.unmetNeed.total).toBeGreaterThanOrEqual(1);
    expect(summary.body.unmetNeed.byDisposition).toContainEqual({ key: 'Dx05', count: 1 });
    // Wednesday 23:30 GMT is hour 2 × 24 + 23 of the week.
    expect(summary.body.unmetNeed.byHourOfWeek[71]).toBe(1);
    expect((await t.request('GET', '/api/insight/gaps', { as: 'callhandler' })).status).toBe(403);
  });
});
