/**
 * The FHIR R4 server's HTTP face at /fhir, generated from the registry: `metadata`, read and search
 * (GET, and POST `_search` with a form body) of every registered resource type, and every operation
 * (`/fhir/{type}/$name`, `/fhir/$name`). JSON only (`application/fhir+json; fhirVersion=4.0`); every
 * error, including authentication and unknown paths, is an OperationOutcome with its HTTP status.
 * Authentication is the API's (bearer token or session cookie); the request log line is the app's.
 */
import type { Context, Hono } from 'hono';
import type { Bundle, Parameters, Resource } from '@medplum/fhirtypes';
import { hasAnyRole, type Actor } from '../platform/actor';
import { authMiddleware, type Authenticator } from '../platform/auth';
import { AppError } from '../platform/errors';
import type { HttpEnv } from '../platform/http';
import { errorSummary, type Log } from '../platform/log';
import { answeringRoutePattern, urlGuard } from '../platform/input';
import { searchsetBundle } from './bundle';
import { capabilityStatement } from './capability';
import { FHIR_CONTENT_TYPE, FhirError, type FhirContext, type OperationDef, type OperationInput, type ParsedSearch, type ResourceDef } from './model';
import { fromPlatformError, issueTypeFor, notFoundError, operationOutcome } from './outcome';
import type { FhirRegistry } from './registry';
import { parseSearch, unknownParametersError } from './search-params';

export const FHIR_BASE_PATH = '/fhir';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/** A route of the FHIR server, as the access tests enumerate them. */
export interface FhirRoute {
  method: 'GET' | 'POST';
  path: string;
  access: 'public' | 'signed-in' | readonly string[];
  summary: string;
}

export interface FhirMountOptions {
  authenticator: Authenticator;
  allowedOrigins: string[];
  log: Log;
  software: { name: string; version: string };
  /** when the CapabilityStatement was made (the server's start) */
  startedAt: Date;
}

/** A handler's answer: `body`, or `json` (the body serialised already). */
type Answer = { status?: number; headers?: Record<string, string> } & ({ body: Resource; json?: undefined } | { json: string; body?: undefined });
type Handler = (c: Context<HttpEnv>, ctx: FhirContext) => Promise<Answer>;

export interface MountedFhir {
  routes: FhirRoute[];
  /**
   * The answer to any other /fhir request: a 405 with Allow on a known path, else a 404. Used as the
   * app's not-found handler for /fhir, so that the request log names no route for it (as for /api).
   */
  notFound(c: Context<HttpEnv>): Promise<Response>;
}

/** Mounts the FHIR server on the app (before the web app, which must not answer /fhir). */
export function mountFhir(app: Hono<HttpEnv>, registry: FhirRegistry, options: FhirMountOptions): MountedFhir {
  const routes: FhirRoute[] = [];
  const authenticate = authMiddleware(options.authenticator, options.allowedOrigins);
  const guard = urlGuard();

  const add = (method: 'GET' | 'POST', path: string, access: FhirRoute['access'], summary: string, handler: Handler) => {
    routes.push({ method, path, access, summary });
    app.on(method, path, (c) =>
      respond(c, options.log, async () => {
        await guard(c, async () => undefined);
        checkAccept(c);
        await authenticate(c, async () => undefined);
        const actor = authorise(c.get('actor'), access);
        const ctx: FhirContext = { actor, requestId: c.get('requestId'), base: `${new URL(c.req.url).origin}${FHIR_BASE_PATH}`, url: c.req.url, strict: /handling\s*=\s*strict/i.test(c.req.header('prefer') ?? '') };
        return handler(c, ctx);
      }),
    );
  };

  add('GET', `${FHIR_BASE_PATH}/metadata`, 'public', 'The CapabilityStatement: what this server serves', async (_c, ctx) => ({
    body: capabilityStatement(registry, { base: ctx.base, software: options.software, date: options.startedAt.toISOString() }),
  }));

  // System operations, then each type's operations, before `/{type}/:id` (which would take `$name` as an id).
  for (const op of registry.operationsOf(undefined)) addOperation(add, op, `${FHIR_BASE_PATH}/$${op.name}`);
  for (const def of registry.resources) {
    for (const op of registry.operationsOf(def.type)) addOperation(add, op, `${FHIR_BASE_PATH}/${def.type}/$${op.name}`);
    if (def.search) {
      const search: Handler = async (c, ctx) => ({ body: await runSearch(registry, def, ctx, await searchQuery(c)) });
      add('GET', `${FHIR_BASE_PATH}/${def.type}`, def.access, `Search ${def.type}`, search);
      add('POST', `${FHIR_BASE_PATH}/${def.type}/_search`, def.access, `Search ${def.type} (form-encoded parameters)`, search);
    }
    add('GET', `${FHIR_BASE_PATH}/${def.type}/:id`, def.access, `Read a ${def.type}`, async (c, ctx) => {
      const id = c.req.param('id') ?? '';
      const resource = FHIR_ID.test(id) ? await def.read(ctx, id) : undefined;
      if (!resource) throw notFoundError(`${def.type}/${id}`);
      const headers: Record<string, string> = {};
      if (resource.meta?.versionId) headers.ETag = `W/"${resource.meta.versionId}"`;
      if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
      return { body: resource, headers };
    });
  }

  return { routes, notFound: (c) => respond(c, options.log, async () => unmatched(c, routes)) };
}

/** Whether a path is the FHIR server's (the app's not-found handler passes these to `notFound`). */
export const isFhirPath = (path: string) => path === FHIR_BASE_PATH || path.startsWith(`${FHIR_BASE_PATH}/`);

function addOperation(add: (method: 'GET' | 'POST', path: string, access: FhirRoute['access'], summary: string, handler: Handler) => void, op: OperationDef, path: string) {
  const run: Handler = async (c, ctx) => {
    const input = c.req.method === 'GET' ? queryParameters(c) : await operationBody(c, op);
    const result = await op.run(ctx, input, { method: c.req.method === 'GET' ? 'GET' : 'POST', headers: c.req.raw.headers });
    return result.json === undefined ? { status: result.status, body: result.resource, headers: result.headers } : { status: result.status, json: result.json, headers: result.headers };
  };
  add('POST', path, op.access, op.documentation, run);
  if (!op.affectsState) add('GET', path, op.access, `${op.documentation} (parameters in the query)`, run);
}

async function runSearch(registry: FhirRegistry, def: ResourceDef, ctx: FhirContext, query: URLSearchParams): Promise<Bundle> {
  const search = def.search!;
  const parsed = parseSearch(query, { params: search.params, includes: (def.includes ?? []).map((i) => i.name), revIncludes: (def.revIncludes ?? []).map((i) => i.name) });
  if (ctx.strict && parsed.unknown.length) throw unknownParametersError(parsed.unknown, def.type);
  const page = await search.run(ctx, parsed);
  const included = await includes(registry, def, ctx, parsed, page.resources);
  return searchsetBundle({ ctx, path: def.type, query, search: parsed, matches: page.resources, total: page.total, included });
}

/** The resources `_include` and `_revinclude` bring in for a page of matches. */
async function includes(registry: FhirRegistry, def: ResourceDef, ctx: FhirContext, parsed: ParsedSearch, matches: Resource[]): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const name of parsed.include) {
    const include = def.includes!.find((i) => i.name === name)!;
    const target = registry.resource(include.target);
    const ids = [...new Set(matches.flatMap((m) => include.references(m)))];
    if (!target || !ids.length) continue;
    if (target.readMany) out.push(...(await target.readMany(ctx, ids)));
    else for (const id of ids) {
      const r = await target.read(ctx, id);
      if (r) out.push(r);
    }
  }
  for (const name of parsed.revinclude) {
    const rev = def.revIncludes!.find((i) => i.name === name)!;
    out.push(...(await rev.find(ctx, matches)));
  }
  return out;
}

/** The search's parameters: the query string, plus (POST `_search`) the form body. */
async function searchQuery(c: Context<HttpEnv>): Promise<URLSearchParams> {
  const query = new URL(c.req.url).searchParams;
  if (c.req.method !== 'POST') return query;
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new FhirError(415, [{ severity: 'error', code: 'not-supported', diagnostics: 'POST _search takes application/x-www-form-urlencoded parameters' }]);
  }
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new FhirError(413, [{ severity: 'error', code: 'too-long', diagnostics: 'The request body is larger than 5 MB' }]);
  const merged = new URLSearchParams(query);
  for (const [key, value] of new URLSearchParams(text)) merged.append(key, value);
  return merged;
}

/** GET operation parameters: each query parameter is a `valueString` parameter of that name. */
function queryParameters(c: Context<HttpEnv>): OperationInput {
  const parameters: OperationInput['parameters'] = [];
  for (const [name, value] of new URL(c.req.url).searchParams) if (name !== '_format' && name !== '_pretty') parameters.push({ name, valueString: value });
  return { parameters };
}

const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);

/** A POSTed resource: FHIR JSON of the type the operation takes; a Parameters must be well formed. */
async function operationBody(c: Context<HttpEnv>, op: OperationDef): Promise<OperationInput> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!JSON_TYPES.has(type)) {
    throw new FhirError(415, [{ severity: 'error', code: 'not-supported', diagnostics: `Send ${op.bodyType} as application/fhir+json (not ${type || 'a body without Content-Type'})` }]);
  }
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) throw new FhirError(413, [{ severity: 'error', code: 'too-long', diagnostics: 'The request body is larger than 5 MB' }]);
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new FhirError(413, [{ severity: 'error', code: 'too-long', diagnostics: 'The request body is larger than 5 MB' }]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new FhirError(400, [{ severity: 'error', code: 'structure', diagnostics: `The body is not valid JSON: ${(error as Error).message}` }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FhirError(400, [{ severity: 'error', code: 'structure', diagnostics: `The body must be a ${op.bodyType} resource (a JSON object)` }]);
  }
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  if (resourceType !== op.bodyType) {
    throw new FhirError(400, [{ severity: 'error', code: 'invalid', diagnostics: `$${op.name} takes a ${op.bodyType}, not ${typeof resourceType === 'string' ? resourceType : 'a body without resourceType'}`, expression: ['resourceType'] }]);
  }
  if (op.bodyType !== 'Parameters') return { parameters: [], resource: body as Resource };
  return { parameters: wellFormedParameters(body as Parameters) };
}

/** A Parameters resource's parameters; one without a name, or not an object, is a 422 naming it. */
function wellFormedParameters(body: Parameters): OperationInput['parameters'] {
  const list: unknown = body.parameter ?? [];
  if (!Array.isArray(list)) throw new FhirError(422, [{ severity: 'error', code: 'structure', diagnostics: 'parameter must be a list', expression: ['Parameters.parameter'] }]);
  list.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || typeof (p as { name?: unknown }).name !== 'string' || !(p as { name: string }).name) {
      throw new FhirError(422, [{ severity: 'error', code: 'required', diagnostics: 'every parameter needs a name', expression: [`Parameters.parameter[${i}].name`] }]);
    }
  });
  return list as OperationInput['parameters'];
}

function authorise(actor: Actor | null, access: FhirRoute['access']): Actor {
  const anonymous: Actor = { kind: 'system', id: 'anonymous', name: 'Anonymous', organisationId: null, roles: [] };
  if (access === 'public') return actor ?? anonymous;
  if (!actor) throw new FhirError(401, [{ severity: 'error', code: 'login', diagnostics: 'Authenticate with an API token (Authorization: Bearer …) or sign in' }], { 'WWW-Authenticate': 'Bearer realm="signpost"' });
  if (access !== 'signed-in' && !hasAnyRole(actor, access as readonly Actor['roles'][number][])) {
    throw new FhirError(403, [{ severity: 'error', code: 'forbidden', diagnostics: `This needs one of the roles: ${access.join(', ')}` }]);
  }
  return actor;
}

/** Only JSON is served: `_format` (which wins) or Accept must allow it. */
function checkAccept(c: Context<HttpEnv>): void {
  const format = new URL(c.req.url).searchParams.get('_format');
  if (format !== null) {
    if (!['json', ...JSON_TYPES].includes(format.split(';')[0].trim().toLowerCase())) {
      throw new FhirError(406, [{ severity: 'error', code: 'not-supported', diagnostics: `_format=${format} is not served: this server speaks JSON (application/fhir+json) only`, expression: ['_format'] }]);
    }
    return;
  }
  const accept = c.req.header('accept');
  if (accept && !acceptsJson(accept)) {
    throw new FhirError(406, [{ severity: 'error', code: 'not-supported', diagnostics: `Accept: ${accept} cannot be met: this server speaks JSON (application/fhir+json) only` }]);
  }
}

function acceptsJson(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return type === '*/*' || type === 'application/*' || JSON_TYPES.has(type);
  });
}

function unmatched(c: Context<HttpEnv>, routes: FhirRoute[]): never {
  const path = c.req.path;
  const allowed = routes.filter((r) => new RegExp(`^${r.path.replace(/[.$]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`).test(path)).map((r) => r.method);
  if (allowed.length) {
    throw new FhirError(405, [{ severity: 'error', code: 'not-supported', diagnostics: `${c.req.method} is not supported here (allowed: ${[...new Set(allowed)].join(', ')})` }], { Allow: [...new Set(allowed)].join(', ') });
  }
  const type = path.slice(FHIR_BASE_PATH.length + 1).split('/')[0];
  throw new FhirError(404, [{ severity: 'error', code: 'not-supported', diagnostics: type ? `This server does not serve ${type} (see /fhir/metadata)` : 'Nothing here: see /fhir/metadata' }]);
}

/** Runs a FHIR handler: its resource as FHIR JSON, or its error as an OperationOutcome. Never the API's error shape. */
async function respond(c: Context<HttpEnv>, log: Log, run: () => Promise<Answer>): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  try {
    const { status = 200, body, json, headers = {} } = await run();
    return c.body(json ?? JSON.stringify(body), status as 200, { 'Content-Type': FHIR_CONTENT_TYPE, ...headers });
  } catch (error) {
    const fhirError = toFhirError(error);
    if (fhirError.status >= 500) log.error({ requestId: c.get('requestId'), route: `${c.req.method} ${answeringRoutePattern(c) ?? '(no route)'}`, error: errorSummary(error) }, 'request failed');
    return c.body(JSON.stringify(operationOutcome(fhirError.issues)), fhirError.status as 400, { 'Content-Type': FHIR_CONTENT_TYPE, ...fhirError.headers });
  }
}

function toFhirError(error: unknown): FhirError {
  if (error instanceof FhirError) return error;
  if (error instanceof AppError) {
    const fhirError = fromPlatformError(error);
    if (error.status === 401) return new FhirError(401, fhirError.issues, { 'WWW-Authenticate': 'Bearer realm="signpost"' });
    return fhirError;
  }
  return new FhirError(500, [{ severity: 'error', code: issueTypeFor(500), diagnostics: 'Something went wrong on our side; it has been logged' }]);
}
