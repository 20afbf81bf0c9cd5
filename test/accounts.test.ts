import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignpost, type Signpost } from '../src/app';
import { signpostItself } from '../src/platform/actor';
import { TokenInput, UserInput } from '../src/identity/model';
import { ORIGIN, TEST_PASSWORD, testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

// Two Signpost instances on one database stand for two server processes: each has its own auth
// cache and its own event follower, as separate processes would.
let t: TestApp;
let second: Signpost;
const delays: number[] = [];
beforeAll(async () => {
  t = await testApp({ sleep: async (ms) => void delays.push(ms) });
  const database = t.signpost.platform.database;
  second = await createSignpost({
    database: { ...database, close: async () => undefined },
    config: t.signpost.platform.config,
    clock: t.clock,
    sleep: async () => undefined,
    backgroundJobs: false,
  });
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

async function newUser(username: string, roles: string[] = ['call_handler'], organisationId = 'ic24') {
  return t.signpost.identity.createUser(signpostItself, UserInput.parse({ username, displayName: `User ${username}`, organisationId, roles, password: TEST_PASSWORD }));
}

async function login(username: string, password = TEST_PASSWORD, app: Signpost = t.signpost): Promise<{ status: number; cookie: string }> {
  const res = await app.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

async function call(app: Signpost, method: string, path: string, auth: { cookie?: string; token?: string; idempotencyKey?: string }, body?: unknown) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (auth.idempotencyKey) headers['idempotency-key'] = auth.idempotencyKey;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.app.request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const me = (app: Signpost, auth: { cookie?: string; token?: string }) => call(app, 'GET', '/api/auth/me', auth);

/** Polls until `check` is true or `ms` of real time pass; returns whether it became true. */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function auditActions(subjectId: string): Promise<string[]> {
  const res = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=user&subjectId=${subjectId}&limit=100`, { as: 'admin' });
  return res.body.entries.map((e: { action: string }) => e.action);
}

describe('deactivating a user', () => {
  it("ends the user's sessions at once in every process, and their tokens with them, until reactivated", async () => {
    const leaver = await newUser('leaver', ['provider_staff'], 'kcht');
    const session = await login('leaver');
    expect(session.status).toBe(200);
    const token = (await call(t.signpost, 'POST', '/api/tokens', session, { name: 'Leaver feed', organisationId: 'kcht' })).body.token as string;
    // Both processes have the session and the token cached.
    for (const app of [t.signpost, second]) {
      expect((await me(app, session)).status).toBe(200);
      expect((await me(app, { token })).status).toBe(200);
    }

    const res = await t.request<ApiReply<'/api/users/{id}/deactivate', 'post'>>('POST', `/api/users/${leaver.id}/deactivate`, { as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: leaver.id, active: false });

    // In the process that acted: at once.
    expect((await me(t.signpost, session)).status).toBe(401);
    expect((await me(t.signpost, { token })).status).toBe(401);
    // In the other: as soon as the event reaches it (NOTIFY), well inside the follower's 2 s poll and
    // with the injected clock standing still, so the 10 s cache cannot be what ran out.
    expect(await within(1500, async () => (await me(second, session)).status === 401)).toBe(true);
    expect((await me(second, { token })).status).toBe(401);
    expect((await login('leaver')).status).toBe(401);

    const back = await t.request<ApiReply<'/api/users/{id}/reactivate', 'post'>>('POST', `/api/users/${leaver.id}/reactivate`, { as: 'admin' });
    expect(back.body.user.active).toBe(true);
    // Old sessions stay ended; the tokens they made work again; they sign in afresh.
    expect((await me(t.signpost, session)).status).toBe(401);
    expect(await within(1500, async () => (await me(second, { token })).status === 200)).toBe(true);
    expect((await me(t.signpost, { token })).status).toBe(200);
    expect((await login('leaver')).status).toBe(200);

    expect(await auditActions(leaver.id)).toEqual(expect.arrayContaining(['user.deactivated', 'user.reactivated']));
  });

  it('is for admins only, and never of oneself', async () => {
    const someone = await newUser('someone');
    expect((await t.request('POST', `/api/users/${someone.id}/deactivate`, { as: 'doslead' })).status).toBe(403);
    const admin = (await t.request<ApiReply<'/api/auth/me'>>('GET', '/api/auth/me', { as: 'admin' })).body.actor;
    const own = await t.request('POST', `/api/users/${admin.id}/deactivate`, { as: 'admin' });
    expect(own.status).toBe(409);
    expect((await t.request('POST', '/api/users/no-such-user/deactivate', { as: 'admin' })).status).toBe(404);
  });
});

describe('changing my own password', () => {
  it('audits a wrong current password sent with an Idempotency-Key (the key is ignored here)', async () => {
    const user = await newUser('keyed-changer');
    const here = await login('keyed-changer');
    const wrong = await call(t.signpost, 'POST', '/api/users/me/password', { ...here, idempotencyKey: 'change-1' }, { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    const entries = await t.signpost.platform.db.selectFrom('audit_log').select('action').where('actor_id', '=', user.id).execute();
    expect(entries.map((e) => e.action)).toContain('user.password_change_failed');
  });

  it('needs the current password, then the old one no longer works and my other sessions end', async () => {
    const user = await newUser('changer');
    const here = await login('changer');
    const elsewhere = await login('changer');
    expect((await me(second, elsewhere)).status).toBe(200);

    delays.length = 0;
    const wrong = await call(t.signpost, 'POST', '/api/users/me/password', here, { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('body.currentPassword');
    expect(delays).toEqual([1000]);
    const short = await call(t.signpost, 'POST', '/api/users/me/password', here, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('body.newPassword');

    const changed = await call(t.signpost, 'POST', '/api/users/me/password', here, { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' });
    expect(changed.status).toBe(200);
    expect(changed.body.sessionsEnded).toBe(1);
    expect((await login('changer', TEST_PASSWORD)).status).toBe(401);
    expect((await login('changer', 'a brand new passphrase')).status).toBe(200);
    expect((await me(t.signpost, here)).status).toBe(200);
    expect((await me(t.signpost, elsewhere)).status).toBe(401);
    expect(await within(1500, async () => (await me(second, elsewhere)).status === 401)).toBe(true);
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['user.password_change_failed', 'user.password_changed']));
  });

  it('is refused to an API token, which has no password', async () => {
    const { token } = await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'Feed', organisationId: 'kcht' }));
    const res = await call(t.signpost, 'POST', '/api/users/me/password', { token }, { currentPassword: 'x', newPassword: 'long enough password' });
    expect(res.status).toBe(403);
  });
});

describe("an admin's password reset", () => {
  it('sets a new password (generated and shown once unless given) and ends the sessions', async () => {
    const user = await newUser('forgetful');
    const session = await login('forgetful');
    const generated = await t.request<ApiReply<'/api/users/{id}/reset-password', 'post'>>('POST', `/api/users/${user.id}/reset-password`, { as: 'admin', body: {} });
    expect(generated.status).toBe(200);
    expect(generated.headers.get('cache-control')).toBe('no-store');
    expect(generated.body.password).toMatch(/^[\w-]{20,}$/);
    expect(generated.body.sessionsEnded).toBe(1);
    expect((await me(t.signpost, session)).status).toBe(401);
    expect((await login('forgetful', TEST_PASSWORD)).status).toBe(401);
    expect((await login('forgetful', generated.body.password)).status).toBe(200);

    const given = await t.request<ApiReply<'/api/users/{id}/reset-password', 'post'>>('POST', `/api/users/${user.id}/reset-password`, { as: 'admin', body: { password: 'chosen by the admin' } });
    expect(given.status).toBe(200);
    expect(given.body.password).toBeUndefined();
    expect((await login('forgetful', 'chosen by the admin')).status).toBe(200);
    expect((await t.request<ErrorReply>('POST', `/api/users/${user.id}/reset-password`, { as: 'admin', body: { password: 'short' } })).body.error.details[0].path).toBe('body.password');
    expect(await auditActions(user.id)).toContain('user.password_reset');
  });
});

describe('ending sessions', () => {
  it('lets an admin end every session of a user, in every process', async () => {
    const user = await newUser('busy');
    const [a, b] = [await login('busy'), await login('busy')];
    expect((await me(second, b)).status).toBe(200);
    const res = await t.request<ApiReply<'/api/users/{id}/end-sessions', 'post'>>('POST', `/api/users/${user.id}/end-sessions`, { as: 'admin' });
    expect(res.body).toEqual({ sessionsEnded: 2 });
    expect((await me(t.signpost, a)).status).toBe(401);
    expect(await within(1500, async () => (await me(second, b)).status === 401)).toBe(true);
    expect((await login('busy')).status).toBe(200);
    expect(await auditActions(user.id)).toContain('user.sessions_ended');
  });

  it('lets me sign out everywhere else, or everywhere', async () => {
    await newUser('traveller');
    const [here, phone, laptop] = [await login('traveller'), await login('traveller'), await login('traveller')];
    const others = await call(t.signpost, 'POST', '/api/users/me/end-sessions', here, {});
    expect(others.body).toEqual({ sessionsEnded: 2 });
    expect((await me(t.signpost, here)).status).toBe(200);
    expect((await me(t.signpost, phone)).status).toBe(401);
    expect((await me(t.signpost, laptop)).status).toBe(401);
    const all = await call(t.signpost, 'POST', '/api/users/me/end-sessions', here, { includeThisOne: true });
    expect(all.body).toEqual({ sessionsEnded: 1 });
    expect(all.headers.get('set-cookie')).toMatch(/signpost_session=;/);
    expect((await me(t.signpost, here)).status).toBe(401);
  });
});

describe('API token expiry and last use', () => {
  it('gives a token a year by default, a chosen life up to two years, and refuses longer', async () => {
    const made = await t.request<ApiReply<'/api/tokens', 'post'>>('POST', '/api/tokens', { as: 'provider', body: { name: 'Default life', organisationId: 'kcht' } });
    expect(made.status).toBe(201);
    expect(new Date(made.body.apiToken.expiresAt).getTime() - t.clock.now().getTime()).toBe(365 * 86_400_000);
    const tooLong = await t.request<ErrorReply>('POST', '/api/tokens', { as: 'provider', body: { name: 'For ever', organisationId: 'kcht', expiresInDays: 731 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('body.expiresInDays');
    expect((await t.request('POST', '/api/tokens', { as: 'provider', body: { name: 'Never', organisationId: 'kcht', expiresInDays: 0 } })).status).toBe(400);
  });

  it('records last use at most once a minute, and lists expiry and last use', async () => {
    const made = await t.request<ApiReply<'/api/tokens', 'post'>>('POST', '/api/tokens', { as: 'provider', body: { name: 'Capacity feed', organisationId: 'kcht', expiresInDays: 30 } });
    const { token, apiToken } = made.body;
    const listed = async () => (await t.request<ApiReply<'/api/tokens'>>('GET', '/api/tokens', { as: 'provider' })).body.tokens.find((x: { id: string }) => x.id === apiToken.id);
    expect((await listed())?.lastUsedAt).toBeNull();
    const firstUse = t.clock.now().toISOString();
    expect((await me(t.signpost, { token })).status).toBe(200);
    expect(await listed()).toMatchObject({ lastUsedAt: firstUse, expiresAt: apiToken.expiresAt });
    // Used again within the minute, here and in the other process: not written again.
    t.clock.advance(30_000);
    expect((await me(t.signpost, { token })).status).toBe(200);
    expect((await me(second, { token })).status).toBe(200);
    expect((await listed())?.lastUsedAt).toBe(firstUse);
    t.clock.advance(60_000);
    expect((await me(second, { token })).status).toBe(200);
    expect((await listed())?.lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('refuses an expired token with 401, even one looked up a moment before', async () => {
    const { token } = (await t.request<ApiReply<'/api/tokens', 'post'>>('POST', '/api/tokens', { as: 'provider', body: { name: 'Short-lived', organisationId: 'kcht', expiresInDays: 1 } })).body;
    expect((await me(t.signpost, { token })).status).toBe(200);
    t.clock.advance(86_400_000 - 1000);
    expect((await me(t.signpost, { token })).status).toBe(200);
    t.clock.advance(1000);
    const refused = await me(t.signpost, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    expect((await me(second, { token })).status).toBe(401);
  });
});
