import { route, type RouteDef } from '../platform/http';
import { GapQuerySchema, GapsReply } from './model';
import type { InsightService } from './service';

export function insightRoutes(insight: InsightService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/insight/gaps',
      summary: 'Gaps and unmet need from searches, by rule, disposition, area and hour of the week (last 28 days by default)',
      tag: 'insight',
      access: ['commissioner', 'dos_lead', 'admin'],
      query: GapQuerySchema,
      response: GapsReply,
      async handle({ query }) {
        return insight.gaps(query);
      },
    }),
  ];
}
