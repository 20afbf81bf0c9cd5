import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageDaysFromBirth, ageInDays, wholeMonths, wholeYears, yearsToDays } from './age';


describe('one conversion between years and days', () => {
  it('N years are round(N × 365.25) days, on both sides of every comparison', () => {
    expect([1, 2, 5, 16, 18, 65].map(yearsToDays)).toEqual([365, 731, 1826, 5844, 6575, 23741]);
    // The defect: floor(18 × 365.25) = 6574 put an 18-year-old below an "18 and over" limit of 6575.
    expect(ageInDays(18, 'years')).toBe(yearsToDays(18));
    expect(ageInDays(17, 'years')).toBeLessThan(yearsToDays(18));
    expect(ageInDays(12, 'months')).toBe(365);
    expect(ageInDays(24, 'months')).toBe(731);
    expect(ageInDays(6, 'months')).toBe(182);
    expect(ageInDays(4, 'weeks')).toBe(28);
    expect(ageInDays(28, 'days')).toBe(28);
    expect([wholeMonths(364), wholeMonths(365), wholeYears(6574), wholeYears(6575), wholeYears(23741)]).toEqual([11, 12, 17, 18, 65]);
  });

  it('an age is at or over an "N and over" limit exactly when it is at least N years, in any unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (n, part) => {
        const limit = yearsToDays(n + 1);
        expect(ageInDays(n + 1, 'years')).toBeGreaterThanOrEqual(limit);
        expect(ageInDays((n + 1) * 12, 'months')).toBeGreaterThanOrEqual(limit);
        expect(ageInDays(n + part, 'years')).toBeLessThan(limit);
        expect(ageInDays(n + part, 'years')).toBeGreaterThanOrEqual(yearsToDays(n));
        expect(wholeYears(ageInDays(n + part, 'years'))).toBe(n);
      }),
    );
  });

  it('from a date of birth: the calendar decides the birthday, then the same days', () => {
    // 18 years to the day, with 4 leap days between: 6574 days lived, but 18 by the calendar.
    expect(ageDaysFromBirth('2008-11-18', '2026-11-18')).toBe(yearsToDays(18));
    // The day before: 17 years (6209 days) and 364 days since, under the limit.
    expect(ageDaysFromBirth('2008-11-19', '2026-11-18')).toBe(yearsToDays(17) + 364);
    expect(ageDaysFromBirth('2008-11-18', '2026-11-19')).toBe(yearsToDays(18) + 1);
    expect(ageDaysFromBirth('1961-11-18', '2026-11-18')).toBe(yearsToDays(65));
    expect(ageDaysFromBirth('2026-10-21', '2026-11-18')).toBe(28);
    expect(ageDaysFromBirth('2026-11-18', '2026-11-18')).toBe(0);
    expect(ageDaysFromBirth('2026-12-01', '2026-11-18')).toBe(0);
    // Born on 29 February: a year older on 1 March in a common year.
    expect(ageDaysFromBirth('2008-02-29', '2026-02-28')).toBeLessThan(yearsToDays(18));
    expect(ageDaysFromBirth('2008-02-29', '2026-03-01')).toBe(yearsToDays(18));
  });

  it('from a date of birth: one more day never goes backwards, and a birthday lands on the limit', () => {
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / day, max: Date.UTC(2026, 0, 1) / day }), fc.integer({ min: 0, max: 40_000 }), (born, lived) => {
        const dob = iso(born * day);
        const a = ageDaysFromBirth(dob, iso((born + lived) * day));
        const b = ageDaysFromBirth(dob, iso((born + lived + 1) * day));
        // A leap year's 366 days map onto 365 of the rule, so on the day before a birthday the age can
        // hold for a day at the last day short of the next year; it never goes backwards.
        const heldBeforeBirthday = b === a && a === yearsToDays(wholeYears(a) + 1) - 1;
        expect(b === a + 1 || heldBeforeBirthday || (b > a && b === yearsToDays(wholeYears(b)))).toBe(true);
      }),
      // Born 1 March 1971: 28 and 29 February 2076 are both the last day short of 105 years.
      { examples: [[424, 38350]] },
    );
  });
});
