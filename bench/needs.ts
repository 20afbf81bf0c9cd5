// The search by need (issue 16): `npx tsx bench/needs.ts [services] [searches]` times the pure core
// over a generated national directory (default 100,000 services) without a database; bench:search
// imports `needsRequests` and times the same searches through the search service in process.
// Target: p99 ≤ 5 ms in process.
import fs from 'node:fs';
import os from 'node:os';
import { BankHolidayCalendar } from '../src/directory/bank-holidays';
import { Catalogue } from '../src/directory/catalogue';
import type { ServiceProfileInput } from '../src/directory/model';
import { NeedsMatcher } from '../src/directory/needs-matcher';
import { generateNationalDirectory } from '../src/demo/national';
import { Random } from '../src/demo/random';
import { nationalServices } from '../src/search/fixtures';
import type { Capacity } from '../src/search/model';
import { NeedsIndex, needsWindow, searchByNeeds } from '../src/search/needs-search';
import { printTable, round, summarise } from './stats';

/** What professionals ask for: the ten-minute test's needs, and others, in words and as codes. */
const NEED_SETS: readonly string[][] = [
  ['cannot inject insulin', 'cannot dress', 'cannot cook', 'lives alone'],
  ['cannot inject insulin', 'lives alone'],
  ['wound dressing', 'catheter blocked'],
  ['fallen', 'lives alone', 'needs a commode'],
  ['end of life', 'night sitting'],
  ['mental health crisis'],
  ['personal-care', 'meals', 'short-term-reablement'],
  ['insulin-administration', 'wound-care', 'catheter-care', 'palliative-care', 'personal-care'],
];
const WHEN = ['now', 'today', 'tomorrow-morning'] as const;

/** Requests near generated services (by coordinates, so no postcode look-up is timed), ages 60–99. */
export function needsRequests(profiles: readonly ServiceProfileInput[], count: number) {
  const random = new Random(20261202);
  return Array.from({ length: count }, () => {
    const near = random.pick(profiles);
    const jitterKm = () => (random.next() - 0.5) * 20;
    return {
      needs: random.pick(NEED_SETS),
      lat: near.location!.lat + jitterKm() / 111,
      lon: near.location!.lon + jitterKm() / 70,
      age: random.int(60, 99),
      when: random.pick(WHEN),
      ...(random.next() < 0.5 ? { distanceKm: random.pick([10, 20, 30]) } : {}),
      limit: 10,
    };
  });
}

async function main() {
  const count = Number(process.argv[2] ?? 100_000);
  const searches = Number(process.argv[3] ?? 10_000);
  const catalogue = Catalogue.load();
  const calendar = new BankHolidayCalendar();
  const { services: profiles } = generateNationalDirectory(count, catalogue);
  const services = nationalServices(profiles);
  let started = performance.now();
  const index = new NeedsIndex(services);
  const buildMs = performance.now() - started;
  const matcher = new NeedsMatcher(catalogue.capabilities);
  const capacities = new Map<number, Capacity>();
  const ctx = { calendar, capacities, typeName: (id: number) => catalogue.serviceType(id)?.name ?? String(id) };
  const now = new Date('2026-12-02T10:00:00Z');
  const requests = needsRequests(profiles, searches);
  // Matching words is part of every search: timed with it.
  const run = (r: (typeof requests)[number]) => {
    const needs = r.needs.map((n) => {
      const m = matcher.match(n);
      if (!m.ok) throw new Error(m.problem);
      return m.matched;
    });
    return searchByNeeds(index, ctx, { needs, lat: r.lat, lon: r.lon, areaCode: null, distanceKm: r.distanceKm ?? 60, ageDays: Math.round(r.age * 365.25), registeredPractice: null, window: needsWindow(r.when, now), referralRole: 'provider', now, limit: r.limit });
  };
  for (const r of requests) run(r); // warm-up
  // Three passes (the machine is shared: one pass's tail is as much other processes as this search).
  const passes: number[][] = [];
  let complete = 0;
  let pairs = 0;
  let considered = 0;
  for (let pass = 0; pass < 3; pass++) {
    const times: number[] = [];
    for (const r of requests) {
      started = performance.now();
      const outcome = run(r);
      times.push((performance.now() - started) * 1000);
      if (pass === 0) {
        if (outcome.complete.length) complete++;
        if (outcome.pairs.length) pairs++;
        considered += outcome.considered;
      }
    }
    passes.push(times);
  }
  const first = summarise(passes[0]);
  const best = passes.map((p) => summarise(p)).sort((a, b) => a.p99 - b.p99)[0];
  printTable(`Search by need (pure core), ${count} services (${index.size} with capabilities), ${searches} searches`, [
    ['index build', `${round(buildMs)} ms`, ''],
    ['p50 / p99 (first pass)', `${round(first.p50)} µs / ${round(first.p99)} µs`, 'p99 ≤ 5000 µs'],
    ['p50 / p99 (best of 3 passes)', `${round(best.p50)} µs / ${round(best.p99)} µs`, 'p99 ≤ 5000 µs'],
    ['searches with a complete service / a pair', `${complete} / ${pairs}`, ''],
    ['services considered per search', `${round(considered / searches)}`, ''],
  ]);
  const result = {
    services: count,
    withCapabilities: index.size,
    searches,
    buildMs: round(buildMs),
    firstPass: { p50Us: round(first.p50), p99Us: round(first.p99) },
    bestOf3: { p50Us: round(best.p50), p99Us: round(best.p99) },
    withComplete: complete,
    withPair: pairs,
    consideredPerSearch: round(considered / searches),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 2)) },
    at: new Date().toISOString(),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/needs.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('Wrote bench/results/needs.json');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
