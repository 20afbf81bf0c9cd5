/**
 * Calls as the telephony platform reports them (issue 14 item 1): each call id is offered once, then
 * answered (time to answer) or abandoned (time to abandon), and an answered call may be transferred.
 * The platform may send an event again (a retry): the same event for the same call and state changes
 * nothing; a different one for a state already recorded is a conflict.
 */
import { z } from 'zod';
import { Timestamp } from '../platform/replies';

export const CallEventKinds = ['offered', 'answered', 'abandoned', 'transferred'] as const;
export type CallEventKind = (typeof CallEventKinds)[number];

/** Where an answered call may be transferred: a clinician, 999, another 111 provider or another service. */
export const TransferTargets = ['clinician', '999', 'other-111', 'other-service'] as const;

const callId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'a call id: letters, digits and . _ : -');

export const CallEventSchema = z
  .object({
    /** The platform's id of the call (unique across its calls). */
    callId,
    event: z.enum(CallEventKinds),
    /** When it happened on the platform (ISO 8601 with an offset). */
    at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    /** offered: the area the call is counted against (an area code as Signpost's geography has it, e.g. ek-thanet) */
    areaCode: z.string().trim().min(1).max(50).regex(/^[A-Za-z0-9-]+$/, 'an area code such as ek-thanet: letters, digits and -').optional(),
    /** answered: the call handler's id on the platform */
    agentId: z.string().trim().min(1).max(100).optional(),
    /** transferred: where to */
    transferredTo: z.enum(TransferTargets).optional(),
  })
  .superRefine((e, ctx) => {
    const only = (field: 'areaCode' | 'agentId' | 'transferredTo', kind: CallEventKind) => {
      if (e[field] !== undefined && e.event !== kind) ctx.addIssue({ code: 'custom', path: [field], message: `only on an "${kind}" event` });
    };
    only('areaCode', 'offered');
    only('agentId', 'answered');
    only('transferredTo', 'transferred');
    if (e.event === 'transferred' && !e.transferredTo) ctx.addIssue({ code: 'custom', path: ['transferredTo'], message: 'say where the call was transferred' });
  });
export type CallEvent = z.output<typeof CallEventSchema>;

export interface TelephonyCall {
  callId: string;
  organisationId: string;
  areaCode: string | null;
  offeredAt: Date;
  answeredAt: Date | null;
  agentId: string | null;
  secondsToAnswer: number | null;
  abandonedAt: Date | null;
  secondsToAbandon: number | null;
  transferredAt: Date | null;
  transferredTo: string | null;
  updatedAt: Date;
}

export const TelephonyCallSchema = z.object({
  callId: z.string(),
  organisationId: z.string(),
  areaCode: z.string().nullable(),
  offeredAt: Timestamp,
  answeredAt: Timestamp.nullable(),
  agentId: z.string().nullable(),
  secondsToAnswer: z.number().nullable(),
  abandonedAt: Timestamp.nullable(),
  secondsToAbandon: z.number().nullable(),
  transferredAt: Timestamp.nullable(),
  transferredTo: z.string().nullable(),
  updatedAt: Timestamp,
});

export const CallEventReply = z.object({
  call: TelephonyCallSchema,
  /** false when this event was already recorded (a repeat changes nothing) */
  recorded: z.boolean(),
});
