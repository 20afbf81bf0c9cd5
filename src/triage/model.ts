/**
 * Triage content model.
 *
 * Three layers live here:
 *  1. the AUTHORED form (zod schemas) — what content editors write in YAML under `content/`;
 *  2. the COMPILED form — plain JSON the compiler produces and the database can store;
 *  3. the SESSION form — plain JSON state and outcome the engine passes back and forth.
 * Everything in layers 2 and 3 must stay JSON-serialisable: no classes, Maps, Dates or functions.
 */
import { z } from 'zod';
import { ageInDays, yearsToDays } from '../directory/age';
import { DURATION_UNITS, type DurationUnit } from './durations';

// ───────────────────────────── shared vocabulary ─────────────────────────────

export const AGE_BANDS = ['infant', 'toddler', 'child', 'adult'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const SEXES = ['female', 'male', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** The directory's conventions (directory/age.ts): ages convert between years and days there only. */
export { DAYS_PER_YEAR } from '../directory/age';
/** Upper age limit (exclusive, in years) of each band; adult is open-ended. */
export const AGE_BAND_LIMIT_YEARS: Record<AgeBand, number> = { infant: 1, toddler: 5, child: 16, adult: Infinity };

/** The band of an age in days: below a band's limit in the directory's days (a first birthday is a toddler). */
export function ageBandOf(ageDays: number): AgeBand {
  return AGE_BANDS.find((band) => ageDays < ageBandLimitDays(band)) ?? 'adult';
}

/** Age in days of a patient given in years or in days (the directory's conversion). */
export function ageDaysOf(patient: { ageYears?: number; ageDays?: number }): number {
  return patient.ageDays ?? ageInDays(patient.ageYears ?? 0, 'years');
}

/** A band's upper limit in days (exclusive); Infinity for adults. */
export function ageBandLimitDays(band: AgeBand): number {
  const years = AGE_BAND_LIMIT_YEARS[band];
  return years === Infinity ? Infinity : yearsToDays(years);
}

/** The id of the emergency screen, compiled as a pathway of its own. */
export const SCREEN_ID = 'emergency';

// ───────────────────────────── authored form ─────────────────────────────

const idPattern = /^[a-z0-9][a-z0-9-]*$/;
export const Id = z.string().regex(idPattern, 'ids use lower-case letters, digits and hyphens');
export const VarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names use letters, digits and _');
export const VarValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type VarValue = z.infer<typeof VarValue>;
/** Discriminator codes are strings ('4052'); a bare YAML number is accepted and turned into one. */
export const DiscriminatorCode = z
  .union([z.string().regex(/^[A-Z]?\d+$/, "a discriminator code is digits, e.g. '4052' (or a Z-code such as 'Z001')"), z.number().int().nonnegative()])
  .transform(String);
export const DispositionCode = z.string().regex(/^Dx\d+$/, "a disposition code looks like 'Dx02'");
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD');

const NumberTest = z.strictObject({
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
});
export type NumberTest = z.infer<typeof NumberTest>;

const CONDITION_KINDS = ['var', 'ageBand', 'sex', 'ageYears', 'all', 'any', 'not'] as const;
const VAR_TESTS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'includes', 'includesAny', 'includesAll', 'isSet', 'daysAgo'] as const;

/**
 * One flat object rather than a union: authors get "unrecognised key" and
 * "exactly one of …" messages instead of zod's opaque union failures.
 */
export interface AuthoredCondition {
  var?: string;
  eq?: string | number | boolean;
  ne?: string | number | boolean;
  in?: (string | number)[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  includes?: string;
  includesAny?: string[];
  includesAll?: string[];
  isSet?: boolean;
  daysAgo?: NumberTest;
  ageBand?: AgeBand[];
  sex?: Sex[];
  ageYears?: NumberTest;
  all?: AuthoredCondition[];
  any?: AuthoredCondition[];
  not?: AuthoredCondition;
}

export const Condition: z.ZodType<AuthoredCondition> = z.lazy(() =>
  z
    .strictObject({
      var: VarName.optional(),
      eq: z.union([z.string(), z.number(), z.boolean()]).optional(),
      ne: z.union([z.string(), z.number(), z.boolean()]).optional(),
      in: z.array(z.union([z.string(), z.number()])).min(1).optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      includes: z.string().optional(),
      includesAny: z.array(z.string()).min(1).optional(),
      includesAll: z.array(z.string()).min(1).optional(),
      isSet: z.boolean().optional(),
      daysAgo: NumberTest.optional(),
      ageBand: z.array(z.enum(AGE_BANDS)).min(1).optional(),
      sex: z.array(z.enum(SEXES)).min(1).optional(),
      ageYears: NumberTest.optional(),
      all: z.array(Condition).min(1).optional(),
      any: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
    })
    .superRefine((c, ctx) => {
      const kinds = CONDITION_KINDS.filter((k) => c[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.addIssue({ code: 'custom', message: `a condition needs exactly one of: ${CONDITION_KINDS.join(', ')} (found ${kinds.join(', ') || 'none'})` });
        return;
      }
      const tests = VAR_TESTS.filter((k) => c[k] !== undefined);
      if (kinds[0] === 'var' && tests.length === 0) ctx.addIssue({ code: 'custom', message: `a var condition needs a test: ${VAR_TESTS.join(', ')}` });
      if (kinds[0] !== 'var' && tests.length > 0) ctx.addIssue({ code: 'custom', message: `${tests.join(', ')} only apply to a var condition` });
    }),
);

const SetVars = z.record(VarName, VarValue);
const Reason = z.string().min(3);

export const Route = z.strictObject({ when: Condition, next: Id, set: SetVars.optional(), reason: Reason.optional() });
export type AuthoredRoute = z.infer<typeof Route>;

/** A yes/no branch: either the next node id, or `{ next, set?, reason? }`. */
const YesNoBranch = z.union([Id, z.strictObject({ next: Id, set: SetVars.optional(), reason: Reason.optional() })]);

const QuestionBase = {
  id: Id,
  ask: z.string().min(3),
  help: z.string().optional(),
  /** Stores the answer in a variable (option id, option ids, number or ISO date). */
  store: VarName.optional(),
};

const YesNoNode = z.strictObject({ ...QuestionBase, type: z.literal('yes-no'), yes: YesNoBranch, no: YesNoBranch });
const SingleNode = z.strictObject({
  ...QuestionBase,
  type: z.literal('single'),
  options: z
    .array(z.strictObject({ id: Id, label: z.string().min(1), next: Id.optional(), set: SetVars.optional(), reason: Reason.optional() }))
    .min(2),
  routes: z.array(Route).optional(),
  next: Id.optional(),
});
const MultipleNode = z.strictObject({
  ...QuestionBase,
  type: z.literal('multiple'),
  options: z.array(z.strictObject({ id: Id, label: z.string().min(1), exclusive: z.boolean().optional(), reason: Reason.optional() })).min(2),
  minSelected: z.number().int().nonnegative().optional(),
  routes: z.array(Route).optional(),
  next: Id,
});
const NumberNode = z.strictObject({
  ...QuestionBase,
  type: z.literal('number'),
  unit: z.string().min(1),
  min: z.number(),
  max: z.number(),
  integer: z.boolean().optional(),
  routes: z.array(Route).optional(),
  next: Id,
});
/** How long something has lasted: answered in hours, days or weeks, stored in hours. */
const DurationNode = z.strictObject({
  ...QuestionBase,
  type: z.literal('duration'),
  /** The units offered to the person answering (default hours, days and weeks). */
  units: z.array(z.enum(DURATION_UNITS)).min(1).optional(),
  /** Limits in hours. */
  min: z.number().nonnegative().default(0),
  max: z.number().positive(),
  routes: z.array(Route).optional(),
  next: Id,
});
const DateNode = z.strictObject({
  ...QuestionBase,
  type: z.literal('date'),
  /** How far back an answer may lie, in days (default 366). */
  earliestDaysAgo: z.number().int().nonnegative().optional(),
  /** How far ahead an answer may lie, in days (default 0: not in the future). */
  latestDaysAhead: z.number().int().nonnegative().optional(),
  routes: z.array(Route).optional(),
  next: Id,
});
const BranchNode = z.strictObject({ id: Id, type: z.literal('branch'), routes: z.array(Route).min(1), next: Id });
const SetNode = z.strictObject({ id: Id, type: z.literal('set'), set: SetVars, next: Id });
const JumpNode = z.strictObject({ id: Id, type: z.literal('jump'), pathway: Id, node: Id.optional(), reason: Reason.optional() });
const OutcomeNode = z.strictObject({
  id: Id,
  type: z.literal('outcome'),
  disposition: DispositionCode,
  discriminator: DiscriminatorCode,
  /** Defaults to the pathway's symptom group; required in the emergency screen. */
  symptomGroup: z.number().int().positive().optional(),
  careAdvice: z.array(Id).default([]),
  /** Plain-English sentence for the report; may read variables as {{name}}. */
  report: z.string().min(3),
  reason: Reason.optional(),
});
/** Only in the emergency screen: nothing urgent found, carry on to the pathway. */
const ProceedNode = z.strictObject({ id: Id, type: z.literal('proceed') });

export const Node = z.discriminatedUnion('type', [YesNoNode, SingleNode, MultipleNode, NumberNode, DurationNode, DateNode, BranchNode, SetNode, JumpNode, OutcomeNode, ProceedNode]);
export type AuthoredNode = z.infer<typeof Node>;
export const QUESTION_TYPES = ['yes-no', 'single', 'multiple', 'number', 'duration', 'date'] as const;
export type QuestionKind = (typeof QUESTION_TYPES)[number];

export const AnswerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const PatientInput = z
  .strictObject({
    ageYears: z.number().nonnegative().max(130).optional(),
    ageDays: z.number().int().nonnegative().max(130 * 366).optional(),
    sex: z.enum(SEXES),
  })
  .refine((p) => (p.ageYears === undefined) !== (p.ageDays === undefined), { message: 'give exactly one of ageYears or ageDays' });
export type PatientInput = z.infer<typeof PatientInput>;

export const Scenario = z.strictObject({
  name: z.string().min(3),
  patient: PatientInput,
  /** The date the scenario is run on, for date questions (default 2025-01-15). */
  today: IsoDate.optional(),
  /** Question id → answer. Local ids for this pathway; `pathway/node` for others; screen questions default to "no". */
  answers: z.record(z.string(), AnswerValue).default({}),
  expect: z
    .strictObject({
      disposition: DispositionCode.optional(),
      discriminator: DiscriminatorCode.optional(),
      outcome: z.string().optional(),
      pathway: Id.optional(),
      /** Expect the engine to refuse, with this TriageError code. */
      error: z.string().optional(),
    })
    .refine((e) => Object.values(e).some((v) => v !== undefined), { message: 'expect at least one of disposition, discriminator, outcome, pathway, error' }),
});
export type AuthoredScenario = z.infer<typeof Scenario>;

export const Source = z.strictObject({ title: z.string().min(3), url: z.url() });
export type Source = z.infer<typeof Source>;

export const Gating = z.strictObject({
  ageBands: z.array(z.enum(AGE_BANDS)).min(1).default([...AGE_BANDS]),
  sexes: z.array(z.enum(SEXES)).min(1).default([...SEXES]),
});
export type Gating = z.infer<typeof Gating>;

export const Pathway = z.strictObject({
  id: Id,
  title: z.string().min(3),
  symptomGroup: z.number().int().positive(),
  keywords: z.array(z.string().min(2)).default([]),
  /** false: only reachable by a jump from another pathway (a shared sub-pathway). */
  entry: z.boolean().default(true),
  gating: Gating.default({ ageBands: [...AGE_BANDS], sexes: [...SEXES] }),
  source: z.array(Source).min(1),
  start: Id,
  nodes: z.array(Node).min(1),
  tests: z.array(Scenario).default([]),
});
export type AuthoredPathway = z.infer<typeof Pathway>;

export const EmergencyScreen = z.strictObject({
  title: z.string().min(3),
  source: z.array(Source).default([]),
  start: Id,
  nodes: z.array(Node).min(1),
  tests: z.array(Scenario).default([]),
});

/** Overlay only: replace or add nodes (by id) and scenario tests (by name) of one pathway. */
export const PathwayPatch = z.strictObject({
  pathway: Id,
  start: Id.optional(),
  nodes: z.array(Node).default([]),
  tests: z.array(Scenario).default([]),
});

export const CareAdvice = z.strictObject({ id: Id, title: z.string().min(3), text: z.string().min(10) });
export type CareAdvice = z.infer<typeof CareAdvice>;

export const PackMeta = z.strictObject({
  id: Id,
  title: z.string().min(3),
  version: z.string().min(1),
  notice: z.string().min(3),
  description: z.string().optional(),
  sources: z.array(Source).default([]),
  /** Set on a local variation: the id of the pack it overlays. */
  overlayOf: Id.optional(),
  area: z.string().optional(),
});
export type PackMeta = z.infer<typeof PackMeta>;

/** A content file holds one or more of these sections. */
export const ContentFileSchema = z
  .strictObject({
    pack: PackMeta.optional(),
    emergencyScreen: EmergencyScreen.optional(),
    careAdvice: z.array(CareAdvice).optional(),
    pathway: Pathway.optional(),
    pathwayPatch: PathwayPatch.optional(),
  })
  .refine((f) => Object.values(f).some((v) => v !== undefined), { message: 'a content file needs one of: pack, emergencyScreen, careAdvice, pathway, pathwayPatch' });

// ───────────────────────────── compiled form ─────────────────────────────

export type CompiledCondition =
  | { kind: 'var'; var: string; test: VarTest }
  | { kind: 'ageBand'; bands: AgeBand[] }
  | { kind: 'sex'; sexes: Sex[] }
  | { kind: 'ageYears'; test: NumberTest }
  | { kind: 'all'; of: CompiledCondition[] }
  | { kind: 'any'; of: CompiledCondition[] }
  | { kind: 'not'; of: CompiledCondition };

export type VarTest = Omit<AuthoredCondition, 'var' | 'ageBand' | 'sex' | 'ageYears' | 'all' | 'any' | 'not'>;

/** Node ids in the compiled form are qualified: `pathwayId/nodeId`. */
export interface CompiledRoute {
  when: CompiledCondition;
  next: string;
  set?: Record<string, VarValue>;
  reason?: string;
}

export interface CompiledOption {
  id: string;
  label: string;
  next?: string;
  set?: Record<string, VarValue>;
  reason?: string;
  exclusive?: boolean;
}

interface NodeBase {
  id: string;
  pathway: string;
  /** `file:line` of the authored node, for traceability from an outcome back to content. */
  at: string;
}

export interface QuestionNode extends NodeBase {
  type: 'question';
  kind: QuestionKind;
  text: string;
  help?: string;
  store?: string;
  options?: CompiledOption[];
  minSelected?: number;
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Duration questions: the units offered (the answer is held in hours). */
  units?: DurationUnit[];
  earliestDaysAgo?: number;
  latestDaysAhead?: number;
  routes: CompiledRoute[];
  next?: string;
}
export interface BranchNodeC extends NodeBase { type: 'branch'; routes: CompiledRoute[]; next: string }
export interface SetNodeC extends NodeBase { type: 'set'; set: Record<string, VarValue>; next: string }
export interface JumpNodeC extends NodeBase { type: 'jump'; target: string; next: string; reason?: string }
export interface OutcomeNodeC extends NodeBase {
  type: 'outcome';
  disposition: string;
  discriminator: string;
  symptomGroup: number;
  careAdvice: string[];
  report: string;
  reason?: string;
}
export interface ProceedNodeC extends NodeBase { type: 'proceed' }
export type CompiledNode = QuestionNode | BranchNodeC | SetNodeC | JumpNodeC | OutcomeNodeC | ProceedNodeC;

export interface CompiledScenario {
  name: string;
  patient: PatientInput;
  today?: string;
  /** Keyed by qualified node id. */
  answers: Record<string, AnswerValue>;
  expect: AuthoredScenario['expect'];
  at: string;
}

export interface CompiledPathway {
  id: string;
  title: string;
  symptomGroup: number;
  keywords: string[];
  entry: boolean;
  screen: boolean;
  gating: { ageBands: AgeBand[]; sexes: Sex[] };
  sources: Source[];
  start: string;
  tests: CompiledScenario[];
  at: string;
}

/** Timeframe as written in the disposition catalogue. */
export type Timeframe = number | 'immediate' | 'next-working-day' | `${number}-working-days` | 'none';

export interface DispositionInfo {
  code: string;
  title: string;
  group: string;
  timeframe: Timeframe;
  /** Lower is more urgent; [timeframe rank, group rank]. See urgency.ts. */
  urgency: [number, number];
}

export interface CodeTitle {
  code: string;
  title: string;
}

export interface CompiledPack {
  format: 1;
  id: string;
  title: string;
  version: string;
  notice: string;
  description?: string;
  sources: Source[];
  overlayOf?: string;
  baseVersion?: string;
  area?: string;
  /** `id@version+hash`: what a session records, and what replay compares. */
  contentVersion: string;
  hash: string;
  screen: string;
  pathwayOrder: string[];
  pathways: Record<string, CompiledPathway>;
  nodes: Record<string, CompiledNode>;
  careAdvice: Record<string, CareAdvice>;
  /** Catalogue entries the pack uses, copied in so a stored pack needs no catalogue to run. */
  dispositions: Record<string, DispositionInfo>;
  symptomGroups: Record<string, CodeTitle>;
  discriminators: Record<string, CodeTitle>;
}

export interface ContentProblem {
  file: string;
  line: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ContentFile {
  path: string;
  text: string;
  /** 0 = base pack; higher layers (overlays) replace lower ones by id. */
  layer?: number;
}

/** What the compiler needs from the reference catalogue; the directory's Catalogue satisfies it. */
export interface CodeCatalogue {
  disposition(code: string): unknown;
  symptomGroup(code: number): unknown;
  discriminator(code: string): unknown;
}

// ───────────────────────────── sessions ─────────────────────────────

export type Entry = { pathwayId: string } | { symptomGroup: number } | { search: string };

/** Who answers the questions: the patient, or someone for them (a parent, carer, friend). */
export const ANSWERERS = ['self', 'other'] as const;
export type Answerer = (typeof ANSWERERS)[number];

export const StartInput = z.strictObject({
  ageYears: z.number().nonnegative().max(130).optional(),
  ageDays: z.number().int().nonnegative().max(130 * 366).optional(),
  sex: z.enum(SEXES),
  entry: z
    .union([
      z.strictObject({ pathwayId: Id }),
      z.strictObject({ symptomGroup: z.number().int().positive() }),
      z.strictObject({ search: z.string().min(2) }),
    ])
    .optional(),
  /** Local date (Europe/London) the session runs on; the server passes its clock. */
  today: IsoDate.optional(),
  /** Who answers (default the patient): questions read "they" / "their" for someone else. */
  answerer: z.enum(ANSWERERS).optional(),
});
export type StartInput = z.infer<typeof StartInput>;

export interface Patient {
  ageDays: number;
  ageBand: AgeBand;
  sex: Sex;
}

export interface AnswerRecord {
  nodeId: string;
  value: AnswerValue;
}

export type SessionStatus = 'in-progress' | 'needs-pathway' | 'finished';

export interface SessionState {
  contentVersion: string;
  start: StartInput;
  patient: Patient;
  today: string;
  /** The pathway the patient entered by (chosen at start or after the screen). */
  pathwayId: string | null;
  answers: AnswerRecord[];
  vars: Record<string, VarValue>;
  /** Every node passed through, in order (questions and automatic nodes). */
  trail: string[];
  reasons: string[];
  status: SessionStatus;
  /** The question awaiting an answer, when in progress. */
  current: string | null;
  outcome: Outcome | null;
}

export interface ReportLine {
  nodeId: string;
  question: string;
  /** the answer in words, as the report reads it */
  answer: string;
  /** what kind of question it was, and the answer as given (option ids, a number, hours, a date): for typed FHIR answers */
  kind: QuestionKind;
  value: AnswerValue;
}

export interface Outcome {
  contentVersion: string;
  pathwayId: string;
  entryPathwayId: string | null;
  outcomeNodeId: string;
  disposition: string;
  dispositionTitle: string;
  timeframe: Timeframe;
  symptomGroup: number;
  symptomGroupTitle: string;
  symptomDiscriminator: string;
  symptomDiscriminatorTitle: string;
  careAdvice: CareAdvice[];
  reportText: string;
  report: ReportLine[];
  reasons: string[];
  patient: Patient;
}

/** What the directory search needs, straight from an outcome. */
export interface DirectoryQuery {
  symptomGroup: number;
  symptomDiscriminator: string;
  disposition: string;
  ageDays: number;
  sex: Sex;
}

/** A session as the server records it; replay re-runs it on another version. */
export interface RecordedSession {
  id: string;
  start: StartInput;
  /** Set when the pathway was chosen after the screen rather than at start. */
  pathwayId?: string | null;
  answers: AnswerRecord[];
  contentVersion?: string;
}
