// The standing access check for the FHIR server (the /api routes have test/authorisation-matrix.test.ts;
// /fhir is not in the OpenAPI document, its CapabilityStatement describes it). Every /fhir route the app
// mounts must have a rule here; each is called as anonymous, as every role and with an API token, and
// must allow or refuse as declared — refusals as OperationOutcomes (401 for anonymous, 403 for a role
// without access), never the API's error shape, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorRole } from '../src/platform/actor';
import { SEARCHERS } from '../src/search/model';
import { fhirDirectory, matchParameters, type FhirDirectory } from './fhir-helpers';
import { ORIGIN, testApp, type TestApp, type TestUser } from './fixture';

type Access = 'public' | 'signed-in' | readonly ActorRole[];
interface Rule {
  access: Access;
  /** the id a `:id` stands for (a real one: allowed callers get a 200) */
  id?: (d: FhirDirectory) => string;
  body?: unknown;
  contentType?: string;
}

const FORM = 'application/x-www-form-urlencoded';
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
};
/** Query strings the GET routes need to succeed for an allowed caller. */
const QUERIES: Record<string, (d: FhirDirectory) => string> = {
  'GET /fhir/HealthcareService/$match': () => 'postcode=CT1%201AA&age=40&sex=female&disposition=Dx03&symptomGroup=1011&symptomDiscriminator=4052&time=2026-11-18T10:00:00Z',
  'GET /fhir/Slot': (d) => `schedule=Schedule/${d.utc}`,
  'POST /fhir/Slot/_search': (d) => `schedule=Schedule/${d.utc}`,
};

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

beforeAll(async () => {
  t = await testApp();
  d = await fhirDirectory(t);
  const slots = await t.signpost.app.request(`${ORIGIN}/fhir/Slot?schedule=Schedule/${d.utc}`, { headers: { authorization: `Bearer ${d.token}` } });
  slotId = ((await slots.json()) as { entry: { resource: { id: string } }[] }).entry[0].resource.id;
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
  const body = rule.body === undefined ? undefined : typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
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
        if (allowed(rule.access, caller)) {
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
