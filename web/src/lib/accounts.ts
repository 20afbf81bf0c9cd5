// The accounts API: users (deactivate, reactivate, reset password, end sessions), my own password and
// sessions, and API tokens with their expiry and last use. Paths in one place.
import { api } from './api';
import type { Role } from './auth';

export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organisationId: string;
  roles: Role[];
  active: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  organisationId: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string;
}

export const ACCOUNT_PATHS = {
  users: '/api/users',
  userAction: (id: string, action: 'deactivate' | 'reactivate' | 'reset-password' | 'end-sessions' | 'unlock') => `/api/users/${encodeURIComponent(id)}/${action}`,
  myPassword: '/api/users/me/password',
  mySessions: '/api/users/me/end-sessions',
  tokens: '/api/tokens',
  token: (id: string) => `/api/tokens/${encodeURIComponent(id)}`,
};

export const setActive = (id: string, active: boolean) =>
  api<{ user: UserAccount }>(ACCOUNT_PATHS.userAction(id, active ? 'reactivate' : 'deactivate'), { method: 'POST' });

/** Without a password the server generates one and returns it, once. */
export const resetPassword = (id: string, password?: string) =>
  api<{ user: UserAccount; password?: string; sessionsEnded: number }>(ACCOUNT_PATHS.userAction(id, 'reset-password'), { body: password ? { password } : {} });

/** Lifts a sign-in lockout after many failed sign-ins (and forgets the failures counted against the account). */
export const unlockSignIn = (id: string) => api<{ user: UserAccount; wasLocked: boolean }>(ACCOUNT_PATHS.userAction(id, 'unlock'), { method: 'POST' });
export const endSessions = (id: string) => api<{ sessionsEnded: number }>(ACCOUNT_PATHS.userAction(id, 'end-sessions'), { method: 'POST' });

export const changeMyPassword = (currentPassword: string, newPassword: string) =>
  api<{ sessionsEnded: number }>(ACCOUNT_PATHS.myPassword, { body: { currentPassword, newPassword } });

export const endMyOtherSessions = () => api<{ sessionsEnded: number }>(ACCOUNT_PATHS.mySessions, { body: {} });

export const createToken = (input: { name: string; organisationId: string; expiresInDays: number }) =>
  api<{ token: string; apiToken: ApiToken }>(ACCOUNT_PATHS.tokens, { body: input });

export const revokeToken = (id: string) => api<ApiToken>(ACCOUNT_PATHS.token(id), { method: 'DELETE' });

/** Lifetimes offered when making a token; the server allows 1–730 days and defaults to a year. */
export const TOKEN_LIFETIMES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year (recommended)' },
  { value: '730', label: '2 years (the longest allowed)' },
];

export type TokenState = 'active' | 'expiring' | 'expired' | 'revoked';
const EXPIRING_WITHIN_MS = 30 * 86_400_000;

/** Where a token stands: revoked, expired, expiring within 30 days (time to rotate) or active. */
export function tokenState(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): TokenState {
  if (token.revokedAt) return 'revoked';
  const left = new Date(token.expiresAt).getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= EXPIRING_WITHIN_MS ? 'expiring' : 'active';
}

/** What the new-password form says before asking the server (which checks the same rule). */
export function newPasswordProblems(current: string, next: string, again: string): { currentPassword?: string; newPassword?: string; confirm?: string } {
  const problems: { currentPassword?: string; newPassword?: string; confirm?: string } = {};
  if (!current) problems.currentPassword = 'Enter your current password';
  if (next.length < 12) problems.newPassword = 'Your new password needs at least 12 characters';
  else if (next.length > 200) problems.newPassword = 'Your new password can have at most 200 characters';
  else if (next === current) problems.newPassword = 'Your new password must differ from the current one';
  if (!problems.newPassword && next !== again) problems.confirm = 'The two new passwords do not match';
  return problems;
}

/** Users matching a filter text (username, name or organisation), active first, then by username. */
export function filterUsers(users: UserAccount[], text: string, show: 'all' | 'active' | 'inactive'): UserAccount[] {
  const needle = text.trim().toLowerCase();
  return users
    .filter((u) => (show === 'all' ? true : show === 'active' ? u.active : !u.active))
    .filter((u) => !needle || [u.username, u.displayName, u.organisationId].some((field) => field.toLowerCase().includes(needle)))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.username.localeCompare(b.username));
}
