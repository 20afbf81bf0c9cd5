import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, retryDelayMs, verdictOf } from './backoff';

describe('delivery back-off', () => {
  it('doubles from 10 seconds up to an hour', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(retryDelayMs(12)).toBe(3_600_000);
    expect(retryDelayMs(2, { baseMs: 1000, maxMs: 1500, maxAttempts: 3 })).toBe(1500);
    expect(DEFAULT_RETRY.maxAttempts).toBe(10);
  });

  it('reads the receiver’s answer: 2xx and 409 (already have it) delivered, 408/429/5xx retry, other 4xx give up', () => {
    expect(verdictOf(200)).toBe('delivered');
    expect(verdictOf(202)).toBe('delivered');
    expect(verdictOf(409)).toBe('delivered');
    expect(verdictOf(503)).toBe('retry');
    expect(verdictOf(429)).toBe('retry');
    expect(verdictOf(408)).toBe('retry');
    expect(verdictOf(400)).toBe('permanent');
    expect(verdictOf(422)).toBe('permanent');
  });
});
