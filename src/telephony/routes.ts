import { TELEPHONY_ROLE } from '../platform/actor';
import { route, type RouteDef } from '../platform/http';
import { CallEventReply, CallEventSchema } from './model';
import type { TelephonyService } from './service';

export function telephonyRoutes(telephony: TelephonyService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/telephony/calls',
      summary:
        'The telephony platform reports a call event: offered, answered (time to answer), abandoned (time to abandon) or transferred. A repeat of a recorded event changes nothing (recorded: false); a conflicting one is a 409',
      tag: 'telephony',
      access: [TELEPHONY_ROLE],
      body: CallEventSchema,
      response: CallEventReply,
      async handle({ actor, body }) {
        return telephony.record(actor, body);
      },
    }),
  ];
}
