import { describe, it, expect } from 'vitest';
import { DateTime } from 'luxon';
import { BankHolidayCalendar } from './bank-holidays';
import {
  OpeningTimesSchema,
  SessionSchema,
  alwaysOpenTimes,
  emptyWeek,
  isOpenAt,
  nextClosing,
  nextOpening,
  openIntervals,
  sessionsOnLocalDate,
  type BankHolidayLookup,
  type OpeningTimes,
  type Session,
  type Weekday,
} from './opening-hours';

const cal = new BankHolidayCalendar();
const noHolidays: BankHolidayLookup = { isBankHoliday: () => false };
const Z = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function weekly(days: Partial<Record<Weekday, Session[]>>, extra: Partial<OpeningTimes> = {}): OpeningTimes {
  return { alwaysOpen: false, weekly: { ...emptyWeek(), ...days }, bankHoliday: null, specifiedDates: [], ...extra };
}
const s = (open: string, close: string): Session => ({ open, close });
const iso = (xs: { start: Date; end: Date }[]) => xs.map((x) => [x.start.toISOString(), x.end.toISOString()]);

describe('isOpenAt — several sessions a day, boundaries', () => {
  const gp = weekly({ mon: [s('08:00', '12:00'), s('13:00', '18:30')] });

  it('winter (GMT): open from exactly the opening minute, closed from exactly the closing minute', () => {
    // Monday 12 January 2026; local time = UTC.
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T07:59:59.999Z'), noHolidays)).toBe(false);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T08:00:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T11:59:59.999Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T12:00:00Z'), noHolidays)).toBe(false);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T12:30:00Z'), noHolidays)).toBe(false);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T13:00:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T18:29:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-12T18:30:00Z'), noHolidays)).toBe(false);
    // Tuesday: no sessions.
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-01-13T10:00:00Z'), noHolidays)).toBe(false);
  });

  it('summer (BST): wall-clock sessions are one hour earlier in UTC', () => {
    // Monday 15 June 2026.
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-06-15T06:59:00Z'), noHolidays)).toBe(false);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-06-15T07:00:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-06-15T11:00:00Z'), noHolidays)).toBe(false); // 12:00 local
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-06-15T17:29:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(gp, 'england-and-wales', Z('2026-06-15T17:30:00Z'), noHolidays)).toBe(false);
    // Sunday 23:30Z is already Monday 00:30 local: still closed (opens 08:00).
    expect(isOpenAt(weekly({ mon: [s('00:00', '01:00')] }), 'scotland', Z('2026-06-14T23:30:00Z'), noHolidays)).toBe(true);
  });

  it('agrees with luxon for an ordinary summer wall time', () => {
    const expected = DateTime.fromObject({ year: 2026, month: 6, day: 15, hour: 13 }, { zone: 'Europe/London' }).toJSDate();
    expect(iso(openIntervals(gp, 'scotland', Z('2026-06-15T00:00:00Z'), Z('2026-06-16T00:00:00Z'), noHolidays))[1][0]).toBe(
      expected.toISOString(),
    );
  });
});

describe('clock changes (Europe/London)', () => {
  const earlySunday = weekly({ sun: [s('00:00', '03:00')] });
  const cases = [
    { sunday: '2026-03-29', start: '2026-03-29T00:00:00.000Z', end: '2026-03-29T02:00:00.000Z', hours: 2 },
    { sunday: '2026-10-25', start: '2026-10-24T23:00:00.000Z', end: '2026-10-25T03:00:00.000Z', hours: 4 },
    { sunday: '2025-03-30', start: '2025-03-30T00:00:00.000Z', end: '2025-03-30T02:00:00.000Z', hours: 2 },
    { sunday: '2025-10-26', start: '2025-10-25T23:00:00.000Z', end: '2025-10-26T03:00:00.000Z', hours: 4 },
  ];
  for (const c of cases) {
    it(`00:00–03:00 on ${c.sunday} is open ${c.hours} hours`, () => {
      const sunday = Date.parse(`${c.sunday}T00:00:00Z`);
      const got = openIntervals(earlySunday, 'england-and-wales', new Date(sunday - 2 * DAY), new Date(sunday + 2 * DAY), noHolidays);
      expect(iso(got)).toEqual([[c.start, c.end]]);
      expect((got[0].end.getTime() - got[0].start.getTime()) / HOUR).toBe(c.hours);
    });
  }

  it('09:00–17:00 on the Monday after each change maps to the right UTC hours', () => {
    const weekdays = weekly({ mon: [s('09:00', '17:00')] });
    const day = (d: string) => iso(openIntervals(weekdays, 'scotland', Z(`${d}T00:00:00Z`), Z(`${d}T23:00:00Z`), noHolidays));
    expect(day('2026-03-30')).toEqual([['2026-03-30T08:00:00.000Z', '2026-03-30T16:00:00.000Z']]);
    expect(day('2026-10-26')).toEqual([['2026-10-26T09:00:00.000Z', '2026-10-26T17:00:00.000Z']]);
    expect(day('2025-03-31')).toEqual([['2025-03-31T08:00:00.000Z', '2025-03-31T16:00:00.000Z']]);
    expect(day('2025-10-27')).toEqual([['2025-10-27T09:00:00.000Z', '2025-10-27T17:00:00.000Z']]);
  });

  it('00:00–24:00 lasts 23 hours on the March change day and 25 hours on the October one', () => {
    const allSunday = weekly({ sun: [s('00:00', '24:00')] });
    const march = openIntervals(allSunday, 'scotland', Z('2026-03-27T00:00:00Z'), Z('2026-04-01T00:00:00Z'), noHolidays);
    expect(iso(march)).toEqual([['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z']]);
    const october = openIntervals(allSunday, 'scotland', Z('2026-10-23T00:00:00Z'), Z('2026-10-28T00:00:00Z'), noHolidays);
    expect(iso(october)).toEqual([['2026-10-24T23:00:00.000Z', '2026-10-26T00:00:00.000Z']]);
    expect((october[0].end.getTime() - october[0].start.getTime()) / HOUR).toBe(25);
  });

  it('a wall time that does not exist (01:30 on 29 March 2026) maps forward to the first valid instant', () => {
    const t = weekly({ sun: [s('01:30', '03:00')] });
    expect(iso(openIntervals(t, 'scotland', Z('2026-03-28T12:00:00Z'), Z('2026-03-30T00:00:00Z'), noHolidays))).toEqual([
      ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'],
    ]);
    expect(isOpenAt(t, 'scotland', Z('2026-03-29T00:59:59Z'), noHolidays)).toBe(false);
    expect(isOpenAt(t, 'scotland', Z('2026-03-29T01:00:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(t, 'scotland', Z('2026-03-29T02:00:00Z'), noHolidays)).toBe(false);
    // A session entirely inside the gap never opens.
    const inGap = weekly({ sun: [s('01:00', '01:45')] });
    expect(openIntervals(inGap, 'scotland', Z('2026-03-28T12:00:00Z'), Z('2026-03-30T00:00:00Z'), noHolidays)).toEqual([]);
  });

  it('an ambiguous wall time (01:30 on 25 October 2026) maps to the earlier instant', () => {
    const opens = weekly({ sun: [s('01:30', '02:00')] });
    expect(iso(openIntervals(opens, 'scotland', Z('2026-10-24T12:00:00Z'), Z('2026-10-26T00:00:00Z'), noHolidays))).toEqual([
      ['2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z'],
    ]);
    const closes = weekly({ sun: [s('00:00', '01:30')] });
    expect(isOpenAt(closes, 'scotland', Z('2026-10-25T00:29:00Z'), noHolidays)).toBe(true);
    expect(isOpenAt(closes, 'scotland', Z('2026-10-25T00:30:00Z'), noHolidays)).toBe(false);
    expect(isOpenAt(closes, 'scotland', Z('2026-10-25T01:00:00Z'), noHolidays)).toBe(false); // 01:00 GMT, second pass
    expect(isOpenAt(closes, 'scotland', Z('2026-10-24T23:00:00Z'), noHolidays)).toBe(true); // 00:00 BST
    expect(isOpenAt(closes, 'scotland', Z('2026-10-24T22:59:59Z'), noHolidays)).toBe(false); // Saturday 23:59 BST
  });

  it('isOpenAt agrees with openIntervals every 5 minutes across both change weekends', () => {
    const t = weekly({
      sat: [s('20:00', '24:00')],
      sun: [s('00:00', '01:15'), s('01:30', '02:30'), s('09:00', '17:00')],
      mon: [s('00:00', '00:45'), s('08:00', '18:00')],
    });
    for (const [from, to] of [
      ['2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z'],
      ['2026-10-23T00:00:00Z', '2026-10-28T00:00:00Z'],
    ]) {
      const ivs = openIntervals(t, 'scotland', Z(from), Z(to), noHolidays);
      let checked = 0;
      for (let ms = Date.parse(from); ms < Date.parse(to); ms += 5 * 60_000) {
        const inside = ivs.some((iv) => iv.start.getTime() <= ms && ms < iv.end.getTime());
        expect(isOpenAt(t, 'scotland', new Date(ms), noHolidays)).toBe(inside);
        checked++;
      }
      expect(checked).toBeGreaterThan(1000);
    }
  });
});

describe('precedence: specified date → 24/7 → bank holiday → weekly', () => {
  const surgery = weekly({ mon: [s('08:00', '18:30')] }, { bankHoliday: [s('10:00', '14:00')] });

  it('bank-holiday sessions replace the weekday where it is a bank holiday (Easter Monday: not in Scotland)', () => {
    expect(sessionsOnLocalDate(surgery, 'england-and-wales', '2026-04-06', cal)).toEqual([s('10:00', '14:00')]);
    expect(sessionsOnLocalDate(surgery, 'northern-ireland', '2026-04-06', cal)).toEqual([s('10:00', '14:00')]);
    expect(sessionsOnLocalDate(surgery, 'scotland', '2026-04-06', cal)).toEqual([s('08:00', '18:30')]);
    // 08:00Z = 09:00 BST: open on a Scottish Monday, not yet open on the English bank holiday.
    expect(isOpenAt(surgery, 'scotland', Z('2026-04-06T08:00:00Z'), cal)).toBe(true);
    expect(isOpenAt(surgery, 'england-and-wales', Z('2026-04-06T08:00:00Z'), cal)).toBe(false);
    expect(isOpenAt(surgery, 'england-and-wales', Z('2026-04-06T09:00:00Z'), cal)).toBe(true);
  });

  it('bank-holiday sessions apply even on a weekday with no ordinary sessions', () => {
    // Tuesday 28 December 2027 (Boxing Day substitute).
    expect(sessionsOnLocalDate(surgery, 'scotland', '2027-12-28', cal)).toEqual([s('10:00', '14:00')]);
    expect(sessionsOnLocalDate(surgery, 'scotland', '2027-12-21', cal)).toEqual([]);
  });

  it('bankHoliday null follows the ordinary weekday; [] closes', () => {
    const followsWeekday = { ...surgery, bankHoliday: null };
    expect(sessionsOnLocalDate(followsWeekday, 'england-and-wales', '2026-04-06', cal)).toEqual([s('08:00', '18:30')]);
    expect(isOpenAt(followsWeekday, 'england-and-wales', Z('2026-04-06T08:00:00Z'), cal)).toBe(true);
    const closed = { ...surgery, bankHoliday: [] };
    expect(sessionsOnLocalDate(closed, 'england-and-wales', '2026-04-06', cal)).toEqual([]);
    expect(isOpenAt(closed, 'england-and-wales', Z('2026-04-06T09:00:00Z'), cal)).toBe(false);
    expect(isOpenAt(closed, 'scotland', Z('2026-04-06T09:00:00Z'), cal)).toBe(true);
  });

  it('24/7 beats the bank holiday and gives one 00:00–24:00 session', () => {
    const ed = { ...alwaysOpenTimes(), bankHoliday: [] };
    expect(sessionsOnLocalDate(ed, 'england-and-wales', '2026-04-06', cal)).toEqual([s('00:00', '24:00')]);
    expect(isOpenAt(ed, 'england-and-wales', Z('2026-04-06T03:00:00Z'), cal)).toBe(true);
  });

  it('a specified date overrides the bank holiday', () => {
    const t = { ...surgery, specifiedDates: [{ date: '2026-04-06', sessions: [s('09:00', '11:00')], note: 'Easter clinic' }] };
    expect(sessionsOnLocalDate(t, 'england-and-wales', '2026-04-06', cal)).toEqual([s('09:00', '11:00')]);
    expect(isOpenAt(t, 'england-and-wales', Z('2026-04-06T08:30:00Z'), cal)).toBe(true); // 09:30 BST
    expect(isOpenAt(t, 'england-and-wales', Z('2026-04-06T10:30:00Z'), cal)).toBe(false); // 11:30 BST
  });

  it('a specified date overrides 24/7: [] closes the whole local day', () => {
    const t = { ...alwaysOpenTimes(), specifiedDates: [{ date: '2026-07-01', sessions: [], note: 'refurbishment' }] };
    expect(sessionsOnLocalDate(t, 'scotland', '2026-07-01', noHolidays)).toEqual([]);
    expect(isOpenAt(t, 'scotland', Z('2026-06-30T22:59:59Z'), noHolidays)).toBe(true);
    expect(isOpenAt(t, 'scotland', Z('2026-06-30T23:00:00Z'), noHolidays)).toBe(false); // 00:00 BST on 1 July
    expect(isOpenAt(t, 'scotland', Z('2026-07-01T22:59:59Z'), noHolidays)).toBe(false);
    expect(isOpenAt(t, 'scotland', Z('2026-07-01T23:00:00Z'), noHolidays)).toBe(true);
    expect(iso(openIntervals(t, 'scotland', Z('2026-06-30T00:00:00Z'), Z('2026-07-03T00:00:00Z'), noHolidays))).toEqual([
      ['2026-06-30T00:00:00.000Z', '2026-06-30T23:00:00.000Z'],
      ['2026-07-01T23:00:00.000Z', '2026-07-03T00:00:00.000Z'],
    ]);
  });

  it('a specified date closes an ordinary weekday', () => {
    const t = { ...surgery, specifiedDates: [{ date: '2026-01-12', sessions: [] }] };
    expect(isOpenAt(t, 'england-and-wales', Z('2026-01-12T10:00:00Z'), cal)).toBe(false);
    expect(isOpenAt(t, 'england-and-wales', Z('2026-01-19T10:00:00Z'), cal)).toBe(true);
  });

  it('the returned sessions are copies', () => {
    const ed = alwaysOpenTimes();
    const got = sessionsOnLocalDate(ed, 'scotland', '2026-01-01', cal);
    got[0].close = '12:00';
    got.push(s('13:00', '14:00'));
    expect(sessionsOnLocalDate(ed, 'scotland', '2026-01-01', cal)).toEqual([s('00:00', '24:00')]);
  });

  it('rejects a malformed local date', () => {
    expect(() => sessionsOnLocalDate(surgery, 'scotland', '2026-02-30', cal)).toThrow(RangeError);
  });

  it('rejects an invalid Date and a bad horizon instead of looping or guessing', () => {
    expect(() => isOpenAt(surgery, 'scotland', new Date('nope'), cal)).toThrow(RangeError);
    expect(() => nextClosing(alwaysOpenTimes(), 'scotland', Z('2026-01-12T10:00:00Z'), cal, Number.NaN)).toThrow(RangeError);
    expect(() => nextOpening(surgery, 'scotland', Z('2026-01-12T10:00:00Z'), cal, -1)).toThrow(RangeError);
  });
});

describe('openIntervals', () => {
  const t = weekly({ mon: [s('08:00', '12:00'), s('12:00', '18:00')], tue: [s('09:00', '10:00')] });

  it('clips to the window and merges touching sessions', () => {
    // Monday 12 January 2026 (GMT).
    expect(iso(openIntervals(t, 'scotland', Z('2026-01-12T10:00:00Z'), Z('2026-01-13T09:30:00Z'), noHolidays))).toEqual([
      ['2026-01-12T10:00:00.000Z', '2026-01-12T18:00:00.000Z'],
      ['2026-01-13T09:00:00.000Z', '2026-01-13T09:30:00.000Z'],
    ]);
  });

  it('24/7 over several days is one interval equal to the window', () => {
    expect(iso(openIntervals(alwaysOpenTimes(), 'scotland', Z('2026-03-27T10:15:00Z'), Z('2026-04-02T07:00:00Z'), noHolidays))).toEqual([
      ['2026-03-27T10:15:00.000Z', '2026-04-02T07:00:00.000Z'],
    ]);
  });

  it('a session ending 24:00 merges with one starting 00:00 the next day', () => {
    const overnight = weekly({ fri: [s('18:00', '24:00')], sat: [s('00:00', '08:00'), s('10:00', '12:00')] });
    expect(iso(openIntervals(overnight, 'scotland', Z('2026-01-16T00:00:00Z'), Z('2026-01-18T00:00:00Z'), noHolidays))).toEqual([
      ['2026-01-16T18:00:00.000Z', '2026-01-17T08:00:00.000Z'],
      ['2026-01-17T10:00:00.000Z', '2026-01-17T12:00:00.000Z'],
    ]);
  });

  it('sessions listed out of order come back sorted', () => {
    const unordered = weekly({ mon: [s('14:00', '15:00'), s('09:00', '10:00')] });
    expect(iso(openIntervals(unordered, 'scotland', Z('2026-01-12T00:00:00Z'), Z('2026-01-13T00:00:00Z'), noHolidays))).toEqual([
      ['2026-01-12T09:00:00.000Z', '2026-01-12T10:00:00.000Z'],
      ['2026-01-12T14:00:00.000Z', '2026-01-12T15:00:00.000Z'],
    ]);
  });

  it('an empty or inverted window gives nothing', () => {
    expect(openIntervals(alwaysOpenTimes(), 'scotland', Z('2026-01-12T10:00:00Z'), Z('2026-01-12T10:00:00Z'), noHolidays)).toEqual([]);
    expect(openIntervals(alwaysOpenTimes(), 'scotland', Z('2026-01-12T10:00:00Z'), Z('2026-01-12T09:00:00Z'), noHolidays)).toEqual([]);
  });

  it('uses the bank-holiday calendar for the nation', () => {
    const closedOnBH = weekly({ mon: [s('09:00', '17:00')] }, { bankHoliday: [] });
    const week = (n: 'scotland' | 'england-and-wales') => openIntervals(closedOnBH, n, Z('2026-08-01T00:00:00Z'), Z('2026-09-01T00:00:00Z'), cal).length;
    expect(week('scotland')).toBe(4); // 10, 17, 24, 31 Aug (3 Aug is the Scottish holiday)
    expect(week('england-and-wales')).toBe(4); // 3, 10, 17, 24 Aug (31 Aug is the English holiday)
    expect(openIntervals(closedOnBH, 'scotland', Z('2026-08-03T00:00:00Z'), Z('2026-08-04T00:00:00Z'), cal)).toEqual([]);
    expect(openIntervals(closedOnBH, 'england-and-wales', Z('2026-08-03T00:00:00Z'), Z('2026-08-04T00:00:00Z'), cal)).toHaveLength(1);
  });
});

describe('nextOpening / nextClosing', () => {
  const gp = weekly({
    mon: [s('08:00', '12:00'), s('12:00', '18:00')],
    tue: [s('08:00', '18:00')],
    fri: [s('18:00', '24:00')],
    sat: [s('00:00', '08:00')],
  });

  it('nextOpening returns `from` itself when open', () => {
    const from = Z('2026-01-12T09:17:23.456Z');
    expect(nextOpening(gp, 'scotland', from, noHolidays)?.toISOString()).toBe(from.toISOString());
  });

  it('nextOpening finds the next session, across days and into summer time', () => {
    expect(nextOpening(gp, 'scotland', Z('2026-01-13T18:00:00Z'), noHolidays)?.toISOString()).toBe('2026-01-16T18:00:00.000Z');
    expect(nextOpening(gp, 'scotland', Z('2026-01-17T08:00:00Z'), noHolidays)?.toISOString()).toBe('2026-01-19T08:00:00.000Z');
    // Saturday 28 March 2026 after closing → Monday 30 March 08:00 BST = 07:00Z.
    expect(nextOpening(gp, 'scotland', Z('2026-03-28T09:00:00Z'), noHolidays)?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('nextOpening skips a bank holiday with bankHoliday []', () => {
    const closedOnBH = { ...gp, bankHoliday: [] };
    // Easter Monday 6 April 2026 (E&W) → Tuesday 7 April 08:00 BST.
    expect(nextOpening(closedOnBH, 'england-and-wales', Z('2026-04-04T12:00:00Z'), cal)?.toISOString()).toBe('2026-04-07T07:00:00.000Z');
    expect(nextOpening(closedOnBH, 'scotland', Z('2026-04-04T12:00:00Z'), cal)?.toISOString()).toBe('2026-04-06T07:00:00.000Z');
  });

  it('nextOpening is null when the service never opens within the horizon', () => {
    expect(nextOpening(weekly({}), 'scotland', Z('2026-01-12T09:00:00Z'), noHolidays)).toBeNull();
    const closedFortnight = {
      ...alwaysOpenTimes(),
      specifiedDates: Array.from({ length: 15 }, (_, i) => ({ date: `2026-07-${String(i + 1).padStart(2, '0')}`, sessions: [] })),
    };
    expect(nextOpening(closedFortnight, 'scotland', Z('2026-07-01T00:00:00Z'), noHolidays)).toBeNull();
    expect(nextOpening(closedFortnight, 'scotland', Z('2026-07-01T00:00:00Z'), noHolidays, 16)?.toISOString()).toBe('2026-07-15T23:00:00.000Z');
    // Opens in 3 days but the horizon is 1 day.
    expect(nextOpening(gp, 'scotland', Z('2026-01-13T18:00:00Z'), noHolidays, 1)).toBeNull();
  });

  it('nextClosing follows touching sessions and merges across midnight', () => {
    expect(nextClosing(gp, 'scotland', Z('2026-01-12T09:00:00Z'), noHolidays)?.toISOString()).toBe('2026-01-12T18:00:00.000Z');
    expect(nextClosing(gp, 'scotland', Z('2026-01-16T20:00:00Z'), noHolidays)?.toISOString()).toBe('2026-01-17T08:00:00.000Z');
    expect(nextClosing(gp, 'scotland', Z('2026-01-17T03:00:00Z'), noHolidays)?.toISOString()).toBe('2026-01-17T08:00:00.000Z');
  });

  it('nextClosing is null when closed at `from` (including exactly at closing time)', () => {
    expect(nextClosing(gp, 'scotland', Z('2026-01-14T12:00:00Z'), noHolidays)).toBeNull(); // Wednesday
    expect(nextClosing(gp, 'scotland', Z('2026-01-12T18:00:00Z'), noHolidays)).toBeNull();
  });

  it('nextClosing is null for 24/7, and finds a specified closed day inside the horizon', () => {
    expect(nextClosing(alwaysOpenTimes(), 'scotland', Z('2026-06-28T12:00:00Z'), noHolidays)).toBeNull();
    const t = { ...alwaysOpenTimes(), specifiedDates: [{ date: '2026-07-01', sessions: [] }] };
    expect(nextClosing(t, 'scotland', Z('2026-06-28T12:00:00Z'), noHolidays)?.toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(nextClosing(t, 'scotland', Z('2026-06-28T12:00:00Z'), noHolidays, 2)).toBeNull();
    // A specified day with a partial session inside a 24/7 week: closes at its gap.
    const partial = { ...alwaysOpenTimes(), specifiedDates: [{ date: '2026-07-01', sessions: [s('00:00', '06:00'), s('07:00', '24:00')] }] };
    expect(nextClosing(partial, 'scotland', Z('2026-06-28T12:00:00Z'), noHolidays)?.toISOString()).toBe('2026-07-01T05:00:00.000Z');
  });

  it('nextClosing of a 24:00/00:00 chain across the October clock change', () => {
    const t = weekly({ sat: [s('20:00', '24:00')], sun: [s('00:00', '03:00')] });
    // Saturday 24 Oct 2026 21:00 BST (20:00Z) → Sunday 03:00 GMT (03:00Z).
    expect(nextClosing(t, 'scotland', Z('2026-10-24T20:00:00Z'), noHolidays)?.toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });
});

describe('OpeningTimesSchema', () => {
  const paths = (input: unknown) => {
    const r = OpeningTimesSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts valid times, including touching sessions and 24:00', () => {
    const ok = weekly(
      { mon: [s('08:00', '12:00'), s('12:00', '18:00')], fri: [s('18:00', '24:00')], sat: [s('00:00', '08:00')] },
      { bankHoliday: [s('10:00', '14:00')], specifiedDates: [{ date: '2026-12-25', sessions: [] }, { date: '2024-02-29', sessions: [s('09:00', '10:00')], note: 'leap day' }] },
    );
    expect(paths(ok)).toEqual([]);
    expect(OpeningTimesSchema.parse(ok)).toEqual(ok);
    expect(paths(alwaysOpenTimes())).toEqual([]);
  });

  it('reports a session that crosses midnight / ends before it starts at its close', () => {
    const got = paths(weekly({ mon: [s('08:00', '12:00'), s('22:00', '02:00')] }));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^weekly\.mon\.1\.close: session crosses midnight or ends before it starts/);
    expect(paths(weekly({ tue: [s('09:00', '09:00')] }))).toEqual([expect.stringMatching(/^weekly\.tue\.0\.close: session crosses midnight/)]);
  });

  it('reports overlapping sessions on the same day', () => {
    expect(paths(weekly({ wed: [s('08:00', '12:00'), s('11:30', '18:00')] }))).toEqual([
      expect.stringMatching(/^weekly\.wed\.1\.open: session 11:30–18:00 overlaps session 0 \(08:00–12:00\)/),
    ]);
    // Listed out of order: the later-starting session is the one reported.
    expect(paths(weekly({ wed: [s('13:00', '18:00'), s('08:00', '14:00')] }))).toEqual([expect.stringMatching(/^weekly\.wed\.0\.open: .*overlaps session 1/)]);
    // A session inside another one.
    expect(paths(weekly({ wed: [s('08:00', '18:00'), s('12:00', '13:00')] }))).toEqual([expect.stringMatching(/^weekly\.wed\.1\.open: .*overlaps/)]);
    expect(paths(weekly({}, { bankHoliday: [s('08:00', '12:00'), s('09:00', '10:00')] }))).toEqual([expect.stringMatching(/^bankHoliday\.1\.open: .*overlaps/)]);
    expect(paths(weekly({}, { specifiedDates: [{ date: '2026-12-24', sessions: [s('08:00', '12:00'), s('08:00', '09:00')] }] }))).toEqual([
      expect.stringMatching(/^specifiedDates\.0\.sessions\.1\.open: .*overlaps/),
    ]);
  });

  it('reports bad HH:MM', () => {
    expect(paths(weekly({ thu: [s('8:00', '12:00')] }))).toEqual([expect.stringMatching(/^weekly\.thu\.0\.open: open must be a time HH:MM/)]);
    expect(paths(weekly({ thu: [s('08:00', '24:01')] }))).toEqual([expect.stringMatching(/^weekly\.thu\.0\.close: close must be a time HH:MM/)]);
    expect(paths(weekly({ thu: [s('24:00', '24:00')] }))).toEqual([expect.stringMatching(/^weekly\.thu\.0\.open: /)]);
    expect(paths(weekly({ thu: [s('08:60', '12:00')] }))).toEqual([expect.stringMatching(/^weekly\.thu\.0\.open: /)]);
    expect(paths(weekly({ thu: [s('00:00', '00:00')] }))).toEqual([expect.stringMatching(/^weekly\.thu\.0\.close: close must be/)]);
    expect(paths(weekly({}, { bankHoliday: [s('10:00', '1400')] }))).toEqual([expect.stringMatching(/^bankHoliday\.0\.close: /)]);
  });

  it('reports invalid and duplicate specified dates', () => {
    expect(paths(weekly({}, { specifiedDates: [{ date: '2026-02-29', sessions: [] }] }))).toEqual([
      expect.stringMatching(/^specifiedDates\.0\.date: date must be a valid calendar date/),
    ]);
    expect(paths(weekly({}, { specifiedDates: [{ date: '25/12/2026', sessions: [] }] }))).toEqual([expect.stringMatching(/^specifiedDates\.0\.date: /)]);
    expect(
      paths(
        weekly(
          {},
          {
            specifiedDates: [
              { date: '2026-12-25', sessions: [] },
              { date: '2026-12-26', sessions: [] },
              { date: '2026-12-25', sessions: [s('10:00', '12:00')] },
            ],
          },
        ),
      ),
    ).toEqual([expect.stringMatching(/^specifiedDates\.2\.date: duplicate specified date 2026-12-25 \(already given at specifiedDates\.0\)/)]);
  });

  it('requires every weekday and the other fields', () => {
    const { sun: _sun, ...sixDays } = emptyWeek();
    expect(paths({ alwaysOpen: false, weekly: sixDays, bankHoliday: null, specifiedDates: [] })).toEqual([expect.stringMatching(/^weekly\.sun: /)]);
    expect(paths({ weekly: emptyWeek(), bankHoliday: null, specifiedDates: [] })).toEqual([expect.stringMatching(/^alwaysOpen: /)]);
  });

  it('SessionSchema on its own', () => {
    expect(SessionSchema.safeParse(s('09:00', '17:00')).success).toBe(true);
    const r = SessionSchema.safeParse(s('17:00', '09:00'));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['close']);
  });
});
