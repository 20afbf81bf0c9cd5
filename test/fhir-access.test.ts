// The standing access check for the FHIR server (the /api routes have test/authorisation-matrix.test.ts;
// /fhir is not in the OpenAPI document, its CapabilityStatement describes it). Every /fhir route the app
// mounts must have a rule here; each is called as anonymous, as every role and with an API token, and
// must allow or refuse as declared — refusals as OperationOutcomes (401 for anonymous, 403 for a role
// without access), never the API's error shape, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorRole } from '../src/platform/actor';
import { SEARCHERS } from '../src/search/model';
import { TokenInput } from '../src/identity/model';
import { signpostItself } from '../src/platform/actor';
import { fhirDirectory, matchParameters, type FhirDirectory } from './fhir-helpers';
import { baRSReferral } from './fhir-messages';
import { ORIGIN, testApp, type TestApp, type TestUser } from './fixture';

type Access = 'public' | 'signed-in' | readonly ActorRole[];
interface Rule {
  access: Access;
  /** the id a `:id` stands for (a real one: allowed callers get a 200) */
  id?: (d: FhirDirectory) => string;
  body?: unknown | (() => unknown);
  contentType?: string;
  headers?: () => Record<string, string>;
  /**
   * Patient data: callers the route lets in but who have no relationship with this patient (no open
   * case from the front door, no referral to their organisation) get 404, so existence does not leak.
   */
  unrelated?: readonly ActorRole[];
}

const FORM = 'application/x-www-form-urlencoded';
/** Query strings the GET routes need to succeed for an allowed caller. */
const QUERIES: Record<string, (d: FhirDirectory) => string> = {
  'GET /fhir/HealthcareService/$match': () => 'postcode=CT1%201AA&age=40&sex=female&disposition=Dx03&symptomGroup=1011&symptomDiscriminator=4052&time=2026-11-18T10:00:00Z',
  'GET /fhir/Slot': (d) => `schedule=Schedule/${d.utc}`,
  'POST /fhir/Slot/_search': (d) => `schedule=Schedule/${d.utc}`,
};
const RULES: Record<string, Rule> = {
  'GET /fhir/metadata': { access: 'public' },
  'POST /fhir/HealthcareService/$match': { access: SEARCHERS, body: matchParameters(), contentType: 'application/fhir+json' },
  'GET /fhir/HealthcareService/$match': { access: SEARCHERS },
  'GET /fhir/HealthcareService': { access: 'signed-in' },
  'POST /fhir/HealthcareService/_search': { access: 'signed-in', body: 'name=c', contentType: FORM },
  'GET /fhir/HealthcareService/:id': { access: 'signed-in', id: (d) => String(d.utc) },
  'GET /fhir/Location': { access: 'signed-in' },
  'POST /fhir/Location/_search': { access: 'signed-in', body: 'name=c', contentType: FORM },
  'GET /fhir/Location/:id': { access: 'signed-in', id: (d) => String(d.utc) },
  'GET /fhir/Organization': { access: 'signed-in' },
  'POST /fhir/Organization/_search': { access: 'signed-in', body: 'name=k', contentType: FORM },
  'GET /fhir/Organization/:id': { access: 'signed-in', id: () => 'kcht' },
  'GET /fhir/Endpoint': { access: 'signed-in' },
  'POST /fhir/Endpoint/_search': { access: 'signed-in', body: 'status=active', contentType: FORM },
  'GET /fhir/Endpoint/:id': { access: 'signed-in', id: (d) => `${d.utc}-1` },
  'GET /fhir/Schedule': { access: 'signed-in' },
  'POST /fhir/Schedule/_search': { access: 'signed-in', body: 'active=true', contentType: FORM },
  'GET /fhir/Schedule/:id': { access: 'signed-in', id: (d) => String(d.utc) },
  'GET /fhir/Slot': { access: 'signed-in' },
  'POST /fhir/Slot/_search': { access: 'signed-in', body: 'status=free', contentType: FORM },
  'GET /fhir/Slot/:id': { access: 'signed-in', id: () => slotId },
  'POST /fhir/$process-message': {
    access: ['system'],
    body: () => baRSReferral({ base: `${ORIGIN}/fhir`, serviceId: d.utc }),
    contentType: 'application/fhir+json',
    headers: () => ({ 'x-request-id': `access-${++requests}` }),
  },
  // Published triage content, not patient data: open to any authenticated caller, as the directory is.
  'GET /fhir/Questionnaire': { access: 'signed-in' },
  'POST /fhir/Questionnaire/_search': { access: 'signed-in', body: 'name=Back', contentType: FORM },
  'GET /fhir/Questionnaire/:id': { access: 'signed-in', id: () => questionnaireId },
  ...patientRules(),
};

/** Read and search of each patient resource type: a booked referral in, to kcht's service (the API token's organisation). */
function patientRules(): Record<string, Rule> {
  const unrelated = ['dos_lead', 'clinical_governance', 'commissioner'] as const;
  const rules: Record<string, Rule> = {};
  const ids: Record<string, () => string> = {
    Patient: () => patient.caseId,
    Encounter: () => patient.caseId,
    CarePlan: () => patient.caseId,
    QuestionnaireResponse: () => patient.caseId,
    Flag: () => `${patient.caseId}.0`,
    ServiceRequest: () => patient.referralId,
    Appointment: () => patient.referralId,
  };
  for (const [type, id] of Object.entries(ids)) {
    rules[`GET /fhir/${type}`] = { access: 'signed-in' };
    rules[`POST /fhir/${type}/_search`] = { access: 'signed-in', body: 'x=1', contentType: FORM };
    rules[`GET /fhir/${type}/:id`] = { access: 'signed-in', id, unrelated };
    const query = () => (type === 'Patient' ? `_id=${patient.caseId}` : `patient=Patient/${patient.caseId}`);
    QUERIES[`GET /fhir/${type}`] = query;
    QUERIES[`POST /fhir/${type}/_search`] = query;
  }
  return rules;
}
let requests = 0;
const patient = { caseId: '', referralId: '' };

type Caller = { name: string; user?: TestUser; token?: true; roles: readonly ActorRole[] };
const CALLERS: Caller[] = [
  { name: 'anonymous', roles: [] },
  { name: 'API token (kcht)', token: true, roles: ['system'] },
  { name: 'call handler', user: 'callhandler', roles: ['call_handler'] },
  { name: 'clinician', user: 'clinician', roles: ['clinician'] },
  { name: 'provider staff (kcht)', user: 'provider', roles: ['provider_staff'] },
  { name: 'DoS lead', user: 'doslead', roles: ['dos_lead'] },
  { name: 'clinical governance', user: 'governance', roles: ['clinical_governance'] },
  { name: 'commissioner', user: 'commissioner', roles: ['commissioner'] },
  { name: 'admin', user: 'admin', roles: ['admin'] },
];

let t: TestApp;
let d: FhirDirectory;
let slotId = '';
let questionnaireId = '';

beforeAll(async () => {
  t = await testApp();
  d = await fhirDirectory(t);
  const slots = await t.signpost.app.request(`${ORIGIN}/fhir/Slot?schedule=Schedule/${d.utc}`, { headers: { authorization: `Bearer ${d.token}` } });
  slotId = ((await slots.json()) as { entry: { resource: { id: string } }[] }).entry[0].resource.id;
  const pathways = await t.signpost.app.request(`${ORIGIN}/fhir/Questionnaire?name=BackPain`, { headers: { authorization: `Bearer ${d.token}` } });
  questionnaireId = ((await pathways.json()) as { entry: { resource: { id: string } }[] }).entry[0].resource.id;
  // A booking-request from another organisation's system into kcht's service: the patient resources' subject.
  const sender = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'EKHUFT system', organisationId: 'ekhuft' }))).token;
  const booked = await t.signpost.app.request(`${ORIGIN}/fhir/$process-message`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sender}`, 'content-type': 'application/fhir+json', 'x-request-id': 'access-setup' },
    body: JSON.stringify(baRSReferral({ base: `${ORIGIN}/fhir`, serviceId: d.utc, event: 'booking-request', slotId: slotId.replace('slot-', 'slot_') })),
  });
  const reply = (await booked.json()) as { entry: { resource: { resourceType: string; id: string; subject?: { reference: string } } }[] };
  expect(booked.status, JSON.stringify(reply)).toBe(200);
  const request = reply.entry.find((e) => e.resource.resourceType === 'ServiceRequest')!.resource;
  const row = await t.signpost.platform.db.selectFrom('fhir_inbound_messages').select(['case_id', 'referral_id']).where('request_id', '=', 'access-setup').executeTakeFirstOrThrow();
  patient.caseId = row.case_id!.replace('case_', 'case-');
  patient.referralId = row.referral_id!.replace('ref_', 'ref-');
  expect(request.subject?.reference).toBeDefined();
});
afterAll(async () => t?.close());

const allowed = (access: Access, caller: Caller) => access === 'public' || (caller.roles.length > 0 && (access === 'signed-in' || caller.roles.some((r) => access.includes(r))));

async function call(key: string, rule: Rule, caller: Caller) {
  const method = key.slice(0, key.indexOf(' '));
  const path = key.slice(key.indexOf(' ') + 1).replace(':id', rule.id ? encodeURIComponent(rule.id(d)) : 'x');
  const query = QUERIES[key]?.(d);
  const headers: Record<string, string> = { origin: ORIGIN };
  if (caller.user) headers.cookie = await t.cookieFor(caller.user);
  if (caller.token) headers.authorization = `Bearer ${d.token}`;
  if (rule.contentType) headers['content-type'] = rule.contentType;
  Object.assign(headers, rule.headers?.() ?? {});
  const given = typeof rule.body === 'function' ? (rule.body as () => unknown)() : rule.body;
  const body = given === undefined ? undefined : typeof given === 'string' ? given : JSON.stringify(given);
  const response = await t.signpost.app.request(`${ORIGIN}${path}${query ? `?${query}` : ''}`, { method, headers, body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as { resourceType?: string } };
}

describe('the FHIR access matrix', () => {
  it('has a rule for every mounted /fhir route', () => {
    const declared = t.signpost.fhir.routes.map((r) => `${r.method} ${r.path}`);
    const fromRouter = t.signpost.app.routes.filter((r) => r.path.startsWith('/fhir')).map((r) => `${r.method} ${r.path}`);
    const mounted = [...new Set([...declared, ...fromRouter])];
    expect(mounted.filter((key) => !RULES[key]), 'routes without a rule (test/fhir-access.test.ts)').toEqual([]);
    expect(Object.keys(RULES).filter((key) => !mounted.includes(key)), 'rules for routes no longer mounted').toEqual([]);
    const differing = t.signpost.fhir.routes.filter((r) => JSON.stringify(r.access) !== JSON.stringify(RULES[`${r.method} ${r.path}`].access));
    expect(differing.map((r) => `${r.method} ${r.path}: declares ${JSON.stringify(r.access)}`)).toEqual([]);
  });

  it('every route × every caller: allowed (200) or refused (401/403) as declared, always FHIR JSON', async () => {
    const failures: string[] = [];
    for (const [key, rule] of Object.entries(RULES)) {
      for (const caller of CALLERS) {
        const { status, contentType, body } = await call(key, rule, caller);
        const what = `${key} as ${caller.name}: ${status} ${JSON.stringify(body).slice(0, 160)}`;
        if (!contentType?.startsWith('application/fhir+json')) failures.push(`not FHIR JSON (${contentType}): ${what}`);
        if (allowed(rule.access, caller) && caller.roles.some((r) => rule.unrelated?.includes(r))) {
          if (status !== 404 || body.resourceType !== 'OperationOutcome') failures.push(`expected a 404 OperationOutcome (no relationship with the patient): ${what}`);
        } else if (allowed(rule.access, caller)) {
          if (status !== 200) failures.push(`expected 200: ${what}`);
        } else {
          const expected = caller.roles.length ? 403 : 401;
          if (status !== expected || body.resourceType !== 'OperationOutcome') failures.push(`expected a ${expected} OperationOutcome: ${what}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('patient resources searched by _lastUpdated', () => {
  const TYPES = ['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment'];
  const search = async (type: string, lastUpdated: string, as: { token?: true; user?: TestUser }) => {
    const headers: Record<string, string> = { origin: ORIGIN };
    if (as.token) headers.authorization = `Bearer ${d.token}`;
    if (as.user) headers.cookie = await t.cookieFor(as.user);
    const names = type === 'Patient' ? `_id=${patient.caseId}` : `patient=Patient/${patient.caseId}`;
    const response = await t.signpost.app.request(`${ORIGIN}/fhir/${type}?${names}&_lastUpdated=${encodeURIComponent(lastUpdated)}`, { headers });
    return { status: response.status, body: (await response.json()) as any };
  };
  const auditRows = async () =>
    Number((await t.signpost.platform.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('patient_data', '=', true).executeTakeFirstOrThrow()).n);

  it('finds the patient’s resources for the receiving organisation, and each search is audited as patient data', async () => {
    for (const type of TYPES) {
      const before = await auditRows();
      const res = await search(type, 'ge2000-01-01', { token: true });
      expect(res.status, `${type}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      expect(res.body.total, type).toBeGreaterThan(0);
      expect(await auditRows(), `${type}: the search wrote no audit row`).toBeGreaterThan(before);
      // Excluded by date: still a search of patient data, still audited.
      const beforeNone = await auditRows();
      const none = await search(type, 'lt2000-01-01', { token: true });
      expect(none.status).toBe(200);
      expect(none.body.total, type).toBe(0);
      expect(await auditRows()).toBeGreaterThan(beforeNone);
    }
  });

  it('finds nothing for those with no relationship with the patient, whatever the date', async () => {
    for (const type of TYPES) {
      for (const user of ['doslead', 'governance', 'commissioner'] as const) {
        const res = await search(type, 'ge2000-01-01', { user });
        expect(res.status, `${type} as ${user}`).toBe(200);
        expect(res.body.total, `${type} as ${user}`).toBe(0);
      }
    }
  });

  it('Encounter and ServiceRequest by Signpost’s own identifier: the same trust rules, audited', async () => {
    const cases = [
      ['Encounter', `https://signpost.example/Id/case|${patient.caseId.replace('case-', 'case_')}`],
      ['ServiceRequest', `https://signpost.example/Id/referral|${patient.referralId.replace('ref-', 'ref_')}`],
    ];
    for (const [type, identifier] of cases) {
      const get = async (as: { token?: true; user?: TestUser }, query: string) => {
        const headers: Record<string, string> = { origin: ORIGIN };
        if (as.token) headers.authorization = `Bearer ${d.token}`;
        if (as.user) headers.cookie = await t.cookieFor(as.user);
        const response = await t.signpost.app.request(`${ORIGIN}/fhir/${type}?${query}`, { headers });
        return (await response.json()) as any;
      };
      const before = await auditRows();
      const found = await get({ token: true }, `identifier=${encodeURIComponent(identifier)}&_lastUpdated=ge2000-01-01`);
      expect(found.entry.filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource.identifier[0].value), type).toEqual([identifier.split('|')[1]]);
      expect(await auditRows()).toBeGreaterThan(before);
      expect((await get({ token: true }, `identifier=${encodeURIComponent(`https://elsewhere.example/id|${identifier.split('|')[1]}`)}`)).total, type).toBe(0);
      expect((await get({ user: 'commissioner' }, `identifier=${encodeURIComponent(identifier)}`)).total, type).toBe(0);
    }
  });

  it('a malformed _lastUpdated is a 400 OperationOutcome naming it, before anything is read or audited', async () => {
    for (const type of TYPES) {
      const before = await auditRows();
      const res = await search(type, 'last tuesday', { token: true });
      expect(res.status, type).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].expression).toEqual(['_lastUpdated']);
      expect(await auditRows(), type).toBe(before);
    }
  });
});
