/**
 * The vignette suite: short patient stories, each with the answers the patient would give and the
 * urgency band a clinician expects. Playing them through the engine measures whether the content
 * sends people to the right place, and lists every case it sends somewhere less urgent.
 *
 * Pure: files come in as text (vignette-files.ts reads a directory), results go out as data.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { drive } from './engine';
import type { Walk } from './engine';
import { IsoDate, Id, PatientInput } from './model';
import type { AnswerValue, CompiledPack, ContentFile, ContentProblem, QuestionNode } from './model';
import { explainIssue, position, Problems } from './problems';
import type { Source } from './problems';
import { DEFAULT_SCENARIO_TODAY, resolveAnswerKey } from './scenario-checks';
import { compareBands, URGENCY_BANDS, urgencyBand } from './urgency';
import type { UrgencyBand } from './urgency';

/** Issue 15's targets: at least 90% in the expected band, and no emergency sent anywhere less urgent. */
export const ACCURACY_TARGET = 0.9;

export const Vignette = z.strictObject({
  /** Unique, kebab-case, starting with the pathway id. */
  id: Id,
  /** The presentation in the patient's (or carer's) own words. */
  story: z.string().trim().min(10),
  patient: PatientInput,
  /** Who answers: the patient, or a parent or carer for them. */
  answerer: z.enum(['self', 'other']).default('self'),
  pathway: Id,
  /** Like scenario tests: local node ids, `pathway/node` for others, screen questions default to "no". */
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
  expect: z.enum(URGENCY_BANDS),
  rationale: z.string().trim().min(10),
  source: z.url(),
  today: IsoDate.optional(),
});
export type Vignette = z.output<typeof Vignette>;

const VignetteFile = z.strictObject({ vignettes: z.array(Vignette).min(1) });

export interface LocatedVignette extends Vignette {
  /** `file:line` of the vignette. */
  at: string;
}

/** Parses vignette files; every problem (YAML, schema, duplicate id) names its file and line. */
export function parseVignettes(files: ContentFile[]): { vignettes: LocatedVignette[]; problems: ContentProblem[] } {
  const problems = new Problems();
  const vignettes: LocatedVignette[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lines = new LineCounter();
    const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const src: Source = { file: file.path, doc, lines, layer: 0 };
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      problems.addRaw({ file: file.path, line, column: col, message: e.message.split('\n')[0], severity: 'error' });
    }
    if (doc.errors.length) continue;
    const parsed = VignetteFile.safeParse(doc.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { path, message } = explainIssue(issue);
        problems.error({ src, path }, message);
      }
      continue;
    }
    parsed.data.vignettes.forEach((v, i) => {
      const loc = { src, path: ['vignettes', i] };
      const where = `${file.path}:${position(loc).line}`;
      const earlier = seen.get(v.id);
      if (earlier) problems.error({ src, path: ['vignettes', i, 'id'] }, `duplicate vignette id '${v.id}' (first at ${earlier})`);
      else if (!v.id.startsWith(v.pathway)) problems.error({ src, path: ['vignettes', i, 'id'] }, `vignette id '${v.id}' should start with its pathway id '${v.pathway}'`);
      seen.set(v.id, where);
      vignettes.push({ ...v, at: where });
    });
  }
  return { vignettes, problems: problems.list };
}

// ───────────────────────────── playing ─────────────────────────────

export interface VignetteResult {
  id: string;
  at: string;
  pathwayId: string;
  expected: UrgencyBand;
  /** The band of the outcome reached; null when the vignette could not be played to an outcome. */
  got: UrgencyBand | null;
  disposition: string | null;
  outcomeNodeId: string | null;
  /** The questions answered, in order, as `node=answer`, then the outcome. */
  route: string[];
  /** Why it could not be played (an engine refusal, or a question the vignette does not answer). */
  error: string | null;
  /** Answers the vignette gives to questions never asked (the pathway changed under it). */
  unusedAnswers: string[];
  verdict: 'in-band' | 'under-triage' | 'over-triage' | 'unplayable';
}

export function runVignette(pack: CompiledPack, v: LocatedVignette): VignetteResult {
  const base = { id: v.id, at: v.at, pathwayId: v.pathway, expected: v.expect };
  if (!pack.pathways[v.pathway]) return unplayable(base, [], `there is no pathway '${v.pathway}' in ${pack.contentVersion}`, []);
  const answers = new Map<string, AnswerValue>();
  for (const [key, value] of Object.entries(v.answers)) answers.set(resolveAnswerKey(v.pathway, key), value);
  const asked = new Set<string>();
  const source = (q: QuestionNode): AnswerValue | undefined => {
    asked.add(q.id);
    return answers.get(q.id) ?? (q.pathway === pack.screen && q.kind === 'yes-no' ? 'no' : undefined);
  };
  const { ageYears, ageDays, sex } = v.patient;
  const start = { ...(ageDays === undefined ? { ageYears } : { ageDays }), sex, today: v.today ?? DEFAULT_SCENARIO_TODAY, entry: { pathwayId: v.pathway } };
  const { walk, error } = drive(pack, start, null, source);
  const route = walk ? walk.answers.filter((a) => a.nodeId.split('/')[0] !== pack.screen || a.value !== 'no').map((a) => `${a.nodeId}=${formatAnswer(a.value)}`) : [];
  const unused = [...answers.keys()].filter((id) => !asked.has(id));
  if (error) return unplayable(base, route, `${error.code}: ${error.message}`, unused);
  const finished = walk as Walk;
  if (finished.status !== 'finished' || !finished.outcomeNode) {
    const q = finished.current ? pack.nodes[finished.current] : null;
    return unplayable(base, route, q ? `no answer given for '${q.id}'` : `the session stopped: ${finished.status}`, unused);
  }
  const node = pack.nodes[finished.outcomeNode];
  if (node.type !== 'outcome') return unplayable(base, route, 'did not end at an outcome', unused);
  const got = urgencyBand(pack.dispositions[node.disposition]);
  const order = compareBands(got, v.expect);
  const verdict = order === 0 ? 'in-band' : order > 0 ? 'under-triage' : 'over-triage';
  return { ...base, got, disposition: node.disposition, outcomeNodeId: node.id, route: [...route, node.id], error: null, unusedAnswers: unused, verdict };
}

function unplayable(base: Pick<VignetteResult, 'id' | 'at' | 'pathwayId' | 'expected'>, route: string[], error: string, unusedAnswers: string[]): VignetteResult {
  return { ...base, got: null, disposition: null, outcomeNodeId: null, route, error, unusedAnswers, verdict: 'unplayable' };
}

function formatAnswer(value: AnswerValue): string {
  return Array.isArray(value) ? value.join('+') : String(value);
}

// ───────────────────────────── the suite ─────────────────────────────

export interface BandCounts {
  total: number;
  inBand: number;
  underTriage: number;
  overTriage: number;
  unplayable: number;
}

export interface VignetteReport {
  contentVersion: string;
  total: number;
  inBand: number;
  /** inBand / total (unplayable vignettes count as misses); 1 for an empty suite. */
  accuracy: number;
  byBand: Record<UrgencyBand, BandCounts>;
  underTriage: VignetteResult[];
  overTriage: number;
  unplayable: VignetteResult[];
  emergencyUnderTriaged: number;
  results: VignetteResult[];
  /** Whether issue 15's targets hold, and if not, why. */
  targetsMet: boolean;
  failures: string[];
}

export function runVignettes(pack: CompiledPack, vignettes: LocatedVignette[]): VignetteReport {
  const results = vignettes.map((v) => runVignette(pack, v));
  const byBand = Object.fromEntries(URGENCY_BANDS.map((b) => [b, { total: 0, inBand: 0, underTriage: 0, overTriage: 0, unplayable: 0 }])) as Record<UrgencyBand, BandCounts>;
  for (const r of results) {
    const counts = byBand[r.expected];
    counts.total++;
    if (r.verdict === 'in-band') counts.inBand++;
    else if (r.verdict === 'under-triage') counts.underTriage++;
    else if (r.verdict === 'over-triage') counts.overTriage++;
    else counts.unplayable++;
  }
  const inBand = results.filter((r) => r.verdict === 'in-band').length;
  const underTriage = results.filter((r) => r.verdict === 'under-triage');
  const unplayableResults = results.filter((r) => r.verdict === 'unplayable');
  const accuracy = results.length ? inBand / results.length : 1;
  const emergencyUnderTriaged = underTriage.filter((r) => r.expected === 'emergency').length;
  const failures: string[] = [];
  if (accuracy < ACCURACY_TARGET) failures.push(`${percent(accuracy)} in the expected band; the target is ${percent(ACCURACY_TARGET)}`);
  if (emergencyUnderTriaged) failures.push(`${emergencyUnderTriaged} emergency vignette${emergencyUnderTriaged === 1 ? ' is' : 's are'} under-triaged; the target is none`);
  if (unplayableResults.length) failures.push(`${unplayableResults.length} vignette${unplayableResults.length === 1 ? '' : 's'} could not be played to an outcome`);
  return {
    contentVersion: pack.contentVersion,
    total: results.length,
    inBand,
    accuracy,
    byBand,
    underTriage,
    overTriage: results.filter((r) => r.verdict === 'over-triage').length,
    unplayable: unplayableResults,
    emergencyUnderTriaged,
    results,
    targetsMet: failures.length === 0,
    failures,
  };
}

export function percent(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}
