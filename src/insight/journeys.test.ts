import { describe, expect, it } from 'vitest';
import { journeyReport, type JourneyStep } from './journeys';

const T0 = Date.UTC(2026, 10, 2, 18, 0);
const at = (hours: number) => T0 + hours * 3_600_000;
const step = (patient: string, hours: number, stage: string, caseId?: number): JourneyStep => ({ patient, at: at(hours), stage, caseId });

// Four patients, worked by hand:
// ann: 111 → CAS (30 min) → OOH (90 min later)
// bob: 111 → ED (60 min) → SDEC (3 h later)  — A&E as a corridor
// cat: 111 → CAS (10 min); calls 111 again 20 h later → GP (2 h later)
// dan: 111; calls again 50 h later, and again 50 h after that (each gap within 72 h: one journey)
const STEPS = [
  step('ann', 0, '111'),
  step('ann', 0.5, 'CAS'),
  step('ann', 2, 'OOH'),
  step('bob', 0, '111', 7),
  step('bob', 1, 'ED', 8),
  step('bob', 4, 'SDEC', 9),
  step('cat', 0, '111'),
  step('cat', 10 / 60, 'CAS'),
  step('cat', 20, '111'),
  step('cat', 22, 'GP'),
  step('dan', 0, '111'),
  step('dan', 50, '111'),
  step('dan', 100, '111'),
];

describe('patient journeys', () => {
  const report = journeyReport(STEPS);

  it('flows between stages, each node a stage at a position, with times between steps', () => {
    const link = (from: string, to: string) => report.links.find((l) => l.from === from && l.to === to);
    expect(link('1:111', '2:CAS')).toEqual({ from: '1:111', to: '2:CAS', patients: 2, medianMinutes: 20, p90Minutes: 28 }); // 10 and 30 min: p90 interpolated
    expect(link('2:CAS', '3:OOH')).toMatchObject({ patients: 1, medianMinutes: 90 });
    expect(link('2:CAS', '3:111')).toMatchObject({ patients: 1, medianMinutes: (20 - 10 / 60) * 60 });
    expect(link('1:111', '2:ED')).toMatchObject({ patients: 1, medianMinutes: 60 });
    expect(link('2:ED', '3:SDEC')).toMatchObject({ patients: 1, medianMinutes: 180 });
    expect(link('1:111', '2:111')).toMatchObject({ patients: 1, medianMinutes: 50 * 60 });
    expect(report.links[0]).toMatchObject({ from: '1:111', to: '2:CAS' });
    expect(report.nodes.filter((n) => n.step === 1)).toEqual([{ id: '1:111', stage: '111', step: 1 }]);
  });

  it('a gap over 72 hours starts a new journey', () => {
    expect(report.journeys).toBe(4);
    expect(journeyReport(STEPS, { gapHours: 24 }).journeys).toBe(6);
  });

  it('re-contacts within 24 and 72 hours count front-door contacts after an earlier one', () => {
    // Front-door contacts: ann 1, bob 1, cat 2, dan 3 = 7; cat's second is within 24 h; dan's 2nd and 3rd within 72 h.
    expect(report.recontacts).toEqual({ contacts: 7, within24h: 1, within72h: 3 });
  });

  it('finds A&E used as a corridor to a hospital department within 24 hours', () => {
    expect(report.corridor).toEqual({ attendances: 1, thenDepartment: 1, caseIds: [8] });
    const later = journeyReport([step('eve', 0, 'ED', 1), step('eve', 30, 'SDEC', 2)]);
    expect(later.corridor).toEqual({ attendances: 1, thenDepartment: 0, caseIds: [] });
  });

  it('folds long journeys at the step limit so the diagram stays readable', () => {
    const long = ['111', 'CAS', 'OOH', 'ED', 'SDEC', 'GP', 'UTC', 'GP'].map((stage, i) => step('fay', i, stage));
    const folded = journeyReport(long, { maxSteps: 4 });
    expect(Math.max(...folded.nodes.map((n) => n.step))).toBe(4);
    expect(folded.links).toHaveLength(3);
  });

  it('is empty for no steps', () => {
    expect(journeyReport([])).toMatchObject({ journeys: 0, nodes: [], links: [], recontacts: { contacts: 0, within24h: 0, within72h: 0 } });
  });
});
