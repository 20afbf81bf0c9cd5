/**
 * The triage engine: pure functions over a compiled pack and a JSON session state.
 *
 * Every public function takes a state and returns a NEW state; the input is never changed, so a
 * rejected answer loses nothing. Internally one mutable "walk" does the work: the public API
 * copies the state into a walk, and replay / scenario tests / corpus generation drive a walk
 * directly (no copying), which keeps 100,000-session replays fast.
 */
import { questionFor } from './answerer';
import { answerLabel, dateRange, normaliseAnswer } from './answers';
import { evaluate, renderTemplate } from './conditions';
import { dayNumber, todayIso } from './dates';
import type { DurationUnit } from './durations';
import { TriageError } from './errors';
import { wholeMonths, wholeYears } from '../directory/age';
import { AGE_BANDS, StartInput, ageBandOf, ageDaysOf } from './model';
import type {
  AnswerRecord,
  AnswerValue,
  CompiledOption,
  CompiledPack,
  CompiledPathway,
  CompiledRoute,
  DirectoryQuery,
  Outcome,
  OutcomeNodeC,
  Patient,
  QuestionKind,
  QuestionNode,
  RecordedSession,
  ReportLine,
  SessionState,
  SessionStatus,
  VarValue,
} from './model';
import { applicableAlternatives, searchPathways } from './search';

export { TriageError } from './errors';
export { searchPathways } from './search';
export type { SearchHit } from './search';

/** Guards against looping content that slipped past the compiler (it rejects cycles). */
const MAX_AUTOMATIC_STEPS = 10_000;

// ───────────────────────────── the walk ─────────────────────────────

export interface Walk {
  pack: CompiledPack;
  patient: Patient;
  today: string;
  pathwayId: string | null;
  answers: AnswerRecord[];
  vars: Record<string, VarValue>;
  trail: string[];
  reasons: string[];
  status: SessionStatus;
  current: string | null;
  outcomeNode: string | null;
}

/** Years convert to days as the directory's age limits do (directory/age.ts). */
function patientFrom(input: StartInput): Patient {
  const ageDays = ageDaysOf(input);
  return { ageDays, ageBand: ageBandOf(ageDays), sex: input.sex };
}

function parseStart(input: unknown): StartInput {
  const parsed = StartInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TriageError('invalid-start', 400, `Cannot start the session: ${issue.message}`, issue.path.join('.') || undefined);
  }
  if ((parsed.data.ageYears === undefined) === (parsed.data.ageDays === undefined)) {
    throw new TriageError('invalid-start', 400, 'Cannot start the session: give exactly one of ageYears or ageDays', 'ageYears');
  }
  if (parsed.data.today !== undefined && dayNumber(parsed.data.today) === null) {
    throw new TriageError('invalid-start', 400, `Cannot start the session: ${parsed.data.today} is not a real date`, 'today');
  }
  return parsed.data;
}

/** A new walk at the emergency screen, the entry pathway resolved and checked against the patient. */
export function beginWalk(pack: CompiledPack, input: StartInput, chosenPathway: string | null = null): Walk {
  const patient = patientFrom(input);
  const pathwayId = chosenPathway ?? resolveEntry(pack, input, patient);
  if (pathwayId) assertApplicable(pack, pathwayId, patient);
  const walk: Walk = {
    pack,
    patient,
    today: input.today ?? todayIso(),
    pathwayId,
    answers: [],
    vars: {},
    trail: [],
    reasons: [],
    status: 'in-progress',
    current: null,
    outcomeNode: null,
  };
  const screen = pack.pathways[pack.screen];
  if (!screen) throw new TriageError('content-invalid', 409, `Content ${pack.contentVersion} has no emergency screen; it cannot run sessions`);
  runFrom(walk, screen.start);
  return walk;
}

function resolveEntry(pack: CompiledPack, input: StartInput, patient: Patient): string | null {
  const entry = input.entry;
  if (!entry) return null;
  if ('pathwayId' in entry) return entry.pathwayId;
  if ('symptomGroup' in entry) return pathwayForSymptomGroup(pack, entry.symptomGroup, patient);
  const best = searchPathways(pack, entry.search, { ageDays: patient.ageDays, sex: patient.sex })[0];
  if (!best) throw new TriageError('no-pathway-found', 400, `No pathway matches "${entry.search}" for this patient; choose one from the list`, 'entry.search');
  return best.pathwayId;
}

function pathwayForSymptomGroup(pack: CompiledPack, symptomGroup: number, patient: Patient): string {
  const candidates = pack.pathwayOrder.map((id) => pack.pathways[id]).filter((p) => p.entry && p.symptomGroup === symptomGroup);
  if (!candidates.length) throw new TriageError('unknown-symptom-group', 400, `No pathway starts from symptom group ${symptomGroup}`, 'entry.symptomGroup');
  const fitting = candidates.find((p) => isApplicable(p, patient));
  if (!fitting) throw notApplicable(pack, candidates[0], patient);
  return fitting.id;
}

export function isApplicable(pathway: CompiledPathway, patient: Pick<Patient, 'ageBand' | 'sex'>): boolean {
  return pathway.gating.ageBands.includes(patient.ageBand) && pathway.gating.sexes.includes(patient.sex);
}

function assertApplicable(pack: CompiledPack, pathwayId: string, patient: Patient): void {
  const pathway = pack.pathways[pathwayId];
  if (!pathway || pathway.screen) throw new TriageError('unknown-pathway', 400, `There is no pathway '${pathwayId}' in content ${pack.contentVersion}`, 'pathwayId');
  if (!pathway.entry) throw new TriageError('not-an-entry-pathway', 400, `Pathway '${pathwayId}' can only be reached from another pathway`, 'pathwayId');
  if (!isApplicable(pathway, patient)) throw notApplicable(pack, pathway, patient);
}

/** Refuses a pathway that does not apply, naming the ones that do (no dead ends). */
function notApplicable(pack: CompiledPack, pathway: CompiledPathway, patient: Patient): TriageError {
  const bands = pathway.gating.ageBands.length === AGE_BANDS.length ? 'all ages' : pathway.gating.ageBands.join(', ');
  const alternatives = applicableAlternatives(pack, pathway.id, { ageDays: patient.ageDays, sex: patient.sex }).map((h) => ({ pathwayId: h.pathwayId, title: h.title }));
  const offer = alternatives.length ? `; try ${alternatives.map((a) => `'${a.title}' (${a.pathwayId})`).join(' or ')}` : '';
  return new TriageError(
    'pathway-not-applicable',
    409,
    `The '${pathway.title}' pathway is for ${bands} (${pathway.gating.sexes.join('/')}); this patient is ${describePatient(patient)}${offer}`,
    'pathwayId',
    alternatives,
  );
}

/** Follows automatic nodes (branch, set, jump, proceed) until a question or an outcome. */
function runFrom(walk: Walk, startId: string): void {
  let id: string | null = startId;
  for (let steps = 0; id !== null; steps++) {
    if (steps > MAX_AUTOMATIC_STEPS) throw new TriageError('content-loop', 409, `Content ${walk.pack.contentVersion} loops at '${id}'`);
    id = step(walk, id);
  }
}

/** Visits one node; returns the next node to visit, or null when the walk must wait or is over. */
function step(walk: Walk, id: string): string | null {
  const node = walk.pack.nodes[id];
  if (!node) throw new TriageError('content-invalid', 409, `Content ${walk.pack.contentVersion} has no node '${id}'; it did not compile cleanly`);
  walk.trail.push(id);
  switch (node.type) {
    case 'question':
      walk.current = id;
      walk.status = 'in-progress';
      return null;
    case 'branch':
      return followRoutes(walk, node.routes) ?? node.next;
    case 'set':
      Object.assign(walk.vars, node.set);
      return node.next;
    case 'jump':
      if (node.reason) walk.reasons.push(node.reason);
      return node.next;
    case 'outcome':
      finish(walk, node);
      return null;
    case 'proceed':
      return proceedToPathway(walk);
  }
}

function finish(walk: Walk, node: OutcomeNodeC): void {
  if (node.reason) walk.reasons.push(node.reason);
  walk.status = 'finished';
  walk.current = null;
  walk.outcomeNode = node.id;
}

function proceedToPathway(walk: Walk): string | null {
  walk.current = null;
  if (walk.pathwayId) return walk.pack.pathways[walk.pathwayId].start;
  walk.status = 'needs-pathway';
  return null;
}

function followRoutes(walk: Walk, routes: CompiledRoute[]): string | null {
  for (const route of routes) {
    if (!evaluate(route.when, walk)) continue;
    if (route.set) Object.assign(walk.vars, route.set);
    if (route.reason) walk.reasons.push(route.reason);
    return route.next;
  }
  return null;
}

/** Validates and applies an answer to the current question, then runs on. */
export function applyAnswer(walk: Walk, nodeId: string, value: unknown): void {
  const node = currentNode(walk, nodeId);
  const normalised = normaliseAnswer(node, value, walk.today);
  walk.answers.push({ nodeId, value: normalised });
  if (node.store) walk.vars[node.store] = normalised;
  const option = chosenOption(node, normalised);
  if (option?.set) Object.assign(walk.vars, option.set);
  collectReasons(walk, node, normalised);
  walk.current = null;
  const next = option?.next ?? followRoutes(walk, node.routes) ?? node.next;
  if (next === undefined) throw new TriageError('content-dead-end', 409, `Content ${walk.pack.contentVersion} has no way on from '${nodeId}'`);
  runFrom(walk, next);
}

function currentNode(walk: Walk, nodeId: string): QuestionNode {
  if (walk.status === 'finished') throw new TriageError('session-finished', 409, 'This session has finished; change an earlier answer instead', 'nodeId');
  if (walk.status === 'needs-pathway') throw new TriageError('needs-pathway', 409, 'Choose a pathway before answering more questions', 'nodeId');
  const node = walk.pack.nodes[nodeId];
  if (!node || node.type !== 'question') throw new TriageError('unknown-question', 400, `There is no question '${nodeId}' in content ${walk.pack.contentVersion}`, 'nodeId');
  if (walk.current !== nodeId) throw new TriageError('not-current-question', 409, `'${nodeId}' is not the question being asked now (that is '${walk.current}')`, 'nodeId');
  return node;
}

function chosenOption(node: QuestionNode, value: AnswerValue): CompiledOption | undefined {
  return node.kind === 'yes-no' || node.kind === 'single' ? node.options?.find((o) => o.id === value) : undefined;
}

function collectReasons(walk: Walk, node: QuestionNode, value: AnswerValue): void {
  if (!node.options) return;
  const chosen = Array.isArray(value) ? value : [value];
  for (const option of node.options) if (option.reason && chosen.includes(option.id)) walk.reasons.push(option.reason);
}

export function choosePathwayOnWalk(walk: Walk, pathwayId: string): void {
  if (walk.pathwayId) throw new TriageError('pathway-already-chosen', 409, `The pathway is already chosen ('${walk.pathwayId}')`, 'pathwayId');
  if (walk.status === 'finished') throw new TriageError('session-finished', 409, 'This session has finished', 'pathwayId');
  assertApplicable(walk.pack, pathwayId, walk.patient);
  walk.pathwayId = pathwayId;
  if (walk.status === 'needs-pathway') {
    walk.status = 'in-progress';
    runFrom(walk, walk.pack.pathways[pathwayId].start);
  }
}

// ───────────────────────────── driving a walk ─────────────────────────────

/** Gives the answer to a question, or undefined to stop the walk there. */
export type AnswerSource = (question: QuestionNode, walk: Walk) => AnswerValue | undefined;

export interface DriveResult {
  walk: Walk | null;
  /** Set when the content refused the start or an answer. */
  error: TriageError | null;
}

/** Runs a whole session from answers supplied on demand: replay, scenario tests, corpus generation. */
export function drive(pack: CompiledPack, input: StartInput, pathwayId: string | null, source: AnswerSource): DriveResult {
  let walk: Walk;
  try {
    walk = beginWalk(pack, input, pathwayId);
  } catch (error) {
    return { walk: null, error: asTriageError(error) };
  }
  try {
    while (walk.status === 'in-progress' && walk.current) {
      const value = source(walk.pack.nodes[walk.current] as QuestionNode, walk);
      if (value === undefined) break;
      applyAnswer(walk, walk.current, value);
    }
    return { walk, error: null };
  } catch (error) {
    return { walk, error: asTriageError(error) };
  }
}

function asTriageError(error: unknown): TriageError {
  if (error instanceof TriageError) return error;
  throw error;
}

// ───────────────────────────── public API over session state ─────────────────────────────

export function startSession(pack: CompiledPack, input: StartInput): SessionState {
  const start = parseStart(input);
  const walk = beginWalk(pack, { ...start, today: start.today ?? todayIso() });
  return toState(walk, { ...start, today: walk.today });
}

/** After the screen, when the session was started without an entry pathway. */
export function choosePathway(pack: CompiledPack, state: SessionState, pathwayId: string): SessionState {
  const walk = toWalk(pack, state);
  choosePathwayOnWalk(walk, pathwayId);
  return toState(walk, state.start);
}

export function answer(pack: CompiledPack, state: SessionState, nodeId: string, value: unknown): SessionState {
  const walk = toWalk(pack, state);
  applyAnswer(walk, nodeId, value);
  return toState(walk, state.start);
}

/** Undoes the last answer. */
export function back(pack: CompiledPack, state: SessionState): SessionState {
  assertSameContent(pack, state);
  if (!state.answers.length) throw new TriageError('nothing-to-undo', 409, 'There is no answer to go back from');
  return rebuild(pack, state, state.answers.slice(0, -1));
}

/** Changes an earlier answer: later answers are dropped and the session runs on from there. */
export function changeAnswer(pack: CompiledPack, state: SessionState, nodeId: string, value: unknown): SessionState {
  assertSameContent(pack, state);
  const index = state.answers.findIndex((a) => a.nodeId === nodeId);
  if (index < 0) throw new TriageError('not-answered', 400, `'${nodeId}' has not been answered in this session`, 'nodeId');
  const rewound = rebuild(pack, state, state.answers.slice(0, index));
  return answer(pack, rewound, nodeId, value);
}

function rebuild(pack: CompiledPack, state: SessionState, answers: AnswerRecord[]): SessionState {
  const walk = beginWalk(pack, state.start, state.start.entry ? null : state.pathwayId);
  for (const a of answers) applyAnswer(walk, a.nodeId, a.value);
  return toState(walk, state.start);
}

export interface QuestionView {
  nodeId: string;
  pathwayId: string;
  pathwayTitle: string;
  kind: QuestionKind;
  text: string;
  help?: string;
  options?: { id: string; label: string; exclusive?: boolean }[];
  minSelected?: number;
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Duration questions: units to offer; the answer is sent in hours. */
  units?: DurationUnit[];
  earliestDate?: string;
  latestDate?: string;
}

/** The question to ask now, or null when the session is finished or waits for a pathway. */
export function currentQuestion(pack: CompiledPack, state: SessionState): QuestionView | null {
  assertSameContent(pack, state);
  if (!state.current) return null;
  const node = pack.nodes[state.current] as QuestionNode;
  const view = questionView(pack, node, state.vars, state.today);
  // The emergency screen speaks to whoever calls about "the person" already.
  return node.pathway === pack.screen ? view : questionFor(view, state.start.answerer);
}

function questionView(pack: CompiledPack, node: QuestionNode, vars: Record<string, VarValue>, today: string): QuestionView {
  const view: QuestionView = { nodeId: node.id, pathwayId: node.pathway, pathwayTitle: pack.pathways[node.pathway].title, kind: node.kind, text: renderTemplate(node.text, vars) };
  if (node.help) view.help = node.help;
  if (node.options) view.options = node.options.map((o) => (o.exclusive ? { id: o.id, label: o.label, exclusive: true } : { id: o.id, label: o.label }));
  if (node.kind === 'multiple') view.minSelected = node.minSelected ?? 1;
  if (node.kind === 'number') Object.assign(view, { unit: node.unit, min: node.min, max: node.max, integer: node.integer ?? false });
  if (node.kind === 'duration') Object.assign(view, { unit: 'hours', units: node.units, min: node.min, max: node.max });
  if (node.kind === 'date') {
    const range = dateRange(node, today);
    Object.assign(view, { earliestDate: range.earliest, latestDate: range.latest });
  }
  return view;
}

/** The outcome of a finished session. */
export function outcomeOf(pack: CompiledPack, state: SessionState): Outcome {
  assertSameContent(pack, state);
  if (!state.outcome) throw new TriageError('not-finished', 409, 'This session has not reached an outcome yet');
  return state.outcome;
}

/** Straight into a directory search: the outcome's codes and the patient's age and sex. */
export function directoryQuery(outcome: Outcome): DirectoryQuery {
  return {
    symptomGroup: outcome.symptomGroup,
    symptomDiscriminator: outcome.symptomDiscriminator,
    disposition: outcome.disposition,
    ageDays: outcome.patient.ageDays,
    sex: outcome.patient.sex,
  };
}

/** What the server stores to replay this session later. */
export function recordOf(state: SessionState, id: string): RecordedSession {
  return { id, start: state.start, pathwayId: state.start.entry ? null : state.pathwayId, answers: state.answers, contentVersion: state.contentVersion };
}

function assertSameContent(pack: CompiledPack, state: SessionState): void {
  if (state.contentVersion !== pack.contentVersion) {
    throw new TriageError(
      'content-version-mismatch',
      409,
      `This session runs on content ${state.contentVersion}; it cannot continue on ${pack.contentVersion}. Start a new session.`,
      'contentVersion',
    );
  }
}

function toWalk(pack: CompiledPack, state: SessionState): Walk {
  assertSameContent(pack, state);
  return {
    pack,
    patient: state.patient,
    today: state.today,
    pathwayId: state.pathwayId,
    answers: state.answers.slice(),
    vars: { ...state.vars },
    trail: state.trail.slice(),
    reasons: state.reasons.slice(),
    status: state.status,
    current: state.current,
    outcomeNode: null,
  };
}

function toState(walk: Walk, start: StartInput): SessionState {
  return {
    contentVersion: walk.pack.contentVersion,
    start,
    patient: walk.patient,
    today: walk.today,
    pathwayId: walk.pathwayId,
    answers: walk.answers,
    vars: walk.vars,
    trail: walk.trail,
    reasons: walk.reasons,
    status: walk.status,
    current: walk.current,
    outcome: walk.status === 'finished' ? buildOutcome(walk) : null,
  };
}

// ───────────────────────────── the outcome and its report ─────────────────────────────

export function buildOutcome(walk: Walk): Outcome {
  const { pack } = walk;
  const node = pack.nodes[walk.outcomeNode ?? walk.trail[walk.trail.length - 1]] as OutcomeNodeC;
  const disposition = pack.dispositions[node.disposition];
  const report = reportLines(walk);
  const outcome: Outcome = {
    contentVersion: pack.contentVersion,
    pathwayId: node.pathway,
    entryPathwayId: walk.pathwayId,
    outcomeNodeId: node.id,
    disposition: node.disposition,
    dispositionTitle: disposition?.title ?? node.disposition,
    timeframe: disposition?.timeframe ?? 'none',
    symptomGroup: node.symptomGroup,
    symptomGroupTitle: pack.symptomGroups[String(node.symptomGroup)]?.title ?? String(node.symptomGroup),
    symptomDiscriminator: node.discriminator,
    symptomDiscriminatorTitle: pack.discriminators[node.discriminator]?.title ?? node.discriminator,
    careAdvice: node.careAdvice.map((id) => pack.careAdvice[id]).filter(Boolean),
    reportText: '',
    report,
    reasons: walk.reasons.length ? walk.reasons.slice() : fallbackReasons(report),
    patient: walk.patient,
  };
  outcome.reportText = reportText(walk, node, outcome);
  return outcome;
}

function reportLines(walk: Walk): ReportLine[] {
  const vars: Record<string, VarValue> = {};
  return walk.answers.map((a) => {
    const node = walk.pack.nodes[a.nodeId] as QuestionNode;
    const line: ReportLine = { nodeId: a.nodeId, question: renderTemplate(node.text, vars), answer: answerLabel(node, a.value), kind: node.kind, value: a.value };
    if (node.store) vars[node.store] = a.value;
    return line;
  });
}

/** When the content gives no reason, the last answer is what decided the outcome. */
function fallbackReasons(report: ReportLine[]): string[] {
  const last = report[report.length - 1];
  return last ? [`${last.question} — ${last.answer}`] : ['Reached from the emergency questions'];
}

function reportText(walk: Walk, node: OutcomeNodeC, outcome: Outcome): string {
  const pathway = walk.pack.pathways[outcome.pathwayId];
  const entry = walk.pathwayId ? walk.pack.pathways[walk.pathwayId] : null;
  const route = entry && entry.id !== pathway.id ? `${entry.title}, then ${pathway.title}` : pathway.title;
  const qa = outcome.report.map((l) => `${ensureQuestionMark(l.question)} ${l.answer}.`).join(' ');
  return [
    `Triage by the ${route} pathway (${walk.pack.title}, content ${walk.pack.contentVersion}; ${walk.pack.notice}).`,
    `Patient: ${describePatient(walk.patient)}.`,
    renderTemplate(node.report, walk.vars),
    qa ? `Questions and answers: ${qa}` : '',
    `Outcome: ${outcome.disposition} — ${outcome.dispositionTitle}. Symptom group ${outcome.symptomGroup} (${outcome.symptomGroupTitle}), discriminator ${outcome.symptomDiscriminator} (${outcome.symptomDiscriminatorTitle}).`,
    `Why: ${outcome.reasons.join('; ')}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

function ensureQuestionMark(text: string): string {
  const trimmed = text.trim();
  return /[?.!]$/.test(trimmed) ? trimmed : `${trimmed}?`;
}

export function describePatient(patient: Patient): string {
  const years = wholeYears(patient.ageDays);
  const months = wholeMonths(patient.ageDays);
  const age = years >= 2 ? `${years} years` : months >= 1 ? `${months} month${months === 1 ? '' : 's'}` : `${patient.ageDays} days`;
  const sex = patient.sex === 'unknown' ? 'sex not given' : patient.sex;
  return `${patient.ageBand}, ${age} old, ${sex}`;
}
