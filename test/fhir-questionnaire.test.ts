// Published triage pathways as FHIR Questionnaires (issue 17, item 1), the QuestionnaireResponses
// Signpost sends referring to them by canonical url|version, and the CapabilityStatement's list of
// resource types checked against the issue's: every type read and searched, every declared parameter
// accepted. Every resource the server sends is checked by the three validators (test/fhir-validate.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor';
import { runTriage, openCase } from './case-helpers';
import { allFhirErrors } from './fhir-validate';
import { fhirDirectory, type FhirDirectory } from './fhir-helpers';
import { ORIGIN, testApp, type ApiReply, type TestApp, type TestUser } from './fixture';

let t: TestApp;
let d: FhirDirectory;
/** the national content published at start (content/national) */
let published: { contentVersion: string };
const emitted: { what: string; body: any }[] = [];

beforeAll(async () => {
  t = await testApp();
  d = await fhirDirectory(t);
  const version = await t.signpost.triage.publishedFor(null);
  published = { contentVersion: version!.contentVersion };
});
afterAll(async () => t?.close());

async function fhir(path: string, options: { as?: TestUser; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { origin: ORIGIN, ...options.headers };
  if (options.as) headers.cookie = await t.cookieFor(options.as);
  else headers.authorization = `Bearer ${d.token}`;
  const response = await t.signpost.app.request(`${ORIGIN}${path}`, { headers });
  const body = (await response.json()) as any;
  emitted.push({ what: `GET ${path} → ${response.status}`, body });
  return { status: response.status, body };
}

const matches = (bundle: any) => bundle.entry.filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource);

/** The resource types issue 17 asks the server to read and search. */
const ISSUE_TYPES = [
  'HealthcareService', 'Location', 'Organization', 'Endpoint', 'Schedule', 'Slot', 'Appointment',
  'ServiceRequest', 'Encounter', 'Patient', 'Flag', 'CarePlan', 'Questionnaire', 'QuestionnaireResponse',
];
const PATIENT_DATA = ['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment'];

describe('the CapabilityStatement against issue 17', () => {
  it('lists exactly the 14 resource types of the issue, each with read and search-type', async () => {
    const statement = (await fhir('/fhir/metadata')).body;
    const resources = statement.rest[0].resource;
    expect(resources.map((r: any) => r.type).sort()).toEqual([...ISSUE_TYPES].sort());
    for (const r of resources) expect(r.interaction.map((i: any) => i.code), r.type).toEqual(['read', 'search-type']);
    expect(await allFhirErrors(statement)).toEqual([]);
  });

  it('declares the issue’s search parameters where they apply, _lastUpdated on every type that keeps a change time', async () => {
    const resources = (await fhir('/fhir/metadata')).body.rest[0].resource;
    const params = (type: string) => resources.find((r: any) => r.type === type).searchParam.map((p: any) => p.name);
    for (const type of ISSUE_TYPES) expect(params(type), type).toEqual(expect.arrayContaining(['_id', '_count']));
    // Organisations and slots keep no change time in Signpost: no _lastUpdated to offer.
    for (const type of ISSUE_TYPES.filter((x) => x !== 'Organization' && x !== 'Slot')) expect(params(type), type).toContain('_lastUpdated');
    expect(params('HealthcareService')).toEqual(expect.arrayContaining(['identifier', 'name', 'active', 'organization', 'service-type', 'specialty', 'location', 'near']));
    expect(params('Location')).toEqual(expect.arrayContaining(['identifier', 'name', 'organization', 'near']));
    expect(params('Organization')).toEqual(expect.arrayContaining(['identifier', 'name', 'active']));
    expect(params('Endpoint')).toEqual(expect.arrayContaining(['identifier', 'name', 'organization']));
    expect(params('Patient')).toContain('identifier');
    expect(params('Questionnaire')).toEqual(expect.arrayContaining(['url', 'version', 'name', 'title', 'status']));
  });

  it('accepts every parameter it declares (none reported unknown, even under Prefer: handling=strict)', async () => {
    const resources = (await fhir('/fhir/metadata')).body.rest[0].resource;
    for (const resource of resources) {
      for (const param of resource.searchParam) {
        const value = param.name === 'active' ? 'true' : resource.type === 'Patient' && param.name === 'identifier' ? '9434765919' : { token: 'x', string: 'x', reference: '1', date: 'ge2020-01-01', special: '51.28|1.08|5|km', number: '1', uri: 'https://signpost.example/Questionnaire/national/back-pain' }[param.type as string];
        expect(value, `${resource.type}.${param.name} (${param.type})`).toBeDefined();
        const namesPatient = PATIENT_DATA.includes(resource.type) && !['patient', 'subject', '_id', 'identifier'].includes(param.name);
        const prefix = resource.type === 'Slot' && param.name !== 'schedule' ? `schedule=Schedule/${d.utc}&` : namesPatient ? `${resource.type === 'Patient' ? '_id=' : 'patient=Patient/'}case-00000000-0000-4000-8000-000000000000&` : '';
        const res = await fhir(`/fhir/${resource.type}?${prefix}${param.name}=${encodeURIComponent(value!)}`, { headers: { prefer: 'handling=strict' } });
        expect(res.status, `${resource.type}?${param.name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
        expect(res.body.entry?.some((e: any) => e.search?.mode === 'outcome') ?? false).toBe(false);
      }
    }
  });
});

describe('Questionnaire: the published triage pathways', () => {
  it('serves every pathway of the published content, each with its content version, source and the demonstration notice', async () => {
    const res = await fhir('/fhir/Questionnaire?_count=500');
    expect(res.status).toBe(200);
    const pack = await t.signpost.triage.content.publishedPack(null);
    expect(res.body.total).toBe(pack.pathwayOrder.length + 1); // and the emergency screen
    for (const q of matches(res.body)) {
      expect(q.version).toBe(published.contentVersion);
      expect(q.status).toBe('active');
      expect(q.experimental).toBe(true);
      expect(q.description).toContain('DEMONSTRATION CONTENT — NOT FOR CLINICAL USE');
      expect(q.url).toMatch(/^https:\/\/signpost\.example\/Questionnaire\/national\/[a-z0-9-]+$/);
      const pathway = pack.pathways[q.url.split('/').pop()];
      for (const source of pathway.sources) expect(q.description).toContain(source.url);
      expect(q.item.length).toBeGreaterThan(0);
    }
    expect(await allFhirErrors(res.body)).toEqual([]);
  });

  it('reads one pathway: the emergency screen first, options as codings, enableWhen only on earlier questions', async () => {
    const found = await fhir('/fhir/Questionnaire?name=BreathingProblems');
    expect(found.body.total).toBe(1);
    const id = matches(found.body)[0].id;
    const res = await fhir(`/fhir/Questionnaire/${id}`);
    expect(res.status).toBe(200);
    const q = res.body;
    expect(q).toMatchObject({ resourceType: 'Questionnaire', id, title: 'Breathing problems', url: 'https://signpost.example/Questionnaire/national/breathing-problems', version: published.contentVersion });
    expect(q.item[0].linkId).toMatch(/^emergency\//);
    const own = q.item.filter((i: any) => i.linkId.startsWith('breathing-problems/'));
    expect(own.length).toBeGreaterThan(2);
    const inhaler = q.item.find((i: any) => i.linkId === 'breathing-problems/inhaler');
    expect(inhaler.type).toBe('choice');
    expect(inhaler.answerOption.map((o: any) => o.valueCoding.code)).toEqual(['yes', 'no']);
    expect(inhaler.answerOption[0].valueCoding.system).toBe('https://signpost.example/CodeSystem/triage-answer/breathing-problems/inhaler');
    // enableWhen names an earlier item and one of its options.
    const seen = new Map<string, any>();
    let conditioned = 0;
    for (const item of q.item) {
      for (const when of item.enableWhen ?? []) {
        conditioned++;
        const earlier = seen.get(when.question);
        expect(earlier, `${item.linkId} depends on ${when.question}`).toBeDefined();
        expect(earlier.answerOption.map((o: any) => o.valueCoding.code)).toContain(when.answerCoding.code);
      }
      seen.set(item.linkId, item);
    }
    expect(conditioned).toBeGreaterThan(0);
    expect(q.description).toMatch(/order is adaptive/);
    expect(await allFhirErrors(q)).toEqual([]);
  });

  it('searches by each parameter, and pages with next links', async () => {
    const all = (await fhir('/fhir/Questionnaire?_count=500')).body.total;
    const url = 'https://signpost.example/Questionnaire/national/back-pain';
    expect((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(url)}`)).body.total).toBe(1);
    expect((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(`${url}|${published.contentVersion}`)}`)).body.total).toBe(1);
    expect((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(`${url}|national@0.0.0+000000000000`)}`)).body.total).toBe(0);
    expect((await fhir(`/fhir/Questionnaire?version=${encodeURIComponent(published.contentVersion)}`)).body.total).toBe(all);
    expect((await fhir('/fhir/Questionnaire?version=national@0.0.0')).body.total).toBe(0);
    expect((await fhir('/fhir/Questionnaire?title:exact=Back%20pain')).body.total).toBe(1);
    expect((await fhir('/fhir/Questionnaire?title:contains=pain')).body.total).toBeGreaterThan(3);
    expect((await fhir('/fhir/Questionnaire?status=active')).body.total).toBe(all);
    expect((await fhir('/fhir/Questionnaire?status=retired')).body.total).toBe(0);
    expect((await fhir('/fhir/Questionnaire?_lastUpdated=ge2000-01-01')).body.total).toBe(all);
    expect((await fhir('/fhir/Questionnaire?_lastUpdated=lt2000-01-01')).body.total).toBe(0);
    const one = matches((await fhir('/fhir/Questionnaire?name=BackPain')).body)[0];
    expect(matches((await fhir(`/fhir/Questionnaire?_id=${one.id}`)).body).map((q: any) => q.id)).toEqual([one.id]);

    let page = (await fhir('/fhir/Questionnaire?_count=25')).body;
    const ids: string[] = [];
    while (page) {
      expect(page.total).toBe(all);
      ids.push(...matches(page).map((q: any) => q.id));
      const next = page.link.find((l: any) => l.relation === 'next');
      page = next ? (await fhir(new URL(next.url).pathname + new URL(next.url).search)).body : null;
    }
    expect(ids.length).toBe(all);
    expect(new Set(ids).size).toBe(all);
    expect([...ids].sort()).toEqual(ids);
  });

  it('an unknown id is a 404 OperationOutcome; a malformed _lastUpdated a 400 naming it', async () => {
    for (const id of ['back-pain.000000000000', 'nothing', 'back-pain']) {
      const res = await fhir(`/fhir/Questionnaire/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
    const bad = await fhir('/fhir/Questionnaire?_lastUpdated=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    expect(bad.body.issue[0].expression).toEqual(['_lastUpdated']);
  });

  it('is directory-like: any authenticated caller reads it, anonymous callers get a 401', async () => {
    for (const as of ['commissioner', 'doslead', 'provider'] as const) expect((await fhir('/fhir/Questionnaire?name=BackPain', { as })).body.total).toBe(1);
    const anonymous = await t.signpost.app.request(`${ORIGIN}/fhir/Questionnaire`);
    expect(anonymous.status).toBe(401);
  });
});

describe('QuestionnaireResponse refers to its Questionnaire', () => {
  it('by canonical url|version, which resolves on this server, with linkIds and coded answers from it', async () => {
    const { case: c } = await openCase(t);
    const view = await runTriage(t, 'breathing-problems', { inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' });
    const linked = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);

    const res = await fhir(`/fhir/QuestionnaireResponse/${c.id.replace('case_', 'case-')}`, { as: 'callhandler' });
    expect(res.status).toBe(200);
    const answers = res.body;
    expect(answers.questionnaire).toBe(`https://signpost.example/Questionnaire/national/breathing-problems|${published.contentVersion}`);
    const [url, version] = answers.questionnaire.split('|');
    const found = await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(url)}&version=${encodeURIComponent(version)}`, { as: 'callhandler' });
    expect(found.body.total).toBe(1);
    const questionnaire = matches(found.body)[0];
    const items = new Map(questionnaire.item.map((i: any) => [i.linkId, i]));
    expect(answers.item.length).toBeGreaterThan(3);
    for (const answered of answers.item) {
      const asked: any = items.get(answered.linkId);
      expect(asked, answered.linkId).toBeDefined();
      if (asked.type === 'choice') {
        for (const a of answered.answer) expect(asked.answerOption.map((o: any) => o.valueCoding)).toContainEqual(a.valueCoding);
      }
    }
    expect(answers.item.find((i: any) => i.linkId === 'breathing-problems/fever').answer).toEqual([
      { valueCoding: { system: 'https://signpost.example/CodeSystem/triage-answer/breathing-problems/fever', code: 'yes', display: 'Yes' } },
    ]);
    expect(await allFhirErrors(answers)).toEqual([]);
  });
});

describe('a session that ends in the emergency screen', () => {
  it('answers refer to the emergency screen’s Questionnaire, which resolves', async () => {
    const { case: c } = await openCase(t);
    const started = await t.request<ApiReply<'/api/triage/sessions', 'post'>>('POST', '/api/triage/sessions', { as: 'callhandler', body: { age: { value: 40, unit: 'years' }, sex: 'male' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const first = started.body.question!;
    expect(first.pathwayId).toBe('emergency');
    const answered = await t.request<ApiReply<'/api/triage/sessions/{id}/answers', 'post'>>('POST', `/api/triage/sessions/${started.body.session.id}/answers`, { as: 'callhandler', body: { nodeId: first.nodeId, value: 'yes' } });
    expect(answered.body.session.status).toBe('finished');
    expect((await t.request('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: started.body.session.id } })).status).toBe(200);

    const answers = (await fhir(`/fhir/QuestionnaireResponse/${c.id.replace('case_', 'case-')}`, { as: 'callhandler' })).body;
    expect(answers.questionnaire).toBe(`https://signpost.example/Questionnaire/national/emergency|${published.contentVersion}`);
    const [url, version] = answers.questionnaire.split('|');
    const found = matches((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(url)}&version=${encodeURIComponent(version)}`, { as: 'callhandler' })).body);
    expect(found).toHaveLength(1);
    expect(found[0].item.map((i: any) => i.linkId)).toContain(answers.item[0].linkId);
    expect(answers.item).toEqual([{ linkId: first.nodeId, text: expect.any(String), answer: [{ valueCoding: expect.objectContaining({ code: 'yes' }) }] }]);
  });
});

describe('a newer publication', () => {
  it('retires the old content’s Questionnaires, serves the new ones as active, and old answers still resolve', async () => {
    // A case triaged on the content published now.
    const { case: c } = await openCase(t);
    const view = await runTriage(t, 'breathing-problems', { inhaler: 'yes' });
    expect((await t.request('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } })).status).toBe(200);

    // Governance publishes 2025.2.0 (back pain more urgent), author and reviewer different people.
    const author: Actor = { kind: 'user', id: 'gov-author', name: 'Author', organisationId: 'icb', roles: ['clinical_governance'] };
    const reviewer: Actor = { ...author, id: 'gov-reviewer', name: 'Reviewer' };
    const { triage } = t.signpost;
    const national = (await triage.publishedFor(null))!;
    const files = await triage.versionFiles(national.id);
    const text = (path: string) => files.find((f) => f.path === path)!.text;
    const draft = await triage.createVersion(author, {
      label: 'Back pain: GP sooner',
      basedOn: national.id,
      files: [
        { path: 'pathways/back-pain.yaml', text: text('pathways/back-pain.yaml').replace('disposition: Dx39', 'disposition: Dx08') },
        { path: 'pack.yaml', text: text('pack.yaml').replace('version: 2025.1.0', 'version: 2025.2.0') },
      ],
    });
    await triage.submit(author, draft.version.id);
    await triage.review(reviewer, draft.version.id, { decision: 'approve', reason: 'More urgent only' });
    const next = await triage.publish(author, draft.version.id);

    const url = 'https://signpost.example/Questionnaire/national/back-pain';
    const both = matches((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(url)}&_count=500`)).body);
    expect(both.map((q: any) => [q.version, q.status]).sort()).toEqual([
      [published.contentVersion, 'retired'],
      [next.contentVersion, 'active'],
    ]);
    const all = (await fhir('/fhir/Questionnaire?_count=1')).body.total;
    expect((await fhir('/fhir/Questionnaire?status=retired&_count=1')).body.total).toBe(all / 2);
    // A retired one is still read by its id, and last changed when it was superseded.
    const old = both.find((q: any) => q.status === 'retired');
    const read = await fhir(`/fhir/Questionnaire/${old.id}`);
    expect(read.body).toMatchObject({ status: 'retired', version: published.contentVersion });
    expect((await fhir(`/fhir/Questionnaire?_id=${old.id}&_lastUpdated=ge${encodeURIComponent(next.publishedAt!.toISOString())}`)).body.total).toBe(1);

    // The case's answers were given on the old content: its reference still resolves, to the retired one.
    const answers = (await fhir(`/fhir/QuestionnaireResponse/${c.id.replace('case_', 'case-')}`, { as: 'callhandler' })).body;
    const [answeredUrl, answeredVersion] = answers.questionnaire.split('|');
    expect(answeredVersion).toBe(published.contentVersion);
    const resolved = matches((await fhir(`/fhir/Questionnaire?url=${encodeURIComponent(answeredUrl)}&version=${encodeURIComponent(answeredVersion)}`)).body);
    expect(resolved.map((q: any) => q.status)).toEqual(['retired']);
  });
});

describe('validation by others', () => {
  it('every resource, Bundle and OperationOutcome this file received passes all three validators', async () => {
    const failures: string[] = [];
    for (const { what, body } of emitted) {
      const errors = await allFhirErrors(body);
      if (errors.length) failures.push(`${what}: ${errors.slice(0, 3).join(' | ')}`);
    }
    expect(failures).toEqual([]);
  });
});
