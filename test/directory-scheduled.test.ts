// Changes that take effect from a future date (decision 0034): approved early, shown as scheduled,
// applied at that instant by the scheduler — exactly once even with two servers on one database —
// with the same event as an immediate change, so every process's search sees it switch then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignpost, type Signpost } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { createLogger } from '../src/platform/log';
import { aSearch, aService } from './builders';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
/** A second server process on the same database, with its own search index and event follower. */
let other: Signpost;
const NOW = '2026-11-18T10:00:00Z';

beforeAll(async () => {
  t = await testApp({ now: NOW });
  const config = loadConfig({ SIGNPOST_LOG: 'silent', SIGNPOST_CHECK_REPLIES: 'on' });
  other = await createSignpost({ database: t.signpost.platform.database, config, log: createLogger(config), clock: t.clock, backgroundJobs: false });
});
afterAll(async () => {
  // The second process shares the database: stop its followers, leave closing the database to the first.
  await other?.scheduledChanges.stop();
  await other?.search.close();
  await other?.events.stop();
  await t?.close();
});

type Change = ApiReply<'/api/directory/changes/{id}'>['change'];

async function createService(overrides = {}) {
  const proposed = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'New service', service: aService(overrides) } });
  const approved = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead2', body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.service;
}

const weekdays = (open: string, close: string) => ({ mon: [{ open, close }], tue: [{ open, close }], wed: [{ open, close }], thu: [{ open, close }], fri: [{ open, close }], sat: [], sun: [] });
const hours = (open: string, close: string) => ({ alwaysOpen: false, weekly: weekdays(open, close), bankHoliday: [], specifiedDates: [] });

async function propose(serviceId: number, openingTimes: ReturnType<typeof hours>, effectiveFrom?: string) {
  return t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${serviceId}`, {
    as: 'provider',
    body: { reason: `Hours ${openingTimes.weekly.mon[0].open}–${openingTimes.weekly.mon[0].close}`, changes: { openingTimes }, ...(effectiveFrom ? { effectiveFrom } : {}) },
  });
}

async function approve(id: string) {
  const reply = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${id}/approve`, { as: 'doslead', body: {} });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

const changeOf = async (id: string): Promise<Change> => (await t.request<ApiReply<'/api/directory/changes/{id}'>>('GET', `/api/directory/changes/${id}`, { as: 'doslead' })).body.change;
const serviceOf = async (id: number) => (await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${id}`, { as: 'callhandler' })).body.service;

/** Whether a search at 19:00 on a weekday (open until 20:00 only in the summer hours) offers the service, on one process. */
async function offeredAt19(signpost: Signpost, serviceId: number, at: string) {
  await signpost.events.catchUp();
  const reply = await signpost.app.request('http://signpost.test/api/directory/search', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://signpost.test', cookie: await t.cookieFor('callhandler') },
    body: JSON.stringify(aSearch({ at, distanceKm: 5 })),
  });
  const body = (await reply.json()) as { results: { serviceId: number }[] };
  return body.results.some((r) => r.serviceId === serviceId);
}

describe('a change from a future date', () => {
  it('refuses an effective date that is not in the future, naming effectiveFrom', async () => {
    const service = await createService();
    for (const effectiveFrom of ['2026-11-17', '2026-11-18', '2026-11-18T09:59:00Z']) {
      const reply = await t.request<ErrorReply>('PATCH', `/api/directory/services/${service.id}`, {
        as: 'provider',
        body: { reason: 'Backdated', changes: { openingTimes: hours('08:00', '18:00') }, effectiveFrom },
      });
      expect(reply.status, effectiveFrom).toBe(400);
      expect(reply.body.error.details.map((d) => d.path)).toEqual(['body.effectiveFrom']);
      expect(reply.body.error.message).toMatch(/not in the future/);
    }
    const badDate = await t.request<ErrorReply>('PATCH', `/api/directory/services/${service.id}`, { as: 'provider', body: { reason: 'x', changes: { name: 'y' }, effectiveFrom: 'next week' } });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('body.effectiveFrom');
    const closing = await t.request<ErrorReply>('DELETE', `/api/directory/services/${service.id}`, { as: 'doslead', body: { reason: 'Closing', effectiveFrom: '2026-01-01' } });
    expect(closing.status).toBe(400);
    expect(closing.body.error.details[0].path).toBe('body.effectiveFrom');
    expect((await serviceOf(service.id)).version).toBe(1);
  });

  it('is scheduled when approved, and applies at the start of its local day in every process, once', async () => {
    const service = await createService({ openingTimes: hours('08:00', '20:00') });
    const proposed = await propose(service.id, hours('08:00', '18:00'), '2026-12-01');
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    expect(proposed.body.change).toMatchObject({ status: 'pending', effectiveFrom: '2026-12-01T00:00:00.000Z', proposedByName: 'Test provider' });

    const approved = await approve(proposed.body.change.id);
    expect(approved.change).toMatchObject({ status: 'scheduled', appliedAt: null, decidedByName: 'Test doslead' });
    expect(approved.service.version).toBe(1);
    const scheduled = await t.request<ApiReply<'/api/directory/changes'>>('GET', `/api/directory/changes?status=scheduled&serviceId=${service.id}`, { as: 'doslead' });
    expect(scheduled.body.changes.map((c) => c.id)).toEqual([proposed.body.change.id]);

    // Nothing happens before the date: the service keeps its hours in both processes.
    t.clock.set('2026-11-30T23:59:59Z');
    expect(await t.signpost.scheduledChanges.applyDue()).toEqual({ applied: [], lapsed: [] });
    expect(await offeredAt19(t.signpost, service.id, '2026-11-30T19:00:00Z')).toBe(true);
    expect(await offeredAt19(other, service.id, '2026-11-30T19:00:00Z')).toBe(true);

    // Midnight in London (GMT in December): both processes run their scheduler at the same moment.
    t.clock.set('2026-12-01T00:00:00Z');
    const [a, b] = await Promise.all([t.signpost.scheduledChanges.applyDue(), other.scheduledChanges.applyDue()]);
    expect([...a.applied, ...b.applied]).toEqual([proposed.body.change.id]);

    const now = await serviceOf(service.id);
    expect(now.version).toBe(2);
    expect(now.openingTimes.weekly.mon).toEqual([{ open: '08:00', close: '18:00' }]);
    expect(await changeOf(proposed.body.change.id)).toMatchObject({ status: 'approved', appliedAt: '2026-12-01T00:00:00.000Z', lapsedReason: null });
    const history = await t.request<ApiReply<'/api/directory/services/{id}/history'>>('GET', `/api/directory/services/${service.id}/history`, { as: 'doslead' });
    expect(history.body.versions).toHaveLength(2);
    expect(history.body.versions[0]).toMatchObject({ version: 2, changeId: proposed.body.change.id, changedByName: 'Test doslead', changedAt: '2026-12-01T00:00:00.000Z' });

    // The same directory event as an immediate change, once: both processes' searches follow it.
    const events = await t.signpost.platform.db.selectFrom('events').select(['type']).where('type', 'in', ['service.updated', 'service.change_applied']).where('at', '=', new Date('2026-12-01T00:00:00Z')).execute();
    expect(events.map((e) => e.type).sort()).toEqual(['service.change_applied', 'service.updated']);
    expect(await offeredAt19(t.signpost, service.id, '2026-12-01T19:00:00Z')).toBe(false);
    expect(await offeredAt19(other, service.id, '2026-12-01T19:00:00Z')).toBe(false);
    t.clock.set(NOW);
  });

  it('chains: winter hours from December, summer hours back from March, proposed and approved in advance', async () => {
    const service = await createService({ openingTimes: hours('08:00', '20:00') });
    const winter = await propose(service.id, hours('09:00', '17:00'), '2026-12-01');
    await approve(winter.body.change.id);
    // Proposed against the hours the service will have by then, not those it has now.
    const summer = await propose(service.id, hours('08:00', '20:00'), '2027-03-01');
    expect(summer.status, JSON.stringify(summer.body)).toBe(202);
    const detail = await t.request<ApiReply<'/api/directory/changes/{id}'>>('GET', `/api/directory/changes/${summer.body.change.id}`, { as: 'doslead' });
    expect(detail.body.diff.find((d) => d.path === 'openingTimes.weekly.mon')).toMatchObject({ before: [{ open: '09:00', close: '17:00' }], after: [{ open: '08:00', close: '20:00' }] });
    expect((await approve(summer.body.change.id)).change.status).toBe('scheduled');

    t.clock.set('2026-12-01T00:00:01Z');
    expect((await t.signpost.scheduledChanges.applyDue()).applied).toEqual([winter.body.change.id]);
    expect((await serviceOf(service.id)).openingTimes.weekly.mon).toEqual([{ open: '09:00', close: '17:00' }]);
    t.clock.set('2027-03-01T00:00:00Z');
    expect((await t.signpost.scheduledChanges.applyDue()).applied).toEqual([summer.body.change.id]);
    expect(await serviceOf(service.id)).toMatchObject({ version: 3, openingTimes: { weekly: { mon: [{ open: '08:00', close: '20:00' }] } } });
    t.clock.set(NOW);
  });

  it('lapses, saying why, when the sections it replaces were changed by another change before its date', async () => {
    const service = await createService();
    const later = await propose(service.id, hours('10:00', '16:00'), '2026-12-01');
    await approve(later.body.change.id);
    const now = await propose(service.id, hours('07:00', '21:00'));
    await approve(now.body.change.id);

    t.clock.set('2026-12-01T00:00:00Z');
    expect(await t.signpost.scheduledChanges.applyDue()).toEqual({ applied: [], lapsed: [later.body.change.id] });
    const lapsed = await changeOf(later.body.change.id);
    expect(lapsed.status).toBe('lapsed');
    expect(lapsed.lapsedReason).toMatch(/^Not applied on Tue 1 Dec 2026 00:00: .*changed since this proposal/);
    expect((await serviceOf(service.id)).openingTimes.weekly.mon).toEqual([{ open: '07:00', close: '21:00' }]);
    t.clock.set(NOW);
  });

  it('can be called off before its date (rejected with a reason), and then never applies', async () => {
    const service = await createService();
    const proposed = await propose(service.id, hours('09:00', '12:00'), '2026-12-01');
    await approve(proposed.body.change.id);
    const own = await t.request<ErrorReply>('POST', `/api/directory/changes/${proposed.body.change.id}/reject`, { as: 'provider', body: { reason: 'x' } });
    expect(own.status).toBe(403);
    const off = await t.request<ApiReply<'/api/directory/changes/{id}/reject', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/reject`, { as: 'doslead2', body: { reason: 'Winter hours cancelled' } });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.change).toMatchObject({ status: 'rejected', decisionReason: 'Winter hours cancelled', decidedByName: 'Test doslead2' });
    t.clock.set('2026-12-01T00:00:00Z');
    expect(await t.signpost.scheduledChanges.applyDue()).toEqual({ applied: [], lapsed: [] });
    expect((await serviceOf(service.id)).version).toBe(1);
    t.clock.set(NOW);
  });

  it('applies at once a change approved after its date has passed', async () => {
    const service = await createService();
    const proposed = await propose(service.id, hours('08:00', '19:00'), '2026-11-20');
    t.clock.set('2026-11-21T12:00:00Z');
    const approved = await approve(proposed.body.change.id);
    expect(approved.change).toMatchObject({ status: 'approved', appliedAt: '2026-11-21T12:00:00.000Z' });
    expect(approved.service.version).toBe(2);
    t.clock.set(NOW);
  });
});

describe('names and words', () => {
  it('shows who proposed and decided by name, and list entries added and removed in words', async () => {
    const service = await createService({ referralEndpoints: [{ kind: 'email', address: 'old@example.nhs.uk' }] });
    const christmas = { ...hours('08:00', '20:00'), specifiedDates: [{ date: '2026-12-24', sessions: [] }, { date: '2026-12-31', sessions: [{ open: '10:00', close: '14:00' }], note: "New Year's Eve" }] };
    const proposed = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${service.id}`, {
      as: 'doslead',
      body: { reason: 'Christmas', changes: { openingTimes: christmas, referralEndpoints: [{ kind: 'fhir', address: 'https://fhir.example.nhs.uk/r4' }] } },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    const detail = await t.request<ApiReply<'/api/directory/changes/{id}'>>('GET', `/api/directory/changes/${proposed.body.change.id}`, { as: 'doslead2' });
    expect(detail.body.change.proposedByName).toBe('Test doslead');
    const words = detail.body.diff.map((d) => d.words).filter(Boolean);
    expect(words).toEqual(
      expect.arrayContaining([
        'Added: Thu 24 Dec 2026 closed',
        "Added: Thu 31 Dec 2026 10:00–14:00 (New Year's Eve)",
        'Removed endpoint: email old@example.nhs.uk',
        'Added endpoint: fhir https://fhir.example.nhs.uk/r4',
      ]),
    );
    expect(detail.body.diff.map((d) => d.path)).not.toContain('openingTimes.specifiedDates.0');

    const list = await t.request<ApiReply<'/api/directory/changes'>>('GET', `/api/directory/changes?serviceId=${service.id}`, { as: 'doslead2' });
    expect(list.body.changes.find((c) => c.id === proposed.body.change.id)).toMatchObject({ proposedByName: 'Test doslead', decidedByName: null });
    expect(list.body.changes.find((c) => c.kind === 'create')).toMatchObject({ proposedByName: 'Test doslead', decidedByName: 'Test doslead2' });
    const rejected = await t.request<ApiReply<'/api/directory/changes/{id}/reject', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/reject`, { as: 'doslead2', body: { reason: 'Wrong year' } });
    expect(rejected.body.change).toMatchObject({ status: 'rejected', decidedByName: 'Test doslead2' });
  });
});
