// Find and refer by need (issue 16): the capability catalogue, capabilities in service profiles (and
// their approval), POST /api/directory/needs-search, the directory's full-text search, and a
// professional's referral by need — the ten-minute test at the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import { emptyWeek } from '../src/directory/opening-hours';
import { aService } from './builders';
import { aPatient, extraUser } from './case-helpers';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
let gp: Awaited<ReturnType<typeof extraUser>>;
const ids: Record<string, number> = {};

const everyDay = (open: string, close: string) =>
  Object.fromEntries(Object.keys(emptyWeek()).map((d) => [d, [{ open, close }]])) as ReturnType<typeof emptyWeek>;
const home = (...codes: string[]) => codes.map((code) => ({ code, where: ['home' as const] }));
const dayTimes = { alwaysOpen: false, weekly: everyDay('08:00', '17:30'), bankHoliday: [], specifiedDates: [] };

/** The elderly insulin-dependent patient who lives alone with a broken arm. */
const NEEDS = ['cannot inject insulin', 'cannot dress', 'cannot cook', 'lives alone'];

beforeAll(async () => {
  // A Wednesday, 10:00 London time.
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  await t.signpost.identity.createOrganisation(signpostItself, { id: 'practice-g82001', name: 'The Surgery, Canterbury', kind: 'gp-practice', odsCode: 'G82001' });
  await t.signpost.identity.createOrganisation(signpostItself, { id: 'kcc', name: 'Kent County Council adult social care', kind: 'provider' });
  const profile = (name: string, overrides: Parameters<typeof aService>[0]) =>
    aService({ name, access: { walkIn: false, phoneFirst: false, referralOnly: true, bookingRequired: false }, referralRoles: ['clinician', 'provider'], openingTimes: dayTimes, ...overrides });
  const services = {
    nursing: profile('Canterbury district nursing team', { typeId: 1030, organisationId: 'kcht-nursing', capabilities: home('insulin-administration', 'wound-care', 'catheter-care', 'palliative-care') }),
    reablement: profile('Canterbury same-day reablement', { typeId: 1061, organisationId: 'kcc', capabilities: home('personal-care', 'meals', 'short-term-reablement', 'welfare-check') }),
    // Open only at night: never in a "now" window at 10:00.
    night: profile('Night nursing service', {
      typeId: 1031,
      organisationId: 'kcht-nursing',
      openingTimes: { alwaysOpen: false, weekly: everyDay('19:00', '23:59'), bankHoliday: [], specifiedDates: [] },
      capabilities: home('insulin-administration', 'personal-care', 'meals', 'welfare-check'),
    }),
    // Takes referrals from the front door only: the GP may see it but not refer.
    frontDoorOnly: profile('111-only welfare line', { typeId: 1060, organisationId: 'kcc', referralRoles: ['call-handler'], capabilities: home('welfare-check') }),
    // Children only.
    children: profile('Children’s community nursing', { typeId: 1030, organisationId: 'kcht-nursing', eligibility: { ageFromDays: 0, ageToDays: 6574, sexes: ['female', 'male'], registeredPractices: [] }, capabilities: home('insulin-administration') }),
    utc: aService({ name: 'Canterbury UTC', description: 'Minor injuries, x-ray and plaster casts' }),
  };
  const created = await t.signpost.directory.importServices(signpostItself, Object.values(services).map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  Object.keys(services).forEach((key, i) => (ids[key] = created[i]));
  await t.signpost.search.build();
  gp = await extraUser(t, 'gp', 'practice-g82001', ['provider_staff']);
});
afterAll(async () => t?.close());

type NeedsReply = ApiReply<'/api/directory/needs-search', 'post'>;
const needsSearch = (body: Record<string, unknown>) => gp('POST', '/api/directory/needs-search', body) as Promise<{ status: number; body: NeedsReply & ErrorReply }>;
const elderly = { postcode: 'CT1 3NG', age: 84, registeredPractice: 'G82001' };

describe('the capability catalogue', () => {
  it('lists capabilities with codes, names and need phrases, to anyone', async () => {
    const reply = await t.request<ApiReply<'/api/reference/capabilities'>>('GET', '/api/reference/capabilities');
    expect(reply.status).toBe(200);
    expect(reply.body.capabilities.length).toBeGreaterThanOrEqual(20);
    const insulin = reply.body.capabilities.find((c) => c.code === 'insulin-administration');
    expect(insulin?.needs).toContain('cannot inject insulin');
  });
});

describe('capabilities in a service profile', () => {
  it('are proposed, shown in the diff and approved like any other section; an unknown one is refused naming it', async () => {
    const unknown = await t.request<ErrorReply>('PATCH', `/api/directory/services/${ids.utc}`, { as: 'doslead', body: { reason: 'add', changes: { capabilities: [{ code: 'teleportation', where: ['home'] }] } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toContainEqual(expect.objectContaining({ path: 'body.changes.capabilities.0.code', message: 'unknown capability teleportation' }));
    const noPlace = await t.request<ErrorReply>('PATCH', `/api/directory/services/${ids.utc}`, { as: 'doslead', body: { reason: 'add', changes: { capabilities: [{ code: 'wound-care', where: [] }] } } });
    expect(noPlace.status).toBe(400);

    const proposed = await t.request<ApiReply<'/api/directory/services/{id}', 'patch'>>('PATCH', `/api/directory/services/${ids.utc}`, {
      as: 'provider',
      body: { reason: 'we dress wounds on site', changes: { capabilities: [{ code: 'wound-care', where: ['on-site'] }] } },
    });
    expect(proposed.status).toBe(202);
    const detail = await t.request<ApiReply<'/api/directory/changes/{id}'>>('GET', `/api/directory/changes/${proposed.body.change.id}`, { as: 'doslead' });
    expect(detail.body.diff.map((d) => d.path).join(' ')).toMatch(/capabilities/);
    const approved = await t.request<ApiReply<'/api/directory/changes/{id}/approve', 'post'>>('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead', body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body.service.capabilities).toEqual([{ code: 'wound-care', where: ['on-site'] }]);
  });
});

describe('POST /api/directory/needs-search', () => {
  it('reads needs in words, and finds two services that together cover the ten-minute test', async () => {
    const reply = await needsSearch({ needs: NEEDS, ...elderly, when: 'now' });
    expect(reply.status).toBe(200);
    expect(reply.body.needs.map((n) => n.capability.code)).toEqual(['insulin-administration', 'personal-care', 'meals', 'welfare-check']);
    // No one service covers all four now (the night service covers them all, but opens at 19:00).
    expect(reply.body.complete).toEqual([]);
    const [pair] = reply.body.pairs;
    expect(pair.services.map((s) => s.name).sort()).toEqual(['Canterbury district nursing team', 'Canterbury same-day reablement']);
    const nursing = pair.services.find((s) => s.serviceId === ids.nursing)!;
    expect(nursing.covers.map((c) => c.need)).toEqual(['cannot inject insulin']);
    expect(nursing.missing).toEqual(['cannot dress', 'cannot cook', 'lives alone']);
    expect(nursing.openNow).toBe(true);
    expect(nursing.youMayRefer).toBe(true);
    expect(nursing.capacity.status).toBe('green');
    // Partial coverage: most needs first; the children's team and the night service are left out (age, closed).
    expect(reply.body.partial[0].serviceId).toBe(ids.reablement);
    expect(reply.body.partial.map((s) => s.serviceId)).not.toContain(ids.children);
    expect(reply.body.left.age).toBe(1);
    expect(reply.body.left.closed).toBe(1);
    const frontDoor = reply.body.partial.find((s) => s.serviceId === ids.frontDoorOnly)!;
    expect(frontDoor.youMayRefer).toBe(false);
    expect(frontDoor.referNote).toMatch(/call-handler/);
  });

  it('says when a service starts, for help needed later, and takes capability codes', async () => {
    t.clock.set('2026-11-18T18:00:00Z');
    try {
      const tonight = await needsSearch({ needs: ['insulin-administration', 'personal-care', 'meals', 'welfare-check'], ...elderly, when: 'today' });
      expect(tonight.status).toBe(200);
      const [night] = tonight.body.complete;
      expect(night.serviceId).toBe(ids.night);
      expect(night.openNow).toBe(false);
      expect(night.opensAt).toBe('2026-11-18T19:00:00.000Z');
      const morning = await needsSearch({ needs: ['cannot inject insulin'], ...elderly, when: 'tomorrow morning' });
      expect(morning.body.complete.map((s) => s.serviceId)).toEqual([ids.nursing]);
      expect(morning.body.window.from).toBe('2026-11-19T08:00:00.000Z');
    } finally {
      t.clock.set('2026-11-18T10:00:00Z');
    }
  });

  it('refuses an unknown capability or a need that matches nothing, naming it', async () => {
    const code = await needsSearch({ needs: ['cannot dress', 'flying-carpet'], ...elderly });
    expect(code.status).toBe(400);
    expect(code.body.error.details).toEqual([{ path: 'body.needs.1', message: 'unknown capability flying-carpet' }]);
    const words = await needsSearch({ needs: ['xyzzy plugh'], ...elderly });
    expect(words.status).toBe(400);
    expect(words.body.error.message).toMatch(/xyzzy plugh/);
    expect((await needsSearch({ needs: ['cannot dress'] })).status).toBe(400);
    expect((await needsSearch({ needs: ['cannot dress'], ...elderly, when: 'next tuesday' })).status).toBe(400);
    expect((await needsSearch({ needs: ['cannot dress'], ...elderly, when: '2026-11-17T10:00:00Z' })).status).toBe(400);
    expect((await needsSearch({ needs: [], ...elderly })).status).toBe(400);
  });
});

describe('full-text search of the directory', () => {
  it('finds services by description and by what they can do, in words', async () => {
    const list = async (q: string) => (await t.request<ApiReply<'/api/directory/services'>>('GET', `/api/directory/services?q=${encodeURIComponent(q)}`, { as: 'doslead' })).body.services.map((s) => s.name);
    expect(await list('plaster casts')).toEqual(['Canterbury UTC']);
    expect(await list('insulin')).toContain('Canterbury district nursing team');
    expect(await list('cannot dress')).toEqual(expect.arrayContaining(['Canterbury same-day reablement', 'Night nursing service']));
    expect(await list('cannot dress')).not.toContain('Canterbury district nursing team');
  });
});

describe('POST /api/referrals/by-need', () => {
  const referral = (body: Record<string, unknown>) => gp('POST', '/api/referrals/by-need', body);
  const patient = aPatient({ firstName: 'Edith', lastName: 'Marsh', dateOfBirth: '1942-03-01', registeredPractice: 'G82001', postcode: 'CT1 3NG' });

  it('sends the patient, the needs and a note; the district nursing team accepts it from its inbox', async () => {
    const sent = await referral({ patient, needs: NEEDS, when: 'now', serviceId: ids.nursing, note: 'Broken right arm in a cast; lives alone.' });
    expect(sent.status).toBe(201);
    expect(sent.body.referral.status).toBe('requested');
    expect(sent.body.referral.summary).toMatch(/cannot inject insulin/);
    expect(sent.body.referral.summary).toMatch(/Broken right arm/);
    expect(sent.body.needs.filter((n: { covered: boolean }) => n.covered).map((n: { code: string }) => n.code)).toEqual(['insulin-administration']);

    const inbox = await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'nursing' });
    const item = inbox.body.items.find((i) => i.referralId === sent.body.referral.id);
    expect(item?.kind).toBe('referral');
    const accepted = await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${sent.body.referral.id}/accept`, { as: 'nursing' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.referral.status).toBe('accepted');
    // The nursing team now works the case; the GP sees where the referral stands.
    const c = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${sent.body.referral.caseId}`, { as: 'nursing' });
    expect(c.body.case.channel).toBe('professional-referral');
    expect((await gp('GET', `/api/referrals/${sent.body.referral.id}`)).body.referral.status).toBe('accepted');
  });

  it('refuses a service that does not take referrals from the referrer’s role with 403 and the reason', async () => {
    const refused = await referral({ patient, needs: ['lives alone'], serviceId: ids.frontDoorOnly });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('referral_role_not_accepted');
    expect(refused.body.error.message).toMatch(/does not take referrals from a provider: it takes them from call-handler/);
  });

  it('refuses unknown needs, a service that lists none of them, and those who do not refer', async () => {
    const unknown = await referral({ patient, needs: ['flying-carpet'], serviceId: ids.nursing });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'body.needs.0', message: 'unknown capability flying-carpet' }]);
    const notCovered = await referral({ patient, needs: ['cannot cook'], serviceId: ids.nursing });
    expect(notCovered.status).toBe(400);
    expect(notCovered.body.error.code).toBe('needs_not_covered');
    const before = await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'nursing' });
    const asCallHandler = await t.request<ErrorReply>('POST', '/api/referrals/by-need', { as: 'callhandler', body: { patient, needs: ['cannot inject insulin'], serviceId: ids.nursing } });
    expect(asCallHandler.status).toBe(403);
    const after = await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'nursing' });
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});
