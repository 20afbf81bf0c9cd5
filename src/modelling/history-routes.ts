import { z } from 'zod';
import { route, type RouteDef } from '../platform/http';
import type { DemoHistory } from './history-service';

export const HistoryStatusReply = z.object({
  status: z.enum(['none', 'running', 'done', 'failed']),
  days: z.number().int(),
  daysWritten: z.number().int(),
  percent: z.number().int(),
  /** the first and last instant of the history window */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  /** rows and events written so far, by kind */
  written: z.record(z.string(), z.number()),
  error: z.string().nullable(),
});

export function demoRoutes(history: DemoHistory): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/demo/history',
      summary: 'The demo’s simulated history: whether it is being written, how far (percent of days), and what it has written',
      tag: 'demo',
      access: 'signed-in',
      response: HistoryStatusReply,
      async handle() {
        return history.status();
      },
    }),
  ];
}
