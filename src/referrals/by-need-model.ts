// A professional's referral by need (issue 16, the ten-minute test): a GP, an out-of-hours clinician or
// a community team refers a patient to a service found by what the patient needs, with no 111 call.
import { z } from 'zod';
import { PatientSchema } from '../cases/model';
import { MAX_NEEDS, NeedsWhenSchema } from '../search/needs-model';
import { ReferralSchema } from './model';

export { PROFESSIONAL_REFERRERS } from '../directory/referral-role';

export const ReferByNeedSchema = z.object({
  patient: PatientSchema,
  /** what the patient needs, in words or capability codes (as searched) */
  needs: z.array(z.string().trim().min(1).max(200)).min(1, 'name at least one need').max(MAX_NEEDS),
  /** when help is needed, as the referrer said it ("now", "today", "tomorrow morning" or a time) */
  when: NeedsWhenSchema.default('now'),
  serviceId: z.number().int().positive(),
  /** what the receiving service needs to know beyond the needs */
  note: z.string().trim().max(4000).optional(),
});
export type ReferByNeedInput = z.output<typeof ReferByNeedSchema>;

export const ReferByNeedReply = z.object({
  referral: ReferralSchema,
  /** the needs as read, and whether the service lists each */
  needs: z.array(z.object({ need: z.string(), code: z.string(), name: z.string(), covered: z.boolean() })),
});
