// Scenario tests of the directory search rules (shared/reference/directory-search.md) over small
// hand-built directories around Canterbury. Default query: a 30-year-old woman in ek-canterbury,
// Dx05 (contact primary care within 2 h: window + 60 min), SG 1011 / SD 4003, Tuesday 10 March
// 2026 14:00, 10 km, call handler. `makeService` defaults pass every rule of that query.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue, type Disposition } from '../directory/catalogue';
import type { Ranking, Service } from '../directory/model';
import { days, everyDay, MON_FRI, nightly, session, week, weeklyTimes } from '../demo/hours';
import { search } from './engine';
import { HOME, makeService, offsetKm, TEST_AT, testQuery, type TestService } from './fixtures';
import { DirectoryIndex } from './index';
import { ageInDays, SearchRequestSchema, toSearchQuery, type Capacity, type SearchOutcome, type SearchQuery } from './model';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const dx = (code: string): Disposition => catalogue.disposition(code)!;
const AT = TEST_AT; // a Tuesday, GMT

function buildIndex(specs: TestService[], rankings: Ranking[] = [], capacities: [number, Capacity][] = []): DirectoryIndex {
  return new DirectoryIndex(specs.map(makeService), { catalogue, calendar, rankings, capacities });
}

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return testQuery(dx('Dx05'), overrides);
}

function run(specs: TestService[], overrides: Partial<SearchQuery> = {}, rankings: Ranking[] = []): SearchOutcome {
  return search(buildIndex(specs, rankings), query(overrides));
}

const ids = (o: SearchOutcome) => o.results.map((r) => r.serviceId);
const gapsOf = (o: SearchOutcome) => o.gaps.map((g) => `${g.serviceId}:${g.rule}`).sort();
const red = (resetAt: Date, reason = 'no beds'): Capacity => ({ status: 'red', reason, setBy: 'ward', setAt: new Date(resetAt.getTime() - 3600_000), resetAt });

describe('first filter: dropped silently (no gap)', () => {
  it('a service that is not active', () => {
    const o = run([{ id: 1, status: 'closed' }, { id: 2, status: 'commissioning' }, { id: 3 }]);
    expect(ids(o)).toEqual([3]);
    expect(o.gaps).toEqual([]);
    expect(o.considered).toBe(1);
  });

  it('outside the search distance, by true distance (not a box)', () => {
    const o = run([
      { id: 1, km: 9.95 },
      { id: 2, km: 10.05 },
      // 7.5 km north and 7.5 km east: inside a 10 km box, 10.6 km away
      { id: 3, ...offsetKm(HOME, 7.5, 7.5) },
    ]);
    expect(ids(o)).toEqual([1]);
    expect(o.gaps).toEqual([]);
  });

  it('symptom group not profiled', () => {
    const o = run([{ id: 1, symptoms: [{ sg: 1004, sd: '4003' }] }, { id: 2 }]);
    expect(ids(o)).toEqual([2]);
    expect(o.gaps).toEqual([]);
  });

  it('sex: female-only and male-only services; "unknown" matches only services open to both', () => {
    const specs: TestService[] = [
      { id: 1, sexes: ['female'], km: 1 },
      { id: 2, sexes: ['male'], km: 2, typeId: 136 },
      { id: 3, km: 3, typeId: 25 },
    ];
    expect(ids(run(specs, { sex: 'female' }))).toEqual([3, 1]); // OOH rank 2 before UTC rank 3
    expect(ids(run(specs, { sex: 'male' }))).toEqual([2, 3]);
    expect(ids(run(specs, { sex: 'unknown' }))).toEqual([3]);
    expect(run(specs, { sex: 'unknown' }).gaps).toEqual([]);
  });

  it('restricted to the patients of certain GP practices', () => {
    const specs: TestService[] = [{ id: 1, typeId: 136, registeredPractices: ['G82001', 'G82002'] }];
    expect(ids(run(specs, { registeredPractice: 'G82002' }))).toEqual([1]);
    expect(run(specs, { registeredPractice: 'G99999' }).results[0]?.catchAll ?? true).toBe(true);
    expect(run(specs, { registeredPractice: 'G99999' }).gaps).toEqual([]);
    expect(run(specs, { registeredPractice: null }).considered).toBe(0);
  });
});

describe('second filter: each rule, and gaps for exactly one failed rule', () => {
  it('1 capacity red: excluded, recorded as a gap with the reason', () => {
    const index = buildIndex([{ id: 1 }, { id: 2, km: 2 }], [], [[1, red(new Date(AT.getTime() + 3600_000), 'no beds')]]);
    const o = search(index, query());
    expect(ids(o)).toEqual([2]);
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'capacity', detail: 'capacity not red (red: no beds)' }]);
  });

  it('1 capacity: an expired red counts as green, and is reported green/expired', () => {
    const resetAt = new Date(AT.getTime() - 60_000);
    const index = buildIndex([{ id: 1 }], [], [[1, red(resetAt)]]);
    const o = search(index, query());
    expect(ids(o)).toEqual([1]);
    expect(o.gaps).toEqual([]);
    expect(o.results[0].capacity).toMatchObject({ status: 'green', reason: null, expired: true, resetAt });
    expect(o.results[0].reasons).toContain('capacity red expired at 13:59: counts as green');
  });

  it('1 capacity: amber is returned with its reason', () => {
    const amber: Capacity = { status: 'amber', reason: 'long waits', setBy: 'nurse in charge', setAt: new Date(AT.getTime() - 600_000), resetAt: new Date(AT.getTime() + 3600_000) };
    const o = search(buildIndex([{ id: 1 }], [], [[1, amber]]), query());
    expect(o.results[0].capacity).toMatchObject({ status: 'amber', reason: 'long waits', expired: false });
    expect(o.results[0].reasons).toContain('capacity amber: long waits');
  });

  it('2 not profiled for every requested discriminator', () => {
    const o = run([{ id: 1, symptoms: [{ sg: 1011, sd: '4003' }] }, { id: 2, symptoms: [{ sg: 1011, sd: '4003' }, { sg: 1011, sd: '4052' }], km: 3 }], { symptomDiscriminators: ['4003', '4052'] });
    expect(ids(o)).toEqual([2]);
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'discriminator', detail: 'profiled for SG 1011 with SD 4052' }]);
  });

  it('2 a discriminator nobody in the group is profiled for', () => {
    const o = run([{ id: 1 }], { symptomDiscriminators: ['4003', '14000'] });
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'discriminator', detail: 'profiled for SG 1011 with SD 14000' }]);
    const both = run([{ id: 1 }, { id: 2, symptoms: [{ sg: 1011, sd: '4052' }] }], { symptomDiscriminators: ['4052', '14000', '4003'] });
    expect([...both.gaps].sort((a, b) => a.serviceId - b.serviceId)).toEqual([
      { serviceId: 1, rule: 'discriminator', detail: 'profiled for SG 1011 with SD 4052, 14000' },
      { serviceId: 2, rule: 'discriminator', detail: 'profiled for SG 1011 with SD 14000, 4003' },
    ]);
  });

  it('3 disposition not accepted', () => {
    const o = run([{ id: 1, dispositions: ['Dx06'] }, { id: 2, km: 2 }]);
    expect(ids(o)).toEqual([2]);
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'disposition', detail: 'accepts Dx05' }]);
  });

  it('4 referral role not allowed', () => {
    const specs: TestService[] = [{ id: 1, referralRoles: ['clinician', 'provider'] }];
    expect(run(specs).gaps).toEqual([{ serviceId: 1, rule: 'referral-role', detail: 'takes referrals from a call handler' }]);
    expect(ids(run(specs, { referralRole: 'clinician' }))).toEqual([1]);
  });

  it('5 age: both ends included, one day outside excluded', () => {
    const specs: TestService[] = [{ id: 1, ageFromDays: 365, ageToDays: 5844 }];
    expect(ids(run(specs, { ageDays: 365 }))).toEqual([1]);
    expect(ids(run(specs, { ageDays: 5844 }))).toEqual([1]);
    expect(gapsOf(run(specs, { ageDays: 364 }))).toEqual(['1:age']);
    expect(gapsOf(run(specs, { ageDays: 5845 }))).toEqual(['1:age']);
    expect(run(specs, { ageDays: 364 }).gaps[0].detail).toBe('accepts age 364 days (11 months)');
  });

  it('5 age: months and years convert at 30.4375 and 365.25 days, rounded down', () => {
    expect(ageInDays(12, 'months')).toBe(365);
    expect(ageInDays(1, 'years')).toBe(365);
    expect(ageInDays(16, 'years')).toBe(5844);
    expect(ageInDays(6, 'months')).toBe(182);
    expect(ageInDays(10, 'days')).toBe(10);
    const specs: TestService[] = [{ id: 1, ageFromDays: 365, ageToDays: 5844 }];
    expect(ids(run(specs, { ageDays: ageInDays(12, 'months') }))).toEqual([1]);
    expect(ids(run(specs, { ageDays: ageInDays(16, 'years') }))).toEqual([1]);
    expect(gapsOf(run(specs, { ageDays: ageInDays(11, 'months') }))).toEqual(['1:age']);
    expect(gapsOf(run(specs, { ageDays: ageInDays(17, 'years') }))).toEqual(['1:age']);
  });

  it('7 limited to other areas; a service limited to or promoted into the patient’s area passes', () => {
    const specs: TestService[] = [
      { id: 1, limitedTo: ['ek-thanet'] },
      { id: 2, limitedTo: ['ek-canterbury'], km: 2 },
      { id: 3, limitedTo: ['ek-thanet'], promotedInto: ['ek-canterbury'], km: 3, typeId: 25 },
    ];
    const o = run(specs);
    expect(ids(o).sort()).toEqual([2, 3]);
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'area', detail: 'offered in area ek-canterbury' }]);
    expect(gapsOf(run(specs, { areaCode: null }))).toEqual(['1:area', '2:area', '3:area']);
  });

  it('two failed rules: not returned and not a gap', () => {
    const o = run([
      { id: 1, dispositions: ['Dx06'], referralRoles: ['clinician'] },
      { id: 2, ageFromDays: 20_000, openingTimes: everyDay([session('20:00', '22:00')]) },
      { id: 3, dispositions: ['Dx06'], km: 2 },
    ]);
    expect(o.gaps).toEqual([{ serviceId: 3, rule: 'disposition', detail: 'accepts Dx05' }]);
    expect(o.catchAll).toBe(true);
  });
});

describe('nearest gaps', () => {
  it('gives the k nearest gaps, nearest first, and agrees with the full list', () => {
    // Services 1–12 fail only the disposition rule, at 12, 11 … 1 km (within 20); service 50 is returned.
    const specs: TestService[] = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: i + 1, km: 12 - i, dispositions: ['Dx28'] })),
      { id: 50, km: 15 },
    ];
    const o = run(specs, { distanceKm: 20 });
    expect(ids(o)).toEqual([50]);
    expect(o.nearestGaps!(3).map((g) => g.serviceId)).toEqual([12, 11, 10]);
    expect(o.nearestGaps!(3)[0]).toEqual(o.gaps.find((g) => g.serviceId === 12));
    expect(o.nearestGaps!(100).map((g) => g.serviceId).sort((a, b) => a - b)).toEqual(o.gaps.map((g) => g.serviceId).sort((a, b) => a - b));
    expect(Object.keys(o)).not.toContain('nearestGaps');
  });

  it('with keepGaps, keeps only the k nearest (nearest first, same details) and changes nothing else', () => {
    const specs: TestService[] = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: i + 1, km: 12 - i, dispositions: ['Dx28'] })),
      { id: 20, km: 0.5, symptoms: [{ sg: 1011, sd: '4052' }] },
      { id: 21, km: 0.7 },
      { id: 50, km: 15 },
    ];
    const index = buildIndex(specs, [], [[21, red(new Date(AT.getTime() + 3600_000), 'no beds')]]);
    const all = search(index, query({ distanceKm: 20 }));
    const kept = search(index, query({ distanceKm: 20, keepGaps: 4 }));
    expect(kept.gaps.map((g) => g.serviceId)).toEqual([20, 21, 12, 11]);
    expect(kept.gaps).toEqual(all.nearestGaps!(4));
    expect(kept.gaps[1]).toEqual({ serviceId: 21, rule: 'capacity', detail: 'capacity not red (red: no beds)' });
    expect(kept.nearestGaps!(2)).toEqual(kept.gaps.slice(0, 2));
    expect(kept.results).toEqual(all.results);
    expect(kept.considered).toBe(all.considered);
    expect(search(index, query({ distanceKm: 20, keepGaps: 0 })).gaps).toEqual([]);
    expect(search(index, query({ distanceKm: 20, keepGaps: 100 })).gaps).toEqual(all.nearestGaps!(100));
  });
});

describe('6 open in the disposition’s window', () => {
  // Search at 14:00. Each case: a service opening one minute inside the window, and one minute outside.
  const cases: [string, Disposition, string, string][] = [
    ['immediate (+60 min)', dx('Dx32'), '15:00', '15:01'],
    ['≤ 30 min (+30 min)', dx('Dx34'), '14:30', '14:31'],
    ['31–60 min (+ the timeframe)', { code: 'Dx945', title: '45 minutes', group: 'clinician-callback', timeframe: { kind: 'minutes', minutes: 45 } }, '14:45', '14:46'],
    ['> 60 min (+ timeframe − 60)', dx('Dx110'), '17:00', '17:01'],
  ];
  for (const [label, disposition, inside, outside] of cases) {
    it(`${label}: opening at ${inside} passes, at ${outside} is a gap`, () => {
      const o = run(
        [
          { id: 1, dispositions: [disposition.code], openingTimes: everyDay([session(inside, '23:00')]) },
          { id: 2, dispositions: [disposition.code], openingTimes: everyDay([session(outside, '23:00')]), typeId: 136 },
        ],
        { disposition },
      );
      expect(ids(o)).toEqual([1]);
      expect(o.results[0]).toMatchObject({ openNow: false, opensAt: london(`2026-03-10T${inside}`), closesAt: london('2026-03-10T23:00') });
      expect(o.gaps).toHaveLength(1);
      expect(o.gaps[0]).toMatchObject({ serviceId: 2, rule: 'opening' });
    });
  }

  it('closing within 30 minutes is excluded; closing in 30 or 31 minutes is included', () => {
    const o = run([
      { id: 1, openingTimes: everyDay([session('08:00', '14:29')]) },
      { id: 2, openingTimes: everyDay([session('08:00', '14:30')]), typeId: 136 },
      { id: 3, openingTimes: everyDay([session('08:00', '14:31')]), typeId: 25 },
    ]);
    expect(ids(o).sort()).toEqual([2, 3]);
    expect(o.gaps).toEqual([{ serviceId: 1, rule: 'opening', detail: 'open between 14:00 and 15:00, not closing before 14:30' }]);
    const r3 = o.results.find((r) => r.serviceId === 3)!;
    expect(r3).toMatchObject({ openNow: true, opensAt: null, closesAt: london('2026-03-10T14:31') });
    expect(r3.reasons).toContain('open now until 14:31');
  });

  it('a 24/7 service passes and is open with no closing time', () => {
    const o = run([{ id: 1 }]);
    expect(o.results[0]).toMatchObject({ openNow: true, opensAt: null, closesAt: null });
    expect(o.results[0].reasons).toContain('open now (24 hours)');
  });

  it('opening later in a long window: "opens at …, within the 4-hour window"', () => {
    const o = run([{ id: 1, dispositions: ['Dx110'], openingTimes: nightly('16:00', '08:00') }], { disposition: dx('Dx110') });
    expect(o.results[0].reasons).toContain('opens at 16:00, within the 4-hour window');
    expect(o.results[0].closesAt).toEqual(london('2026-03-11T08:00'));
    expect(o.windowEnd).toEqual(london('2026-03-10T17:00'));
  });

  it('GP practices closed on a bank holiday (Good Friday) are gaps; out-of-hours open', () => {
    const gp = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')])), { bankHoliday: [] });
    const o = run(
      [
        { id: 1, typeId: 100, openingTimes: gp },
        { id: 2, typeId: 25, openingTimes: weeklyTimes(week(), { bankHoliday: [session('00:00', '24:00')] }) },
      ],
      { at: london('2026-04-03T10:00') },
    );
    expect(ids(o)).toEqual([2]);
    expect(gapsOf(o)).toEqual(['1:opening']);
  });

  it('DST, last Sunday of March: a 09:00 BST opening is one hour after 08:00 BST', () => {
    // 29 March 2026: clocks go forward at 01:00 GMT. Search 08:30 BST (07:30Z), Dx11 (window + 60 min).
    const o = run([{ id: 1, dispositions: ['Dx11'], openingTimes: everyDay([session('09:00', '17:00')]) }], { disposition: dx('Dx11'), at: london('2026-03-29T08:30') });
    expect(o.results[0]).toMatchObject({ openNow: false, opensAt: new Date('2026-03-29T08:00:00Z'), closesAt: new Date('2026-03-29T16:00:00Z') });
    // At 00:30 GMT a 02:00 opening (which is 01:00Z, the moment the clocks change) is 30 minutes away.
    const early = run([{ id: 1, dispositions: ['Dx34'], openingTimes: everyDay([session('02:00', '05:00')]) }], { disposition: dx('Dx34'), at: new Date('2026-03-29T00:30:00Z') });
    expect(early.results[0]?.opensAt).toEqual(new Date('2026-03-29T01:00:00Z'));
  });

  it('DST, last Sunday of October: the repeated hour counts twice', () => {
    // 25 October 2026: clocks go back at 02:00 BST (01:00Z). 00:00–02:00 local lasts three hours.
    const times = weeklyTimes(week(days(['sun'], [session('00:00', '02:00')])), { bankHoliday: null });
    const at = new Date('2026-10-25T01:15:00Z'); // 01:15 GMT, the second 01:15
    const o = run([{ id: 1, dispositions: ['Dx34'], openingTimes: times }], { disposition: dx('Dx34'), at });
    expect(o.results[0]).toMatchObject({ openNow: true, closesAt: new Date('2026-10-25T02:00:00Z') });
    expect(o.results[0].reasons).toContain('open now until 02:00');
    // 01:40Z: 20 minutes before closing → a gap.
    expect(gapsOf(run([{ id: 1, dispositions: ['Dx34'], openingTimes: times }], { disposition: dx('Dx34'), at: new Date('2026-10-25T01:40:00Z') }))).toEqual(['1:opening']);
  });
});

describe('ordering', () => {
  it('by the national rank of the type, then by distance', () => {
    const o = run([
      { id: 1, typeId: 105, km: 1 }, // ED rank 7
      { id: 2, typeId: 135, km: 3 }, // UTC rank 3
      { id: 3, typeId: 136, km: 5 }, // GP access hub rank 2
      { id: 4, typeId: 135, km: 2 },
    ]);
    expect(ids(o)).toEqual([3, 4, 2, 1]);
    expect(o.results.map((r) => r.rank)).toEqual([2, 3, 3, 7]);
  });

  it('an area ranking strategy overrides the national rank, in that area only', () => {
    const specs: TestService[] = [
      { id: 1, typeId: 105, km: 1 },
      { id: 2, typeId: 135, km: 3 },
    ];
    const rankings: Ranking[] = [{ areaCode: 'ek-canterbury', serviceTypeId: 105, rank: 1 }];
    expect(ids(run(specs, {}, rankings))).toEqual([1, 2]);
    expect(run(specs, {}, rankings).results[0].rank).toBe(1);
    expect(ids(run(specs, { areaCode: 'ek-thanet' }, rankings))).toEqual([2, 1]);
  });

  it('within a rank: own GP practice, then commissioned for the area, then the rest; ties by distance', () => {
    const o = run(
      [
        { id: 1, typeId: 14, km: 1 }, // optician, rank 1, other
        { id: 2, typeId: 13, km: 2, commissionedFor: ['ek-canterbury'] }, // pharmacy, rank 1, commissioned
        { id: 3, typeId: 100, km: 6, odsCode: 'G82001' }, // the patient's own practice, rank 1
        { id: 4, typeId: 13, km: 1.5 }, // pharmacy, other
      ],
      { registeredPractice: 'G82001' },
    );
    expect(ids(o)).toEqual([3, 2, 1, 4]);
    expect(o.results.map((r) => r.tier)).toEqual(['own-gp', 'commissioned', 'other', 'other']);
    expect(o.results[0].reasons).toContain('your own GP practice');
  });

  it('the home practice wins the single GP-practice place over a nearer practice', () => {
    const specs: TestService[] = [
      { id: 1, typeId: 100, km: 1, odsCode: 'G82009' },
      { id: 2, typeId: 100, km: 8, odsCode: 'G82001' },
    ];
    expect(ids(run(specs, { registeredPractice: 'G82001' }))).toEqual([2]);
    expect(ids(run(specs))).toEqual([1]);
  });

  it('services promoted into the area go below all local ones', () => {
    const o = run([
      { id: 1, typeId: 135, km: 1, commissionedFor: ['ek-thanet'], promotedInto: ['ek-canterbury'] },
      { id: 2, typeId: 105, km: 8 }, // ED rank 7, local
      { id: 3, typeId: 136, km: 4, commissionedFor: ['ek-canterbury'] },
    ]);
    expect(ids(o)).toEqual([3, 2, 1]);
    expect(o.results.map((r) => r.tier)).toEqual(['commissioned', 'other', 'promoted']);
    expect(o.results[2].reasons).toContain('offered into your area from elsewhere');
  });

  it('at most one result per type for GP practice, two for UTC; up to the limit', () => {
    const specs: TestService[] = [
      { id: 1, typeId: 100, km: 1 },
      { id: 2, typeId: 100, km: 2 },
      { id: 3, typeId: 135, km: 3 },
      { id: 4, typeId: 135, km: 4 },
      { id: 5, typeId: 135, km: 5 },
      { id: 6, typeId: 105, km: 6 },
    ];
    expect(ids(run(specs))).toEqual([1, 3, 4, 6]);
    expect(ids(run(specs, { limit: 2 }))).toEqual([1, 3]);
  });
});

describe('catch-all', () => {
  const eds: TestService[] = [
    { id: 11, typeId: 105, km: 5, symptoms: [{ sg: 1004, sd: '4052' }], dispositions: ['Dx02'] },
    { id: 12, typeId: 105, km: 20, symptoms: [{ sg: 1004, sd: '4052' }], dispositions: ['Dx02'] },
    { id: 13, typeId: 105, km: 45, symptoms: [{ sg: 1004, sd: '4052' }], dispositions: ['Dx02'] },
    { id: 14, typeId: 105, km: 61, symptoms: [{ sg: 1004, sd: '4052' }], dispositions: ['Dx02'] },
  ];

  it('nothing fits: the two nearest emergency departments within 60 km, red ones too, marked catch-all', () => {
    const index = buildIndex([...eds, { id: 1, dispositions: ['Dx06'] }], [], [[11, red(new Date(AT.getTime() + 3600_000))]]);
    const o = search(index, query());
    expect(o.catchAll).toBe(true);
    expect(ids(o)).toEqual([11, 12]);
    expect(o.results.every((r) => r.catchAll)).toBe(true);
    expect(o.results[0].capacity.status).toBe('red');
    expect(o.results[0].reasons).toContain('nearest emergency department: nothing else fitted (catch-all)');
    expect(gapsOf(o)).toEqual(['1:disposition']);
  });

  it('none beyond 60 km', () => {
    const o = run([eds[3]]);
    expect(o.catchAll).toBe(true);
    expect(o.results).toEqual([]);
  });

  it('not used when something fits', () => {
    const o = run([...eds, { id: 1, km: 9 }]);
    expect(o.catchAll).toBe(false);
    expect(ids(o)).toEqual([1]);
  });

  it('inactive emergency departments are not offered', () => {
    const o = run([{ ...eds[0], status: 'closed' }, eds[1], eds[2]]);
    expect(ids(o)).toEqual([12, 13]);
  });
});

describe('explain', () => {
  it('lists every service within the distance not returned, with all its rules', () => {
    const index = buildIndex(
      [
        { id: 1, km: 1 },
        { id: 2, km: 2, status: 'closed' },
        { id: 3, km: 3, symptoms: [{ sg: 1004, sd: '4003' }] },
        { id: 4, km: 4, dispositions: ['Dx06'], referralRoles: ['clinician'] },
        { id: 5, km: 5, sexes: ['male'] },
        { id: 6, km: 6, typeId: 135 }, // a third UTC: ranked out
        { id: 7, km: 5.5, typeId: 135 },
        { id: 8, km: 12 }, // beyond the distance: not listed
        { id: 9, km: 7, registeredPractices: ['G82001'] },
      ],
      [],
      [[1, red(new Date(AT.getTime() + 60_000))]],
    );
    const o = search(index, query({ explain: true }));
    expect(ids(o)).toEqual([7, 6]);
    const byId = new Map(o.excluded!.map((e) => [e.serviceId, e.rules.map((r) => r.rule)]));
    expect(Object.fromEntries(byId)).toEqual({
      1: ['capacity'],
      2: ['status'],
      3: ['symptom-group'],
      4: ['disposition', 'referral-role'],
      5: ['sex'],
      9: ['registered-practice'],
    });
    expect(o.excluded!.find((e) => e.serviceId === 4)!.distanceKm).toBe(4);
    // The gap agrees with the explanation.
    expect(gapsOf(o)).toEqual(['1:capacity']);
  });

  it('says when a service passed every rule but was ranked out', () => {
    const o = search(buildIndex([{ id: 1, km: 1 }, { id: 2, km: 2 }, { id: 3, km: 3 }]), query({ explain: true }));
    expect(o.excluded).toEqual([{ serviceId: 3, name: 'Service 3', typeId: 135, distanceKm: 3, rules: [{ rule: 'ranking', detail: '2 Urgent treatment centre results already offered (at most 2 of a type)' }] }]);
    const limited = search(buildIndex([{ id: 1, km: 1 }, { id: 2, km: 2, typeId: 136 }]), query({ explain: true, limit: 1 }));
    expect(limited.excluded![0].rules[0]).toEqual({ rule: 'ranking', detail: 'ranked below the first 1 results (the limit)' });
  });

  it('is absent without explain', () => {
    expect(run([{ id: 1 }]).excluded).toBeUndefined();
  });
});

describe('results', () => {
  it('carry what a call handler needs, and plain-English reasons', () => {
    const o = run([{ id: 7, km: 2.34, access: { walkIn: true }, openingTimes: everyDay([session('08:00', '20:00')]) }]);
    const r = o.results[0];
    expect(r).toMatchObject({ serviceId: 7, name: 'Service 7', typeId: 135, typeName: 'Urgent treatment centre', distanceKm: 2.3, rank: 3, tier: 'other', catchAll: false });
    expect(r.capacity).toEqual({ status: 'green', reason: null, setAt: null, resetAt: null, expired: false });
    expect(r.reasons).toEqual(['2.3 km away', 'open now until 20:00', 'walk in', 'refer by FHIR to https://fhir.example.nhs.uk/7']);
  });

  it('gaps read the same however often they are read, and survive later searches', () => {
    const index = buildIndex([{ id: 1, dispositions: ['Dx06'] }, { id: 2, km: 2 }]);
    const first = search(index, query());
    const second = search(index, query({ disposition: dx('Dx06') }));
    expect(first.gaps).toEqual([{ serviceId: 1, rule: 'disposition', detail: 'accepts Dx05' }]);
    expect(first.gaps).toBe(first.gaps);
    expect(second.gaps).toEqual([{ serviceId: 2, rule: 'disposition', detail: 'accepts Dx06' }]);
    expect(JSON.parse(JSON.stringify(first)).gaps).toHaveLength(1);
    expect({ ...first }.gaps).toHaveLength(1);
  });
});

describe('request schema', () => {
  const base = { location: { postcode: 'CT1 1AA' }, age: { value: 30, unit: 'years' }, sex: 'female', disposition: 'Dx05', symptomGroup: 1011, symptomDiscriminators: ['4003'] };
  it('applies defaults', () => {
    expect(SearchRequestSchema.parse(base)).toMatchObject({ referralRole: 'call-handler', limit: 10, explain: false });
  });
  it('rejects an age above 130 years with "age out of range"', () => {
    const r = SearchRequestSchema.safeParse({ ...base, age: { value: 131, unit: 'years' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['age'], message: 'age out of range' });
    expect(SearchRequestSchema.safeParse({ ...base, age: { value: 130, unit: 'years' } }).success).toBe(true);
  });
  it('rejects coordinates outside the UK and distances outside 1–99 km', () => {
    expect(SearchRequestSchema.safeParse({ ...base, location: { lat: 40, lon: 0 } }).success).toBe(false);
    expect(SearchRequestSchema.safeParse({ ...base, distanceKm: 100 }).success).toBe(false);
  });
  it('toSearchQuery joins a request with what the caller resolved', () => {
    const request = SearchRequestSchema.parse({ ...base, age: { value: 6, unit: 'months' }, registeredPractice: 'g82001' });
    const q = toSearchQuery(request, { ...HOME, areaCode: 'ek-canterbury', defaultDistanceKm: 30, disposition: dx('Dx05'), now: AT });
    expect(q).toMatchObject({ ageDays: 182, distanceKm: 30, at: AT, registeredPractice: 'G82001' });
  });
});

describe('a random directory agrees with a plain statement of the rules', () => {
  // The reference: every rule written out over Service objects with window.ts, no index.
  it('results, order, gaps and catch-all', async () => {
    const { reference } = await import('./reference');
    const { Random } = await import('../demo/random');
    const r = new Random(11);
    const TYPES = [100, 136, 25, 135, 105, 13, 133];
    const DX = ['Dx05', 'Dx06', 'Dx11', 'Dx110', 'Dx32', 'Dx09'];
    const TIMES = [undefined, everyDay([session('08:00', '18:30')]), nightly('19:00', '08:00'), weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')]))), everyDay([session('14:20', '14:40')])];
    for (let round = 0; round < 40; round++) {
      const specs: TestService[] = Array.from({ length: 60 }, (_, i) => {
        const p = offsetKm(HOME, (r.next() - 0.5) * 50, (r.next() - 0.5) * 50);
        return {
          id: i + 1,
          ...p,
          typeId: r.pick(TYPES),
          status: r.chance(0.9) ? 'active' : 'closed',
          odsCode: r.chance(0.3) ? r.pick(['G1', 'G2', 'G3'].map((x) => `${x}0001`)) : undefined,
          dispositions: DX.filter(() => r.chance(0.5)).concat('Dx05'),
          symptoms: [{ sg: 1011, sd: '4003' }, ...(r.chance(0.5) ? [{ sg: 1011, sd: '4052' }] : []), ...(r.chance(0.3) ? [{ sg: 1004, sd: '4003' }] : [])],
          sexes: r.pick([['female', 'male'], ['female'], ['male']] as const).slice(),
          ageFromDays: r.pick([0, 0, 365, 6574]),
          ageToDays: r.pick([47_483, 47_483, 5844]),
          registeredPractices: r.chance(0.1) ? ['G10001'] : [],
          referralRoles: r.chance(0.8) ? undefined : ['clinician'],
          openingTimes: r.pick(TIMES),
          commissionedFor: r.chance(0.4) ? ['ek-canterbury'] : r.chance(0.3) ? ['ek-thanet'] : [],
          limitedTo: r.chance(0.1) ? ['ek-thanet'] : [],
          promotedInto: r.chance(0.15) ? ['ek-canterbury'] : [],
        };
      });
      const services: Service[] = specs.map(makeService);
      const rankings: Ranking[] = r.chance(0.5) ? [{ areaCode: 'ek-canterbury', serviceTypeId: 105, rank: 2 }] : [];
      const capacities: [number, Capacity][] = specs.filter(() => r.chance(0.1)).map((s) => [s.id, r.chance(0.5) ? red(new Date(AT.getTime() + 600_000)) : red(new Date(AT.getTime() - 1))]);
      const index = new DirectoryIndex(services, { catalogue, calendar, rankings, capacities });
      for (let k = 0; k < 10; k++) {
        const q = query({
          disposition: dx(r.pick(DX)),
          symptomDiscriminators: r.chance(0.3) ? ['4003', '4052'] : ['4003'],
          sex: r.pick(['female', 'male', 'unknown'] as const),
          ageDays: r.pick([100, 400, 6000, 12000]),
          distanceKm: r.pick([5, 10, 20, 30]),
          registeredPractice: r.chance(0.5) ? r.pick(['G10001', 'G20001']) : null,
          referralRole: r.chance(0.8) ? 'call-handler' : 'clinician',
          areaCode: r.pick(['ek-canterbury', 'ek-thanet', null]),
          at: new Date(AT.getTime() + r.int(-20, 20) * 30 * 60_000),
          limit: r.pick([3, 10]),
        });
        const got = search(index, q);
        const want = reference(services, new Map(capacities), rankings, catalogue, calendar, q);
        const label = JSON.stringify({ round, k, q: { ...q, disposition: q.disposition.code } });
        expect(ids(got), label).toEqual(want.results);
        expect(got.catchAll, label).toBe(want.catchAll);
        expect(gapsOf(got), label).toEqual(want.gaps);
        expect(got.considered, label).toBe(want.considered);
        const kept = search(index, { ...q, keepGaps: 5 });
        expect(kept.gaps, label).toEqual(got.nearestGaps!(5));
        expect(ids(kept), label).toEqual(want.results);
      }
    }
  });
});
