import { z } from 'zod';
import type { Platform } from './context';
import { route, type RouteDef } from './http';
import { AuditRowSchema, OpenObject, Timestamp, StoredEventSchema } from './replies';
import { listAudit } from './audit';
import type { OpenApiDocument } from './openapi';
import { latestEventId, readEventsAfter } from './events';

export function platformRoutes(platform: Platform, openApi: () => OpenApiDocument): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      summary: 'Is the server up and its database reachable',
      tag: 'platform',
      access: 'public',
      response: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), databaseMs: z.number(), time: Timestamp }),
      async handle() {
        const started = performance.now();
        await platform.database.ping();
        const body = {
          status: 'ok' as const,
          database: platform.database.kind,
          databaseMs: Math.round((performance.now() - started) * 100) / 100,
          time: platform.clock.now().toISOString(),
        };
        return body;
      },
    }),
    route({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This API, described in OpenAPI 3.1',
      tag: 'platform',
      access: 'public',
      response: z.looseObject({ openapi: z.literal('3.1.0'), info: z.object({ title: z.string(), version: z.string() }), paths: OpenObject, components: OpenObject }),
      async handle() {
        return openApi();
      },
    }),
    route({
      method: 'get',
      path: '/api/events',
      summary: 'Read the event log after an event id (for other systems and analytics to follow)',
      tag: 'platform',
      access: ['admin', 'commissioner'],
      query: z.object({
        after: z.coerce.number().int().min(0).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        type: z.union([z.string(), z.array(z.string())]).optional(),
      }),
      response: z.object({ events: z.array(StoredEventSchema), latest: z.number().int() }),
      async handle({ query }) {
        const types = query.type === undefined ? undefined : [query.type].flat();
        const events = await readEventsAfter(platform.db, query.after, query.limit, types);
        return { events, latest: await latestEventId(platform.db) };
      },
    }),
    route({
      method: 'get',
      path: '/api/audit',
      summary: 'Read the audit log, newest first, optionally for one subject or actor',
      tag: 'platform',
      access: ['admin'],
      query: z.object({
        subjectType: z.string().optional(),
        subjectId: z.string().optional(),
        actorId: z.string().optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: z.object({ entries: z.array(AuditRowSchema) }),
      async handle({ query }) {
        return { entries: await listAudit(platform.db, query) };
      },
    }),
  ];
}
