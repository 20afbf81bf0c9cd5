import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../scripts/scratch-database';
import { createSignpost, type Signpost } from '../src/app';
import { signpostItself, type Role } from '../src/platform/actor';
import { ManualClock } from '../src/platform/clock';
import { loadConfig, type Config } from '../src/platform/config';
import { openPglite, openPostgres, type Database } from '../src/platform/database';
import { createLogger, type Log } from '../src/platform/log';
import type { components, paths } from '../web/src/lib/api/schema';

/**
 * Tests run on in-memory PGlite, or on a PostgreSQL server when TEST_DATABASE_URL is set: then each
 * test file gets a database of its own, created here and dropped at the end.
 */
export async function testDatabase(log: Log = createLogger({ log: 'silent' })): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openPglite();
  const scratch = await createScratchDatabase(serverUrl, 'signpost_test');
  const database = await openPostgres(scratch.url, 5, log);
  const close = database.close;
  database.close = async () => {
    await close();
    await scratch.drop();
  };
  return database;
}

export const TEST_PASSWORD = 'correct horse battery';

export const testUsers = {
  callhandler: { roles: ['call_handler'], org: 'ic24' },
  clinician: { roles: ['clinician'], org: 'ic24' },
  provider: { roles: ['provider_staff'], org: 'kcht' },
  nursing: { roles: ['provider_staff'], org: 'kcht-nursing' },
  otherprovider: { roles: ['provider_staff'], org: 'ekhuft' },
  doslead: { roles: ['dos_lead'], org: 'icb' },
  doslead2: { roles: ['dos_lead'], org: 'icb' },
  governance: { roles: ['clinical_governance'], org: 'icb' },
  commissioner: { roles: ['commissioner'], org: 'icb' },
  admin: { roles: ['admin'], org: 'platform' },
} satisfies Record<string, { roles: Role[]; org: string }>;
export type TestUser = keyof typeof testUsers;

export interface RequestOptions {
  as?: TestUser;
  body?: unknown;
  headers?: Record<string, string>;
}

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/**
 * The JSON a route replies with on success, from the types generated from the routes (npm run
 * gen:api): `t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${id}`, …)` gives the body
 * that type, so a change to a route's response schema shows in every test that reads it.
 */
export type ApiReply<P extends keyof paths, M extends HttpMethod = 'get'> =
  NonNullable<paths[P][M]> extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 202 ? JsonOf<R[S]> : never }[keyof R] : never;
/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends HttpMethod = 'post'> = NonNullable<paths[P][M]> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The one error shape every route answers a refusal with. */
export type ErrorReply = components['schemas']['Error'];

/** A reply as a test reads it: the body typed as the caller says (untyped callers get `any`). */
export interface TestReply<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApp {
  signpost: Signpost;
  clock: ManualClock;
  /**
   * Calls the API in-process as one of the test users (signed in with a real session cookie). Give
   * the body's type — `ApiReply<path, method>` for a success, `ErrorReply` for a refusal — to read it typed.
   */
  // `any` by default: the tests not yet converted to a typed reply (docs/decisions/0022).
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestReply<T>>;
  cookieFor(user: TestUser): Promise<string>;
  close(): Promise<void>;
}

export const ORIGIN = 'http://signpost.test';

export interface TestAppOptions {
  now?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Log lines at this level (default: none) to this capture (see captureLogs). */
  log?: { level: Config['log']; capture: LogCapture };
}

export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = new ManualClock(options.now ?? '2026-11-18T10:00:00Z');
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-test'), SIGNPOST_LOG: options.log?.level ?? 'silent', SIGNPOST_SESSION_HOURS: '8000', SIGNPOST_CHECK_REPLIES: 'on' });
  const log = createLogger(config, options.log?.capture.destination);
  const database = await testDatabase(log);
  const signpost = await createSignpost({ database, config, log, clock, sleep: options.sleep ?? (async () => undefined), backgroundJobs: false });
  await createTestOrganisations(signpost);
  const cookies = new Map<TestUser, string>();

  async function cookieFor(user: TestUser): Promise<string> {
    let cookie = cookies.get(user);
    if (!cookie) {
      const spec = testUsers[user];
      await signpost.identity.createUser(signpostItself, {
        username: user,
        displayName: `Test ${user}`,
        organisationId: spec.org,
        roles: spec.roles,
        password: TEST_PASSWORD,
      });
      const response = await signpost.app.request(`${ORIGIN}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ username: user, password: TEST_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`test login failed for ${user}: ${await response.text()}`);
      cookie = response.headers.get('set-cookie')!.split(';')[0];
      cookies.set(user, cookie);
    }
    return cookie;
  }

  return {
    signpost,
    clock,
    cookieFor,
    async request(method, urlPath, { as, body, headers = {} } = {}) {
      const allHeaders: Record<string, string> = { origin: ORIGIN, ...headers };
      if (as) allHeaders.cookie = await cookieFor(as);
      if (body !== undefined) allHeaders['content-type'] = 'application/json';
      const response = await signpost.app.request(`${ORIGIN}${urlPath}`, {
        method,
        headers: allHeaders,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      // The JSON as the server sent it; its type is the one the caller names (checked in tests against the route's schema).
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
    close: () => signpost.close(),
  };
}

/** The log lines a logger writes, kept to be read back: give `destination` to createLogger. */
export interface LogCapture {
  destination: { write(line: string): void };
  /** Every line so far, as written. */
  text(): string;
  /** Every line so far, parsed. */
  records(): Record<string, any>[];
  clear(): void;
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    destination: { write: (line) => void lines.push(line) },
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line)),
    clear: () => void lines.splice(0),
  };
}

/** A small organisation tree: an ICB, a community trust with a nursing team below it, an acute trust, IC24. */
async function createTestOrganisations(signpost: Signpost) {
  const orgs = [
    { id: 'platform', name: 'Signpost platform', kind: 'platform' },
    { id: 'icb', name: 'Kent and Medway ICB', kind: 'commissioner' },
    { id: 'kcht', name: 'Kent Community Health', kind: 'provider' },
    { id: 'kcht-nursing', name: 'KCHT District Nursing', kind: 'provider', parentId: 'kcht' },
    { id: 'ekhuft', name: 'East Kent Hospitals', kind: 'provider' },
    { id: 'ic24', name: 'IC24 (111 and out of hours)', kind: 'provider' },
  ] as const;
  for (const org of orgs) await signpost.identity.createOrganisation(signpostItself, org);
}
