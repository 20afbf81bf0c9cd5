import { z } from 'zod';
import type { RouteDef } from './http';

/** The OpenAPI document is generated from the same route definitions that validate requests. */
export function openApiDocument(routes: RouteDef<any, any, any>[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    const path = def.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      summary: def.summary,
      tags: [def.tag],
      'x-signpost-access': def.access,
      parameters: [...pathParameters(def.path), ...queryParameters(def.query)],
      responses: {
        [String(def.status ?? 200)]: { description: 'Success' },
        '400': { $ref: '#/components/responses/Error' },
        ...(def.access === 'public' ? {} : { '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' } }),
      },
    };
    if (def.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(def.body) } } };
    }
    if (def.access !== 'public') operation.security = [{ session: [] }, { token: [] }];
    (paths[path] ??= {})[def.method] = operation;
  }
  return {
    openapi: '3.1.0',
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
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  error: {
                    type: 'object',
                    properties: {
                      code: { type: 'string' },
                      message: { type: 'string' },
                      details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                      requestId: { type: 'string', description: 'The request id of the X-Request-Id header and of the log lines about this request' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function pathParameters(path: string) {
  return [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
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
