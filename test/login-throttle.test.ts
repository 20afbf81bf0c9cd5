// Sign-in throttling and username enumeration, through the API, with requests arriving through a
// trusted reverse proxy (10.0.0.1) and directly from the internet.
import os from 'node:os';
import path from 'node:path';
import * as argon2 from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSignpost, type Signpost } from '../src/app';
import { ACCOUNT_LOCKOUT_FAILURES, ADDRESS_FAILURE_CAP, throttleKeys } from '../src/identity/throttle';
import * as throttleStore from '../src/identity/throttle-store';
import { inTransaction } from '../src/platform/database';
import { signpostItself } from '../src/platform/actor';
import { OrganisationInput } from '../src/identity/model';
import { ManualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import { ORIGIN, TEST_PASSWORD, testDatabase } from './fixture';

// Counts password checks, to show an unknown username is checked against a hash like a real one.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const PROXY = '10.0.0.1';
const config = loadConfig({
  SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-test'),
  SIGNPOST_LOG: 'silent',
  SIGNPOST_TRUSTED_PROXIES: `${PROXY},192.168.0.0/16`,
});
const clock = new ManualClock('2026-11-18T10:00:00Z');
let signpost: Signpost;

beforeAll(async () => {
  signpost = await createSignpost({ database: await testDatabase(), config, clock, backgroundJobs: false });
  for (const org of [
    { id: 'platform', name: 'Signpost platform', kind: 'platform' },
    { id: 'ic24', name: 'IC24', kind: 'provider' },
  ]) {
    await signpost.identity.createOrganisation(signpostItself, OrganisationInput.parse(org));
  }
  await signpost.identity.createUser(signpostItself, { username: 'admin', displayName: 'Admin', organisationId: 'platform', roles: ['admin'], password: TEST_PASSWORD });
  await signpost.identity.createUser(signpostItself, { username: 'sam', displayName: 'Sam', organisationId: 'ic24', roles: ['call_handler'], password: TEST_PASSWORD });
});
afterAll(async () => signpost?.close());

interface From {
  /** The socket peer (default: a client on the internet, no proxy). */
  peer?: string;
  forwardedFor?: string;
  cookie?: string;
  idempotencyKey?: string;
}

async function call(method: string, urlPath: string, body: unknown, { peer = '203.0.113.1', forwardedFor, cookie, idempotencyKey }: From = {}) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  if (cookie) headers.cookie = cookie;
  const response = await signpost.app.request(
    `${ORIGIN}${urlPath}`,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
    { incoming: { socket: { remoteAddress: peer } } },
  );
  const text = await response.text();
  const reply = text ? JSON.parse(text) : null;
  if (reply?.error) {
    // Every error names its own request, as the header does; the rest of a refusal is compared
    // across requests below (an unknown user must be refused exactly like a real one).
    expect(reply.error.requestId).toBe(response.headers.get('x-request-id'));
    delete reply.error.requestId;
  }
  return { status: response.status, body: reply, headers: response.headers };
}

/** A sign-in from a client address, through the trusted proxy. */
const loginFrom = (client: string, username: string, password: string) =>
  call('POST', '/api/auth/login', { username, password }, { peer: PROXY, forwardedFor: client });

let addressSerial = 0;
/** A client address used nowhere else in this file. */
const freshAddress = () => `198.51.${Math.floor(++addressSerial / 250)}.${addressSerial % 250}`;

/** Moves past every throttle's memory, so a test starts with nothing counted. */
const forgetEverything = () => clock.advance(25 * 3600_000);

/** Counts one failure short of an account lockout straight into the table (saves 49 slow sign-ins), then fails once. */
async function lockOut(username: string) {
  const now = clock.now();
  await inTransaction(signpost.platform.db, async (tx) => {
    const [account] = (await throttleStore.lockCounts(tx, throttleKeys(username, 'x'), now)).filter((c) => c.kind === 'account');
    await throttleStore.saveCount(tx, { ...account, failures: ACCOUNT_LOCKOUT_FAILURES - 1, lastFailureAt: now });
  });
  expect((await loginFrom(freshAddress(), username, 'the last guess')).status).toBe(401);
}

async function adminCookie(): Promise<string> {
  const res = await loginFrom(freshAddress(), 'admin', TEST_PASSWORD);
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

describe('no username enumeration', () => {
  it('gives a wrong password for a real user and any password for an unknown or inactive one the same reply', async () => {
    forgetEverything();
    await signpost.identity.createUser(signpostItself, { username: 'gone', displayName: 'Gone', organisationId: 'ic24', roles: ['call_handler'], password: TEST_PASSWORD });
    await signpost.platform.db.updateTable('users').set({ active: false }).where('username', '=', 'gone').execute();
    const replies = [
      await loginFrom(freshAddress(), 'sam', 'not the password'),
      await loginFrom(freshAddress(), 'nobody-at-all', 'not the password'),
      await loginFrom(freshAddress(), 'gone', TEST_PASSWORD),
    ];
    const shapes = replies.map((r) => ({ status: r.status, body: r.body, headers: [...r.headers.keys()].filter((h) => h !== 'x-request-id').sort() }));
    expect(shapes[0].status).toBe(401);
    expect(shapes[0].body).toEqual({ error: { code: 'unauthenticated', message: 'Wrong username or password', details: [] } });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });

  it('checks a password hash with the same parameters whether or not the user exists', async () => {
    forgetEverything();
    const verify = vi.mocked(argon2.verify);
    const hashesChecked = async (username: string) => {
      verify.mockClear();
      expect((await loginFrom(freshAddress(), username, 'not the password')).status).toBe(401);
      return verify.mock.calls.map(([hash]) => String(hash).replace(/\$[^$]+\$[^$]+$/, '')); // drop salt and digest
    };
    const real = await hashesChecked('sam');
    const unknown = await hashesChecked('nobody-at-all');
    expect(real).toEqual(['$argon2id$v=19$m=19456,t=2,p=1']);
    expect(unknown).toEqual(real);
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const timed = async (username: string) => {
      forgetEverything();
      const started = performance.now();
      const res = await loginFrom(freshAddress(), username, 'not the password');
      expect(res.status).toBe(401);
      return performance.now() - started;
    };
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) await timed(i % 2 ? 'sam' : 'nobody-at-all'); // warm up
    // Interleaved, so both sides see the same load on a shared machine.
    for (let i = 0; i < 15; i++) {
      if (i % 2) {
        real.push(await timed('sam'));
        unknown.push(await timed(`nobody-${i}`));
      } else {
        unknown.push(await timed(`nobody-${i}`));
        real.push(await timed('sam'));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(real);
    // Loose on purpose (shared CI machines): skipping the hash check makes an unknown user several times faster.
    expect(ratio, `median unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(real).toFixed(1)} ms`).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.67);
  });
});

describe('sign-in throttling', () => {
  it('counts and audits failures sent with an Idempotency-Key by someone signed in (the key is ignored here)', async () => {
    forgetEverything();
    const cookie = await adminCookie();
    const address = freshAddress();
    const attempt = (i: number) => call('POST', '/api/auth/login', { username: 'sam', password: `guess ${i}` }, { peer: PROXY, forwardedFor: address, cookie, idempotencyKey: `k-${address}-${i}` });
    for (let i = 0; i < 3; i++) expect((await attempt(i)).status).toBe(401);
    expect((await attempt(3)).status).toBe(429);
    const audit = await call('GET', '/api/audit?limit=500', undefined, { cookie });
    const failures = audit.body.entries.filter((e: { action: string; detail?: unknown }) => e.action === 'auth.login_failed' && JSON.stringify(e).includes(address));
    expect(failures.length).toBeGreaterThanOrEqual(3);
  });

  it('holds back an account at one address after 3 failures with 429 and Retry-After, the same for an unknown user', async () => {
    forgetEverything();
    const address = freshAddress();
    for (const username of ['sam', 'nobody-at-all']) {
      for (let i = 0; i < 3; i++) expect((await loginFrom(address, username, 'not the password')).status).toBe(401);
    }
    const real = await loginFrom(address, 'sam', TEST_PASSWORD);
    const unknown = await loginFrom(address, 'nobody-at-all', TEST_PASSWORD);
    expect(real.status).toBe(429);
    expect(real.headers.get('retry-after')).toBe('5');
    expect(real.body.error).toMatchObject({ code: 'too_many_attempts', message: 'Too many failed sign-ins: try again in 5 seconds' });
    expect({ ...unknown, headers: unknown.headers.get('retry-after') }).toEqual({ ...real, headers: real.headers.get('retry-after') });
    // The delay doubles with each further failure.
    clock.advance(5_000);
    expect((await loginFrom(address, 'sam', 'not the password')).status).toBe(401);
    expect((await loginFrom(address, 'sam', TEST_PASSWORD)).headers.get('retry-after')).toBe('10');
    clock.advance(10_000);
    expect((await loginFrom(address, 'sam', TEST_PASSWORD)).status).toBe(200);
  });

  it('counts parallel attempts one after another, so a burst gets no more free tries', async () => {
    forgetEverything();
    const address = freshAddress();
    const replies = await Promise.all(Array.from({ length: 8 }, () => loginFrom(address, 'sam', 'not the password')));
    expect(replies.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('lets the real user sign in from another address while an attacker is held back', async () => {
    forgetEverything();
    const attacker = freshAddress();
    for (let i = 0; i < 6; i++) await loginFrom(attacker, 'sam', `guess ${i} of many`);
    expect((await loginFrom(attacker, 'sam', TEST_PASSWORD)).status).toBe(429);
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
    // The real user's sign-in does not lift the attacker's delay.
    expect((await loginFrom(attacker, 'sam', TEST_PASSWORD)).status).toBe(429);
  });

  it('starts counting again after a success', async () => {
    forgetEverything();
    const address = freshAddress();
    for (let i = 0; i < 2; i++) expect((await loginFrom(address, 'sam', 'not the password')).status).toBe(401);
    expect((await loginFrom(address, 'sam', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await loginFrom(address, 'sam', 'not the password')).status).toBe(401);
    expect((await loginFrom(address, 'sam', TEST_PASSWORD)).status).toBe(429);
  });

  it('caps the failures from one address across all accounts, without touching other addresses', async () => {
    forgetEverything();
    const sprayer = freshAddress();
    for (let i = 0; i < ADDRESS_FAILURE_CAP; i++) expect((await loginFrom(sprayer, `user-${i}`, 'Winter2026!')).status).toBe(401);
    const capped = await loginFrom(sprayer, 'sam', TEST_PASSWORD);
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get('retry-after'))).toBe(15 * 60);
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
  });

  it('locks an account only after many failures from anywhere, until an admin unlocks it', async () => {
    forgetEverything();
    const cookie = await adminCookie();
    // Just below the threshold the real user still signs in from their own address…
    for (let i = 0; i < ACCOUNT_LOCKOUT_FAILURES - 1; i++) await loginFrom(freshAddress(), 'sam', `guess ${i}`);
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
    // …which starts the count again; a full run of failures locks it, for everyone.
    for (let i = 0; i < ACCOUNT_LOCKOUT_FAILURES; i++) await loginFrom(freshAddress(), 'sam', `guess ${i}`);
    const locked = await loginFrom(freshAddress(), 'sam', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBe(24 * 3600);
    // An unknown username is locked just the same, so a lockout says nothing about who exists.
    await lockOut('nobody-at-all');
    const lockedUnknown = await loginFrom(freshAddress(), 'nobody-at-all', TEST_PASSWORD);
    expect({ status: lockedUnknown.status, body: lockedUnknown.body }).toEqual({ status: locked.status, body: locked.body });

    const users = await call('GET', '/api/users', undefined, { cookie });
    const sam = users.body.users.find((u: { username: string }) => u.username === 'sam');
    const samCookie = await signInCookieAfterUnlock(cookie, sam.id);
    expect(samCookie).toBeTruthy();
    const audit = await call('GET', `/api/audit?subjectType=user&subjectId=${sam.id}`, undefined, { cookie });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('user.unlocked');
  });

  it('unlocks by username, as `signpost users unlock --username` does', async () => {
    forgetEverything();
    await lockOut('sam');
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(429);
    const sam = await signpost.identity.findUserByUsername(' SAM ');
    expect(await signpost.identity.unlockUser(signpostItself, sam.id)).toMatchObject({ wasLocked: true });
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
    await expect(signpost.identity.findUserByUsername('nobody-at-all')).rejects.toMatchObject({ status: 404 });
  });

  it('lifts a lockout when an admin resets the password', async () => {
    forgetEverything();
    const cookie = await adminCookie();
    await lockOut('sam');
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(429);
    const sam = await signpost.identity.findUserByUsername('sam');
    const reset = await call('POST', `/api/users/${sam.id}/reset-password`, { password: TEST_PASSWORD }, { cookie });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
  });

  it('lifts a lockout by itself after a day', async () => {
    forgetEverything();
    await lockOut('sam');
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(429);
    clock.advance(24 * 3600_000);
    expect((await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).status).toBe(200);
  });

  it('lets only admins unlock', async () => {
    forgetEverything();
    const samCookie = (await loginFrom(freshAddress(), 'sam', TEST_PASSWORD)).headers.get('set-cookie')!.split(';')[0];
    const cookie = await adminCookie();
    const users = await call('GET', '/api/users', undefined, { cookie });
    const sam = users.body.users.find((u: { username: string }) => u.username === 'sam');
    expect((await call('POST', `/api/users/${sam.id}/unlock`, undefined, { cookie: samCookie })).status).toBe(403);
    expect((await call('POST', '/api/users/no-such-user/unlock', undefined, { cookie })).status).toBe(404);
    const notLocked = await call('POST', `/api/users/${sam.id}/unlock`, undefined, { cookie });
    expect(notLocked.status).toBe(200);
    expect(notLocked.body.wasLocked).toBe(false);
  });

  it('keeps its counts in the database, so another server process sees them', async () => {
    forgetEverything();
    const second = await createSignpost({ database: signpost.platform.database, config, clock, backgroundJobs: false });
    try {
      const address = freshAddress();
      for (let i = 0; i < 3; i++) expect((await loginFrom(address, 'sam', 'not the password')).status).toBe(401);
      const elsewhere = await second.app.request(
        `${ORIGIN}/api/auth/login`,
        { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ username: 'sam', password: TEST_PASSWORD }) },
        { incoming: { socket: { remoteAddress: PROXY } } },
      );
      expect(elsewhere.status).toBe(429);
    } finally {
      await second.events.stop();
      await second.search.close();
    }
  });
});

/** Unlocks Sam as the admin and signs Sam in; returns Sam's session cookie. */
async function signInCookieAfterUnlock(adminCookieValue: string, samId: string): Promise<string> {
  const unlocked = await call('POST', `/api/users/${samId}/unlock`, undefined, { cookie: adminCookieValue });
  expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
  expect(unlocked.body).toMatchObject({ wasLocked: true, user: { username: 'sam' } });
  const res = await loginFrom(freshAddress(), 'sam', TEST_PASSWORD);
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

describe('the client address behind a trusted proxy', () => {
  it('does not let a spoofed X-Forwarded-For from an untrusted peer change the key', async () => {
    forgetEverything();
    const peer = '203.0.113.50';
    for (let i = 0; i < 3; i++) {
      const res = await call('POST', '/api/auth/login', { username: 'sam', password: 'not the password' }, { peer, forwardedFor: freshAddress() });
      expect(res.status).toBe(401);
    }
    const spoofed = await call('POST', '/api/auth/login', { username: 'sam', password: TEST_PASSWORD }, { peer, forwardedFor: freshAddress() });
    expect(spoofed.status).toBe(429);
  });

  it('keys on the client named by a trusted proxy chain', async () => {
    forgetEverything();
    const client = freshAddress();
    for (let i = 0; i < 3; i++) {
      // The client's own claim (left-most) changes every time; the proxies' entries do not.
      const res = await call('POST', '/api/auth/login', { username: 'sam', password: 'not the password' }, { peer: PROXY, forwardedFor: `${freshAddress()}, ${client}, 192.168.7.7` });
      expect(res.status).toBe(401);
    }
    expect((await call('POST', '/api/auth/login', { username: 'sam', password: TEST_PASSWORD }, { peer: PROXY, forwardedFor: `${client}, 192.168.7.7` })).status).toBe(429);
    expect((await call('POST', '/api/auth/login', { username: 'sam', password: TEST_PASSWORD }, { peer: PROXY, forwardedFor: `${freshAddress()}, 192.168.7.7` })).status).toBe(200);
  });

  it('rate-limits patients online by the same client address', async () => {
    const limitedFrom = async (from: From) => {
      for (let i = 0; i < 130; i++) {
        const res = await call('GET', '/api/online/pathways?q=cough', undefined, from);
        if (res.status === 429) return { after: i, retryAfterOk: Number(res.headers.get('retry-after')) >= 1 && Number(res.headers.get('retry-after')) <= 60 };
        expect(res.status).toBe(200);
      }
      return null;
    };
    // Untrusted peer: a new X-Forwarded-For each time does not escape the limit.
    let n = 0;
    const spoofer = await limitedFrom({ peer: '203.0.113.77', get forwardedFor() { return `198.18.0.${++n}`; } } as From);
    expect(spoofer).toEqual({ after: 120, retryAfterOk: true });
    // Through the proxy: one client is limited, another behind the same proxy is not.
    const client = freshAddress();
    expect(await limitedFrom({ peer: PROXY, forwardedFor: client })).toEqual({ after: 120, retryAfterOk: true });
    expect((await call('GET', '/api/online/pathways?q=cough', undefined, { peer: PROXY, forwardedFor: freshAddress() })).status).toBe(200);
  });
});
