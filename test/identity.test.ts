import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, TEST_PASSWORD, testApp, testUsers, type TestApp, type TestUser, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const login = (username: string, password: string, origin = ORIGIN) =>
  t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username, password }),
  });

describe('sign-in', () => {
  it('sets an HTTP-only, SameSite session cookie and knows who you are', async () => {
    await t.cookieFor('clinician');
    const res = await login('clinician', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/signpost_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.request<ApiReply<'/api/auth/me'>>('GET', '/api/auth/me', { as: 'clinician' });
    expect(me.body.actor).toMatchObject({ kind: 'user', roles: ['clinician'], organisationId: 'ic24' });
  });

  it('slows repeated failed logins and resets after a success', async () => {
    // The delay is a refusal (429 + Retry-After) kept in the database, not a held-back reply: it
    // holds against parallel attempts and across server processes (test/login-throttle.test.ts).
    await t.cookieFor('commissioner');
    for (let i = 0; i < 3; i++) expect((await login('commissioner', 'wrong password!')).status).toBe(401);
    const slowed = await login('commissioner', TEST_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('5');
    t.clock.advance(5_000);
    expect((await login('commissioner', 'wrong password!')).status).toBe(401);
    expect((await login('commissioner', TEST_PASSWORD)).headers.get('retry-after')).toBe('10');
    t.clock.advance(10_000);
    expect((await login('commissioner', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login('commissioner', 'wrong again!!')).status).toBe(401);
    t.clock.advance(5_000);
    expect((await login('commissioner', TEST_PASSWORD)).status).toBe(200);
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const unknown = await login('nobody-here', 'whatever password');
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as any).error.message).toBe('Wrong username or password');
  });

  it('audits logins, failed ones too', async () => {
    const audit = await t.request<ApiReply<'/api/audit'>>('GET', '/api/audit?subjectType=user&limit=500', { as: 'admin' });
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('auth.login');
    expect(actions).toContain('auth.login_failed');
  });

  it('ends the session on logout', async () => {
    const res = await login('clinician', TEST_PASSWORD);
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const out = await t.signpost.app.request(`${ORIGIN}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: ORIGIN } });
    expect(out.status).toBe(204);
    const me = await t.signpost.app.request(`${ORIGIN}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
  });
});

describe('cross-site protection', () => {
  it('refuses a signed-in write from another origin, or with no origin at all', async () => {
    const cookie = await t.cookieFor('doslead');
    const foreign = await t.signpost.app.request(`${ORIGIN}/api/directory/rankings`, {
      method: 'PUT',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ areaCode: 'ek-thanet', serviceTypeId: 135, rank: 1 }),
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe('origin_mismatch');
    const none = await t.signpost.app.request(`${ORIGIN}/api/directory/rankings`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ areaCode: 'ek-thanet', serviceTypeId: 135, rank: 1 }),
    });
    expect(none.status).toBe(403);
    expect(((await none.json()) as any).error.code).toBe('origin_required');
  });
});

describe('API tokens', () => {
  it('lets another system act for its organisation until the token is revoked', async () => {
    const created = await t.request<ApiReply<'/api/tokens', 'post'>>('POST', '/api/tokens', { as: 'provider', body: { name: 'Capacity feed', organisationId: 'kcht' } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^sp_/);
    const me = await t.signpost.app.request(`${ORIGIN}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as any).actor).toMatchObject({ kind: 'token', organisationId: 'kcht', roles: ['system'] });
    // A token is not a person: it cannot propose directory changes.
    const propose = await t.signpost.app.request(`${ORIGIN}/api/directory/rankings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ areaCode: 'ek-thanet', serviceTypeId: 135, rank: 1 }),
    });
    expect(propose.status).toBe(403);
    const revoked = await t.request<ApiReply<'/api/tokens/{id}', 'delete'>>('DELETE', `/api/tokens/${created.body.apiToken.id}`, { as: 'provider' });
    expect(revoked.status).toBe(200);
    const after = await t.signpost.app.request(`${ORIGIN}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('refuses a token for another organisation', async () => {
    const res = await t.request<ApiReply<'/api/tokens', 'post'>>('POST', '/api/tokens', { as: 'provider', body: { name: 'Sneaky', organisationId: 'ekhuft' } });
    expect(res.status).toBe(403);
  });
});

describe('accounts', () => {
  it('lets admins create organisations and users, validating both', async () => {
    const org = await t.request<ApiReply<'/api/organisations', 'post'>>('POST', '/api/organisations', { as: 'admin', body: { id: 'qvmh', name: 'QVMH', kind: 'provider', parentId: 'ekhuft' } });
    expect(org.status).toBe(201);
    const badParent = await t.request<ApiReply<'/api/organisations', 'post'>>('POST', '/api/organisations', { as: 'admin', body: { name: 'Orphan', kind: 'provider', parentId: 'nope' } });
    expect(badParent.status).toBe(400);
    const user = await t.request<ErrorReply>('POST', '/api/users', {
      as: 'admin',
      body: { username: 'new.nurse', displayName: 'New Nurse', organisationId: 'qvmh', roles: ['provider_staff'], password: 'short' },
    });
    expect(user.status).toBe(400);
    expect(user.body.error.details[0]).toMatchObject({ path: 'body.password' });
  });
});

describe('every route declares who may call it, and is refused to everyone else', () => {
  const roleOf = (user: TestUser) => testUsers[user].roles[0] as string;
  const oneUserPerRole = ['callhandler', 'clinician', 'provider', 'doslead', 'governance', 'commissioner', 'admin'] as TestUser[];

  it('answers 401 without sign-in and 403 for each role not allowed', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    let checked = 0;
    for (const [path, operations] of Object.entries<Record<string, { 'x-signpost-access': string | string[] }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const access = operation['x-signpost-access'];
        if (access === 'public') continue;
        const url = path.replace(/\{[^}]+\}/g, '1');
        const anonymous = await t.signpost.app.request(`${ORIGIN}${url}`, { method: method.toUpperCase(), headers: { origin: ORIGIN } });
        expect(anonymous.status, `${method} ${path} without sign-in`).toBe(401);
        if (access === 'signed-in') continue;
        for (const user of oneUserPerRole) {
          if (access.includes(roleOf(user))) continue;
          const res = await t.request(method.toUpperCase(), url, { as: user, body: method === 'get' ? undefined : {} });
          expect(res.status, `${method} ${path} as ${roleOf(user)}`).toBe(403);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
