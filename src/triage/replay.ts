/**
 * Replay impact: before a content version is published, re-run recorded sessions (and a
 * generated corpus) on it and report which outcomes change, and in which direction.
 *
 * A recorded session is its start (age, sex, entry, date) plus the answers given, looked up by
 * question id — not by position — so a replay survives questions being reordered, and stops
 * ("incomplete") only when the new content asks something the patient was never asked.
 */
import { drive } from './engine';
import type { Walk } from './engine';
import { yearsToDays } from '../directory/age';
import { AGE_BANDS, ageBandLimitDays } from './model';
import type { AgeBand, AnswerValue, CompiledPack, QuestionNode, RecordedSession, StartInput } from './model';
import { addDays, daysBetween } from './dates';
import { compareUrgency } from './urgency';

export type Direction = 'more-urgent' | 'less-urgent' | 'same-urgency' | 'incomplete';

export interface OutcomeSummary {
  disposition: string;
  discriminator: string;
  symptomGroup: number;
  pathwayId: string;
  outcomeNodeId: string;
}

export interface ReplayChange {
  sessionId: string;
  /** The pathway where the session ended on the old version. */
  pathwayId: string;
  direction: Direction;
  from: OutcomeSummary;
  to: OutcomeSummary | null;
  /** For incomplete sessions: what stopped them. */
  reason?: string;
}

interface Counts {
  sessions: number;
  unchanged: number;
  changed: number;
  moreUrgent: number;
  lessUrgent: number;
  sameUrgency: number;
  incomplete: number;
}

export interface PathwayImpact extends Counts {
  pathwayId: string;
  title: string;
  examples: ReplayChange[];
}

export interface ReplayReport extends Counts {
  from: string;
  to: string;
  /** Sessions that did not finish on the old version either, so have nothing to compare. */
  skipped: number;
  skippedExamples: { sessionId: string; reason: string }[];
  byPathway: PathwayImpact[];
  changes: ReplayChange[];
}

export interface ReplayOptions {
  /** Examples kept per direction per pathway (default 3). */
  examplesPerDirection?: number;
}

export type ReplayRun = { outcome: OutcomeSummary; reason?: undefined } | { outcome: null; reason: string };

// ───────────────────────────── replaying ─────────────────────────────

/** Runs one recorded session on a pack, answering each question from the recording. */
export function replaySession(pack: CompiledPack, session: RecordedSession): ReplayRun {
  const answers = new Map<string, AnswerValue>();
  for (const a of session.answers) answers.set(a.nodeId, a.value);
  const { walk, error } = drive(pack, session.start, session.pathwayId ?? null, (q) => answers.get(q.id));
  if (error) return { outcome: null, reason: `${error.code}: ${error.message}` };
  return finishedOutcome(pack, walk as Walk);
}

function finishedOutcome(pack: CompiledPack, walk: Walk): ReplayRun {
  if (walk.status === 'needs-pathway') return { outcome: null, reason: 'needs a pathway to be chosen' };
  if (walk.status !== 'finished' || !walk.outcomeNode) {
    const q = pack.nodes[walk.current ?? ''] as QuestionNode | undefined;
    return { outcome: null, reason: q ? `asks a question the session never answered: '${q.id}' ("${q.text}")` : 'did not finish' };
  }
  const node = pack.nodes[walk.outcomeNode];
  if (node.type !== 'outcome') return { outcome: null, reason: 'did not end at an outcome' };
  return { outcome: { disposition: node.disposition, discriminator: node.discriminator, symptomGroup: node.symptomGroup, pathwayId: node.pathway, outcomeNodeId: node.id } };
}

export function replay(fromPack: CompiledPack, toPack: CompiledPack, sessions: RecordedSession[], options: ReplayOptions = {}): ReplayReport {
  const report = emptyReport(fromPack, toPack);
  const impacts = new Map<string, PathwayImpact>();
  const perDirection = options.examplesPerDirection ?? 3;
  for (const session of sessions) {
    const before = replaySession(fromPack, session);
    if (!before.outcome) {
      report.skipped++;
      if (report.skippedExamples.length < perDirection) report.skippedExamples.push({ sessionId: session.id, reason: before.reason });
      continue;
    }
    const after = replaySession(toPack, session);
    const impact = impactFor(impacts, fromPack, before.outcome.pathwayId);
    const direction = classify(fromPack, toPack, before.outcome, after.outcome);
    count(report, direction);
    count(impact, direction);
    if (direction === 'unchanged') continue;
    const change: ReplayChange = { sessionId: session.id, pathwayId: before.outcome.pathwayId, direction, from: before.outcome, to: after.outcome };
    if (after.reason) change.reason = after.reason;
    report.changes.push(change);
    if (impact.examples.filter((e) => e.direction === direction).length < perDirection) impact.examples.push(change);
  }
  report.byPathway = [...impacts.values()].sort((a, b) => b.changed - a.changed || a.pathwayId.localeCompare(b.pathwayId));
  return report;
}

function zeroCounts(): Counts {
  return { sessions: 0, unchanged: 0, changed: 0, moreUrgent: 0, lessUrgent: 0, sameUrgency: 0, incomplete: 0 };
}

function emptyReport(fromPack: CompiledPack, toPack: CompiledPack): ReplayReport {
  return { from: fromPack.contentVersion, to: toPack.contentVersion, ...zeroCounts(), skipped: 0, skippedExamples: [], byPathway: [], changes: [] };
}

function impactFor(impacts: Map<string, PathwayImpact>, pack: CompiledPack, pathwayId: string): PathwayImpact {
  let impact = impacts.get(pathwayId);
  if (!impact) {
    impact = { pathwayId, title: pack.pathways[pathwayId]?.title ?? pathwayId, ...zeroCounts(), examples: [] };
    impacts.set(pathwayId, impact);
  }
  return impact;
}

const COUNTER: Record<Direction, keyof Counts> = { 'more-urgent': 'moreUrgent', 'less-urgent': 'lessUrgent', 'same-urgency': 'sameUrgency', incomplete: 'incomplete' };

function count(counts: Counts, direction: Direction | 'unchanged'): void {
  counts.sessions++;
  if (direction === 'unchanged') {
    counts.unchanged++;
    return;
  }
  counts.changed++;
  counts[COUNTER[direction]]++;
}

/** Urgency comes from each version's own catalogue snapshot of the disposition. */
export function classify(fromPack: CompiledPack, toPack: CompiledPack, before: OutcomeSummary, after: OutcomeSummary | null): Direction | 'unchanged' {
  if (!after) return 'incomplete';
  if (before.disposition === after.disposition && before.discriminator === after.discriminator && before.symptomGroup === after.symptomGroup) return 'unchanged';
  const a = fromPack.dispositions[before.disposition];
  const b = toPack.dispositions[after.disposition];
  const order = a && b ? compareUrgency(b, a) : 0;
  return order < 0 ? 'more-urgent' : order > 0 ? 'less-urgent' : 'same-urgency';
}

// ───────────────────────────── generated corpus ─────────────────────────────

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusOptions {
  /** Date the generated sessions run on (default 2025-01-15). */
  today?: string;
  /** Chance of answering "no" to each emergency-screen question (default 0.97). */
  screenPassRate?: number;
}

const OLDEST_DAYS = yearsToDays(95);

/** n random but valid sessions, made by walking the pack with random answers. */
export function generateCorpus(pack: CompiledPack, n: number, seed: number, options: CorpusOptions = {}): RecordedSession[] {
  const random = seededRandom(seed);
  const today = options.today ?? '2025-01-15';
  const passRate = options.screenPassRate ?? 0.97;
  const entries = pack.pathwayOrder.filter((id) => pack.pathways[id].entry);
  const sessions: RecordedSession[] = [];
  for (let i = 0; i < n; i++) {
    const pathwayId = pick(random, entries);
    const start = randomStart(random, pack, pathwayId, today);
    const { walk } = drive(pack, start, null, (q) => randomAnswer(random, q, pack, today, passRate));
    sessions.push({ id: `gen-${seed}-${i}`, start, pathwayId: null, answers: walk?.answers ?? [], contentVersion: pack.contentVersion });
  }
  return sessions;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function randomStart(random: () => number, pack: CompiledPack, pathwayId: string, today: string): StartInput {
  const gating = pack.pathways[pathwayId].gating;
  return { ageDays: randomAgeDays(random, pick(random, gating.ageBands)), sex: pick(random, gating.sexes), entry: { pathwayId }, today };
}

function randomAgeDays(random: () => number, band: AgeBand): number {
  const index = AGE_BANDS.indexOf(band);
  const low = index === 0 ? 0 : ageBandLimitDays(AGE_BANDS[index - 1]);
  const high = band === 'adult' ? OLDEST_DAYS : ageBandLimitDays(band) - 1;
  return low + Math.floor(random() * (high - low + 1));
}

function randomAnswer(random: () => number, q: QuestionNode, pack: CompiledPack, today: string, passRate: number): AnswerValue {
  switch (q.kind) {
    case 'yes-no':
      if (q.pathway === pack.screen) return random() < passRate ? 'no' : 'yes';
      return random() < 0.5 ? 'yes' : 'no';
    case 'single':
      return pick(random, q.options ?? []).id;
    case 'multiple':
      return randomSelection(random, q);
    case 'number':
    case 'duration':
      return randomNumber(random, q);
    case 'date':
      return randomDate(random, q, today);
  }
}

function randomSelection(random: () => number, q: QuestionNode): string[] {
  const options = q.options ?? [];
  const exclusive = options.filter((o) => o.exclusive);
  if (exclusive.length && random() < 0.4) return [pick(random, exclusive).id];
  const others = options.filter((o) => !o.exclusive);
  const chosen = others.filter(() => random() < 0.3).map((o) => o.id);
  const needed = Math.max(1, q.minSelected ?? 1);
  for (const o of others) if (chosen.length < needed && !chosen.includes(o.id)) chosen.push(o.id);
  return chosen;
}

function randomNumber(random: () => number, q: QuestionNode): number {
  const min = q.min ?? 0;
  const max = q.max ?? 100;
  const x = min + random() * (max - min);
  const rounded = q.integer ? Math.round(x) : Math.round(x * 10) / 10;
  return Math.min(max, Math.max(min, rounded));
}

function randomDate(random: () => number, q: QuestionNode, today: string): string {
  const earliest = addDays(today, -(q.earliestDaysAgo ?? 366));
  const span = daysBetween(earliest, addDays(today, q.latestDaysAhead ?? 0));
  return addDays(earliest, Math.floor(random() * (span + 1)));
}
