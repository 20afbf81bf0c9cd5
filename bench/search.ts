// npm run bench:search — the directory search at national scale (100,000 services):
// index build, in-process searches, searches over HTTP with concurrent clients, and the same
// searches as one straightforward SQL query on PostgreSQL (the baseline a team would otherwise write).
// Needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://root@127.0.0.1:5432/test).
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createScratchDatabase, serverQuery } from '../scripts/scratch-database';
import { createSignpost } from '../src/app';
import { signpostItself } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { loadConfig } from '../src/platform/config';
import { openPostgres } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { seedNationalDirectory } from '../src/demo/seed';
import { generateNationalDirectory } from '../src/demo/national';
import { Random } from '../src/demo/random';
import { search } from '../src/search/engine';
import { SearchRequestSchema, type SearchQuery } from '../src/search/model';
import { runLoadClient, startServer, stopServer } from './http-load';
import { printTable, round, summarise } from './stats';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 10_000);
const SQL_SEARCHES = Number(process.env.BENCH_SQL_SEARCHES ?? 500);
// 16 keep-alive clients keep both server processes busy without queueing behind one another.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const PORT = 8191;
// One server process per core (`serve --workers`), as the search would be deployed on this machine.
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.cpus().length);

const gc = () => (globalThis as { gc?: () => void }).gc?.();
// The JS heap and the typed arrays outside it (the index's grids live in those).
const heapMB = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1024 / 1024;
};

/** Search times across a year: days and nights, weekends, and bank holidays (England, Scotland, NI). */
const BANK_HOLIDAYS = ['2026-12-25', '2026-12-28', '2027-01-01', '2027-01-04', '2027-03-17', '2027-03-29', '2027-05-03', '2027-07-12', '2027-08-02', '2027-08-30'];
function searchTime(random: Random): Date {
  const hour = random.next() < 0.35 ? random.int(22, 30) % 24 : random.int(7, 21);
  const minute = random.int(0, 59);
  if (random.next() < 0.15) return new Date(`${random.pick(BANK_HOLIDAYS)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const day = new Date(Date.UTC(2026, 11, 1) + random.int(0, 364) * 86_400_000);
  day.setUTCHours(hour, minute);
  return day;
}

/** Searches near generated services, for what they and others offer, by all kinds of patients. */
function buildRequests(profiles: ReturnType<typeof generateNationalDirectory>['services'], dispositions: string[], count: number) {
  const random = new Random(20261121);
  return Array.from({ length: count }, () => {
    const near = random.pick(profiles);
    const pair = random.pick(near.coverage.symptoms);
    const jitterKm = () => (random.next() - 0.5) * 20;
    return {
      location: { lat: near.location!.lat + jitterKm() / 111, lon: near.location!.lon + jitterKm() / 70 },
      age: random.next() < 0.2 ? { value: random.int(0, 23), unit: 'months' as const } : { value: random.int(1, 95), unit: 'years' as const },
      sex: random.pick(['female', 'male', 'unknown'] as const),
      disposition: random.next() < 0.8 ? random.pick(near.coverage.dispositions) : random.pick(dispositions),
      symptomGroup: pair.sg,
      symptomDiscriminators: [pair.sd],
      at: searchTime(random).toISOString(),
      referralRole: random.pick(['call-handler', 'clinician'] as const),
      // Most searches carry the distance their area is configured with (towns 10–30 km, rural 40 km);
      // a third fall back to the national default of 60 km.
      ...(random.next() < 0.67 ? { distanceKm: random.pick([10, 15, 20, 25, 30, 40]) } : {}),
      limit: 10,
    };
  });
}

// The straightforward SQL a team would write: distance, eligibility, coverage, capacity and today's
// weekly sessions (no bank holidays, specified dates or disposition window: a simpler query than the
// engine's rules, so the speed-up quoted against it is if anything understated).
const BASELINE_SQL = `
with q as (select $1::float8 as lat, $2::float8 as lon, ($3::timestamptz at time zone 'Europe/London') as lt, $3::timestamptz as at)
select s.id, s.type_id, d.km
from services s
cross join q
left join capacity c on c.service_id = s.id
cross join lateral (select 2 * 6371 * asin(sqrt(power(sin(radians(s.lat - q.lat) / 2), 2)
  + cos(radians(q.lat)) * cos(radians(s.lat)) * power(sin(radians(s.lon - q.lon) / 2), 2))) as km) d
where s.status = 'active'
  and s.lat between q.lat - $4::float8 / 111 and q.lat + $4::float8 / 111
  and s.lon between q.lon - $4::float8 / 60 and q.lon + $4::float8 / 60
  and d.km <= $4
  and s.profile @> jsonb_build_object('coverage', jsonb_build_object('symptoms', jsonb_build_array(jsonb_build_object('sg', $5::int, 'sd', $6::text)), 'dispositions', jsonb_build_array($7::text)))
  and (s.profile->'eligibility'->>'ageFromDays')::int <= $8 and (s.profile->'eligibility'->>'ageToDays')::int >= $8
  and (($9 = 'unknown' and jsonb_array_length(s.profile->'eligibility'->'sexes') = 2) or s.profile->'eligibility'->'sexes' ? $9)
  and s.profile->'referralRoles' ? $10
  and (c.status is null or c.status <> 'red' or c.reset_at <= q.at)
  and ((s.profile->'openingTimes'->>'alwaysOpen')::boolean or exists (
    select 1 from jsonb_array_elements(s.profile->'openingTimes'->'weekly'->(trim(lower(to_char(q.lt, 'dy'))))) sess
    where sess->>'open' <= to_char(q.lt, 'HH24:MI') and sess->>'close' > to_char(q.lt, 'HH24:MI')))
order by d.km
limit 10`;

const load = (requests: unknown[], token: string) => runLoadClient(requests, { port: PORT, token, concurrency: CONCURRENCY });

async function main() {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench');
  const { name } = scratch;
  const url = new URL(scratch.url);
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  const signpost = await createSignpost({ database: await openPostgres(url.toString(), 4, log), config, log, backgroundJobs: false });
  let server: ChildProcess | null = null;
  let closed = false;
  try {
    console.log(`Generating ${SERVICES} services into ${name} …`);
    const seeded = await seedNationalDirectory(signpost, SERVICES, (_s, done, total) => {
      if (done % 20_000 === 0 || done === total) console.log(`  ${done}/${total}`);
    });
    console.log(`  written in ${(seeded.ms / 1000).toFixed(1)} s`);
    // Settle the bulk load first (statistics, visibility map, dirty pages): otherwise autovacuum and the
    // checkpointer run on the second core during the measurements, which is not the steady state.
    await serverQuery(url.toString(), 'vacuum analyze');
    await serverQuery(url.toString(), 'checkpoint').catch(() => undefined); // needs superuser or pg_checkpoint

    gc();
    const heapBefore = heapMB();
    const build = await signpost.search.build();
    gc();
    const buildHeapMB = round(heapMB() - heapBefore);
    console.log(`Read ${build.services} services in ${build.loadMs} ms; index built in ${build.ms} ms; memory (heap and typed arrays) grew ${buildHeapMB} MB`);

    const generateStarted = performance.now();
    const { services: profiles } = generateNationalDirectory(SERVICES, signpost.catalogue);
    const generateMs = round(performance.now() - generateStarted);
    const requests = buildRequests(profiles, signpost.catalogue.dispositions.map((d) => d.code), SEARCHES);

    // In process: resolve once (postcode/area, codes), then time the search itself.
    const queries: SearchQuery[] = [];
    for (const request of requests) queries.push((await signpost.search.resolve(SearchRequestSchema.parse(request))).query);
    const index = signpost.search.directoryIndex;
    gc(); // the garbage of generating and loading the directory is not the search's
    for (const query of queries) search(index, query); // warm-up: one pass, as the server has had by the time it is busy
    const inProcessUs: number[] = [];
    let found = 0;
    let catchAll = 0;
    for (const query of queries) {
      const started = process.hrtime.bigint();
      const outcome = search(index, query);
      inProcessUs.push(Number(process.hrtime.bigint() - started) / 1000);
      if (outcome.catchAll) catchAll++;
      else if (outcome.results.length) found++;
    }
    const inProcess = summarise(inProcessUs);
    console.log(`In process: p50 ${round(inProcess.p50)} µs, p99 ${round(inProcess.p99)} µs (${found} found services, ${catchAll} catch-all)`);

    // Over HTTP: a server process of its own on the same database, searched by concurrent clients.
    const { token } = await signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'bench', organisationId: (await signpost.identity.listOrganisations())[0].id }));
    // Done with the in-process app: closed, it no longer follows the server's events on the shared cores.
    await signpost.close();
    closed = true;
    server = await startServer({ port: PORT, workers: WORKERS, databaseUrl: url.toString(), readyPath: '/api/health', nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) });
    // This process is idle from here on: collect its garbage now. (npm run bench:search also turns off
    // V8's memory reducer, which otherwise runs full collections of this process's million-object
    // heap once it goes idle, about 3 s of CPU on the cores the server is being measured on.)
    gc();
    gc();
    await load(requests, token); // warm-up: one pass, so both processes have compiled the hot path
    const benchCpu = process.cpuUsage();
    const httpResult = await load(requests, token);
    const { user, system } = process.cpuUsage(benchCpu);
    console.log(`  (this process used ${Math.round((user + system) / 1000)} ms of CPU during the HTTP run)`);
    console.log(`HTTP: ${httpResult.perSecond}/s, p50 ${round(httpResult.p50)} ms, p99 ${round(httpResult.p99)} ms, ${httpResult.failures} failures`);

    // The SQL baseline, with the indexes a team would add.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query('create index if not exists bench_services_profile on services using gin (profile jsonb_path_ops)');
    await client.query('create index if not exists bench_services_latlon on services (lat, lon)');
    await client.query('analyze services');
    const sqlUs: number[] = [];
    for (const [i, query] of queries.slice(0, SQL_SEARCHES).entries()) {
      const params = [query.lat, query.lon, query.at.toISOString(), query.distanceKm, query.symptomGroup, query.symptomDiscriminators[0], query.disposition.code, query.ageDays, query.sex, query.referralRole];
      const started = process.hrtime.bigint();
      await client.query(BASELINE_SQL, params);
      if (i >= 50) sqlUs.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    await client.end();
    const sqlBaseline = summarise(sqlUs);
    console.log(`SQL baseline: p50 ${round(sqlBaseline.p50)} µs, p99 ${round(sqlBaseline.p99)} µs`);

    const result = {
      services: build.services,
      searches: queries.length,
      buildMs: build.ms,
      generateMs,
      buildHeapMB,
      inProcess: { p50Us: round(inProcess.p50), p99Us: round(inProcess.p99) },
      http: { perSecond: httpResult.perSecond, p50Ms: round(httpResult.p50, 2), p99Ms: round(httpResult.p99, 2), concurrency: CONCURRENCY, serverProcesses: WORKERS, failures: httpResult.failures },
      sqlBaseline: { p50Us: round(sqlBaseline.p50), p99Us: round(sqlBaseline.p99), searches: sqlUs.length },
      speedupVsSql: round(sqlBaseline.p50 / inProcess.p50),
      outcomes: { found, catchAll, none: queries.length - found - catchAll },
      requestMix: 'near generated services; 80% dispositions they accept; 20% months-old infants; 35% at night; 15% on bank holidays (all nations); two thirds with an area distance of 10–40 km, one third the 60 km national default',
      loadMs: build.loadMs,
      machine: { cpus: os.cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
    printTable(`Directory search, ${result.services} services, ${result.searches} searches`, [
      ['index build', `${result.buildMs} ms, ${result.buildHeapMB} MB`, '≤ 3000 ms, ≤ 300 MB'],
      ['generate 100,000 profiles (demo generator)', `${result.generateMs} ms`, '≤ 5000 ms'],
      ['in-process p50 / p99', `${result.inProcess.p50Us} µs / ${result.inProcess.p99Us} µs`, '≤ 100 µs / ≤ 1000 µs'],
      ['HTTP throughput', `${result.http.perSecond}/s (${CONCURRENCY} clients, ${WORKERS} server processes)`, '≥ 3000/s'],
      ['HTTP p50 / p99', `${result.http.p50Ms} ms / ${result.http.p99Ms} ms`, 'p99 ≤ 25 ms'],
      ['SQL baseline p50 / p99', `${result.sqlBaseline.p50Us} µs / ${result.sqlBaseline.p99Us} µs`, ''],
      ['speed-up vs SQL (p50)', `${result.speedupVsSql}×`, '≥ 20×'],
    ]);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/search.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('Wrote bench/results/search.json');
  } finally {
    await stopServer(server);
    if (!closed) await signpost.close();
    await scratch.drop().catch(() => undefined);
  }
}

await main();
process.exit(0);
