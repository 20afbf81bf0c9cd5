// One measurement for bench/search-compare.ts: the pure directory search of the source tree given
// (`node --expose-gc --import tsx bench/search-compare-worker.ts <tree> <services> <searches>`), on a
// generated national directory, as bench/search.ts measures it in process. Prints one JSON line.
// The tree's own modules are loaded (typed as this tree's: the two trees share these interfaces).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Modules = {
  catalogue: typeof import('../src/directory/catalogue');
  holidays: typeof import('../src/directory/bank-holidays');
  national: typeof import('../src/demo/national');
  random: typeof import('../src/demo/random');
  fixtures: typeof import('../src/search/fixtures');
  index: typeof import('../src/search/index');
  engine: typeof import('../src/search/engine');
};
type SearchQuery = import('../src/search/model').SearchQuery;

const [tree, servicesArg, searchesArg] = process.argv.slice(2);
const load = (file: string) => import(pathToFileURL(path.join(tree, 'src', file)).href);
const m: Modules = {
  catalogue: await load('directory/catalogue.ts'),
  holidays: await load('directory/bank-holidays.ts'),
  national: await load('demo/national.ts'),
  random: await load('demo/random.ts'),
  fixtures: await load('search/fixtures.ts'),
  index: await load('search/index.ts'),
  engine: await load('search/engine.ts'),
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const SERVICES = Number(servicesArg ?? 100_000);
const SEARCHES = Number(searchesArg ?? 10_000);
/** As the search service runs a search: only the nearest gaps are kept, for recording. */
const KEEP_GAPS = 20;

const catalogue = m.catalogue.Catalogue.load();
const services = m.fixtures.nationalServices(m.national.generateNationalDirectory(SERVICES, catalogue).services);
gc();
let started = performance.now();
const index = new m.index.DirectoryIndex(services, { catalogue, calendar: new m.holidays.BankHolidayCalendar() });
const buildMs = performance.now() - started;

// The same varied searches in both trees (same seed, same generator): a service's own coverage near
// it, ages 0–95, all sexes and roles, any time of the year, the usual search distances.
const random = new m.random.Random(42);
const active = services.filter((s) => s.status === 'active');
const DISTANCES = [10, 15, 20, 25, 30, 40, 60];
const ROLES = ['call-handler', 'clinician', 'provider', 'patient'] as const;
const yearStart = Date.UTC(2026, 0, 1);
const queries: SearchQuery[] = Array.from({ length: SEARCHES }, () => {
  const s = random.pick(active);
  const pair = random.pick(s.coverage.symptoms);
  const place = m.fixtures.offsetKm(s, (random.next() - 0.5) * 10, (random.next() - 0.5) * 10);
  const u = random.next();
  return {
    lat: place.lat,
    lon: place.lon,
    areaCode: s.areaCode,
    ageDays: Math.floor(random.next() * 95 * 365.25),
    sex: u < 0.45 ? 'female' : u < 0.9 ? 'male' : 'unknown',
    disposition: catalogue.disposition(random.pick(s.coverage.dispositions))!,
    symptomGroup: pair.sg,
    symptomDiscriminators: [pair.sd],
    at: new Date(yearStart + Math.floor(random.next() * 365 * 24 * 60) * 60_000),
    distanceKm: random.pick(DISTANCES),
    referralRole: random.next() < 0.7 ? 'call-handler' : random.pick(ROLES),
    registeredPractice: null,
    limit: 10,
    explain: false,
    keepGaps: KEEP_GAPS,
  };
});

for (const q of queries) m.engine.search(index, q); // warm-up: one pass, as a busy server has had
gc();
const times = new Float64Array(queries.length);
let found = 0;
let catchAll = 0;
started = performance.now();
for (const [i, q] of queries.entries()) {
  const a = performance.now();
  const outcome = m.engine.search(index, q);
  times[i] = (performance.now() - a) * 1000;
  if (outcome.catchAll) catchAll++;
  else if (outcome.results.length) found++;
}
const wallMs = performance.now() - started;
// Best of three passes per search: its cost without preemption by the other processes on the box.
const best = Float64Array.from(times);
for (let pass = 0; pass < 2; pass++) {
  for (const [i, q] of queries.entries()) {
    const a = performance.now();
    m.engine.search(index, q);
    best[i] = Math.min(best[i], (performance.now() - a) * 1000);
  }
}
times.sort();
best.sort();
const at = (sorted: Float64Array, p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
console.log(
  JSON.stringify({
    buildMs: Math.round(buildMs),
    p50Us: at(times, 0.5),
    p99Us: at(times, 0.99),
    bestOf3P50Us: at(best, 0.5),
    bestOf3P99Us: at(best, 0.99),
    perSecond: Math.round(queries.length / (wallMs / 1000)),
    found,
    catchAll,
  }),
);
