// Which referral role (the directory's "who may refer") a signed-in person refers as. One place, so
// the needs search's "you may refer" and the referral itself never disagree.
import { hasAnyRole, type Actor } from '../platform/actor';
import type { ReferralRole } from './model';

/** Clinicians refer as clinicians; provider staff (GP practices, community teams) and systems as providers; the front door as call handlers. */
export function referralRoleOf(actor: Actor): ReferralRole {
  return hasAnyRole(actor, ['clinician']) ? 'clinician' : hasAnyRole(actor, ['provider_staff', 'system']) ? 'provider' : 'call-handler';
}

/** The referral role of someone who refers patients, or null for those who only look (DoS leads, commissioners). */
export function referrerRoleOf(actor: Actor): ReferralRole | null {
  return hasAnyRole(actor, ['clinician', 'provider_staff', 'system', 'call_handler', 'admin']) ? referralRoleOf(actor) : null;
}
