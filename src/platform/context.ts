import type { Actor } from './actor';
import { audit, type AuditEntry } from './audit';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database, Db, Tx } from './database';
import { appendEvent, type NewEvent } from './events';
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
 * (same action name unless given) whenever a person or system acted.
 */
export async function recordChange(
  tx: Tx,
  actor: Actor,
  at: Date,
  event: NewEvent,
  auditEntry?: Partial<AuditEntry>,
): Promise<number> {
  const eventId = await appendEvent(tx, actor, at, event);
  await audit(tx, actor, at, {
    action: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectIds[0] ?? null,
    ...auditEntry,
    details: { eventId, ...auditEntry?.details },
  });
  return eventId;
}
