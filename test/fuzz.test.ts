import fc from 'fast-check';
import { sql } from 'kysely';
import type { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { signpostItself, type Role } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import type { RouteDef } from '../src/platform/http';
import { aService } from './builders';
import { aPatient } from './case-helpers';
import { ORIGIN, testApp, testUsers, type TestUser } from './fixture';

// A standing property test over every mounted route that takes a body, a query or a path parameter:
// whatever arrives — NUL, lone surrogates, bad %-escapes, huge numbers, wrong types, values that
// nearly fit — the answer is never a 5xx, a refusal always has the one error shape with the fields
// at fault named by their full path, and no table grows unless the request succeeded.
// The routes are read from the app, so a new route is fuzzed without anyone listing it here.

const SEED = Number(process.env.SIGNPOST_FUZZ_SEED ?? 20261118);
const RUNS_PER_ROUTE = Number(process.env.SIGNPOST_FUZZ_RUNS ?? 10);

const t = await testApp();
afterAll(async () => t?.close());

/** A few real records, so that fuzzed ids sometimes find something and requests get past the lookups. */
async function seedRecords(): Promise<{ ids: string[]; numbers: number[] }> {
  const proposed = await t.request('POST', '/api/directory/services', { as: 'doslead', body: { reason: 'New service', service: aService() } });
  const approved = await t.request('POST', `/api/directory/changes/${proposed.body?.change?.id}/approve`, { as: 'doslead2', body: {} });
  const kase = await t.request('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient({ nhsNumber: '9434765919' }), presentingProblem: 'Feeling unwell' } });
  const pathways = await t.request('GET', '/api/triage/pathways', { as: 'callhandler' });
  const pathwayId: string | undefined = pathways.body?.pathways?.[0]?.pathwayId;
  const session = await t.request('POST', '/api/triage/sessions', { as: 'callhandler', body: { age: { value: 40, unit: 'years' }, sex: 'female', entry: { pathwayId } } });
  const note = await t.request('POST', '/api/special-notes', {
    as: 'clinician',
    body: { nhsNumber: '9434765919', category: 'end-of-life', title: 'Plan', text: 'Plan', reviewDate: '2027-01-01' },
  });
  // The content in use, so the governance routes (publish, review, safety sign-off…) reach a real version.
  const published = await t.request('GET', '/api/triage/content/versions?status=published', { as: 'governance' });
  const ids: unknown[] = [published.body?.versions?.[0]?.id, proposed.body?.change?.id, approved.body?.service?.id ?? approved.body?.change?.serviceId, kase.body?.case?.id, session.body?.id ?? session.body?.session?.id, note.body?.id, pathwayId];
  const found = ids.filter((id): id is string | number => typeof id === 'string' || typeof id === 'number');
  return { ids: found.map(String), numbers: found.filter((id): id is number => typeof id === 'number') };
}
const seeded = await seedRecords();

const fuzzedRoutes = t.signpost.routes.filter((r) => r.body || r.query || r.params || r.path.includes(':'));
const tables = (
  await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(t.signpost.platform.db)
).rows.map((r) => r.name);

/** One signed-in test user per role, so each route is called by someone allowed to call it. */
const userForRole = new Map<string, TestUser>();
for (const [user, spec] of Object.entries(testUsers) as [TestUser, { roles: readonly Role[] }][]) {
  for (const role of spec.roles) if (!userForRole.has(role)) userForRole.set(role, user);
}
/** A route only a telephony platform's token may call is fuzzed with such a token. */
const TELEPHONY = 'telephony-token' as const;
type FuzzCaller = TestUser | typeof TELEPHONY;
const telephonyToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'Fuzz telephony', organisationId: 'ic24', scope: 'telephony' }))).token;

function callerFor(route: RouteDef): FuzzCaller | undefined {
  if (route.access === 'public') return undefined;
  if (route.access === 'signed-in') return 'callhandler';
  if (route.access.includes('telephony')) return TELEPHONY;
  const user = route.access.map((role) => userForRole.get(role)).find(Boolean);
  if (!user) throw new Error(`no test user has any of the roles of ${route.method} ${route.path}: ${route.access.join(', ')}`);
  return user;
}

// ---- values -------------------------------------------------------------------------------------

/** Strings that nearly fit the domain (so some requests get past validation), and the nasty ones. */
const PLAUSIBLE = [
  '2026-11-18', '2026-11-18T10:00:00Z', '2026-11-20T23:30:00+00:00', '1980-01-01', '2026-02-30', '0000-01-01', '9999-12-31T23:59:59Z',
  'CT1 3NG', 'ME14 1AA', 'SW1A 1AA', '943 476 5919', '9434765919', 'G82001', 'g82001', 'RVV', 'Dx02', 'Dx05', 'Dx117', 'SD4052',
  'icb', 'kcht', 'ic24', 'platform', 'open', 'closed', 'red', 'green', 'safeguarding', 'phone', 'self', 'female', 'national', 'area',
  'case_00000000-0000-0000-0000-000000000000', 'ref_00000000-0000-0000-0000-000000000000', '1', '0', '-1', 'true', 'null',
  ...seeded.ids,
];
const NASTY = [
  '', ' ', 'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\udbff\udbff', '%00', '%ZZ', '%', "'; drop table cases; --", '\\', '"',
  '1e309', '-1e309', '99999999999999999999999', 'NaN', 'Infinity', '0x10', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '\u202e', 'a'.repeat(300), 'é'.repeat(3000),
];
const stringValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
);
/** Written into the JSON text as 1e400, which JSON.parse reads as Infinity. */
const HUGE = '__fuzz_huge__';
const numberValue = fc.oneof(
  fc.integer({ min: -3, max: 60 }),
  ...seeded.numbers.map((n) => fc.constant(n)),
  fc.constantFrom(0, -1, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324, HUGE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  stringValue,
  numberValue,
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }, { 'k\u0000': 1 }),
);

type AnySchema = z.ZodType & { _zod: { def: any; optin?: string } };

/** Values shaped by a zod schema most of the time (so whole bodies often pass), anything some of the time. */
function valueFor(schema: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return wildValue;
  return fc.oneof({ weight: 12, arbitrary: typedValue(schema, depth) }, { weight: 1, arbitrary: wildValue });
}

interface Check {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}
const checksOf = (schema: AnySchema): Check[] => (schema._zod.def.checks ?? []).map((c: any) => c._zod.def as Check);

/** A string that meets the schema's own format or pattern and length, else a plausible or nasty one. */
function stringFor(schema: AnySchema): fc.Arbitrary<unknown> {
  const checks = checksOf(schema);
  const pattern: RegExp | undefined = schema._zod.def.format ? schema._zod.def.pattern : checks.find((c) => c.pattern instanceof RegExp && c.check === 'string_format')?.pattern;
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 1;
  const max = Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 24, 24);
  const fitting = pattern ? fc.stringMatching(pattern) : fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, max), unit: 'grapheme-ascii' });
  return fc.oneof({ weight: 10, arbitrary: fitting }, { weight: 1, arbitrary: fc.constantFrom(...PLAUSIBLE) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY) });
}

/** A number within the schema's bounds most of the time. */
function numberFor(schema: AnySchema): fc.Arbitrary<unknown> {
  const checks = checksOf(schema);
  const integer = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? '')) || schema._zod.def.type === 'int';
  const low = checks.find((c) => c.check === 'greater_than');
  const high = checks.find((c) => c.check === 'less_than');
  const min = Math.max(low ? low.value! + (low.inclusive ? 0 : integer ? 1 : 1e-9) : -5, -1e6);
  const max = Math.min(high ? high.value! - (high.inclusive ? 0 : integer ? 1 : 1e-9) : Math.max(min, 0) + 200, 1e6);
  const fitting = integer ? fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) }) : fc.double({ min, max: Math.max(min, max), noNaN: true });
  return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: numberValue });
}

function typedValue(schema: AnySchema, depth: number): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  const inner = (s: AnySchema) => valueFor(s, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const keys = Object.keys(shape);
      const required = keys.filter((k) => shape[k]._zod.optin !== 'optional');
      return fc.record(Object.fromEntries(keys.map((k) => [k, inner(shape[k])])), { requiredKeys: required });
    }
    case 'string':
      return stringFor(schema);
    case 'number':
    case 'int':
      return numberFor(schema);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array':
      return fc.array(inner(def.element), { maxLength: 3 });
    case 'tuple':
      return fc.tuple(...(def.items as AnySchema[]).map(inner));
    case 'record':
      return fc.dictionary(fc.oneof(stringValue, fc.constantFrom('Dx02', 'monday', 'a')), inner(def.valueType), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map(inner));
    case 'intersection':
      return typedValue(def.left, depth);
    case 'nullable':
      return fc.oneof(fc.constant(null), inner(def.innerType));
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return typedValue(def.innerType, depth);
    case 'pipe':
      return typedValue(def.in, depth);
    case 'lazy':
      return typedValue(def.getter(), depth + 1);
    case 'date':
      return fc.constantFrom('2026-11-18', '2026-11-18T10:00:00Z', 'tomorrow');
    default:
      return wildValue;
  }
}

// ---- requests -----------------------------------------------------------------------------------

/** URL text for a value: usually encoded properly, sometimes raw escapes that do not decode. */
const RAW_URL_TEXT = ['%00', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%', '%2', '%C0%AF', '1e309', '-1', '0', '99999999999999999999', '%25', '..', '+'];
function urlText(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value) ?? '';
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be UTF-8 encoded: send its bytes instead
  }
}
const urlValue = (schema?: AnySchema) =>
  fc.oneof(
    { weight: 4, arbitrary: (schema ? valueFor(schema) : stringValue).map(urlText) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_URL_TEXT) },
  );

function shapeOf(schema: unknown): Record<string, AnySchema> {
  let s = schema as AnySchema | undefined;
  while (s && s._zod.def.type !== 'object') {
    const def = s._zod.def;
    s = def.in ?? def.innerType ?? (def.type === 'union' ? def.options[0] : undefined);
  }
  return (s?._zod.def.shape as Record<string, AnySchema>) ?? {};
}

interface FuzzRequest {
  params: Record<string, string>;
  query: [string, string][];
  body: string | undefined;
}

const JUNK_BODIES = ['', 'null', '[]', '"text"', '{', '{"a":', '1e400', '{"a":1e400}', '[[[[[[[[[[]]]]]]]]]]', '{"__proto__":{"x":1}}', '\u0000', '{"\\u0000":1}'];

function requestFor(route: RouteDef): fc.Arbitrary<FuzzRequest> {
  const paramShape = shapeOf(route.params);
  const names = route.path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
  const params = fc.record(Object.fromEntries(names.map((n) => [n, urlValue(paramShape[n])])));
  const queryShape = shapeOf(route.query);
  const queryKeys = Object.keys(queryShape);
  const queryPair: fc.Arbitrary<[string, string]> = queryKeys.length
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...queryKeys).chain((k) => urlValue(queryShape[k]).map((v) => [k, v] as [string, string])) },
        { weight: 1, arbitrary: fc.tuple(urlValue(), urlValue()) },
      )
    : fc.tuple(urlValue(), urlValue());
  const query = route.query ? fc.array(queryPair, { maxLength: 4 }) : fc.constant([] as [string, string][]);
  const body = route.body
    ? fc.oneof(
        { weight: 6, arbitrary: valueFor(route.body as AnySchema).map((v) => (JSON.stringify(v) ?? 'null').replaceAll(`"${HUGE}"`, '1e400')) },
        { weight: 1, arbitrary: fc.constantFrom(...JUNK_BODIES) },
      )
    : fc.constant(undefined);
  return fc.record({ params, query, body });
}

async function send(route: RouteDef, request: FuzzRequest, as: FuzzCaller | undefined) {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => request.params[name]);
  const search = request.query.map(([k, v]) => `${k}=${v}`).join('&');
  const headers: Record<string, string> = { origin: ORIGIN };
  if (as === TELEPHONY) headers.authorization = `Bearer ${telephonyToken}`;
  else if (as) headers.cookie = await t.cookieFor(as);
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await t.signpost.app.request(`${ORIGIN}${path}${search ? `?${search}` : ''}`, {
    method: route.method.toUpperCase(),
    headers,
    body: request.body,
  });
  // A stream (server-sent events) that opened is a success; it is closed rather than read to its end.
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, body: null as any };
  }
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the shape check below reports it
  }
  return { status: response.status, body };
}

const countAll = sql.raw(`select ${tables.map((name, i) => `(select count(*) from "${name}")::int as c${i}`).join(', ')}`);
async function tableCounts(): Promise<number[]> {
  const row = (await countAll.execute(t.signpost.platform.db)).rows[0] as Record<string, number>;
  return tables.map((_, i) => Number(row[`c${i}`]));
}

const FIELD_PATH = /^(body|query|params|headers)(\.|$)|^path$/;

function checkReply(route: RouteDef, request: FuzzRequest, res: { status: number; body: any }) {
  const shown = `${route.method.toUpperCase()} ${route.path} ${JSON.stringify(request)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 500)}`;
  expect(res.status, shown).toBeLessThan(500);
  if (res.status < 400) return;
  const error = res.body?.error;
  expect(typeof error?.code, shown).toBe('string');
  expect(typeof error?.message, shown).toBe('string');
  expect(Array.isArray(error?.details), shown).toBe(true);
  for (const detail of error.details) {
    expect(typeof detail?.path, shown).toBe('string');
    expect(typeof detail?.message, shown).toBe('string');
  }
  // A 400 or 422 is about the request: the field at fault is named by where it came from. (Further
  // details may be information rather than fields, such as the free slots offered instead.)
  if ((res.status === 400 || res.status === 422) && error.details.length > 0) {
    expect(error.details.map((d: { path: string }) => d.path), shown).toContainEqual(expect.stringMatching(FIELD_PATH));
  }
  expect(JSON.stringify(res.body), shown).not.toMatch(/Key \(|violates .* constraint|invalid input syntax|\bSQLSTATE\b|unnamed portal/);
}

/**
 * Refusals that are written down on purpose: a failed sign-in is counted by the throttle and audited,
 * and so is a wrong current password. Nothing else may write when the reply is not 2xx.
 */
const RECORDED_WHEN_REFUSED: Record<string, string[]> = {
  'POST /api/auth/login': ['login_throttle', 'audit_log'],
  'POST /api/users/me/password': ['audit_log'],
};

describe('fuzzing every route with input', () => {
  it('finds routes to fuzz, and tables to watch', () => {
    expect(fuzzedRoutes.length).toBeGreaterThan(50);
    expect(tables).toContain('cases');
  });

  for (const route of fuzzedRoutes) {
    it(`${route.method.toUpperCase()} ${route.path}`, async () => {
      const as = callerFor(route);
      if (as && as !== TELEPHONY) await t.cookieFor(as);
      // Counted after every request: the counts after one are the baseline of the next.
      let counts = await tableCounts();
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (request) => {
          const res = await send(route, request, as);
          await t.signpost.search.flush();
          const before = counts;
          counts = await tableCounts();
          checkReply(route, request, res);
          if (res.status >= 200 && res.status < 300) return;
          const recorded = RECORDED_WHEN_REFUSED[`${route.method.toUpperCase()} ${route.path}`] ?? [];
          const grown = tables.filter((table, i) => counts[i] > before[i] && !recorded.includes(table));
          expect(grown, `${route.method.toUpperCase()} ${route.path} ${JSON.stringify(request)} → ${res.status} wrote to tables`).toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    });
  }
});
