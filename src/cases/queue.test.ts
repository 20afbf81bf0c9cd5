import { describe, expect, it } from 'vitest';
import { Catalogue } from '../directory/catalogue';
import { byDue, callbackMinutes, deadlineOf, queueDecisionFor, queueTiming } from './queue';

const catalogue = Catalogue.load();
const d = (code: string) => catalogue.disposition(code)!;
const validation = (code: string) => catalogue.validationCallbackFor(code);

describe('which outcomes need a clinician', () => {
  it('call-back dispositions go to the queue with their own timeframe (now = 10 minutes)', () => {
    expect(queueDecisionFor(d('Dx32'), validation, false)).toMatchObject({ reason: 'callback', disposition: 'Dx32', minutes: 10 });
    expect(queueDecisionFor(d('Dx34'), validation, false)).toMatchObject({ reason: 'callback', minutes: 30 });
    expect(queueDecisionFor(d('Dx35'), validation, false)).toMatchObject({ minutes: 120 });
    for (const code of ['Dx325', 'Dx327', 'Dx330']) expect(queueDecisionFor(d(code), validation, false)?.reason).toBe('callback');
  });

  it('category 3/4 ambulance and ED outcomes go to validation (Dx333/334/337/338)', () => {
    expect(queueDecisionFor(d('Dx012'), validation, false)).toEqual({ reason: 'validation', disposition: 'Dx333', validationOf: 'Dx012', minutes: 30 });
    expect(queueDecisionFor(d('Dx016'), validation, false)?.disposition).toBe('Dx333');
    expect(queueDecisionFor(d('Dx02'), validation, false)?.disposition).toBe('Dx334');
    expect(queueDecisionFor(d('Dx03'), validation, false)).toMatchObject({ disposition: 'Dx337', minutes: 60 });
    expect(queueDecisionFor(d('Dx89'), validation, false)).toMatchObject({ disposition: 'Dx338', minutes: 120 });
  });

  it('category 1/2 ambulance, other outcomes, and a clinician’s own outcome do not', () => {
    expect(queueDecisionFor(d('Dx011'), validation, false)).toBeNull();
    expect(queueDecisionFor(d('Dx05'), validation, false)).toBeNull();
    expect(queueDecisionFor(d('Dx02'), validation, true)).toBeNull();
  });

  it('a timeframe with no minutes falls back to the repeat-caller hour', () => {
    expect(callbackMinutes({ kind: 'none' })).toBe(60);
  });
});

describe('due, warning and breach', () => {
  const queuedAt = new Date('2026-11-18T10:00:00Z');
  const dueAt = new Date('2026-11-18T10:30:00Z');
  it('warns at 80% of the time used and breaches at the due time', () => {
    expect(queueTiming({ queuedAt, dueAt }, new Date('2026-11-18T10:23:00Z'))).toMatchObject({ level: 'ok', warning: false, breached: false, minutesToDue: 7 });
    expect(queueTiming({ queuedAt, dueAt }, new Date('2026-11-18T10:24:00Z'))).toMatchObject({ level: 'warning', warning: true, used: 0.8 });
    expect(queueTiming({ queuedAt, dueAt }, new Date('2026-11-18T10:30:00Z'))).toMatchObject({ level: 'breached', breached: true, warning: false });
    expect(queueTiming({ queuedAt, dueAt }, new Date('2026-11-18T10:45:00Z')).minutesToDue).toBe(-15);
  });

  it('orders soonest due first, then longest waiting', () => {
    const e = (id: string, queued: string, due: string) => ({ id, queuedAt: new Date(queued), dueAt: new Date(due) });
    const entries = [e('c', '2026-11-18T10:05:00Z', '2026-11-18T12:05:00Z'), e('a', '2026-11-18T10:10:00Z', '2026-11-18T10:20:00Z'), e('b', '2026-11-18T09:50:00Z', '2026-11-18T10:20:00Z')];
    expect(entries.sort(byDue).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('disposition deadlines', () => {
  const monday = new Date('2026-11-16T10:00:00Z');
  it('adds minutes; immediate is now; none has none', () => {
    expect(deadlineOf({ kind: 'minutes', minutes: 120 }, monday)?.toISOString()).toBe('2026-11-16T12:00:00.000Z');
    expect(deadlineOf({ kind: 'immediate' }, monday)).toEqual(monday);
    expect(deadlineOf({ kind: 'none' }, monday)).toBeNull();
  });

  it('counts working days past weekends and bank holidays, to the end of the day in London', () => {
    const friday = new Date('2026-11-20T10:00:00Z');
    expect(deadlineOf({ kind: 'working-days', days: 1 }, friday)?.toISOString()).toBe('2026-11-23T23:59:59.999Z');
    const christmasEve = new Date('2026-12-24T10:00:00Z');
    const lookup = { isBankHoliday: (_n: string, date: string) => ['2026-12-25', '2026-12-28'].includes(date) };
    expect(deadlineOf({ kind: 'working-days', days: 1 }, christmasEve, { lookup, nation: 'england-and-wales' })?.toISOString()).toBe('2026-12-29T23:59:59.999Z');
    // In summer the end of the London day is 22:59:59 UTC.
    expect(deadlineOf({ kind: 'working-days', days: 3 }, new Date('2026-07-06T09:00:00Z'))?.toISOString()).toBe('2026-07-09T22:59:59.999Z');
  });
});
