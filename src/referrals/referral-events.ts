// The domain events of a referral's life, built in one place: the live use cases append them, and the
// demo's history writes the same events for simulated referrals.
import type { NewEvent } from '../platform/events';
import type { ReferralAction } from './lifecycle';
import type { PassedOver, Referral } from './model';

const subjects = (r: Referral) => [r.id, r.caseId, r.organisationId, r.serviceId];

export function referralRequestedEvent(r: Referral, extra: { onward: boolean; revoked: string | null; passedOver: PassedOver[] }): NewEvent {
  return {
    type: 'referral.requested',
    subjectType: 'referral',
    subjectIds: subjects(r),
    payload: {
      referralId: r.id,
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      organisationId: r.organisationId,
      disposition: r.disposition,
      onward: extra.onward,
      fromReferralId: r.fromReferralId,
      revoked: extra.revoked,
      passedOver: extra.passedOver.map((p) => ({ serviceId: p.serviceId, reasonCode: p.reasonCode })),
      booked: Boolean(r.appointment),
    },
  };
}

/** The event of a lifecycle step (`r` as it stands after the step; `from` the status before). */
export function referralStepEvent(r: Referral, action: ReferralAction, from: Referral['status'], opts: { outcome?: string | null; rejection?: Referral['rejection'] }): NewEvent {
  return {
    type: `referral.${action === 'did-not-attend' ? 'did_not_attend' : pastTense(action)}`,
    subjectType: 'referral',
    subjectIds: subjects(r),
    payload: {
      referralId: r.id,
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      organisationId: r.organisationId,
      from,
      status: r.status,
      ...(opts.rejection ? { reasonCode: opts.rejection.reasonCode, reason: opts.rejection.reason } : {}),
      ...(opts.outcome ? { outcome: opts.outcome, reason: opts.outcome } : {}),
      ...(r.appointment && action === 'book' ? { start: r.appointment.start.toISOString() } : {}),
    },
  };
}

export function pastTense(action: ReferralAction): string {
  switch (action) {
    case 'accept':
      return 'accepted';
    case 'reject':
      return 'rejected';
    case 'book':
      return 'booked';
    case 'complete':
      return 'completed';
    case 'did-not-attend':
      return 'marked did-not-attend';
    case 'cancel':
      return 'cancelled';
    case 'revoke':
      return 'revoked';
  }
}
