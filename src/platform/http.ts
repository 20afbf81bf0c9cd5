import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Actor, ActorRole } from './actor';
import { hasAnyRole } from './actor';
import type { Clock } from './clock';
import type { Db } from './database';
import { AppError, badRequest, conflict, forbidden, parseWith, unauthorized } from './errors';
import type { IdempotencyTestPause } from './config';
import { runIdempotently } from './idempotency';
import { errorSummary, type Log } from './log';
import { Reply, type HandlerReply, type ResponseSpec } from './replies';
import { answeringRoutePattern, declaredFields, findUnstorableText, presentFields, qualifyFieldPaths, rejectBadFields, urlGuard, type FieldSources } from './input';

export type HttpEnv = {
  Variables: {
    actor: Actor | null;
    authMethod: 'cookie' | 'token' | null;
    requestId: string;
  };
};

/** Who may call a route. Every route must say. */
export type Access = 'public' | 'signed-in' | readonly ActorRole[];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<B, Q, P> {
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  requestId: string;
  c: Context<HttpEnv>;
}

export interface RouteDef<B = any, Q = any, P = any, R extends ResponseSpec = any> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** What a successful reply carries: a schema of the JSON (checked against the handler by the compiler, and every reply in tests), or an event stream. */
  response: R;
  /** HTTP status of a successful reply (default 200). */
  status?: number;
  /**
   * false: an Idempotency-Key is ignored. For routes whose refusals must be recorded (failed sign-ins,
   * wrong current passwords): run as one keyed transaction, the refusal would roll the record back.
   * Public routes ignore the key anyway (an anonymous caller has no keys of its own).
   */
  idempotent?: false;
  /** Other success statuses the handler may pick with `Reply.withStatus` (same schema). */
  alsoStatus?: number[];
  /** Error statuses beyond those every route of its kind may answer (e.g. 422, 429, 503). */
  errors?: number[];
  handle(input: RouteInput<B, Q, P>): Promise<HandlerReply<R>>;
}

/**
 * Keeps the generic types of one route: the handler is typed from the request schemas and must
 * return what the response schema describes. Lists of routes of different shapes are `RouteDef[]`
 * (every type parameter erased), used only where routes are mounted or described.
 */
export function route<B = undefined, Q = undefined, P = undefined, R extends ResponseSpec = ResponseSpec>(def: RouteDef<B, Q, P, R>): RouteDef<B, Q, P, R> {
  return def;
}

const anonymous: Actor = { kind: 'system', id: 'anonymous', name: 'Anonymous', organisationId: null, roles: [] };

export interface MountOptions {
  db: Db;
  clock: Clock;
  /** Tests only: see Config.idempotencyTestPause. */
  idempotencyTestPause?: IdempotencyTestPause;
  /** Check every JSON reply against its route's response schema (tests only: production pays nothing). */
  checkReplies?: boolean;
}

export function mountRoutes(app: Hono<HttpEnv>, routes: RouteDef[], options: MountOptions): void {
  for (const def of routes) {
    const send = options.checkReplies ? checkedReply(def) : reply;
    app.on(def.method.toUpperCase(), def.path, async (c) => {
      const actor = authorise(c, def.access);
      const params = def.params ? parseWith(def.params, c.req.param(), 'params') : c.req.param();
      const query = def.query ? parseWith(def.query, queryObject(c), 'query') : undefined;
      const body = def.body ? parseWith(def.body, await readJson(c), 'body') : undefined;
      const run = async () => {
        try {
          return await def.handle({ actor, body, query, params, requestId: c.get('requestId'), c });
        } catch (error) {
          throw qualifyFieldPaths(error, fieldSources(c, def, body, query));
        }
      };
      const key = c.req.header('idempotency-key');
      if (key && def.method !== 'get' && def.access !== 'public' && def.idempotent !== false && actor !== anonymous) {
        // A retried write with the same Idempotency-Key gets the first reply again instead of acting
        // twice, also after a crash: the reply commits with the work (src/platform/idempotency.ts).
        return runIdempotently({ c, db: options.db, clock: options.clock, actor, key, respond: async () => send(c, await run(), def.status ?? 200), testPause: options.idempotencyTestPause });
      }
      const result = await run();
      return send(c, result, def.status ?? 200);
    });
  }
}

/** The fields each part of this request declares or carries, to name a service's field by its source. */
function fieldSources(c: Context, def: RouteDef, body: unknown, query: unknown): FieldSources {
  return {
    params: Object.keys(c.req.param()),
    query: [...declaredFields(def.query), ...presentFields(query), ...Object.keys(c.req.queries())],
    body: [...declaredFields(def.body), ...presentFields(body)],
    bodyValue: body,
  };
}

function authorise(c: Context<HttpEnv>, access: Access): Actor {
  const actor = c.get('actor');
  if (access === 'public') return actor ?? anonymous;
  if (!actor) throw unauthorized();
  if (access === 'signed-in') return actor;
  if (!hasAnyRole(actor, access)) {
    throw forbidden(`This needs one of the roles: ${access.join(', ')}`);
  }
  return actor;
}

function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const all = c.req.queries();
  for (const [name, values] of Object.entries(all)) out[name] = values.length === 1 ? values[0] : values;
  return out;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const tooLarge = () => new AppError(413, 'too_large', 'The request body is larger than 5 MB');

/** The JSON body, refused with a 400 naming each field whose text cannot be stored (NUL, lone surrogates). */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`, [], 'invalid_json');
  }
  rejectBadFields(findUnstorableText(value, 'body'));
  return value;
}

function reply(c: Context, result: unknown, status: number): Response {
  if (result instanceof Response) return result;
  if (result instanceof Reply) {
    if (result.jsonText !== undefined) return c.body(result.jsonText, (result.status ?? status) as 200, { 'content-type': 'application/json' });
    return reply(c, result.value, result.status ?? status);
  }
  if (status === 204 || result === undefined) return c.body(null, 204);
  return c.json(result as object, status as 200);
}

/**
 * The reply, after checking its JSON against the route's schema: a mismatch is a 500 with the
 * route and the fields at fault in the log, so a test that meets it fails loudly.
 */
function checkedReply(def: RouteDef): (c: Context, result: unknown, status: number) => Promise<Response> {
  return async (c, result, status) => {
    const response = reply(c, result, status);
    const schema = def.response as ResponseSpec;
    if (typeof schema === 'string') return response;
    if (response.status === 204) {
      if (!schema.safeParse(undefined).success) throw replyMismatch(def, ['no content where a body was declared']);
      return response;
    }
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw replyMismatch(def, [`a ${response.headers.get('content-type')} reply where JSON was declared`]);
    const checked = schema.safeParse(await response.clone().json());
    if (!checked.success) throw replyMismatch(def, checked.error.issues.map((issue) => `${issue.path.join('.') || '(reply)'}: ${issue.message}`));
    return response;
  };
}

function replyMismatch(def: RouteDef, problems: string[]): AppError {
  const message = `The reply of ${def.method.toUpperCase()} ${def.path} does not match its response schema: ${problems.slice(0, 10).join('; ')}`;
  return new AppError(500, 'reply_schema_mismatch', message);
}

/**
 * Turns any thrown error into the one JSON error shape, with the request id the log lines of this
 * request carry; nothing unexpected leaks as a stack trace.
 */
export function errorResponse(error: unknown, c: Context<HttpEnv>, log: Log): Response {
  const appError = toAppError(error);
  if (appError.status >= 500) log.error(logRecord(error, c), 'request failed');
  else if (isDatabaseError(error)) log.warn(logRecord(error, c), 'request refused by the database');
  return c.json({ error: { ...appError.toJSON().error, requestId: c.get('requestId') } }, appError.status);
}

/** A PostgreSQL error (from pg or PGlite): a five-character SQLSTATE and a severity. */
function isDatabaseError(error: unknown): error is DatabaseError {
  const e = error as Partial<DatabaseError> | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

interface DatabaseError extends Error {
  code: string;
  severity: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/**
 * Database errors in replies use plain words: PostgreSQL's own text names constraints and repeats the
 * values (`Key (nhs_number)=(…) already exists`), which are the database's business, not the caller's.
 * The status and code still say what kind of problem it was; the log keeps the names (not the values).
 */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const pgCode = (error as { code?: string })?.code;
  if (pgCode === '23505') return conflict('This already exists: something with the same identifying details is already recorded', [], 'duplicate');
  if (pgCode === '23503') return conflict('This refers to something that does not exist, or something else still refers to it', [], 'reference');
  if (pgCode === '23514' || pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') return badRequest('A value in the request is not valid');
  if (pgCode === '22003') return badRequest('A number in the request is out of range');
  if (pgCode === 'P0001') return conflict('This record cannot be changed');
  const status = (error as { status?: number })?.status;
  if (status === 413) return new AppError(413, 'too_large', 'The request body is too large');
  return new AppError(500, 'internal', 'Something went wrong on our side; it has been logged');
}

/**
 * What the log keeps of a failed request: never the query parameters, the error's `detail` or
 * `where` (they hold names, dates of birth, NHS numbers) — only the error's summary (src/platform/log.ts),
 * the request id and the route pattern (not the path, which may carry an NHS number).
 */
function logRecord(error: unknown, c: Context<HttpEnv>): Record<string, unknown> {
  return { requestId: c.get('requestId'), route: `${c.req.method} ${answeringRoutePattern(c) ?? '(no route)'}`, error: errorSummary(error) };
}

/** An incoming X-Request-Id is kept only if it is short and plain, so it cannot forge log lines or carry data. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestIdOf(c: Context): string {
  const given = c.req.header('x-request-id');
  return given !== undefined && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function createHttpApp({ log }: { log: Log }): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c);
    c.set('requestId', requestId);
    c.set('actor', null);
    c.set('authMethod', null);
    // Headers set before the handler ride on the response as it is made; setting them afterwards
    // would make the Node adapter copy the whole response on every request.
    c.header('x-request-id', requestId);
    c.header('x-content-type-options', 'nosniff');
    await next();
    // One line per request, and nothing else on the hot path. The route pattern, not the path (which
    // can hold an NHS number); never the query or the body.
    if (log.isLevelEnabled('info')) {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      log.info({ requestId, method: c.req.method, route: answeringRoutePattern(c) ?? null, status: c.res.status, ms, actorId: c.get('actor')?.id ?? null }, 'request');
    }
  });
  app.use('/api/*', urlGuard());
  app.use('/api/*', async (c, next) => {
    // Checked on the declared length, so the body is not wrapped in a counting stream on every
    // request; readJson checks the length of what actually arrived.
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
    await next();
  });
  app.onError((error, c) => errorResponse(error, c, log));
  return app;
}

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const TextIdParam = z.object({ id: z.string().min(1).max(100) });
