import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { needsAssessment, parsePopulationCsv, rate } from './needs';

describe('rates per 1,000 with Byar’s limits', () => {
  it('matches the published worked values', () => {
    // 10 events: exact Poisson 95% limits 4.795 – 18.390; Byar gives 4.79 – 18.39.
    const r = rate(10, 1000);
    expect(r.perThousand).toBe(10);
    expect(r.lower95).toBeCloseTo(4.79, 1);
    expect(r.upper95).toBeCloseTo(18.39, 1);
    // 0 events: upper limit 3.69 (exact 3.689).
    expect(rate(0, 1000).upper95).toBeCloseTo(3.69, 1);
    expect(rate(0, 1000).lower95).toBe(0);
  });

  it('scales a 90-day period to a year', () => {
    expect(rate(90, 1000, 365 / 90).perThousand).toBeCloseTo(365, 9);
  });

  it('gives nothing for no people rather than dividing by zero', () => {
    expect(rate(5, 0)).toEqual({ count: 5, perThousand: 0, lower95: 0, upper95: 0 });
  });
});

describe('needs assessment', () => {
  const population = [
    { area: 'E07000106', ageBand: 'adult', people: 100_000 },
    { area: 'E07000106', ageBand: 'child', people: 20_000 },
    { area: 'E07000112', ageBand: 'adult', people: 50_000 },
  ];
  const counts = [
    { area: 'E07000106', ageBand: 'adult', contacts: 2_000, unmet: 20, gaps: 100 },
    { area: 'E07000106', ageBand: 'adult', contacts: 1_000, unmet: 10, gaps: 50 },
    { area: 'E07000106', ageBand: 'child', contacts: 900, unmet: 0, gaps: 9 },
  ];

  it('adds the counts per area and age band and divides by its people', () => {
    const rows = needsAssessment(population, counts);
    expect(rows.map((r) => [r.area, r.ageBand, r.contacts.perThousand, r.unmet.perThousand, r.gaps.perThousand])).toEqual([
      ['E07000106', 'adult', 30, 0.3, 1.5],
      ['E07000106', 'child', 45, 0, 0.45],
      ['E07000112', 'adult', 0, 0, 0],
    ]);
  });

  it('annualises when told the period', () => {
    expect(needsAssessment(population, counts, 73)[0].contacts.perThousand).toBeCloseTo(150, 9);
  });
});

describe('population CSV', () => {
  it('reads area, age band and people', () => {
    expect(parsePopulationCsv('Area,Age_Band,People\nE07000106,adult,"100,000"\nE07000106,child,20000\n')).toEqual([
      { area: 'E07000106', ageBand: 'adult', people: 100_000 },
      { area: 'E07000106', ageBand: 'child', people: 20_000 },
    ]);
  });

  it('refuses bad lines naming line and column, and duplicates', () => {
    let details: unknown;
    try {
      parsePopulationCsv('area,age_band,people\nE1,adult,many\nE1,adult,10\n,child,5\n');
    } catch (error) {
      expect((error as AppError).status).toBe(422);
      details = (error as AppError).details;
    }
    expect(details).toEqual([
      { path: 'line 2, column 3 (people)', message: '"many" is not a whole number of people' },
      { path: 'line 3, column 1 (area)', message: 'E1 adult appears twice' },
      { path: 'line 4, column 1 (area)', message: 'an area is required' },
    ]);
    expect(() => parsePopulationCsv('area,people\n')).toThrow(/missing column age_band \(the file needs area, age_band, people\)/);
    expect(() => parsePopulationCsv('area,age_band,people\n"E1,adult,5\n')).toThrow(/malformed: line \d+/);
  });
});
