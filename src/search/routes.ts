import { route, type RouteDef } from '../platform/http';
import { SearchRequestSchema } from './model';
import { searchReplyJson } from './reply';
import type { SearchService } from './service';

const SEARCHERS = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'commissioner', 'admin', 'system'] as const;

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
  ];
}
