import { EVENT_STREAM } from '../platform/replies';
import { z } from 'zod';
import { IdParam, route, type RouteDef } from '../platform/http';
import { streamEvents } from '../platform/event-stream';
import { CapacityHistoryReply, CapacityNowListReply, CapacityNowSchema, CapacityRecordSchema, SetCapacitySchema } from './model';
import type { CapacityService } from './service';

export function capacityRoutes(capacity: CapacityService): RouteDef[] {
  return [
    route({
      method: 'put',
      path: '/api/capacity/services/:id',
      summary: 'Set a service’s capacity: green, amber or red with a reason and a reset time (15 min – 5 days, default 4 h)',
      tag: 'capacity',
      access: ['provider_staff', 'system', 'dos_lead', 'admin'],
      params: IdParam,
      body: SetCapacitySchema,
      response: CapacityRecordSchema,
      async handle({ actor, params, body }) {
        return capacity.set(actor, params.id, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/capacity/services/:id',
      summary: 'A service’s capacity now (an expired amber or red reads green)',
      tag: 'capacity',
      access: 'signed-in',
      params: IdParam,
      response: CapacityNowSchema,
      async handle({ params }) {
        return capacity.get(params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/capacity/services/:id/history',
      summary: 'Every capacity change of a service, newest first',
      tag: 'capacity',
      access: 'signed-in',
      params: IdParam,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: CapacityHistoryReply,
      async handle({ params, query }) {
        return { history: await capacity.history(params.id, query.limit) };
      },
    }),
    route({
      method: 'get',
      path: '/api/capacity',
      summary: 'Every recorded capacity status as it stands now',
      tag: 'capacity',
      access: 'signed-in',
      response: CapacityNowListReply,
      async handle() {
        return { capacity: await capacity.current() };
      },
    }),
    route({
      method: 'get',
      path: '/api/capacity/stream',
      summary: 'Server-Sent Events: every capacity change as it happens (resume with Last-Event-ID)',
      tag: 'capacity',
      access: 'signed-in',
      response: EVENT_STREAM,
      async handle({ c }) {
        return streamEvents(c, {
          subscribe: (listener) => capacity.onChange(listener),
          backlog: (after) => capacity.eventsAfter(after),
          ready: { at: new Date().toISOString() },
        });
      },
    }),
  ];
}
