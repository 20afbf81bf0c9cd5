// Idempotency-Key across a crash (issue 11 item 7): a real server process is killed with SIGKILL
// while a keyed write is in flight — (a) before its transaction commits, (b) after it committed but
// before the reply went out — and the same request is retried on a fresh process on the same
// database. The retry must never be stuck on "still being processed" and the work must happen once.
// The kill points come from the test-only SIGNPOST_TEST_IDEMPOTENCY_PAUSE (src/platform/idempotency.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../scripts/scratch-database';

const CRASH_USER = { username: 'crashtest', password: 'crash test password' }; // as test/crash-server.ts creates it
const serverUrl = process.env.TEST_DATABASE_URL;

interface Server {
  child: ChildProcess;
  base: string;
  /** Resolves when the server reaches the given test pause (a line on its stderr). */
  paused(point: string): Promise<void>;
}

let scratch: ScratchDatabase | undefined;
let dataDir: string | undefined;
let env: Record<string, string>;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  if (serverUrl) {
    scratch = await createScratchDatabase(serverUrl, 'signpost_crash');
    env = { DATABASE_URL: scratch.url };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signpost-crash-'));
    env = { SIGNPOST_DATA_DIR: dataDir };
  }
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await scratch?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(pause?: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash-server.ts'], {
    env: { ...process.env, ...env, SIGNPOST_LOG: 'silent', SIGNPOST_TEST_IDEMPOTENCY_PAUSE: pause ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stderr = '';
  const waiters: { point: string; resolve: () => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiters) if (stderr.includes(`[test-pause] idempotency ${w.point}`)) w.resolve();
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /READY (\d+)/.exec(stdout);
      if (ready) resolve(Number(ready[1]));
    });
    child.on('exit', (code) => reject(new Error(`crash server exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    paused: (point) =>
      new Promise((resolve) => {
        if (stderr.includes(`[test-pause] idempotency ${point}`)) resolve();
        else waiters.push({ point, resolve });
      }),
  };
}

async function kill(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

/** Waits for the server to reach the pause; a reply instead (say, a 409) fails the test at once. */
async function pausedOrAnswered(server: Server, point: string, request: Promise<Response | Error>): Promise<void> {
  const answered = request.then(async (res) => {
    throw new Error(`answered instead of pausing at ${point}: ${res instanceof Response ? `${res.status} ${await res.text()}` : res.message}`);
  });
  await Promise.race([server.paused(point), answered]);
  answered.catch(() => undefined);
}

async function login(server: Server): Promise<string> {
  const res = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.base },
    body: JSON.stringify(CRASH_USER),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const MARK = 'Crash test: chest pain since this morning';
const openCase = (server: Server, cookie: string, key: string) =>
  fetch(`${server.base}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.base, cookie, 'idempotency-key': key },
    body: JSON.stringify({ channel: 'phone', patient: { firstName: 'Sam', lastName: 'Crash', dateOfBirth: '1970-01-01', sex: 'female', postcode: 'CT1 1AA' }, presentingProblem: MARK }),
  });

async function casesMade(server: Server, cookie: string): Promise<string[]> {
  const res = await fetch(`${server.base}/api/cases?limit=200`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const { cases } = (await res.json()) as { cases: { id: string; presentingProblem: string }[] };
  return cases.filter((c) => c.presentingProblem === MARK).map((c) => c.id);
}

describe(`an Idempotency-Key after the server was killed (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('retries to one effect and a proper reply, whether the kill came before or after the commit', async () => {
    const key = 'crash-key-1';

    // (a) Killed while the work is done but its transaction has not committed.
    const first = await start('before-commit:60000');
    const cookie = await login(first);
    const inFlight = openCase(first, cookie, key).catch((error: Error) => error);
    await pausedOrAnswered(first, 'before-commit', inFlight);
    await kill(first);
    expect(await inFlight).toBeInstanceOf(Error);

    // Nothing of it committed; the retry is not stuck behind the dead claim: it does the work, which
    // commits — and (b) the process is killed before the reply goes out.
    const second = await start('after-commit:60000');
    expect(await casesMade(second, cookie)).toEqual([]);
    const retried = openCase(second, cookie, key).catch((error: Error) => error);
    await pausedOrAnswered(second, 'after-commit', retried);
    await kill(second);
    expect(await retried).toBeInstanceOf(Error);

    // The committed work's reply is given to the next retry; the work was done once.
    const third = await start();
    const made = await casesMade(third, cookie);
    expect(made).toHaveLength(1);
    const replay = await openCase(third, cookie, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { case: { id: string } }).case.id).toBe(made[0]);
    expect(await casesMade(third, cookie)).toEqual(made);
    await kill(third);
  }, 180_000);
});
