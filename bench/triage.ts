/**
 * Triage benchmark: `npx tsx bench/triage.ts`
 *
 *  - compile: the whole national pack, from YAML text (cold = first compile in this process);
 *  - step: one `answer()` through the public API (state in, new state out), p50/p99 over many
 *    random sessions — target p99 ≤ 1 ms;
 *  - replay: 100,000 generated sessions between the pack and a slightly modified copy — target ≤ 30 s;
 *  - vignettes: parse and play the whole vignette suite (content/vignettes) — target ≤ 10 s.
 *
 * Writes bench/results/triage.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalogue } from '../src/directory/catalogue';
import { compilePack, formatProblems, hasErrors, loadPackFromDir } from '../src/triage/compiler';
import { answer, startSession } from '../src/triage/engine';
import type { CompiledPack, ContentFile } from '../src/triage/model';
import { generateCorpus, replay } from '../src/triage/replay';
import { loadVignetteFiles } from '../src/triage/vignette-files';
import { parseVignettes, runVignettes } from '../src/triage/vignettes';
import { searchPathways } from '../src/triage/search';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACK_DIR = join(ROOT, 'content/national');
const VIGNETTE_DIR = join(ROOT, 'content/vignettes');
const RESULTS = join(ROOT, 'bench/results/triage.json');
const STEP_SESSIONS = 20_000;
const REPLAY_SESSIONS = 100_000;
const WARM_COMPILES = 5;
const PHRASE_DIR = join(ROOT, 'content/phrases');
const FINDER_ROUNDS = 20;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function compileOrDie(files: ContentFile[], catalogue: Catalogue): CompiledPack {
  const { pack, problems } = compilePack(files, catalogue);
  if (hasErrors(problems)) throw new Error(`pack does not compile:\n${formatProblems(problems)}`);
  return pack;
}

/** A plausible review: one outcome made more urgent, one less, one recoded, one new question. */
function modifiedCopy(files: ContentFile[]): ContentFile[] {
  const edits: Record<string, (text: string) => string> = {
    'chest-pain.yaml': (t) => t.replace(/(id: chest-wall\n\s+type: outcome\n\s+disposition:) Dx15/, '$1 Dx13'),
    'headache.yaml': (t) => t.replace(/(id: severe-new-headache\n\s+type: outcome\n\s+disposition:) Dx06/, '$1 Dx08'),
    'back-pain.yaml': (t) => t.replace(/(id: strained-back\n\s+type: outcome\n\s+disposition:) Dx38/, '$1 Dx39'),
    'cough.yaml': (t) =>
      t
        .replace('      no: baby\n', '      no: smoker\n')
        .replace('    - id: baby\n', '    - id: smoker\n      type: yes-no\n      ask: Do you smoke?\n      yes: baby\n      no: baby\n    - id: baby\n'),
  };
  return files.map((f) => {
    const edit = Object.entries(edits).find(([name]) => f.path.endsWith(name))?.[1];
    return edit ? { ...f, text: edit(f.text) } : f;
  });
}

function benchCompile(files: ContentFile[], catalogue: Catalogue) {
  const cold = timed(() => compileOrDie(files, catalogue));
  const warm = Array.from({ length: WARM_COMPILES }, () => timed(() => compileOrDie(files, catalogue)).ms).sort((a, b) => a - b);
  return { pack: cold.value, coldMs: cold.ms, warmMedianMs: warm[Math.floor(warm.length / 2)] };
}

/** Times every answer() of many random sessions, as the server would call it. */
function benchSteps(pack: CompiledPack) {
  const corpus = generateCorpus(pack, STEP_SESSIONS, 42);
  const samples: number[] = [];
  for (const session of corpus.slice(0, 2000)) runSession(pack, session, null); // warm-up
  for (const session of corpus) runSession(pack, session, samples);
  const sorted = Float64Array.from(samples).sort();
  return { steps: sorted.length, p50Us: percentile(sorted, 50) * 1000, p99Us: percentile(sorted, 99) * 1000, maxUs: sorted[sorted.length - 1] * 1000 };
}

function runSession(pack: CompiledPack, session: ReturnType<typeof generateCorpus>[number], samples: number[] | null): void {
  let state = startSession(pack, session.start);
  for (const a of session.answers) {
    const t0 = performance.now();
    state = answer(pack, state, a.nodeId, a.value);
    samples?.push(performance.now() - t0);
  }
}

/** The pathway finder: building its index (first search on a pack), then every corpus phrase, many times. */
function benchFinder(pack: CompiledPack) {
  const phrases = readdirSync(PHRASE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => (parse(readFileSync(join(PHRASE_DIR, f), 'utf8')) as { phrases: { text: string; patient: { ageYears?: number; ageDays?: number } }[] }).phrases);
  const first = timed(() => searchPathways(pack, 'cough', { ageYears: 30 }));
  const samples: number[] = [];
  for (let round = 0; round < FINDER_ROUNDS; round++) {
    for (const p of phrases) {
      const t0 = performance.now();
      searchPathways(pack, p.text, p.patient);
      samples.push(performance.now() - t0);
    }
  }
  const sorted = Float64Array.from(samples).sort();
  return { indexMs: first.ms, searches: sorted.length, p50Us: percentile(sorted, 50) * 1000, p99Us: percentile(sorted, 99) * 1000 };
}

function benchReplay(pack: CompiledPack, modified: CompiledPack) {
  const generated = timed(() => generateCorpus(pack, REPLAY_SESSIONS, 2025));
  const replayed = timed(() => replay(pack, modified, generated.value));
  return { generateMs: generated.ms, replayMs: replayed.ms, report: replayed.value };
}

/** Reads, parses and plays the whole suite, as `signpost content test` does after compiling. */
function benchVignettes(pack: CompiledPack) {
  const run = timed(() => {
    const { vignettes, problems } = parseVignettes(loadVignetteFiles(VIGNETTE_DIR));
    if (problems.length) throw new Error(`the vignettes do not parse: ${problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`);
    return runVignettes(pack, vignettes);
  });
  return { ms: run.ms, report: run.value };
}

function main(): void {
  const catalogue = Catalogue.load();
  const files = loadPackFromDir(PACK_DIR);
  const compile = benchCompile(files, catalogue);
  const pack = compile.pack;
  const modified = compileOrDie(modifiedCopy(files), catalogue);
  const steps = benchSteps(pack);
  const finder = benchFinder(pack);
  const rep = benchReplay(pack, modified);
  const r = rep.report;
  const vig = benchVignettes(pack);

  const results = {
    compileMs: round(compile.coldMs),
    compileWarmMedianMs: round(compile.warmMedianMs),
    stepP50Us: round(steps.p50Us),
    stepP99Us: round(steps.p99Us),
    stepMaxUs: round(steps.maxUs),
    steps: steps.steps,
    finderIndexMs: round(finder.indexMs),
    finderP50Us: round(finder.p50Us),
    finderP99Us: round(finder.p99Us),
    finderSearches: finder.searches,
    replaySessions: r.sessions + r.skipped,
    replayMs: round(rep.replayMs),
    corpusGenerateMs: round(rep.generateMs),
    vignettes: vig.report.total,
    vignettesMs: round(vig.ms),
    vignetteAccuracy: round(vig.report.accuracy * 100),
    vignettesUnderTriaged: vig.report.underTriage.length,
    vignettesEmergencyUnderTriaged: vig.report.emergencyUnderTriaged,
    replayChanged: { changed: r.changed, moreUrgent: r.moreUrgent, lessUrgent: r.lessUrgent, sameUrgency: r.sameUrgency, incomplete: r.incomplete, skipped: r.skipped },
    pathways: pack.pathwayOrder.length,
    nodes: Object.keys(pack.nodes).length,
    contentVersion: pack.contentVersion,
    node: process.version,
  };
  printTable(results, r.byPathway.filter((p) => p.changed > 0));
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS}`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(results: Record<string, unknown>, changedPathways: { pathwayId: string; changed: number; moreUrgent: number; lessUrgent: number; sameUrgency: number; incomplete: number }[]): void {
  const rows: [string, string, string][] = [
    ['compile whole pack (cold)', `${results.compileMs} ms`, '≤ 2000 ms'],
    ['compile whole pack (warm median)', `${results.compileWarmMedianMs} ms`, ''],
    [`answer() step p50 (${results.steps} steps)`, `${results.stepP50Us} µs`, ''],
    ['answer() step p99', `${results.stepP99Us} µs`, '≤ 1000 µs'],
    ['pathway finder: build the index (first search)', `${results.finderIndexMs} ms`, ''],
    [`pathway finder: one search p50 / p99 (${results.finderSearches} searches)`, `${results.finderP50Us} / ${results.finderP99Us} µs`, ''],
    [`replay ${results.replaySessions} sessions`, `${results.replayMs} ms`, '≤ 30000 ms'],
    ['generate the corpus', `${results.corpusGenerateMs} ms`, ''],
    [`vignette suite (${results.vignettes} vignettes)`, `${results.vignettesMs} ms`, '≤ 10000 ms'],
    ['vignettes in the expected band', `${results.vignetteAccuracy}%`, '≥ 90%'],
    ['emergency vignettes under-triaged', `${results.vignettesEmergencyUnderTriaged}`, '0'],
  ];
  console.log(`Triage benchmark — ${results.pathways} pathways, ${results.nodes} nodes, ${results.contentVersion}, Node ${results.node}\n`);
  console.table(rows.map(([measure, value, target]) => ({ measure, value, target })));
  console.log('replay impact of the modified copy:', results.replayChanged);
  console.table(changedPathways.map(({ pathwayId, changed, moreUrgent, lessUrgent, sameUrgency, incomplete }) => ({ pathwayId, changed, moreUrgent, lessUrgent, sameUrgency, incomplete })));
}

main();
