import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor, ActorRole } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { audit } from '../platform/audit';
import { inTransaction } from '../platform/database';
import { badRequest, forbidden, notFound, unauthorized } from '../platform/errors';
import { recordChange, type Platform } from '../platform/context';
import { UNKNOWN_CLIENT } from '../platform/client-address';
import { TooManyRequests } from '../platform/reply-headers';
import type { ApiToken, LoginInput, Organisation, OrganisationInput, TokenInput, User, UserInput } from './model';
import { decoy, hashPassword, verifyPassword } from './passwords';
import * as store from './store';
import { countAttempt, forgiveAttempt, refusal, throttleKeys, RULES, type ThrottleKind } from './throttle';
import * as throttleStore from './throttle-store';

/** Throttle counts older than every rule's memory are pruned. */
const THROTTLE_MEMORY_MS = Math.max(...Object.values(RULES).map((rule) => rule.forgetAfterMs));
/** Who a failed sign-in with an unknown username is audited as. */
const anonymousLogin: Actor = { kind: 'system', id: 'anonymous', name: 'Anonymous', organisationId: null, roles: [] };

function loginRefusal(kind: ThrottleKind, retryAfterMs: number): TooManyRequests {
  const wait = retryAfterMs > 90_000 ? `${Math.ceil(retryAfterMs / 60_000)} minutes` : `${Math.ceil(retryAfterMs / 1000)} seconds`;
  if (kind === 'account') {
    return new TooManyRequests(`Too many failed sign-ins to this account: it is locked. Ask an administrator to unlock it, or try again in ${wait}.`, retryAfterMs, 'account_locked');
  }
  return new TooManyRequests(`Too many failed sign-ins: try again in ${wait}`, retryAfterMs, 'too_many_attempts');
}
/**
 * Who a session or token belongs to is remembered this long, so busy API clients (searches, capacity
 * feeds) do not cost a database read per request. A revocation, deactivation, password change or reset
 * or ending of sessions is an event that makes every process forget at once (AUTH_CHANGING_EVENTS); a
 * logout is forgotten at once here, in other processes within this time.
 */
const AUTH_CACHE_MS = 10_000;
/** Last use of a token is written at most this often: a minute's precision is plenty for rotation. */
const TOKEN_TOUCH_MS = 60_000;

/** Sessions and tokens are stored only as this hash of the secret. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type CachedActor = { actor: Actor | null; from: number; until: number };

export function userActor(user: User): Actor {
  return { kind: 'user', id: user.id, name: user.displayName, organisationId: user.organisationId, roles: user.roles };
}

export class IdentityService {
  /** Organisation subtrees change rarely and are asked for on many requests. */
  private subtreeCache = new Map<string, string[]>();
  private authCache = new Map<string, CachedActor>();
  /** Moves on each forget, so a lookup that raced a forget does not put back what it read. */
  private authGeneration = 0;

  constructor(private readonly platform: Platform) {
    // Made now, so the first unknown username does not pay for hashing the decoy as well.
    void decoy();
  }

  private get db() {
    return this.platform.db;
  }

  // ---- organisations ----

  async createOrganisation(actor: Actor, data: OrganisationInput): Promise<Organisation> {
    const org: Organisation = {
      id: data.id ?? `org-${randomUUID().slice(0, 8)}`,
      name: data.name,
      kind: data.kind,
      odsCode: data.odsCode ?? null,
      parentId: data.parentId ?? null,
    };
    if (org.parentId && !(await store.findOrganisation(this.db, org.parentId))) {
      throw badRequest(`Unknown parent organisation ${org.parentId}`, [{ path: 'parentId', message: 'no such organisation' }]);
    }
    const at = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      await store.insertOrganisation(tx, org, at);
      await recordChange(tx, actor, at, { type: 'organisation.created', subjectType: 'organisation', subjectIds: [org.id], payload: { ...org } });
    });
    this.subtreeCache.clear();
    return org;
  }

  listOrganisations(): Promise<Organisation[]> {
    return store.listOrganisations(this.db);
  }

  async getOrganisation(id: string): Promise<Organisation> {
    const org = await store.findOrganisation(this.db, id);
    if (!org) throw notFound(`Organisation ${id}`);
    return org;
  }

  /** The organisation and every organisation below it. */
  async organisationScope(organisationId: string): Promise<string[]> {
    let scope = this.subtreeCache.get(organisationId);
    if (!scope) {
      scope = await store.organisationSubtree(this.db, organisationId);
      this.subtreeCache.set(organisationId, scope);
    }
    return scope;
  }

  /** Forgets who sessions and tokens belong to (a token was revoked, a user deactivated …, here or in another process). */
  forgetCachedActors(): void {
    this.authGeneration++;
    this.authCache.clear();
  }

  /** Forgets cached organisation trees (called when another process changes organisations). */
  forgetOrganisationTrees(): void {
    this.subtreeCache.clear();
  }

  // ---- users ----

  async createUser(actor: Actor, data: UserInput): Promise<User> {
    await this.getOrganisationFor('organisationId', data.organisationId);
    const user: User = {
      id: randomUUID(),
      username: data.username,
      displayName: data.displayName,
      email: data.email ?? null,
      organisationId: data.organisationId,
      roles: data.roles,
      active: true,
    };
    const passwordHash = await hashPassword(data.password);
    const at = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      await store.insertUser(tx, user, passwordHash, at);
      const { username, displayName, organisationId, roles } = user;
      await recordChange(tx, actor, at, {
        type: 'user.created',
        subjectType: 'user',
        subjectIds: [user.id],
        payload: { username, displayName, organisationId, roles },
      });
    });
    return user;
  }

  listUsers(): Promise<User[]> {
    return store.listUsers(this.db);
  }

  /**
   * Display names for actor ids (users from the users table, API tokens by their name); an id that is
   * neither (Signpost itself, e.g. "signpost-demo") is named as Signpost.
   */
  async displayNames(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
    const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
    const names = await store.displayNames(this.db, wanted);
    for (const id of wanted) if (!names.has(id)) names.set(id, id.startsWith('signpost') ? 'Signpost' : id);
    return names;
  }

  countUsers(): Promise<number> {
    return store.countUsers(this.db);
  }

  // ---- sessions ----

  /**
   * Checks a password, throttled per account+address, per address and per account (throttle.ts)
   * before the password is looked at. An unknown or inactive username takes the same steps — the
   * same throttle writes, a verify against a decoy hash, the same audit write — and gets the same
   * reply, so neither the answer nor its timing says whether an account exists.
   */
  async login({ username, password }: LoginInput, address: string = UNKNOWN_CLIENT): Promise<{ sessionToken: string; expiresAt: Date; user: User }> {
    const now = this.platform.clock.now();
    await this.admitLoginAttempt(username, address, now);
    const found = await store.findUserForLogin(this.db, username);
    const usable = found?.user.active ? found : undefined;
    const passwordRight = await verifyPassword(usable?.passwordHash ?? (await decoy()), password);
    if (!usable || !passwordRight) {
      await audit(this.db, found ? userActor(found.user) : anonymousLogin, now, {
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: found?.user.id ?? null,
        // Not the username typed: people type their password into it, and this log is for ever.
        details: { address },
      });
      throw unauthorized('Wrong username or password');
    }
    const sessionToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.platform.config.sessionHours * 3600_000);
    await inTransaction(this.db, async (tx) => {
      // Read again under lock: other attempts may have counted since this one was admitted.
      for (const count of await throttleStore.lockCounts(tx, throttleKeys(username, address), now)) {
        const forgiven = forgiveAttempt(count);
        await (forgiven ? throttleStore.saveCount(tx, forgiven) : throttleStore.deleteCount(tx, count.key));
      }
      await throttleStore.pruneCounts(tx, new Date(now.getTime() - THROTTLE_MEMORY_MS), now);
      await store.deleteExpiredSessions(tx, now);
      await store.insertSession(tx, { id: sha256(sessionToken), userId: usable.user.id, createdAt: now, expiresAt });
      await audit(tx, userActor(usable.user), now, { action: 'auth.login', subjectType: 'user', subjectId: usable.user.id });
    });
    return { sessionToken, expiresAt, user: usable.user };
  }

  /** Refuses (429) while any throttle blocks, else counts the attempt as a failure until it proves right. */
  private admitLoginAttempt(username: string, address: string, now: Date): Promise<void> {
    return inTransaction(this.db, async (tx) => {
      const counts = await throttleStore.lockCounts(tx, throttleKeys(username, address), now);
      const refused = refusal(counts, now);
      if (refused) throw loginRefusal(refused.kind, refused.retryAfterMs);
      for (const count of counts) await throttleStore.saveCount(tx, countAttempt(count, now));
    });
  }

  /** Lifts an account's sign-in lockout and per-address delays (admins, or the CLI). */
  async unlockUser(actor: Actor, userId: string): Promise<{ user: User; wasLocked: boolean }> {
    const user = await store.findUser(this.db, userId);
    if (!user) throw notFound(`User ${userId}`);
    const at = this.platform.clock.now();
    const wasLocked = await inTransaction(this.db, async (tx) => {
      const blocked = await throttleStore.clearAccount(tx, user.username, at);
      await recordChange(tx, actor, at, { type: 'user.unlocked', subjectType: 'user', subjectIds: [user.id], payload: { username: user.username, wasLocked: blocked } });
      return blocked;
    });
    return { user, wasLocked };
  }

  async findUserByUsername(username: string): Promise<User> {
    const found = await store.findUserForLogin(this.db, username.trim().toLowerCase());
    if (!found) throw notFound(`User ${username}`);
    return found.user;
  }

  async logout(actor: Actor, sessionToken: string): Promise<void> {
    this.authCache.delete(`s:${sha256(sessionToken)}`);
    await inTransaction(this.db, async (tx) => {
      await store.deleteSession(tx, sha256(sessionToken));
      await audit(tx, actor, this.platform.clock.now(), { action: 'auth.logout', subjectType: 'user', subjectId: actor.id });
    });
  }

  async actorForSession(sessionToken: string): Promise<Actor | null> {
    const id = sha256(sessionToken);
    return this.cachedActor(`s:${id}`, async () => {
      const found = await store.findSessionUser(this.db, id, this.platform.clock.now());
      return { actor: found?.user.active ? userActor(found.user) : null, expiresAt: found?.expiresAt };
    });
  }

  /**
   * Remembers a lookup for AUTH_CACHE_MS of the injected clock, never past the session's or token's
   * own expiry. A forget while the lookup ran (say a deactivation committed meanwhile) wins.
   */
  private async cachedActor(key: string, load: () => Promise<{ actor: Actor | null; expiresAt?: Date }>): Promise<Actor | null> {
    const now = this.platform.clock.now().getTime();
    const hit = this.authCache.get(key);
    if (hit && now >= hit.from && now < hit.until) return hit.actor;
    const generation = this.authGeneration;
    const { actor, expiresAt } = await load();
    if (generation === this.authGeneration) {
      if (this.authCache.size > 10_000) this.authCache.clear();
      this.authCache.set(key, { actor, from: now, until: Math.min(now + AUTH_CACHE_MS, expiresAt?.getTime() ?? Infinity) });
    }
    return actor;
  }

  // ---- API tokens ----

  async createToken(actor: Actor, data: TokenInput): Promise<{ token: string; apiToken: ApiToken }> {
    await this.getOrganisationFor('organisationId', data.organisationId);
    await this.assertMayManageOrganisation(actor, data.organisationId);
    const token = `sp_${randomBytes(32).toString('base64url')}`;
    const apiToken: ApiToken = {
      id: randomUUID(),
      name: data.name,
      organisationId: data.organisationId,
      scope: data.scope,
      createdAt: this.platform.clock.now(),
      revokedAt: null,
      lastUsedAt: null,
      expiresAt: new Date(this.platform.clock.now().getTime() + data.expiresInDays * 86_400_000),
    };
    await inTransaction(this.db, async (tx) => {
      await store.insertToken(tx, apiToken, sha256(token), actor.kind === 'user' ? actor.id : null);
      await recordChange(tx, actor, apiToken.createdAt, {
        type: 'token.created',
        subjectType: 'api_token',
        subjectIds: [apiToken.id, apiToken.organisationId],
        payload: { name: apiToken.name, organisationId: apiToken.organisationId, scope: apiToken.scope, expiresAt: apiToken.expiresAt.toISOString() },
      });
    });
    return { token, apiToken };
  }

  async listTokens(actor: Actor): Promise<ApiToken[]> {
    if (hasAnyRole(actor, ['admin'])) return store.listTokens(this.db);
    if (!actor.organisationId) return [];
    return store.listTokens(this.db, await this.organisationScope(actor.organisationId));
  }

  async revokeToken(actor: Actor, id: string): Promise<ApiToken> {
    const token = await store.findToken(this.db, id);
    if (!token) throw notFound(`API token ${id}`);
    await this.assertMayManageOrganisation(actor, token.organisationId);
    const at = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      await store.revokeToken(tx, id, at);
      await recordChange(tx, actor, at, { type: 'token.revoked', subjectType: 'api_token', subjectIds: [id, token.organisationId] });
    });
    // Any cached lookup of this token must go now, not in ten seconds (other processes: by the event).
    this.forgetCachedActors();
    return { ...token, revokedAt: at };
  }

  async actorForToken(token: string): Promise<Actor | null> {
    const hash = sha256(token);
    return this.cachedActor(`t:${hash}`, async () => {
      const now = this.platform.clock.now();
      const found = await store.findActiveToken(this.db, hash, now);
      if (!found) return { actor: null };
      // Only on a cache miss, and only when the last recorded use is a minute old: no write per request.
      const touchedSince = new Date(now.getTime() - TOKEN_TOUCH_MS);
      if (!found.lastUsedAt || found.lastUsedAt < touchedSince) await store.touchToken(this.db, found.id, now, touchedSince);
      const actor: Actor = { kind: 'token', id: found.id, name: found.name, organisationId: found.organisationId, roles: [found.scope] };
      return { actor, expiresAt: found.expiresAt };
    });
  }

  /** Admins manage any organisation; others only their own organisation and those below it. */
  assertMayManageOrganisation(actor: Actor, organisationId: string): Promise<void> {
    return this.assertActsFor(actor, organisationId, ['admin'], `You may act only for your own organisation, not ${organisationId}`);
  }

  /**
   * The one organisation-scope rule: actors with one of `anyOrganisation` roles act for every
   * organisation; everyone else only for their own organisation and those below it.
   */
  async assertActsFor(actor: Actor, organisationId: string, anyOrganisation: readonly ActorRole[], refusal: string): Promise<void> {
    if (hasAnyRole(actor, anyOrganisation)) return;
    if (actor.organisationId && (await this.organisationScope(actor.organisationId)).includes(organisationId)) return;
    throw forbidden(refusal);
  }

  private async getOrganisationFor(path: string, id: string): Promise<Organisation> {
    const org = await store.findOrganisation(this.db, id);
    if (!org) throw badRequest(`Unknown organisation ${id}`, [{ path, message: 'no such organisation' }]);
    return org;
  }
}
