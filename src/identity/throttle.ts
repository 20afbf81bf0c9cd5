// Sign-in throttling rules (pure: the counts come from and go back to the database in service.ts).
//
// Three things are counted, each by what was typed, never by whether the account exists — so an
// unknown username is throttled exactly like a real one and the replies give nothing away:
// - an account at one address: a few free tries, then a delay that doubles with each failure. This
//   slows a guesser without touching the real user, who signs in from somewhere else;
// - an address over all accounts: a cap, so one address cannot spray guesses across many accounts;
// - an account over all addresses: a lockout only after many failures (a distributed attack), lifted
//   by an administrator or after a day.
// Every attempt is counted as a failure before the password is checked (so parallel attempts cannot
// slip past the count) and forgiven when the password proves right.

export type ThrottleKind = 'account-address' | 'address' | 'account';

export interface ThrottleCount {
  key: string;
  kind: ThrottleKind;
  /** The username typed (lower-cased), for the account kinds; lets an admin unlock find the rows. */
  username: string | null;
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

interface Rule {
  /** A count is forgotten after this long without a failure. */
  forgetAfterMs: number;
  /** How long the nth failure in a row blocks further attempts (0: not at all). */
  blockMs(failures: number): number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const ACCOUNT_ADDRESS_FREE_FAILURES = 3;
export const ADDRESS_FAILURE_CAP = 100;
export const ACCOUNT_LOCKOUT_FAILURES = 50;
export const ACCOUNT_LOCKOUT_MS = 24 * HOUR;

export const RULES: Record<ThrottleKind, Rule> = {
  // 3 free, then 5 s, 10 s, 20 s … at most 15 minutes.
  'account-address': {
    forgetAfterMs: HOUR,
    blockMs: (n) => (n < ACCOUNT_ADDRESS_FREE_FAILURES ? 0 : Math.min(15 * MINUTE, 5 * SECOND * 2 ** (n - ACCOUNT_ADDRESS_FREE_FAILURES))),
  },
  address: { forgetAfterMs: 15 * MINUTE, blockMs: (n) => (n < ADDRESS_FAILURE_CAP ? 0 : 15 * MINUTE) },
  account: { forgetAfterMs: ACCOUNT_LOCKOUT_MS, blockMs: (n) => (n < ACCOUNT_LOCKOUT_FAILURES ? 0 : ACCOUNT_LOCKOUT_MS) },
};

/** The three counts one attempt touches. Addresses hold no spaces, so the keys cannot collide. */
export function throttleKeys(username: string, address: string): Pick<ThrottleCount, 'key' | 'kind' | 'username'>[] {
  return [
    { key: `account-address:${address} ${username}`, kind: 'account-address', username },
    { key: `address:${address}`, kind: 'address', username: null },
    { key: `account:${username}`, kind: 'account', username },
  ];
}

export interface Refusal {
  kind: ThrottleKind;
  retryAfterMs: number;
}

/** Whether an attempt must be refused now, and for how long; an account lockout is named first. */
export function refusal(counts: ThrottleCount[], now: Date): Refusal | null {
  const blocked = counts
    .filter((count) => count.blockedUntil && count.blockedUntil > now)
    .map((count) => ({ kind: count.kind, retryAfterMs: count.blockedUntil!.getTime() - now.getTime() }));
  if (blocked.length === 0) return null;
  return blocked.find((b) => b.kind === 'account') ?? blocked.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
}

/** The count after one more attempt (counted as a failure until the password proves right). */
export function countAttempt(count: ThrottleCount, now: Date): ThrottleCount {
  const rule = RULES[count.kind];
  const stale = now.getTime() - count.lastFailureAt.getTime() >= rule.forgetAfterMs;
  const failures = (stale ? 0 : count.failures) + 1;
  const blockMs = rule.blockMs(failures);
  return { ...count, failures, lastFailureAt: now, blockedUntil: blockMs > 0 ? new Date(now.getTime() + blockMs) : null };
}

/**
 * The count after the password proved right: the account's counts start again (null: forget the
 * row); the address only takes back this attempt, so signing in to one's own account between
 * guesses at others does not lift an address's cap.
 */
export function forgiveAttempt(count: ThrottleCount): ThrottleCount | null {
  if (count.kind !== 'address') return null;
  const failures = Math.max(0, count.failures - 1);
  return { ...count, failures, blockedUntil: RULES.address.blockMs(failures) > 0 ? count.blockedUntil : null };
}
