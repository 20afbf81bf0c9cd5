import { describe, expect, it } from 'vitest';
import { postEventDecision } from './post-event';

const base = { disposition: 'Dx05', registeredPractice: 'G82001', finalReferral: { serviceOdsCode: null, serviceTypeId: 135 } };

describe('post-event message rules', () => {
  it('sends the summary to the registered GP when an episode ends', () => {
    expect(postEventDecision(base)).toEqual({ send: true });
    expect(postEventDecision({ ...base, finalReferral: null, disposition: 'Dx38' })).toEqual({ send: true });
  });

  it('not for Dx28 pharmacist, Dx60 optician, Dx22 dental, Dx46 health information', () => {
    for (const disposition of ['Dx28', 'Dx60', 'Dx22', 'Dx46']) {
      const decision = postEventDecision({ ...base, disposition });
      expect(decision.send, disposition).toBe(false);
      expect(decision).toMatchObject({ reason: expect.stringContaining(disposition) });
    }
  });

  it('not when the patient was referred to that same GP practice, or to GP out-of-hours', () => {
    expect(postEventDecision({ ...base, finalReferral: { serviceOdsCode: 'G82001', serviceTypeId: 100 } })).toMatchObject({ send: false, reason: expect.stringMatching(/own GP practice/) });
    expect(postEventDecision({ ...base, finalReferral: { serviceOdsCode: 'g82001', serviceTypeId: 136 } }).send).toBe(false);
    expect(postEventDecision({ ...base, finalReferral: { serviceOdsCode: 'Y00001', serviceTypeId: 25 } })).toMatchObject({ send: false, reason: expect.stringMatching(/out-of-hours/) });
    // Another practice is not the patient's own.
    expect(postEventDecision({ ...base, finalReferral: { serviceOdsCode: 'G82999', serviceTypeId: 100 } }).send).toBe(true);
  });

  it('not when there is no registered practice to send to', () => {
    expect(postEventDecision({ ...base, registeredPractice: null })).toMatchObject({ send: false });
  });
});
