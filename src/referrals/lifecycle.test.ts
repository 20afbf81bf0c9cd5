import { describe, expect, it } from 'vitest';
import { allowedActions, isActive, ReferralActions, ReferralStatuses, serviceRequestStatus, transition, type ReferralAction, type ReferralStatus } from './lifecycle';

const allowed: Record<ReferralAction, [ReferralStatus, ReferralStatus][]> = {
  accept: [['requested', 'accepted']],
  reject: [['requested', 'rejected']],
  book: [['accepted', 'booked']],
  complete: [['accepted', 'completed'], ['booked', 'completed']],
  'did-not-attend': [['accepted', 'did-not-attend'], ['booked', 'did-not-attend']],
  cancel: [['requested', 'cancelled'], ['accepted', 'cancelled'], ['booked', 'cancelled']],
  revoke: [['requested', 'revoked'], ['accepted', 'revoked'], ['booked', 'revoked']],
};

describe('the referral lifecycle', () => {
  it('allows exactly the transitions of the standard, and refuses every other', () => {
    for (const action of ReferralActions) {
      for (const from of ReferralStatuses) {
        const expected = allowed[action].find(([f]) => f === from)?.[1];
        const result = transition(from, action);
        if (expected) expect(result, `${action} from ${from}`).toEqual({ ok: true, to: expected });
        else expect(result.ok, `${action} from ${from}`).toBe(false);
      }
    }
  });

  it('an accepted referral that came with a booked slot is booked', () => {
    expect(transition('requested', 'accept', { hasAppointment: true })).toEqual({ ok: true, to: 'booked' });
  });

  it('says which states an action needs', () => {
    expect(transition('completed', 'accept')).toEqual({ ok: false, allowedFrom: ['requested'] });
  });

  it('only requested, accepted and booked are active; FHIR status follows', () => {
    expect(ReferralStatuses.filter(isActive)).toEqual(['requested', 'accepted', 'booked']);
    expect(serviceRequestStatus('booked')).toBe('active');
    expect(serviceRequestStatus('did-not-attend')).toBe('completed');
    expect(serviceRequestStatus('cancelled')).toBe('revoked');
    expect(serviceRequestStatus('rejected')).toBe('revoked');
    expect(allowedActions('accepted')).toEqual(['book', 'complete', 'did-not-attend', 'cancel']);
    expect(allowedActions('completed')).toEqual([]);
  });
});
