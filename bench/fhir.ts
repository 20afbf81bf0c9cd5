// npm run bench:fhir — the FHIR server on the national-scale directory (100,000 services, as
// bench/search.ts builds it): HealthcareService read and HealthcareService/$match over HTTP on
// 127.0.0.1, against a server of its own (one process per core). Bounded: a fixed number of requests
// of each kind. Needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/test).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createScratchDatabase, serverQuery } from '../scripts/scratch-database';
import { runLoadClient, startServer, stopServer } from './http-load';
import { createSignpost } from '../src/app';
import { signpostItself } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { loadConfig } from '../src/platform/config';
import { openPostgres } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { seedNationalDirectory } from '../src/demo/seed';
import { generateNationalDirectory } from '../src/demo/national';
import { Random } from '../src/demo/random';
import { matchRequests, type Request } from './fhir-messages';
import { printTable, round } from './stats';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000);
const READS = Number(process.env.BENCH_FHIR_READS ?? 20_000);
const MATCHES = Number(process.env.BENCH_FHIR_MATCHES ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const PORT = Number(process.env.BENCH_FHIR_PORT ?? 8192);
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);
/** The whole run may take this long; a request run longer than this is stopped and reported. */
const RUN_TIMEOUT_MS = 300_000;

const load = (requests: Request[], token: string) => runLoadClient(requests, { port: PORT, token, concurrency: CONCURRENCY, mixed: true, timeoutMs: RUN_TIMEOUT_MS });

async function main() {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench_fhir');
  const url = new URL(scratch.url);
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  const signpost = await createSignpost({ database: await openPostgres(url.toString(), 4, log), config, log, backgroundJobs: false });
  let server: ChildProcess | null = null;
  let closed = false;
  try {
    console.log(`Generating ${SERVICES} services into ${scratch.name} …`);
    const seeded = await seedNationalDirectory(signpost, SERVICES, (_s, done, total) => {
      if (done % 20_000 === 0 || done === total) console.log(`  ${done}/${total}`);
    });
    console.log(`  written in ${(seeded.ms / 1000).toFixed(1)} s`);
    const { services: profiles } = generateNationalDirectory(SERVICES, signpost.catalogue);
    const { token } = await signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'bench', organisationId: (await signpost.identity.listOrganisations())[0].id }));
    // Closed now: otherwise its event follower reads back every imported service one by one, on the
    // cores the server is about to be measured on.
    await signpost.close();
    closed = true;
    await serverQuery(url.toString(), 'vacuum analyze');
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    const ids = (await client.query<{ id: string }>('select id from services order by id')).rows.map((r) => Number(r.id));
    await client.end();
    const random = new Random(20261203);
    const reads: Request[] = Array.from({ length: READS }, () => ({ method: 'GET', path: `/fhir/HealthcareService/${random.pick(ids)}` }));
    const matches = matchRequests(profiles, MATCHES);

    server = await startServer({ port: PORT, workers: WORKERS, databaseUrl: url.toString(), readyPath: '/fhir/metadata' });

    // Warm-up: a slice of each, so both processes have compiled the hot paths.
    await load([...reads.slice(0, 2000), ...matches.slice(0, 500)], token);
    const read = await load(reads, token);
    console.log(`read: ${read.perSecond}/s, p50 ${round(read.p50, 2)} ms, p99 ${round(read.p99, 2)} ms, ${read.failures} failures`);
    const match = await load(matches, token);
    console.log(`$match: ${match.perSecond}/s, p50 ${round(match.p50, 2)} ms, p99 ${round(match.p99, 2)} ms, ${match.failures} failures`);

    const previous = fs.existsSync('bench/results/fhir.json') ? (JSON.parse(fs.readFileSync('bench/results/fhir.json', 'utf8')) as Record<string, unknown>) : {};
    const result = {
      ...previous,
      services: ids.length,
      readPerSecond: read.perSecond,
      readP50Ms: round(read.p50, 2),
      readP99Ms: round(read.p99, 2),
      matchPerSecond: match.perSecond,
      matchP50Ms: round(match.p50, 2),
      matchP99Ms: round(match.p99, 2),
      requests: { reads: READS, matches: MATCHES, concurrency: CONCURRENCY, serverProcesses: WORKERS },
      failures: { read: read.failures, match: match.failures },
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) },
      at: new Date().toISOString(),
    };
    printTable(`FHIR server, ${result.services} services, over HTTP (127.0.0.1)`, [
      ['HealthcareService read', `${result.readPerSecond}/s (p50 ${result.readP50Ms} ms, p99 ${result.readP99Ms} ms)`, '≥ 3000/s'],
      ['HealthcareService/$match', `${result.matchPerSecond}/s`, '≥ 1000/s'],
      ['$match p50 / p99', `${result.matchP50Ms} ms / ${result.matchP99Ms} ms`, 'p99 ≤ 50 ms'],
      ['failures (read, $match)', `${read.failures}, ${match.failures}`, '0, 0'],
      ['load average at the end', result.machine.loadAverage.join(' '), ''],
    ]);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/fhir.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('Wrote bench/results/fhir.json');
  } finally {
    await stopServer(server);
    if (!closed) await signpost.close();
    await scratch.drop().catch(() => undefined);
  }
}

await main();
process.exit(0);
