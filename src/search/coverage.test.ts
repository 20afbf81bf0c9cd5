import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { buildDemoCommunity, CATHETER_ROTA_FRIDAYS, CATHETER_ROTA_START, eastKentDistricts, EAST_KENT_AREAS } from '../demo/community';
import { SD_BLOCKED_CATHETER, SD_CATHETER_INFECTION, SD_CATHETER_LEAKING, SD_CATHETER_OUT, SG_CATHETER } from '../demo/coverage';
import { days, everyDay, everyNDays, MON_FRI, session, week, weeklyTimes } from '../demo/hours';
import { coverageGaps, type CoverageGap, type CoveragePlace, type CoverageReport } from './coverage';
import { demoServices, HOME, makeService, offsetKm, parseDistricts, type TestService } from './fixtures';
import { DirectoryIndex } from './index';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();
const HOME_PLACE: CoveragePlace = { areaCode: 'ek-canterbury', name: 'Canterbury', ...HOME };

const labels = (report: CoverageReport, dx = 'Dx05', sg = 1011, sd = '4003', area = 'ek-canterbury') =>
  report.gaps.filter((g) => g.disposition === dx && g.symptomGroup === sg && g.discriminator === sd && g.areaCode === area).map((g) => g.label);

describe('coverage gaps in a hand-built directory with a known hole', () => {
  // Day service Mon–Fri 08:00–18:00 (closed on bank holidays); evening service every day 19:00–23:00.
  const day = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:00')])), { bankHoliday: [] });
  const evening = everyDay([session('19:00', '23:00')]);
  const base: TestService[] = [
    { id: 1, openingTimes: day, km: 3 },
    { id: 2, openingTimes: evening, km: 5, ageFromDays: 20_000, referralRoles: ['clinician'] },
  ];
  const report = (specs: TestService[], weekStart = '2026-03-09', options: Partial<Parameters<typeof coverageGaps>[1]> = {}) =>
    coverageGaps(new DirectoryIndex(specs.map(makeService), { catalogue, calendar }), { weekStart, places: [HOME_PLACE], distanceKm: () => 10, ...options });

  it('finds the hole between the services, per local day, ignoring eligibility and referral role', () => {
    const r = report(base);
    expect(labels(r)).toEqual([
      ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].flatMap((d) => [`${d} 00:00–08:00`, `${d} 18:00–19:00`, `${d} 23:00–24:00`]),
      ...['Sat', 'Sun'].flatMap((d) => [`${d} 00:00–19:00`, `${d} 23:00–24:00`]),
    ]);
    const monday = r.gaps.find((g) => g.label === 'Mon 18:00–19:00')!;
    expect(monday).toMatchObject<Partial<CoverageGap>>({ disposition: 'Dx05', symptomGroup: 1011, discriminator: '4003', areaCode: 'ek-canterbury', place: 'Canterbury', from: london('2026-03-09T18:00'), to: london('2026-03-09T19:00') });
    expect(r.totals).toMatchObject({ triples: 1, places: 1, slots: 336, checked: 336, ranges: 19, triplePlacesWithGaps: 1 });
    expect(r.totals.uncoveredSlots).toBe(5 * (16 + 2 + 2) + 2 * (38 + 2));
  });

  it('a service closing within 30 minutes of a slot does not cover it; closing 30 minutes after does', () => {
    const r = report([{ id: 1, openingTimes: everyDay([session('08:00', '17:50')]) }]);
    expect(labels(r)[0]).toBe('Mon 00:00–08:00');
    expect(labels(r)[1]).toBe('Mon 17:30–24:00');
  });

  it('ignores capacity, but not status, distance or area limits', () => {
    const index = new DirectoryIndex(base.map(makeService), { catalogue, calendar, capacities: [[2, { status: 'red', reason: null, setBy: null, setAt: new Date(0), resetAt: new Date(4e12) }]] });
    expect(labels(coverageGaps(index, { weekStart: '2026-03-09', places: [HOME_PLACE], distanceKm: () => 10 }))).toContain('Mon 18:00–19:00');
    expect(labels(coverageGaps(index, { weekStart: '2026-03-09', places: [HOME_PLACE], distanceKm: () => 10 }))).not.toContain('Mon 19:00–23:00');
    const cover: TestService = { id: 3, openingTimes: everyDay([session('17:00', '20:00')]) };
    expect(labels(report([...base, cover]))).not.toContain('Mon 18:00–19:00');
    expect(labels(report([...base, { ...cover, status: 'closed' }]))).toContain('Mon 18:00–19:00');
    expect(labels(report([...base, { ...cover, ...offsetKm(HOME, 12) }]))).toContain('Mon 18:00–19:00');
    expect(labels(report([...base, { ...cover, limitedTo: ['ek-thanet'] }]))).toContain('Mon 18:00–19:00');
    expect(labels(report([...base, { ...cover, limitedTo: ['ek-thanet'], promotedInto: ['ek-canterbury'] }]))).not.toContain('Mon 18:00–19:00');
    // Accepting the disposition and the SG/SD in one service is what counts.
    expect(labels(report([...base, { ...cover, dispositions: ['Dx06'] }]))).toContain('Mon 18:00–19:00');
  });

  it('window mode applies the search’s window rule for each disposition', () => {
    const r = report(base, '2026-03-09', { mode: 'window' });
    // Dx05 (2 h): window + 60 min, so 18:00 is covered by the 19:00 opening; 23:00 is not covered until 07:00.
    expect(labels(r)).toEqual([
      ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].flatMap((d) => [`${d} 00:00–07:00`, `${d} 23:00–24:00`]),
      ...['Sat', 'Sun'].flatMap((d) => [`${d} 00:00–18:00`, `${d} 23:00–24:00`]),
    ]);
  });

  it('window mode counts working days: a weekday practice covers a "next working day" from Friday night to Sunday', () => {
    const practice: TestService = { id: 1, openingTimes: day, km: 3, dispositions: ['Dx115'] };
    const r = report([practice], '2026-03-09', { mode: 'window', dispositions: ['Dx115'] });
    // The window ends with the next working day, so every slot, Friday night and the weekend too,
    // reaches a weekday opening (counted as 24 hours, Friday 19:00 would reach only Saturday).
    expect(labels(r, 'Dx115')).toEqual([]);
    // Over Easter (Good Friday and Easter Monday are bank holidays), Thursday night reaches Tuesday.
    expect(labels(report([practice], '2026-03-30', { mode: 'window', dispositions: ['Dx115'] }), 'Dx115')).toEqual([]);
  });

  it('bank holidays: Good Friday and Easter Monday', () => {
    const easter = labels(report(base, '2026-03-30'));
    expect(easter).toContain('Fri 00:00–19:00');
    expect(labels(report(base, '2026-04-06'))).toContain('Mon 00:00–19:00');
  });

  it('DST: the spring week has 334 slots and local labels; the autumn week 350', () => {
    const spring = report(base, '2026-03-23');
    expect(spring.totals.slots).toBe(48 * 6 + 46);
    const sunday = spring.gaps.filter((g) => g.label.startsWith('Sun'));
    expect(sunday.map((g) => g.label)).toEqual(['Sun 00:00–19:00', 'Sun 23:00–24:00']);
    expect(sunday[0].to.getTime() - sunday[0].from.getTime()).toBe(18 * 3600_000); // 19 wall hours, 18 real ones
    expect(report(base, '2026-10-19').totals.slots).toBe(48 * 6 + 50);
  });

  it('lists a place with no service in reach once, with no ranges for it', () => {
    const far: CoveragePlace = { areaCode: 'lancs-preston', name: 'Preston', lat: 53.76, lon: -2.7 };
    const r = report(base, '2026-03-09', { places: [HOME_PLACE, far] });
    expect(r.placesWithoutServices).toEqual([far]);
    expect(r.totals.placesWithoutServices).toBe(1);
    expect(r.gaps.some((g) => g.areaCode === 'lancs-preston')).toBe(false);
    expect(labels(r)).toContain('Mon 18:00–19:00');
    // A service there, but only for another disposition than the one asked for, is no service.
    const prestonDx06: TestService = { id: 9, lat: far.lat, lon: far.lon, dispositions: ['Dx06'] };
    expect(report([...base, prestonDx06], '2026-03-09', { places: [far], dispositions: ['Dx05'] }).placesWithoutServices).toEqual([far]);
    expect(report([...base, prestonDx06], '2026-03-09', { places: [far] }).placesWithoutServices).toEqual([]);
  });

  it('restricts to the dispositions asked for, and needs a Monday', () => {
    const specs = [...base, { id: 3, dispositions: ['Dx06'], symptoms: [{ sg: 1004, sd: '4003' }] }];
    expect(report(specs).totals.triples).toBe(2);
    expect(report(specs, '2026-03-09', { dispositions: ['Dx06'] }).gaps.every((g) => g.disposition === 'Dx06')).toBe(true);
    expect(() => report(specs, '2026-03-10')).toThrow(/weekStart must be a Monday/);
  });
});

describe('coverage gaps in the demo community (East Kent)', () => {
  let index: DirectoryIndex;
  let places: CoveragePlace[];
  let report: CoverageReport;
  // 16 March 2026: no bank holiday, no clock change; the catheter clinic Friday (20 March) is not on the rota.
  const WEEK = '2026-03-16';

  beforeAll(() => {
    const csv = fs.readFileSync(fileURLToPath(new URL('../../data/geo/postcode-districts.csv', import.meta.url)), 'utf8');
    const districts = eastKentDistricts(parseDistricts(csv));
    const community = buildDemoCommunity(catalogue, districts);
    index = new DirectoryIndex(demoServices(community.services, districts), { catalogue, calendar, rankings: community.rankings });
    // One place per area: its most populous district.
    places = EAST_KENT_AREAS.map((area) => {
      const d = districts.filter((x) => x.areaCode === area).sort((a, b) => (b.population ?? 0) - (a.population ?? 0))[0];
      return { areaCode: area, name: `${d.town} (${d.district})`, lat: d.lat, lon: d.lon };
    });
    report = coverageGaps(index, { weekStart: WEEK, places });
  });

  // How long the sweep takes is measured by `npm run bench:coverage`, not asserted here.
  it('sweeps every triple and place', () => {
    expect(index.size).toBeGreaterThanOrEqual(600);
    expect(report.totals.triples).toBeGreaterThan(1000);
    expect(report.totals.places).toBe(4);
  });

  it('community nurse for catheter problems (Dx110, SG 11005): nobody from 17:30 to 19:00 on weekdays, in every area', () => {
    for (const place of places) {
      for (const sd of [SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, '4003']) {
        const got = labels(report, 'Dx110', SG_CATHETER, sd, place.areaCode);
        for (const d of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) expect(got, `${place.name} SD ${sd}`).toContain(`${d} 17:30–19:00`);
        // …and nothing else: the day teams and the night service cover the rest.
        expect(got.every((l) => l.endsWith('17:30–19:00')), `${place.name} SD ${sd}: ${got.join(', ')}`).toBe(true);
      }
      expect(labels(report, 'Dx111', SG_CATHETER, SD_CATHETER_LEAKING, place.areaCode)).toContain('Mon 17:30–19:00');
    }
  });

  it('the same hole is hidden by the window rule (why open-now is the default)', () => {
    const windowed = coverageGaps(index, { weekStart: WEEK, places, mode: 'window', dispositions: ['Dx110'] });
    expect(labels(windowed, 'Dx110', SG_CATHETER, SD_CATHETER_LEAKING, 'ek-thanet')).toEqual([]);
  });

  it('blocked or dislodged catheter: nobody on Fridays off the rota, nor at weekends', () => {
    const rota = new Set(everyNDays(CATHETER_ROTA_START, 14, CATHETER_ROTA_FRIDAYS));
    expect(rota.has('2026-03-20')).toBe(false);
    expect(rota.has('2026-03-13')).toBe(true);
    for (const place of places) {
      for (const sd of [SD_BLOCKED_CATHETER, SD_CATHETER_OUT]) {
        const got = labels(report, 'Dx110', SG_CATHETER, sd, place.areaCode);
        expect(got, place.name).toEqual(expect.arrayContaining(['Fri 00:00–24:00', 'Sat 00:00–24:00', 'Sun 00:00–24:00']));
        // Monday to Thursday the nurse covers 08:30 to 16:30.
        expect(got, place.name).toEqual(expect.arrayContaining(['Mon 00:00–08:30', 'Mon 16:30–24:00']));
      }
    }
    // A week whose Friday is on the rota: Friday is covered in the day.
    const onRota = coverageGaps(index, { weekStart: '2026-03-09', places, dispositions: ['Dx110'] });
    const friday = labels(onRota, 'Dx110', SG_CATHETER, SD_BLOCKED_CATHETER, 'ek-thanet').filter((l) => l.startsWith('Fri'));
    expect(friday).toEqual(['Fri 00:00–08:30', 'Fri 16:30–24:00']);
  });
});
