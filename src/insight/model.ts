import { z } from 'zod';
import { Timestamp } from '../platform/replies';

export const GapQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    areaCode: z.string().trim().min(1).optional(),
    disposition: z.string().trim().regex(/^Dx[0-9]+$/, 'a disposition code like Dx02').optional(),
    rule: z.enum(['capacity', 'discriminator', 'disposition', 'referral-role', 'age', 'opening', 'area']).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'to must be after from' });
export type GapQuery = z.infer<typeof GapQuerySchema>;

/** One gap: a service that would have been offered but for exactly one rule. */
export interface GapRecord {
  serviceId: number;
  rule: string;
}

/** The gaps of one search (the payload of a `search.gaps` event). */
export interface GapsEventPayload {
  disposition: string;
  symptomGroup: number;
  areaCode: string | null;
  searchedAt: string;
  /** 0 = Monday 00:00–01:00 London time … 167 = Sunday 23:00–24:00. */
  hourOfWeek: number;
  gaps: GapRecord[];
}

/** A search that found nothing suitable and fell back to the catch-all (a `search.unmet_need` event). */
export interface UnmetNeedPayload {
  disposition: string;
  symptomGroup: number;
  symptomDiscriminators: string[];
  areaCode: string | null;
  district: string | null;
  searchedAt: string;
  hourOfWeek: number;
}

export interface Count {
  key: string;
  count: number;
}

// Replies of the insight routes.
const CountSchema = z.object({ key: z.string(), count: z.number().int() });
const HourOfWeekGrid = z.array(z.number().int()).length(168);
export const GapsReply = z.object({
  period: z.object({ from: Timestamp, to: Timestamp }),
  filter: z.object({ areaCode: z.string().nullable(), disposition: z.string().nullable(), rule: z.string().nullable() }),
  gaps: z.object({
    total: z.number().int(),
    byRule: z.array(CountSchema),
    byDisposition: z.array(CountSchema),
    byArea: z.array(CountSchema),
    byHourOfWeek: HourOfWeekGrid,
    topServices: z.array(z.object({ serviceId: z.number().int(), serviceName: z.string(), rule: z.string(), count: z.number().int() })),
  }),
  unmetNeed: z.object({ total: z.number().int(), byDisposition: z.array(CountSchema), byArea: z.array(CountSchema), byHourOfWeek: HourOfWeekGrid }),
});
