// The search engine's answers at the edges (issue 11, items 14–17): age limits at every boundary the
// catalogue uses, working-day windows, practice codes, and explanations of what the catch-all offered.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ageInDays, yearsToDays, type AgeUnit } from '../directory/age';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { days, MON_FRI, session, week, weeklyTimes } from '../demo/hours';
import { search } from './engine';
import { makeService, testQuery, type TestService } from './fixtures';
import { DirectoryIndex } from './index';
import type { SearchOutcome, SearchQuery } from './model';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const endOfDay = (date: string) => DateTime.fromISO(date, { zone: 'Europe/London' }).endOf('day').toJSDate();

function run(specs: TestService[], overrides: Partial<SearchQuery> = {}, dx = 'Dx05'): SearchOutcome {
  const index = new DirectoryIndex(specs.map(makeService), { catalogue, calendar });
  return search(index, testQuery(catalogue.disposition(dx)!, overrides));
}
const ids = (o: SearchOutcome) => o.results.map((r) => r.serviceId);

/** Every age boundary of the catalogue, as the patient's age is given for it, and one step under it. */
const BOUNDARIES: { label: string; limitDays: number; at: [number, AgeUnit]; under: [number, AgeUnit] }[] = [
  { label: '0 days', limitDays: 0, at: [0, 'days'], under: [0, 'days'] },
  { label: '28 days', limitDays: 28, at: [28, 'days'], under: [27, 'days'] },
  { label: '1 year', limitDays: yearsToDays(1), at: [1, 'years'], under: [11, 'months'] },
  { label: '1 year (12 months)', limitDays: yearsToDays(1), at: [12, 'months'], under: [364, 'days'] },
  { label: '2 years', limitDays: yearsToDays(2), at: [2, 'years'], under: [23, 'months'] },
  { label: '2 years (24 months)', limitDays: yearsToDays(2), at: [24, 'months'], under: [1, 'years'] },
  { label: '5 years', limitDays: yearsToDays(5), at: [5, 'years'], under: [4, 'years'] },
  { label: '16 years', limitDays: yearsToDays(16), at: [16, 'years'], under: [15, 'years'] },
  { label: '18 years', limitDays: yearsToDays(18), at: [18, 'years'], under: [17, 'years'] },
  { label: '65 years', limitDays: yearsToDays(65), at: [65, 'years'], under: [64, 'years'] },
];

describe('age limits at every boundary of the catalogue', () => {
  it.each(BOUNDARIES)('$label: a patient of that age is in "$label and over" and out of "under $label"', ({ limitDays, at, under }) => {
    const andOver: TestService = { id: 1, typeId: 135, ageFromDays: limitDays };
    const below: TestService = { id: 2, typeId: 136, ageToDays: Math.max(0, limitDays - 1) };
    const specs = limitDays === 0 ? [andOver] : [andOver, below];
    const exactly = run(specs, { ageDays: ageInDays(...at) });
    expect(ids(exactly)).toEqual([1]);
    if (limitDays === 0) return;
    expect(exactly.gaps.map((g) => `${g.serviceId}:${g.rule}`)).toEqual(['2:age']);
    const younger = run(specs, { ageDays: ageInDays(...under) });
    expect(ids(younger)).toEqual([2]);
    expect(younger.gaps.map((g) => `${g.serviceId}:${g.rule}`)).toEqual(['1:age']);
  });
});

describe('working-day windows', () => {
  // A GP practice, Monday to Friday 08:00–18:30, closed on bank holidays.
  const gp: TestService = { id: 1, typeId: 100, dispositions: ['Dx115', 'Dx16'], openingTimes: weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')]))) };

  it('Friday evening, "next working day": the practice opening on Monday is in the window', () => {
    const o = run([gp], { at: london('2026-11-20T19:00') }, 'Dx115');
    expect(o.catchAll).toBe(false);
    expect(ids(o)).toEqual([1]);
    expect(o.results[0]).toMatchObject({ openNow: false, opensAt: london('2026-11-23T08:00') });
    expect(o.windowEnd).toEqual(endOfDay('2026-11-23'));
  });

  it('over a bank holiday weekend the next working day is Tuesday', () => {
    // Friday 22 May 2026; Monday 25 May is the late May bank holiday.
    const o = run([gp], { at: london('2026-05-22T19:00') }, 'Dx115');
    expect(o.windowEnd).toEqual(endOfDay('2026-05-26'));
    expect(o.results[0]).toMatchObject({ serviceId: 1, opensAt: london('2026-05-26T08:00') });
    // The patient's nation's holidays: Monday 31 August 2026 is a bank holiday in England, not in Scotland.
    expect(run([gp], { at: london('2026-08-28T19:00') }, 'Dx115').windowEnd).toEqual(endOfDay('2026-09-01'));
    expect(run([gp], { at: london('2026-08-28T19:00'), nation: 'scotland' }, 'Dx115').windowEnd).toEqual(endOfDay('2026-08-31'));
  });

  it('across the clocks going back: Friday evening to the end of Monday, local time', () => {
    const o = run([gp], { at: london('2026-10-23T19:00') }, 'Dx115');
    expect(o.windowEnd.toISOString()).toBe('2026-10-26T23:59:59.999Z');
    expect(o.results[0]).toMatchObject({ serviceId: 1, opensAt: new Date('2026-10-26T08:00:00Z') });
  });

  it('three working days from a Friday evening end on Wednesday', () => {
    expect(run([gp], { at: london('2026-11-20T19:00') }, 'Dx16').windowEnd).toEqual(endOfDay('2026-11-25'));
  });
});

describe('practice codes', () => {
  it('a service stored with lower-case codes still matches the canonical practice code', () => {
    const o = run([{ id: 1, typeId: 100, odsCode: 'g82001', registeredPractices: ['g82001'] }, { id: 2, typeId: 135 }], { registeredPractice: 'G82001' });
    expect(ids(o)).toEqual([1, 2]);
    expect(o.results[0].tier).toBe('own-gp');
  });
});

describe('explain and the catch-all', () => {
  it('a service the catch-all offered is listed with every rule it failed', () => {
    // The only emergency department is too young a service for the patient and does not take Dx05.
    const ed: TestService = { id: 11, typeId: 105, km: 3, dispositions: ['Dx02'], ageToDays: yearsToDays(16) - 1 };
    const o = run([ed, { id: 1, km: 2, dispositions: ['Dx06'] }], { explain: true });
    expect(o.catchAll).toBe(true);
    expect(ids(o)).toEqual([11]);
    const excluded = Object.fromEntries(o.excluded!.map((e) => [e.serviceId, e]));
    expect(excluded[11]).toMatchObject({ offeredByCatchAll: true, rules: [{ rule: 'disposition' }, { rule: 'age' }] });
    expect(excluded[1]).toMatchObject({ rules: [{ rule: 'disposition' }] });
    expect(excluded[1].offeredByCatchAll).toBeUndefined();
  });
});
