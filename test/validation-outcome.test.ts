// A clinician's validation outcome carries its own symptom group and discriminator (issue 11, item 18):
// a downgrade from an ambulance outcome to "GP within 2 hours" must not keep searching with the
// ambulance-level discriminator, or the case search finds only the catch-all emergency departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProfileSchema } from '../src/directory/model';
import { alwaysOpenTimes } from '../src/directory/opening-hours';
import { signpostItself } from '../src/platform/actor';
import { aService } from './builders';
import { openCase, runTriage } from './case-helpers';
import { testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
let utc: number;
let ed: number;

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const profiles = [
    // Sees breathlessness on exertion within 2 hours — not a wheeze that the inhaler does not relieve.
    aService({ publicName: 'Canterbury UTC', coverage: { dispositions: ['Dx05'], symptoms: [{ sg: 11000, sd: '14013' }] } }),
    aService({ typeId: 105, publicName: 'William Harvey ED', organisationId: 'ekhuft', address: { lines: ['Kennington Road'], town: 'Ashford', postcode: 'TN24 0LZ' }, openingTimes: alwaysOpenTimes(), coverage: { dispositions: ['Dx02'], symptoms: [{ sg: 11000, sd: '14012' }] } }),
  ].map((p) => ServiceProfileSchema.parse(p));
  [utc, ed] = await t.signpost.directory.importServices(signpostItself, profiles, { reason: 'test' });
  for (let i = 0; i < 100 && !t.signpost.search.directoryIndex.get(ed); i++) {
    await t.signpost.events.catchUp();
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => t?.close());

/** A case triaged to an ambulance (Dx012, SD 14012 wheeze not relieved by inhaler), claimed by the clinician for validation. */
async function ambulanceCaseToValidate() {
  const { case: c } = await openCase(t);
  const asthma = await runTriage(t, 'breathing-problems', { inhaler: 'yes' });
  expect(asthma.outcome).toMatchObject({ disposition: 'Dx012', symptomGroup: 11000, symptomDiscriminator: '14012' });
  const entry = (await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: asthma.session.id } })).body.queueEntry;
  expect(entry).toMatchObject({ reasons: ['validation'], validationOf: 'Dx012' });
  expect((await t.request('POST', `/api/queue/${entry!.id}/claim`, { as: 'clinician' })).status).toBe(200);
  return { caseId: c.id as string, entryId: entry!.id as string };
}

const searchCase = (caseId: string) => t.request<ApiReply<'/api/cases/{id}/searches', 'post'>>('POST', `/api/cases/${caseId}/searches`, { as: 'clinician', body: {} });
const ids = (body: { results: { serviceId: number }[] }) => body.results.map((r) => r.serviceId);

describe('a clinician’s validation outcome sets the symptom group and discriminator', () => {
  it('a downgrade to Dx05 with a new discriminator searches with it: the UTC, not the catch-all', async () => {
    const { caseId, entryId } = await ambulanceCaseToValidate();
    const done = await t.request<ApiReply<'/api/queue/{id}/outcome', 'post'>>('POST', `/api/queue/${entryId}/outcome`, {
      as: 'clinician',
      body: { kind: 'disposition', disposition: 'Dx05', symptomGroup: 11000, symptomDiscriminator: '14013', summary: 'Settled with inhaler; breathless on exertion only' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.entry.outcome).toMatchObject({ disposition: 'Dx05', validation: 'downgraded' });
    expect(done.body.case.disposition).toMatchObject({
      code: 'Dx05',
      source: 'clinician',
      symptomGroup: 11000,
      symptomGroupTitle: 'Breathing problems',
      symptomDiscriminator: '14013',
      symptomDiscriminatorTitle: 'New breathlessness on exertion',
    });
    const search = await searchCase(caseId);
    expect(search.status, JSON.stringify(search.body)).toBe(201);
    expect(search.body.request).toMatchObject({ disposition: 'Dx05', symptomGroup: 11000, symptomDiscriminators: ['14013'] });
    expect(search.body.catchAll).toBe(false);
    expect(ids(search.body)).toEqual([utc]);
  });

  it('without them the triage’s stand (and the ED-level discriminator finds only the catch-all)', async () => {
    const { caseId, entryId } = await ambulanceCaseToValidate();
    const done = await t.request<ApiReply<'/api/queue/{id}/outcome', 'post'>>('POST', `/api/queue/${entryId}/outcome`, { as: 'clinician', body: { kind: 'disposition', disposition: 'Dx05', summary: 'GP within 2 hours' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.case.disposition).toMatchObject({ code: 'Dx05', symptomGroup: 11000, symptomDiscriminator: '14012' });
    const search = await searchCase(caseId);
    expect(search.body.request).toMatchObject({ symptomGroup: 11000, symptomDiscriminators: ['14012'] });
    expect(search.body.catchAll).toBe(true);
    expect(ids(search.body)).toEqual([ed]);
  });

  it('takes a disposition code typed in lower case as the canonical one', async () => {
    const { entryId } = await ambulanceCaseToValidate();
    const done = await t.request<ApiReply<'/api/queue/{id}/outcome', 'post'>>('POST', `/api/queue/${entryId}/outcome`, { as: 'clinician', body: { kind: 'disposition', disposition: ' dx05 ', summary: 'GP within 2 hours' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.case.disposition).toMatchObject({ code: 'Dx05' });
  });

  it('unknown codes are 400 naming the field, and nothing is written', async () => {
    const { caseId, entryId } = await ambulanceCaseToValidate();
    for (const [field, value] of [
      ['symptomGroup', 999999],
      ['symptomDiscriminator', '99999'],
    ] as const) {
      const res = await t.request<ErrorReply>('POST', `/api/queue/${entryId}/outcome`, { as: 'clinician', body: { kind: 'disposition', disposition: 'Dx05', [field]: value, summary: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([`body.${field}`]);
    }
    const view = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${caseId}`, { as: 'clinician' });
    expect(view.body.case.disposition?.code).toBe('Dx012');
    expect(view.body.queue[0].status).toBe('claimed');
  });
});
