import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import { aService } from './builders';
import { aPatient, auditOf, extraUser, openCase, runTriage } from './case-helpers';
import { ORIGIN, testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
let practice: Awaited<ReturnType<typeof extraUser>>;
let socialWorker: Awaited<ReturnType<typeof extraUser>>;
const ids: Record<string, number> = {};
const breathing = { dispositions: ['Dx05', 'Dx06', 'Dx28'], symptoms: [{ sg: 11000, sd: '14013' }, { sg: 11000, sd: '4003' }] };

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  await t.signpost.identity.createOrganisation(signpostItself, { id: 'practice-g82001', name: 'The Surgery, Canterbury', kind: 'gp-practice', odsCode: 'G82001' });
  await t.signpost.identity.createOrganisation(signpostItself, { id: 'kcc', name: 'Kent County Council adult social care', kind: 'provider' });
  const services = {
    utc: aService({ name: 'Canterbury UTC', coverage: breathing }),
    walkIn: aService({ name: 'Canterbury walk-in centre', typeId: 1001, organisationId: 'kcht-nursing', coverage: breathing }),
    clinic: aService({
      name: 'Same-day clinic (bookable)',
      typeId: 136,
      coverage: breathing,
      access: { walkIn: false, phoneFirst: false, referralOnly: false, bookingRequired: true },
      referralEndpoints: [{ kind: 'fhir', address: 'https://clinic.example.test/fhir' }],
    }),
    sdec: aService({ name: 'Same-day emergency care, Kent and Canterbury Hospital', typeId: 140, organisationId: 'ekhuft', referralRoles: ['clinician', 'provider'], coverage: breathing }),
    gp: aService({ name: 'The Surgery', typeId: 100, organisationId: 'practice-g82001', odsCode: 'G82001', coverage: breathing, referralEndpoints: [{ kind: 'fhir', address: 'https://gp.example.test/fhir' }] }),
    ooh: aService({ name: 'GP out-of-hours base', typeId: 25, organisationId: 'ic24', coverage: breathing }),
    reablement: aService({ name: 'Same-day reablement', typeId: 1061, organisationId: 'kcc', referralRoles: ['clinician', 'call-handler', 'provider'], coverage: breathing }),
  };
  const created = await t.signpost.directory.importServices(signpostItself, Object.values(services).map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  Object.keys(services).forEach((key, i) => (ids[key] = created[i]));
  await t.signpost.search.build();
  practice = await extraUser(t, 'practice', 'practice-g82001', ['provider_staff']);
  socialWorker = await extraUser(t, 'socialworker', 'kcc', ['provider_staff']);
});
afterAll(async () => t?.close());

/** An open case triaged to Dx05 (breathless with a fever), registered with practice G82001. */
async function triagedCase(patient: Record<string, unknown> = {}) {
  const { case: c } = await openCase(t, aPatient({ registeredPractice: 'G82001', ...patient }));
  const view = await runTriage(t, 'breathing-problems', { inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' });
  const linked = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } });
  expect(linked.status).toBe(200);
  return linked.body.case;
}

async function refer<T = ApiReply<'/api/cases/{id}/referrals', 'post'>>(caseId: string, body: Record<string, unknown>, as: 'callhandler' | 'clinician' | 'provider' | 'otherprovider' = 'callhandler', headers: Record<string, string> = {}) {
  return t.request<T>('POST', `/api/cases/${caseId}/referrals`, { as, body, headers });
}

describe('referring from a case search', () => {
  it('records the services passed over with reason codes; one ranked above needs a reason', async () => {
    const c = await triagedCase();
    const search = await t.request<ApiReply<'/api/cases/{id}/searches', 'post'>>('POST', `/api/cases/${c.id}/searches`, { as: 'callhandler', body: {} });
    expect(search.status, JSON.stringify(search.body)).toBe(201);
    const results = search.body.results as { serviceId: number; organisationId: string }[];
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results[0].organisationId).toBeTruthy();
    const [first, second] = results;

    const missing = await refer<ErrorReply>(c.id, { serviceId: second.serviceId, searchId: search.body.searchId });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('passed_over_reasons');
    const notInSearch = await refer(c.id, { serviceId: second.serviceId, searchId: search.body.searchId, passedOver: [{ serviceId: first.serviceId, reasonCode: '22' }, { serviceId: 999999, reasonCode: '26' }] });
    expect(notInSearch.status).toBe(400);
    const other = await refer<ErrorReply>(c.id, { serviceId: second.serviceId, searchId: search.body.searchId, passedOver: [{ serviceId: first.serviceId, reasonCode: '99' }] });
    expect(other.body.error.details[0].path).toBe('body.passedOver.0.note');

    const ok = await refer(c.id, { serviceId: second.serviceId, searchId: search.body.searchId, passedOver: [{ serviceId: first.serviceId, reasonCode: '42', note: 'No transport' }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.referral).toMatchObject({ status: 'requested', serviceId: second.serviceId, disposition: 'Dx05', passedOver: [{ serviceId: first.serviceId, reasonCode: '42', reason: 'Distance' }] });

    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${c.id}/timeline`, { as: 'callhandler' })).body.timeline;
    expect(timeline.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['search', 'referral', 'delivery']));
  });

  it('needs a disposition first, an active service, and one that takes referrals from the referrer’s role', async () => {
    const { case: c } = await openCase(t);
    expect((await refer(c.id, { serviceId: ids.utc })).status).toBe(400);
    const triaged = await triagedCase();
    const wrongRole = await refer<ErrorReply>(triaged.id, { serviceId: ids.sdec });
    // 403 with the reason (issue 16): who the service takes referrals from.
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error.code).toBe('referral_role_not_accepted');
    expect(wrongRole.body.error.message).toMatch(/does not take referrals from a call-handler/);
    expect((await refer(triaged.id, { serviceId: 99999 })).status).toBe(400);
    // Provider staff refer only cases whose active referral they hold; others do not exist for them.
    expect((await refer(triaged.id, { serviceId: ids.utc }, 'provider')).status).toBe(404);
  });
});

describe('the referral lifecycle', () => {
  it('requested → accepted → completed ends the episode; every wrong step is a 409 naming the state', async () => {
    const c = await triagedCase();
    const { referral } = (await refer(c.id, { serviceId: ids.utc })).body;
    // Only the receiving organisation (or one above it) acts on it.
    // Another provider is not told the referral exists; a call handler may not act for the receiver.
    expect((await t.request('POST', `/api/referrals/${referral.id}/accept`, { as: 'otherprovider' })).status).toBe(404);
    expect((await t.request('POST', `/api/referrals/${referral.id}/accept`, { as: 'nursing' })).status).toBe(404);
    expect((await t.request('POST', `/api/referrals/${referral.id}/accept`, { as: 'callhandler' })).status).toBe(403);
    expect((await t.request('POST', `/api/referrals/${referral.id}/complete`, { as: 'provider', body: {} })).status).toBe(409);

    const accepted = await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${referral.id}/accept`, { as: 'provider' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ referral: { status: 'accepted' }, actions: ['book', 'complete', 'did-not-attend', 'cancel'] });
    const reject = await t.request<ErrorReply>('POST', `/api/referrals/${referral.id}/reject`, { as: 'provider', body: { reasonCode: '22', reason: 'Full' } });
    expect(reject.status).toBe(409);
    expect(reject.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringMatching(/is accepted; it cannot be rejected/), details: [{ path: 'status', message: 'accepted' }] });
    expect((await t.request('POST', `/api/referrals/${referral.id}/accept`, { as: 'provider' })).status).toBe(409);

    // The receiving service sees the whole case: no retelling.
    // The case view carries the referrals section at run time; its schema leaves sections open.
    const seen = await t.request<ApiReply<'/api/cases/{id}'> & ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${c.id}`, { as: 'provider' });
    expect(seen.status).toBe(200);
    expect(seen.body.case.disposition?.report.length).toBeGreaterThan(0);
    expect(seen.body.referrals[0]).toMatchObject({ id: referral.id, status: 'accepted' });

    const done = await t.request<ApiReply<'/api/referrals/{id}/complete', 'post'>>('POST', `/api/referrals/${referral.id}/complete`, { as: 'provider', body: { outcome: 'Treated and discharged' } });
    expect(done.body.referral).toMatchObject({ status: 'completed', outcome: 'Treated and discharged' });
    const closed = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${c.id}`, { as: 'callhandler' });
    expect(closed.body.case.status).toBe('closed');
    for (const action of ['accept', 'complete', 'did-not-attend'] as const) {
      const res = await t.request<ErrorReply>('POST', `/api/referrals/${referral.id}/${action}`, { as: 'provider', body: {} });
      expect(res.status, action).toBe(409);
      expect(res.body.error.message).toMatch(/is completed/);
    }
    expect((await t.request<ErrorReply>('POST', `/api/referrals/${referral.id}/cancel`, { as: 'callhandler', body: { reason: 'x' } })).body.error.message).toMatch(/is completed/);
  });

  it('rejected with a reason; did-not-attend; cancelled by the referrer, and the receiver is told', async () => {
    const a = await triagedCase();
    const r1 = (await refer(a.id, { serviceId: ids.utc })).body.referral;
    const rejected = await t.request<ApiReply<'/api/referrals/{id}/reject', 'post'>>('POST', `/api/referrals/${r1.id}/reject`, { as: 'provider', body: { reasonCode: '22', reason: 'No capacity until tomorrow' } });
    expect(rejected.body.referral).toMatchObject({ status: 'rejected', rejection: { reasonCode: '22', reason: 'No capacity until tomorrow' } });
    const response = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?kind=referral-response', { as: 'callhandler' })).body.items.find((i: any) => i.referralId === r1.id);
    expect(response?.summary).toMatchObject({ status: 'rejected', rejection: { reasonCode: '22' } });

    const r2 = (await refer(a.id, { serviceId: ids.walkIn })).body.referral;
    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${r2.id}/accept`, { as: 'nursing' });
    const dna = await t.request<ApiReply<'/api/referrals/{id}/did-not-attend', 'post'>>('POST', `/api/referrals/${r2.id}/did-not-attend`, { as: 'nursing', body: { note: 'Did not arrive by 14:00' } });
    expect(dna.body.referral.status).toBe('did-not-attend');

    const b = await triagedCase();
    const r3 = (await refer(b.id, { serviceId: ids.utc })).body.referral;
    expect((await t.request('POST', `/api/referrals/${r3.id}/cancel`, { as: 'provider', body: { reason: 'x' } })).status).toBe(403);
    const cancelled = await t.request<ApiReply<'/api/referrals/{id}/cancel', 'post'>>('POST', `/api/referrals/${r3.id}/cancel`, { as: 'callhandler', body: { reason: 'Patient feels better' } });
    expect(cancelled.body.referral).toMatchObject({ status: 'cancelled', outcome: 'Patient feels better' });
    const update = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?kind=referral-update', { as: 'provider' })).body.items.find((i: any) => i.referralId === r3.id);
    expect(update?.summary).toMatchObject({ status: 'cancelled', reason: 'Patient feels better' });
  });

  it('one active referral per case: re-referring revokes the current one', async () => {
    const c = await triagedCase();
    const first = (await refer(c.id, { serviceId: ids.utc })).body.referral;
    const second = await refer(c.id, { serviceId: ids.walkIn });
    expect(second.status).toBe(201);
    expect(second.body.revoked).toBe(first.id);
    const all = (await t.request<ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${c.id}/referrals`, { as: 'callhandler' })).body.referrals;
    expect(all.map((r: any) => r.status)).toEqual(['revoked', 'requested']);
    expect((await t.request<ErrorReply>('POST', `/api/referrals/${first.id}/accept`, { as: 'provider' })).body.error.message).toMatch(/is revoked/);
    const told = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?kind=referral-update', { as: 'provider' })).body.items.find((i: any) => i.referralId === first.id);
    expect(told?.summary.status).toBe('revoked');
    // A case with an active referral cannot simply be closed.
    const close = await t.request<ErrorReply>('POST', `/api/cases/${c.id}/close`, { as: 'callhandler', body: { reason: 'done' } });
    expect(close.status).toBe(409);
    expect(close.body.error.code).toBe('active_referral');
  });

  it('a duplicate submission (same case and service within 10 minutes, or the same Idempotency-Key) returns the existing referral', async () => {
    const c = await triagedCase();
    const first = await refer(c.id, { serviceId: ids.utc });
    const again = await refer(c.id, { serviceId: ids.utc });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, referral: { id: first.body.referral.id } });
    expect((await t.request<ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${c.id}/referrals`, { as: 'callhandler' })).body.referrals).toHaveLength(1);

    const d = await triagedCase();
    const headers = { 'idempotency-key': `refer-${d.id}` };
    const one = await refer(d.id, { serviceId: ids.walkIn }, 'callhandler', headers);
    const two = await refer(d.id, { serviceId: ids.walkIn }, 'callhandler', headers);
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    expect(two.headers.get('idempotent-replayed')).toBe('true');
    expect(two.body.referral.id).toBe(one.body.referral.id);
    // After the window, the same service again is a new referral (the old one is revoked).
    t.clock.advance(11 * 60_000);
    const later = await refer(c.id, { serviceId: ids.utc });
    expect(later.status).toBe(201);
    expect(later.body.revoked).toBe(first.body.referral.id);
  });
});

describe('appointments', () => {
  it('services publish slots; a referral books one; a taken slot is 409 naming it, with a fresh choice', async () => {
    const start = Date.parse('2026-11-19T09:00:00Z');
    const slots = [0, 1, 2].map((i) => ({ start: new Date(start + i * 15 * 60_000).toISOString(), end: new Date(start + (i + 1) * 15 * 60_000).toISOString() }));
    expect((await t.request('POST', `/api/services/${ids.clinic}/slots`, { as: 'otherprovider', body: { slots } })).status).toBe(403);
    const published = await t.request<ApiReply<'/api/services/{id}/slots', 'post'>>('POST', `/api/services/${ids.clinic}/slots`, { as: 'provider', body: { slots } });
    expect(published.status).toBe(201);
    expect(published.body.created).toHaveLength(3);
    expect((await t.request<ApiReply<'/api/services/{id}/slots', 'post'>>('POST', `/api/services/${ids.clinic}/slots`, { as: 'provider', body: { slots } })).body).toMatchObject({ created: [], skipped: 3 });
    const free = (await t.request<ApiReply<'/api/services/{id}/slots'>>('GET', `/api/services/${ids.clinic}/slots`, { as: 'callhandler' })).body.slots;
    expect(free).toHaveLength(3);

    const a = await triagedCase();
    const booked = await refer(a.id, { serviceId: ids.clinic, slotId: free[0].id });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.referral.appointment).toMatchObject({ slotId: free[0].id, start: slots[0].start });
    const accepted = await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${booked.body.referral.id}/accept`, { as: 'provider' });
    expect(accepted.body.referral.status).toBe('booked');

    const b = await triagedCase();
    const taken = await refer<ErrorReply>(b.id, { serviceId: ids.clinic, slotId: free[0].id });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('slot_taken');
    expect(taken.body.error.message).toContain(free[0].id);
    expect(taken.body.error.details.map((d: any) => d.path)).toEqual(['slotId', 'alternatives.0', 'alternatives.1']);
    expect((await t.request<ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${b.id}/referrals`, { as: 'callhandler' })).body.referrals).toHaveLength(0);

    // Book after acceptance.
    const r = (await refer(b.id, { serviceId: ids.clinic })).body.referral;
    expect((await t.request('POST', `/api/referrals/${r.id}/book`, { as: 'callhandler', body: { slotId: free[1].id } })).status).toBe(409);
    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${r.id}/accept`, { as: 'provider' });
    const bookedLater = await t.request<ApiReply<'/api/referrals/{id}/book', 'post'>>('POST', `/api/referrals/${r.id}/book`, { as: 'callhandler', body: { slotId: free[1].id } });
    expect(bookedLater.body.referral).toMatchObject({ status: 'booked', appointment: { slotId: free[1].id } });
    // The receiver hears of a booking made by the referrer, through the outbox (held: external delivery is off in tests).
    const outbox = (await t.request<ApiReply<'/api/delivery/outbox'>>('GET', `/api/delivery/outbox?referralId=${r.id}`, { as: 'admin' })).body.messages;
    expect(outbox.map((m: any) => `${m.destination}:${m.kind}:${m.status}`)).toEqual(
      expect.arrayContaining(['endpoint:referral-update:held', 'inbox:referral-update:delivered', 'endpoint:referral:held', 'inbox:referral:delivered']),
    );

    // Cancelling frees the slot for someone else.
    await t.request<ApiReply<'/api/referrals/{id}/cancel', 'post'>>('POST', `/api/referrals/${r.id}/cancel`, { as: 'callhandler', body: { reason: 'Patient cannot make it' } });
    const freeAgain = (await t.request<ApiReply<'/api/services/{id}/slots'>>('GET', `/api/services/${ids.clinic}/slots`, { as: 'callhandler' })).body.slots.map((s: any) => s.id);
    expect(freeAgain).toContain(free[1].id);

    // A service that publishes no slots does not take bookings.
    const c = await triagedCase();
    const r2 = (await refer(c.id, { serviceId: ids.utc })).body.referral;
    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${r2.id}/accept`, { as: 'provider' });
    const none = await t.request<ErrorReply>('POST', `/api/referrals/${r2.id}/book`, { as: 'callhandler', body: { slotId: free[2].id } });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('bookings_not_taken');
  });
});

describe('onward referral and the post-event message', () => {
  it('the receiving service refers on to a hospital department; the journey stays one case; the GP gets the summary', async () => {
    const c = await triagedCase();
    const first = (await refer(c.id, { serviceId: ids.utc })).body.referral;
    // Not before accepting it.
    expect((await refer(c.id, { serviceId: ids.sdec }, 'provider')).status).toBe(409);
    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${first.id}/accept`, { as: 'provider' });
    // Another provider cannot refer this case on.
    expect((await refer(c.id, { serviceId: ids.sdec }, 'otherprovider')).status).toBe(404);

    const onward = await refer(c.id, { serviceId: ids.sdec, disposition: 'Dx03', summary: 'Low oxygen saturation; needs SDEC assessment' }, 'provider');
    expect(onward.status, JSON.stringify(onward.body)).toBe(201);
    expect(onward.body).toMatchObject({ completedOnward: first.id, referral: { fromReferralId: first.id, status: 'requested', organisationId: 'ekhuft', disposition: 'Dx03' } });
    const all = (await t.request<ApiReply<'/api/cases/{id}/referrals'>>('GET', `/api/cases/${c.id}/referrals`, { as: 'otherprovider' })).body.referrals;
    expect(all.map((r: any) => `${r.status}:${r.outcome ?? ''}`)).toEqual([`completed:Referred onward to Same-day emergency care, Kent and Canterbury Hospital`, 'requested:']);

    const hospitalInbox = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'otherprovider' })).body.items;
    expect(hospitalInbox.find((i) => i.referralId === onward.body.referral.id)?.summary).toMatchObject({ onward: true, disposition: 'Dx03', patient: { name: expect.any(String) } });
    const hospitalView = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${c.id}`, { as: 'otherprovider' });
    expect(hospitalView.body.case.disposition).toMatchObject({ code: 'Dx03', source: 'clinician' });

    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${onward.body.referral.id}/accept`, { as: 'otherprovider' });
    await t.request<ApiReply<'/api/referrals/{id}/complete', 'post'>>('POST', `/api/referrals/${onward.body.referral.id}/complete`, { as: 'otherprovider', body: { outcome: 'Admitted for observation' } });

    const gpInbox = await practice('GET', '/api/inbox');
    const message = gpInbox.body.items.find((i: any) => i.caseId === c.id);
    expect(message).toMatchObject({ kind: 'post-event-message', organisationId: 'practice-g82001' });
    expect(message.summary).toMatchObject({ disposition: { code: 'Dx03' }, referrals: [{ status: 'completed' }, { status: 'completed', outcome: 'Admitted for observation' }] });
    expect(message.summary.assessment.length).toBeGreaterThan(0);
    // The practice may then read the case (audited).
    expect((await practice('GET', `/api/cases/${c.id}`)).status).toBe(200);
    const outbox = (await t.request<ApiReply<'/api/delivery/outbox'>>('GET', '/api/delivery/outbox?limit=500', { as: 'admin' })).body.messages.filter((m: any) => m.caseId === c.id && m.kind === 'post-event-message');
    expect(outbox.map((m: any) => m.destination).sort()).toEqual(['endpoint', 'inbox']);
    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${c.id}/timeline`, { as: 'callhandler' })).body.timeline;
    expect(timeline.map((e: any) => e.type)).toContain('post_event.sent');
  });

  it('no post-event message for Dx28, nor after a referral to GP out-of-hours or to the patient’s own practice', async () => {
    const pharmacy = await triagedCase();
    const entry = await t.request<ApiReply<'/api/cases/{id}/referrals', 'post'>>('POST', `/api/cases/${pharmacy.id}/referrals`, { as: 'clinician', body: { serviceId: ids.utc, disposition: 'Dx28' } });
    await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${entry.body.referral.id}/accept`, { as: 'provider' });
    await t.request<ApiReply<'/api/referrals/{id}/complete', 'post'>>('POST', `/api/referrals/${entry.body.referral.id}/complete`, { as: 'provider', body: {} });

    const ooh = await triagedCase();
    const r = (await refer(ooh.id, { serviceId: ids.ooh })).body.referral;
    expect((await t.request('POST', `/api/referrals/${r.id}/accept`, { as: 'provider' })).status).toBe(404);
    const oohStaff = await extraUser(t, 'oohgp', 'ic24', ['provider_staff']);
    await oohStaff('POST', `/api/referrals/${r.id}/accept`);
    await oohStaff('POST', `/api/referrals/${r.id}/complete`, {});

    const own = await triagedCase();
    const g = (await refer(own.id, { serviceId: ids.gp })).body.referral;
    await practice('POST', `/api/referrals/${g.id}/accept`);
    await practice('POST', `/api/referrals/${g.id}/complete`, {});

    const reasons: string[] = [];
    for (const c of [pharmacy, ooh, own]) {
      const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${c.id}/timeline`, { as: 'callhandler' })).body.timeline;
      const notSent = timeline.find((e) => e.type === 'post_event.not_sent');
      expect(notSent, c.id).toBeTruthy();
      reasons.push(String(notSent?.details.reason));
    }
    expect(reasons[0]).toMatch(/Dx28/);
    expect(reasons[1]).toMatch(/out-of-hours/);
    expect(reasons[2]).toMatch(/own GP practice/);
    const gpItems = (await practice('GET', '/api/inbox?kind=post-event-message')).body.items.map((i: any) => i.caseId);
    for (const c of [pharmacy, ooh, own]) expect(gpItems).not.toContain(c.id);
  });

  it('a case closed by hand (self-care) sends the summary to the GP', async () => {
    const { case: c } = await openCase(t, aPatient({ registeredPractice: 'G82001' }));
    await t.request<ApiReply<'/api/cases/{id}/close', 'post'>>('POST', `/api/cases/${c.id}/close`, { as: 'clinician', body: { reason: 'Self-care advice given' } });
    const gpItems = (await practice('GET', '/api/inbox?kind=post-event-message')).body.items.map((i: any) => i.caseId);
    expect(gpItems).toContain(c.id);
  });
});

describe('social care', () => {
  it('a reablement team receives a referral like any other service', async () => {
    const c = await triagedCase();
    const r = await refer(c.id, { serviceId: ids.reablement, summary: 'Lives alone; needs support at home tonight to avoid admission' }, 'clinician');
    expect(r.status).toBe(201);
    const inbox = await socialWorker('GET', '/api/inbox');
    expect(inbox.body.items[0]).toMatchObject({ kind: 'referral', referralId: r.body.referral.id, organisationId: 'kcc' });
    expect((await socialWorker('POST', `/api/referrals/${r.body.referral.id}/accept`)).body.referral.status).toBe('accepted');
    expect((await socialWorker('GET', `/api/cases/${c.id}`)).status).toBe(200);
  });
});

describe('inboxes', () => {
  it('provider staff see only their own organisation’s inbox (and those below it); reads are audited', async () => {
    const c = await triagedCase();
    const r = (await refer(c.id, { serviceId: ids.walkIn })).body.referral; // kcht-nursing
    const mine = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'nursing' })).body.items;
    expect(mine.some((i: any) => i.referralId === r.id)).toBe(true);
    expect(mine.every((i: any) => i.organisationId === 'kcht-nursing')).toBe(true);
    const parent = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'provider' })).body.items;
    expect(parent.some((i: any) => i.referralId === r.id)).toBe(true);
    expect((await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'otherprovider' })).body.items.some((i: any) => i.referralId === r.id)).toBe(false);
    expect((await t.request('GET', '/api/inbox?organisationId=kcht', { as: 'otherprovider' })).status).toBe(403);
    expect((await t.request('GET', '/api/inbox?organisationId=kcht', { as: 'nursing' })).status).toBe(403);
    expect((await t.request('GET', '/api/inbox', { as: 'commissioner' })).status).toBe(403);
    expect((await t.request('GET', `/api/referrals/${r.id}`, { as: 'otherprovider' })).status).toBe(404);
    const item = mine.find((i) => i.referralId === r.id)!;
    expect((await t.request('POST', `/api/inbox/${item.id}/read`, { as: 'otherprovider' })).status).toBe(404);
    expect((await t.request<ApiReply<'/api/inbox/{id}/read', 'post'>>('POST', `/api/inbox/${item.id}/read`, { as: 'nursing' })).body.readAt).toBeTruthy();

    const audits = (await t.request<ApiReply<'/api/audit'>>('GET', '/api/audit?subjectType=inbox', { as: 'admin' })).body.entries;
    expect(audits.some((e: any) => e.action === 'inbox.read' && e.patient_data && e.details.itemIds.includes(item.id))).toBe(true);
    await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${r.id}`, { as: 'nursing' });
    expect((await auditOf(t, r.id)).some((e) => e.action === 'referral.read' && e.patient_data)).toBe(true);
  });

  it('streams each new referral to the receiving organisation as it lands, and nothing of other organisations', async () => {
    const cookie = await t.cookieFor('nursing');
    const controller = new AbortController();
    const response = await t.signpost.app.request(`${ORIGIN}/api/inbox/stream`, { headers: { cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    };
    await readUntil(/event: ready/);
    const elsewhere = await triagedCase();
    const notMine = (await refer(elsewhere.id, { serviceId: ids.sdec }, 'clinician')).body.referral;
    const c = await triagedCase();
    const r = (await refer(c.id, { serviceId: ids.walkIn })).body.referral;
    await readUntil(new RegExp(r.id));
    expect(received).toMatch(/event: inbox.item_added/);
    expect(received).not.toContain(notMine.id);
    // The stream carries ids, not patient details.
    expect(received).not.toMatch(/"patient"/);
    const lastId = Number([...received.matchAll(/^id: (\d+)$/gm)].pop()![1]);
    controller.abort();
    await reader.cancel().catch(() => undefined);

    // Resuming with Last-Event-ID replays what was missed.
    const d = await triagedCase();
    const missed = (await refer(d.id, { serviceId: ids.walkIn })).body.referral;
    const resumed = await t.signpost.app.request(`${ORIGIN}/api/inbox/stream`, { headers: { cookie, 'last-event-id': String(lastId) } });
    const resumedReader = resumed.body!.getReader();
    let text = '';
    while (!text.includes(missed.id)) {
      const { value, done } = await resumedReader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain(missed.id);
    expect(text).not.toContain(r.id);
    await resumedReader.cancel().catch(() => undefined);
  });
});
