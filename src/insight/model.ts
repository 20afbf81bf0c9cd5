import { z } from 'zod';

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
