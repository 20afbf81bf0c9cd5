/**
 * Delivery retries: exponential back-off (10 s, 20 s, 40 s … capped at 1 h) up to a last attempt,
 * and what an endpoint's HTTP answer means. Pure.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxMs: 3_600_000, maxAttempts: 10 };

/** Wait before the next try, after `attempt` tries (1 = the first failed). */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
}

export type DeliveryVerdict = 'delivered' | 'retry' | 'permanent';

/**
 * 2xx: delivered. 409: the receiver already has this message id (a duplicate), so delivered too.
 * 408, 429 and 5xx: try again later. Any other 4xx will not get better by trying again.
 */
export function verdictOf(status: number): DeliveryVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 409) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}
