import { describe, expect, it } from 'vitest';
import { simulate } from './engine';
import { exampleCommunity } from './example';
import type { ContactJourney } from './journey';
import { parseSimulationInput } from './model';

describe("each contact's journey", () => {
  const input = parseSimulationInput(exampleCommunity({ population: 300_000, horizonDays: 14, warmUpDays: 2, seed: 5, rotaFactor: 0.85 }));
  const journeys: ContactJourney[] = [];
  const traced = simulate(input, input.seed, { onJourney: (j) => journeys.push(j) });
  const counted = journeys.filter((j) => j.counted);

  it('leaves the run unchanged: the same outputs with and without a collector', () => {
    expect(traced).toEqual(simulate(input));
  });

  it('hands over every contact exactly once, and the counted ones add up to the counters', () => {
    expect(new Set(journeys.map((j) => j.contact)).size).toBe(journeys.length);
    expect(counted.length).toBe(traced.calls.offered);
    const count = (p: (j: ContactJourney) => boolean) => counted.filter(p).length;
    expect(count((j) => j.recontactOf !== null)).toBe(traced.calls.recontacts);
    expect(count((j) => j.answeredSeconds !== null)).toBe(traced.calls.answered);
    expect(count((j) => j.waitSeconds !== null && j.waitSeconds <= 60)).toBe(traced.calls.answeredWithinTarget);
    expect(count((j) => j.outcome === 'abandoned')).toBe(traced.calls.abandoned);
    expect(count((j) => j.outcome === 'ed')).toBe(traced.outcomes.ed);
    expect(count((j) => j.outcome === 'referred')).toBe(traced.outcomes.referred);
    expect(count((j) => j.outcome === 'still-in-system')).toBe(traced.outcomes.stillInSystem);
    expect(count((j) => j.ambulance)).toBe(traced.acute.ambulanceResponses);
    expect(count((j) => j.edAttended)).toBe(traced.acute.edAttendances);
    expect(count((j) => j.admitted)).toBe(traced.acute.admissions);
    expect(count((j) => j.clinical !== null)).toBe(traced.clinical.queued);
    expect(count((j) => j.clinical?.outcome != null)).toBe(traced.clinical.assessed);
    for (const [group, n] of Object.entries(traced.dispositions)) expect(count((j) => j.disposition === group)).toBe(n);
    for (const [service, activity] of Object.entries(traced.referrals)) {
      expect(count((j) => j.referral?.acceptedBy === service)).toBe(activity.accepted);
      expect(counted.reduce((n, j) => n + (j.referral?.rejected.filter((r) => r.serviceId === service && r.reason === 'full').length ?? 0), 0)).toBe(activity.rejectedFull);
    }
  });

  it('keeps each journey in time order, and a re-contact after the contact it follows', () => {
    const byId = new Map(journeys.map((j) => [j.contact, j]));
    for (const j of journeys) {
      if (j.answeredSeconds !== null) expect(j.answeredSeconds - j.arrivalSeconds).toBeCloseTo(j.waitSeconds!, 6);
      if (j.callEndSeconds !== null) expect(j.callEndSeconds).toBeGreaterThanOrEqual(j.answeredSeconds!);
      if (j.clinical?.assessedSeconds != null) expect(j.clinical.assessedSeconds).toBeGreaterThanOrEqual(j.clinical.queuedSeconds);
      expect(j.endSeconds).toBeGreaterThanOrEqual(j.arrivalSeconds);
      if (j.recontactOf !== null) expect(j.arrivalSeconds).toBeGreaterThanOrEqual(byId.get(j.recontactOf)!.endSeconds);
    }
  });
});
