/**
 * `signpost content …`: check and test content packs (no database needed), replay impact between
 * directories or stored versions, and list the versions under governance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Signpost } from '../app';
import { Catalogue } from '../directory/catalogue';
import type { Config } from '../platform/config';
import { AppError, parseWith } from '../platform/errors';
import { compilePack, loadPackFromDir, overlayPack } from '../triage/compiler';
import type { CompiledPack, ContentProblem } from '../triage/model';
import type { PathwayImpact, ReplayReport } from '../triage/replay';
import { generateCorpus, replay } from '../triage/replay';
import { runScenarioTests } from '../triage/scenarios';
import { findLessUrgent } from '../triage/safety-guard';
import { loadVignetteFiles, SHIPPED_VIGNETTE_DIR } from '../triage/vignette-files';
import { parseVignettes, percent, runVignettes } from '../triage/vignettes';
import type { VignetteReport } from '../triage/vignettes';
import { SHIPPED_CONTENT_DIR, summariseTests, VersionListQuery, type ImpactReport } from '../triage/service';

export type WithSignpost = <T>(fn: (signpost: Signpost, config: Config) => Promise<T>) => Promise<T>;

const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
};

/** The shipped pack, as a path relative to where the command runs (so problems read `content/national/…:12`). */
function defaultDir(): string {
  return path.relative(process.cwd(), SHIPPED_CONTENT_DIR) || '.';
}

/** The shipped vignette suite, relative to where the command runs (so lines read `content/vignettes/…:12`). */
function defaultVignetteDir(): string {
  return path.relative(process.cwd(), SHIPPED_VIGNETTE_DIR) || '.';
}

function assertDir(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new AppError(400, 'no_dir', `No such content directory: ${dir}`);
}

function isOverlayDir(dir: string): boolean {
  return loadPackFromDir(dir).some((f) => /^pack:/m.test(f.text) && /^\s+overlayOf:/m.test(f.text));
}

let catalogueCache: Catalogue | null = null;
function catalogue(): Catalogue {
  catalogueCache ??= Catalogue.load();
  return catalogueCache;
}

/** Compiles a pack directory; a local variation (overlayOf in its pack.yaml) is layered over --base. */
export function compileDir(dir: string, base?: string): { pack: CompiledPack; problems: ContentProblem[] } {
  assertDir(dir);
  if (isOverlayDir(dir)) {
    if (!base) throw new AppError(400, 'base_required', `${dir} is a local variation: give --base <dir>, the pack it overlays`);
    assertDir(base);
    return compilePack(overlayPack(loadPackFromDir(base), loadPackFromDir(dir)), catalogue());
  }
  return compilePack(loadPackFromDir(dir), catalogue());
}

/** `file:line:col: severity: message`, the form editors and CI annotate. */
export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.severity}: ${p.message}`;
}

function printProblems(problems: ContentProblem[]): number {
  const sorted = [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const p of sorted) console.log(formatProblem(p));
  return sorted.filter((p) => p.severity === 'error').length;
}

function pad(text: string | number, width: number): string {
  const s = String(text);
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

export function registerContentCommands(program: Command, withSignpost: WithSignpost): void {
  const content = program.command('content').description('Triage content: check, test, replay impact, versions');

  content
    .command('check [dir]')
    .description('Compile a content pack and print every problem as file:line (exit 1 on errors); no database needed')
    .option('--base <dir>', 'for a local variation: the pack it overlays')
    .action((dir: string | undefined, options: { base?: string }) => {
      const target = dir ?? defaultDir();
      const { pack, problems } = compileDir(target, options.base);
      const errors = printProblems(problems);
      const warnings = problems.length - errors;
      const summary = `${pack.contentVersion}: ${pack.pathwayOrder.length} pathways, ${Object.keys(pack.nodes).length} nodes, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      if (errors) {
        console.error(`✗ ${summary}`);
        process.exitCode = 1;
      } else {
        console.log(`✓ ${summary}`);
      }
    });

  content
    .command('test [dir]')
    .description(
      "Run every pathway's scenario tests and the vignette suite, and print tables; exit 1 when a scenario fails, " +
        'fewer than 90% of vignettes land in their expected band, or any emergency vignette is under-triaged; no database needed',
    )
    .option('--base <dir>', 'for a local variation: the pack it overlays')
    .option('--failed', 'list only the failing scenarios', false)
    .option('--vignettes <dir>', 'the vignette suite to play (default content/vignettes)')
    .option('--no-vignettes', 'run the scenario tests only')
    .action((dir: string | undefined, options: { base?: string; failed: boolean; vignettes: string | boolean }) => {
      const target = dir ?? defaultDir();
      const { pack, problems } = compileDir(target, options.base);
      if (printProblems(problems.filter((p) => p.severity === 'error'))) {
        console.error('✗ The pack does not compile, so its scenarios cannot run.');
        process.exitCode = 1;
        return;
      }
      const results = runScenarioTests(pack);
      const shown = options.failed ? results.filter((r) => !r.passed) : results;
      if (shown.length) console.log(`${pad('result', 7)} ${pad('pathway', 22)} ${pad('scenario', 72)} outcome`);
      for (const r of shown) {
        const outcome = r.outcome ? `${r.outcome.disposition} ${r.outcome.outcomeNodeId}` : '—';
        console.log(`${pad(r.passed ? 'pass' : 'FAIL', 7)} ${pad(r.pathwayId, 22)} ${pad(r.name, 72)} ${outcome}`);
        if (!r.passed) for (const failure of r.failures) console.log(`        ${r.at}: ${failure}`);
      }
      const summary = summariseTests(results);
      const line = `${summary.passed} of ${summary.total} scenario tests pass (${pack.contentVersion})`;
      if (summary.failed) {
        console.error(`✗ ${line}; ${summary.failed} fail`);
        process.exitCode = 1;
      } else {
        console.log(`✓ ${line}`);
      }
      if (options.vignettes === false) return;
      const vignetteDir = typeof options.vignettes === 'string' ? options.vignettes : defaultVignetteDir();
      if (!runVignetteSuite(pack, vignetteDir)) process.exitCode = 1;
    });

  content
    .command('impact')
    .description(
      'Replay impact of --to against --from, by pathway. Each is a content directory (no database: a generated corpus) ' +
        'or a stored version id (the database: also every session recorded on --from).',
    )
    .requiredOption('--from <versionId|dir>', 'the content in use now')
    .requiredOption('--to <versionId|dir>', 'the new content')
    .option('--corpus <n>', 'generated sessions to replay as well', wholeNumber, 10_000)
    .option('--seed <n>', 'seed of the generated corpus', wholeNumber, 2025)
    .option('--base <dir>', 'for a directory holding a local variation: the pack it overlays')
    .option('--json', 'print the report as JSON', false)
    .option('--fail-on-less-urgent', 'exit 1 if any outcome or emergency vignette becomes less urgent (for CI)', false)
    .action(async (options: { from: string; to: string; corpus: number; seed: number; base?: string; json: boolean; failOnLessUrgent: boolean }) => {
      const isDir = (value: string) => fs.existsSync(value) && fs.statSync(value).isDirectory();
      const fromDir = (dir: string) => {
        const { pack, problems } = compileDir(dir, options.base);
        if (printProblems(problems.filter((p) => p.severity === 'error'))) throw new AppError(400, 'content_invalid', `${dir} does not compile`);
        return { id: null, label: dir, pack };
      };
      let report: ImpactReport;
      let packs: [CompiledPack, CompiledPack];
      if (isDir(options.from) && isDir(options.to)) {
        const [from, to] = [fromDir(options.from), fromDir(options.to)];
        packs = [from.pack, to.pack];
        report = compareWithoutDatabase(from, to, options.corpus, options.seed);
      } else {
        [report, packs] = await withSignpost(async (signpost) => {
          const side = async (value: string) => {
            if (isDir(value)) return fromDir(value);
            const version = await signpost.triage.getVersion(value);
            return { id: version.id, label: version.label, pack: await signpost.triage.packOfVersion(version.id) };
          };
          const [from, to] = [await side(options.from), await side(options.to)];
          return [await signpost.triage.compare(from, to, { corpus: options.corpus, seed: options.seed }), [from.pack, to.pack]] as const;
        });
      }
      // The safety guard's vignette check, as publishing would apply it (recorded sessions are in the report).
      const lowered = findLessUrgent(packs[0], packs[1], parseVignettes(loadVignetteFiles(defaultVignetteDir())).vignettes, []).vignettes;
      if (options.json) console.log(JSON.stringify({ ...report, emergencyVignettesLessUrgent: lowered }, null, 2));
      else {
        printImpact(report);
        console.log(`\nEmergency vignettes made less urgent: ${lowered.length}`);
        for (const v of lowered) console.log(`  ${v.at}: ${v.id}: ${v.from.disposition} (${v.from.band}) → ${v.to.disposition} (${v.to.band}) at ${v.to.outcomeNodeId}`);
      }
      if (options.failOnLessUrgent && report.recorded.lessUrgent + report.corpus.lessUrgent + lowered.length > 0) process.exitCode = 1;
    });

  content
    .command('versions')
    .description('List the content versions in the database, newest first')
    .option('--status <status>', 'only this status: draft, in_review, approved, published, withdrawn, superseded')
    .action((options: { status?: string }) =>
      withSignpost(async (signpost) => {
        const versions = await signpost.triage.listVersions(parseWith(VersionListQuery, { status: options.status, limit: 500 }, 'query'));
        if (!versions.length) {
          console.log('No content versions.');
          return;
        }
        console.log(`${pad('id', 41)} ${pad('status', 11)} ${pad('area', 16)} ${pad('content version', 36)} label`);
        for (const v of versions) {
          console.log(`${pad(v.id, 41)} ${pad(v.status, 11)} ${pad(v.areaCode ?? 'national', 16)} ${pad(v.contentVersion, 36)} ${v.label}`);
        }
      }),
    );
}

/** Plays the vignette suite in `dir` on `pack` and prints the table; false when a target is missed. */
function runVignetteSuite(pack: CompiledPack, dir: string): boolean {
  assertDir(dir);
  const { vignettes, problems } = parseVignettes(loadVignetteFiles(dir));
  if (printProblems(problems)) {
    console.error(`✗ The vignettes in ${dir} do not parse.`);
    return false;
  }
  const t0 = performance.now();
  const report = runVignettes(pack, vignettes);
  printVignettes(report, Math.round(performance.now() - t0));
  return report.targetsMet;
}

function printVignettes(report: VignetteReport, ms: number): void {
  console.log(`\nVignette suite: ${report.total} vignettes on ${report.contentVersion} (${ms} ms)`);
  console.log(`  ${pad('expected', 10)} ${pad('vignettes', 10)} ${pad('in band', 8)} ${pad('under', 6)} ${pad('over', 6)} ${pad('unplayable', 11)} accuracy`);
  for (const [band, c] of Object.entries(report.byBand)) {
    console.log(`  ${pad(band, 10)} ${pad(c.total, 10)} ${pad(c.inBand, 8)} ${pad(c.underTriage, 6)} ${pad(c.overTriage, 6)} ${pad(c.unplayable, 11)} ${c.total ? percent(c.inBand / c.total) : '—'}`);
  }
  console.log(`  ${pad('all', 10)} ${pad(report.total, 10)} ${pad(report.inBand, 8)} ${pad(report.underTriage.length, 6)} ${pad(report.overTriage, 6)} ${pad(report.unplayable.length, 11)} ${percent(report.accuracy)}`);
  if (report.underTriage.length) {
    console.log('\n  Under-triaged (less urgent than expected):');
    for (const r of report.underTriage) console.log(`  ${r.at}: ${r.id}: expected ${r.expected}, got ${r.got} (${r.disposition} at ${r.outcomeNodeId}) via ${r.route.join(' → ')}`);
  }
  if (report.unplayable.length) {
    console.log('\n  Could not be played to an outcome:');
    for (const r of report.unplayable) console.log(`  ${r.at}: ${r.id}: ${r.error}`);
  }
  const unused = report.results.filter((r) => r.unusedAnswers.length);
  for (const r of unused) console.log(`  ${r.at}: warning: ${r.id} answers questions never asked: ${r.unusedAnswers.join(', ')}`);
  if (report.targetsMet) console.log(`✓ ${percent(report.accuracy)} of vignettes in the expected band; no emergency vignette under-triaged`);
  else for (const f of report.failures) console.error(`✗ ${f}`);
}

function compareWithoutDatabase(
  from: { id: null; label: string; pack: CompiledPack },
  to: { id: null; label: string; pack: CompiledPack },
  corpusSize: number,
  seed: number,
): ImpactReport {
  const corpus = replay(from.pack, to.pack, generateCorpus(from.pack, corpusSize, seed));
  const recorded = replay(from.pack, to.pack, []);
  return {
    from: { id: null, label: from.label, contentVersion: from.pack.contentVersion },
    to: { id: null, label: to.label, contentVersion: to.pack.contentVersion },
    recorded: { ...recorded, changesTruncated: false },
    corpus: { ...corpus, changes: corpus.changes.slice(0, 100), changesTruncated: corpus.changes.length > 100, seed },
  };
}

function printImpact(report: ImpactReport): void {
  console.log(`Replay impact of ${report.to.contentVersion} (${report.to.label})`);
  console.log(`          against ${report.from.contentVersion} (${report.from.label})`);
  printSource(`Recorded sessions on ${report.from.id ?? 'the --from content'}`, report.recorded);
  printSource(`Generated corpus (seed ${report.corpus.seed})`, report.corpus);
}

function printSource(title: string, r: Omit<ReplayReport, 'changes'>): void {
  console.log(`\n${title}: ${r.sessions} replayed${r.skipped ? `, ${r.skipped} skipped (unfinished)` : ''}`);
  if (!r.sessions) return;
  console.log(`  ${r.changed} changed: ${r.moreUrgent} more urgent, ${r.lessUrgent} less urgent, ${r.sameUrgency} same urgency, ${r.incomplete} incomplete; ${r.unchanged} unchanged`);
  const changed = r.byPathway.filter((p) => p.changed > 0);
  if (!changed.length) return;
  console.log(`\n  ${pad('pathway', 24)} ${pad('sessions', 9)} ${pad('changed', 8)} ${pad('more', 6)} ${pad('less', 6)} ${pad('same', 6)} incomplete`);
  for (const p of changed) console.log(`  ${pad(p.pathwayId, 24)} ${pad(p.sessions, 9)} ${pad(p.changed, 8)} ${pad(p.moreUrgent, 6)} ${pad(p.lessUrgent, 6)} ${pad(p.sameUrgency, 6)} ${p.incomplete}`);
  const unchangedPathways = r.byPathway.length - changed.length;
  if (unchangedPathways) console.log(`  (${unchangedPathways} other pathway${unchangedPathways === 1 ? '' : 's'} unchanged)`);
  console.log('\n  Examples:');
  for (const p of changed) for (const e of p.examples) console.log(`  ${pad(p.pathwayId, 24)} ${pad(e.direction, 13)} ${describeExample(e)}`);
}

function describeExample(e: PathwayImpact['examples'][number]): string {
  const from = `${e.from.disposition} ${e.from.outcomeNodeId}`;
  const to = e.to ? `${e.to.disposition} ${e.to.outcomeNodeId}` : `stops: ${e.reason ?? 'incomplete'}`;
  return `${from} → ${to}  (${e.sessionId})`;
}
