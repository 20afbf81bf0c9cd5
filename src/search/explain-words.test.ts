// The explain list says what failed for each service, in words (issue 16, item 6).
import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { days, MON_FRI, session, week, weeklyTimes } from '../demo/hours';
import { search } from './engine';
import { ageWords, explainWords } from './explain-words';
import { makeService, TEST_AT, testQuery, type TestService } from './fixtures';
import { DirectoryIndex } from './index';
import type { Capacity } from './model';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();

describe('explain words', () => {
  it('says what failed for each service, not what the search needed', () => {
    const red: Capacity = { status: 'red', reason: 'no beds', setBy: 'ward', setAt: new Date(TEST_AT.getTime() - 3600_000), resetAt: new Date('2026-03-10T16:00:00Z') };
    const specs: TestService[] = [
      { id: 1, km: 1 },
      { id: 2, km: 2, dispositions: ['Dx06'] },
      { id: 3, km: 3, ageFromDays: 5844, ageToDays: 47482 },
      // Tuesday 14:00 (the query): opens only on weekdays from 18:00.
      { id: 4, km: 4, openingTimes: weeklyTimes(week(days(MON_FRI, [session('18:00', '23:00')]))) },
      { id: 5, km: 5, limitedTo: ['ek-thanet'] },
    ];
    const index = new DirectoryIndex(specs.map(makeService), { catalogue, calendar, rankings: [], capacities: [[1, red]] });
    const o = search(index, testQuery(catalogue.disposition('Dx05')!, { explain: true, ageDays: 4 * 365 + 1 }));
    const words = Object.fromEntries(o.excluded!.map((e) => [e.serviceId, e.rules.map((r) => r.detail)]));
    expect(words[1]).toEqual(['full (red) until 16:00: no beds']);
    expect(words[2]).toEqual([`does not take Dx05 (${catalogue.disposition('Dx05')!.title})`]);
    expect(words[3]).toEqual(['does not see patients aged 4 years (sees 16 years and over)']);
    expect(words[4]).toEqual(['not open until 18:00']);
    expect(words[5]).toEqual(['not offered in area ek-canterbury (only ek-thanet)']);
    expect(JSON.stringify(words)).not.toMatch(/accepts|profiled for/);
  });

  it('words ages, openings and the rest plainly', () => {
    expect(ageWords(1)).toBe('1 day');
    expect(ageWords(300)).toBe('9 months');
    expect(explainWords.age(300, 0, 5844)).toBe('does not see patients aged 9 months (sees 0 days to 16 years)');
    const at = Date.parse('2026-03-10T14:00:00Z');
    expect(explainWords.opening(at, null, Date.parse('2026-03-10T14:10:00Z'), true)).toBe('closes at 14:10, too soon');
    expect(explainWords.opening(at, Date.parse('2026-03-11T08:00:00Z'), null, false)).toBe('not open until Wed 08:00');
    expect(explainWords.opening(at, null, null, false)).toBe('not open in the next 14 days');
    expect(explainWords.referralRole('call-handler')).toBe('does not take referrals from a call handler');
  });
});
