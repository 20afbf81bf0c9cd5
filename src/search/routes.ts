import { route, type RouteDef } from '../platform/http';
import { Reply } from '../platform/replies';
import { professionalReferralRoleOf } from '../directory/referral-role';
import { SEARCHERS, SearchReplySchema, SearchRequestSchema } from './model';
import { NeedsSearchReplySchema, NeedsSearchRequestSchema } from './needs-model';
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
    route({
      method: 'post',
      path: '/api/directory/needs-search',
      summary:
        'Which services near the patient can meet these needs (in words or capability codes) when needed: services covering every need, pairs that do together, and those covering some; each says which needs it covers, whether it is open, its capacity, and who may refer and how',
      tag: 'search',
      access: SEARCHERS,
      body: NeedsSearchRequestSchema,
      response: NeedsSearchReplySchema,
      errors: [422],
      async handle({ actor, body }) {
        return searchService.needsSearch(body, professionalReferralRoleOf(actor));
      },
    }),
  ];
}
