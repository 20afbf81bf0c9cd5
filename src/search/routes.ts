import { route, type RouteDef } from '../platform/http';
import { Reply } from '../platform/replies';
import { SEARCHERS, SearchReplySchema, SearchRequestSchema } from './model';
import { searchReplyJson } from './reply';
import type { SearchService } from './service';

export function searchRoutes(searchService: SearchService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/directory/search',
      summary: 'Which services should this patient go to, now? Results say why; explain lists every exclusion',
      tag: 'search',
      access: SEARCHERS,
      body: SearchRequestSchema,
      response: SearchReplySchema,
      errors: [422],
      async handle({ actor, body }) {
        return Reply.serialised(await searchService.search(body, actor), searchReplyJson);
      },
    }),
  ];
}
