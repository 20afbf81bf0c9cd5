// The SQL of sign-in throttling (rules in throttle.ts).
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../platform/database';
import type { ThrottleCount } from './throttle';
import type { Tables } from '../tables';

type Row = Selectable<Tables['login_throttle']>;
const toCount = (row: Row): ThrottleCount => ({
  key: row.key,
  kind: row.kind,
  username: row.username,
  failures: row.failures,
  lastFailureAt: row.last_failure_at,
  blockedUntil: row.blocked_until,
});

/**
 * The counts for these keys, locked until the transaction ends so concurrent attempts (in any
 * process) are counted one after another. A missing row is created empty, so even the first attempts
 * of a burst queue on a row lock. Rows are locked one at a time in key order — one order for every
 * attempt — so two attempts cannot deadlock.
 */
export async function lockCounts(tx: Tx, keys: Pick<ThrottleCount, 'key' | 'kind' | 'username'>[], now: Date): Promise<ThrottleCount[]> {
  const counts: ThrottleCount[] = [];
  for (const { key, kind, username } of [...keys].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    // The no-op update makes an existing row come back locked, as select … for update would.
    const row = await tx
      .insertInto('login_throttle')
      .values({ key, kind, username, failures: 0, last_failure_at: now, blocked_until: null })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ key: eb.ref('excluded.key') })))
      .returningAll()
      .executeTakeFirstOrThrow();
    counts.push(toCount(row));
  }
  return counts;
}

export async function saveCount(db: Executor, count: ThrottleCount): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ failures: count.failures, last_failure_at: count.lastFailureAt, blocked_until: count.blockedUntil })
    .where('key', '=', count.key)
    .execute();
}

export async function deleteCount(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Clears an account's counts (its lockout and its per-address delays); true if it was blocked. */
export async function clearAccount(db: Executor, username: string, now: Date): Promise<boolean> {
  const deleted = await db.deleteFrom('login_throttle').where('username', '=', username).returning('blocked_until').execute();
  return deleted.some((row) => row.blocked_until && row.blocked_until > now);
}

/** Forgets counts that no longer block anything and are older than every rule's memory. */
export async function pruneCounts(db: Executor, olderThan: Date, now: Date): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', olderThan)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .execute();
}
