// The accounts API: users (deactivate, reactivate, reset password, end sessions), my own password and
// sessions, and API tokens with their expiry and last use. Paths in one place.
import { call, client, type Reply } from './api';

export type UserAccount = Reply<'/api/users'>['users'][number];
export type ApiToken = Reply<'/api/tokens'>['tokens'][number];

const user = (id: string) => ({ params: { path: { id } } });

export const setActive = (id: string, active: boolean) =>
  call(active ? client.POST('/api/users/{id}/reactivate', user(id)) : client.POST('/api/users/{id}/deactivate', user(id)));

/** Without a password the server generates one and returns it, once. */
export const resetPassword = (id: string, password?: string) =>
  call(client.POST('/api/users/{id}/reset-password', { ...user(id), body: password ? { password } : {} }));

/** Lifts a sign-in lockout after many failed sign-ins (and forgets the failures counted against the account). */
export const unlockSignIn = (id: string) => call(client.POST('/api/users/{id}/unlock', user(id)));
export const endSessions = (id: string) => call(client.POST('/api/users/{id}/end-sessions', user(id)));

export const changeMyPassword = (currentPassword: string, newPassword: string) =>
  call(client.POST('/api/users/me/password', { body: { currentPassword, newPassword } }));

export const endMyOtherSessions = () => call(client.POST('/api/users/me/end-sessions', { body: {} }));

export const createToken = (input: { name: string; organisationId: string; expiresInDays: number }) => call(client.POST('/api/tokens', { body: input }));

export const revokeToken = (id: string) => call(client.DELETE('/api/tokens/{id}', user(id)));

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
