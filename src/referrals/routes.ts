import { InboxItemSchema, InboxReply, OutboxReply, PublishedSlotsReply, ReferralsReply, ReferralWithActionsReply, ReferResultSchema, SlotSchema, SlotsReply } from './model';
import { EVENT_STREAM, Reply } from '../platform/replies';
import { audit } from '../platform/audit';
import { streamEvents } from '../platform/event-stream';
import type { StoredEvent } from '../platform/events';
import { route, type RouteDef } from '../platform/http';
import type { Platform } from '../platform/context';
import { CaseIdParam } from '../cases/model';
import {
  BookSchema,
  CARE_STAFF,
  DELIVERY_OPERATORS,
  RECEIVERS,
  CancelSchema,
  CompleteSchema,
  DnaSchema,
  InboxItemParam,
  InboxQuery,
  OutboxQuery,
  PublishSlotsSchema,
  ReferralIdParam,
  ReferSchema,
  RejectSchema,
  SlotQuery,
  ServiceSlotParam,
  SlotServiceParam,
} from './model';
import type { ReferralsService } from './service';

export function referralsRoutes(referrals: ReferralsService, platform: Platform): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/cases/:id/referrals',
      summary:
        'Refer the case to a service (from a case search: services ranked above need a reason code). Re-referring revokes the active referral; the receiving service refers onward. A duplicate answers 200 with the existing referral',
      tag: 'referrals',
      access: CARE_STAFF,
      params: CaseIdParam,
      body: ReferSchema,
      status: 201,
      alsoStatus: [200],
      response: ReferResultSchema,
      async handle({ actor, params, body }) {
        const result = await referrals.refer(actor, params.id, body);
        return result.duplicate ? Reply.withStatus(result, 200) : result;
      },
    }),
    route({
      method: 'get',
      path: '/api/cases/:id/referrals',
      summary: 'Every referral of the case, oldest first',
      tag: 'referrals',
      access: CARE_STAFF,
      params: CaseIdParam,
      response: ReferralsReply,
      async handle({ actor, params, requestId }) {
        return { referrals: await referrals.ofCase(actor, params.id, requestId) };
      },
    }),
    route({
      method: 'get',
      path: '/api/referrals/:id',
      summary: 'A referral and the actions its state allows (audited)',
      tag: 'referrals',
      access: CARE_STAFF,
      params: ReferralIdParam,
      response: ReferralWithActionsReply,
      async handle({ actor, params, requestId }) {
        return referrals.get(actor, params.id, requestId);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/accept',
      summary: 'Accept a requested referral (one booked into a slot becomes booked)',
      tag: 'referrals',
      access: RECEIVERS,
      params: ReferralIdParam,
      response: ReferralWithActionsReply,
      async handle({ actor, params }) {
        return referrals.accept(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/reject',
      summary: 'Reject a requested referral with a national reason code (21–99); optionally flag it as inappropriate (the same codes, wrong disposition, wrong service)',
      tag: 'referrals',
      access: RECEIVERS,
      params: ReferralIdParam,
      body: RejectSchema,
      response: ReferralWithActionsReply,
      async handle({ actor, params, body }) {
        return referrals.reject(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/book',
      summary: 'Book an accepted referral into one of the service’s free slots (a taken slot → 409 naming it, with other free slots)',
      tag: 'referrals',
      access: CARE_STAFF,
      params: ReferralIdParam,
      body: BookSchema,
      response: ReferralWithActionsReply,
      async handle({ actor, params, body }) {
        return referrals.book(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/complete',
      summary: 'Complete an accepted or booked referral; with no other active referral the episode ends (post-event message)',
      tag: 'referrals',
      access: RECEIVERS,
      params: ReferralIdParam,
      body: CompleteSchema,
      response: ReferralWithActionsReply,
      async handle({ actor, params, body }) {
        return referrals.complete(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/did-not-attend',
      summary: 'Record that the patient did not attend',
      tag: 'referrals',
      access: RECEIVERS,
      params: ReferralIdParam,
      body: DnaSchema,
      response: ReferralWithActionsReply,
      async handle({ actor, params, body }) {
        return referrals.didNotAttend(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/referrals/:id/cancel',
      summary: 'Cancel a referral (the referrer); the receiver is told',
      tag: 'referrals',
      access: CARE_STAFF,
      params: ReferralIdParam,
      body: CancelSchema,
      response: ReferralWithActionsReply,
      async handle({ actor, params, body }) {
        return referrals.cancel(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/services/:id/slots',
      summary: 'Publish appointment slots for a service (its own provider staff); a slot already published at that start is skipped',
      tag: 'appointments',
      access: ['provider_staff', 'system', 'dos_lead', 'admin'],
      params: SlotServiceParam,
      body: PublishSlotsSchema,
      status: 201,
      response: PublishedSlotsReply,
      async handle({ actor, params, body }) {
        return referrals.publishSlots(actor, params.id, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/services/:id/slots/:slotId',
      summary: 'Withdraw a free appointment slot (the service’s own provider staff); a booked one → 409 naming the referral holding it',
      tag: 'appointments',
      access: ['provider_staff', 'system', 'dos_lead', 'admin'],
      params: ServiceSlotParam,
      response: SlotSchema,
      async handle({ actor, params }) {
        return referrals.withdrawSlot(actor, params.id, params.slotId);
      },
    }),
    route({
      method: 'get',
      path: '/api/services/:id/slots',
      summary: 'A service’s slots (free and from now, unless asked otherwise)',
      tag: 'appointments',
      access: 'signed-in',
      params: SlotServiceParam,
      query: SlotQuery,
      response: SlotsReply,
      async handle({ params, query }) {
        return { slots: await referrals.slots(params.id, query) };
      },
    }),
    route({
      method: 'get',
      path: '/api/inbox',
      summary: 'Your organisation’s inbox: referrals, updates, responses, post-event messages, newest first (audited)',
      tag: 'inbox',
      access: CARE_STAFF,
      query: InboxQuery,
      response: InboxReply,
      async handle({ actor, query, requestId }) {
        return { items: await referrals.inbox(actor, query, requestId) };
      },
    }),
    route({
      method: 'post',
      path: '/api/inbox/:id/read',
      summary: 'Mark an inbox item read',
      tag: 'inbox',
      access: CARE_STAFF,
      params: InboxItemParam,
      response: InboxItemSchema,
      async handle({ actor, params }) {
        return referrals.markRead(actor, params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/inbox/stream',
      summary: 'Server-Sent Events: each new item in your organisation’s inbox as it lands (resume with Last-Event-ID); ids only, read the item for its content',
      tag: 'inbox',
      access: CARE_STAFF,
      response: EVENT_STREAM,
      async handle({ actor, c, requestId }) {
        const organisationIds = new Set(await referrals.inboxScope(actor, c.req.query('organisationId') || undefined));
        await audit(platform.db, actor, platform.clock.now(), { action: 'inbox.stream_opened', subjectType: 'inbox', subjectId: actor.organisationId, details: { organisations: [...organisationIds] }, requestId });
        const mine = (event: StoredEvent) => organisationIds.has(String(event.payload.organisationId));
        return streamEvents(c, {
          subscribe: (listener) => referrals.onInbox(listener),
          backlog: (after) => referrals.inboxEventsAfter(after),
          accept: mine,
          ready: { organisations: [...organisationIds] },
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/delivery/outbox',
      summary: 'The delivery outbox: what is pending, held (external delivery off), delivered or failed, and why',
      tag: 'inbox',
      access: DELIVERY_OPERATORS,
      query: OutboxQuery,
      response: OutboxReply,
      async handle({ actor, query, requestId }) {
        return { messages: await referrals.outbox(actor, query, requestId) };
      },
    }),
  ];
}
