// npm run bench:referrals — referral submitted → visible in the receiving organisation's inbox stream.
// Target: ≤ 200 ms at the 99th percentile under 50 referrals a second.
//
// A Signpost serves HTTP on localhost; the receiving provider holds its inbox stream (SSE) open; call
// handlers POST referrals open-loop at the target rate (each to its own case, prepared beforehand). The
// latency of a referral is from just before its POST is sent to the moment its inbox event is read off
// the stream, so it covers the request, the transaction, the in-app delivery, NOTIFY, the event
// follower and the stream. Runs on the embedded database and, if reachable, on the PostgreSQL server
// (BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/test; a scratch database is made and dropped).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createScratchDatabase, serverQuery } from '../scripts/scratch-database';
import { createSignpost, type Signpost } from '../src/app';
import { OpenCaseSchema } from '../src/cases/model';
import { signpostItself } from '../src/platform/actor';
import { loadConfig } from '../src/platform/config';
import { inTransaction, openPglite, openPostgres, type Database } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { ServiceProfileSchema } from '../src/directory/model';
import { aService } from '../test/builders';
import { printTable, round, summarise } from './stats';

const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const TARGET_P99_MS = 200;
const PASSWORD = 'bench-password-123';
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function postgresAvailable(): Promise<boolean> {
  try {
    await serverQuery(serverUrl, 'select 1');
    return true;
  } catch {
    return false;
  }
}

interface RunResult {
  database: string;
  rate: number;
  seconds: number;
  submitted: number;
  seen: number;
  errors: number;
  achievedPerSecond: number;
  visibleMs: ReturnType<typeof summarise>;
  responseMs: ReturnType<typeof summarise>;
  meetsTarget: boolean;
}

async function prepare(signpost: Signpost, count: number) {
  const orgs = [
    { id: 'bench-111', name: 'Bench 111 provider', kind: 'provider' },
    { id: 'bench-receiver', name: 'Bench receiving provider', kind: 'provider' },
  ] as const;
  for (const org of orgs) await signpost.identity.createOrganisation(signpostItself, org);
  for (const [username, org, role] of [
    ['bench-callhandler', 'bench-111', 'call_handler'],
    ['bench-receiver', 'bench-receiver', 'provider_staff'],
  ] as const) {
    await signpost.identity.createUser(signpostItself, { username, displayName: username, organisationId: org, roles: [role], password: PASSWORD });
  }
  const services = await signpost.directory.importServices(
    signpostItself,
    Array.from({ length: 5 }, (_, i) => ServiceProfileSchema.parse(aService({ name: `Bench UTC ${i + 1}`, organisationId: 'bench-receiver', coverage: { dispositions: ['Dx05'], symptoms: [{ sg: 11000, sd: '14013' }] } }))),
    { reason: 'benchmark' },
  );
  const actor = { kind: 'user' as const, id: 'bench', name: 'Bench call handler', organisationId: 'bench-111', roles: ['call_handler' as const] };
  const caseIds: string[] = [];
  for (let i = 0; i < count; i++) {
    // Parsed here, as a route would, so the defaults (channel, flags) apply.
    const request = OpenCaseSchema.parse({
      patient: { firstName: `Bench${i}`, lastName: `Patient${i}`, dateOfBirth: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'female' : 'male', postcode: 'CT1 3NG' },
      presentingProblem: 'Benchmark',
    });
    const opened = await signpost.cases.open(actor, request);
    await inTransaction(signpost.platform.db, async (tx) => {
      const c = await signpost.cases.lockOpen(tx, opened.case.id);
      await signpost.cases.setDisposition(tx, actor, signpost.platform.clock.now(), c, signpost.cases.clinicianDisposition(actor, 'Dx05', signpost.platform.clock.now(), { symptomGroup: 11000, symptomDiscriminator: '14013' }));
    });
    caseIds.push(opened.case.id);
  }
  return { services, caseIds };
}

async function login(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

async function run(label: string, database: Database): Promise<RunResult> {
  const total = WARMUP + RATE * SECONDS;
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const signpost = await createSignpost({ database, config, delivery: { external: false } });
  console.log(`[${label}] preparing ${total} cases …`);
  const { services, caseIds } = await prepare(signpost, total);
  const port = 8190 + Math.floor(Math.random() * 5);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: signpost.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${port}`;
  const caller = await login(base, 'bench-callhandler');
  const receiver = await login(base, 'bench-receiver');

  // The receiving provider's inbox stream.
  const seenAt = new Map<string, number>();
  const controller = new AbortController();
  const stream = await fetch(`${base}/api/inbox/stream`, { headers: { cookie: receiver }, signal: controller.signal });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.includes('event: ready')) ready();
        const data = frame.split('\n').find((line) => line.startsWith('data: '));
        if (frame.includes('event: inbox.item_added') && data) {
          const payload = JSON.parse(data.slice(6)) as { caseId?: string };
          if (payload.caseId && !seenAt.has(payload.caseId)) seenAt.set(payload.caseId, performance.now());
        }
      }
    }
  })();
  await isReady;

  const sentAt = new Map<string, number>();
  const responseMs: number[] = [];
  let errors = 0;
  const submit = async (caseId: string, i: number) => {
    const started = performance.now();
    sentAt.set(caseId, started);
    try {
      const response = await fetch(`${base}/api/cases/${caseId}/referrals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, cookie: caller },
        body: JSON.stringify({ serviceId: services[i % services.length] }),
      });
      await response.text();
      if (response.status !== 201) errors++;
      else responseMs.push(performance.now() - started);
    } catch {
      errors++;
    }
  };

  // Warm-up (not measured), then the measured run, open-loop at the target rate.
  console.log(`[${label}] warming up with ${WARMUP} referrals, then ${RATE}/s for ${SECONDS} s …`);
  await Promise.all(caseIds.slice(0, WARMUP).map((id, i) => new Promise<void>((resolve) => setTimeout(() => void submit(id, i).then(resolve), i * 20))));
  responseMs.length = 0;
  errors = 0;
  const measured = caseIds.slice(WARMUP);
  const interval = 1000 / RATE;
  const runStarted = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < measured.length; i++) {
    const due = runStarted + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(submit(measured[i], i));
  }
  await Promise.all(inflight);
  const runSeconds = (performance.now() - runStarted) / 1000;
  for (let i = 0; i < 100 && measured.some((id) => !seenAt.has(id)); i++) await new Promise((r) => setTimeout(r, 50));

  const visible = measured.filter((id) => seenAt.has(id)).map((id) => seenAt.get(id)! - sentAt.get(id)!);
  controller.abort();
  await reader.cancel().catch(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await signpost.close();

  const visibleMs = summarise(visible);
  return {
    database: label,
    rate: RATE,
    seconds: SECONDS,
    submitted: measured.length,
    seen: visible.length,
    errors,
    achievedPerSecond: round(measured.length / runSeconds),
    visibleMs: { p50: round(visibleMs.p50), p95: round(visibleMs.p95), p99: round(visibleMs.p99), max: round(visibleMs.max) },
    responseMs: Object.fromEntries(Object.entries(summarise(responseMs)).map(([k, v]) => [k, round(v)])) as ReturnType<typeof summarise>,
    meetsTarget: visible.length === measured.length && errors === 0 && visibleMs.p99 <= TARGET_P99_MS,
  };
}

const results: RunResult[] = [];
results.push(await run('PGlite (embedded)', await openPglite()));
if (await postgresAvailable()) {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench');
  try {
    results.push(await run('PostgreSQL server', await openPostgres(scratch.url, 10, createLogger({ log: 'silent' }))));
  } finally {
    await scratch.drop();
  }
} else {
  console.log(`PostgreSQL at ${serverUrl} is not reachable: embedded database only.`);
}

for (const r of results) {
  printTable(`Referral → receiving inbox stream, ${r.database}: ${r.submitted} referrals at ${r.rate}/s (achieved ${r.achievedPerSecond}/s)`, [
    ['visible in stream p50', `${r.visibleMs.p50} ms`, ''],
    ['visible in stream p95', `${r.visibleMs.p95} ms`, ''],
    ['visible in stream p99', `${r.visibleMs.p99} ms`, `≤ ${TARGET_P99_MS} ms`],
    ['visible in stream max', `${r.visibleMs.max} ms`, ''],
    ['POST reply p50 / p99', `${r.responseMs.p50} / ${r.responseMs.p99} ms`, ''],
    ['seen / submitted', `${r.seen} / ${r.submitted}`, 'all'],
    ['errors', String(r.errors), '0'],
    ['meets target', r.meetsTarget ? 'yes' : 'NO', 'yes'],
  ]);
}
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/referrals.json', `${JSON.stringify({ targetP99Ms: TARGET_P99_MS, runs: results, node: process.version, cpus: os.cpus().length, at: new Date().toISOString() }, null, 2)}\n`);
console.log('Wrote bench/results/referrals.json');
if (!results.every((r) => r.meetsTarget)) process.exitCode = 1;
