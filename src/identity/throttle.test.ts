import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LOCKOUT_FAILURES,
  ADDRESS_FAILURE_CAP,
  countAttempt,
  forgiveAttempt,
  refusal,
  throttleKeys,
  type ThrottleCount,
  type ThrottleKind,
} from './throttle';

const t0 = new Date('2026-11-18T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const empty = (kind: ThrottleKind): ThrottleCount => ({ key: kind, kind, username: null, failures: 0, lastFailureAt: t0, blockedUntil: null });

/** Counts n attempts in a row at the same instant. */
function attempts(kind: ThrottleKind, n: number, now = t0): ThrottleCount {
  let count = empty(kind);
  for (let i = 0; i < n; i++) count = countAttempt(count, now);
  return count;
}

describe('sign-in throttle rules', () => {
  it('gives an account at one address 3 free tries, then a doubling delay up to 15 minutes', () => {
    const blockSeconds = (n: number) => {
      const c = attempts('account-address', n);
      return c.blockedUntil ? (c.blockedUntil.getTime() - t0.getTime()) / 1000 : 0;
    };
    expect([1, 2, 3, 4, 5, 6, 20].map(blockSeconds)).toEqual([0, 0, 5, 10, 20, 40, 900]);
  });

  it('caps an address and locks an account only after many failures', () => {
    expect(attempts('address', ADDRESS_FAILURE_CAP - 1).blockedUntil).toBeNull();
    expect(attempts('address', ADDRESS_FAILURE_CAP).blockedUntil).toEqual(at(15 * 60_000));
    expect(attempts('account', ACCOUNT_LOCKOUT_FAILURES - 1).blockedUntil).toBeNull();
    expect(attempts('account', ACCOUNT_LOCKOUT_FAILURES).blockedUntil).toEqual(at(24 * 3600_000));
  });

  it('forgets a count after a quiet spell', () => {
    const two = attempts('account-address', 2);
    expect(countAttempt(two, at(59 * 60_000)).failures).toBe(3);
    expect(countAttempt(two, at(60 * 60_000)).failures).toBe(1);
  });

  it('refuses while blocked, naming an account lockout first', () => {
    const pair = attempts('account-address', 3);
    expect(refusal([pair], t0)).toEqual({ kind: 'account-address', retryAfterMs: 5000 });
    expect(refusal([pair], at(5000))).toBeNull();
    const locked = attempts('account', ACCOUNT_LOCKOUT_FAILURES);
    expect(refusal([attempts('account-address', 20), locked], t0)?.kind).toBe('account');
  });

  it('forgets the account counts after a success but only takes back the one attempt from the address', () => {
    expect(forgiveAttempt(attempts('account-address', 5))).toBeNull();
    expect(forgiveAttempt(attempts('account', 5))).toBeNull();
    const capped = forgiveAttempt(attempts('address', ADDRESS_FAILURE_CAP))!;
    expect(capped).toMatchObject({ failures: ADDRESS_FAILURE_CAP - 1, blockedUntil: null });
  });

  it('keys by what was typed, so unknown usernames count like real ones', () => {
    expect(throttleKeys('alice', '198.51.100.1').map((k) => k.key)).toEqual(['account-address:198.51.100.1 alice', 'address:198.51.100.1', 'account:alice']);
  });
});
