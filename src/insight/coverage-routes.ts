import { route, type RouteDef } from '../platform/http';
import { CoverageQuerySchema, CoverageReplySchema } from './coverage-model';
import type { CoverageAnalysis } from './coverage';

export function coverageRoutes(coverage: CoverageAnalysis): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/insight/coverage',
      summary:
        'Static coverage analysis: for a week, where and when no service could be returned (default: your organisation’s areas). ' +
        'Runs off the request thread and is kept per directory version; one page of gap ranges (at most 2,000) with a summary by area and disposition',
      tag: 'insight',
      access: ['commissioner', 'dos_lead', 'admin'],
      query: CoverageQuerySchema,
      errors: [503],
      response: CoverageReplySchema,
      async handle({ actor, query }) {
        return coverage.report(actor, query);
      },
    }),
  ];
}
