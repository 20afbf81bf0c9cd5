import type { Actor } from './actor';
import { sql } from 'kysely';
import { auditMany, auditRow, type AuditEntry } from './audit';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database, Db, Tx } from './database';
import { appendDatedEvents, appendingEvents, type NewEvent } from './events';
import type { Lifecycle, Log } from './log';

/** What every module's service is given: the database, the clock, the configuration and the logger. */
export interface Platform {
  database: Database;
  db: Db;
  clock: Clock;
  config: Config;
  log: Log;
  /** Whether Signpost is shutting down: background work that fails then is expected to. */
  lifecycle: Lifecycle;
  /** Waits; injected so tests of slowed logins need not really wait. */
  sleep(ms: number): Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Records a state change inside the caller's transaction: the domain event always, and the audit entry
 * (same action name unless given, its details naming the event) whenever a person or system acted.
 * One statement: see appendingEvents.
 */
export async function recordChange(
  tx: Tx,
  actor: Actor,
  at: Date,
  event: NewEvent,
  auditEntry?: Partial<AuditEntry>,
): Promise<number> {
  const entry = auditRow(actor, at, { action: event.type, subjectType: event.subjectType, subjectId: event.subjectIds[0] ?? null, ...auditEntry });
  const result = await sql<{ id: number }>`${appendingEvents(actor, at, [event])},
    audited as (
      insert into audit_log (at, actor_id, actor_kind, organisation_id, action, subject_type, subject_id, patient_data, details, request_id)
      select ${entry.at}, ${entry.actor_id}, ${entry.actor_kind}, ${entry.organisation_id}, ${entry.action}, ${entry.subject_type}, ${entry.subject_id},
        ${entry.patient_data}, jsonb_build_object('eventId', added.id) || ${entry.details}::jsonb, ${entry.request_id}
      from added)
    select id from added, notified`.execute(tx);
  return Number(result.rows[0].id);
}

/** A past change for `recordChanges`: the event, and whether (or with what) it is audited as recordChange would. */
export interface PastChange {
  actor: Actor;
  at: Date;
  event: NewEvent;
  /** true: audited as `recordChange` audits; an entry: with these fields; false: an event only (as `appendEvent`) */
  audit: boolean | Partial<AuditEntry>;
}

/**
 * Records many past changes inside the caller's transaction, in bulk: for each, the event `appendEvent`
 * would write, and the audit entry `recordChange` would (the demo's history, decision 0031).
 */
export async function recordChanges(tx: Tx, changes: PastChange[]): Promise<void> {
  const ids = await appendDatedEvents(tx, changes);
  const audited: { actor: Actor; at: Date; entry: AuditEntry }[] = [];
  changes.forEach((change, i) => {
    if (change.audit === false) return;
    const extra = change.audit === true ? {} : change.audit;
    const { event } = change;
    audited.push({
      actor: change.actor,
      at: change.at,
      entry: { action: event.type, subjectType: event.subjectType, subjectId: event.subjectIds[0] ?? null, ...extra, details: { eventId: ids[i], ...extra.details } },
    });
  });
  await auditMany(tx, audited);
}
