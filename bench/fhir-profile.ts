// npm run bench:fhir-profile — where the time of one request goes, in process (no HTTP client, no
// queueing): `process-message` sends referrals one at a time through the app on PostgreSQL and lists
// each SQL statement one message makes (count, and time waiting on the server); `match` builds a
// directory (BENCH_SERVICES, default 100,000) and times the stages of one $match. For measuring a
// change on a shared machine: the figures are one request's own time, whatever the load.
// Needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/test).
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createScratchDatabase } from '../scripts/scratch-database';
import { createSignpost } from '../src/app';
import { ServiceProfileSchema } from '../src/directory/model';
import { TokenInput } from '../src/identity/model';
import { signpostItself } from '../src/platform/actor';
import { loadConfig } from '../src/platform/config';
import { openPostgres } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { aService } from '../test/builders';
import { seedNationalDirectory } from '../src/demo/seed';
import { generateNationalDirectory } from '../src/demo/national';
import { matchRequest } from '../src/fhir/match';
import { SearchRequestSchema } from '../src/search/model';
import { matchRequests, referral } from './fhir-messages';
import { round, summarise } from './stats';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const MESSAGES = Number(process.env.BENCH_PROFILE_MESSAGES ?? 100);

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Every statement sent to the server, with how long its answer took. */
const statements: { text: string; ms: number }[] = [];
let tracing = false;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function traced(this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const result = (query as any).apply(this, args);
  if (tracing && result && typeof result.then === 'function') void result.then(() => statements.push({ text, ms: performance.now() - started }), () => undefined);
  return result;
} as typeof query;

async function processMessage() {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench_profile');
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  const signpost = await createSignpost({ database: await openPostgres(scratch.url, 4, log), config, log, backgroundJobs: false });
  try {
    await signpost.identity.createOrganisation(signpostItself, { id: 'receiver', name: 'Receiving provider', kind: 'provider' });
    await signpost.identity.createOrganisation(signpostItself, { id: 'sender', name: 'Sending system', kind: 'provider' });
    const [serviceId] = await signpost.directory.importServices(
      signpostItself,
      [ServiceProfileSchema.parse(aService({ organisationId: 'receiver', name: 'Bench UTC', referralRoles: ['clinician'], coverage: { dispositions: ['Dx05'], symptoms: [{ sg: 1011, sd: '4052' }] } }))],
      { reason: 'bench' },
    );
    const { token } = await signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'bench sender', organisationId: 'sender' }));
    const send = async (n: number) => {
      const started = performance.now();
      const res = await signpost.app.fetch(
        new Request('http://127.0.0.1/fhir/$process-message', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', 'x-request-id': `profile-${n}` },
          body: JSON.stringify(referral(n, serviceId)),
        }),
      );
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`message ${n}: ${res.status}`);
      return performance.now() - started;
    };
    for (let n = 0; n < 20; n++) await send(n);
    const times: number[] = [];
    const perMessage: { count: number; dbMs: number }[] = [];
    let last: typeof statements = [];
    const cpu = process.cpuUsage();
    for (let n = 20; n < 20 + MESSAGES; n++) {
      statements.length = 0;
      tracing = true;
      times.push(await send(n));
      tracing = false;
      await new Promise((r) => setTimeout(r, 5));
      perMessage.push({ count: statements.length, dbMs: statements.reduce((a, s) => a + s.ms, 0) });
      last = [...statements];
    }
    const nodeCpu = cpuMs(process.cpuUsage(cpu)) / MESSAGES;
    const t = summarise(times);
    const counts = summarise(perMessage.map((p) => p.count));
    const db = summarise(perMessage.map((p) => p.dbMs));
    console.log(`$process-message, ${MESSAGES} one at a time, in process: p50 ${round(t.p50, 2)} ms, p99 ${round(t.p99, 2)} ms`);
    console.log(`  statements per message: p50 ${counts.p50}, max ${counts.max}; time waiting on the server p50 ${round(db.p50, 2)} ms; this process's CPU ${round(nodeCpu, 2)} ms each`);
    console.log('  the last message’s statements:');
    for (const s of last) console.log(`    ${s.ms.toFixed(2).padStart(7)} ms  ${s.text.replace(/\s+/g, ' ').slice(0, 150)}`);
  } finally {
    await signpost.close();
    await scratch.drop().catch(() => undefined);
  }
}

/** One $match, in process: the whole request through the app, and the directory search inside it. */
async function match() {
  const services = Number(process.env.BENCH_SERVICES ?? 100_000);
  const count = Number(process.env.BENCH_PROFILE_MATCHES ?? 2000);
  // BENCH_PROFILE_KEEP names a database to keep between runs (seeded on the first): seeding takes minutes.
  const keep = process.env.BENCH_PROFILE_KEEP;
  const scratch = keep ? await keptDatabase(keep) : await createScratchDatabase(serverUrl, 'signpost_bench_profile');
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  try {
    const database = await openPostgres(scratch.url, 4, log);
    const seeding = await createSignpost({ database, config, log, backgroundJobs: false });
    const counted = await database.db.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(counted.n) < services) {
      console.log(`Generating ${services} services …`);
      await seedNationalDirectory(seeding, services);
    }
    const { token } = await seeding.identity.createToken(signpostItself, TokenInput.parse({ name: 'profile', organisationId: (await seeding.identity.listOrganisations())[0].id }));
    await seeding.close();
    const signpost = await createSignpost({ database: await openPostgres(scratch.url, 4, log), config, log, backgroundJobs: false });
    try {
      const { services: profiles } = generateNationalDirectory(services, signpost.catalogue);
      const requests = matchRequests(profiles, count);
      const fetchOne = async (r: (typeof requests)[number]) => {
        const res = await signpost.app.fetch(new Request(`http://127.0.0.1${r.path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(r.body) }));
        const text = await res.text();
        if (res.status !== 200) throw new Error(`$match: ${res.status} ${text.slice(0, 300)}`);
        return text.length;
      };
      for (const r of requests.slice(0, 300)) await fetchOne(r);
      // CPU time as well as wall time: on a machine shared with a load average of 10 or more, the wall
      // time of one request is mostly waiting for a core; its CPU time is its own.
      const whole: number[] = [];
      let bytes = 0;
      let cpu = process.cpuUsage();
      for (const r of requests) {
        const started = performance.now();
        bytes += await fetchOne(r);
        whole.push(performance.now() - started);
      }
      const wholeCpu = cpuMs(process.cpuUsage(cpu)) / count;
      const searchOnly: number[] = [];
      const parsedRequests = requests.map((r) => SearchRequestSchema.parse(matchRequest({ parameters: (r.body as { parameter: never }).parameter }, false)));
      cpu = process.cpuUsage();
      for (const parsed of parsedRequests) {
        const started = performance.now();
        await signpost.search.search(parsed, signpostItself);
        searchOnly.push(performance.now() - started);
      }
      const searchCpu = cpuMs(process.cpuUsage(cpu)) / count;
      const w = summarise(whole);
      const s = summarise(searchOnly);
      console.log(`$match, ${count} one at a time, in process: CPU ${round(wholeCpu, 3)} ms each; wall p50 ${round(w.p50, 3)} ms, p99 ${round(w.p99, 3)} ms; reply ${Math.round(bytes / count)} bytes`);
      console.log(`  the directory search alone: CPU ${round(searchCpu, 3)} ms each; wall p50 ${round(s.p50, 3)} ms, p99 ${round(s.p99, 3)} ms`);
      console.log(`  so the FHIR side (parameters, services as resources, Bundle, JSON, HTTP in process): CPU ${round(wholeCpu - searchCpu, 3)} ms each`);
    } finally {
      await signpost.close();
    }
  } finally {
    if (!keep) await scratch.drop().catch(() => undefined);
  }
}

/** A database of this name on the server, created if it is not there yet. */
async function keptDatabase(name: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const exists = (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!exists) await client.query(`create database ${name.replace(/[^a-z0-9_]/g, '')}`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => undefined };
}

const what = process.argv[2] ?? 'process-message';
if (what === 'process-message') await processMessage();
else if (what === 'match') await match();
else throw new Error('profile what? process-message or match');
console.log(`load average ${os.loadavg().map((l) => round(l, 2)).join(' ')}`);
process.exit(0);
