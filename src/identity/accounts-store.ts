// SQL of account management (deactivation, passwords, ending sessions); kept beside store.ts so the
// sign-in path and account management can change independently.
import type { Executor } from '../platform/database';
import type { User } from './model';
import { findUser } from './store';

export { findUser };

export async function findUserByUsername(db: Executor, username: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row && findUser(db, row.id);
}

export async function findPasswordHash(db: Executor, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash;
}

export async function setUserActive(db: Executor, userId: string, active: boolean): Promise<void> {
  await db.updateTable('users').set({ active }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Deletes the user's sessions (all, or all but one); returns how many were live. */
export async function deleteSessionsOfUser(db: Executor, userId: string, now: Date, keepSessionId?: string): Promise<number> {
  let query = db.deleteFrom('user_sessions').where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const rows = await query.returning('expires_at').execute();
  return rows.filter((row) => row.expires_at > now).length;
}

