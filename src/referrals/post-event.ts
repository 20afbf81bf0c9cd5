/**
 * Post-event messages: when an episode ends, the summary goes to the patient's registered GP, except
 * for outcomes the GP need not hear of (Dx28 pharmacist, Dx60 optician, Dx22 dental within 5 working
 * days, Dx46 health information) and when the episode ended with a referral to that same practice or
 * to GP out-of-hours (which report to the GP themselves). Pure.
 */
export const NO_MESSAGE_DISPOSITIONS: Record<string, string> = {
  Dx28: 'Dx28 (pharmacist) needs no post-event message',
  Dx60: 'Dx60 (optician) needs no post-event message',
  Dx22: 'Dx22 (dental within 5 working days) needs no post-event message',
  Dx46: 'Dx46 (health information) needs no post-event message',
};
export const GP_PRACTICE_TYPE = 100;
export const GP_OUT_OF_HOURS_TYPE = 25;

export interface EpisodeEnd {
  disposition: string | null;
  registeredPractice: string | null;
  /** the referral the episode ended with (the last one not revoked or cancelled), if any */
  finalReferral: { serviceOdsCode: string | null; serviceTypeId: number } | null;
}

export type PostEventDecision = { send: true } | { send: false; reason: string };

export function postEventDecision(end: EpisodeEnd): PostEventDecision {
  if (!end.registeredPractice) return { send: false, reason: 'the patient has no registered GP practice' };
  if (end.disposition && NO_MESSAGE_DISPOSITIONS[end.disposition]) return { send: false, reason: NO_MESSAGE_DISPOSITIONS[end.disposition] };
  const referral = end.finalReferral;
  if (referral?.serviceOdsCode && referral.serviceOdsCode.toUpperCase() === end.registeredPractice.toUpperCase()) {
    return { send: false, reason: 'the patient was referred to their own GP practice' };
  }
  if (referral?.serviceTypeId === GP_OUT_OF_HOURS_TYPE) return { send: false, reason: 'the patient was referred to GP out-of-hours, which reports to the GP itself' };
  return { send: true };
}
