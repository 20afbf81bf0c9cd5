import { route, type RouteDef } from '../platform/http';
import { PROFESSIONAL_REFERRERS, ReferByNeedReply, ReferByNeedSchema } from './by-need-model';
import type { ReferralsService } from './service';

export function referByNeedRoutes(referrals: ReferralsService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/referrals/by-need',
      summary:
        'A professional (GP practice, out-of-hours clinician, community team) refers a patient by need to a service found by the needs search, with no 111 call: opens the episode and sends the referral with the needs and a note. A service that does not take referrals from the referrer’s role → 403 with the reason',
      tag: 'referrals',
      access: PROFESSIONAL_REFERRERS,
      body: ReferByNeedSchema,
      status: 201,
      response: ReferByNeedReply,
      errors: [422],
      async handle({ actor, body }) {
        return referrals.referByNeed(actor, body);
      },
    }),
  ];
}
