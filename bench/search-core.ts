// Micro-benchmark of the pure search core: `npx tsx bench/search-core.ts [services] [searches]`.
// Builds the index from a generated national directory (default 100,000 services), runs varied
// searches (default 10,000) and prints build time, heap and latency percentiles.
import v8 from 'node:v8';
import vm from 'node:vm';
import { BankHolidayCalendar } from '../src/directory/bank-holidays';
import { Catalogue } from '../src/directory/catalogue';
import { ReferralRoles, type ReferralRole, type Service } from '../src/directory/model';
import { generateNationalDirectory } from '../src/demo/national';
import { Random } from '../src/demo/random';
import { search } from '../src/search/engine';
import { nationalServices, offsetKm } from '../src/search/fixtures';
import { DirectoryIndex } from '../src/search/index';
import type { SearchQuery } from '../src/search/model';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const count = Number(process.argv[2] ?? 100_000);
const searches = Number(process.argv[3] ?? 10_000);
const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();

const heapStart = heapMb();
const services = nationalServices(generateNationalDirectory(count, catalogue).services);
const heapBefore = heapMb();
const buffersBefore = process.memoryUsage().arrayBuffers;
let t0 = performance.now();
const index = new DirectoryIndex(services, { catalogue, calendar });
const buildMs = performance.now() - t0;
const heapAfter = heapMb();
const stats = index.stats();

// Varied queries: a random service's own coverage (so something usually matches), a place a few km
// from it, a time anywhere in 2026, ages 0–95, all sexes and roles, the usual search distances.
const rng = new Random(42);
const active = services.filter((s) => s.status === 'active');
const DISTANCES = [10, 15, 20, 25, 30, 40, 60];
const YEAR_START = Date.UTC(2026, 0, 1);
function makeQuery(forceKm?: number): SearchQuery {
  const s: Service = active[Math.floor(rng.next() * active.length)];
  const pair = s.coverage.symptoms[Math.floor(rng.next() * s.coverage.symptoms.length)];
  const sds = [pair.sd];
  if (rng.next() < 0.2) {
    const other = s.coverage.symptoms.filter((p) => p.sg === pair.sg && p.sd !== pair.sd);
    if (other.length) sds.push(other[Math.floor(rng.next() * other.length)].sd);
  }
  const code = s.coverage.dispositions[Math.floor(rng.next() * s.coverage.dispositions.length)];
  const place = offsetKm(s, (rng.next() - 0.5) * 10, (rng.next() - 0.5) * 10);
  const u = rng.next();
  return {
    lat: place.lat,
    lon: place.lon,
    areaCode: s.areaCode,
    ageDays: Math.floor(rng.next() * 95 * 365.25),
    sex: u < 0.45 ? 'female' : u < 0.9 ? 'male' : 'unknown',
    disposition: catalogue.disposition(code)!,
    symptomGroup: pair.sg,
    symptomDiscriminators: sds,
    at: new Date(YEAR_START + Math.floor(rng.next() * 365 * 24 * 60) * 60_000),
    distanceKm: forceKm ?? DISTANCES[Math.floor(rng.next() * DISTANCES.length)],
    referralRole: (rng.next() < 0.7 ? 'call-handler' : ReferralRoles[Math.floor(rng.next() * ReferralRoles.length)]) as ReferralRole,
    registeredPractice: null,
    limit: 10,
    explain: false,
  };
}

function run(label: string, queries: SearchQuery[]): void {
  for (const q of queries.slice(0, 1000)) search(index, q); // warm up
  const times = new Float64Array(queries.length);
  let results = 0;
  let gaps = 0;
  let considered = 0;
  let catchAll = 0;
  const started = performance.now();
  for (let i = 0; i < queries.length; i++) {
    const a = performance.now();
    const out = search(index, queries[i]);
    times[i] = (performance.now() - a) * 1000;
    results += out.results.length;
    gaps += out.gaps.length;
    considered += out.considered;
    if (out.catchAll) catchAll++;
  }
  const wall = performance.now() - started;
  // Best of three passes per search: its cost without preemption by other processes (this box is shared).
  const best = Float64Array.from(times);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < queries.length; i++) {
      const a = performance.now();
      const out = search(index, queries[i]);
      void out.gaps.length;
      best[i] = Math.min(best[i], (performance.now() - a) * 1000);
    }
  }
  best.sort();
  times.sort();
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  const n = queries.length;
  console.log(
    `${label.padEnd(28)} p50 ${pct(0.5).toFixed(1).padStart(6)} µs  p90 ${pct(0.9).toFixed(1).padStart(6)} µs  p99 ${pct(0.99).toFixed(1).padStart(7)} µs  max ${times[n - 1].toFixed(0).padStart(6)} µs  ` +
      `${Math.round(n / (wall / 1000)).toLocaleString('en-GB')}/s  | best of 3: p50 ${best[Math.floor(0.5 * n)].toFixed(1)} µs, p99 ${best[Math.floor(0.99 * n)].toFixed(1)} µs | per search: considered ${(considered / n).toFixed(0)}, results ${(results / n).toFixed(1)}, gaps ${(gaps / n).toFixed(0)}, catch-all ${((100 * catchAll) / n).toFixed(1)}%`,
  );
}

console.log(`services ${stats.services.toLocaleString('en-GB')}, symptom groups ${stats.symptomGroups}, grid entries ${stats.entries.toLocaleString('en-GB')}, timetables ${index.hours.length}`);
console.log(
  `build ${buildMs.toFixed(0)} ms; heap: ${heapStart.toFixed(0)} MB at start, services ${(heapBefore - heapStart).toFixed(0)} MB, index ${(heapAfter - heapBefore).toFixed(0)} MB ` +
    `(+ ${((process.memoryUsage().arrayBuffers - buffersBefore) / 1e6).toFixed(0)} MB of typed arrays outside the JS heap; own estimate ${(stats.heapEstimate / 1e6).toFixed(0)} MB), heap total ${heapAfter.toFixed(0)} MB`,
);

const varied = Array.from({ length: searches }, () => makeQuery());
// As the search service runs them: only the 20 nearest gaps are kept (for recording).
const nearest20 = (qs: SearchQuery[]) => qs.map((q) => ({ ...q, keepGaps: 20 }));
run('varied, nearest 20 gaps', nearest20(varied));
run('varied, every gap', varied);
run('all at 60 km, nearest 20', nearest20(Array.from({ length: searches }, () => makeQuery(60))));

// Mutation: upserts and capacity changes interleaved with searches.
const upserts = 2000;
let worstUpsert = 0;
t0 = performance.now();
for (let i = 0; i < upserts; i++) {
  const s = active[Math.floor(rng.next() * active.length)];
  const a = performance.now();
  index.upsert({ ...s, version: s.version + 1 });
  worstUpsert = Math.max(worstUpsert, performance.now() - a);
}
const upsertMs = (performance.now() - t0) / upserts;
t0 = performance.now();
for (let i = 0; i < upserts; i++) {
  const s = active[Math.floor(rng.next() * active.length)];
  index.setCapacity(s.id, { status: 'red', reason: 'bench', setBy: null, setAt: new Date(YEAR_START), resetAt: new Date(YEAR_START + 4 * 3600_000) });
}
const capacityUs = ((performance.now() - t0) / upserts) * 1000;
console.log(`upsert ${upsertMs.toFixed(3)} ms each amortised (worst ${worstUpsert.toFixed(1)} ms; ${index.stats().rebuilds} grid rebuilds in all), setCapacity ${capacityUs.toFixed(2)} µs each`);
run('varied, after 2,000 upserts', nearest20(Array.from({ length: searches }, () => makeQuery())));

// Explain (not in the hot-path budget): every service within the distance, with its rules.
{
  const qs = varied.slice(0, 300).map((q) => ({ ...q, explain: true }));
  const times = qs.map((q) => {
    const a = performance.now();
    const out = search(index, q);
    void out.excluded?.length;
    return (performance.now() - a) * 1000;
  });
  times.sort((a, b) => a - b);
  console.log(`explain                      p50 ${(times[150] / 1000).toFixed(1)} ms  p99 ${(times[296] / 1000).toFixed(1)} ms`);
}
