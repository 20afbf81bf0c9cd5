import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { days, everyDay, MON_FRI, session, week, weeklyTimes } from '../demo/hours';
import { coverageGaps, type CoveragePlace } from '../search/coverage';
import { HOME, makeService } from '../search/fixtures';
import { DirectoryIndex } from '../search/index';
import { packCoverage, packedRanges, sweepPacked, unpackGaps, type PackedCoverage } from './coverage-report';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();

describe('packing a coverage report for the trip from the worker thread', () => {
  const canterbury: CoveragePlace = { areaCode: 'ek-canterbury', name: 'Canterbury', ...HOME };
  const preston: CoveragePlace = { areaCode: 'lancs-preston', name: 'Preston', lat: 53.76, lon: -2.7 };
  const index = new DirectoryIndex(
    [
      makeService({ id: 1, openingTimes: weeklyTimes(week(days(MON_FRI, [session('08:00', '18:00')])), { bankHoliday: [] }), km: 3 }),
      makeService({ id: 2, openingTimes: everyDay([session('19:00', '23:00')]), km: 5, dispositions: ['Dx05', 'Dx06'] }),
    ],
    { catalogue, calendar },
  );
  const places = [canterbury, preston];
  const report = coverageGaps(index, { weekStart: '2026-03-09', places, distanceKm: () => 10 });
  const packed = packCoverage(report, places);

  it('gives back the same gap ranges, page by page, in the report’s order', () => {
    expect(packedRanges(packed)).toBe(report.gaps.length);
    expect(unpackGaps(packed, 0, 1_000)).toEqual(report.gaps);
    expect([...unpackGaps(packed, 0, 5), ...unpackGaps(packed, 5, 1_000)]).toEqual(report.gaps);
    expect(unpackGaps(packed, report.gaps.length, 10)).toEqual([]);
  });

  it('summarises by area (with the hours of the week the ranges touch) and by disposition; areas without services apart', () => {
    expect(packed.areas).toEqual([{ areaCode: 'ek-canterbury', name: 'Canterbury' }, { areaCode: 'lancs-preston', name: 'Preston' }]);
    expect(packed.areasWithoutServices).toEqual([{ areaCode: 'lancs-preston', name: 'Preston' }]);
    expect(packed.summary.byArea).toHaveLength(1);
    const area = packed.summary.byArea[0];
    expect(area).toMatchObject({ areaCode: 'ek-canterbury', ranges: report.gaps.length, uncoveredSlots: report.totals.uncoveredSlots, triplesWithGaps: 2 });
    // Dx05: Monday 18:00–19:00 uncovered; Dx06 (evening service only): Monday 00:00–19:00.
    expect(area.rangesByHourOfWeek[18]).toBe(2);
    expect(area.rangesByHourOfWeek[9]).toBe(1);
    expect(area.rangesByHourOfWeek[20]).toBe(0);
    expect(area.rangesByHourOfWeek[23]).toBe(2);
    expect(packed.summary.byDisposition.map((d) => d.disposition).sort()).toEqual(['Dx05', 'Dx06']);
    expect(packed.summary.byDisposition.reduce((n, d) => n + d.uncoveredSlots, 0)).toBe(report.totals.uncoveredSlots);
  });

  it('sweeping straight into the packed form gives the same ranges, order and summary', () => {
    const same = (a: PackedCoverage, b: PackedCoverage) => {
      expect(unpackGaps(a, 0, 1e6)).toEqual(unpackGaps(b, 0, 1e6));
      expect(a.summary).toEqual(b.summary);
      expect([a.totals, a.areas, a.areasWithoutServices, a.from, a.to]).toEqual([b.totals, b.areas, b.areasWithoutServices, b.from, b.to]);
    };
    same(sweepPacked(index, { weekStart: '2026-03-09', places, distanceKm: () => 10 }), packed);
    // Spring forward, the window mode, 90-minute slots (ranges spanning hours), places in reverse.
    for (const options of [{ weekStart: '2026-03-23' }, { weekStart: '2026-03-09', mode: 'window' as const }, { weekStart: '2026-10-19', slotMinutes: 90 }]) {
      const all = { ...options, places: [...places].reverse(), distanceKm: () => 10 };
      same(sweepPacked(index, all), packCoverage(coverageGaps(index, all), all.places));
    }
  });
});

describe('packed sweep of the demo community', () => {
  it('matches the object sweep for East Kent and a Lancashire area without services', async () => {
    const fs = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { buildDemoCommunity, eastKentDistricts, EAST_KENT_AREAS } = await import('../demo/community');
    const { demoServices, parseDistricts } = await import('../search/fixtures');
    const csv = fs.readFileSync(fileURLToPath(new URL('../../data/geo/postcode-districts.csv', import.meta.url)), 'utf8');
    const all = parseDistricts(csv);
    const districts = eastKentDistricts(all);
    const community = buildDemoCommunity(catalogue, districts);
    const index = new DirectoryIndex(demoServices(community.services, districts), { catalogue, calendar, rankings: community.rankings });
    const places: CoveragePlace[] = [...EAST_KENT_AREAS, 'lancs-preston'].map((areaCode) => {
      const d = all.filter((x) => x.areaCode === areaCode).sort((a, b) => (b.population ?? 0) - (a.population ?? 0))[0];
      return { areaCode, name: d.district, lat: d.lat, lon: d.lon };
    });
    const options = { weekStart: '2026-03-16', places, distanceKm: () => 30 };
    const packed = sweepPacked(index, options);
    const expected = packCoverage(coverageGaps(index, options), places);
    expect(packedRanges(packed)).toBeGreaterThan(10_000);
    expect(packed.areasWithoutServices.map((a) => a.areaCode)).toEqual(['lancs-preston']);
    expect(unpackGaps(packed, 0, 1e7)).toEqual(unpackGaps(expected, 0, 1e7));
    expect(packed.summary).toEqual(expected.summary);
  });
});
