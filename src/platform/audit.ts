import type { Actor } from './actor';
import type { Executor } from './database';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  /** True when the entry records access to patient-identifiable data. */
  patientData?: boolean;
  details?: Record<string, unknown>;
  requestId?: string;
}

/** Appends to the audit log (append-only: a trigger refuses updates and deletes). */
export async function audit(tx: Executor, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await tx.insertInto('audit_log').values(auditRow(actor, at, entry)).execute();
}

/** An entry as its audit_log row (details as JSON text). */
export function auditRow(actor: Actor, at: Date, entry: AuditEntry) {
  return {
    at,
    actor_id: actor.id,
    actor_kind: actor.kind,
    organisation_id: actor.organisationId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId == null ? null : String(entry.subjectId),
    patient_data: entry.patientData ?? false,
    details: JSON.stringify(entry.details ?? {}),
    request_id: entry.requestId ?? null,
  };
}

/** Appends many entries in one statement, each as `audit` writes it (the demo's history). */
export async function auditMany(tx: Executor, entries: { actor: Actor; at: Date; entry: AuditEntry }[]): Promise<void> {
  if (!entries.length) return;
  await tx
    .insertInto('audit_log')
    .values(entries.map(({ actor, at, entry }) => auditRow(actor, at, entry)))
    .execute();
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  before?: number;
  limit: number;
}

/** Newest first; `before` pages back by id. */
export async function listAudit(db: Executor, query: AuditQuery) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.subjectType) q = q.where('subject_type', '=', query.subjectType);
  if (query.subjectId) q = q.where('subject_id', '=', query.subjectId);
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.before) q = q.where('id', '<', query.before);
  return q.execute();
}
