import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { buildBaseline, type DirectoryServiceSource } from './baseline';
import { simulate } from './engine';
import { parseSimulationInput, type SimulationInput } from './model';
import { applyChanges, oohServices } from './scenario';
import { ScenarioBody, type ScenarioChange } from './scenario-model';
import { preparePairJob, runPair } from './scenario-job';
import { summariseRun, staffingNeed } from './scenario-results';
import { hourOccurrences, mergeOutputs, stretchesOf, stretchInput } from './segments';

const day = (open: string, close: string) => [{ open, close }];
const weekdays = (open: string, close: string) => ({ mon: day(open, close), tue: day(open, close), wed: day(open, close), thu: day(open, close), fri: day(open, close), sat: [], sun: [] });
const evenings = { mon: day('18:30', '24:00'), tue: day('18:30', '24:00'), wed: day('18:30', '24:00'), thu: day('18:30', '24:00'), fri: day('18:30', '24:00'), sat: day('00:00', '24:00'), sun: day('00:00', '24:00') };

const service = (id: number, typeId: number, organisationId: string, weekly: Record<string, { open: string; close: string }[]>, dispositions: string[], area: string): DirectoryServiceSource => ({
  id,
  name: `Service ${id}`,
  organisationId,
  typeId,
  status: 'active',
  openingTimes: { alwaysOpen: false, weekly },
  eligibility: { ageFromDays: 0, ageToDays: 47_000 },
  coverage: { dispositions },
  areas: { commissionedFor: [area], limitedTo: [], promotedInto: [] },
  areaCode: area,
});

const source = {
  services: [
    service(1, 100, 'practice-a', weekdays('08:00', '18:30'), ['Dx05', 'Dx06'], 'north'),
    service(2, 100, 'practice-b', weekdays('08:00', '18:30'), ['Dx05'], 'south'),
    service(3, 25, 'ooh', evenings, ['Dx05'], 'north'),
    service(4, 25, 'ooh', evenings, ['Dx05'], 'south'),
    service(5, 1010, 'dental', weekdays('09:00', '17:00'), ['Dx17'], 'north'),
  ],
  dispositions: [
    { code: 'Dx05', group: 'contact-primary-care' },
    { code: 'Dx06', group: 'speak-to-primary-care' },
    { code: 'Dx17', group: 'dental' },
  ],
  serviceTypes: [
    { id: 100, name: 'GP practice', category: 'primary-care', nationalRank: 1 },
    { id: 25, name: 'GP out-of-hours', category: 'urgent-care', nationalRank: 2 },
    { id: 1010, name: 'Urgent dental', category: 'dental', nationalRank: 1 },
  ],
  areas: [
    { code: 'north', name: 'North', population: 60_000 },
    { code: 'south', name: 'South', population: 40_000 },
  ],
};
const baseline = buildBaseline(source, { horizonDays: 14 });
const context = { organisations: new Set(['practice-a', 'practice-b', 'ooh', 'dental', 'newco']) };
const plan = (changes: ScenarioChange[]) => applyChanges(baseline, changes, context);
const change = (raw: unknown) => ScenarioBody.parse({ name: 'x', changes: [raw] }).changes[0];

describe('applyChanges', () => {
  it('leaves the baseline alone when there are no changes, and never edits it', () => {
    const before = structuredClone(baseline.input);
    const { input, surges } = plan([]);
    expect(input).toEqual(before);
    expect(surges).toEqual([]);
    plan([change({ kind: 'service-capacity', serviceId: '1', scale: 3 })]);
    expect(baseline.input).toEqual(before);
  });

  it('opens or closes a service in the hours named', () => {
    const { input } = plan([change({ kind: 'service-hours', serviceId: '1', open: true, days: ['sat'], fromHour: 9, toHour: 13 })]);
    const hours = input.services.find((s) => s.id === '1')!.openHoursOfWeek;
    expect([5 * 24 + 8, 5 * 24 + 9, 5 * 24 + 12, 5 * 24 + 13].map((h) => hours[h])).toEqual([false, true, true, false]);
    const closed = plan([change({ kind: 'service-hours', serviceId: '1', open: false })]).input.services.find((s) => s.id === '1')!;
    expect(closed.openHoursOfWeek.some(Boolean)).toBe(false);
  });

  it('sets or scales a service’s capacity', () => {
    expect(plan([change({ kind: 'service-capacity', serviceId: '3', capacityPerHour: 2 })]).input.services.find((s) => s.id === '3')!.capacityPerHour).toBe(2);
    expect(plan([change({ kind: 'service-capacity', serviceId: '3', scale: 0.5 })]).input.services.find((s) => s.id === '3')!.capacityPerHour).toBe(3);
  });

  it('adds a new service, first or last in the ranking', () => {
    const added = change({ kind: 'new-service', serviceId: 'new-hub', name: 'Hub', organisationId: 'newco', areas: ['north'], groups: ['contact-primary-care'], capacityPerHour: 4, days: ['sat', 'sun'], fromHour: 8, toHour: 20, first: true });
    const { input } = plan([added]);
    expect(input.services[0]).toMatchObject({ id: 'new-hub', organisationId: 'newco', capacityPerHour: 4, areas: ['north'] });
    expect(input.services[0].openHoursOfWeek.filter(Boolean).length).toBe(2 * 12);
    expect(input.services[0].ageBands).toEqual(input.ageBands);
    expect(() => parseSimulationInput(input)).not.toThrow();
  });

  it('scales and adds staff in the hours named', () => {
    const { input } = plan([change({ kind: 'staffing', staff: 'call-handlers', scale: 2, add: 1, days: ['mon'], fromHour: 0, toHour: 1 })]);
    const before = baseline.input.callHandling.handlersPerHalfHour;
    expect(input.callHandling.handlersPerHalfHour.slice(0, 3)).toEqual([before[0] * 2 + 1, before[1] * 2 + 1, before[2]]);
    const none = plan([change({ kind: 'staffing', staff: 'clinicians', scale: 0 })]).input;
    expect(none.clinical.cliniciansPerHalfHour.every((n) => n === 0)).toBe(true);
  });

  it('turns a demand surge into a surge over its days and areas', () => {
    const { input, surges } = plan([change({ kind: 'demand-surge', percent: 30, startDay: 7, days: 21, areas: ['north'] })]);
    expect(input.areas).toEqual(baseline.input.areas);
    expect(surges).toEqual([{ areas: ['north'], factor: 1.3, startDay: 7, days: 21 }]);
    expect(plan([change({ kind: 'demand-surge', percent: -10, startDay: 0, days: 3 })]).surges[0].areas).toEqual(['north', 'south']);
  });

  it('puts 111 in front of the out-of-hours services: their direct calls join 111 while they are open, with their capacity', () => {
    expect(oohServices(baseline)).toEqual(['3', '4']);
    const { input } = plan([change({ kind: 'ooh-behind-111', directCallsPerHour: 2 })]);
    const north = baseline.input.areas.find((a) => a.id === 'north')!.callsPerHourOfWeek;
    const after = input.areas.find((a) => a.id === 'north')!.callsPerHourOfWeek;
    expect(after[5 * 24 + 3] - north[5 * 24 + 3]).toBeCloseTo(2); // Saturday 03:00, OOH open
    expect(after[10] - north[10]).toBeCloseTo(0); // Monday 10:00, closed
    const capacity = input.services.find((s) => s.id === '3')!.capacityPerHour as number[];
    expect(capacity[5 * 24 + 3]).toBe(6 + 2);
    expect(capacity[10]).toBe(6);
  });

  it('refuses unknown services, organisations, areas and groups, naming the field', () => {
    const refusal = (changes: ScenarioChange[]) => {
      try {
        plan(changes);
      } catch (error) {
        return (error as AppError).details;
      }
      throw new Error('accepted');
    };
    expect(refusal([change({ kind: 'service-capacity', serviceId: '999', scale: 2 })])).toEqual([{ path: 'changes.0.serviceId', message: 'unknown service "999"' }]);
    const details = refusal([
      change({ kind: 'demand-surge', percent: 30, startDay: 0, days: 3 }),
      change({ kind: 'new-service', serviceId: 'new-x', name: 'X', organisationId: 'nobody', areas: ['east'], groups: ['ambulance'], capacityPerHour: 1 }),
    ]);
    expect(details.map((d) => d.path)).toEqual(['changes.1.organisationId', 'changes.1.areas.0', 'changes.1.groups.0']);
    expect(refusal([change({ kind: 'demand-surge', percent: 30, startDay: 0, days: 3, areas: ['east'] })])[0].path).toBe('changes.0.areas.0');
  });

  it('refuses impossible values in the request', () => {
    const issues = (raw: unknown) => ScenarioBody.safeParse(raw).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ name: 'x', replications: 1001 })).toEqual(['replications']);
    expect(issues({ name: 'x', horizonDays: 5 * 366 + 10 })).toEqual(['horizonDays']);
    expect(issues({ name: 'x', changes: [{ kind: 'service-capacity', serviceId: '1', capacityPerHour: -1 }] })).toEqual(['changes.0.capacityPerHour']);
    expect(issues({ name: 'x', changes: [{ kind: 'staffing', staff: 'clinicians', fromHour: 10, toHour: 9, add: 1 }] })).toEqual(['changes.0.toHour']);
    expect(issues({ name: 'x', horizonDays: 10, changes: [{ kind: 'demand-surge', percent: 30, startDay: 12, days: 3 }] })).toEqual(['changes.0.startDay']);
  });
});

describe('surges run as stretches of the horizon', () => {
  it('cuts the horizon where surges start and end, each stretch started on a Monday with warm-up', () => {
    const surges = [{ areas: ['north'], factor: 1.3, startDay: 10, days: 21 }];
    expect(stretchesOf(28, surges)).toEqual([{ fromDay: 0, toDay: 10 }, { fromDay: 10, toDay: 28 }]);
    const input = parseSimulationInput(baseline.input);
    const first = stretchInput(input, { fromDay: 0, toDay: 10 }, surges, 1);
    expect([first.horizonDays, first.warmUpDays]).toEqual([17, 7]);
    const second = stretchInput(input, { fromDay: 10, toDay: 28 }, surges, 1);
    // Counted day 10 is engine day 17 (a Thursday); the run starts on the Monday of day 14, 3+ days before.
    expect([second.horizonDays - second.warmUpDays, second.warmUpDays % 7 === 17 % 7]).toEqual([18, true]);
    expect(second.areas[0].callsPerHourOfWeek[0]).toBeCloseTo(input.areas[0].callsPerHourOfWeek[0] * 1.3);
    expect(second.areas[1].callsPerHourOfWeek[0]).toBe(input.areas[1].callsPerHourOfWeek[0]);
    expect(hourOccurrences(0, 10)[0]).toBe(2); // Mondays 0 and 7
    expect(hourOccurrences(0, 10)[6 * 24]).toBe(1); // Sunday 6
  });

  it('runs a baseline and a surge with common random numbers: more calls in the surge, the same before it', () => {
    const job = preparePairJob({
      baseline: plan([]),
      scenario: plan([change({ kind: 'demand-surge', percent: 50, startDay: 7, days: 7 })]),
      horizonDays: 14,
      seed: 5,
      oohServiceIds: ['3', '4'],
    });
    const pairs = [0, 1, 2].map((i) => runPair(job, i));
    // Before the surge both run the same stretch with the same seed: the very same contacts.
    const firstWeek = (p: typeof job.baseline) => simulate(stretchInput(p, job.stretches[0], [], 5));
    expect(job.stretches).toEqual([{ fromDay: 0, toDay: 7 }, { fromDay: 7, toDay: 14 }]);
    expect(firstWeek(job.scenario)).toEqual(firstWeek(job.baseline));
    for (const p of pairs) {
      expect(p.scenario.headline.contactsPerDay).toBeGreaterThan(p.baseline.headline.contactsPerDay * 1.1);
    }
    const summary = summariseRun(pairs, { serviceNames: baseline.serviceNames, organisationOf: { 3: 'ooh' }, staffing: { baseline: [], scenario: [] } });
    const contacts = summary.measures.find((m) => m.key === 'contactsPerDay')!.comparison;
    expect(contacts.real).toBe(true);
    expect(contacts.difference.mean / contacts.baseline.mean).toBeGreaterThan(0.15);
    expect(contacts.difference.mean / contacts.baseline.mean).toBeLessThan(0.35);
    expect(summary.byHour).toHaveLength(168);
    expect(summary.organisations.map((o) => o.organisationId)).toContain('ooh');
  });

  it('adds stretches’ outputs: counts add up, shares recomputed', () => {
    const input = parseSimulationInput(baseline.input);
    const job = preparePairJob({ baseline: plan([]), scenario: plan([]), horizonDays: 14, seed: 3, oohServiceIds: [] });
    expect(job.stretches).toHaveLength(1);
    const stretches = [{ fromDay: 0, toDay: 5 }, { fromDay: 5, toDay: 14 }];
    const parts = stretches.map((stretch, i) => ({ stretch, output: simulateStretch(input, stretch, i) }));
    const merged = mergeOutputs(parts);
    expect(merged.calls.offered).toBe(parts[0].output.calls.offered + parts[1].output.calls.offered);
    expect(merged.outcomes.referred).toBe(parts[0].output.outcomes.referred + parts[1].output.outcomes.referred);
    expect(merged.calls.serviceLevel).toBeCloseTo(merged.calls.answeredWithinTarget / merged.calls.answered);
    expect(merged.byHourOfWeek.offered.reduce((a, b) => a + b, 0)).toBe(merged.calls.offered);
  });

  it('says how many staff the demand needs beside the rota', () => {
    const rows = staffingNeed(parseSimulationInput(baseline.input));
    expect(rows).toHaveLength(336);
    // The baseline's rota is the Erlang need itself.
    expect(rows.every((r) => r.handlersRostered === r.handlersNeeded)).toBe(true);
    const surge = staffingNeed(parseSimulationInput(baseline.input), 1.5);
    expect(surge.reduce((a, r) => a + r.handlersNeeded, 0)).toBeGreaterThan(rows.reduce((a, r) => a + r.handlersNeeded, 0));
  });
});

function simulateStretch(input: SimulationInput, stretch: { fromDay: number; toDay: number }, i: number) {
  return simulate(stretchInput(input, stretch, [], 100 + i));
}
