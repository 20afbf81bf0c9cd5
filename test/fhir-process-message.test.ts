// Referrals in (issue 17): another system sends BaRS message Bundles to POST /fhir/$process-message
// with an API token of its organisation, over HTTP through a maintained outside client (fhir-kit-client).
// The receiving service sees the referral in its inbox via /api and accepts it; the answer goes back to
// the sender's endpoint through the outbox. Bad Bundles are 400/422 naming the element; nothing is
// half-written; a repeated X-Request-ID is 409. Every Bundle the server sends is checked by the three
// validators (test/fhir-validate.ts).
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProfileSchema } from '../src/directory/model';
import { TokenInput } from '../src/identity/model';
import { signpostItself } from '../src/platform/actor';
import { PublishSlotsSchema } from '../src/referrals/model';
import { aService } from './builders';
import { allFhirErrors } from './fhir-validate';
import { baRSReferral, type MessageOptions } from './fhir-messages';
import { testApp, type TestApp, type ApiReply } from './fixture';

let t: TestApp;
let server: ServerType;
let base: string;
let senderToken: string;
let strangerToken: string;
let utc: number;
let slotIds: string[];
const emitted: { what: string; body: any }[] = [];

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const { directory, identity, referrals } = t.signpost;
  await identity.createOrganisation(signpostItself, { id: 'nhs111-west', name: 'NHS 111 West (another system)', kind: 'provider' });
  await identity.createOrganisation(signpostItself, { id: 'stranger', name: 'An unrelated organisation', kind: 'provider' });
  [utc] = await directory.importServices(signpostItself, [ServiceProfileSchema.parse(aService({ referralRoles: ['clinician', 'call-handler'] }))], { reason: 'test' });
  const published = await referrals.publishSlots(signpostItself, utc, PublishSlotsSchema.parse({ slots: [{ start: '2026-11-18T14:00:00Z', end: '2026-11-18T14:15:00Z' }, { start: '2026-11-18T14:15:00Z', end: '2026-11-18T14:30:00Z' }] }));
  slotIds = published.created.map((s) => s.id);
  await t.signpost.events.catchUp();
  senderToken = (await identity.createToken(signpostItself, TokenInput.parse({ name: '111 West FHIR', organisationId: 'nhs111-west' }))).token;
  strangerToken = (await identity.createToken(signpostItself, TokenInput.parse({ name: 'Stranger', organisationId: 'stranger' }))).token;
  server = serve({ fetch: t.signpost.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
});
afterAll(async () => {
  server?.close();
  await t?.close();
});

/** A BaRS referral message to the test's service, as another system would send it. */
const referralMessage = (options: MessageOptions = {}) => baRSReferral({ base, serviceId: utc, ...options });

const client = (token = senderToken) => new Client({ baseUrl: base, customHeaders: { Authorization: `Bearer ${token}` } });

/** Sends a message with fhir-kit-client; a FHIR error comes back as { status, body } rather than a throw. */
async function send(bundle: unknown, requestId: string, token = senderToken): Promise<{ status: number; body: any }> {
  try {
    const body = await client(token).operation({ name: 'process-message', method: 'POST', input: bundle as never, options: { headers: { 'X-Request-ID': requestId } } });
    emitted.push({ what: `$process-message ${requestId}`, body });
    return { status: 200, body };
  } catch (error: any) {
    if (!error?.response) throw error;
    const body = error.response.data;
    emitted.push({ what: `$process-message ${requestId} → ${error.response.status}`, body });
    return { status: error.response.status, body };
  }
}

async function counts() {
  const db = t.signpost.platform.db;
  const count = async (table: 'cases' | 'referrals' | 'fhir_inbound_messages' | 'outbox') => Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { cases: await count('cases'), referrals: await count('referrals'), messages: await count('fhir_inbound_messages'), outbox: await count('outbox') };
}

describe('a referral in', () => {
  let referralId: string;
  let caseId: string;

  it('opens the case with the story and refers it to the service’s inbox; the reply is the BaRS response message', async () => {
    const message = referralMessage();
    const res = await send(message, 'req-new-1');
    expect(res.status).toBe(200);
    const reply = res.body;
    expect(reply.resourceType).toBe('Bundle');
    expect(reply.type).toBe('message');
    const header = reply.entry[0].resource;
    expect(header.resourceType).toBe('MessageHeader');
    expect(header.response).toEqual({ identifier: message.id, code: 'ok' });
    expect(header.destination[0].endpoint).toBe('https://west111.example.nhs.uk/fhir');
    const request = reply.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource;
    referralId = request.identifier[0].value;
    expect(request.status).toBe('active');

    const referral = (await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${referralId}`, { as: 'provider' })).body.referral;
    caseId = referral.caseId;
    expect(referral).toMatchObject({ serviceId: utc, status: 'requested', disposition: 'Dx05', referredByOrg: 'nhs111-west' });
    const view = (await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${caseId}`, { as: 'provider' })).body;
    expect(view.case.patient).toMatchObject({ nhsNumber: '9434765919', firstName: 'Grace', lastName: 'Okafor', postcode: 'CT1 2AB' });
    expect(view.case.presentingProblem).toContain('short of breath');
    expect(view.case.disposition).toMatchObject({ code: 'Dx05', symptomGroup: 1011, symptomDiscriminator: '4052', summary: 'Breathless with a fever: to be seen within 2 hours', careAdvice: ['call back if worse'] });
    expect(view.case.disposition?.report).toEqual([
      { nodeId: 'fever', question: 'Has she a high temperature?', answer: 'Yes' },
      { nodeId: 'chest-pain', question: 'Any chest pain?', answer: 'No' },
    ]);
    expect(view.case.flags).toContainEqual({ category: 'reasonable-adjustment', text: 'Uses a hearing aid: speak clearly' });

    const inbox = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'provider' })).body;
    expect(JSON.stringify(inbox)).toContain(referralId);
  });

  it('a repeated X-Request-ID is 409 and changes nothing', async () => {
    const before = await counts();
    const res = await send(referralMessage(), 'req-new-1');
    expect(res.status).toBe(409);
    expect(res.body.issue[0]).toMatchObject({ code: 'duplicate', expression: ['X-Request-ID'] });
    expect(await counts()).toEqual(before);
  });

  it('the service accepts through /api; the answer goes back to the sender’s endpoint through the outbox', async () => {
    const accepted = await t.request<ApiReply<'/api/referrals/{id}/accept', 'post'>>('POST', `/api/referrals/${referralId}/accept`, { as: 'provider', body: {} });
    expect(accepted.status).toBe(200);
    const outbox = (await t.request<ApiReply<'/api/delivery/outbox'>>('GET', `/api/delivery/outbox?referralId=${referralId}`, { as: 'admin' })).body.messages as any[];
    const back = outbox.find((m) => m.destination === 'endpoint' && m.kind === 'referral-response');
    expect(back, JSON.stringify(outbox)).toBeDefined();
    expect(back.endpoint).toEqual({ kind: 'fhir', address: 'https://west111.example.nhs.uk/fhir' });
    const bundle = back.payload;
    expect(bundle.entry[0].resource.response.code).toBe('ok');
    expect(bundle.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource.status).toBe('active');
    emitted.push({ what: 'response to the sender', body: bundle });
  });

  it('a delete message cancels the referral it names', async () => {
    const second = await send(referralMessage({ reference: 'W-cancel-me' }), 'req-new-2');
    expect(second.status).toBe(200);
    const id = second.body.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource.identifier[0].value;
    const cancel = await send(referralMessage({ reason: 'delete', reference: 'W-cancel-me', edit: (b) => (b.entry[1].resource.note = [{ text: 'Patient went to A&E' }]) }), 'req-delete-2');
    expect(cancel.status).toBe(200);
    expect(cancel.body.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource.status).toBe('revoked');
    const referral = (await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${id}`, { as: 'provider' })).body.referral;
    expect(referral).toMatchObject({ status: 'cancelled', outcome: 'Patient went to A&E' });
  });

  it('an update message changes the patient’s details on the case', async () => {
    const first = await send(referralMessage({ reference: 'W-update-me' }), 'req-new-3');
    const id = first.body.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').resource.identifier[0].value;
    const update = await send(referralMessage({ reason: 'update', reference: 'W-update-me', edit: (b) => (b.entry[2].resource.telecom = [{ system: 'phone', value: '07700 900999' }]) }), 'req-update-3');
    expect(update.status).toBe(200);
    const caseOf = (await t.request<ApiReply<'/api/referrals/{id}'>>('GET', `/api/referrals/${id}`, { as: 'provider' })).body.referral.caseId;
    expect((await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${caseOf}`, { as: 'provider' })).body.case.patient.phone).toBe('07700 900999');
  });

  it('a booking-request takes the slot; the same slot again is 409 and leaves nothing behind', async () => {
    const booked = await send(referralMessage({ event: 'booking-request', slotId: slotIds[0] }), 'req-book-1');
    expect(booked.status).toBe(200);
    const appointment = booked.body.entry.find((e: any) => e.resource.resourceType === 'Appointment');
    expect(appointment.resource.start).toBe('2026-11-18T14:00:00.000Z');
    const before = await counts();
    const again = await send(referralMessage({ event: 'booking-request', slotId: slotIds[0] }), 'req-book-2');
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.issue[0].expression[0]).toMatch(/^Bundle\.entry\[6\]\.resource\.slot\[0\]$/);
    expect(await counts()).toEqual(before);
  });
});

describe('bad messages', () => {
  const cases: [string, (b: any) => void, number, string][] = [
    ['not a message Bundle', (b) => (b.type = 'collection'), 422, 'Bundle.type'],
    ['MessageHeader not first', (b) => b.entry.reverse(), 422, 'Bundle.entry[0].resource'],
    ['unknown event', (b) => (b.entry[0].resource.eventCoding.code = 'referral-magic'), 422, 'Bundle.entry[0].resource.eventCoding'],
    ['focus not in the Bundle', (b) => (b.entry[0].resource.focus = [{ reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' }]), 422, 'Bundle.entry[0].resource.focus[0].reference'],
    ['subject not in the Bundle', (b) => (b.entry[1].resource.subject = { reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' }), 422, 'Bundle.entry[1].resource.subject.reference'],
    ['no Patient at all', (b) => b.entry.splice(2, 1), 422, 'Bundle.entry[1].resource.subject.reference'],
    ['unknown disposition', (b) => (b.entry[1].resource.reasonCode[2].coding[0].code = 'Dx9999'), 422, 'Bundle.entry[1].resource.reasonCode[2]'],
    ['unknown symptom group', (b) => (b.entry[1].resource.reasonCode[0].coding[0].code = '99999'), 422, 'Bundle.entry[1].resource.reasonCode[0]'],
    ['destination service does not exist', (b) => (b.entry[1].resource.performer = [{ reference: 'HealthcareService/987654' }]), 422, 'Bundle.entry[1].resource.performer[0]'],
    ['no destination service', (b) => (b.entry[1].resource.performer = [{ display: 'somewhere' }]), 422, 'Bundle.entry[1].resource.performer'],
    ['an invalid NHS number', (b) => (b.entry[2].resource.identifier[0].value = '1234567890'), 422, 'Bundle.entry[2].resource.identifier[0].value'],
    ['no birth date', (b) => delete b.entry[2].resource.birthDate, 422, 'Bundle.entry[2].resource.birthDate'],
    ['an unknown flag category', (b) => (b.entry[5].resource.category[0].coding[0].code = 'gossip'), 422, 'Bundle.entry[5].resource.category'],
    ['no source endpoint', (b) => delete b.entry[0].resource.source.endpoint, 422, 'Bundle.entry[0].resource.source.endpoint'],
  ];
  cases.forEach(([what, edit, status, expression], i) => {
    it(`${what} → ${status} naming ${expression}, nothing written`, async () => {
      const before = await counts();
      const res = await send(referralMessage({ edit }), `req-bad-${i}`);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue.flatMap((i: any) => i.expression ?? [])).toContain(expression);
      expect(await counts()).toEqual(before);
    });
  });

  it('malformed JSON is 400; a Patient instead of a Bundle is 400 naming resourceType; no X-Request-ID is 400', async () => {
    const post = (body: string, headers: Record<string, string> = { 'x-request-id': 'req-raw' }) =>
      fetch(`${base}/$process-message`, { method: 'POST', headers: { authorization: `Bearer ${senderToken}`, 'content-type': 'application/fhir+json', ...headers }, body });
    const malformed = await post('{"resourceType": "Bundle",');
    expect(malformed.status).toBe(400);
    const wrongType = await post(JSON.stringify({ resourceType: 'Patient' }));
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as any).issue[0].expression).toEqual(['resourceType']);
    const noRequestId = await post(JSON.stringify(referralMessage()), {});
    expect(noRequestId.status).toBe(400);
    expect(((await noRequestId.json()) as any).issue[0].expression).toEqual(['X-Request-ID']);
  });

  it('a signed-in person (not a system token) is 403; no token is 401', async () => {
    const asPerson = await fetch(`${base}/$process-message`, { method: 'POST', headers: { cookie: await t.cookieFor('clinician'), origin: 'http://signpost.test', 'content-type': 'application/fhir+json', 'x-request-id': 'req-person' }, body: JSON.stringify(referralMessage()) });
    expect(asPerson.status).toBe(403);
    const anonymous = await fetch(`${base}/$process-message`, { method: 'POST', headers: { 'content-type': 'application/fhir+json', 'x-request-id': 'req-anon' }, body: JSON.stringify(referralMessage()) });
    expect(anonymous.status).toBe(401);
  });

  it('another organisation cannot cancel a referral it did not send', async () => {
    const res = await send(referralMessage({ reason: 'delete', reference: 'W-1' }), 'req-stranger-delete', strangerToken);
    expect(res.status).toBe(422);
    expect(res.body.issue[0].code).toBe('not-found');
  });
});

describe('patient resources, read and search', () => {
  let receiverToken: string;
  beforeAll(async () => {
    receiverToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT EPR', organisationId: 'kcht' }))).token;
  });

  it('the receiving organisation reads the patient, case, outcome, answers, flags and referral; audited', async () => {
    const kcht = client(receiverToken);
    const first = (await t.signpost.platform.db.selectFrom('fhir_inbound_messages').select(['case_id', 'referral_id']).where('request_id', '=', 'req-new-1').executeTakeFirstOrThrow());
    const caseId = first.case_id!.replace('case_', 'case-');
    const referralId = first.referral_id!.replace('ref_', 'ref-');
    const patient: any = await kcht.read({ resourceType: 'Patient', id: caseId });
    expect(patient.identifier[0]).toMatchObject({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' });
    const encounter: any = await kcht.read({ resourceType: 'Encounter', id: caseId });
    expect(encounter.subject.reference).toBe(`Patient/${caseId}`);
    const carePlan: any = await kcht.read({ resourceType: 'CarePlan', id: caseId });
    expect(carePlan.title).toContain('Dx05');
    const answers: any = await kcht.read({ resourceType: 'QuestionnaireResponse', id: caseId });
    expect(answers.item).toHaveLength(2);
    const request: any = await kcht.read({ resourceType: 'ServiceRequest', id: referralId });
    expect(request.subject.reference).toBe(`Patient/${caseId}`);
    const flags: any = await kcht.search({ resourceType: 'Flag', searchParams: { patient: `Patient/${caseId}` } });
    expect(flags.entry.map((e: any) => e.resource.code.text)).toContain('Uses a hearing aid: speak clearly');
    for (const body of [patient, encounter, carePlan, answers, request, flags]) emitted.push({ what: `read ${body.resourceType}`, body });
    const audited = await t.signpost.platform.db.selectFrom('audit_log').select(['action', 'patient_data']).where('subject_id', '=', first.case_id!).where('action', 'like', 'fhir.%').execute();
    expect(audited.length).toBeGreaterThanOrEqual(4);
    expect(audited.every((a) => a.patient_data)).toBe(true);
  });

  it('an unrelated organisation gets 404 (not 403) for the same patient, and finds nothing by NHS number', async () => {
    const first = await t.signpost.platform.db.selectFrom('fhir_inbound_messages').select(['case_id', 'referral_id']).where('request_id', '=', 'req-new-1').executeTakeFirstOrThrow();
    for (const [type, id] of [['Patient', first.case_id!.replace('case_', 'case-')], ['Encounter', first.case_id!.replace('case_', 'case-')], ['ServiceRequest', first.referral_id!.replace('ref_', 'ref-')]]) {
      const res = await fetch(`${base}/${type}/${id}`, { headers: { authorization: `Bearer ${strangerToken}` } });
      expect(res.status, `${type}/${id}`).toBe(404);
      expect(((await res.json()) as any).resourceType).toBe('OperationOutcome');
    }
    const search: any = await client(strangerToken).search({ resourceType: 'Patient', searchParams: { identifier: 'https://fhir.nhs.uk/Id/nhs-number|9434765919' } });
    expect(search.total).toBe(0);
  });

  it('search by NHS number pages with _count; a cancelled referral’s case is not among them', async () => {
    const kcht = client(receiverToken);
    const page1: any = await kcht.search({ resourceType: 'Patient', searchParams: { identifier: 'https://fhir.nhs.uk/Id/nhs-number|9434765919', _count: 2 } });
    expect(page1.total).toBe(3);
    expect(page1.entry).toHaveLength(2);
    const page2: any = await kcht.nextPage({ bundle: page1 });
    expect(page2.entry).toHaveLength(1);
    const all = [...page1.entry, ...page2.entry].map((e: any) => e.resource.id);
    expect(new Set(all).size).toBe(3);
    emitted.push({ what: 'Patient search page 1', body: page1 }, { what: 'Patient search page 2', body: page2 });
    const active: any = await kcht.search({ resourceType: 'ServiceRequest', searchParams: { patient: `Patient/${all[0]}`, status: 'active' } });
    expect(active.entry.every((e: any) => e.resource.status === 'active')).toBe(true);
  });

  it('a search that names no patient is 400', async () => {
    const res = await fetch(`${base}/Encounter?status=in-progress`, { headers: { authorization: `Bearer ${receiverToken}` } });
    expect(res.status).toBe(400);
  });
});

describe('the CapabilityStatement', () => {
  it('lists $process-message as a system operation', async () => {
    const statement: any = await client().capabilityStatement();
    expect(statement.rest[0].operation.map((o: any) => o.name)).toContain('process-message');
    expect(statement.rest[0].resource.map((r: any) => r.type)).toEqual(expect.arrayContaining(['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment']));
  });
});

describe('everything the server sent', () => {
  it('passes FHIR.js, the HL7 JSON schema and Medplum', async () => {
    expect(emitted.length).toBeGreaterThan(10);
    for (const { what, body } of emitted) expect(await allFhirErrors(body), what).toEqual([]);
  });
});
