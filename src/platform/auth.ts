import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from './actor';
import { AppError } from './errors';
import type { HttpEnv } from './http';

export const SESSION_COOKIE = 'signpost_session';

export interface Authenticator {
  actorForSession(token: string): Promise<Actor | null>;
  actorForToken(token: string): Promise<Actor | null>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Finds who is calling (bearer token first, then session cookie). Cookie-carrying writes must come
 * from our own origin (or a configured one): SameSite cookies plus this check stop cross-site forgery.
 */
export function authMiddleware(auth: Authenticator, allowedOrigins: string[]): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      const actor = await auth.actorForToken(bearer);
      if (!actor) throw new AppError(401, 'invalid_token', 'The API token is unknown, expired or revoked');
      c.set('actor', actor);
      c.set('authMethod', 'token');
      return next();
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (!SAFE_METHODS.has(c.req.method)) checkOrigin(c, allowedOrigins, Boolean(session));
    if (session) {
      const actor = await auth.actorForSession(session);
      if (actor) {
        c.set('actor', actor);
        c.set('authMethod', 'cookie');
      }
    }
    return next();
  };
}

function checkOrigin(c: Context, allowedOrigins: string[], hasCookie: boolean): void {
  const origin = c.req.header('origin') ?? originOf(c.req.header('referer'));
  if (!origin) {
    if (hasCookie) throw new AppError(403, 'origin_required', 'A signed-in write must carry an Origin header');
    return;
  }
  const own = new URL(c.req.url).origin;
  if (origin !== own && !allowedOrigins.includes(origin)) {
    throw new AppError(403, 'origin_mismatch', `Writes from ${origin} are not accepted`);
  }
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
