import { z } from 'zod';
import { route, type RouteDef } from '../platform/http';
import { SearchRequestSchema } from './model';
import { searchReplyJson } from './reply';
import type { SearchService } from './service';

const SEARCHERS = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'commissioner', 'admin', 'system'] as const;

const CoverageQuery = z.object({
  week: z.iso.date().refine((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 1, 'the week must start on a Monday (YYYY-MM-DD)'),
  area: z.union([z.string(), z.array(z.string())]).optional(),
  disposition: z.union([z.string(), z.array(z.string())]).optional(),
  mode: z.enum(['open-now', 'window']).default('open-now'),
});

export function searchRoutes(searchService: SearchService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/directory/search',
      summary: 'Which services should this patient go to, now? Results say why; explain lists every exclusion',
      tag: 'search',
      access: SEARCHERS,
      body: SearchRequestSchema,
      async handle({ actor, body, c }) {
        return c.body(searchReplyJson(await searchService.searchRequest(body, actor)), 200, { 'content-type': 'application/json' });
      },
    }),
    route({
      method: 'get',
      path: '/api/insight/coverage',
      summary: 'Static coverage analysis: for a week, every disposition × area × half hour where no service could be returned',
      tag: 'insight',
      access: ['commissioner', 'dos_lead', 'admin'],
      query: CoverageQuery,
      async handle({ query }) {
        return searchService.coverage({
          weekStart: query.week,
          areaCodes: query.area === undefined ? undefined : [query.area].flat(),
          dispositions: query.disposition === undefined ? undefined : [query.disposition].flat(),
          mode: query.mode,
        });
      },
    }),
  ];
}
