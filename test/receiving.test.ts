// Receiving services (issue 16, item 4): coded rejection and the inappropriate flag, the 111/CAS
// responses and the case list's marks (an end-of-life patient's rejection above all), slots withdrawn
// and a taken slot named, pass-over reasons that must be given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import { readEventsAfter } from '../src/platform/events';
import { aService } from './builders';
import { aPatient, openCase, runTriage } from './case-helpers';
import { testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
const ids: Record<string, number> = {};
const breathing = { dispositions: ['Dx05', 'Dx06', 'Dx28'], symptoms: [{ sg: 11000, sd: '14013' }, { sg: 11000, sd: '4003' }] };

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const services = {
    utc: aService({ name: 'Receiving UTC', coverage: breathing }),
    clinic: aService({ name: 'Receiving bookable clinic', typeId: 136, coverage: breathing, access: { walkIn: false, phoneFirst: false, referralOnly: false, bookingRequired: true } }),
    hospital: aService({ name: 'Receiving hospital clinic', typeId: 136, organisationId: 'ekhuft', coverage: breathing }),
  };
  const created = await t.signpost.directory.importServices(signpostItself, Object.values(services).map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  Object.keys(services).forEach((key, i) => (ids[key] = created[i]));
  await t.signpost.search.build();
});
afterAll(async () => t?.close());

async function triagedCase(patient: Record<string, unknown> = {}) {
  const { case: c } = await openCase(t, aPatient(patient));
  const view = await runTriage(t, 'breathing-problems', { inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' });
  const linked = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } });
  expect(linked.status).toBe(200);
  return linked.body.case;
}

async function referTo(caseId: string, serviceId: number, extra: Record<string, unknown> = {}) {
  const res = await t.request<ApiReply<'/api/cases/{id}/referrals', 'post'>>('POST', `/api/cases/${caseId}/referrals`, { as: 'callhandler', body: { serviceId, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.referral;
}

const reject = (id: string, body: unknown) => t.request<ApiReply<'/api/referrals/{id}/reject', 'post'> & ErrorReply>('POST', `/api/referrals/${id}/reject`, { as: 'provider', body });

describe('coded rejection', () => {
  it('needs a national reason code (400 naming it); 99 needs words; the words default to the code’s meaning', async () => {
    const c = await triagedCase();
    const r = await referTo(c.id, ids.utc);
    const none = await reject(r.id, { reason: 'Full tonight' });
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((d) => d.path)).toContain('body.reasonCode');
    const unknown = await reject(r.id, { reasonCode: '25' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d) => d.path)).toContain('body.reasonCode');
    const other = await reject(r.id, { reasonCode: '99' });
    expect(other.status).toBe(400);
    expect(other.body.error.details.map((d) => d.path)).toContain('body.reason');
    const badFlag = await reject(r.id, { reasonCode: '23', inappropriate: { code: 'wrong-everything' } });
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.error.details.map((d) => d.path)).toContain('body.inappropriate.code');
    // Nothing was half-written by the refusals.
    expect((await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${r.id}`, { as: 'provider' })).body.referral.status).toBe('requested');

    const done = await reject(r.id, { reasonCode: '31' });
    expect(done.status).toBe(200);
    expect(done.body.referral).toMatchObject({ status: 'rejected', rejection: { reasonCode: '31', reason: 'No appointments' }, inappropriate: null });
  });

  it('flags a referral inappropriate: kept on the referral, with its own event for the feedback loop', async () => {
    const c = await triagedCase();
    const r = await referTo(c.id, ids.utc);
    const before = (await readEventsAfter(t.signpost.platform.db, 0, 100_000)).at(-1)?.id ?? 0;
    const done = await reject(r.id, { reasonCode: '23', reason: 'Needs a dentist, not a UTC', inappropriate: { code: 'wrong-disposition', note: 'Dental pain triaged as breathing' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.referral).toMatchObject({
      status: 'rejected',
      rejection: { reasonCode: '23', reason: 'Needs a dentist, not a UTC' },
      inappropriate: { code: 'wrong-disposition', label: 'Wrong disposition', note: 'Dental pain triaged as breathing', flaggedByName: expect.any(String) },
    });
    const events = (await readEventsAfter(t.signpost.platform.db, before, 100)).filter((e) => e.type.startsWith('referral.') && e.payload.referralId === r.id);
    expect(events.map((e) => e.type)).toEqual(['referral.rejected', 'referral.flagged_inappropriate']);
    expect(events[1].payload).toMatchObject({ code: 'wrong-disposition', organisationId: 'kcht', referredByOrg: 'ic24', disposition: 'Dx05' });
    // Read again, the flag is still there.
    expect((await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${r.id}`, { as: 'callhandler' })).body.referral.inappropriate?.code).toBe('wrong-disposition');
  });
});

describe('the front door hears back', () => {
  it('responses reach the 111 inbox; the case list marks a rejected referral and an end-of-life patient', async () => {
    const eol = await triagedCase({ nhsNumber: '9000000009' });
    const note = await t.request('POST', '/api/special-notes', { as: 'clinician', body: { nhsNumber: '9000000009', category: 'end-of-life', title: 'Palliative care plan', text: 'Wishes to die at home; DNACPR in place.', reviewDate: '2027-06-01' } });
    expect(note.status).toBe(201);
    const plain = await triagedCase();
    const accepted = await triagedCase();
    const r1 = await referTo(eol.id, ids.utc);
    const r2 = await referTo(plain.id, ids.utc);
    const r3 = await referTo(accepted.id, ids.utc);
    expect((await reject(r1.id, { reasonCode: '22' })).status).toBe(200);
    expect((await reject(r2.id, { reasonCode: '40' })).status).toBe(200);
    expect((await t.request('POST', `/api/referrals/${r3.id}/accept`, { as: 'provider' })).status).toBe(200);

    const inbox = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?kind=referral-response', { as: 'callhandler' })).body.items;
    const summaryOf = (id: string) => inbox.find((i) => i.referralId === id)?.summary;
    expect(summaryOf(r1.id)).toMatchObject({ status: 'rejected', endOfLife: true, rejection: { reasonCode: '22', reason: 'Capacity' } });
    expect(summaryOf(r2.id)).toMatchObject({ status: 'rejected', endOfLife: false });
    expect(summaryOf(r3.id)).toMatchObject({ status: 'accepted' });
    // The note's text never travels in a response.
    expect(JSON.stringify(inbox)).not.toContain('DNACPR');

    const list = await t.request<ApiReply<'/api/cases'>>('GET', '/api/cases?status=open&limit=200', { as: 'callhandler' });
    expect(list.status).toBe(200);
    const mark = (id: string) => list.body.cases.find((c) => c.id === id)?.attention;
    expect(mark(eol.id)).toMatchObject({ referralRejected: true, endOfLife: true, latestReferral: { id: r1.id, status: 'rejected', rejection: { reasonCode: '22' } } });
    expect(mark(plain.id)).toMatchObject({ referralRejected: true, endOfLife: false });
    expect(mark(accepted.id)).toMatchObject({ referralRejected: false, latestReferral: { status: 'accepted' } });
    const { case: fresh } = await openCase(t);
    expect((await t.request<ApiReply<'/api/cases'>>('GET', '/api/cases?limit=200', { as: 'callhandler' })).body.cases.find((c) => c.id === fresh.id)?.attention).toEqual({ latestReferral: null, referralRejected: false, endOfLife: false });

    // Re-referring the rejected case clears its mark: the latest referral is the new one.
    await referTo(plain.id, ids.clinic);
    const again = await t.request<ApiReply<'/api/cases'>>('GET', '/api/cases?status=open&limit=200', { as: 'callhandler' });
    expect(again.body.cases.find((c) => c.id === plain.id)?.attention).toMatchObject({ referralRejected: false, latestReferral: { status: 'requested', serviceName: 'Receiving bookable clinic' } });
  });
});

describe('passing over a higher-ranked service', () => {
  it('needs a reason code for each one: 400 naming the field when it is missing', async () => {
    const c = await triagedCase();
    const search = await t.request<ApiReply<'/api/cases/{id}/searches', 'post'>>('POST', `/api/cases/${c.id}/searches`, { as: 'callhandler', body: {} });
    expect(search.status).toBe(201);
    const [first, second] = search.body.results as { serviceId: number }[];
    expect(second).toBeDefined();
    const noCode = await t.request<ErrorReply>('POST', `/api/cases/${c.id}/referrals`, { as: 'callhandler', body: { serviceId: second.serviceId, searchId: search.body.searchId, passedOver: [{ serviceId: first.serviceId }] } });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.details.map((d) => d.path)).toContain('body.passedOver.0.reasonCode');
    const noEntry = await t.request<ErrorReply>('POST', `/api/cases/${c.id}/referrals`, { as: 'callhandler', body: { serviceId: second.serviceId, searchId: search.body.searchId } });
    expect(noEntry.status).toBe(400);
    expect(noEntry.body.error.details[0]).toMatchObject({ path: 'body.passedOver', message: expect.stringContaining(String(first.serviceId)) });
    expect((await t.request<ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${c.id}/referrals`, { as: 'callhandler' })).body.referrals).toHaveLength(0);
  });
});

describe('managing appointment slots', () => {
  it('a taken slot is a 409 naming it; a free slot is withdrawn by its own service, a booked one is not', async () => {
    const slots = ['09', '10', '11'].map((hour) => ({ start: `2026-11-20T${hour}:00:00Z`, end: `2026-11-20T${hour}:30:00Z` }));
    const published = await t.request<ApiReply<'/api/services/{id}/slots', 'post'>>('POST', `/api/services/${ids.clinic}/slots`, { as: 'provider', body: { slots } });
    expect(published.status).toBe(201);
    const [a, b, c] = published.body.created;

    const first = await triagedCase();
    const booked = await referTo(first.id, ids.clinic, { slotId: a.id });
    expect(booked.appointment?.slotId).toBe(a.id);
    const second = await triagedCase();
    const taken = await t.request<ErrorReply>('POST', `/api/cases/${second.id}/referrals`, { as: 'callhandler', body: { serviceId: ids.clinic, slotId: a.id } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'slot_taken', message: expect.stringContaining(a.id) });
    expect(taken.body.error.message).toContain('2026-11-20T09:00:00.000Z');
    expect(taken.body.error.details.map((d) => d.message)).toEqual(expect.arrayContaining([`${a.id} taken`, expect.stringContaining(b.id)]));

    const path = (slotId: string, serviceId = ids.clinic) => `/api/services/${serviceId}/slots/${slotId}`;
    expect((await t.request('DELETE', path(b.id), { as: 'otherprovider' })).status).toBe(403);
    expect((await t.request('DELETE', path(b.id), { as: 'callhandler' })).status).toBe(403);
    expect((await t.request('DELETE', path(b.id, ids.utc), { as: 'provider' })).status).toBe(404);
    const bookedOne = await t.request<ErrorReply>('DELETE', path(a.id), { as: 'provider' });
    expect(bookedOne.status).toBe(409);
    expect(bookedOne.body.error).toMatchObject({ code: 'slot_booked', message: expect.stringContaining(booked.id) });
    const withdrawn = await t.request<ApiReply<'/api/services/{id}/slots/{slotId}', 'delete'>>('DELETE', path(b.id), { as: 'provider' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: b.id, status: 'free' });
    expect((await t.request('DELETE', path(b.id), { as: 'provider' })).status).toBe(404);
    const left = (await t.request<ApiReply<'/api/services/{id}/slots'>>('GET', `/api/services/${ids.clinic}/slots?status=all`, { as: 'provider' })).body.slots.map((s) => s.id);
    expect(left).toEqual([a.id, c.id]);
  });
});
