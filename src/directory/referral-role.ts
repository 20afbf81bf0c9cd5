// Which referral role (the directory's "who may refer") a signed-in person refers as. One place, so
// the needs search's "you may refer" and the referral itself never disagree.
import { hasAnyRole, type Actor } from '../platform/actor';
import type { ReferralRole } from './model';

/** Clinicians refer as clinicians; provider staff (GP practices, community teams) and systems as providers; the front door as call handlers. */
export function referralRoleOf(actor: Actor): ReferralRole {
  return hasAnyRole(actor, ['clinician']) ? 'clinician' : hasAnyRole(actor, ['provider_staff', 'system']) ? 'provider' : 'call-handler';
}

/** Who refers by need (a GP practice, an out-of-hours clinician, a community team), without a 111 call. */
export const PROFESSIONAL_REFERRERS = ['clinician', 'provider_staff', 'admin'] as const;

/**
 * The referral role a searcher would refer by need as, or null for those who do not refer by need (call
 * handlers refer from a case; DoS leads and commissioners only look).
 */
export function professionalReferralRoleOf(actor: Actor): ReferralRole | null {
  return hasAnyRole(actor, PROFESSIONAL_REFERRERS) ? referralRoleOf(actor) : null;
}
