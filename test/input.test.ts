import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLogs, testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

// Bad text and bad URLs are refused at the edge with a 400 naming the field; database errors reach
// neither the reply (no constraint names, no values) nor the log (no query parameters).

let t: TestApp;
const logs = captureLogs();
beforeAll(async () => {
  t = await testApp({ log: { level: 'warn', capture: logs } });
});
afterAll(async () => t?.close());
beforeEach(() => logs.clear());
afterEach(() => vi.restoreAllMocks());

const patient = (firstName: string) => ({
  patient: { firstName, lastName: 'Smith', dateOfBirth: '1980-01-01', sex: 'female' },
  presentingProblem: 'cough',
});

function expectFieldRefused(res: { status: number; body: ErrorReply }, path: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('invalid_request');
  expect(res.body.error.details.map((d: any) => d.path)).toContain(path);
}

describe('text that PostgreSQL cannot store', () => {
  it('refuses a NUL in a body field with a 400 naming the field', async () => {
    const res = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: patient('Ann\u0000e') });
    expectFieldRefused(res, 'body.patient.firstName');
    expect(res.body.error.details).toHaveLength(1);
  });

  it('refuses a lone surrogate with a 400 naming the field, not the database parser’s text', async () => {
    const raw = JSON.stringify(patient('X')).replace('"X"', '"Ann\\ud800e"');
    const res = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: raw });
    expectFieldRefused(res, 'body.patient.firstName');
    expect(JSON.stringify(res.body)).not.toMatch(/surrogate must follow|Unicode low/i);
    const low = JSON.stringify(patient('X')).replace('"X"', '"\\udc00"');
    expectFieldRefused(await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: low }), 'body.patient.firstName');
  });

  it('names array items and refuses a NUL in an object key', async () => {
    const flags = { ...patient('Ann'), flags: [{ category: 'safeguarding', text: 'ok' }, { category: 'safeguarding', text: 'a\u0000' }] };
    expectFieldRefused(await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: flags }), 'body.flags.1.text');
    const key = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { ...patient('Ann'), 'x\u0000': 1 } });
    expectFieldRefused(key, 'body.x\\u0000');
  });

  it('still accepts characters outside the basic plane written as a proper pair', async () => {
    const res = await t.request<ApiReply<'/api/cases', 'post'>>('POST', '/api/cases', { as: 'callhandler', body: patient('Ann 😀') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses a NUL in a path parameter with a 400 naming the parameter', async () => {
    expectFieldRefused(await t.request<ErrorReply>('DELETE', '/api/tokens/abc%00', { as: 'admin' }), 'params.id');
  });

  it('refuses a NUL in a query parameter with a 400 naming it, declared or not', async () => {
    expectFieldRefused(await t.request<ErrorReply>('GET', '/api/cases?nhsNumber=%00', { as: 'callhandler' }), 'query.nhsNumber');
    expectFieldRefused(await t.request<ErrorReply>('GET', '/api/inbox?organisationId=kcht%00', { as: 'provider' }), 'query.organisationId');
  });

  it('refuses bodies nested absurdly deep instead of walking them', async () => {
    const deep = '{"presentingProblem":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const res = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: deep });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toMatch(/^body\.presentingProblem/);
  });
});

describe('percent-escapes that do not decode', () => {
  it('refuses a malformed escape in a path parameter with a 400 naming it (it was a 500)', async () => {
    expectFieldRefused(await t.request<ErrorReply>('DELETE', '/api/geo/search-distance-rules/area/A%ZZ', { as: 'doslead' }), 'params.key');
    expectFieldRefused(await t.request<ErrorReply>('DELETE', '/api/tokens/%E0%A4%A', { as: 'admin' }), 'params.id');
  });

  it('removes a distance rule whose key holds an escaped % (decoded once, not twice)', async () => {
    const res = await t.request<Partial<ErrorReply> | null>('DELETE', '/api/geo/search-distance-rules/area/A%25ZZ', { as: 'doslead' });
    expect(res.status).toBeLessThan(500);
    expect(res.body?.error?.code).not.toBe('internal');
  });

  it('refuses a malformed escape in a query parameter with a 400 naming it', async () => {
    expectFieldRefused(await t.request<ErrorReply>('GET', '/api/cases?status=%E0%A4%A', { as: 'callhandler' }), 'query.status');
  });

  it('refuses a malformed escape outside any parameter as a bad path', async () => {
    const res = await t.request<ErrorReply>('GET', '/api/nowhere/%ZZ', { as: 'callhandler' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('path');
  });
});

describe('numbers too large for the database', () => {
  it('refuses a service type id beyond 32 bits with a 400 naming it (it was a 500)', async () => {
    expectFieldRefused(await t.request<ErrorReply>('DELETE', '/api/directory/rankings/ek-canterbury/2147483648', { as: 'doslead' }), 'params.serviceTypeId');
    expectFieldRefused(await t.request<ErrorReply>('GET', '/api/directory/services?typeId=2147483648', { as: 'doslead' }), 'query.typeId');
  });

  it('answers any other out-of-range number the database refuses with a 400, not a 500', async () => {
    vi.spyOn(t.signpost.cases, 'open').mockImplementation(async () => {
      await sql`select ${'2147483648'}::int`.execute(t.signpost.platform.db);
      throw new Error('unreachable');
    });
    const res = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: patient('Ann') });
    expect(res.status).toBe(400);
    expect(res.body.error.message).not.toContain('2147483648');
  });
});

describe('values the fuzz test found stored and then refused', () => {
  it('refuses a bank holiday override in a year the calendar does not serve, before storing it', async () => {
    const res = await t.request<ErrorReply>('PUT', '/api/directory/bank-holidays/overrides', { as: 'doslead', body: { nation: 'england-and-wales', date: '0048-02-29', kind: 'remove' } });
    expectFieldRefused(res, 'body.date');
    const overrides = await t.request<ApiReply<'/api/directory/bank-holidays/overrides'>>('GET', '/api/directory/bank-holidays/overrides', { as: 'doslead' });
    expect(JSON.stringify(overrides.body)).not.toContain('0048');
    const later = await t.request<ApiReply<'/api/directory/bank-holidays/overrides', 'put'>>('PUT', '/api/directory/bank-holidays/overrides', { as: 'doslead', body: { nation: 'england-and-wales', date: '2026-12-29', kind: 'add', name: 'Extra' } });
    expect(later.status, JSON.stringify(later.body)).toBeLessThan(300);
  });
});

describe('fields named by where they came from', () => {
  it('qualifies a field a service names by its own name with the part of the request it came from', async () => {
    expectFieldRefused(await t.request<ErrorReply>('GET', '/api/geo/postcodes/e', { as: 'callhandler' }), 'params.postcode');
    expectFieldRefused(await t.request<ErrorReply>('POST', '/api/tokens', { as: 'admin', body: { name: 'feed', organisationId: 'nowhere' } }), 'body.organisationId');
    const nested = await t.request<ErrorReply>('POST', '/api/triage/sessions', { as: 'callhandler', body: { age: { value: 1, unit: 'days' }, sex: 'male', entry: { pathwayId: 'ds' } } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details.map((d: any) => d.path)).toContain('body.entry.pathwayId');
  });
});

describe('database errors', () => {
  it('answers a duplicate without the database’s detail: no constraint name, no key values', async () => {
    const res = await t.request<ErrorReply>('POST', '/api/organisations', { as: 'admin', body: { id: 'icb', name: 'Copy of the ICB', kind: 'commissioner' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate');
    expect(res.body.error.message).not.toMatch(/Key \(|already exists\.|constraint|_pkey|=\(/);
    expect(JSON.stringify(res.body)).not.toContain('icb');
  });

  it('logs a database error that becomes a 500 without its query parameters', async () => {
    const distinctive = 'Zebedee-Quackenbush';
    const cases = t.signpost.cases;
    vi.spyOn(cases, 'open').mockImplementation(async (_actor, body: any) => {
      // A not-null violation carrying the patient's name and date of birth as parameters.
      await sql`insert into organisations (id, name, kind, created_at) values (null, ${body.patient.firstName}, ${body.patient.dateOfBirth}, now())`.execute(t.signpost.platform.db);
      throw new Error('unreachable');
    });
    const res = await t.request<ApiReply<'/api/cases', 'post'>>('POST', '/api/cases', {
      as: 'callhandler',
      body: { ...patient(distinctive), patient: { ...patient(distinctive).patient, dateOfBirth: '1931-07-29' } },
      headers: { 'x-request-id': 'req-log-test' },
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain(distinctive);
    const logged = logs.text();
    expect(logged).not.toContain(distinctive);
    expect(logged).not.toContain('1931');
    const record = logs.records().at(-1);
    expect(record).toMatchObject({ level: 'error', requestId: 'req-log-test', route: 'POST /api/cases', error: { code: '23502' } });
  });

  it('logs a database error that becomes a 400 without the value PostgreSQL quotes', async () => {
    const distinctive = 'Zebedee-Quackenbush';
    vi.spyOn(t.signpost.cases, 'open').mockImplementation(async (_actor, body: any) => {
      await sql`select ${body.patient.firstName}::int`.execute(t.signpost.platform.db);
      throw new Error('unreachable');
    });
    const res = await t.request<ApiReply<'/api/cases', 'post'>>('POST', '/api/cases', { as: 'callhandler', body: patient(distinctive) });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(distinctive);
    const warnings = logs.records().filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    const logged = logs.text();
    expect(logged).toContain('22P02');
    expect(logged).not.toContain(distinctive);
  });
});
