// The patient journey of issue 5, end to end through the API (the same definition `npm run
// demo:journey` runs against a server), on the test fixture: on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import * as store from '../src/referrals/store';
import { runJourney, type JourneyClient, type Login } from '../scripts/journey';
import { aService } from './builders';
import { extraUser } from './case-helpers';
import { fhirErrors } from './fhir-validate';
import { testApp, type TestApp, type TestUser, type ApiReply } from './fixture';

let t: TestApp;
let client: JourneyClient;
const breathing = { dispositions: ['Dx03', 'Dx05', 'Dx06'], symptoms: [{ sg: 11000, sd: '14013' }] };

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  await t.signpost.identity.createOrganisation(signpostItself, { id: 'practice-g82001', name: 'The Surgery, Canterbury', kind: 'gp-practice', odsCode: 'G82001' });
  const fhir = (host: string) => [{ kind: 'fhir' as const, address: `https://${host}.example.test/fhir/$process-message` }];
  await t.signpost.directory.importServices(
    signpostItself,
    [
      aService({ name: 'The Surgery', typeId: 100, organisationId: 'practice-g82001', odsCode: 'G82001', coverage: { dispositions: ['Dx10'], symptoms: [{ sg: 11000, sd: '4003' }] }, referralEndpoints: fhir('gp') }),
      aService({ name: 'Canterbury UTC', coverage: breathing, referralEndpoints: fhir('utc') }),
      aService({ name: 'Kent and Canterbury SDEC', typeId: 140, organisationId: 'ekhuft', referralRoles: ['clinician', 'provider'], coverage: breathing, referralEndpoints: fhir('sdec') }),
    ].map((s) => ServiceProfileSchema.parse(s)),
    { reason: 'journey test' },
  );
  await t.signpost.search.build();
  const practice = await extraUser(t, 'practice', 'practice-g82001', ['provider_staff']);
  const as: Record<Exclude<Login, 'practice'>, TestUser> = { callhandler: 'callhandler', provider: 'provider', acute: 'otherprovider' };
  client = {
    async request(login, method, path, body) {
      if (login === 'practice') return practice(method, path, body);
      const res = await t.request(method, path, { as: as[login], body });
      return { status: res.status, body: res.body };
    },
  };
});
afterAll(async () => t?.close());

describe('the patient journey', () => {
  it('call → triage → search → referral → accepted → onward to a hospital department → completed → post-event message', async () => {
    const steps: string[] = [];
    const result = await runJourney(client, { log: (_n, title) => steps.push(title) });
    expect(steps).toEqual(['Call', 'Triage', 'Search', 'Referral', 'Accepted', 'Onward referral', 'Completed', 'Post-event message', 'Timeline']);

    const c = (await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${result.caseId}`, { as: 'callhandler' })).body;
    expect(c.case).toMatchObject({ status: 'closed', disposition: { code: 'Dx03', source: 'clinician' } });
    expect(c.referrals.map((r: any) => [r.serviceName, r.status])).toEqual([
      ['Canterbury UTC', 'completed'],
      ['Kent and Canterbury SDEC', 'completed'],
    ]);
    expect(c.referrals[1].fromReferralId).toBe(c.referrals[0].id);

    // Every message that would leave Signpost is a valid FHIR R4 message Bundle.
    const messages = (await store.listOutbox(t.signpost.platform.db, { limit: 500 })).filter((m) => m.caseId === result.caseId);
    expect(messages.filter((m) => m.destination === 'inbox').map((m) => m.status)).not.toContain('pending');
    const bundles = messages.filter((m) => m.destination === 'endpoint');
    expect(bundles.map((m) => m.kind).sort()).toEqual(['post-event-message', 'referral', 'referral']);
    for (const m of bundles) {
      expect(m.status).toBe('held'); // external delivery is off in tests: kept, not sent
      expect(fhirErrors(m.payload as never), m.kind).toEqual([]);
      expect((m.payload as any).id).toBe(m.messageId);
    }
    const onwardBundle = bundles.find((m) => m.referralId === result.referralIds[1])!.payload as any;
    const types = onwardBundle.entry.map((e: any) => e.resource.resourceType);
    for (const type of ['MessageHeader', 'ServiceRequest', 'Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag']) expect(types).toContain(type);

    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${result.caseId}/timeline`, { as: 'callhandler' })).body.timeline.map((e: any) => e.type);
    expect(timeline).toEqual(
      expect.arrayContaining(['case.opened', 'triage.finished', 'case.searched', 'referral.requested', 'referral.accepted', 'referral.completed', 'case.closed', 'post_event.sent', 'inbox.item_added']),
    );
  });
});
