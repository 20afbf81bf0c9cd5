// Two server processes on one PostgreSQL: a change written through one must be seen by searches on the
// other within a second. Run by .ci/run against the PostgreSQL server; exits non-zero if not.
import { spawn, type ChildProcess } from 'node:child_process';
import { createScratchDatabase } from './scratch-database';

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const LIMIT_MS = 1000;

function run(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/signpost.mjs', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function finished(child: ChildProcess): Promise<void> {
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`signpost ${child.spawnargs.slice(2).join(' ')} exited with ${code}`);
}

async function waitForHealth(base: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base} did not start`);
}

class Client {
  private cookie = '';
  constructor(readonly base: string) {}
  async login(username: string) {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ username, password: 'signpost-demo' }),
    });
    if (!res.ok) throw new Error(`login ${username} failed: ${res.status}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0];
    return this;
  }
  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, origin: this.base, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as any;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  async status(path: string): Promise<number> {
    return (await fetch(`${this.base}${path}`, { headers: { cookie: this.cookie } })).status;
  }
}

/** Polls until `seen()` is true; returns how long it took. */
async function timeUntil(seen: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 5000) {
    if (await seen()) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Infinity;
}

const scratch = await createScratchDatabase(serverUrl, 'signpost_twoproc');
const env = { DATABASE_URL: scratch.url, SIGNPOST_LOG: 'silent' };
const servers: ChildProcess[] = [];
let failed = false;
try {
  await finished(run(['demo'], env));
  const [a, b] = [8211, 8212].map((port) => `http://127.0.0.1:${port}`);
  servers.push(run(['serve', '--port', '8211'], env), run(['serve', '--port', '8212'], env));
  await Promise.all([waitForHealth(a), waitForHealth(b)]);

  const doslead = await new Client(a).login('doslead');
  const doslead2 = await new Client(a).login('doslead2');
  const searcher = await new Client(b).login('callhandler');

  // A 24-hour urgent treatment centre and a search it answers.
  const { services } = await searcher.call('GET', '/api/directory/services?typeId=135&limit=50');
  const utc = services.find((s: any) => s.openingTimes.alwaysOpen && s.status === 'active');
  if (!utc) throw new Error('the demo has no 24-hour UTC');
  const pair = utc.coverage.symptoms[0];
  const request = {
    location: { lat: utc.lat, lon: utc.lon },
    age: { value: 40, unit: 'years' },
    sex: 'unknown',
    disposition: utc.coverage.dispositions[0],
    symptomGroup: pair.sg,
    symptomDiscriminators: [pair.sd],
    referralRole: utc.referralRoles[0],
    distanceKm: 5,
    limit: 50,
  };
  const offered = async () => (await searcher.call('POST', '/api/directory/search', request)).results.some((r: any) => r.serviceId === utc.id);
  if (!(await offered())) throw new Error(`service ${utc.id} is not offered to begin with`);

  await doslead.call('PUT', `/api/capacity/services/${utc.id}`, { status: 'red', reason: 'two-process check', resetAfterMinutes: 15 });
  const capacityMs = await timeUntil(async () => !(await offered()));
  await doslead.call('PUT', `/api/capacity/services/${utc.id}`, { status: 'green' });
  const greenMs = await timeUntil(offered);

  const { change } = await doslead.call('DELETE', `/api/directory/services/${utc.id}`, { reason: 'two-process check' });
  await doslead2.call('POST', `/api/directory/changes/${change.id}/approve`, {});
  const closeMs = await timeUntil(async () => !(await offered()));

  // Reopened by a change approved on A to take effect 3 s later (decision 0034): the scheduler of one
  // process applies it at that moment, once, and B's search follows the same event as any change.
  const reopenAt = new Date(Date.now() + 3000);
  const reopen = await doslead.call('PATCH', `/api/directory/services/${utc.id}`, { reason: 'two-process check: reopens', changes: { status: 'active' }, effectiveFrom: reopenAt.toISOString() });
  const scheduled = await doslead2.call('POST', `/api/directory/changes/${reopen.change.id}/approve`, {});
  if (scheduled.change.status !== 'scheduled') throw new Error(`the reopening was ${scheduled.change.status}, not scheduled`);
  if (await offered()) throw new Error('the reopening applied before its time');
  await new Promise((r) => setTimeout(r, Math.max(0, reopenAt.getTime() - Date.now())));
  const scheduledMs = await timeUntil(offered);
  const versions = (await searcher.call('GET', `/api/directory/services/${utc.id}/history`)).versions.filter((v: any) => v.changeId === reopen.change.id);
  if (versions.length !== 1) throw new Error(`the scheduled change was applied ${versions.length} times`);

  // A user deactivated through A: their session, cached on B, is refused there at once.
  const admin = await new Client(a).login('admin');
  const nurse = await new Client(b).login('nursing');
  if ((await nurse.status('/api/auth/me')) !== 200) throw new Error('the nurse is not signed in to begin with');
  const { users } = await admin.call('GET', '/api/users');
  await admin.call('POST', `/api/users/${users.find((u: any) => u.username === 'nursing').id}/deactivate`);
  const deactivateMs = await timeUntil(async () => (await nurse.status('/api/auth/me')) === 401);

  const rows = [
    ['capacity set red on A → gone from searches on B', capacityMs],
    ['capacity set green on A → back in searches on B', greenMs],
    ['service closed (approved) on A → gone from searches on B', closeMs],
    ['service reopened by a change scheduled on A → back in searches on B after its time', scheduledMs],
    ['user deactivated on A → their session refused on B', deactivateMs],
  ] as const;
  for (const [what, ms] of rows) {
    const ok = ms <= LIMIT_MS;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${ms === Infinity ? 'never (5 s)' : `${ms} ms`} (limit ${LIMIT_MS} ms)`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const server of servers) server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  await scratch.drop().catch(() => undefined);
}
process.exit(failed ? 1 : 0);
