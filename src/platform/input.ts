// Checks on the raw request, made once at the edge before any schema sees it: text PostgreSQL cannot
// store (NUL, a UTF-16 half without its pair) and URLs whose %-escapes do not decode. Without them
// such input reached the database and came back as a 500 carrying the parser's own words.
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ErrorDetail } from './errors';
import { AppError } from './errors';
import { badRequest } from './errors';

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Deeper bodies are refused: no request of ours nests this far, and walking them costs stack. */
export const MAX_JSON_DEPTH = 64;
/** Enough to show the problem without letting one request make a huge reply. */
const MAX_DETAILS = 20;

/** Why text cannot be stored, or null when it can. */
export function unstorableText(text: string): string | null {
  if (text.includes(NUL)) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of a character), which cannot be stored';
  return null;
}

/** A key shown in a detail path with its unstorable characters written as escapes. */
function printable(key: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly the character this escapes
  return key.replace(/\u0000|[\ud800-\udfff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Every string (value or object key) in a parsed JSON tree that cannot be stored, by its full path
 * (`body.patient.firstName`, `body.flags.0.text`), and any part nested deeper than MAX_JSON_DEPTH.
 * Walks with its own stack so a deep tree cannot overflow the call stack.
 */
export function findUnstorableText(root: unknown, rootPath: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (pending.length > 0 && details.length < MAX_DETAILS) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      const problem = unstorableText(value);
      if (problem) details.push({ path, message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      details.push({ path, message: `nested more than ${MAX_JSON_DEPTH} levels deep` });
      continue;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    // Pushed in reverse so the details come out in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = `${path}.${printable(key)}`;
      const keyProblem = Array.isArray(value) ? null : unstorableText(key);
      if (keyProblem) details.push({ path: childPath, message: `the name ${keyProblem}` });
      else pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return details.slice(0, MAX_DETAILS);
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const BAD_ESCAPE = 'not valid percent-encoding: each % must start a UTF-8 byte written as two hex digits';

/**
 * The path parameters whose raw %-escapes do not decode (or decode to NUL), named by the route pattern they fill
 * (`params.id`); a bad segment outside any parameter is reported as `path`. Hono leaves such a
 * segment undecoded instead of refusing it, so without this it reached the handlers as literal text.
 */
export function badPathParts(rawPath: string, pattern: string | undefined): ErrorDetail[] {
  const segments = rawPath.split('/');
  const names = pattern?.split('/') ?? [];
  const details: ErrorDetail[] = [];
  segments.forEach((segment, i) => {
    const name = names[i]?.startsWith(':') ? names[i].slice(1).replace(/[?{].*$/, '') : undefined;
    const path = name ? `params.${name}` : 'path';
    if (!decodes(segment)) details.push({ path, message: BAD_ESCAPE });
    else if (segment.includes('%')) {
      const problem = unstorableText(decodeURIComponent(segment));
      if (problem) details.push({ path, message: problem });
    }
  });
  return details.slice(0, MAX_DETAILS);
}

/** Query parameters whose name or value does not decode, or decodes to text that cannot be stored. */
export function badQueryParts(rawSearch: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const pair of rawSearch.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const [rawName, rawValue] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    const name = decodes(rawName.replace(/\+/g, ' ')) ? decode(rawName) : rawName;
    const path = `query.${printable(name)}`;
    if (!decodes(rawName.replace(/\+/g, ' ')) || !decodes(rawValue.replace(/\+/g, ' '))) {
      details.push({ path, message: BAD_ESCAPE });
      continue;
    }
    const problem = unstorableText(name) ?? unstorableText(decode(rawValue));
    if (problem) details.push({ path, message: problem });
  }
  return details.slice(0, MAX_DETAILS);
}

/** Throws one 400 naming every field at fault, or returns when there is none. */
export function rejectBadFields(details: ErrorDetail[]): void {
  if (details.length === 0) return;
  const first = details[0];
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  throw badRequest(`${first.path}: ${first.message}${more}`, details.slice(0, MAX_DETAILS));
}

/** The pattern of the route that will answer (e.g. `/api/cases/:id`), not of a middleware or the web fallback. */
export function answeringRoutePattern(c: Parameters<typeof matchedRoutes>[0]): string | undefined {
  try {
    const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL' && r.path !== '*' && r.path !== '/*');
    return routes.at(-1)?.path;
  } catch {
    return undefined; // a context Hono did not route (only in tests): no pattern to name
  }
}

/**
 * Refuses a request whose URL cannot be read as text we can store: a path or query %-escape that does
 * not decode, or one that decodes to NUL. Runs before authentication, as no caller can send such a URL
 * on purpose, and names the parameter of the route the URL matched.
 */
export function urlGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const pathStart = url.indexOf('/', url.indexOf('://') + 3);
    const queryStart = url.indexOf('?', pathStart);
    const rawPath = queryStart < 0 ? url.slice(pathStart) : url.slice(pathStart, queryStart);
    const rawSearch = queryStart < 0 ? '' : url.slice(queryStart + 1).replace(/#.*$/, '');
    if (rawPath.includes('%') || rawSearch !== '') {
      rejectBadFields([...badPathParts(rawPath, answeringRoutePattern(c)), ...badQueryParts(rawSearch)]);
    }
    await next();
  };
}

/** Where a request's fields came from: the names each part of the request declares or carries. */
export interface FieldSources {
  params: Iterable<string>;
  query: Iterable<string>;
  body: Iterable<string>;
  /** The parsed body, searched for a field a service names without its parents (`pathwayId` of `entry`). */
  bodyValue?: unknown;
}

const QUALIFIED = /^(body|query|params|headers)(\.|$)/;

/**
 * Services name the field at fault by its own name (`organisationId`, `basedOn`), as they also serve
 * the command line; over HTTP the reply names it by where it came from (`body.organisationId`,
 * `body.entry.pathwayId`). A path no part of the request knows is left as it is.
 */
export function qualifyFieldPaths(error: unknown, sources: FieldSources): unknown {
  if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 422)) return error;
  if (error.details.every((d) => QUALIFIED.test(d.path))) return error;
  const parts = (['params', 'query', 'body'] as const).map((where) => [where, new Set(sources[where])] as const);
  const details = error.details.map((detail) => {
    if (QUALIFIED.test(detail.path)) return detail;
    const first = detail.path.split('.')[0];
    const where = parts.find(([, names]) => names.has(first))?.[0];
    if (where) return { ...detail, path: `${where}.${detail.path}` };
    const nested = pathToField(sources.bodyValue, first);
    return nested ? { ...detail, path: `body.${nested}${detail.path.slice(first.length)}` } : detail;
  });
  const qualified = new AppError(error.status, error.code, error.message, details);
  qualified.stack = error.stack;
  return qualified;
}

/** The path of the first object key called `name` in a value, nearest the top first (a few levels). */
function pathToField(root: unknown, name: string): string | null {
  let level: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: { value: unknown; path: string }[] = [];
    for (const { value, path } of level) {
      if (value === null || typeof value !== 'object') continue;
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key === name && !Array.isArray(value)) return childPath;
        next.push({ value: child, path: childPath });
      }
    }
    level = next;
  }
  return null;
}

/** The parts of zod's internal schema definition that `declaredFields` walks. */
interface ZodDefShape {
  type: string;
  shape?: Record<string, unknown>;
  options?: unknown[];
  left?: unknown;
  right?: unknown;
  in?: unknown;
  innerType?: unknown;
}

/** The top-level field names a zod schema declares (through optional, default, pipes and unions). */
export function declaredFields(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: ZodDefShape } } | undefined)?._zod?.def;
  if (!def) return [];
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union') return (def.options ?? []).flatMap(declaredFields);
  if (def.type === 'intersection') return [...declaredFields(def.left), ...declaredFields(def.right)];
  return declaredFields(def.in ?? def.innerType);
}

/** The field names of a parsed value, if it is an object. */
export function presentFields(value: unknown): string[] {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}
