import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { IdParam, route, type RouteDef } from '../platform/http';
import type { StoredEvent } from '../platform/events';
import { SetCapacitySchema } from './model';
import type { CapacityService } from './service';

const HEARTBEAT_MS = 15_000;

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
      async handle({ c }) {
        const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? NaN);
        return streamSSE(c, async (stream) => {
          const queue: StoredEvent[] = [];
          let wake: (() => void) | null = null;
          const unsubscribe = capacity.onChange((event) => {
            queue.push(event);
            wake?.();
          });
          stream.onAbort(() => {
            unsubscribe();
            wake?.();
          });
          let lastSent = 0;
          if (Number.isFinite(resumeFrom)) {
            for (const event of await capacity.eventsAfter(resumeFrom)) queue.unshift(event);
            queue.sort((a, b) => a.id - b.id);
          }
          await stream.writeSSE({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }) });
          while (!stream.aborted) {
            while (queue.length) {
              const event = queue.shift()!;
              if (event.id <= lastSent) continue;
              lastSent = event.id;
              await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.payload) });
            }
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, HEARTBEAT_MS);
            });
            wake = null;
            if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'heartbeat', data: '{}' });
          }
          unsubscribe();
        });
      },
    }),
  ];
}
