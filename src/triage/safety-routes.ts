/**
 * HTTP of the safety guard: a second reviewer's sign-off, and the safety part of the impact report.
 */
import { z } from 'zod';
import { route, type RouteDef } from '../platform/http';
import { Timestamp } from '../platform/replies';
import { SafetySignoffSchema, type SafetyService } from './safety';

const GuardOutcomeSchema = z.object({ disposition: z.string(), band: z.enum(['emergency', 'urgent', 'routine', 'self-care']), outcomeNodeId: z.string() });
const FindingsSchema = z.object({
  vignettesChecked: z.number().int(),
  sessionsReplayed: z.number().int(),
  sessionsLessUrgent: z.number().int(),
  vignettes: z.array(z.object({ id: z.string(), at: z.string(), pathwayId: z.string(), from: GuardOutcomeSchema, to: GuardOutcomeSchema })),
  sessions: z.array(z.object({ sessionId: z.string(), pathwayId: z.string(), from: GuardOutcomeSchema, to: GuardOutcomeSchema })),
});
export const SafetySignoffReplySchema = z.object({
  id: z.string(),
  versionId: z.string(),
  againstVersionId: z.string().nullable(),
  signedBy: z.string(),
  signedByName: z.string(),
  reason: z.string(),
  findings: FindingsSchema,
  signedAt: Timestamp,
});
export const SafetyReviewSchema = z.object({
  versionId: z.string(),
  against: z.object({ id: z.string(), label: z.string(), contentVersion: z.string() }).nullable(),
  findings: FindingsSchema.nullable(),
  signoffRequired: z.boolean(),
  signedOff: z.boolean(),
  signoffs: z.array(SafetySignoffReplySchema),
});

const IdParam = z.object({ id: z.string().min(1).max(100) });

export function safetyRoutes(safety: SafetyService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/triage/content/versions/:id/safety-signoff',
      summary:
        'Sign off, with a reason, what publishing this version makes less urgent (emergency vignettes, recorded sessions) — a second clinical governance reviewer, not the author or the approver',
      tag: 'triage',
      access: ['clinical_governance', 'admin'],
      params: IdParam,
      body: SafetySignoffSchema,
      status: 201,
      response: z.object({ signoff: SafetySignoffReplySchema, review: SafetyReviewSchema }),
      async handle({ actor, params, body }) {
        return safety.signOff(actor, params.id, body);
      },
    }),
  ];
}
