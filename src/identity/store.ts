import { sql, type Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import { SYSTEM_ROLE, TELEPHONY_ROLE } from '../platform/actor';
import type { ApiToken, Organisation, User } from './model';
import type { Tables } from '../tables';

type OrgRow = Pick<Selectable<Tables['organisations']>, 'id' | 'name' | 'kind' | 'ods_code' | 'parent_id'>;
const toOrganisation = (row: OrgRow): Organisation => ({
  id: row.id,
  name: row.name,
  kind: row.kind as Organisation['kind'],
  odsCode: row.ods_code,
  parentId: row.parent_id,
});

export async function insertOrganisation(db: Executor, org: Organisation, at: Date): Promise<void> {
  await db
    .insertInto('organisations')
    .values({ id: org.id, name: org.name, kind: org.kind, ods_code: org.odsCode, parent_id: org.parentId, created_at: at })
    .execute();
}

export async function findOrganisation(db: Executor, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOrganisation(row);
}

export async function listOrganisations(db: Executor): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map(toOrganisation);
}

/** The organisation and everything below it. */
export async function organisationSubtree(db: Executor, id: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with recursive tree(id) as (
      select id from organisations where id = ${id}
      union
      select o.id from organisations o join tree t on o.parent_id = t.id
    )
    select id from tree`.execute(db);
  return result.rows.map((r) => r.id);
}

type UserRow = Pick<Selectable<Tables['users']>, 'id' | 'username' | 'display_name' | 'email' | 'organisation_id' | 'roles' | 'active'>;
const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  organisationId: row.organisation_id,
  roles: row.roles as User['roles'],
  active: row.active,
});

export async function insertUser(db: Executor, user: User, passwordHash: string, at: Date): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      email: user.email,
      organisation_id: user.organisationId,
      roles: user.roles,
      password_hash: passwordHash,
      created_at: at,
    })
    .execute();
}

export async function findUserForLogin(db: Executor, username: string) {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Executor, organisationIds?: string[]): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().orderBy('username');
  if (organisationIds) query = query.where('organisation_id', 'in', organisationIds.length ? organisationIds : ['']);
  return (await query.execute()).map(toUser);
}

/** The names people and API tokens go by, for the ids given (unknown ids are left out). */
export async function displayNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!ids.length) return names;
  const [users, tokens] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute(),
    db.selectFrom('api_tokens').select(['id', 'name']).where('id', 'in', ids).execute(),
  ]);
  for (const u of users) names.set(u.id, u.display_name);
  for (const t of tokens) names.set(t.id, `API token “${t.name}”`);
  return names;
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(db: Executor, session: { id: string; userId: string; createdAt: Date; expiresAt: Date }) {
  await db
    .insertInto('user_sessions')
    .values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

export async function findSessionUser(db: Executor, sessionId: string, now: Date): Promise<{ user: User; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .select(['users.id', 'username', 'display_name', 'email', 'organisation_id', 'roles', 'active', 'expires_at'])
    .where('user_sessions.id', '=', sessionId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { user: toUser(row), expiresAt: row.expires_at };
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('user_sessions').where('expires_at', '<=', now).execute();
}

type TokenRow = Pick<Selectable<Tables['api_tokens']>, 'id' | 'name' | 'organisation_id' | 'roles' | 'created_at' | 'revoked_at' | 'last_used_at' | 'expires_at'>;
const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  organisationId: row.organisation_id,
  // A token has one scope, kept in the roles column the table has had from the start.
  scope: row.roles.includes(TELEPHONY_ROLE) ? TELEPHONY_ROLE : SYSTEM_ROLE,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
});

export async function insertToken(db: Executor, token: ApiToken, tokenHash: string, createdBy: string | null) {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      organisation_id: token.organisationId,
      token_hash: tokenHash,
      roles: [token.scope],
      created_by: createdBy,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** A token that works now: not revoked, not expired, and not made by a user since deactivated. */
export async function findActiveToken(db: Executor, tokenHash: string, now: Date): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.created_by')
    .selectAll('api_tokens')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('api_tokens.created_by', 'is', null), eb('users.active', '=', true)]))
    .executeTakeFirst();
  return row && toToken(row);
}

/** Records a use unless one was recorded since `unlessSince` (so several processes write once). */
export async function touchToken(db: Executor, id: string, at: Date, unlessSince: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', unlessSince)]))
    .execute();
}

export async function listTokens(db: Executor, organisationIds?: string[]): Promise<ApiToken[]> {
  let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
  if (organisationIds) query = query.where('organisation_id', 'in', organisationIds.length ? organisationIds : ['']);
  return (await query.execute()).map(toToken);
}

export async function findToken(db: Executor, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toToken(row);
}

export async function revokeToken(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}
