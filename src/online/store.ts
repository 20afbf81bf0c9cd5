// All SQL of the online module: the one call-back request a triage session may make.
import type { Executor } from '../platform/database';

export interface StoredCallback {
  sessionId: string;
  requestHash: string;
  caseId: string | null;
  queued: boolean;
}

/**
 * Claims the session's call-back inside the caller's transaction; false if it already has one. On
 * PostgreSQL a concurrent claim of the same session waits here until the first transaction ends.
 */
export async function claimCallback(db: Executor, sessionId: string, requestHash: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('online_callbacks')
    .values({ session_id: sessionId, request_hash: requestHash, created_at: at })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .returning('session_id')
    .executeTakeFirst();
  return Boolean(row);
}

export async function completeCallback(db: Executor, sessionId: string, caseId: string, queued: boolean): Promise<void> {
  await db.updateTable('online_callbacks').set({ case_id: caseId, queued }).where('session_id', '=', sessionId).execute();
}

export async function findCallback(db: Executor, sessionId: string): Promise<StoredCallback | undefined> {
  const row = await db.selectFrom('online_callbacks').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  return row && { sessionId: row.session_id, requestHash: row.request_hash, caseId: row.case_id, queued: row.queued };
}
