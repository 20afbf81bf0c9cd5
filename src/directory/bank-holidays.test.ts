import { describe, it, expect, vi, afterEach } from 'vitest';
import Holidays from 'date-holidays';
import { BankHolidayCalendar } from './bank-holidays';

// Expected lists are the official ones from gov.uk/bank-holidays (not copied from the library).
describe('BankHolidayCalendar — the official lists', () => {
  const cal = new BankHolidayCalendar();
  const dates = (nation: Parameters<typeof cal.holidays>[0], year: number) => cal.holidays(nation, year).map((h) => h.date);

  it('England and Wales 2026', () => {
    expect(dates('england-and-wales', 2026)).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
  });

  it('Scotland 2025 and 2026', () => {
    expect(dates('scotland', 2025)).toEqual([
      '2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26',
    ]);
    expect(dates('scotland', 2026)).toEqual([
      '2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28',
    ]);
  });

  it('Northern Ireland 2025 and 2026', () => {
    expect(dates('northern-ireland', 2025)).toEqual([
      '2025-01-01', '2025-03-17', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-07-14', '2025-08-25', '2025-12-25', '2025-12-26',
    ]);
    expect(dates('northern-ireland', 2026)).toEqual([
      '2026-01-01', '2026-03-17', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-07-13', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
  });

  it('holidays() is sorted and carries names', () => {
    const list = cal.holidays('northern-ireland', 2026);
    const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date));
    expect(list).toEqual(sorted);
    expect(list.find((h) => h.date === '2026-07-13')?.name).toMatch(/Battle of the Boyne.*substitute/);
  });

  it('Wales has the same bank holidays as England in the library (we use one list for both)', () => {
    const wales = new Holidays('GB', 'WLS', { languages: 'en' });
    for (let year = 2020; year <= 2032; year++) {
      const welsh = wales.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
      // The weekend originals are dropped by the calendar, so compare the other way round.
      for (const d of dates('england-and-wales', year)) expect(welsh).toContain(d);
    }
  });
});

describe('BankHolidayCalendar — nation differences', () => {
  const cal = new BankHolidayCalendar();

  it("St Andrew's Day is Scotland only, with a Monday substitute when 30 Nov is a weekend", () => {
    expect(cal.isBankHoliday('scotland', '2026-11-30')).toBe(true); // Monday
    expect(cal.isBankHoliday('england-and-wales', '2026-11-30')).toBe(false);
    expect(cal.isBankHoliday('northern-ireland', '2026-11-30')).toBe(false);
    // 30 Nov 2025 is a Sunday: the bank holiday is Monday 1 Dec, the Sunday itself is not one.
    expect(cal.isBankHoliday('scotland', '2025-12-01')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2025-11-30')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2025-12-01')).toBe(false);
  });

  it('12 July is Northern Ireland only; in 2026 (a Sunday) the holiday is Monday 13 July', () => {
    expect(cal.isBankHoliday('northern-ireland', '2026-07-13')).toBe(true);
    expect(cal.isBankHoliday('northern-ireland', '2026-07-12')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2026-07-13')).toBe(false);
    expect(cal.isBankHoliday('scotland', '2026-07-13')).toBe(false);
    expect(cal.isBankHoliday('northern-ireland', '2027-07-12')).toBe(true); // a Monday
    expect(cal.isBankHoliday('scotland', '2027-07-12')).toBe(false);
  });

  it('Easter Monday is a bank holiday in England & Wales and NI but not Scotland; Good Friday everywhere', () => {
    expect(cal.isBankHoliday('england-and-wales', '2026-04-06')).toBe(true);
    expect(cal.isBankHoliday('northern-ireland', '2026-04-06')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2026-04-06')).toBe(false);
    for (const n of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      expect(cal.isBankHoliday(n, '2026-04-03')).toBe(true);
    }
  });

  it('2 January is Scotland only (with a substitute when it falls at a weekend)', () => {
    expect(cal.isBankHoliday('scotland', '2026-01-02')).toBe(true);
    expect(cal.isBankHoliday('england-and-wales', '2026-01-02')).toBe(false);
    expect(cal.isBankHoliday('northern-ireland', '2026-01-02')).toBe(false);
    // 2 Jan 2027 is a Saturday → Monday 4 Jan in Scotland.
    expect(cal.isBankHoliday('scotland', '2027-01-04')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2027-01-02')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2027-01-04')).toBe(false);
  });

  it("St Patrick's Day is Northern Ireland only (2024: a Sunday → Monday 18 March)", () => {
    expect(cal.isBankHoliday('northern-ireland', '2026-03-17')).toBe(true);
    expect(cal.isBankHoliday('england-and-wales', '2026-03-17')).toBe(false);
    expect(cal.isBankHoliday('scotland', '2026-03-17')).toBe(false);
    expect(cal.isBankHoliday('northern-ireland', '2024-03-18')).toBe(true);
    expect(cal.isBankHoliday('northern-ireland', '2024-03-17')).toBe(false);
  });

  it('summer bank holiday: first Monday of August in Scotland, last Monday elsewhere', () => {
    expect(cal.isBankHoliday('scotland', '2026-08-03')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2026-08-31')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2026-08-31')).toBe(true);
    expect(cal.isBankHoliday('england-and-wales', '2026-08-03')).toBe(false);
    expect(cal.isBankHoliday('northern-ireland', '2026-08-31')).toBe(true);
  });

  it('Christmas 2027 (Sat/Sun): the bank holidays are Monday 27 and Tuesday 28 December in every nation', () => {
    for (const n of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      expect(cal.isBankHoliday(n, '2027-12-27')).toBe(true);
      expect(cal.isBankHoliday(n, '2027-12-28')).toBe(true);
      expect(cal.isBankHoliday(n, '2027-12-25')).toBe(false);
      expect(cal.isBankHoliday(n, '2027-12-26')).toBe(false);
      expect(cal.isBankHoliday(n, '2027-12-29')).toBe(false);
    }
    // New Year 2022 was a Saturday: 3 Jan in E&W; Scotland has 3 and 4 Jan (1 and 2 Jan both weekend).
    expect(cal.isBankHoliday('england-and-wales', '2022-01-03')).toBe(true);
    expect(cal.isBankHoliday('england-and-wales', '2022-01-04')).toBe(false);
    expect(cal.isBankHoliday('scotland', '2022-01-03')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2022-01-04')).toBe(true);
  });

  it('observances (Mother’s Day, Easter Sunday, Father’s Day) are not bank holidays', () => {
    expect(cal.isBankHoliday('england-and-wales', '2026-03-15')).toBe(false); // Mothering Sunday
    expect(cal.isBankHoliday('england-and-wales', '2026-04-05')).toBe(false); // Easter Sunday
    expect(cal.isBankHoliday('england-and-wales', '2026-06-21')).toBe(false); // Father's Day
    expect(cal.holidays('england-and-wales', 2026).map((h) => h.name).join('|')).not.toMatch(/Mother|Father|Easter Sunday/);
  });

  it('uses the local date: a summer-time holiday is not reported on the day before (library start is 23:00Z)', () => {
    expect(cal.isBankHoliday('england-and-wales', '2026-05-25')).toBe(true);
    expect(cal.isBankHoliday('england-and-wales', '2026-05-24')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2026-05-26')).toBe(false);
  });

  it('one-off holidays already in the library: the 2023 coronation and 2022 jubilee/funeral', () => {
    for (const n of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
      expect(cal.isBankHoliday(n, '2023-05-08')).toBe(true);
      expect(cal.isBankHoliday(n, '2022-06-03')).toBe(true);
      expect(cal.isBankHoliday(n, '2022-09-19')).toBe(true);
    }
    expect(cal.isBankHoliday('england-and-wales', '2022-05-30')).toBe(false); // spring holiday moved to 2 June
    expect(cal.isBankHoliday('england-and-wales', '2022-06-02')).toBe(true);
  });

  it('ordinary days and malformed input are not holidays', () => {
    expect(cal.isBankHoliday('england-and-wales', '2026-06-16')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', 'xxxx-12-25')).toBe(false);
  });
});

describe('BankHolidayCalendar — overrides', () => {
  it('adds a one-off holiday for one nation only, named and sorted into the year', () => {
    const cal = new BankHolidayCalendar([{ nation: 'england-and-wales', date: '2026-06-15', kind: 'add', name: 'Made-up Jubilee' }]);
    expect(cal.isBankHoliday('england-and-wales', '2026-06-15')).toBe(true);
    expect(cal.isBankHoliday('scotland', '2026-06-15')).toBe(false);
    const list = cal.holidays('england-and-wales', 2026);
    const i = list.findIndex((h) => h.date === '2026-06-15');
    expect(list[i]).toEqual({ date: '2026-06-15', name: 'Made-up Jubilee' });
    expect(list[i - 1].date).toBe('2026-05-25');
    expect(list[i + 1].date).toBe('2026-08-31');
    expect(list).toHaveLength(9);
  });

  it('removes a holiday for one nation only', () => {
    const cal = new BankHolidayCalendar([{ nation: 'scotland', date: '2023-05-08', kind: 'remove' }]);
    expect(cal.isBankHoliday('scotland', '2023-05-08')).toBe(false);
    expect(cal.isBankHoliday('england-and-wales', '2023-05-08')).toBe(true);
    expect(cal.holidays('scotland', 2023).map((h) => h.date)).not.toContain('2023-05-08');
  });

  it('adding a date the library already has keeps one entry and may rename it', () => {
    const cal = new BankHolidayCalendar([{ nation: 'northern-ireland', date: '2023-05-08', kind: 'add', name: 'Coronation' }]);
    const onDay = cal.holidays('northern-ireland', 2023).filter((h) => h.date === '2023-05-08');
    expect(onDay).toEqual([{ date: '2023-05-08', name: 'Coronation' }]);
  });

  it('setOverrides replaces earlier overrides and invalidates cached years', () => {
    const cal = new BankHolidayCalendar();
    expect(cal.isBankHoliday('england-and-wales', '2026-06-15')).toBe(false); // caches 2026
    cal.setOverrides([{ nation: 'england-and-wales', date: '2026-06-15', kind: 'add' }]);
    expect(cal.isBankHoliday('england-and-wales', '2026-06-15')).toBe(true);
    expect(cal.holidays('england-and-wales', 2026).find((h) => h.date === '2026-06-15')?.name).toBe('Bank holiday');
    cal.setOverrides([]);
    expect(cal.isBankHoliday('england-and-wales', '2026-06-15')).toBe(false);
  });

  it('rejects an override with an impossible date', () => {
    expect(() => new BankHolidayCalendar([{ nation: 'scotland', date: '2026-02-30', kind: 'add' }])).toThrow(/invalid date/);
  });

  it('holidays() returns a copy: mutating it does not change the calendar', () => {
    const cal = new BankHolidayCalendar();
    const list = cal.holidays('england-and-wales', 2026);
    list.length = 0;
    expect(cal.holidays('england-and-wales', 2026)).toHaveLength(8);
  });
});

describe('BankHolidayCalendar — caching', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks the library once per nation and year, then answers from the cache', () => {
    const spy = vi.spyOn(Holidays.prototype, 'getHolidays');
    const cal = new BankHolidayCalendar();
    for (let i = 0; i < 1000; i++) {
      cal.isBankHoliday('scotland', '2041-01-02');
      cal.isBankHoliday('scotland', '2041-06-10');
    }
    expect(spy).toHaveBeenCalledTimes(1);
    expect(cal.isBankHoliday('scotland', '2041-01-02')).toBe(true);
    cal.isBankHoliday('northern-ireland', '2041-01-02');
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
