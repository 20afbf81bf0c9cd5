/**
 * The referral lifecycle (after the Booking and Referral Standard): requested → accepted or rejected;
 * accepted → booked (where the service takes bookings) → completed, or did-not-attend; cancelled by
 * the referrer, or revoked when the case is re-referred. Pure.
 */
export const ReferralStatuses = ['requested', 'accepted', 'rejected', 'booked', 'completed', 'did-not-attend', 'cancelled', 'revoked'] as const;
export type ReferralStatus = (typeof ReferralStatuses)[number];

/** Only one of these per case at a time. */
export const ACTIVE_STATUSES: readonly ReferralStatus[] = ['requested', 'accepted', 'booked'];
export const isActive = (status: ReferralStatus) => ACTIVE_STATUSES.includes(status);

export const ReferralActions = ['accept', 'reject', 'book', 'complete', 'did-not-attend', 'cancel', 'revoke'] as const;
export type ReferralAction = (typeof ReferralActions)[number];

const TRANSITIONS: Record<ReferralAction, { from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  accept: { from: ['requested'], to: 'accepted' },
  reject: { from: ['requested'], to: 'rejected' },
  book: { from: ['accepted'], to: 'booked' },
  complete: { from: ['accepted', 'booked'], to: 'completed' },
  'did-not-attend': { from: ['accepted', 'booked'], to: 'did-not-attend' },
  cancel: { from: ['requested', 'accepted', 'booked'], to: 'cancelled' },
  revoke: { from: ['requested', 'accepted', 'booked'], to: 'revoked' },
};

export type TransitionResult = { ok: true; to: ReferralStatus } | { ok: false; allowedFrom: readonly ReferralStatus[] };

/**
 * Where an action takes a referral. Accepting a referral that was booked into a slot when it was
 * made goes straight to booked.
 */
export function transition(current: ReferralStatus, action: ReferralAction, context: { hasAppointment?: boolean } = {}): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) return { ok: false, allowedFrom: rule.from };
  if (action === 'accept' && context.hasAppointment) return { ok: true, to: 'booked' };
  return { ok: true, to: rule.to };
}

/** What the referral is called in FHIR (ServiceRequest.status). */
export function serviceRequestStatus(status: ReferralStatus): 'active' | 'revoked' | 'completed' {
  if (isActive(status)) return 'active';
  if (status === 'completed' || status === 'did-not-attend') return 'completed';
  return 'revoked';
}

/** Actions a referral in this status still allows (shown to the people working it). */
export function allowedActions(status: ReferralStatus): ReferralAction[] {
  return ReferralActions.filter((action) => action !== 'revoke' && TRANSITIONS[action].from.includes(status));
}
