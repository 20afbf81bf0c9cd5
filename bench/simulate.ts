/**
 * Simulation benchmark: `npm run bench:simulate` (decision 0026).
 *
 *  - year: one year of a 1.3-million-person community (~400,000 contacts) on one thread — target ≤ 5 s;
 *  - replications: 100 replications of a 90-day scenario over worker threads, one per core — ≤ 60 s;
 *  - SimPy twin (bench/simpy_twin.py, Debian's python3-simpy3, installed if missing): the same model and
 *    input, replicated on a shorter horizon (a full year in SimPy takes minutes on a shared machine);
 *    outputs compared with 95% intervals over replications, speed compared per contact in CPU time
 *    (wall time is unreliable when the machine is shared) — target Signpost ≥ 20× faster.
 *
 * Writes bench/results/simulate.json. Environment: SIM_POPULATION, SIM_REPLICATIONS, SIMPY_DAYS, SIMPY_REPLICATIONS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/modelling/engine';
import { exampleCommunity } from '../src/modelling/example';
import { parseSimulationInput, type SimulationInput } from '../src/modelling/model';
import { replicationSeed } from '../src/modelling/random';
import { runReplications, type HeadlineResult } from '../src/modelling/replication-pool';
import { agree, headline, summarise, type Headline, type Interval } from '../src/modelling/replications';
import { printTable, round } from './stats';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench/results/simulate.json');
const TWIN_INPUT = join(ROOT, 'bench/results/simulate-twin-input.json');
const POPULATION = Number(process.env.SIM_POPULATION ?? 1_300_000);
const REPLICATIONS = Number(process.env.SIM_REPLICATIONS ?? 100);
const SCENARIO_DAYS = 90;
const TWIN_DAYS = Number(process.env.SIMPY_DAYS ?? 28);
const TWIN_REPLICATIONS = Number(process.env.SIMPY_REPLICATIONS ?? 12);
const SIGNPOST_TWIN_REPLICATIONS = 40;
const SEED = 2026;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

function timeYear(): { contacts: number; ms: number; cpuMs: number; events: number } {
  // A short run first, so the year is timed with the engine compiled, as in a server.
  simulate(parseSimulationInput(exampleCommunity({ population: POPULATION, horizonDays: 7, seed: SEED })));
  const input = parseSimulationInput(exampleCommunity({ population: POPULATION, horizonDays: 365, seed: SEED }));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const out = simulate(input);
  return { contacts: out.calls.offered, ms: performance.now() - started, cpuMs: cpuMs(cpu), events: out.events };
}

type ThreadResult = HeadlineResult;

/** Replications spread over one worker thread per core (the modelling module's pool); resolves with every replication's result. */
async function replicate(input: SimulationInput, count: number): Promise<{ results: ThreadResult[]; ms: number; threads: number }> {
  const threads = Math.max(1, Math.min(availableParallelism(), count));
  const started = performance.now();
  const results = await runReplications({ kind: 'headline', input }, count, { threads }).done;
  return { results, ms: performance.now() - started, threads };
}

/** Debian's Python with SimPy: installs python3-simpy3 with apt-get when no Python here imports simpy. */
function pythonWithSimpy(): string {
  const candidates = ['python3', '/usr/bin/python3'];
  const works = (python: string) => spawnSync(python, ['-c', 'import simpy'], { stdio: 'ignore' }).status === 0;
  const found = candidates.find(works);
  if (found) return found;
  console.log('SimPy is missing: apt-get update && apt-get install -y python3-simpy3');
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'python3-simpy3'], { stdio: 'inherit' });
  const installed = candidates.find(works);
  if (!installed) throw new Error('python3-simpy3 installed but no python3 imports simpy');
  return installed;
}

interface TwinCounts {
  offered: number;
  answered: number;
  answered_within: number;
  abandoned: number;
  wait_total: number;
  triaged: number;
  clinical_started: number;
  within_timeframe: number;
  referred: number;
  unplaced: number;
  ed_attendances: number;
  dispositions: Record<string, number>;
  ms: number;
  cpuMs: number;
}

function twinHeadline(c: TwinCounts): Headline {
  const share = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    answeredWithin60sShare: share(c.answered_within, c.answered),
    meanTimeToAnswerSeconds: share(c.wait_total, c.answered),
    abandonedShare: share(c.abandoned, c.offered),
    clinicalWithinTimeframeShare: share(c.within_timeframe, c.clinical_started),
    referredShare: share(c.referred, c.offered),
    unplacedShare: share(c.unplaced, c.offered),
    edAttendancesPerThousandContacts: share(c.ed_attendances * 1000, c.offered),
    dispositions: Object.fromEntries(Object.entries(c.dispositions).map(([group, n]) => [group, share(n, c.triaged)])),
  };
}

function runTwin(input: SimulationInput) {
  const python = pythonWithSimpy();
  mkdirSync(dirname(TWIN_INPUT), { recursive: true });
  writeFileSync(TWIN_INPUT, JSON.stringify(input));
  const output = execFileSync(python, [join(ROOT, 'bench/simpy_twin.py'), TWIN_INPUT, String(TWIN_REPLICATIONS)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return output.trim().split('\n').map((line) => JSON.parse(line) as TwinCounts);
}

function signpostOnTwinScenario(input: SimulationInput) {
  const runs: { headline: Headline; offered: number; cpuMs: number }[] = [];
  for (let i = 0; i < SIGNPOST_TWIN_REPLICATIONS; i++) {
    const cpu = process.cpuUsage();
    const out = simulate(input, replicationSeed(input.seed, i));
    runs.push({ headline: headline(out), offered: out.calls.offered, cpuMs: cpuMs(cpu) });
  }
  return runs;
}

const fmt = (i: Interval, digits = 4) => `${round(i.mean, digits)} ± ${round(i.halfWidth, digits)}`;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function main() {
  const load = loadavg()[0];
  console.log(`Simulation benchmark (${POPULATION.toLocaleString()} people; load average ${round(load, 1)} on ${availableParallelism()} cores — a shared machine, so times are noisy)`);
  const year = timeYear();
  console.log(`year: ${year.contacts} contacts, ${round(year.ms, 0)} ms`);

  const scenario = parseSimulationInput(exampleCommunity({ population: POPULATION, horizonDays: SCENARIO_DAYS, warmUpDays: 7, seed: SEED }));
  const replications = await replicate(scenario, REPLICATIONS);
  const scenarioSummary = summarise(replications.results.map((r) => r.headline));
  console.log(`replications: ${REPLICATIONS} × ${SCENARIO_DAYS} days on ${replications.threads} threads, ${round(replications.ms, 0)} ms`);

  const twinInput = parseSimulationInput(exampleCommunity({ population: POPULATION, horizonDays: TWIN_DAYS, seed: SEED }));
  const twin = runTwin(twinInput);
  const ours = signpostOnTwinScenario(twinInput);
  const twinSummary = summarise(twin.map(twinHeadline));
  const ourSummary = summarise(ours.map((r) => r.headline));
  const agreement = Object.fromEntries(
    Object.keys(ourSummary).map((key) => [key, { signpost: ourSummary[key], simpy: twinSummary[key], agree: agree(ourSummary[key], twinSummary[key]) }]),
  );
  // Speed per contact in CPU time, skipping Signpost's first five runs (the JIT compiling).
  const steady = ours.slice(5);
  const ourCpuPerContact = steady.reduce((a, r) => a + r.cpuMs, 0) / steady.reduce((a, r) => a + r.offered, 0);
  const twinCpuPerContact = twin.reduce((a, r) => a + r.cpuMs, 0) / twin.reduce((a, r) => a + r.offered, 0);
  const speedup = twinCpuPerContact / ourCpuPerContact;
  const agreed = Object.values(agreement).filter((a) => a.agree).length;

  const result = {
    measuredAt: new Date().toISOString(),
    caveat: `A shared machine (load average ${round(load, 1)} on ${availableParallelism()} cores, about eight agents working): wall times are upper bounds; speed against SimPy is compared in CPU time per contact.`,
    population: POPULATION,
    contactsPerYear: year.contacts,
    yearEvents: year.events,
    yearMs: round(year.ms, 0),
    yearCpuMs: round(year.cpuMs, 0),
    replications: REPLICATIONS,
    replicationDays: SCENARIO_DAYS,
    replicationThreads: replications.threads,
    replicationsMs: round(replications.ms, 0),
    replicationSummary: Object.fromEntries(Object.entries(scenarioSummary).map(([k, v]) => [k, { mean: v.mean, halfWidth: v.halfWidth }])),
    simpy: {
      horizonDays: TWIN_DAYS,
      replications: TWIN_REPLICATIONS,
      meanContactsPerReplication: round(mean(twin.map((t) => t.offered)), 0),
      cpuMsPerReplication: round(mean(twin.map((t) => t.cpuMs)), 1),
      wallMsPerReplication: round(mean(twin.map((t) => t.ms)), 1),
      signpostReplications: SIGNPOST_TWIN_REPLICATIONS,
      signpostCpuMsPerReplication: round(mean(steady.map((r) => r.cpuMs)), 1),
      note: `SimPy runs ${TWIN_DAYS}-day replications; simpyYearMs is its CPU time per contact times contactsPerYear (an estimate, not a timed year).`,
    },
    simpyYearMs: round(twinCpuPerContact * year.contacts, 0),
    simpyYearEstimated: true,
    speedupVsSimpy: round(speedup, 1),
    agreement: { measures: Object.keys(agreement).length, agree: agreed, byMeasure: agreement },
  };
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(result, null, 2) + '\n');

  printTable('Simulation', [
    ['contacts in one year (1.3M people)', String(year.contacts), '~400,000'],
    ['one year, one thread', `${round(year.ms, 0)} ms wall (${round(year.cpuMs, 0)} ms CPU)`, '≤ 5,000 ms'],
    [`${REPLICATIONS} × ${SCENARIO_DAYS} days, ${replications.threads} threads`, `${round(replications.ms, 0)} ms`, '≤ 60,000 ms'],
    ['  answered in 60 s (of answered)', fmt(scenarioSummary.answeredWithin60sShare), '95% CI'],
    ['  abandoned', fmt(scenarioSummary.abandonedShare), '95% CI'],
    [`SimPy twin (${TWIN_REPLICATIONS} × ${TWIN_DAYS} days)`, `${round(twinCpuPerContact * 1000, 2)} µs CPU/contact`, ''],
    [`Signpost (${SIGNPOST_TWIN_REPLICATIONS} × ${TWIN_DAYS} days)`, `${round(ourCpuPerContact * 1000, 2)} µs CPU/contact`, ''],
    ['SimPy year (estimated from per contact)', `${result.simpyYearMs} ms`, ''],
    ['speed-up against SimPy', `${round(speedup, 1)}×`, '≥ 20×'],
    ['measures agreeing (95% intervals)', `${agreed} of ${Object.keys(agreement).length}`, 'all'],
  ]);
  printTable(
    'Signpost against SimPy (mean ± 95% half width over replications)',
    Object.entries(agreement).map(([key, a]) => [key, `${fmt(a.signpost)} | ${fmt(a.simpy)}`, a.agree ? 'agree' : 'DIFFER']),
  );
  console.log(`Wrote ${RESULTS}`);
}

await main();
