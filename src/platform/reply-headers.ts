// Headers every API reply carries, kept out of the route and error machinery in http.ts.
import type { MiddlewareHandler } from 'hono';
import { AppError } from './errors';
import type { HttpEnv } from './http';

/** A 429 that tells the client when to try again (sent as Retry-After, in whole seconds). */
export class TooManyRequests extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterMs: number, code = 'rate_limited') {
    super(429, code, message);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/**
 * For every /api reply:
 * - `Cache-Control: no-store` unless the route set its own. Most API replies carry patient or
 *   staff data, and a reply that does not today may tomorrow: one rule for all is the one that
 *   cannot be forgotten (decision 0013). Set before the handler, so it rides on the reply as it
 *   is made — error replies included.
 * - `Retry-After` on a TooManyRequests reply.
 */
export function apiReplyHeaders(): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
    if (c.error instanceof TooManyRequests) c.res.headers.set('Retry-After', String(c.error.retryAfterSeconds));
  };
}
