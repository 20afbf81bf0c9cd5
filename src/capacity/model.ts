import { z } from 'zod';
import type { NewEvent } from '../platform/events';
import { Timestamp } from '../platform/replies';

export const CapacityStatuses = ['green', 'amber', 'red'] as const;
export type CapacityStatus = (typeof CapacityStatuses)[number];

export const MIN_RESET_MINUTES = 15;
export const MAX_RESET_MINUTES = 5 * 24 * 60;
export const DEFAULT_RESET_MINUTES = 4 * 60;

export const SetCapacitySchema = z
  .object({
    status: z.enum(CapacityStatuses),
    reason: z.string().trim().max(500).optional(),
    /** After this long the status counts as green again (15 minutes to 5 days; default 4 hours). */
    resetAfterMinutes: z
      .number()
      .int()
      .min(MIN_RESET_MINUTES, 'the reset time must be at least 15 minutes')
      .max(MAX_RESET_MINUTES, 'the reset time must be at most 5 days (7200 minutes)')
      .default(DEFAULT_RESET_MINUTES),
  })
  .superRefine((input, ctx) => {
    if (input.status !== 'green' && !input.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `say why the service is ${input.status}` });
    }
  });
export type SetCapacity = z.output<typeof SetCapacitySchema>;

export interface CapacityRecord {
  serviceId: number;
  status: CapacityStatus;
  reason: string | null;
  setBy: string | null;
  setByName: string | null;
  setAt: Date;
  resetAt: Date;
}

/** What a status means at an instant: an expired amber or red counts as green at once. */
export function effectiveCapacity(record: CapacityRecord | undefined, at: Date) {
  if (!record) return { status: 'green' as CapacityStatus, expired: false, record: null };
  const expired = record.status !== 'green' && record.resetAt.getTime() <= at.getTime();
  return { status: expired ? ('green' as CapacityStatus) : record.status, expired, record };
}

export interface CapacityHistoryEntry extends CapacityRecord {
  id: number;
  cause: 'set' | 'expired';
}

// Replies of the capacity routes.
export const CapacityRecordSchema = z.object({
  serviceId: z.number().int(),
  status: z.enum(CapacityStatuses),
  reason: z.string().nullable(),
  setBy: z.string().nullable(),
  setByName: z.string().nullable(),
  setAt: Timestamp,
  resetAt: Timestamp,
});
/** A status as it counts now: an expired amber or red reads green, with the record that expired. */
export const CapacityNowSchema = z.object({
  serviceId: z.number().int(),
  status: z.enum(CapacityStatuses),
  expired: z.boolean(),
  record: CapacityRecordSchema.nullable(),
});
export const CapacityHistoryReply = z.object({
  history: z.array(CapacityRecordSchema.extend({ id: z.number().int(), cause: z.enum(['set', 'expired']) })),
});
export const CapacityNowListReply = z.object({ capacity: z.array(CapacityNowSchema) });

/** The event of a capacity change, as the live service and the demo's history write it. */
export function capacityEvent(record: CapacityRecord, serviceName: string | null, cause: 'set' | 'expired', previousStatus?: string): NewEvent {
  const payload = cause === 'set' ? eventPayload(record, serviceName) : { ...eventPayload(record, serviceName), previousStatus };
  return { type: `capacity.${cause}`, subjectType: 'service', subjectIds: [record.serviceId], payload };
}

function eventPayload(record: CapacityRecord, serviceName: string | null) {
  return {
    serviceId: record.serviceId,
    serviceName,
    status: record.status,
    reason: record.reason,
    setByName: record.setByName,
    setAt: record.setAt.toISOString(),
    resetAt: record.resetAt.toISOString(),
  };
}
