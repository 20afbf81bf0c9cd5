// Account management: deactivate and reactivate users, change and reset passwords, end sessions.
// Each change is one transaction with its event and audit entry; the event makes every process
// forget who its cached sessions and tokens belong to (see docs/decisions/0014-account-lifecycle.md).
import { randomBytes } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { badRequest, conflict, forbidden, notFound } from '../platform/errors';
import * as store from './accounts-store';
import * as throttleStore from './throttle-store';
import type { ChangePasswordInput, EndSessionsInput, PasswordResetInput, User } from './model';
import { hashPassword, verifyPassword } from './passwords';
import { sha256, type IdentityService } from './service';

/**
 * Events after which no process may trust what it remembers about sessions and tokens: each either
 * ends sign-ins (revocation, deactivation, password change or reset, ending sessions) or brings
 * back ones that were refused (reactivation lifts the suspension of the user's tokens).
 */
export const AUTH_CHANGING_EVENTS: ReadonlySet<string> = new Set([
  'token.revoked',
  'user.deactivated',
  'user.reactivated',
  'user.password_changed',
  'user.password_reset',
  'user.sessions_ended',
]);

const WRONG_PASSWORD_DELAY_MS = 1000;

type AccountEvent = 'user.deactivated' | 'user.reactivated' | 'user.password_changed' | 'user.password_reset' | 'user.sessions_ended';

export class AccountsService {
  constructor(
    private readonly platform: Platform,
    private readonly identity: IdentityService,
  ) {}

  private get db() {
    return this.platform.db;
  }

  async userByUsername(username: string): Promise<User> {
    const user = await store.findUserByUsername(this.db, username.trim().toLowerCase());
    if (!user) throw notFound(`User ${username}`);
    return user;
  }

  /** Ends every session of the user at once, in every process; their tokens stop working too. */
  async deactivate(actor: Actor, userId: string): Promise<User> {
    assertAdmin(actor);
    if (actor.id === userId) throw conflict('You cannot deactivate your own account', [], 'own_account');
    const user = await this.getUser(userId);
    if (!user.active) return user;
    await this.change(actor, user, 'user.deactivated', async (tx, at) => {
      await store.setUserActive(tx, user.id, false);
      return { sessionsEnded: await store.deleteSessionsOfUser(tx, user.id, at) };
    });
    return { ...user, active: false };
  }

  async reactivate(actor: Actor, userId: string): Promise<User> {
    assertAdmin(actor);
    const user = await this.getUser(userId);
    if (user.active) return user;
    await this.change(actor, user, 'user.reactivated', async (tx) => {
      await store.setUserActive(tx, user.id, true);
      return {};
    });
    return { ...user, active: true };
  }

  /**
   * An admin sets a new password (or has one generated, returned once) and ends the user's sessions.
   * Not for one's own account: that needs the current password (changeOwnPassword).
   */
  async resetPassword(actor: Actor, userId: string, data: PasswordResetInput): Promise<{ user: User; password?: string; sessionsEnded: number }> {
    assertAdmin(actor);
    if (actor.id === userId) throw conflict('Change your own password with your current one (Change my password)', [], 'own_account');
    const user = await this.getUser(userId);
    const password = data.password ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const { sessionsEnded } = await this.change(actor, user, 'user.password_reset', async (tx, at) => {
      await store.setPasswordHash(tx, user.id, passwordHash);
      // A new password from an admin also lifts a sign-in lockout the old one collected.
      await throttleStore.clearAccount(tx, user.username, at);
      return { sessionsEnded: await store.deleteSessionsOfUser(tx, user.id, at) };
    });
    return { user, ...(data.password ? {} : { password }), sessionsEnded: sessionsEnded ?? 0 };
  }

  /** A signed-in person changes their own password; their other sessions end, this one stays. */
  async changeOwnPassword(actor: Actor, data: ChangePasswordInput, currentSessionToken?: string): Promise<{ sessionsEnded: number }> {
    const user = await this.ownAccount(actor);
    const currentHash = await store.findPasswordHash(this.db, user.id);
    if (!currentHash || !(await verifyPassword(currentHash, data.currentPassword))) {
      await audit(this.db, actor, this.platform.clock.now(), { action: 'user.password_change_failed', subjectType: 'user', subjectId: user.id });
      // Someone holding a stolen session must not be able to guess the password quickly here.
      await this.platform.sleep(WRONG_PASSWORD_DELAY_MS);
      throw badRequest('That is not your current password', [{ path: 'body.currentPassword', message: 'not your current password' }], 'wrong_password');
    }
    if (data.newPassword === data.currentPassword) {
      throw badRequest('The new password must differ from the current one', [{ path: 'body.newPassword', message: 'same as the current password' }]);
    }
    const passwordHash = await hashPassword(data.newPassword);
    const keep = currentSessionToken ? sha256(currentSessionToken) : undefined;
    const { sessionsEnded } = await this.change(actor, user, 'user.password_changed', async (tx, at) => {
      await store.setPasswordHash(tx, user.id, passwordHash);
      return { sessionsEnded: await store.deleteSessionsOfUser(tx, user.id, at, keep) };
    });
    return { sessionsEnded: sessionsEnded ?? 0 };
  }

  /** An admin ends every session of a user (they must sign in again). */
  async endSessions(actor: Actor, userId: string): Promise<{ sessionsEnded: number }> {
    assertAdmin(actor);
    const user = await this.getUser(userId);
    return this.endSessionsOf(actor, user);
  }

  /** Signs a person out everywhere else (or everywhere, this session too, when asked). */
  async endOwnSessions(actor: Actor, { includeThisOne }: EndSessionsInput, currentSessionToken?: string): Promise<{ sessionsEnded: number }> {
    const user = await this.ownAccount(actor);
    return this.endSessionsOf(actor, user, includeThisOne || !currentSessionToken ? undefined : sha256(currentSessionToken));
  }

  private async endSessionsOf(actor: Actor, user: User, keepSessionId?: string): Promise<{ sessionsEnded: number }> {
    const { sessionsEnded } = await this.change(actor, user, 'user.sessions_ended', async (tx, at) => ({
      sessionsEnded: await store.deleteSessionsOfUser(tx, user.id, at, keepSessionId),
    }));
    return { sessionsEnded: sessionsEnded ?? 0 };
  }

  /**
   * Runs one account change with its event and audit entry, then forgets cached sign-ins here at once
   * (other processes forget when the event reaches them). Only after commit: forgetting earlier could
   * let a concurrent lookup cache what the transaction is about to change.
   */
  private async change(
    actor: Actor,
    user: User,
    type: AccountEvent,
    write: (tx: Tx, at: Date) => Promise<{ sessionsEnded?: number }>,
  ): Promise<{ sessionsEnded?: number }> {
    const at = this.platform.clock.now();
    const result = await inTransaction(this.db, async (tx) => {
      const written = await write(tx, at);
      await recordChange(tx, actor, at, {
        type,
        subjectType: 'user',
        subjectIds: [user.id, user.organisationId],
        payload: { username: user.username, ...written },
      });
      return written;
    });
    this.identity.forgetCachedActors();
    return result;
  }

  private async getUser(userId: string): Promise<User> {
    const user = await store.findUser(this.db, userId);
    if (!user) throw notFound(`User ${userId}`);
    return user;
  }

  private async ownAccount(actor: Actor): Promise<User> {
    if (actor.kind !== 'user') throw forbidden('Only a signed-in person has a password and sessions of their own');
    return this.getUser(actor.id);
  }
}

function assertAdmin(actor: Actor): void {
  if (!hasAnyRole(actor, ['admin'])) throw forbidden('Only an administrator manages other accounts');
}

/** 16 random bytes as base64url: 22 characters, well over the 12-character minimum. */
export function generatePassword(): string {
  return randomBytes(16).toString('base64url');
}
