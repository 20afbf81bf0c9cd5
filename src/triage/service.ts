/**
 * Triage use cases: content governance (draft → in review → approved → published, local
 * variations per area, withdrawal), sessions recorded with the content version they ran on,
 * and replay impact. The pure core (compiler, engine, replay, scenarios) does the thinking;
 * this file adds permissions, transactions, events and audit.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ageDaysFromBirth, ageInDays, AgeUnits, MAX_AGE_DAYS } from '../directory/age';
import type { Actor } from '../platform/actor';
import { hasAnyRole, signpostItself } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Executor, type Tx } from '../platform/database';
import { appendEvent } from '../platform/events';
import { AppError, badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import { compilePack, hasErrors, loadPackFromDir, overlayPack } from './compiler';
import {
  answer,
  back,
  changeAnswer,
  choosePathway,
  currentQuestion,
  directoryQuery,
  searchPathways,
  startSession,
  TriageError,
  type QuestionView,
  type SearchHit,
} from './engine';
import { ANSWERERS, AnswerValue, SEXES, ageBandOf, type Answerer, type CareAdvice, type CodeCatalogue, type CompiledPack, type ContentFile, type ContentProblem, type Outcome, type SessionState, type Sex, type StartInput } from './model';
import { generateCorpus, replay, type ReplayReport } from './replay';
import { runScenarioTests, type ScenarioResult } from './scenarios';
import * as store from './store';
import { CONTENT_STATUSES, type ContentStatus, type ContentVersion, type StoredSession } from './store';

export type { ContentVersion, ContentStatus } from './store';

/** Author, review, approve, publish and withdraw triage content. */
export const GOVERNANCE_ROLES = ['clinical_governance', 'admin'] as const;
/** Run triage sessions. */
export const TRIAGE_ROLES = ['call_handler', 'clinician', 'admin'] as const;

export const SHIPPED_CONTENT_DIR = fileURLToPath(new URL('../../content/national', import.meta.url));
/** Base files are named with this prefix in an overlay's compile problems, so authors can tell them apart. */
const BASE_PREFIX = 'base/';
const SUBJECT_VERSION = 'triage_content_version';
const SUBJECT_SESSION = 'triage_session';
const ZONE = 'Europe/London';
const PACK_CACHE_SIZE = 16;
const RECORDED_PAGE = 5000;
const CHANGES_LISTED = 100;

// ───────────────────────────── request schemas ─────────────────────────────

/**
 * An age as a number and unit, or as a date of birth (then the server counts it by the calendar on
 * its own date in Europe/London, as the directory counts ages: directory/age.ts).
 */
export const AgeSchema = z.union([
  z
    .object({ value: z.number().nonnegative(), unit: z.enum(AgeUnits) })
    .refine((a) => ageInDays(a.value, a.unit) <= MAX_AGE_DAYS, { message: 'at most 130 years', path: ['value'] }),
  z.strictObject({ dateOfBirth: z.iso.date() }),
]);
export type Age = z.infer<typeof AgeSchema>;

export const EntrySchema = z.union([
  z.strictObject({ pathwayId: z.string().min(1).max(100) }),
  z.strictObject({ symptomGroup: z.number().int().positive() }),
  z.strictObject({ search: z.string().trim().min(2).max(200) }),
]);

export const StartSessionSchema = z.object({
  age: AgeSchema,
  sex: z.enum(SEXES),
  /** How the patient comes in: a pathway, a symptom group, or words to search pathway titles and keywords. */
  entry: EntrySchema.optional(),
  /** The patient's commissioning area: its local variation applies if one is published. */
  areaCode: z.string().trim().min(1).max(50).optional(),
  /** Who answers: the patient ('self', the default) or someone for them ('other'); questions then read "they". */
  answerer: z.enum(ANSWERERS).default('self'),
});
export const AnswerSchema = z.object({ nodeId: z.string().min(1).max(200), value: AnswerValue });
export const ChangeAnswerSchema = z.object({ value: AnswerValue });
export const ChoosePathwaySchema = z.object({ pathwayId: z.string().min(1).max(100) });
export const PathwaySearchQuery = z.object({
  q: z.string().max(200).optional(),
  ageYears: z.coerce.number().min(0).max(130).optional(),
  /** the patient's age in days (as a session holds it); wins over ageYears */
  ageDays: z.coerce.number().int().min(0).max(MAX_AGE_DAYS).optional(),
  sex: z.enum(SEXES).optional(),
  areaCode: z.string().trim().min(1).max(50).optional(),
});

const VersionId = z.string().min(1).max(100);
const ContentPath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.ya?ml$/, 'a relative path ending .yaml, such as pathways/back-pain.yaml');
const ContentFiles = z
  .array(z.object({ path: ContentPath, text: z.string().max(1_000_000) }))
  .max(500)
  .superRefine((files, ctx) => {
    const seen = new Set<string>();
    files.forEach((f, i) => {
      if (seen.has(f.path)) ctx.addIssue({ code: 'custom', path: [i, 'path'], message: `${f.path} is given twice` });
      seen.add(f.path);
    });
  });

export const CreateVersionSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    /** Copy the files of this version; `files` then replace or add files by path. */
    basedOn: VersionId.optional(),
    /** For a local variation: the national version it overlays (then areaCode is required). */
    overlayOf: VersionId.optional(),
    areaCode: z.string().trim().min(1).max(50).optional(),
    files: ContentFiles.optional(),
  })
  .refine((v) => v.basedOn !== undefined || (v.files?.length ?? 0) > 0, { message: 'give the files, or basedOn: a version to copy them from', path: ['files'] });
export const UpdateFilesSchema = z.object({ files: ContentFiles.refine((f) => f.length > 0, 'at least one file'), label: z.string().trim().min(1).max(200).optional() });
export const ReviewSchema = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(2000).optional() })
  .refine((r) => r.decision === 'approve' || (r.reason ?? '').length > 0, { message: 'say why the version is rejected', path: ['reason'] });
export const WithdrawSchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export const VersionListQuery = z.object({
  status: z.enum(CONTENT_STATUSES).optional(),
  areaCode: z.string().trim().min(1).max(50).optional(),
  national: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ImpactQuery = z.object({
  /** The version to compare with; default: what is published now for the same area. */
  against: VersionId.optional(),
  corpus: z.coerce.number().int().min(0).max(20_000).default(2000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(2025),
});

/** What the routes hand over once these schemas have checked a request. */
export type StartSessionInput = z.output<typeof StartSessionSchema>;
export type AnswerInput = z.output<typeof AnswerSchema>;
export type ChangeAnswerInput = z.output<typeof ChangeAnswerSchema>;
export type ChoosePathwayInput = z.output<typeof ChoosePathwaySchema>;
export type PathwaySearch = z.output<typeof PathwaySearchQuery>;
export type CreateVersionInput = z.output<typeof CreateVersionSchema>;
export type UpdateFilesInput = z.output<typeof UpdateFilesSchema>;
export type ReviewInput = z.output<typeof ReviewSchema>;
export type WithdrawInput = z.output<typeof WithdrawSchema>;
export type VersionList = z.output<typeof VersionListQuery>;
export type Impact = z.output<typeof ImpactQuery>;

// ───────────────────────────── replies ─────────────────────────────

/** A ready-to-send body for POST /api/directory/search. */
export interface DirectorySearchBody {
  disposition: string;
  symptomGroup: number;
  symptomDiscriminators: string[];
  age: { value: number; unit: 'days' };
  sex: string;
}

export interface SessionView {
  session: {
    id: string;
    status: SessionState['status'];
    contentVersionId: string;
    contentVersion: string;
    contentLabel: string;
    contentStatus: ContentStatus;
    /** False once the content it runs on is withdrawn: the session is kept but cannot go on. */
    canContinue: boolean;
    areaCode: string | null;
    pathwayId: string | null;
    answerer: Answerer;
    patient: SessionState['patient'];
    today: string;
    answers: SessionState['answers'];
    startedBy: string;
    startedAt: Date;
    updatedAt: Date;
    finishedAt: Date | null;
  };
  question: QuestionView | null;
  outcome: (Outcome & { directorySearch: DirectorySearchBody }) | null;
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  failures: { pathwayId: string; name: string; at: string; failures: string[] }[];
}

export interface VersionDetail {
  version: ContentVersion;
  base: ContentVersion | null;
  pathways: number;
  problems: ContentProblem[];
  tests: TestSummary;
}

type TrimmedReport = Omit<ReplayReport, 'changes'> & { changes: ReplayReport['changes']; changesTruncated: boolean };

export interface ImpactReport {
  from: { id: string | null; label: string; contentVersion: string };
  to: { id: string | null; label: string; contentVersion: string };
  /** Sessions recorded on the `from` version, replayed on `to`. */
  recorded: TrimmedReport;
  /** A generated corpus walked on `from` (seeded), replayed on `to`. */
  corpus: TrimmedReport & { seed: number };
}

export interface TriageDeps {
  catalogue: CodeCatalogue;
  /** The national pack shipped with Signpost (default content/national). */
  contentDir?: string;
}

// ───────────────────────────── the one mapping of engine errors ─────────────────────────────

/** The engine's TriageError becomes the platform's AppError: same status, code and message. */
export function fromTriageError(error: TriageError): AppError {
  // The API's error codes are snake_case everywhere; the engine's (kept in content tests) are kebab-case.
  const code = error.code.replace(/-/g, '_');
  const choices = error.alternatives.map((a) => ({ id: a.pathwayId, title: a.title }));
  return new AppError(error.status, code, error.message, error.path ? [{ path: error.path, message: error.message }] : [], choices);
}

function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TriageError) throw fromTriageError(error);
    throw error;
  }
}

// ───────────────────────────── helpers ─────────────────────────────

/** Reads a pack directory with paths relative to it, as content versions store them. */
export function readPackDir(dir: string): ContentFile[] {
  return loadPackFromDir(dir).map((f) => ({ path: path.relative(dir, f.path).split(path.sep).join('/'), text: f.text }));
}

/** The engine's age in days: the directory's one conversion (directory/age.ts); `today` is YYYY-MM-DD. */
export function ageInput(age: Age, today: string): Pick<StartInput, 'ageDays'> {
  if ('dateOfBirth' in age) return { ageDays: ageDaysFromBirth(age.dateOfBirth, today) };
  return { ageDays: ageInDays(age.value, age.unit) };
}

export function directorySearchOf(outcome: Outcome): DirectorySearchBody {
  const q = directoryQuery(outcome);
  return { disposition: q.disposition, symptomGroup: q.symptomGroup, symptomDiscriminators: [q.symptomDiscriminator], age: { value: q.ageDays, unit: 'days' }, sex: q.sex };
}

export function summariseTests(results: ScenarioResult[]): TestSummary {
  const failed = results.filter((r) => !r.passed);
  return {
    total: results.length,
    passed: results.length - failed.length,
    failed: failed.length,
    failures: failed.map((r) => ({ pathwayId: r.pathwayId, name: r.name, at: r.at, failures: r.failures })),
  };
}

function trimReport(report: ReplayReport): TrimmedReport {
  return { ...report, changes: report.changes.slice(0, CHANGES_LISTED), changesTruncated: report.changes.length > CHANGES_LISTED };
}

function mergeFiles(base: ContentFile[], replacements: ContentFile[]): ContentFile[] {
  const byPath = new Map(base.map((f) => [f.path, { path: f.path, text: f.text }]));
  for (const f of replacements) byPath.set(f.path, { path: f.path, text: f.text });
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Compile errors as a 400 naming each file and line. */
function contentInvalid(problems: ContentProblem[]): AppError {
  const errors = problems.filter((p) => p.severity === 'error').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const details: ErrorDetail[] = errors.slice(0, 200).map((p) => ({ path: `${p.file}:${p.line}`, message: p.message }));
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return badRequest(`The content does not compile: ${first.file}:${first.line}: ${first.message}${more}`, details, 'content_invalid');
}

function wrongState(version: ContentVersion, wanted: string): AppError {
  return conflict(`Content version ${version.id} is ${version.status.replace('_', ' ')}; ${wanted}`, [{ path: 'status', message: version.status }], 'invalid_state');
}

// ───────────────────────────── the service ─────────────────────────────

export class TriageService {
  /** Compiled packs by content version (id@version+hash): immutable, so never stale. */
  private readonly packs = new Map<string, CompiledPack>();
  private readonly testRuns = new WeakMap<CompiledPack, ScenarioResult[]>();

  constructor(
    private readonly platform: Platform,
    private readonly deps: TriageDeps,
  ) {}

  private get db() {
    return this.platform.db;
  }

  private now(): Date {
    return this.platform.clock.now();
  }

  private today(): string {
    return DateTime.fromJSDate(this.now(), { zone: ZONE }).toISODate() as string;
  }

  // ---- start-up ----

  /**
   * Publishes the national pack shipped with Signpost when no national content was ever published.
   * If governance withdrew the national content, nothing is republished behind their back.
   */
  async ensureShippedPack(): Promise<ContentVersion | null> {
    const published = await store.findPublished(this.db, null);
    if (published) return published;
    if (await store.nationalEverPublished(this.db)) return null;
    const dir = this.deps.contentDir ?? SHIPPED_CONTENT_DIR;
    const files = readPackDir(dir);
    const { pack, problems } = compilePack(files, this.deps.catalogue);
    if (hasErrors(problems)) {
      const list = problems.filter((p) => p.severity === 'error').map((p) => `  ${p.file}:${p.line}: ${p.message}`);
      throw new Error(`The triage content shipped in ${dir} does not compile:\n${list.join('\n')}`);
    }
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      // Two processes starting together must not both publish it.
      await store.lockShippedPack(tx);
      const again = await store.findPublished(tx, null);
      if (again) return again;
      const version = await store.insertVersion(tx, {
        id: newVersionId(),
        packId: pack.id,
        label: `${pack.title} ${pack.version} (shipped with Signpost)`,
        areaCode: null,
        overlayOf: null,
        status: 'published',
        files,
        compiled: pack,
        problems,
        author: signpostItself.id,
        publishedBy: signpostItself.id,
        at,
      });
      await recordChange(tx, signpostItself, at, {
        type: 'triage.content_published',
        subjectType: SUBJECT_VERSION,
        subjectIds: [version.id],
        payload: { areaCode: null, contentVersion: version.contentVersion, shipped: true, superseded: null },
      });
      return version;
    });
  }

  // ---- reading content ----

  async getVersion(id: string, db: Executor = this.db): Promise<ContentVersion> {
    const version = await store.findVersion(db, id);
    if (!version) throw notFound(`Content version ${id}`);
    return version;
  }

  listVersions(q: VersionList = VersionListQuery.parse({})): Promise<ContentVersion[]> {
    return store.listVersions(this.db, { status: q.status, areaCode: q.areaCode, national: q.national === 'true', limit: q.limit });
  }

  async versionDetail(id: string): Promise<VersionDetail> {
    const version = await this.getVersion(id);
    const pack = await this.packOf(this.db, version);
    const base = version.overlayOf ? ((await store.findVersion(this.db, version.overlayOf)) ?? null) : null;
    return {
      version,
      base,
      pathways: pack.pathwayOrder.length,
      problems: await store.loadProblems(this.db, id),
      tests: summariseTests(this.scenarioResults(pack)),
    };
  }

  async versionFiles(id: string): Promise<ContentFile[]> {
    await this.getVersion(id);
    return (await store.loadFiles(this.db, id)) ?? [];
  }

  async testResults(id: string): Promise<{ contentVersion: string; summary: TestSummary; results: ScenarioResult[] }> {
    const version = await this.getVersion(id);
    const results = this.scenarioResults(await this.packOf(this.db, version));
    return { contentVersion: version.contentVersion, summary: summariseTests(results), results };
  }

  /** The compiled pack of a version (for the CLI and for replay). */
  async packOfVersion(id: string): Promise<CompiledPack> {
    return this.packOf(this.db, await this.getVersion(id));
  }

  /** What new sessions in an area run on: its own published variation, else the national content. */
  async publishedFor(areaCode: string | null, db: Executor = this.db): Promise<ContentVersion | undefined> {
    if (areaCode) {
      const local = await store.findPublished(db, areaCode);
      if (local) return local;
    }
    return store.findPublished(db, null);
  }

  // ---- governance ----

  async createVersion(actor: Actor, body: CreateVersionInput): Promise<VersionDetail> {
    assertGovernance(actor);
    let files: ContentFile[] = [];
    let overlayOf = body.overlayOf ?? null;
    let areaCode = body.areaCode ?? null;
    if (body.basedOn) {
      const source = await store.findVersion(this.db, body.basedOn);
      if (!source) throw badRequest(`There is no content version ${body.basedOn} to copy`, [{ path: 'basedOn', message: 'not found' }]);
      files = (await store.loadFiles(this.db, source.id)) ?? [];
      if (!body.overlayOf && source.overlayOf) {
        overlayOf = source.overlayOf;
        areaCode ??= source.areaCode;
      }
    }
    files = mergeFiles(files, body.files ?? []);
    if (areaCode && !overlayOf) {
      throw badRequest('Content for one area is a local variation: give overlayOf, the national version it varies', [{ path: 'overlayOf', message: 'required with areaCode' }]);
    }
    if (overlayOf && !areaCode) throw badRequest('A local variation needs the areaCode it applies to', [{ path: 'areaCode', message: 'required with overlayOf' }]);
    if (areaCode && !(await store.areaExists(this.db, areaCode))) throw badRequest(`There is no area ${areaCode}`, [{ path: 'areaCode', message: 'unknown area' }]);
    const base = overlayOf ? await this.overlayBase(overlayOf) : null;
    const { pack, problems } = this.compileOrThrow(files, base, areaCode);
    const at = this.now();
    const version = await inTransaction(this.db, async (tx) => {
      const created = await store.insertVersion(tx, {
        id: newVersionId(),
        packId: pack.id,
        label: body.label,
        areaCode,
        overlayOf,
        status: 'draft',
        files,
        compiled: pack,
        problems,
        author: actor.id,
        at,
      });
      await recordChange(tx, actor, at, {
        type: 'triage.content_created',
        subjectType: SUBJECT_VERSION,
        subjectIds: [created.id],
        payload: { label: created.label, areaCode, overlayOf, basedOn: body.basedOn ?? null, contentVersion: created.contentVersion, files: files.length },
      });
      return created;
    });
    this.remember(pack);
    return this.detailOf(version, pack, base?.version ?? null, problems);
  }

  /** Replaces a draft's files (the whole set); only the author edits, and only while it is a draft. */
  async updateFiles(actor: Actor, id: string, body: UpdateFilesInput): Promise<VersionDetail> {
    assertGovernance(actor);
    const version = await this.getVersion(id);
    assertEditable(version, actor);
    const base = version.overlayOf ? await this.overlayBase(version.overlayOf) : null;
    const files = mergeFiles([], body.files);
    const { pack, problems } = this.compileOrThrow(files, base, version.areaCode);
    const at = this.now();
    const updated = await inTransaction(this.db, async (tx) => {
      const locked = (await store.findVersion(tx, id, 'update'))!;
      assertEditable(locked, actor);
      const saved = await store.updateVersion(tx, id, { files, compiled: pack, problems, label: body.label, at });
      await recordChange(tx, actor, at, {
        type: 'triage.content_updated',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id],
        payload: { contentVersion: saved.contentVersion, previous: locked.contentVersion, files: files.length },
      });
      return saved;
    });
    this.remember(pack);
    return this.detailOf(updated, pack, base?.version ?? null, problems);
  }

  /** Sends a draft for review; its scenario tests must all pass. */
  async submit(actor: Actor, id: string): Promise<ContentVersion> {
    assertGovernance(actor);
    const version = await this.getVersion(id);
    if (version.status !== 'draft') throw wrongState(version, 'only a draft can be submitted for review');
    const tests = summariseTests(this.scenarioResults(await this.packOf(this.db, version)));
    if (tests.failed > 0) {
      const details = tests.failures.slice(0, 100).map((f) => ({ path: f.at, message: `${f.pathwayId}: ${f.name}: ${f.failures.join('; ')}` }));
      throw conflict(`${tests.failed} of ${tests.total} scenario tests fail; fix them before submitting`, details, 'scenario_tests_failed');
    }
    return this.transition(actor, id, 'triage.content_submitted', (locked) => {
      if (locked.status !== 'draft') throw wrongState(locked, 'only a draft can be submitted for review');
      if (locked.contentVersion !== version.contentVersion) throw conflict('The draft changed while it was being submitted; submit it again', [], 'stale_content');
      return {
        change: { status: 'in_review', submittedBy: actor.id, submittedAt: this.now(), reviewer: null, reviewReason: null, reviewedAt: null },
        payload: { contentVersion: locked.contentVersion, tests: tests.total },
      };
    });
  }

  /** A second clinical governance lead approves or rejects (back to draft) a version in review. */
  async review(actor: Actor, id: string, { decision, reason }: ReviewInput): Promise<ContentVersion> {
    assertGovernance(actor);
    const type = decision === 'approve' ? 'triage.content_approved' : 'triage.content_rejected';
    return this.transition(actor, id, type, (locked) => {
      if (locked.author === actor.id) throw forbidden('You wrote this version: another clinical governance lead must review it');
      if (locked.status !== 'in_review') throw wrongState(locked, 'only a version in review can be approved or rejected');
      const at = this.now();
      const reviewed = { reviewer: actor.id, reviewReason: reason || null, reviewedAt: at };
      return {
        change: decision === 'approve' ? { ...reviewed, status: 'approved', approvedAt: at } : { ...reviewed, status: 'draft' },
        payload: { decision, reason: reason || null, contentVersion: locked.contentVersion },
      };
    });
  }

  /**
   * Makes an approved version (or, to roll back, a superseded one) what new sessions in its area
   * run on; the version published there before is superseded.
   */
  async publish(actor: Actor, id: string): Promise<ContentVersion> {
    assertGovernance(actor);
    const version = await this.getVersion(id);
    if (version.overlayOf) {
      const base = await this.getVersion(version.overlayOf);
      if (base.status === 'withdrawn') throw conflict(`This variation overlays ${base.id}, which is withdrawn; rebase it on current national content`, [], 'base_withdrawn');
    }
    const at = this.now();
    const published = await inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      if (locked.status !== 'approved' && locked.status !== 'superseded') throw wrongState(locked, 'only an approved (or, to roll back, a superseded) version can be published');
      const previous = await store.findPublished(tx, locked.areaCode, 'update');
      if (previous) {
        await store.updateVersion(tx, previous.id, { status: 'superseded', supersededAt: at, at });
        await recordChange(tx, actor, at, {
          type: 'triage.content_superseded',
          subjectType: SUBJECT_VERSION,
          subjectIds: [previous.id, id],
          payload: { by: id, areaCode: previous.areaCode },
        });
      }
      const saved = await store.updateVersion(tx, id, { status: 'published', publishedBy: actor.id, publishedAt: at, supersededAt: null, at });
      await recordChange(tx, actor, at, {
        type: 'triage.content_published',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id, ...(previous ? [previous.id] : [])],
        payload: { areaCode: saved.areaCode, contentVersion: saved.contentVersion, superseded: previous?.id ?? null, rollback: locked.status === 'superseded' },
      });
      return saved;
    });
    return published;
  }

  /**
   * Takes a version out of use for good. Sessions on it are kept but answer 409; an area whose
   * variation is withdrawn falls back to the national content.
   */
  async withdraw(actor: Actor, id: string, { reason }: WithdrawInput): Promise<{ version: ContentVersion; openSessions: number; overlaysOnIt: string[] }> {
    assertGovernance(actor);
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      if (locked.status === 'withdrawn') throw wrongState(locked, 'it cannot be withdrawn again');
      const saved = await store.updateVersion(tx, id, { status: 'withdrawn', withdrawnBy: actor.id, withdrawnAt: at, withdrawReason: reason, at });
      const openSessions = await store.countOpenSessions(tx, id);
      const overlaysOnIt = await store.publishedOverlaysOf(tx, id);
      await recordChange(tx, actor, at, {
        type: 'triage.content_withdrawn',
        subjectType: SUBJECT_VERSION,
        subjectIds: [id],
        payload: { previousStatus: locked.status, reason, areaCode: locked.areaCode, openSessions, overlaysOnIt },
      });
      return { version: saved, openSessions, overlaysOnIt };
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    type: string,
    decide: (locked: ContentVersion) => { change: Omit<store.VersionChange, 'at'>; payload: Record<string, unknown> },
  ): Promise<ContentVersion> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const locked = await store.findVersion(tx, id, 'update');
      if (!locked) throw notFound(`Content version ${id}`);
      const { change, payload } = decide(locked);
      const saved = await store.updateVersion(tx, id, { ...change, at });
      await recordChange(tx, actor, at, { type, subjectType: SUBJECT_VERSION, subjectIds: [id], payload: { from: locked.status, to: saved.status, ...payload } });
      return saved;
    });
  }

  /** The national version under a local variation: it must have passed review and not be withdrawn. */
  private async overlayBase(id: string): Promise<{ version: ContentVersion; files: ContentFile[] }> {
    const version = await store.findVersion(this.db, id);
    if (!version) throw badRequest(`There is no content version ${id} to overlay`, [{ path: 'overlayOf', message: 'not found' }]);
    if (version.areaCode !== null || version.overlayOf !== null) {
      throw badRequest(`${id} is itself a local variation; a variation overlays a national version`, [{ path: 'overlayOf', message: 'not national' }]);
    }
    if (version.status === 'draft' || version.status === 'in_review' || version.status === 'withdrawn') {
      throw conflict(`National version ${id} is ${version.status.replace('_', ' ')}; a local variation overlays reviewed national content`, [{ path: 'overlayOf', message: version.status }], 'invalid_state');
    }
    return { version, files: (await store.loadFiles(this.db, id)) ?? [] };
  }

  private compileOrThrow(files: ContentFile[], base: { version: ContentVersion; files: ContentFile[] } | null, areaCode: string | null) {
    const input = base ? overlayPack(base.files.map((f) => ({ ...f, path: `${BASE_PREFIX}${f.path}` })), files) : files;
    const { pack, problems } = compilePack(input, this.deps.catalogue);
    const packFile = files.find((f) => /^pack:/m.test(f.text))?.path ?? files[0]?.path ?? 'pack.yaml';
    const extra: ContentProblem[] = [];
    const problem = (message: string) => extra.push({ file: packFile, line: 1, message, severity: 'error' });
    if (base && !pack.overlayOf) problem(`a local variation needs a pack.yaml with overlayOf: ${base.version.packId}`);
    if (!base && pack.overlayOf) problem(`this is a local variation of '${pack.overlayOf}': create it with overlayOf, the id of the national version it varies`);
    if (base && pack.area && pack.area !== areaCode) problem(`pack.yaml says area: ${pack.area}, but this variation is for ${areaCode}`);
    const all = [...problems, ...extra];
    if (hasErrors(all)) throw contentInvalid(all);
    return { pack, problems: all };
  }

  private detailOf(version: ContentVersion, pack: CompiledPack, base: ContentVersion | null, problems: ContentProblem[]): VersionDetail {
    return { version, base, pathways: pack.pathwayOrder.length, problems, tests: summariseTests(this.scenarioResults(pack)) };
  }

  private scenarioResults(pack: CompiledPack): ScenarioResult[] {
    let results = this.testRuns.get(pack);
    if (!results) {
      results = runScenarioTests(pack);
      this.testRuns.set(pack, results);
    }
    return results;
  }

  // ---- replay impact ----

  /** Replays every session recorded on `from`, and a corpus generated on it, against `to`. */
  async impact(fromId: string, toId: string, options: { corpus?: number; seed?: number } = {}): Promise<ImpactReport> {
    const from = await this.getVersion(fromId);
    const to = await this.getVersion(toId);
    const [fromPack, toPack] = [await this.packOf(this.db, from), await this.packOf(this.db, to)];
    return this.compare(
      { id: from.id, label: from.label, pack: fromPack },
      { id: to.id, label: to.label, pack: toPack },
      options,
    );
  }

  /** Impact of publishing a version, against `against` or what its area runs on now. */
  async impactOf(id: string, q: Impact): Promise<ImpactReport> {
    const version = await this.getVersion(id);
    let against = q.against;
    if (!against) {
      const current = await this.publishedFor(version.areaCode);
      if (!current) throw conflict('Nothing is published to compare with; give against=<version id>', [{ path: 'query.against', message: 'required' }], 'no_published_content');
      if (current.id === id) throw conflict(`${id} is what is published now; give against=<version id> to compare it with another`, [{ path: 'query.against', message: 'required' }]);
      against = current.id;
    }
    return this.impact(against, id, { corpus: q.corpus, seed: q.seed });
  }

  /** Compares two packs; sessions recorded on `from.id` (when it is a stored version) are replayed too. */
  async compare(
    from: { id: string | null; label: string; pack: CompiledPack },
    to: { id: string | null; label: string; pack: CompiledPack },
    options: { corpus?: number; seed?: number } = {},
  ): Promise<ImpactReport> {
    const seed = options.seed ?? 2025;
    const recorded = from.id ? await this.recordedSessions(from.id) : [];
    // The corpus's fixed date (generateCorpus's default) keeps a report reproducible from day to day.
    const corpus = generateCorpus(from.pack, options.corpus ?? 2000, seed);
    return {
      from: { id: from.id, label: from.label, contentVersion: from.pack.contentVersion },
      to: { id: to.id, label: to.label, contentVersion: to.pack.contentVersion },
      recorded: trimReport(replay(from.pack, to.pack, recorded)),
      corpus: { ...trimReport(replay(from.pack, to.pack, corpus)), seed },
    };
  }

  private async recordedSessions(versionId: string) {
    const all = [];
    let after: string | null = null;
    for (;;) {
      const page = await store.recordedSessions(this.db, versionId, after, RECORDED_PAGE);
      all.push(...page);
      if (page.length < RECORDED_PAGE) return all;
      after = page[page.length - 1].id;
    }
  }

  // ---- sessions ----

  async startSession(actor: Actor, body: StartSessionInput): Promise<SessionView> {
    assertTriager(actor);
    const areaCode = body.areaCode ?? null;
    if (areaCode && !(await store.areaExists(this.db, areaCode))) throw badRequest(`There is no area ${areaCode}`, [{ path: 'areaCode', message: 'unknown area' }]);
    const version = await this.publishedFor(areaCode);
    if (!version) throw conflict('No triage content is published; a clinical governance lead must publish a version first', [], 'no_published_content');
    const pack = await this.packOf(this.db, version);
    const state = engine(() => startSession(pack, { ...ageInput(body.age, this.today()), sex: body.sex, entry: body.entry, today: this.today(), answerer: body.answerer }));
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const current = await store.findVersion(tx, version.id, 'share');
      if (!current || current.status === 'withdrawn') throw conflict('The triage content was withdrawn just now; start again', [], 'content_withdrawn');
      const session = await store.insertSession(tx, { id: newSessionId(), contentVersionId: version.id, areaCode, state, startedBy: actor.id, at });
      await recordChange(tx, actor, at, {
        type: 'triage.session_started',
        subjectType: SUBJECT_SESSION,
        subjectIds: [session.id],
        payload: { contentVersionId: version.id, areaCode, pathwayId: state.pathwayId, entry: body.entry ? Object.keys(body.entry)[0] : null },
      });
      await this.recordFinish(tx, actor, at, session, null, state);
      return this.view(session, current, pack);
    });
  }

  async getSession(id: string): Promise<SessionView> {
    const session = await store.findSession(this.db, id);
    if (!session) throw notFound(`Triage session ${id}`);
    const version = await this.getVersion(session.contentVersionId);
    return this.view(session, version, await this.packOf(this.db, version));
  }

  answer(actor: Actor, id: string, body: AnswerInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.answered', (pack, state) => answer(pack, state, body.nodeId, body.value), () => ({ nodeId: body.nodeId }));
  }

  changeAnswer(actor: Actor, id: string, nodeId: string, body: ChangeAnswerInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.answer_changed', (pack, state) => changeAnswer(pack, state, nodeId, body.value), () => ({ nodeId }));
  }

  back(actor: Actor, id: string): Promise<SessionView> {
    return this.act(actor, id, 'triage.went_back', (pack, state) => back(pack, state), (before) => ({ nodeId: before.answers[before.answers.length - 1]?.nodeId ?? null }));
  }

  choosePathway(actor: Actor, id: string, body: ChoosePathwayInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.pathway_chosen', (pack, state) => choosePathway(pack, state, body.pathwayId), () => ({ pathwayId: body.pathwayId }));
  }

  /**
   * One step of a session, in one transaction: the session row is locked, its content version kept
   * from being withdrawn meanwhile, the engine computes the new state, and the state and an event
   * are written. A refused step writes nothing.
   */
  private async act(
    actor: Actor,
    id: string,
    type: string,
    step: (pack: CompiledPack, state: SessionState) => SessionState,
    payload: (before: SessionState) => Record<string, unknown>,
  ): Promise<SessionView> {
    assertTriager(actor);
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const session = await store.findSession(tx, id, true);
      if (!session) throw notFound(`Triage session ${id}`);
      const version = (await store.findVersion(tx, session.contentVersionId, 'share'))!;
      if (version.status === 'withdrawn') {
        throw conflict(
          `The triage content this session runs on (${version.label}, ${version.contentVersion}) was withdrawn; the session is kept as it is but cannot go on. Start a new session.`,
          [{ path: 'contentVersionId', message: 'withdrawn' }],
          'content_withdrawn',
        );
      }
      const pack = await this.packOf(tx, version);
      const next = engine(() => step(pack, session.state));
      const saved = await store.updateSession(tx, id, next, at, session.state.status === 'finished' && sameOutcome(session.state, next) ? session.finishedAt : at);
      await recordChange(tx, actor, at, { type, subjectType: SUBJECT_SESSION, subjectIds: [id], payload: { ...payload(session.state), status: next.status } });
      await this.recordFinish(tx, actor, at, saved, session.state, next);
      return this.view(saved, version, pack);
    });
  }

  /** A `triage.finished` event whenever a session reaches an outcome (again, or a different one). */
  private async recordFinish(tx: Tx, actor: Actor, at: Date, session: StoredSession, before: SessionState | null, after: SessionState): Promise<void> {
    if (after.status !== 'finished' || !after.outcome) return;
    if (before?.status === 'finished' && sameOutcome(before, after)) return;
    const o = after.outcome;
    await appendEvent(tx, actor, at, {
      type: 'triage.finished',
      subjectType: SUBJECT_SESSION,
      subjectIds: [session.id],
      payload: { contentVersionId: session.contentVersionId, pathwayId: o.pathwayId, disposition: o.disposition, symptomGroup: o.symptomGroup, symptomDiscriminator: o.symptomDiscriminator },
    });
  }

  private view(session: StoredSession, version: ContentVersion, pack: CompiledPack): SessionView {
    const state = session.state;
    return {
      session: {
        id: session.id,
        status: state.status,
        contentVersionId: session.contentVersionId,
        contentVersion: state.contentVersion,
        contentLabel: version.label,
        contentStatus: version.status,
        canContinue: version.status !== 'withdrawn',
        areaCode: session.areaCode,
        pathwayId: state.pathwayId,
        answerer: state.start.answerer ?? 'self',
        patient: state.patient,
        today: state.today,
        answers: state.answers,
        startedBy: session.startedBy,
        startedAt: session.startedAt,
        updatedAt: session.updatedAt,
        finishedAt: session.finishedAt,
      },
      question: state.status === 'in-progress' ? engine(() => currentQuestion(pack, state)) : null,
      outcome: state.outcome ? { ...state.outcome, directorySearch: directorySearchOf(state.outcome) } : null,
    };
  }

  // ---- pathways and care advice, from what an area runs on now ----

  async searchPathways(q: PathwaySearch): Promise<{ contentVersion: string; pathways: SearchHit[] }> {
    const pack = await this.publishedPack(q.areaCode ?? null);
    const patient = { ageDays: q.ageDays ?? (q.ageYears === undefined ? undefined : ageInDays(q.ageYears, 'years')), sex: q.sex };
    const text = q.q?.trim() ?? '';
    const hits = text ? searchPathways(pack, text, patient) : allEntryPathways(pack, patient);
    return { contentVersion: pack.contentVersion, pathways: hits };
  }

  async careAdvice(id: string, areaCode: string | null = null): Promise<CareAdvice & { contentVersion: string }> {
    const pack = await this.publishedPack(areaCode);
    const advice = pack.careAdvice[id];
    if (!advice) throw notFound(`Care advice ${id}`);
    return { ...advice, contentVersion: pack.contentVersion };
  }

  private async publishedPack(areaCode: string | null): Promise<CompiledPack> {
    const version = await this.publishedFor(areaCode);
    if (!version) throw conflict('No triage content is published', [], 'no_published_content');
    return this.packOf(this.db, version);
  }

  // ---- the pack cache ----

  private async packOf(db: Executor, version: ContentVersion): Promise<CompiledPack> {
    const cached = this.packs.get(version.contentVersion);
    if (cached) {
      // Most recently used last, so the oldest is dropped first.
      this.packs.delete(version.contentVersion);
      this.packs.set(version.contentVersion, cached);
      return cached;
    }
    const pack = await store.loadCompiled(db, version.id);
    if (!pack) throw notFound(`Content version ${version.id}`);
    this.remember(pack);
    return pack;
  }

  private remember(pack: CompiledPack): void {
    this.packs.delete(pack.contentVersion);
    this.packs.set(pack.contentVersion, pack);
    while (this.packs.size > PACK_CACHE_SIZE) this.packs.delete(this.packs.keys().next().value as string);
  }
}

/** Without search words: every pathway a patient can enter by, alphabetically. */
function allEntryPathways(pack: CompiledPack, patient: { ageDays?: number; sex?: Sex }): SearchHit[] {
  const band = patient.ageDays === undefined ? null : ageBandOf(patient.ageDays);
  return pack.pathwayOrder
    .map((id) => pack.pathways[id])
    .filter((p) => p.entry && !p.screen)
    .filter((p) => (!band || p.gating.ageBands.includes(band)) && (!patient.sex || p.gating.sexes.includes(patient.sex)))
    .map((p) => ({ pathwayId: p.id, title: p.title, symptomGroup: p.symptomGroup, score: 0 }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

function newVersionId(): string {
  return `tcv_${randomUUID()}`;
}

function newSessionId(): string {
  return `tsn_${randomUUID()}`;
}

function sameOutcome(a: SessionState, b: SessionState): boolean {
  return a.outcome?.outcomeNodeId === b.outcome?.outcomeNodeId && a.outcome?.pathwayId === b.outcome?.pathwayId;
}

function assertGovernance(actor: Actor): void {
  if (!hasAnyRole(actor, GOVERNANCE_ROLES)) throw forbidden('Triage content is managed by clinical governance leads');
}

function assertTriager(actor: Actor): void {
  if (!hasAnyRole(actor, TRIAGE_ROLES)) throw forbidden('Triage sessions are run by call handlers and clinicians');
}

function assertEditable(version: ContentVersion, actor: Actor): void {
  if (version.status !== 'draft') throw wrongState(version, 'only a draft can be edited: start a new draft based on it');
  if (version.author !== actor.id) throw forbidden('Only the author edits a draft; start your own draft based on it');
}
