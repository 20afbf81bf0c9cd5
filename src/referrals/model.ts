import { z } from 'zod';
import { dispositionCodeSchema } from '../directory/codes';
import { FlagSchema } from '../cases/model';
import { OpenObject, Timestamp } from '../platform/replies';
import { ReferralActions, ReferralStatuses, type ReferralStatus } from './lifecycle';
import { INAPPROPRIATE_REASONS, InappropriateReasonCodes, PassOverReasonCodes, type InappropriateReason, type PassOverReason } from './reasons';

export type { ReferralAction, ReferralStatus } from './lifecycle';

const text = (max: number) => z.string().trim().min(1).max(max);

export const PassedOverSchema = z
  .object({
    serviceId: z.number().int().positive(),
    reasonCode: z.enum(PassOverReasonCodes),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.reasonCode === '99' && !p.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why (reason 99 other)' });
  });

export const ReferSchema = z.object({
  serviceId: z.number().int().positive(),
  /** The case search the service was chosen from: every service ranked above it needs a reason. */
  searchId: z.string().regex(/^srch_[0-9a-f-]{36}$/, 'a search id like srch_…').optional(),
  passedOver: z.array(PassedOverSchema).max(50).default([]),
  /** A slot of the service to book with the referral. */
  slotId: z.string().regex(/^slot_[0-9a-f-]{36}$/, 'a slot id like slot_…').optional(),
  /** The referrer's own disposition for this referral (e.g. an out-of-hours GP referring on); default the case's. */
  disposition: dispositionCodeSchema().regex(/^Dx[0-9]+$/, 'a disposition code like Dx05').optional(),
  /** What the receiver needs to know beyond the case. */
  summary: z.string().trim().max(4000).optional(),
  flags: z.array(FlagSchema).max(20).default([]),
});
export type ReferInput = z.output<typeof ReferSchema>;

/** Flagging a referral as inappropriate, for the feedback loop: a coded reason and, for 99, a note. */
export const InappropriateSchema = z
  .object({ code: z.enum(InappropriateReasonCodes), note: z.string().trim().max(1000).optional() })
  .superRefine((f, ctx) => {
    if (f.code === '99' && !f.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why (reason 99 other)' });
  });
/**
 * Rejecting a referral: a national reason code is required (the words default to the code's meaning;
 * 99 "other" needs words); optionally the referral is flagged as inappropriate.
 */
export const RejectSchema = z
  .object({ reasonCode: z.enum(PassOverReasonCodes), reason: text(1000).optional(), inappropriate: InappropriateSchema.optional() })
  .superRefine((r, ctx) => {
    if (r.reasonCode === '99' && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why (reason 99 other)' });
  });
export const CancelSchema = z.object({ reason: text(1000) });
export const BookSchema = z.object({ slotId: z.string().regex(/^slot_[0-9a-f-]{36}$/, 'a slot id like slot_…') });
export const CompleteSchema = z.object({ outcome: z.string().trim().max(2000).optional() });
export const DnaSchema = z.object({ note: z.string().trim().max(1000).optional() });

export interface PassedOver {
  serviceId: number;
  serviceName: string;
  reasonCode: PassOverReason;
  reason: string;
  note: string | null;
}

export interface InappropriateFlag {
  code: InappropriateReason;
  label: (typeof INAPPROPRIATE_REASONS)[InappropriateReason];
  note: string | null;
  flaggedBy: string;
  flaggedByName: string;
  flaggedAt: Date;
}

export interface Appointment {
  slotId: string;
  start: Date;
  end: Date;
}

export interface Referral {
  id: string;
  caseId: string;
  serviceId: number;
  serviceName: string;
  serviceTypeId: number;
  serviceOdsCode: string | null;
  /** the receiving organisation (the service's, when referred) */
  organisationId: string;
  status: ReferralStatus;
  disposition: string | null;
  summary: string | null;
  passedOver: PassedOver[];
  searchId: string | null;
  /** set on an onward referral: the referral it came from */
  fromReferralId: string | null;
  referredBy: string;
  referredByName: string;
  referredByOrg: string | null;
  appointment: Appointment | null;
  rejection: { reasonCode: PassOverReason | null; reason: string } | null;
  /** set when the receiving service flagged the referral as inappropriate */
  inappropriate: InappropriateFlag | null;
  outcome: string | null;
  requestedAt: Date;
  acceptedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
}

export const SlotInputSchema = z
  .object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
  .refine((s) => new Date(s.end).getTime() > new Date(s.start).getTime(), { message: 'a slot ends after it starts', path: ['end'] })
  .refine((s) => new Date(s.end).getTime() - new Date(s.start).getTime() <= 24 * 3600_000, { message: 'a slot is at most 24 hours', path: ['end'] });
export const PublishSlotsSchema = z.object({ slots: z.array(SlotInputSchema).min(1).max(500) });
export const SlotQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['free', 'busy', 'all']).default('free'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface Slot {
  id: string;
  serviceId: number;
  start: Date;
  end: Date;
  status: 'free' | 'busy';
  referralId: string | null;
}

export const InboxKinds = ['referral', 'referral-update', 'referral-response', 'post-event-message'] as const;
export type InboxKind = (typeof InboxKinds)[number];

export const InboxQuery = z.object({
  organisationId: z.string().min(1).max(64).optional(),
  kind: z.enum(InboxKinds).optional(),
  unread: z.enum(['true', 'false']).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface InboxItem {
  id: number;
  messageId: string;
  organisationId: string;
  serviceId: number | null;
  kind: InboxKind;
  referralId: string | null;
  caseId: string | null;
  summary: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  readBy: string | null;
}

export const OutboxQuery = z.object({
  status: z.enum(['pending', 'held', 'delivered', 'failed']).optional(),
  referralId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface Endpoint {
  kind: 'fhir' | 'http';
  address: string;
}

export interface OutboxMessage {
  id: number;
  messageId: string;
  destination: 'inbox' | 'endpoint';
  kind: InboxKind;
  organisationId: string | null;
  serviceId: number | null;
  endpoint: Endpoint | null;
  referralId: string | null;
  caseId: string | null;
  payload: Record<string, unknown>;
  status: 'pending' | 'held' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  leaseId: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** What the referral route returns: the referral, and whether it was an earlier one found again. */
export interface ReferResult {
  referral: Referral;
  duplicate: boolean;
  revoked: string | null;
  completedOnward: string | null;
}

export const ReferralIdParam = z.object({ id: z.string().regex(/^ref_[0-9a-f-]{36}$/, 'a referral id like ref_…') });
export const SlotServiceParam = z.object({ id: z.coerce.number().int().positive() });
export const ServiceSlotParam = z.object({ id: z.coerce.number().int().positive(), slotId: z.string().regex(/^slot_[0-9a-f-]{36}$/, 'a slot id like slot_…') });
export const InboxItemParam = z.object({ id: z.coerce.number().int().positive() });

// ---- replies of the referral routes ----

const PassOverReasonSchema = z.enum(PassOverReasonCodes);
export const ReferralSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  serviceId: z.number().int(),
  serviceName: z.string(),
  serviceTypeId: z.number().int(),
  serviceOdsCode: z.string().nullable(),
  organisationId: z.string(),
  status: z.enum(ReferralStatuses),
  disposition: z.string().nullable(),
  summary: z.string().nullable(),
  passedOver: z.array(z.object({ serviceId: z.number().int(), serviceName: z.string(), reasonCode: PassOverReasonSchema, reason: z.string(), note: z.string().nullable() })),
  searchId: z.string().nullable(),
  fromReferralId: z.string().nullable(),
  referredBy: z.string(),
  referredByName: z.string(),
  referredByOrg: z.string().nullable(),
  appointment: z.object({ slotId: z.string(), start: Timestamp, end: Timestamp }).nullable(),
  rejection: z.object({ reasonCode: PassOverReasonSchema.nullable(), reason: z.string() }).nullable(),
  inappropriate: z
    .object({ code: z.enum(InappropriateReasonCodes), label: z.string(), note: z.string().nullable(), flaggedBy: z.string(), flaggedByName: z.string(), flaggedAt: Timestamp })
    .nullable(),
  outcome: z.string().nullable(),
  requestedAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});
export const ReferResultSchema = z.object({ referral: ReferralSchema, duplicate: z.boolean(), revoked: z.string().nullable(), completedOnward: z.string().nullable() });
/** A referral with what the caller may do next. */
export const ReferralWithActionsReply = z.object({ referral: ReferralSchema, actions: z.array(z.enum(ReferralActions)) });
/** A referral with what may be done with it next, as the case view lists it (cases/relations.ts). */
export const ReferralWithActionsSchema = ReferralSchema.extend({ actions: z.array(z.enum(ReferralActions)) });
export const ReferralsReply = z.object({ referrals: z.array(ReferralSchema) });
export const SlotSchema = z.object({ id: z.string(), serviceId: z.number().int(), start: Timestamp, end: Timestamp, status: z.enum(['free', 'busy']), referralId: z.string().nullable() });
export const PublishedSlotsReply = z.object({ created: z.array(SlotSchema), skipped: z.number().int() });
export const SlotsReply = z.object({ slots: z.array(SlotSchema) });
/**
 * What an inbox message says in brief: each kind of message its own fields (a post-event message
 * carries the whole consultation, a message from outside what its sender wrote). The fields the
 * referral messages carry, and screens show, are described; any may be absent.
 */
export const InboxSummarySchema = z.looseObject({
  serviceName: z.string().optional(),
  presentingProblem: z.string().optional(),
  patient: z.looseObject({ name: z.string().optional(), dateOfBirth: z.string().optional(), sex: z.string().optional() }).optional(),
  from: z.looseObject({ name: z.string().optional(), organisation: z.string().optional() }).optional(),
  dueBy: Timestamp.nullable().optional(),
  /** a response: the referral's state now, why it was rejected, and whether the patient is at the end of life */
  status: z.enum(ReferralStatuses).optional(),
  rejection: z.looseObject({ reasonCode: z.string().nullable().optional(), reason: z.string().optional() }).nullable().optional(),
  endOfLife: z.boolean().optional(),
});
export const InboxItemSchema = z.object({
  id: z.number().int(),
  messageId: z.string(),
  organisationId: z.string(),
  serviceId: z.number().int().nullable(),
  kind: z.enum(InboxKinds),
  referralId: z.string().nullable(),
  caseId: z.string().nullable(),
  summary: InboxSummarySchema,
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
  readBy: z.string().nullable(),
});
export const InboxReply = z.object({ items: z.array(InboxItemSchema) });
export const OutboxReply = z.object({
  messages: z.array(
    z.object({
      id: z.number().int(),
      messageId: z.string(),
      destination: z.enum(['inbox', 'endpoint']),
      kind: z.enum(InboxKinds),
      organisationId: z.string().nullable(),
      serviceId: z.number().int().nullable(),
      endpoint: z.object({ kind: z.enum(['fhir', 'http']), address: z.string() }).nullable(),
      referralId: z.string().nullable(),
      caseId: z.string().nullable(),
      /** the message as delivered (a FHIR bundle or an inbox summary) */
      payload: OpenObject,
      status: z.enum(['pending', 'held', 'delivered', 'failed']),
      attempts: z.number().int(),
      nextAttemptAt: Timestamp,
      leaseId: z.string().nullable(),
      lockedUntil: Timestamp.nullable(),
      lastError: z.string().nullable(),
      createdAt: Timestamp,
      deliveredAt: Timestamp.nullable(),
    }),
  ),
});

/** The requests as the routes hand them over, once their schemas have checked them. */
export type RejectInput = z.output<typeof RejectSchema>;
export type BookInput = z.output<typeof BookSchema>;
export type CompleteInput = z.output<typeof CompleteSchema>;
export type DnaInput = z.output<typeof DnaSchema>;
export type CancelInput = z.output<typeof CancelSchema>;
export type PublishSlotsInput = z.output<typeof PublishSlotsSchema>;
export type SlotQuery = z.output<typeof SlotQuery>;
export type InboxQuery = z.output<typeof InboxQuery>;
export type OutboxQuery = z.output<typeof OutboxQuery>;

/** Care staff, who refer and follow referrals (one list: the routes and the service share it). */
export const CARE_STAFF = ['call_handler', 'clinician', 'provider_staff', 'system', 'admin'] as const;
/** Who receives referrals at a service. */
export const RECEIVERS = ['provider_staff', 'system', 'admin'] as const;
/** Who operates delivery (the outbox): administrators only; an organisation's system token sees its inbox, not everyone's outbox. */
export const DELIVERY_OPERATORS = ['admin'] as const;
