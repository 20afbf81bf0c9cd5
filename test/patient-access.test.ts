// Who may see a patient's data: special patient notes only for those caring for the patient now,
// case access that follows the referral's state, and the delivery outbox for its operators only
// (docs/decisions/0010-patient-data-access.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { ServiceProfileSchema } from '../src/directory/model';
import { aService } from './builders';
import { aPatient, auditOf, openCase } from './case-helpers';
import { ORIGIN, testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const services = {
    utc: aService({ name: 'Canterbury UTC' }),
    sdec: aService({ name: 'SDEC, Kent and Canterbury Hospital', typeId: 140, organisationId: 'ekhuft' }),
  };
  const created = await t.signpost.directory.importServices(signpostItself, Object.values(services).map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  Object.keys(services).forEach((key, i) => (ids[key] = created[i]));
});
afterAll(async () => t?.close());

/** A clinician refers the case (giving the disposition, so no triage is needed). */
async function refer(caseId: string, serviceId: number) {
  const res = await t.request<ApiReply<'/api/cases/{id}/referrals', 'post'>>('POST', `/api/cases/${caseId}/referrals`, { as: 'clinician', body: { serviceId, disposition: 'Dx05', summary: 'Needs assessment today' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.referral;
}

async function act(referralId: string, action: string, as: 'provider' | 'otherprovider' | 'clinician', body: unknown = {}) {
  const res = await t.request('POST', `/api/referrals/${referralId}/${action}`, { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.referral;
}

describe('case access follows the referral’s state', () => {
  it('an organisation whose referral was revoked loses the case: no case, timeline, referrals, notes or searches', async () => {
    const { case: c } = await openCase(t, aPatient({ firstName: 'Revokia' }));
    const first = await refer(c.id, ids.utc);
    await act(first.id, 'accept', 'provider');
    expect((await t.request('GET', `/api/cases/${c.id}`, { as: 'provider' })).status).toBe(200);
    expect((await t.request('POST', `/api/cases/${c.id}/notes`, { as: 'provider', body: { text: 'Seen in triage at the UTC' } })).status).toBe(201);

    // Re-referred elsewhere: the UTC's referral is revoked, and it is told so in its inbox.
    await refer(c.id, ids.sdec);
    await t.request<ApiReply<'/api/cases/{id}/notes', 'post'>>('POST', `/api/cases/${c.id}/notes`, { as: 'clinician', body: { text: 'Later note: safeguarding discussion' } });
    const inbox = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?kind=referral-update', { as: 'provider' })).body.items;
    expect(inbox.some((i: any) => i.referralId === first.id && i.summary.status === 'revoked')).toBe(true);

    for (const [method, path, body] of [
      ['GET', `/api/cases/${c.id}`],
      ['GET', `/api/cases/${c.id}/timeline`],
      ['GET', `/api/cases/${c.id}/referrals`],
      ['POST', `/api/cases/${c.id}/notes`, { text: 'still here?' }],
      ['POST', `/api/cases/${c.id}/searches`, {}],
    ] as const) {
      const res = await t.request(method, path, { as: 'provider', body });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(JSON.stringify(res.body)).not.toMatch(/Revokia|safeguarding discussion/);
    }
    // Its own referral stays readable, to see that (and why) it was revoked; the new service works the case.
    expect((await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${first.id}`, { as: 'provider' })).body.referral.status).toBe('revoked');
    expect((await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${c.id}`, { as: 'otherprovider' })).body.notes).toHaveLength(2);
  });

  it('a rejected or cancelled referral grants nothing; a completed one leaves the case readable, not changeable', async () => {
    const { case: rejected } = await openCase(t);
    const r1 = await refer(rejected.id, ids.utc);
    await act(r1.id, 'reject', 'provider', { reasonCode: '22', reason: 'No capacity tonight' });
    expect((await t.request('GET', `/api/cases/${rejected.id}`, { as: 'provider' })).status).toBe(404);

    const { case: cancelled } = await openCase(t);
    const r2 = await refer(cancelled.id, ids.utc);
    await act(r2.id, 'accept', 'provider');
    await act(r2.id, 'cancel', 'clinician', { reason: 'Patient feels better' });
    expect((await t.request('GET', `/api/cases/${cancelled.id}`, { as: 'provider' })).status).toBe(404);

    const { case: done } = await openCase(t, aPatient({ nhsNumber: '9434765951' }));
    const planned = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'clinician',
      body: { nhsNumber: '9434765951', category: 'end-of-life', title: 'End of life plan', text: 'Anticipatory medicines at home.', reviewDate: '2027-03-01' },
    });
    expect(planned.status).toBe(201);
    const r3 = await refer(done.id, ids.utc);
    // While its referral is active the service sees the patient's special notes on the case.
    expect((await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${done.id}`, { as: 'provider' })).body.specialNotes).toHaveLength(1);
    await act(r3.id, 'accept', 'provider');
    await act(r3.id, 'complete', 'provider', { outcome: 'Treated and discharged' });
    const readOnly = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${done.id}`, { as: 'provider' });
    expect(readOnly.status).toBe(200);
    // No longer caring for the patient: the notes of other organisations are not shown.
    expect(readOnly.body.specialNotes).toEqual([]);
    expect((await t.request('GET', `/api/cases/${done.id}/timeline`, { as: 'provider' })).status).toBe(200);
    const search = await t.request<ErrorReply>('POST', `/api/cases/${done.id}/searches`, { as: 'provider', body: {} });
    expect(search.status).toBe(403);
    expect(search.body.error.code).toBe('read_only_access');
  });
});

describe('special patient notes are for those caring for the patient now', () => {
  it('an unrelated organisation is refused (and the refusal audited); the front door with an open case and a service with an active referral read them', async () => {
    const nhsNumber = '9434765919';
    const note = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'provider',
      body: { nhsNumber, category: 'safeguarding', title: 'Safeguarding plan', text: 'Known to the children’s safeguarding team; call the duty social worker.', reviewDate: '2027-03-01' },
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    const ours = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'clinician',
      body: { nhsNumber, category: 'end-of-life', title: 'End of life plan', text: 'Prefers care at home.', reviewDate: '2027-03-01' },
    });
    expect(ours.status).toBe(201);
    const read = <T = ApiReply<'/api/special-notes'>>(as: 'provider' | 'otherprovider' | 'callhandler' | 'clinician' | 'admin') => t.request<T>('GET', `/api/special-notes?nhsNumber=${nhsNumber}`, { as });

    // An acute trust with no business with the patient: refused, nothing shown, the attempt audited.
    const refused = await read<ErrorReply>('otherprovider');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_caring_for_patient');
    expect(JSON.stringify(refused.body)).not.toMatch(/safeguarding team|Prefers care/);
    expect((await auditOf(t, nhsNumber)).some((e) => e.action === 'special_note.read_denied' && e.actor_id)).toBe(true);
    // With no open case for the patient, each authoring organisation sees only its own note (the
    // front door's organisation wrote the end-of-life plan).
    expect((await read('provider')).body.notes.map((n: any) => n.id)).toEqual([note.body.id]);
    expect((await read('callhandler')).body.notes.map((n: any) => n.id)).toEqual([ours.body.id]);

    // A case opens: the front door handles the patient and reads every note.
    const { case: c } = await openCase(t, aPatient({ nhsNumber }));
    expect((await read('callhandler')).body.notes).toHaveLength(2);
    // The acute trust gets an active referral: it reads them; once it is cancelled, no longer.
    const referral = await refer(c.id, ids.sdec);
    expect((await read('otherprovider')).body.notes).toHaveLength(2);
    await act(referral.id, 'cancel', 'clinician', { reason: 'Went elsewhere' });
    expect((await read('otherprovider')).status).toBe(403);
    // Every successful read is audited too, note by note.
    const reads = await auditOf(t, note.body.id);
    expect(reads.filter((e) => e.action === 'special_note.read' && e.patient_data).length).toBeGreaterThanOrEqual(3);
  });
});

describe('the delivery outbox', () => {
  it('is for administrators only (not an organisation’s API token), and every read is audited as patient data', async () => {
    const { case: c } = await openCase(t, aPatient({ firstName: 'Outboxia' }));
    await refer(c.id, ids.utc);
    const { token } = await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT feed', organisationId: 'kcht' }));
    const asToken = await t.signpost.app.request(`${ORIGIN}/api/delivery/outbox`, { headers: { authorization: `Bearer ${token}` } });
    expect(asToken.status).toBe(403);
    expect(await asToken.text()).not.toMatch(/Outboxia/);
    for (const as of ['provider', 'callhandler', 'commissioner'] as const) {
      expect((await t.request('GET', '/api/delivery/outbox', { as })).status).toBe(403);
    }

    const listed = await t.request<ApiReply<'/api/delivery/outbox'>>('GET', '/api/delivery/outbox?limit=500', { as: 'admin' });
    expect(listed.status).toBe(200);
    const shown = listed.body.messages.filter((m: any) => m.caseId === c.id);
    expect(shown.length).toBeGreaterThan(0);
    const entries = (await t.request<ApiReply<'/api/audit'>>('GET', '/api/audit?subjectType=outbox', { as: 'admin' })).body.entries;
    const entry = entries.find((e: any) => e.action === 'delivery.outbox_read');
    expect(entry).toMatchObject({ patient_data: true });
    expect(entry!.details.caseIds).toContain(c.id);
    expect(entry!.details.messageIds).toEqual(expect.arrayContaining(shown.map((m: any) => m.id)));
  });
});
