/**
 * `signpost simulate …` (replications of one input — a JSON file or the baseline built from the
 * directory — in worker threads) and `signpost scenario list|show|run` (saved scenarios, run
 * against the baseline in this process, as the API runs them). Progress bars on stderr.
 */
import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { signpostItself } from '../platform/actor';
import { AppError } from '../platform/errors';
import { MAX_HORIZON_DAYS, MAX_REPLICATIONS, parseSimulationInput, type SimulationInput, type SimulationInputRaw } from '../modelling/model';
import { runReplications } from '../modelling/replication-pool';
import { summarise, type Interval } from '../modelling/replications';
import type { RunResults } from '../modelling/service';
import { WARM_UP_DAYS } from '../modelling/segments';
import type { WithSignpost } from './content';
import { progressBar } from './progress';

const count = (max: number, what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`${what}: a whole number from 1 to ${max}`);
  return n;
};

const fixed = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

export function registerModellingCommands(program: Command, withSignpost: WithSignpost): void {
  program
    .command('simulate')
    .description('Simulate the urgent care system: replications in worker threads, each measure with its 95% interval')
    .option('--input <file>', 'a SimulationInput as JSON (docs/modelling.md)')
    .option('--baseline', 'the baseline built from the directory in the database', false)
    .option('--days <n>', `days counted (after a ${WARM_UP_DAYS}-day warm-up for the baseline)`, count(MAX_HORIZON_DAYS, '--days'))
    .option('--replications <n>', `replications (1–${MAX_REPLICATIONS})`, count(MAX_REPLICATIONS, '--replications'), 20)
    .option('--seed <n>', 'the random seed', (v) => Number(v))
    .option('--json', 'print JSON instead of a table', false)
    .action(async (options: { input?: string; baseline: boolean; days?: number; replications: number; seed?: number; json: boolean }) => {
      if (Boolean(options.input) === options.baseline) throw new AppError(400, 'invalid_request', 'Give --input FILE or --baseline (one of them)', [{ path: 'input', message: 'one of --input or --baseline' }]);
      const input = options.input ? fromFile(options.input, options) : await withSignpost(async (signpost) => baselineInput(signpost, options));
      const bar = options.json ? null : progressBar('Replications');
      const started = performance.now();
      const results = await runReplications({ kind: 'headline', input }, options.replications, { onResult: (_r, done, total) => bar?.update(done, total) }).done;
      bar?.stop();
      const intervals = summarise(results.map((r) => r.headline));
      const contacts = results.map((r) => r.offered);
      const report = { replications: results.length, horizonDays: input.horizonDays, warmUpDays: input.warmUpDays, seed: input.seed, ms: Math.round(performance.now() - started), contactsPerReplication: contacts.reduce((a, b) => a + b, 0) / contacts.length, measures: intervals };
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`${results.length} replications of ${input.horizonDays - input.warmUpDays} days (seed ${input.seed}) in ${report.ms} ms; ${Math.round(report.contactsPerReplication)} contacts each.`);
      printIntervals(intervals);
    });

  const scenario = program.command('scenario').description('Saved modelling scenarios');
  scenario
    .command('list')
    .description('Every saved scenario')
    .action(() =>
      withSignpost(async (signpost) => {
        const all = await signpost.modelling.listScenarios(signpostItself);
        if (!all.length) console.log('No scenarios saved.');
        for (const s of all) {
          console.log(`${s.name.padEnd(32)} ${s.owner.displayName.padEnd(24)} ${s.sharedWithCommissioners ? 'shared ' : 'private'} ${String(s.replications).padStart(4)} × ${String(s.horizonDays).padStart(4)} days  ${s.changes.length} change(s)  ${s.id}`);
        }
      }),
    );
  scenario
    .command('show <name>')
    .description('A scenario (by name or id): its changes and its latest run')
    .option('--json', 'print JSON', false)
    .action((name: string, options: { json: boolean }) =>
      withSignpost(async (signpost) => {
        const found = await findOne(signpost.modelling, name);
        const runs = await signpost.modelling.listRuns(signpostItself, found.id);
        const latest = runs.find((r) => r.status === 'done');
        const results = latest ? (await signpost.modelling.getRun(signpostItself, latest.id)).results : null;
        if (options.json) {
          console.log(JSON.stringify({ scenario: found, runs, latestResults: results }, null, 2));
          return;
        }
        console.log(`${found.name} — ${found.description || 'no description'}`);
        console.log(`Owner ${found.owner.displayName}; ${found.sharedWithCommissioners ? 'shared with commissioners' : 'private'}; ${found.replications} replications of ${found.horizonDays} days, seed ${found.seed}.`);
        for (const [i, change] of found.changes.entries()) console.log(`  ${i + 1}. ${JSON.stringify(change)}`);
        console.log(`${runs.length} run(s)${latest ? `; latest finished ${new Date(latest.finishedAt!).toISOString()}` : ''}.`);
        if (results) printComparison(results);
      }),
    );
  scenario
    .command('run <name>')
    .description('Run a scenario (by name or id) against the baseline, with the same seeds, and print the differences')
    .option('--json', 'print JSON', false)
    .action((name: string, options: { json: boolean }) =>
      withSignpost(async (signpost) => {
        const found = await findOne(signpost.modelling, name);
        const bar = options.json ? null : progressBar(`Running ${found.name}`.slice(0, 28));
        const run = await signpost.modelling.runAndWait(signpostItself, found.id, (done, total) => bar?.update(done, total));
        bar?.stop();
        if (options.json) {
          console.log(JSON.stringify(run, null, 2));
          return;
        }
        if (run.status !== 'done' || !run.results) throw new AppError(422, 'run_failed', `The run ${run.status}${run.error ? `: ${run.error}` : ''}`);
        console.log(`Run ${run.id}: ${run.replications} replications of ${found.horizonDays} days.`);
        printComparison(run.results);
      }),
    );
}

function fromFile(file: string, options: { days?: number; replications: number; seed?: number }): SimulationInput {
  let raw: SimulationInputRaw;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as SimulationInputRaw;
  } catch (error) {
    throw new AppError(400, 'invalid_input', `Cannot read ${file} as JSON: ${(error as Error).message}`, [{ path: 'input', message: 'not JSON' }]);
  }
  const warmUp = raw.warmUpDays ?? 0;
  return parseSimulationInput({ ...raw, ...(options.days ? { horizonDays: options.days + warmUp } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}), replications: options.replications });
}

async function baselineInput(signpost: Parameters<Parameters<WithSignpost>[0]>[0], options: { days?: number; replications: number; seed?: number }): Promise<SimulationInput> {
  const days = options.days ?? 28;
  const baseline = await signpost.modelling.baseline({ horizonDays: days + WARM_UP_DAYS, warmUpDays: WARM_UP_DAYS, seed: options.seed ?? 2026, replications: options.replications });
  return parseSimulationInput(baseline.input);
}

async function findOne(modelling: Parameters<Parameters<WithSignpost>[0]>[0]['modelling'], nameOrId: string) {
  const byName = await modelling.findScenariosByName(signpostItself, nameOrId);
  if (byName.length > 1) throw new AppError(409, 'ambiguous', `${byName.length} scenarios are called "${nameOrId}": give the id (${byName.map((s) => s.id).join(', ')})`);
  const id = byName[0]?.id ?? nameOrId;
  return modelling.getScenario(signpostItself, id);
}

function printIntervals(intervals: Record<string, Interval>) {
  console.log(`${'measure'.padEnd(40)} ${'mean'.padStart(12)} ${'95% interval'.padStart(26)}`);
  for (const [key, i] of Object.entries(intervals)) {
    console.log(`${key.padEnd(40)} ${fixed(i.mean).padStart(12)} ${`${fixed(i.low)} – ${fixed(i.high)}`.padStart(26)}`);
  }
}

function printComparison(results: RunResults) {
  console.log(`${'measure'.padEnd(48)} ${'baseline'.padStart(12)} ${'scenario'.padStart(12)} ${'difference (95% interval)'.padStart(34)}  real`);
  for (const m of results.measures) {
    const c = m.comparison;
    const diff = `${fixed(c.difference.mean)} (${c.difference.low === null ? '—' : fixed(c.difference.low)} – ${c.difference.high === null ? '—' : fixed(c.difference.high)})`;
    console.log(`${m.label.padEnd(48)} ${fixed(c.baseline.mean).padStart(12)} ${fixed(c.scenario.mean).padStart(12)} ${diff.padStart(34)}  ${c.real ? 'yes' : ''}`);
  }
  if (results.commissionerCost) {
    const c = results.commissionerCost;
    console.log(`${'Cost to the commissioner (£)'.padEnd(48)} ${fixed(c.baseline.mean, 0).padStart(12)} ${fixed(c.scenario.mean, 0).padStart(12)} ${fixed(c.difference.mean, 0).padStart(34)}  ${c.real ? 'yes' : ''}`);
  }
}
