import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import type { Timeframe } from '../directory/catalogue';
import { isOpenAt, type Nation, type OpeningTimes, type Session } from '../directory/opening-hours';
import { everyDay, nightly, outOfHours, session, twentyFourSeven, week, weeklyTimes, days, MON_FRI } from '../demo/hours';
import { Random } from '../demo/random';
import { compileHours, fitSpell, nationIndex, SearchClock } from './hours';
import { localTime, localTimeFrom } from '../directory/local-time';
import { describeTimeframe, openInWindow, windowEnd, windowLengthMs } from './window';

const calendar = new BankHolidayCalendar();
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const MIN = 60_000;

describe('windowEnd (the disposition window)', () => {
  const at = london('2026-03-10T14:00');
  const end = (tf: Timeframe) => (windowEnd(at, tf, calendar, 'england-and-wales').getTime() - at.getTime()) / MIN;
  it('immediate → +60 min', () => expect(end({ kind: 'immediate' })).toBe(60));
  it('up to 30 min → +30 min', () => {
    expect(end({ kind: 'minutes', minutes: 10 })).toBe(30);
    expect(end({ kind: 'minutes', minutes: 30 })).toBe(30);
  });
  it('31–60 min → + the timeframe', () => {
    expect(end({ kind: 'minutes', minutes: 31 })).toBe(31);
    expect(end({ kind: 'minutes', minutes: 45 })).toBe(45);
    expect(end({ kind: 'minutes', minutes: 60 })).toBe(60);
  });
  it('above 60 min → + (timeframe − 60 min)', () => {
    expect(end({ kind: 'minutes', minutes: 61 })).toBe(1);
    expect(end({ kind: 'minutes', minutes: 240 })).toBe(180);
    expect(end({ kind: 'minutes', minutes: 720 })).toBe(660);
  });
  it('N working days → to the end of the Nth working day after today; none → 7 days', () => {
    // Tuesday 14:00: the next working day ends at the end of Wednesday, 3 working days at the end of Friday.
    expect(windowEnd(at, { kind: 'working-days', days: 1 }, calendar, 'england-and-wales')).toEqual(new Date(london('2026-03-12T00:00').getTime() - 1));
    expect(windowEnd(at, { kind: 'working-days', days: 3 }, calendar, 'england-and-wales')).toEqual(new Date(london('2026-03-14T00:00').getTime() - 1));
    expect(end({ kind: 'none' })).toBe(7 * 24 * 60);
    // One length for every hour of a week (coverage) stays the rough N × 24 h, then the above-60 rule.
    expect(windowLengthMs({ kind: 'working-days', days: 1 }) / MIN).toBe(24 * 60 - 60);
  });
  it('describes timeframes for reasons', () => {
    expect(describeTimeframe({ kind: 'minutes', minutes: 240 })).toBe('4-hour window');
    expect(describeTimeframe({ kind: 'minutes', minutes: 30 })).toBe('30-minute window');
    expect(describeTimeframe({ kind: 'immediate' })).toBe('1-hour window');
    expect(describeTimeframe({ kind: 'working-days', days: 1 })).toBe('next-working-day window');
  });
});

describe('openInWindow (rule 6, reference statement)', () => {
  const tf = { kind: 'minutes', minutes: 240 } as const; // Dx110: window 3 h
  const at = london('2026-03-10T18:00'); // Tuesday
  const end = windowEnd(at, tf, calendar, 'england-and-wales');
  const fit = (times: OpeningTimes) => openInWindow(times, 'england-and-wales', at, end, calendar);

  it('a 24/7 service passes, open now, no closing time', () => {
    expect(fit(twentyFourSeven())).toEqual({ openNow: true, opensAt: null, closesAt: null });
  });
  it('a service opening inside the window passes (opens at …)', () => {
    expect(fit(nightly('19:00', '08:00'))).toEqual({ openNow: false, opensAt: london('2026-03-10T19:00'), closesAt: london('2026-03-11T08:00') });
  });
  it('a service opening exactly at the window end passes; one minute later it does not', () => {
    expect(fit(everyDay([session('21:00', '23:00')]))?.opensAt).toEqual(london('2026-03-10T21:00'));
    expect(fit(everyDay([session('21:01', '23:00')]))).toBeNull();
  });
  it('closing within 30 minutes of the search fails; at or after 30 minutes passes', () => {
    expect(fit(everyDay([session('08:00', '18:29')]))).toBeNull();
    expect(fit(everyDay([session('08:00', '18:30')]))).toEqual({ openNow: true, opensAt: null, closesAt: london('2026-03-10T18:30') });
    expect(fit(everyDay([session('08:00', '18:31')]))?.openNow).toBe(true);
  });
  it('a short spell that opens and closes within the first 30 minutes fails', () => {
    expect(fit(everyDay([session('18:05', '18:25')]))).toBeNull();
  });
  it('closing soon but reopening in the window: the later spell qualifies', () => {
    expect(fit(everyDay([session('08:00', '18:10'), session('19:00', '22:00')]))).toEqual({ openNow: false, opensAt: london('2026-03-10T19:00'), closesAt: london('2026-03-10T22:00') });
  });
  it('follows sessions across midnight for the closing time', () => {
    const r = openInWindow(nightly('19:00', '08:00'), 'england-and-wales', london('2026-03-10T23:50'), windowEnd(london('2026-03-10T23:50'), tf, calendar, 'england-and-wales'), calendar);
    expect(r).toEqual({ openNow: true, opensAt: null, closesAt: london('2026-03-11T08:00') });
  });
});

// ── the compiled evaluation agrees with the reference ───────────────────────────────────────

function randomSessions(r: Random): Session[] {
  const out: Session[] = [];
  let t = r.int(0, 8) * 60 + r.pick([0, 15, 30, 45]);
  const n = r.int(0, 3);
  for (let i = 0; i < n && t < 1380; i++) {
    const close = Math.min(1440, t + r.int(1, 10) * 30 + r.pick([0, 5, 29]));
    const hh = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    out.push({ open: hh(t), close: hh(close) });
    t = close + r.pick([0, 0, 30, 120]);
  }
  return out;
}

function randomTimes(r: Random): OpeningTimes {
  const kind = r.int(0, 6);
  if (kind === 0) return twentyFourSeven(r.chance(0.5) ? [{ date: '2026-03-29', sessions: randomSessions(r) }] : []);
  if (kind === 1) return outOfHours();
  if (kind === 2) return nightly('19:00', '08:00');
  const weekly = week(...(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => days([d], randomSessions(r))));
  const specified = r.chance(0.4)
    ? ['2026-03-28', '2026-03-29', '2026-10-25', '2026-04-03', '2026-05-04'].filter(() => r.chance(0.5)).map((date) => ({ date, sessions: randomSessions(r) }))
    : [];
  return weeklyTimes(weekly, { bankHoliday: r.chance(0.3) ? null : r.chance(0.5) ? [] : randomSessions(r), specifiedDates: specified });
}

const TIMEFRAMES: Timeframe[] = [
  { kind: 'immediate' },
  { kind: 'minutes', minutes: 30 },
  { kind: 'minutes', minutes: 45 },
  { kind: 'minutes', minutes: 240 },
  { kind: 'working-days', days: 1 },
  { kind: 'none' },
];

describe('fitSpell (compiled rule 6) agrees with openInWindow', () => {
  it('on random timetables and times, around both clock changes and bank holidays', () => {
    const r = new Random(7);
    // Around the spring change (29 Mar 2026), Good Friday / Easter Monday, the autumn change (25 Oct).
    const anchors = ['2026-03-27T12:00', '2026-04-02T12:00', '2026-10-23T12:00', '2026-05-02T12:00'].map((s) => london(s).getTime());
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const times = randomTimes(r);
      const compiled = compileHours(times);
      const nation: Nation = r.pick(['england-and-wales', 'scotland', 'northern-ireland'] as const);
      const at = new Date(r.pick(anchors) + Math.floor(r.next() * 4 * 24 * 60) * MIN + r.pick([0, 0, 30_000]));
      const tf = r.pick(TIMEFRAMES);
      const end = new Date(at.getTime() + windowLengthMs(tf));
      const expected = openInWindow(times, nation, at, end, calendar);
      const clock = new SearchClock(calendar, at.getTime());
      const passes = fitSpell(clock, compiled, nationIndex(nation), end.getTime(), true);
      expect(passes, `${JSON.stringify(times)} at ${at.toISOString()} ${JSON.stringify(tf)}`).toBe(expected !== null);
      if (expected) {
        const openNow = clock.spellStart <= at.getTime();
        expect(openNow).toBe(expected.openNow);
        if (!openNow) expect(new Date(clock.spellStart)).toEqual(expected.opensAt);
        expect(Number.isNaN(clock.spellEnd) ? null : new Date(clock.spellEnd)).toEqual(expected.closesAt);
        // The decision alone (follow = false) says the same.
        expect(fitSpell(new SearchClock(calendar, at.getTime()), compiled, nationIndex(nation), end.getTime(), false)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('local times on clock-change days', () => {
    // 29 Mar 2026: 01:00 GMT → 02:00 BST. 25 Oct 2026: 02:00 BST → 01:00 GMT.
    expect(localTime(Date.parse('2026-03-29T00:59:00Z'))).toBe('00:59');
    expect(localTime(Date.parse('2026-03-29T01:00:00Z'))).toBe('02:00');
    expect(localTime(Date.parse('2026-10-25T00:30:00Z'))).toBe('01:30');
    expect(localTime(Date.parse('2026-10-25T01:30:00Z'))).toBe('01:30');
    expect(localTime(Date.parse('2026-10-25T02:00:00Z'))).toBe('02:00');
    expect(localTimeFrom(london('2026-03-11T08:00').getTime(), london('2026-03-10T18:00').getTime())).toBe('Wed 08:00');
    expect(localTimeFrom(london('2026-03-11T00:00').getTime(), london('2026-03-10T18:00').getTime())).toBe('24:00');
  });

  it('isOpenAt agrees on the compiled form for a GP practice on a bank holiday', () => {
    const gp = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')])), { bankHoliday: [] });
    const at = london('2026-05-04T10:00'); // Early May bank holiday (England), not Scotland
    expect(isOpenAt(gp, 'england-and-wales', at, calendar)).toBe(false);
    const tf: Timeframe = { kind: 'immediate' };
    const end = windowEnd(at, tf, calendar, 'england-and-wales').getTime();
    expect(fitSpell(new SearchClock(calendar, at.getTime()), compileHours(gp), nationIndex('england-and-wales'), end, false)).toBe(false);
  });
});
