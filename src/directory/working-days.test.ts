import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from './bank-holidays';
import { workingDaysEndMs } from './working-days';

const calendar = new BankHolidayCalendar();
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toMillis();
/** The last instant of a local day. */
const endOf = (date: string) => DateTime.fromISO(date, { zone: 'Europe/London' }).endOf('day').toMillis();

describe('working days (search window and case deadlines)', () => {
  it('a Friday evening "next working day" ends at the end of Monday, not on Saturday evening', () => {
    expect(workingDaysEndMs(london('2026-11-20T19:00'), 1, calendar, 'england-and-wales')).toBe(endOf('2026-11-23'));
    expect(workingDaysEndMs(london('2026-11-21T10:00'), 1, calendar, 'england-and-wales')).toBe(endOf('2026-11-23'));
    expect(workingDaysEndMs(london('2026-11-20T19:00'), 3, calendar, 'england-and-wales')).toBe(endOf('2026-11-25'));
  });

  it('skips the nation’s bank holidays: a bank holiday weekend, and Christmas', () => {
    // Friday before the late May bank holiday (Monday 25 May 2026): Tuesday.
    expect(workingDaysEndMs(london('2026-05-22T18:00'), 1, calendar, 'england-and-wales')).toBe(endOf('2026-05-26'));
    // Christmas Eve 2026 (Thursday): Christmas Friday, Boxing Day substitute Monday 28th → Tuesday 29th.
    expect(workingDaysEndMs(london('2026-12-24T20:00'), 1, calendar, 'england-and-wales')).toBe(endOf('2026-12-29'));
    // New Year's Day 2027 (Friday) is a holiday in both; Scotland keeps 2 January too, a Saturday,
    // so its substitute day is Monday 4th: from 31 December, England's next working day is Monday 4th,
    // Scotland's Tuesday 5th.
    expect(workingDaysEndMs(london('2026-12-31T12:00'), 1, calendar, 'england-and-wales')).toBe(endOf('2027-01-04'));
    expect(workingDaysEndMs(london('2026-12-31T12:00'), 1, calendar, 'scotland')).toBe(endOf('2027-01-05'));
  });

  it('counts local days across a clock change (a 25-hour Sunday is one day)', () => {
    // Clocks go back on Sunday 25 October 2026; Friday evening → end of Monday, in local time (GMT).
    const end = workingDaysEndMs(london('2026-10-23T22:30'), 1, calendar, 'england-and-wales');
    expect(end).toBe(endOf('2026-10-26'));
    expect(new Date(end).toISOString()).toBe('2026-10-26T23:59:59.999Z');
    // Clocks go forward on Sunday 29 March 2026: Friday 23:30 BST-to-be → end of Monday 30th (BST).
    expect(new Date(workingDaysEndMs(london('2026-03-27T23:30'), 1, calendar, 'england-and-wales')).toISOString()).toBe('2026-03-30T22:59:59.999Z');
  });
});
