// The FHIR R4 server at /fhir (issue 17): the CapabilityStatement, read and search of the directory
// resources, HealthcareService/$match, errors as OperationOutcomes, and every resource and Bundle it
// emits checked by three validators it did not write (test/fhir-validate.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSearch } from './builders';
import { allFhirErrors, profileErrors } from './fhir-validate';
import { fhirDirectory, matchParameters, type FhirDirectory } from './fhir-helpers';
import { captureLogs, ORIGIN, testApp, type TestApp, type ApiReply } from './fixture';

let t: TestApp;
let d: FhirDirectory;
const logs = captureLogs();
/** Every body the server sent, to validate at the end. */
const emitted: { what: string; body: any }[] = [];

beforeAll(async () => {
  t = await testApp({ log: { level: 'info', capture: logs } });
  d = await fhirDirectory(t);
});
afterAll(async () => t?.close());

async function fhir(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; as?: 'token' | 'anonymous' } = {}) {
  const headers: Record<string, string> = { ...(options.as === 'anonymous' ? {} : { authorization: `Bearer ${d.token}` }), ...options.headers };
  if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/fhir+json';
  const response = await t.signpost.app.request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, ...headers }, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await response.text();
  const res = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  if (res.body && typeof res.body === 'object' && 'resourceType' in res.body) emitted.push({ what: `${method} ${path} → ${res.status}`, body: res.body });
  return res;
}

const PATIENT_DATA = ['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment'];
const ids = (bundle: any, type = 'HealthcareService') => bundle.entry.filter((e: any) => e.search?.mode === 'match' && e.resource.resourceType === type).map((e: any) => e.resource.id);

describe('the CapabilityStatement', () => {
  it('is FHIR JSON (not the web app’s HTML) and lists exactly what is registered', async () => {
    const res = await fhir('GET', '/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+json; fhirVersion=4.0');
    const rest = res.body.rest[0];
    const registered = t.signpost.fhir.registry.resources;
    expect(rest.resource.map((r: any) => r.type)).toEqual(registered.map((r) => r.type));
    expect(rest.resource.map((r: any) => r.type)).toEqual(['Appointment', 'CarePlan', 'Encounter', 'Endpoint', 'Flag', 'HealthcareService', 'Location', 'Organization', 'Patient', 'Questionnaire', 'QuestionnaireResponse', 'Schedule', 'ServiceRequest', 'Slot']);
    const hs = rest.resource.find((r: any) => r.type === 'HealthcareService');
    expect(hs.profile).toBe('https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService');
    expect(hs.searchParam.map((p: any) => p.name)).toEqual(expect.arrayContaining(['_id', 'identifier', 'name', 'active', 'organization', 'service-type', 'specialty', 'location', 'near', '_lastUpdated', '_count']));
    expect(hs.searchInclude).toEqual(['HealthcareService:organization', 'HealthcareService:location', 'HealthcareService:endpoint']);
    expect(hs.operation).toEqual([expect.objectContaining({ name: 'match' })]);
    expect(rest.resource.find((r: any) => r.type === 'Organization').searchRevInclude).toContain('HealthcareService:organization');
  });

  it('every parameter it lists is accepted by the search (none reported as unknown)', async () => {
    const statement = (await fhir('GET', '/fhir/metadata')).body;
    for (const resource of statement.rest[0].resource) {
      for (const param of resource.searchParam) {
        const value = param.name === 'active' ? 'true' : resource.type === 'Patient' && param.name === 'identifier' ? '9434765919' : { token: 'x', string: 'x', reference: '1', date: 'ge2020-01-01', special: '51.28|1.08|5|km', number: '1', uri: 'https://signpost.example/Questionnaire/national/back-pain' }[param.type as string];
        // Patient data searches must name the patient (decision 0025): name one no one may see.
        const namesPatient = PATIENT_DATA.includes(resource.type) && !['patient', 'subject', '_id', 'identifier'].includes(param.name);
        const query =
          resource.type === 'Slot' && param.name !== 'schedule'
            ? `schedule=Schedule/${d.utc}&${param.name}=${value}`
            : `${namesPatient ? `${resource.type === 'Patient' ? '_id=' : 'patient=Patient/'}case-00000000-0000-4000-8000-000000000000&` : ''}${param.name}=${encodeURIComponent(value!)}`;
        const res = await fhir('GET', `/fhir/${resource.type}?${query}`, { headers: { prefer: 'handling=strict' } });
        expect(res.status, `${resource.type}?${query}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      }
    }
  });
});

describe('read', () => {
  it('a HealthcareService in UK Core shape: provided by an Organization, at a Location, ODS code under the national system', async () => {
    const res = await fhir('GET', `/fhir/HealthcareService/${d.utc}`);
    expect(res.status).toBe(200);
    const hs = res.body;
    expect(hs.meta.profile).toEqual(['https://fhir.hl7.org.uk/StructureDefinition/UKCore-HealthcareService']);
    expect(hs.identifier).toContainEqual({ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'UTC01' });
    expect(hs.providedBy).toEqual({ reference: 'Organization/kcht' });
    expect(hs.location).toEqual([{ reference: `Location/${d.utc}` }]);
    expect(hs.endpoint).toEqual([{ reference: `Endpoint/${d.utc}-1` }, { reference: `Endpoint/${d.utc}-2` }]);
    expect(hs.availableTime).toContainEqual({ daysOfWeek: ['mon'], availableStartTime: '08:00:00', availableEndTime: '20:00:00' });
    expect(res.headers.get('etag')).toBe('W/"1"');
    for (const ref of [hs.providedBy, hs.location[0], ...hs.endpoint]) {
      expect((await fhir('GET', `/fhir/${ref.reference}`)).status, ref.reference).toBe(200);
    }
  });

  it('every type reads, and an unknown id or type is a 404 OperationOutcome', async () => {
    const slots = await fhir('GET', `/fhir/Slot?schedule=Schedule/${d.utc}`);
    for (const path of [`Location/${d.utc}`, 'Organization/kcht', `Endpoint/${d.sdec}-1`, `Schedule/${d.utc}`, `Slot/${slots.body.entry[0].resource.id}`]) {
      const res = await fhir('GET', `/fhir/${path}`);
      expect(res.status, path).toBe(200);
      expect(`${res.body.resourceType}/${res.body.id}`).toBe(path);
    }
    for (const path of ['HealthcareService/999999', 'HealthcareService/not_an_id', 'Organization/nobody', `Endpoint/${d.utc}-9`, 'Slot/slot-00000000-0000-0000-0000-000000000000', 'Patients/1', 'Nothing']) {
      const res = await fhir('GET', `/fhir/${path}`);
      expect(res.status, path).toBe(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
  });
});

describe('search', () => {
  it('by each parameter', async () => {
    const search = async (query: string, type = 'HealthcareService') => {
      const res = await fhir('GET', `/fhir/${type}?${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      return ids(res.body, type);
    };
    const all = [d.utc, d.sdec, d.pharmacy, d.closed, d.later].map(String).sort((a, b) => Number(a) - Number(b));
    expect(await search('')).toEqual(all);
    expect(await search(`_id=${d.sdec},${d.pharmacy}`)).toEqual([String(d.sdec), String(d.pharmacy)]);
    expect(await search('identifier=https://fhir.nhs.uk/Id/ods-organization-code|UTC01')).toEqual([String(d.utc)]);
    expect(await search('identifier=HB001')).toEqual([String(d.later)]);
    expect(await search('name=whitstable')).toEqual([String(d.pharmacy)]);
    expect(await search('name=cafe')).toEqual([String(d.pharmacy)]); // accents ignored, any word
    expect(await search('name:contains=emergency')).toEqual([String(d.sdec)]);
    expect(await search('name:exact=whitstable pharmacy')).toEqual([]);
    expect(await search('active=false')).toEqual([String(d.closed)]);
    expect(await search('organization=Organization/ekhuft')).toEqual([String(d.sdec)]);
    expect(await search('service-type=https://signpost.example/CodeSystem/service-type|140')).toEqual([String(d.sdec)]);
    expect(await search('specialty=1011')).toEqual(all);
    expect(await search('specialty=9999')).toEqual([]);
    expect(await search(`location=Location/${d.pharmacy}`)).toEqual([String(d.pharmacy)]);
    expect(await search('_lastUpdated=ge2026-11-19')).toEqual([String(d.later)]);
    expect(await search('_lastUpdated=lt2026-11-19')).toEqual(all.filter((id) => id !== String(d.later)));
    expect(await search('_lastUpdated=2026-11-18')).toEqual(all.filter((id) => id !== String(d.later)));
    expect(await search('_lastUpdated=gt2026-11-18T10:00:00Z')).toEqual([String(d.later)]);
    expect(await search('_lastUpdated=ge2026-11-01&_lastUpdated=le2026-11-18')).toEqual(all.filter((id) => id !== String(d.later)));
    // Whitstable is about 8 km from Canterbury: nearest first.
    expect(await search('near=51.28|1.08|3|km')).not.toContain(String(d.pharmacy));
    expect((await search('near=51.36|1.03|20|km'))[0]).toBe(String(d.pharmacy));
    expect(await search('near=51.36|1.03|2|mi', 'Location')).toEqual([String(d.pharmacy)]);
    expect(await search('address-postalcode=CT5', 'Location')).toEqual([String(d.pharmacy)]);
    expect(await search('identifier=https://fhir.nhs.uk/Id/ods-organization-code|X', 'Organization')).toEqual([]);
    expect(await search('name=kent', 'Organization')).toEqual(['ekhuft', 'icb', 'kcht']); // East Kent: any word starts with it
    expect(await search('partof=kcht', 'Organization')).toEqual(['kcht-nursing']);
    expect(await search('connection-type=hl7-fhir-msg', 'Endpoint')).toEqual([`${d.utc}-2`]);
    expect(await search('organization=ekhuft', 'Endpoint')).toEqual([`${d.sdec}-1`]);
    expect(await search(`actor=HealthcareService/${d.sdec}`, 'Schedule')).toEqual([String(d.sdec)]);
    expect(await search(`schedule=Schedule/${d.utc}&start=ge2026-11-19T09:10:00Z`, 'Slot')).toHaveLength(1);
  });

  it('pages in a stable order with self, next and previous links, and a total', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/fhir/HealthcareService?_count=2';
    let pages = 0;
    while (url) {
      const res = await fhir('GET', url.replace('http://signpost.test', ''));
      expect(res.body.total).toBe(5);
      const self = res.body.link.find((l: any) => l.relation === 'self').url;
      expect(self).toMatch(/^http:\/\/signpost\.test\/fhir\/HealthcareService\?_count=2/);
      if (pages > 0) expect(res.body.link.find((l: any) => l.relation === 'previous')).toBeDefined();
      seen.push(...ids(res.body));
      url = res.body.link.find((l: any) => l.relation === 'next')?.url;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([d.utc, d.sdec, d.pharmacy, d.closed, d.later].map(String).sort((a, b) => Number(a) - Number(b)));
    const countOnly = await fhir('GET', '/fhir/HealthcareService?_count=0');
    expect(countOnly.body.total).toBe(5);
    expect(countOnly.body.entry).toEqual([]);
  });

  it('_include and _revinclude bring in the referenced and referring resources', async () => {
    const inc = await fhir('GET', `/fhir/HealthcareService?_id=${d.utc}&_include=HealthcareService:organization&_include=HealthcareService:location,HealthcareService:endpoint`);
    const included = inc.body.entry.filter((e: any) => e.search.mode === 'include').map((e: any) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(included.sort()).toEqual([`Endpoint/${d.utc}-1`, `Endpoint/${d.utc}-2`, `Location/${d.utc}`, 'Organization/kcht'].sort());
    const rev = await fhir('GET', '/fhir/Organization?identifier=https://signpost.example/Id/organisation|ekhuft&_revinclude=HealthcareService:organization&_revinclude=Endpoint:organization');
    expect(ids(rev.body, 'Organization')).toEqual(['ekhuft']);
    expect(rev.body.entry.filter((e: any) => e.search.mode === 'include').map((e: any) => `${e.resource.resourceType}/${e.resource.id}`)).toEqual([`HealthcareService/${d.sdec}`, `Endpoint/${d.sdec}-1`]);
    const bad = await fhir('GET', '/fhir/HealthcareService?_include=HealthcareService:nothing');
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].expression).toEqual(['_include']);
  });

  it('reports unknown parameters in the Bundle, and refuses them under Prefer: handling=strict', async () => {
    const lenient = await fhir('GET', '/fhir/HealthcareService?colour=blue&name=whit');
    expect(lenient.status).toBe(200);
    expect(ids(lenient.body)).toEqual([String(d.pharmacy)]);
    const outcome = lenient.body.entry.find((e: any) => e.search.mode === 'outcome').resource;
    expect(outcome.issue).toEqual([expect.objectContaining({ severity: 'warning', code: 'not-supported', expression: ['colour'] })]);
    const strict = await fhir('GET', '/fhir/HealthcareService?colour=blue', { headers: { prefer: 'handling=strict' } });
    expect(strict.status).toBe(400);
    expect(strict.body.issue[0].expression).toEqual(['colour']);
  });

  it('bad values are a 400 naming the parameter', async () => {
    for (const [query, name] of [
      ['_count=many', '_count'],
      ['_count=100000', '_count'],
      ['near=north', 'near'],
      ['near=51|1|5|furlongs', 'near'],
      ['_lastUpdated=yesterday', '_lastUpdated'],
      ['_lastUpdated=ge2026-02-30', '_lastUpdated'],
      ['active=maybe', 'active'],
      ['name:fuzzy=x', 'name:fuzzy'],
      ['organization=Location/1', 'organization'],
      ['name=', 'name'],
    ]) {
      const res = await fhir('GET', `/fhir/HealthcareService?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue[0].expression, query).toEqual([name]);
    }
    expect((await fhir('GET', '/fhir/Slot?status=free')).body.issue[0].expression).toEqual(['schedule']);
  });
});

describe('HealthcareService/$match', () => {
  it('answers the directory search’s results in the same ranked order, with reasons, distance and capacity', async () => {
    const api = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as: 'clinician', body: aSearch() });
    expect(api.status).toBe(200);
    const res = await fhir('POST', '/fhir/HealthcareService/$match', { body: matchParameters() });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.type).toBe('searchset');
    expect(ids(res.body)).toEqual(api.body.results.map((r: any) => String(r.serviceId)));
    expect(ids(res.body).length).toBeGreaterThan(1);
    const first = res.body.entry[0];
    const scores = res.body.entry.filter((e: any) => e.search.mode === 'match').map((e: any) => e.search.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const reasons = first.search.extension.filter((x: any) => x.url === 'https://signpost.example/StructureDefinition/match-reason').map((x: any) => x.valueString);
    expect(reasons).toEqual(api.body.results[0].reasons);
    expect(first.search.extension).toContainEqual(expect.objectContaining({ url: 'http://hl7.org/fhir/StructureDefinition/location-distance' }));
    const utcEntry = res.body.entry.find((e: any) => e.resource.id === String(d.utc));
    const capacity = utcEntry.resource.extension.find((x: any) => x.url === 'https://signpost.example/StructureDefinition/capacity-status');
    expect(capacity.extension).toContainEqual({ url: 'status', valueCoding: expect.objectContaining({ code: 'amber' }) });
    expect(capacity.extension).toContainEqual({ url: 'reason', valueString: 'Busy this morning' });
  });

  it('takes the same search as GET with query parameters', async () => {
    const post = await fhir('POST', '/fhir/HealthcareService/$match', { body: matchParameters() });
    const get = await fhir('GET', '/fhir/HealthcareService/$match?postcode=CT1%201AA&age=40&sex=female&disposition=Dx03&symptomGroup=1011&symptomDiscriminator=4052&time=2026-11-18T10:00:00Z');
    expect(get.status).toBe(200);
    expect(ids(get.body)).toEqual(ids(post.body));
  });

  it('bad parameters are a 400 (422 for a place it cannot find) naming each', async () => {
    const cases: [unknown, number, string][] = [
      [matchParameters([{ name: 'colour', valueString: 'blue' }]), 400, "Parameters.parameter.where(name = 'colour')"],
      [{ ...matchParameters(), parameter: matchParameters().parameter.filter((p) => p.name !== 'sex') }, 400, "Parameters.parameter.where(name = 'sex')"],
      [{ ...matchParameters(), parameter: matchParameters().parameter.map((p) => (p.name === 'disposition' ? { name: 'disposition', valueCode: 'Dx999' } : p)) }, 400, "Parameters.parameter.where(name = 'disposition')"],
      [{ ...matchParameters(), parameter: matchParameters().parameter.map((p) => (p.name === 'age' ? { name: 'age', valueQuantity: { value: 40, code: 'lightyears' } } : p)) }, 400, "Parameters.parameter.where(name = 'age')"],
      [{ ...matchParameters(), parameter: matchParameters().parameter.map((p) => (p.name === 'age' ? { name: 'age', valueInteger: 400 } : p)) }, 400, "Parameters.parameter.where(name = 'age')"],
      [{ ...matchParameters(), parameter: matchParameters().parameter.map((p) => (p.name === 'postcode' ? { name: 'postcode', valueString: 'CT99 9ZZ' } : p)) }, 422, "Parameters.parameter.where(name = 'postcode')"],
      [{ resourceType: 'Parameters', parameter: [{ valueString: 'no name' }] }, 422, 'Parameters.parameter[0].name'],
      [{ resourceType: 'Patient' }, 400, 'resourceType'],
    ];
    for (const [body, status, expression] of cases) {
      const res = await fhir('POST', '/fhir/HealthcareService/$match', { body });
      expect(res.status, `${expression}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.issue.flatMap((i: any) => i.expression ?? []), JSON.stringify(res.body)).toContain(expression);
    }
    const get = await fhir('GET', '/fhir/HealthcareService/$match?postcode=CT1%201AA&age=40&sex=female&disposition=Dx03&symptomGroup=one&symptomDiscriminator=4052');
    expect(get.status).toBe(400);
    expect(get.body.issue[0].expression).toEqual(['symptomGroup']);
  });
});

describe('the HTTP conversation', () => {
  it('JSON only: other formats are 406, other bodies 415, malformed JSON 400; other methods 405 with Allow', async () => {
    expect((await fhir('GET', '/fhir/metadata', { headers: { accept: 'application/fhir+xml' } })).status).toBe(406);
    expect((await fhir('GET', '/fhir/metadata?_format=xml')).status).toBe(406);
    expect((await fhir('GET', '/fhir/metadata?_format=json', { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fhir('GET', '/fhir/metadata', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })).status).toBe(200);
    expect((await fhir('POST', '/fhir/HealthcareService/$match', { body: 'postcode=CT1', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const malformed = await fhir('POST', '/fhir/HealthcareService/$match', { body: '{"resourceType": "Parameters",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issue[0].code).toBe('structure');
    const put = await fhir('PUT', `/fhir/HealthcareService/${d.utc}`, { body: { resourceType: 'HealthcareService' } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET');
    expect((await fhir('DELETE', '/fhir/HealthcareService')).headers.get('allow')).toBe('GET');
    const form = await fhir('POST', '/fhir/HealthcareService/_search', { body: 'name=whit', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(ids(form.body)).toEqual([String(d.pharmacy)]);
  });

  it('anonymous callers get a 401 OperationOutcome (the CapabilityStatement is open to all)', async () => {
    for (const path of [`/fhir/HealthcareService/${d.utc}`, '/fhir/HealthcareService', '/fhir/HealthcareService/$match']) {
      const res = await fhir('GET', path, { as: 'anonymous' });
      expect(res.status, path).toBe(401);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const bad = await fhir('GET', '/fhir/HealthcareService', { as: 'anonymous', headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    expect((await fhir('GET', '/fhir/metadata', { as: 'anonymous' })).status).toBe(200);
  });

  it('every request is logged by the app’s logger, by route pattern', async () => {
    logs.clear();
    await fhir('GET', `/fhir/HealthcareService/${d.utc}`);
    await fhir('GET', '/fhir/Nothing');
    const lines = logs.records().filter((r) => r.msg === 'request');
    expect(lines.map((l) => [l.route, l.status])).toEqual([
      ['/fhir/HealthcareService/:id', 200],
      [null, 404],
    ]);
  });
});

describe('validated by others', () => {
  it('a broken resource is caught by the third validator (Medplum) too', async () => {
    const hs = (await fhir('GET', `/fhir/HealthcareService/${d.utc}`)).body;
    expect(await profileErrors({ ...hs, active: 'yes' })).not.toEqual([]);
    expect(await profileErrors({ ...hs, availableTime: [{ availableStartTime: '8 in the morning' }] })).not.toEqual([]);
    const endpoint = (await fhir('GET', `/fhir/Endpoint/${d.utc}-1`)).body;
    expect(await profileErrors({ ...endpoint, status: undefined })).not.toEqual([]);
  });

  it('every resource, Bundle and OperationOutcome the server sent passes all three validators', async () => {
    expect(emitted.length).toBeGreaterThan(50);
    const types = new Set<string>();
    const failures: string[] = [];
    for (const { what, body } of emitted) {
      types.add(body.resourceType);
      for (const e of body.entry ?? []) types.add(e.resource.resourceType);
      const errors = await allFhirErrors(body);
      if (errors.length) failures.push(`${what}: ${errors.slice(0, 5).join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect([...types].sort()).toEqual(['Bundle', 'CapabilityStatement', 'Endpoint', 'HealthcareService', 'Location', 'OperationOutcome', 'Organization', 'Questionnaire', 'Schedule', 'Slot']);
  });
});
