import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aService } from './builders';
import { testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
});
afterAll(async () => t?.close());

async function createService(overrides = {}, proposer: 'doslead' | 'provider' = 'doslead') {
  const proposed = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: proposer, body: { reason: 'New service', service: aService(overrides) } });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
  const approved = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead2', body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.service;
}

async function changeCount() {
  return (await t.request<ApiReply<'/api/directory/changes'>>('GET', '/api/directory/changes', { as: 'doslead' })).body.changes.length;
}

describe('change approval', () => {
  it('applies a new service only when a second person approves it', async () => {
    const proposed = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'Commissioned from December', service: aService() } });
    expect(proposed.status).toBe(202);
    expect(proposed.body.change).toMatchObject({ kind: 'create', status: 'pending', serviceId: null });

    const own = await t.request<ErrorReply>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead', body: {} });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/second person/);

    const approved = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead2', body: { reason: 'Checked with the provider' } });
    expect(approved.status).toBe(200);
    const service = approved.body.service;
    expect(service).toMatchObject({ version: 1, areaCode: 'ek-canterbury', nation: 'england-and-wales', publicName: 'Canterbury Urgent Treatment Centre' });
    expect(service.lat).toBeCloseTo(51.28, 1);

    const history = await t.request<ApiReply<'/api/directory/services/{id}/history'>>('GET', `/api/directory/services/${service.id}/history`, { as: 'callhandler' });
    expect(history.body.versions).toHaveLength(1);
    expect(history.body.versions[0]).toMatchObject({ version: 1, reason: 'Commissioned from December', changeId: proposed.body.change.id });
  });

  it('lets provider staff propose changes to their own services (and those below them) and keeps every version', async () => {
    const service = await createService({ organisationId: 'kcht-nursing' });
    const newHours = { ...aService().openingTimes, weekly: { ...aService().openingTimes.weekly, sat: [{ open: '09:00', close: '13:00' }] } };
    const proposed = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${service.id}`, {
      as: 'provider',
      body: { reason: 'Saturday morning clinic starts', changes: { openingTimes: newHours, contacts: { publicPhone: '01227 555 999' } } },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);

    const detail = await t.request<ApiReply<'/api/directory/changes/{id}'>>('GET', `/api/directory/changes/${proposed.body.change.id}`, { as: 'doslead' });
    const paths = detail.body.diff.map((d: { path: string }) => d.path);
    // A day's sessions are compared whole: "Saturday: closed → 09:00–13:00", not session by position.
    expect(paths).toContain('openingTimes.weekly.sat');
    expect(paths).toContain('contacts.publicPhone');
    expect(paths).toContain('contacts.professionalPhone');

    const approved = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead', body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body.service.version).toBe(2);
    expect(approved.body.service.openingTimes.weekly.sat).toEqual([{ open: '09:00', close: '13:00' }]);

    const history = await t.request<ApiReply<'/api/directory/services/{id}/history'>>('GET', `/api/directory/services/${service.id}/history`, { as: 'doslead' });
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const latest = history.body.versions[0];
    expect(latest.reason).toBe('Saturday morning clinic starts');
    expect(latest.diff).toContainEqual({ path: 'openingTimes.weekly.sat', before: [], after: [{ open: '09:00', close: '13:00' }] });
  });

  it('refuses provider staff editing another organisation’s service, or creating one for it', async () => {
    const service = await createService({ organisationId: 'kcht' });
    const edit = await t.request('PATCH', `/api/directory/services/${service.id}`, {
      as: 'otherprovider',
      body: { reason: 'x', changes: { name: 'Taken over' } },
    });
    expect(edit.status).toBe(403);
    const create = await t.request('POST', '/api/directory/services', { as: 'provider', body: { reason: 'x', service: aService({ organisationId: 'ekhuft' }) } });
    expect(create.status).toBe(403);
    // A child organisation's staff cannot edit the parent's services.
    const upward = await t.request('PATCH', `/api/directory/services/${service.id}`, { as: 'nursing', body: { reason: 'x', changes: { name: 'Renamed' } } });
    expect(upward.status).toBe(403);
  });

  it('rejects with a reason, once; only the proposer may withdraw', async () => {
    const proposed = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: 'provider', body: { reason: 'Pop-up clinic', service: aService() } });
    const id = proposed.body.change.id;
    expect((await t.request('POST', `/api/directory/changes/${id}/reject`, { as: 'doslead', body: {} })).status).toBe(400);
    expect((await t.request('POST', `/api/directory/changes/${id}/withdraw`, { as: 'doslead' })).status).toBe(403);
    const rejected = await t.request<ApiReply<'/api/directory/changes/{id}/reject', 'post'>>('POST', `/api/directory/changes/${id}/reject`, { as: 'doslead', body: { reason: 'Not commissioned' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.change).toMatchObject({ status: 'rejected', decisionReason: 'Not commissioned' });
    const again = await t.request<ErrorReply>('POST', `/api/directory/changes/${id}/approve`, { as: 'doslead', body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already rejected/);
  });

  it('refuses to apply a proposal whose sections changed since it was made', async () => {
    const service = await createService();
    const first = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${service.id}`, { as: 'provider', body: { reason: 'a', changes: { publicName: 'Name A' } } });
    const second = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${service.id}`, { as: 'provider', body: { reason: 'b', changes: { publicName: 'Name B' } } });
    expect((await t.request('POST', `/api/directory/changes/${first.body.change.id}/approve`, { as: 'doslead', body: {} })).status).toBe(200);
    const stale = await t.request<ErrorReply>('POST', `/api/directory/changes/${second.body.change.id}/approve`, { as: 'doslead', body: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_proposal');
    expect(stale.body.error.details[0].path).toBe('changes.publicName');
    expect((await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}`, { as: 'doslead' })).body.service.publicName).toBe('Name A');
  });

  it('closes a service through the same approval, keeping it and its history', async () => {
    const service = await createService();
    const proposed = await t.request<ApiReply<'/api/directory/services/{id}', 'delete'>>('DELETE', `/api/directory/services/${service.id}`, { as: 'doslead', body: { reason: 'Decommissioned' } });
    expect(proposed.status).toBe(202);
    await t.request('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead2', body: {} });
    const read = await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}`, { as: 'doslead' });
    expect(read.body.service.status).toBe('closed');
  });
});

describe('bad input is refused whole, naming the field', () => {
  const cases: [string, Record<string, unknown>, number, string, RegExp][] = [
    ['overlapping sessions', { openingTimes: { alwaysOpen: false, weekly: { mon: [{ open: '08:00', close: '12:00' }, { open: '11:00', close: '14:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, bankHoliday: null, specifiedDates: [] } }, 400, 'body.service.openingTimes.weekly.mon.1.open', /overlaps/],
    ['a session crossing midnight', { openingTimes: { alwaysOpen: false, weekly: { mon: [{ open: '22:00', close: '02:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, bankHoliday: null, specifiedDates: [] } }, 400, 'body.service.openingTimes.weekly.mon.0.close', /midnight/],
    ['an age range upside down', { eligibility: { ageFromDays: 6000, ageToDays: 365, sexes: ['female'], registeredPractices: [] } }, 400, 'body.service.eligibility.ageToDays', /upside down/],
    ['an unknown disposition', { coverage: { dispositions: ['Dx999'], symptoms: [{ sg: 1011, sd: '4052' }] } }, 400, 'body.service.coverage.dispositions.0', /Dx999/],
    ['an unknown symptom discriminator', { coverage: { dispositions: ['Dx02'], symptoms: [{ sg: 1011, sd: '9999' }] } }, 400, 'body.service.coverage.symptoms.0.sd', /9999/],
    ['an unknown area', { areas: { commissionedFor: ['atlantis'], limitedTo: [], promotedInto: [] } }, 400, 'body.service.areas.commissionedFor.0', /atlantis/],
    ['an unknown postcode', { address: { lines: ['1 High St'], town: 'Nowhere', postcode: 'TR1 1AA' } }, 422, 'body.service.address.postcode', /unknown postcode/],
    ['referral-only and walk-in at once', { access: { walkIn: true, phoneFirst: false, referralOnly: true, bookingRequired: false } }, 400, 'body.service.access.walkIn', /referral-only/],
  ];
  for (const [name, override, status, path, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await changeCount();
      const res = await t.request<ErrorReply>('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'x', service: aService(override) } });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
      expect(detail, JSON.stringify(res.body.error.details)).toBeDefined();
      expect(detail?.message).toMatch(message);
      expect(await changeCount()).toBe(before);
    });
  }

  it('refuses an update that changes nothing, or names an unknown section', async () => {
    const service = await createService();
    const same = await t.request('PATCH', `/api/directory/services/${service.id}`, { as: 'doslead', body: { reason: 'x', changes: { name: service.name } } });
    expect(same.status).toBe(400);
    const unknown = await t.request<ErrorReply>('PATCH', `/api/directory/services/${service.id}`, { as: 'doslead', body: { reason: 'x', changes: { colour: 'blue' } } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error)).toMatch(/colour/);
  });

  it('answers 404 for a service that does not exist and 400 for a malformed id', async () => {
    expect((await t.request('GET', '/api/directory/services/999999', { as: 'doslead' })).status).toBe(404);
    const bad = await t.request<ErrorReply>('GET', '/api/directory/services/abc', { as: 'doslead' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('params.id');
  });
});

describe('idempotent retries', () => {
  it('answers a retried proposal with the first reply and writes it once', async () => {
    const before = await changeCount();
    const body = { reason: 'Retried', service: aService({ publicName: 'Retry UTC' }) };
    const first = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: 'doslead', body, headers: { 'idempotency-key': 'k-1' } });
    const second = await t.request<ApiReply<'/api/directory/services', 'post'>>('POST', '/api/directory/services', { as: 'doslead', body, headers: { 'idempotency-key': 'k-1' } });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.change.id).toBe(first.body.change.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await changeCount()).toBe(before + 1);
    const reused = await t.request('POST', '/api/directory/services', { as: 'doslead', body: { ...body, reason: 'Other' }, headers: { 'idempotency-key': 'k-1' } });
    expect(reused.status).toBe(422);
  });

  it('lets a failed request be retried with the same key', async () => {
    const bad = await t.request('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'x', service: aService({ address: { lines: ['x'], town: 'x', postcode: 'TR1 1AA' } }) }, headers: { 'idempotency-key': 'k-2' } });
    expect(bad.status).toBe(422);
    const good = await t.request('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'x', service: aService() }, headers: { 'idempotency-key': 'k-2' } });
    expect(good.status).toBe(202);
  });
});

describe('verification', () => {
  it('lists services due for verification and moves the date when verified', async () => {
    const service = await createService({ verificationIntervalDays: 30 });
    expect(service.nextVerificationDue).toBe('2026-12-18');
    const notYet = await t.request<ApiReply<'/api/directory/verification-due'>>('GET', '/api/directory/verification-due?withinDays=7', { as: 'doslead' });
    expect(notYet.body.services.map((s: { id: number }) => s.id)).not.toContain(service.id);
    const soon = await t.request<ApiReply<'/api/directory/verification-due'>>('GET', '/api/directory/verification-due?withinDays=40', { as: 'provider' });
    expect(soon.body.services.map((s: { id: number }) => s.id)).toContain(service.id);
    const other = await t.request<ApiReply<'/api/directory/verification-due'>>('GET', '/api/directory/verification-due?withinDays=40', { as: 'otherprovider' });
    expect(other.body.services.map((s: { id: number }) => s.id)).not.toContain(service.id);

    t.clock.set('2026-12-20T09:00:00Z');
    const verified = await t.request<ApiReply<'/api/directory/services/{id}/verify', 'post'>>('POST', `/api/directory/services/${service.id}/verify`, { as: 'provider' });
    expect(verified.status).toBe(200);
    expect(verified.body.nextVerificationDue).toBe('2027-01-19');
    t.clock.set('2026-11-18T10:00:00Z');
  });
});

describe('opening status', () => {
  it('says whether a service is open and when it next opens, in London time', async () => {
    const service = await createService();
    // Friday 20 Nov 2026 19:30 GMT: open until 20:00.
    const open = await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=2026-11-20T19:30:00Z`, { as: 'callhandler' });
    expect(open.body.opening).toMatchObject({ openNow: true, nextClosing: '2026-11-20T20:00:00.000Z' });
    // Friday 20:30: closed for the weekend; opens Monday 08:00.
    const closed = await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=2026-11-20T20:30:00Z`, { as: 'callhandler' });
    expect(closed.body.opening).toMatchObject({ openNow: false, nextOpening: '2026-11-23T08:00:00.000Z' });
    // Monday 28 Dec 2026 is a bank holiday (Boxing Day substitute) and this service closes on bank holidays.
    const holiday = await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=2026-12-28T10:00:00Z`, { as: 'callhandler' });
    expect(holiday.body.opening).toMatchObject({ openNow: false, nextOpening: '2026-12-29T08:00:00.000Z' });
  });
});

describe('rankings and bank holiday overrides', () => {
  it('sets an area ranking, refusing unknown areas and types', async () => {
    const ok = await t.request('PUT', '/api/directory/rankings', { as: 'doslead', body: { areaCode: 'ek-thanet', serviceTypeId: 135, rank: 1 } });
    expect(ok.status).toBe(200);
    const list = await t.request<ApiReply<'/api/directory/rankings'>>('GET', '/api/directory/rankings', { as: 'callhandler' });
    expect(list.body.rankings).toContainEqual({ areaCode: 'ek-thanet', serviceTypeId: 135, rank: 1 });
    const bad = await t.request('PUT', '/api/directory/rankings', { as: 'doslead', body: { areaCode: 'atlantis', serviceTypeId: 99999, rank: 11 } });
    expect(bad.status).toBe(400);
    const fixedRank = await t.request<ErrorReply>('PUT', '/api/directory/rankings', { as: 'doslead', body: { areaCode: 'atlantis', serviceTypeId: 99999, rank: 2 } });
    expect(fixedRank.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.areaCode', 'body.serviceTypeId']);
  });

  it('adds a one-off bank holiday that changes opening evaluation at once', async () => {
    const service = await createService();
    const at = '2026-11-25T10:00:00Z'; // a Wednesday
    expect((await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=${at}`, { as: 'doslead' })).body.opening.openNow).toBe(true);
    const set = await t.request('PUT', '/api/directory/bank-holidays/overrides', { as: 'doslead', body: { nation: 'england-and-wales', date: '2026-11-25', kind: 'add', name: 'Royal occasion' } });
    expect(set.status).toBe(200);
    const holidays = await t.request<ApiReply<'/api/directory/bank-holidays'>>('GET', '/api/directory/bank-holidays?year=2026');
    expect(holidays.body.holidays).toContainEqual({ date: '2026-11-25', name: 'Royal occasion' });
    expect((await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=${at}`, { as: 'doslead' })).body.opening.openNow).toBe(false);
    await t.request('DELETE', '/api/directory/bank-holidays/overrides/england-and-wales/2026-11-25', { as: 'doslead' });
    expect((await t.request<ApiReply<'/api/directory/services/{id}'>>('GET', `/api/directory/services/${service.id}?at=${at}`, { as: 'doslead' })).body.opening.openNow).toBe(true);
  });
});

describe('events and audit', () => {
  it('writes the event and the audit entry in the same transaction as the change', async () => {
    const service = await createService();
    const events = await t.request<ApiReply<'/api/events'>>('GET', '/api/events?type=service.created&limit=1000', { as: 'admin' });
    const created = events.body.events.find((e: { subjectIds: string[] }) => e.subjectIds.includes(String(service.id)));
    expect(created).toMatchObject({ type: 'service.created', subjectType: 'service', actorKind: 'user' });
    const audit = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=service&subjectId=${service.id}`, { as: 'admin' });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('service.created');
  });

  it('keeps the audit log and event log append-only', async () => {
    const db = t.signpost.platform.db;
    await expect(db.updateTable('audit_log').set({ action: 'tampered' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('events').execute()).rejects.toThrow(/append-only/);
  });
});
