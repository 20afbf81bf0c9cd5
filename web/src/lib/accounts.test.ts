import { describe, expect, it } from 'vitest';
import { filterUsers, newPasswordProblems, tokenState, type UserAccount } from './accounts';

describe('token state', () => {
  const now = new Date('2026-11-18T10:00:00Z');
  const day = 86_400_000;
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  it('is revoked, expired, expiring within 30 days, or active', () => {
    expect(tokenState({ revokedAt: at(-day), expiresAt: at(100 * day) }, now)).toBe('revoked');
    expect(tokenState({ revokedAt: null, expiresAt: at(0) }, now)).toBe('expired');
    expect(tokenState({ revokedAt: null, expiresAt: at(-1) }, now)).toBe('expired');
    expect(tokenState({ revokedAt: null, expiresAt: at(30 * day) }, now)).toBe('expiring');
    expect(tokenState({ revokedAt: null, expiresAt: at(30 * day + 1) }, now)).toBe('active');
  });
});

describe('new password checks', () => {
  it('asks for the current password, 12+ characters, a change, and the same twice', () => {
    expect(newPasswordProblems('', 'long enough password', 'long enough password')).toEqual({ currentPassword: 'Enter your current password' });
    expect(newPasswordProblems('old one', 'short', 'short').newPassword).toMatch(/12 characters/);
    expect(newPasswordProblems('same old password', 'same old password', 'same old password').newPassword).toMatch(/differ/);
    expect(newPasswordProblems('old one', 'long enough password', 'long enough passwort')).toEqual({ confirm: 'The two new passwords do not match' });
    expect(newPasswordProblems('old one', 'long enough password', 'long enough password')).toEqual({});
  });
});

describe('user filter', () => {
  const user = (username: string, active: boolean, organisationId = 'ic24'): UserAccount => ({
    id: username,
    username,
    displayName: username.toUpperCase(),
    email: null,
    organisationId,
    roles: ['call_handler'],
    active,
  });
  const users = [user('zoe', true), user('adam', false, 'kcht'), user('bea', true, 'kcht')];
  it('lists active users first, then by username, and filters by text and status', () => {
    expect(filterUsers(users, '', 'all').map((u) => u.username)).toEqual(['bea', 'zoe', 'adam']);
    expect(filterUsers(users, 'KCHT', 'all').map((u) => u.username)).toEqual(['bea', 'adam']);
    expect(filterUsers(users, '', 'inactive').map((u) => u.username)).toEqual(['adam']);
    expect(filterUsers(users, 'zo', 'active').map((u) => u.username)).toEqual(['zoe']);
  });
});
