/**
 * All SQL of the triage module: content versions (governance) and recorded sessions.
 * Large columns (files, compiled pack, session state) are read only by the functions that need them.
 */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import type { CompiledPack, ContentFile, ContentProblem, Outcome, RecordedSession, SessionState } from './model';
import type { Tables } from '../tables';

export const CONTENT_STATUSES = ['draft', 'in_review', 'approved', 'published', 'withdrawn', 'superseded'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** A content version without its sources and compiled pack. */
export interface ContentVersion {
  id: string;
  packId: string;
  label: string;
  /** null = national. */
  areaCode: string | null;
  /** For a local variation: the national version it overlays. */
  overlayOf: string | null;
  status: ContentStatus;
  contentVersion: string;
  fileCount: number;
  author: string;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewer: string | null;
  reviewReason: string | null;
  reviewedAt: Date | null;
  approvedAt: Date | null;
  publishedBy: string | null;
  publishedAt: Date | null;
  supersededAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewContentVersion {
  id: string;
  packId: string;
  label: string;
  areaCode: string | null;
  overlayOf: string | null;
  status: ContentStatus;
  files: ContentFile[];
  compiled: CompiledPack;
  problems: ContentProblem[];
  author: string;
  at: Date;
  /** For content published directly (the pack shipped with Signpost). */
  publishedBy?: string;
}

const versionColumns = [
  'id',
  'pack_id',
  'label',
  'area_code',
  'overlay_of',
  'status',
  'content_version',
  'author',
  'submitted_by',
  'submitted_at',
  'reviewer',
  'review_reason',
  'reviewed_at',
  'approved_at',
  'published_by',
  'published_at',
  'superseded_at',
  'withdrawn_by',
  'withdrawn_at',
  'withdraw_reason',
  'created_at',
  'updated_at',
] as const;

type VersionRow = Pick<Selectable<Tables['triage_content_versions']>, (typeof versionColumns)[number]> & { file_count: number };

function toVersion(row: VersionRow): ContentVersion {
  return {
    id: row.id,
    packId: row.pack_id,
    label: row.label,
    areaCode: row.area_code,
    overlayOf: row.overlay_of,
    status: row.status as ContentStatus,
    contentVersion: row.content_version,
    fileCount: Number(row.file_count),
    author: row.author,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reviewer: row.reviewer,
    reviewReason: row.review_reason,
    reviewedAt: row.reviewed_at,
    approvedAt: row.approved_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    supersededAt: row.superseded_at,
    withdrawnBy: row.withdrawn_by,
    withdrawnAt: row.withdrawn_at,
    withdrawReason: row.withdraw_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectVersions(db: Executor) {
  return db
    .selectFrom('triage_content_versions')
    .select(versionColumns)
    .select(sql<number>`jsonb_array_length(files)`.as('file_count'));
}

export async function insertVersion(db: Executor, v: NewContentVersion): Promise<ContentVersion> {
  const row = await db
    .insertInto('triage_content_versions')
    .values({
      id: v.id,
      pack_id: v.packId,
      label: v.label,
      area_code: v.areaCode,
      overlay_of: v.overlayOf,
      status: v.status,
      files: JSON.stringify(v.files.map((f) => ({ path: f.path, text: f.text }))),
      compiled: JSON.stringify(v.compiled),
      problems: JSON.stringify(v.problems),
      content_version: v.compiled.contentVersion,
      author: v.author,
      published_by: v.publishedBy ?? null,
      published_at: v.publishedBy ? v.at : null,
      created_at: v.at,
      updated_at: v.at,
    })
    .returning(versionColumns)
    .returning(sql<number>`jsonb_array_length(files)`.as('file_count'))
    .executeTakeFirstOrThrow();
  return toVersion(row);
}

/** `lock`: 'update' before changing the row; 'share' to keep it from changing (e.g. being withdrawn) meanwhile. */
export async function findVersion(db: Executor, id: string, lock?: 'update' | 'share'): Promise<ContentVersion | undefined> {
  let q = selectVersions(db).where('id', '=', id);
  if (lock === 'update') q = q.forUpdate();
  if (lock === 'share') q = q.forShare();
  const row = await q.executeTakeFirst();
  return row && toVersion(row);
}

export async function listVersions(db: Executor, filter: { status?: ContentStatus; areaCode?: string; national?: boolean; limit: number }): Promise<ContentVersion[]> {
  let q = selectVersions(db).orderBy('created_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.areaCode) q = q.where('area_code', '=', filter.areaCode);
  if (filter.national) q = q.where('area_code', 'is', null);
  return (await q.execute()).map(toVersion);
}

/** The published version for exactly this area (null = the national one). */
export async function findPublished(db: Executor, areaCode: string | null, lock?: 'update'): Promise<ContentVersion | undefined> {
  let q = selectVersions(db).where('status', '=', 'published');
  q = areaCode === null ? q.where('area_code', 'is', null) : q.where('area_code', '=', areaCode);
  if (lock === 'update') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toVersion(row);
}

/** Whether national content was ever published (so a withdrawal is not silently undone at start-up). */
export async function nationalEverPublished(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('triage_content_versions')
    .select('id')
    .where('area_code', 'is', null)
    .where('published_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export async function loadCompiled(db: Executor, id: string): Promise<CompiledPack | undefined> {
  const row = await db.selectFrom('triage_content_versions').select('compiled').where('id', '=', id).executeTakeFirst();
  return row?.compiled as CompiledPack | undefined;
}

export async function loadFiles(db: Executor, id: string): Promise<ContentFile[] | undefined> {
  const row = await db.selectFrom('triage_content_versions').select('files').where('id', '=', id).executeTakeFirst();
  return row?.files as ContentFile[] | undefined;
}

export async function loadProblems(db: Executor, id: string): Promise<ContentProblem[]> {
  const row = await db.selectFrom('triage_content_versions').select('problems').where('id', '=', id).executeTakeFirst();
  return (row?.problems as ContentProblem[] | undefined) ?? [];
}

export interface VersionChange {
  status?: ContentStatus;
  label?: string;
  files?: ContentFile[];
  compiled?: CompiledPack;
  problems?: ContentProblem[];
  submittedBy?: string | null;
  submittedAt?: Date | null;
  reviewer?: string | null;
  reviewReason?: string | null;
  reviewedAt?: Date | null;
  approvedAt?: Date | null;
  publishedBy?: string | null;
  publishedAt?: Date | null;
  supersededAt?: Date | null;
  withdrawnBy?: string | null;
  withdrawnAt?: Date | null;
  withdrawReason?: string | null;
  at: Date;
}

export async function updateVersion(db: Executor, id: string, change: VersionChange): Promise<ContentVersion> {
  const set: Record<string, unknown> = { updated_at: change.at };
  const columns: [keyof VersionChange, string][] = [
    ['status', 'status'],
    ['label', 'label'],
    ['submittedBy', 'submitted_by'],
    ['submittedAt', 'submitted_at'],
    ['reviewer', 'reviewer'],
    ['reviewReason', 'review_reason'],
    ['reviewedAt', 'reviewed_at'],
    ['approvedAt', 'approved_at'],
    ['publishedBy', 'published_by'],
    ['publishedAt', 'published_at'],
    ['supersededAt', 'superseded_at'],
    ['withdrawnBy', 'withdrawn_by'],
    ['withdrawnAt', 'withdrawn_at'],
    ['withdrawReason', 'withdraw_reason'],
  ];
  for (const [key, column] of columns) if (change[key] !== undefined) set[column] = change[key];
  if (change.files) set.files = JSON.stringify(change.files.map((f) => ({ path: f.path, text: f.text })));
  if (change.compiled) {
    set.compiled = JSON.stringify(change.compiled);
    set.content_version = change.compiled.contentVersion;
    set.pack_id = change.compiled.id;
  }
  if (change.problems) set.problems = JSON.stringify(change.problems);
  const row = await db
    .updateTable('triage_content_versions')
    .set(set)
    .where('id', '=', id)
    .returning(versionColumns)
    .returning(sql<number>`jsonb_array_length(files)`.as('file_count'))
    .executeTakeFirstOrThrow();
  return toVersion(row);
}

export async function areaExists(db: Executor, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('areas').select('code').where('code', '=', code).executeTakeFirst());
}

// ───────────────────────────── sessions ─────────────────────────────

export type SessionRowStatus = 'in_progress' | 'finished';

export interface StoredSession {
  id: string;
  contentVersionId: string;
  areaCode: string | null;
  state: SessionState;
  status: SessionRowStatus;
  startedBy: string;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

const sessionColumns = ['id', 'content_version_id', 'area_code', 'state', 'status', 'started_by', 'started_at', 'updated_at', 'finished_at'] as const;

type SessionRow = Pick<Selectable<Tables['triage_sessions']>, (typeof sessionColumns)[number]>;

function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    contentVersionId: row.content_version_id,
    areaCode: row.area_code,
    state: row.state as SessionState,
    status: row.status as SessionRowStatus,
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function statusOf(state: SessionState): SessionRowStatus {
  return state.status === 'finished' ? 'finished' : 'in_progress';
}

export async function insertSession(
  db: Executor,
  s: { id: string; contentVersionId: string; areaCode: string | null; state: SessionState; startedBy: string; at: Date },
): Promise<StoredSession> {
  const finished = s.state.status === 'finished';
  const row = await db
    .insertInto('triage_sessions')
    .values({
      id: s.id,
      content_version_id: s.contentVersionId,
      area_code: s.areaCode,
      state: JSON.stringify(s.state),
      status: statusOf(s.state),
      outcome: finished ? JSON.stringify(s.state.outcome satisfies Outcome | null) : null,
      started_by: s.startedBy,
      started_at: s.at,
      updated_at: s.at,
      finished_at: finished ? s.at : null,
    })
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
  return toSession(row);
}

export async function findSession(db: Executor, id: string, forUpdate = false): Promise<StoredSession | undefined> {
  let q = db.selectFrom('triage_sessions').select(sessionColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toSession(row);
}

/** Saves a new state; `finished_at` is the time of the latest finish (null while in progress again). */
export async function updateSession(db: Executor, id: string, state: SessionState, at: Date, finishedAt: Date | null): Promise<StoredSession> {
  const row = await db
    .updateTable('triage_sessions')
    .set({
      state: JSON.stringify(state),
      status: statusOf(state),
      outcome: state.outcome ? JSON.stringify(state.outcome) : null,
      updated_at: at,
      finished_at: state.status === 'finished' ? finishedAt : null,
    })
    .where('id', '=', id)
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
  return toSession(row);
}

export async function countOpenSessions(db: Executor, contentVersionId: string): Promise<number> {
  const row = await db
    .selectFrom('triage_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('content_version_id', '=', contentVersionId)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One page of the sessions recorded on a version, as replay needs them (start, chosen pathway, answers). */
export async function recordedSessions(db: Executor, contentVersionId: string, afterId: string | null, limit: number): Promise<RecordedSession[]> {
  let q = db
    .selectFrom('triage_sessions')
    .select([
      'id',
      sql<RecordedSession['start']>`state->'start'`.as('start'),
      sql<string | null>`state->>'pathwayId'`.as('pathway_id'),
      sql<RecordedSession['answers']>`state->'answers'`.as('answers'),
      sql<string>`state->>'contentVersion'`.as('content_version'),
    ])
    .where('content_version_id', '=', contentVersionId)
    .orderBy('id')
    .limit(limit);
  if (afterId !== null) q = q.where('id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    start: r.start,
    // As recordOf(): a pathway chosen after the screen is replayed; one given at start comes from the entry.
    pathwayId: r.start.entry ? null : r.pathway_id,
    answers: r.answers,
    contentVersion: r.content_version,
  }));
}

/** Serialises publishing the shipped pack between processes starting together. */
export async function lockShippedPack(tx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(7011003)`.execute(tx);
}

/** Published local variations built on a national version. */
export async function publishedOverlaysOf(db: Executor, baseId: string): Promise<string[]> {
  const rows = await db.selectFrom('triage_content_versions').select('id').where('overlay_of', '=', baseId).where('status', '=', 'published').execute();
  return rows.map((r) => r.id);
}
