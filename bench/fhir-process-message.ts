// npm run bench:fhir-process-message — POST /fhir/$process-message of a BaRS referral over HTTP on
// 127.0.0.1 at a steady 20 messages a second, a bounded count, against PostgreSQL
// (BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/test; a scratch database of its own,
// dropped at the end). Each message opens a case, sets its outcome, refers it to a service's inbox and
// records the message, in one transaction. Writes `processMessageP99Ms` (and its p50, count and
// failures) into bench/results/fhir.json beside bench/fhir.ts's figures.
//
// The server runs in a process of its own (`signpost serve`, one process per core as bench:fhir runs
// it), so the client's clock is not held up by the server's work: the client is open loop (each
// message is sent when it is due, whether or not earlier ones have answered) and each latency runs
// from the moment that message was written to its socket. How late the client sent (its own lag) is
// measured and reported beside, so a queue the client made would show.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../scripts/scratch-database';
import { createSignpost } from '../src/app';
import { ServiceProfileSchema } from '../src/directory/model';
import { TokenInput } from '../src/identity/model';
import { signpostItself } from '../src/platform/actor';
import { loadConfig } from '../src/platform/config';
import { openPostgres } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { aService } from '../test/builders';
import { referral } from './fhir-messages';
import { startServer, stopServer } from './http-load';
import { printTable, round, summarise } from './stats';

const MESSAGES = Number(process.env.BENCH_PROCESS_MESSAGES ?? 600);
const RATE = Number(process.env.BENCH_PROCESS_RATE ?? 20);
const WARM_UP = 40;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const PORT = Number(process.env.BENCH_FHIR_PORT ?? 8193);
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);

async function main() {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench_procmsg');
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  let server: ChildProcess | null = null;
  try {
    const signpost = await createSignpost({ database: await openPostgres(scratch.url, 4, log), config, log, backgroundJobs: false });
    await signpost.identity.createOrganisation(signpostItself, { id: 'receiver', name: 'Receiving provider', kind: 'provider' });
    await signpost.identity.createOrganisation(signpostItself, { id: 'sender', name: 'Sending system', kind: 'provider' });
    const [serviceId] = await signpost.directory.importServices(
      signpostItself,
      [
        ServiceProfileSchema.parse(aService({ organisationId: 'receiver', name: 'Bench UTC', referralRoles: ['clinician'], coverage: { dispositions: ['Dx05'], symptoms: [{ sg: 1011, sd: '4052' }] } })),
      ],
      { reason: 'bench' },
    );
    const { token } = await signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'bench sender', organisationId: 'sender' }));
    await signpost.close();

    server = await startServer({ port: PORT, workers: WORKERS, databaseUrl: scratch.url, readyPath: '/fhir/metadata' });
    const url = `http://127.0.0.1:${PORT}/fhir/$process-message`;
    const bodies = new Map<number, string>();
    const bodyOf = (n: number) => bodies.get(n) ?? JSON.stringify(referral(n, serviceId));
    const send = async (n: number) => {
      const body = bodyOf(n);
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', 'x-request-id': `bench-${n}` }, body });
      await res.arrayBuffer();
      return { started, ms: performance.now() - started, ok: res.status === 200 };
    };
    const warm: number[] = [];
    for (let n = 0; n < WARM_UP; n++) warm.push((await send(1_000_000 + n)).ms);
    console.log(`warm-up, one at a time: ${warm.map((ms) => Math.round(ms)).join(' ')} ms`);

    // Encoded before the clock starts, so sending one costs the client next to nothing.
    for (let n = 0; n < MESSAGES; n++) bodies.set(n, JSON.stringify(referral(n, serviceId)));
    console.log(`Sending ${MESSAGES} referrals at ${RATE}/s …`);
    const interval = 1000 / RATE;
    const start = performance.now() + 20;
    const runs: Promise<{ started: number; ms: number; ok: boolean; due: number }>[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const due = start + n * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      runs.push(send(n).then((r) => ({ ...r, due })));
    }
    const results = await Promise.all(runs);
    const failures = results.filter((r) => !r.ok).length;
    const stats = summarise(results.map((r) => r.ms));
    const lateness = summarise(results.map((r) => Math.max(0, r.started - r.due)));
    const seconds = (results[results.length - 1].started - results[0].started) / 1000;
    const sentPerSecond = round((results.length - 1) / seconds, 2);
    const previous = fs.existsSync('bench/results/fhir.json') ? (JSON.parse(fs.readFileSync('bench/results/fhir.json', 'utf8')) as Record<string, unknown>) : {};
    const result = {
      ...previous,
      processMessageP50Ms: round(stats.p50, 2),
      processMessageP99Ms: round(stats.p99, 2),
      processMessage: {
        messages: MESSAGES,
        ratePerSecond: RATE,
        sentPerSecond,
        clientLateP99Ms: round(lateness.p99, 2),
        p95Ms: round(stats.p95, 2),
        maxMs: round(stats.max, 2),
        failures,
        database: 'postgresql',
        serverProcesses: WORKERS,
        at: new Date().toISOString(),
        loadAverage: os.loadavg().map((l) => round(l, 2)),
      },
    };
    printTable(`FHIR $process-message (referral in), ${MESSAGES} at ${RATE}/s over HTTP (127.0.0.1), ${WORKERS} server processes`, [
      ['p50 / p95 / p99', `${result.processMessageP50Ms} ms / ${result.processMessage.p95Ms} ms / ${result.processMessageP99Ms} ms`, 'p99 ≤ 50 ms'],
      ['sent per second (client late p99)', `${sentPerSecond} (${result.processMessage.clientLateP99Ms} ms)`, `${RATE}`],
      ['failures', String(failures), '0'],
      ['load average at the end', result.processMessage.loadAverage.join(' '), ''],
    ]);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/fhir.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('Wrote bench/results/fhir.json');
  } finally {
    await stopServer(server);
    await scratch.drop().catch(() => undefined);
  }
}

await main();
process.exit(0);
