import type { z } from 'zod';
import type { RouteDef } from './http';
import { ErrorReplySchema, EVENT_STREAM, toOpenApiSchema, type ResponseSpec } from './replies';

/** The OpenAPI document is generated from the same route definitions that validate requests. */
export type OpenApiDocument = ReturnType<typeof openApiDocument>;

export function openApiDocument(routes: RouteDef[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const path = def.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      summary: def.summary,
      tags: [def.tag],
      'x-signpost-access': def.access,
      parameters: [...pathParameters(def.path, def.params), ...queryParameters(def.query)],
      responses: { ...successResponses(def), ...errorResponses(def) },
    };
    if (def.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(def.body) } } };
    }
    if (def.access !== 'public') operation.security = [{ session: [] }, { token: [] }];
    (paths[path] ??= {})[def.method] = operation;
  }
  return {
    openapi: '3.1.0' as const,
    info,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'signpost_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
      responses: {
        Error: {
          description: 'An error: code, message and the fields at fault',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      schemas: { Error: toOpenApiSchema(ErrorReplySchema, 'output') },
    },
  };
}

/** The reply of each success status the route declares, with its schema. */
function successResponses(def: RouteDef): Record<string, unknown> {
  const spec = def.response as ResponseSpec;
  const statuses = [def.status ?? 200, ...(def.alsoStatus ?? [])];
  const out: Record<string, unknown> = {};
  for (const status of statuses) {
    if (status === 204) out['204'] = { description: 'Done; no content' };
    else if (spec === EVENT_STREAM) out[String(status)] = { description: 'A stream of Server-Sent Events', content: { [EVENT_STREAM]: { schema: { type: 'string' } } } };
    else out[String(status)] = { description: 'Success', content: { 'application/json': { schema: toOpenApiSchema(spec, 'output') } } };
  }
  return out;
}

/**
 * The errors a route may answer with: any request can be malformed (400); a route behind sign-in
 * answers 401 and 403; one that names a record, 404; a write can conflict (409), be refused as it
 * stands (422) or be too large (413); plus what the route declares (429, 503 …).
 */
function errorResponses(def: RouteDef): Record<string, unknown> {
  const statuses = new Set<number>([400]);
  if (def.access !== 'public') [401, 403].forEach((s) => statuses.add(s));
  if (def.path.includes(':')) statuses.add(404);
  if (def.method !== 'get') [409, 422].forEach((s) => statuses.add(s));
  if (def.body) statuses.add(413);
  for (const s of def.errors ?? []) statuses.add(s);
  const out: Record<string, unknown> = {};
  for (const status of [...statuses].sort()) out[String(status)] = { $ref: '#/components/responses/Error' };
  return out;
}

function jsonSchema(schema: z.ZodType): unknown {
  return toOpenApiSchema(schema, 'input');
}

/** Each `:name` of the path, described by the route's params schema when it has one (an id that is a number says so). */
function pathParameters(path: string, params?: z.ZodType) {
  const described = params ? ((jsonSchema(params) as { properties?: Record<string, unknown> }).properties ?? {}) : {};
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: described[m[1]] ?? { type: 'string' } }));
}

function queryParameters(query?: z.ZodType) {
  if (!query) return [];
  const schema = jsonSchema(query) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, propertySchema]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: propertySchema,
  }));
}
