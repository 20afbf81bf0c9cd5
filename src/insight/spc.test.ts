import { describe, expect, it } from 'vitest';
import { spcChart, xmrLimits } from './spc';

/** 16 points of common-cause noise: mean 10.5, average moving range 31/15, so σ = 1.832. */
const BASE = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11];
/** Hold the limits at the base period's, so appended points are judged against known lines. */
const held = (extra: number[], direction: 'up' | 'down' | 'neither' = 'up', target?: number) =>
  spcChart([...BASE, ...extra], { direction, target, baselinePoints: BASE.length });
const flagged = (chart: ReturnType<typeof spcChart>, rule: string) => chart.points.flatMap((p, i) => (p.rules.includes(rule as never) ? [i] : []));
const appended = (from: number, count: number) => Array.from({ length: count }, (_, i) => BASE.length + from + i);

describe('XmR limits', () => {
  it('uses the mean and the average moving range over 1.128', () => {
    const limits = xmrLimits([1, 3, 2]);
    expect(limits.mean).toBe(2);
    expect(limits.sigma).toBeCloseTo(1.5 / 1.128, 10);
    expect(limits.upper).toBeCloseTo(2 + (3 * 1.5) / 1.128, 10);
    expect(limits.lowerTwoSigma).toBeCloseTo(2 - (2 * 1.5) / 1.128, 10);
  });

  it('works the base series out by hand', () => {
    const limits = xmrLimits(BASE);
    expect(limits.mean).toBe(10.5);
    expect(limits.sigma).toBeCloseTo(31 / 15 / 1.128, 10);
    expect(limits.upper).toBeCloseTo(10.5 + (3 * 31) / 15 / 1.128, 10);
  });
});

describe('Making Data Count rules', () => {
  it('finds only common cause in noise', () => {
    const chart = spcChart(BASE, { direction: 'up' });
    expect(chart.kind).toBe('spc');
    expect(chart.points.every((p) => p.rules.length === 0)).toBe(true);
    expect(chart.variation).toBe('common-cause');
  });

  it('a single point outside the limits', () => {
    const chart = spcChart([...BASE, 20], { direction: 'up' });
    expect(chart.limits!.upper).toBeLessThan(20);
    expect(flagged(chart, 'outside-limits')).toEqual([16]);
    expect(chart.variation).toBe('improvement-high');
    expect(spcChart([...BASE, 20], { direction: 'down' }).variation).toBe('concern-high');
    expect(spcChart([...BASE, 15.9], { direction: 'up', baselinePoints: 16 }).points[16].rules).toEqual([]); // one point beyond 2σ alone is nothing
  });

  // The base series ends above the mean, so a run below it starts with the first appended point.
  it('a shift: seven points on one side of the mean, not six', () => {
    const seven = held([9.5, 9, 9.5, 9, 9.5, 9, 9.5]);
    expect(flagged(seven, 'shift')).toEqual(appended(0, 7));
    expect(seven.points[22].side).toBe('low');
    expect(seven.variation).toBe('concern-low');
    expect(held([9.5, 9, 9.5, 9, 9.5, 9, 9.5], 'down').variation).toBe('improvement-low');
    expect(flagged(held([9.5, 9, 9.5, 9, 9.5, 9, 11]), 'shift')).toEqual([]);
  });

  it('a point exactly on the mean breaks a shift', () => {
    expect(flagged(held([9.5, 9, 9.5, 10.5, 9, 9.5, 9]), 'shift')).toEqual([]);
  });

  it('a trend: seven points each rising, not six; an equal value breaks it', () => {
    const seven = held([8, 8.5, 9, 9.5, 10, 10.5, 11]);
    expect(flagged(seven, 'trend')).toEqual(appended(0, 7));
    expect(flagged(seven, 'shift')).toEqual([]);
    expect(seven.points[22].side).toBe('high');
    expect(flagged(held([8, 8.5, 9, 9.5, 10, 10.5]), 'trend')).toEqual([]);
    expect(flagged(held([8, 8.5, 9, 9, 10, 10.5, 11]), 'trend')).toEqual([]);
    const falling = held([13, 12.5, 12, 11.5, 11, 10.5, 10], 'up');
    expect(flagged(falling, 'trend')).toEqual(appended(0, 7));
    expect(falling.variation).toBe('concern-low');
  });

  it('two of three beyond two sigma on the same side', () => {
    // 2σ above the mean is 10.5 + 2 × 1.832 = 14.16; the upper limit is 16.0.
    const fires = held([15, 10, 15]);
    expect(flagged(fires, 'two-of-three')).toEqual([16, 18]);
    expect(flagged(fires, 'outside-limits')).toEqual([]);
    expect(flagged(held([15, 10, 10]), 'two-of-three')).toEqual([]);
    // One high and one low in the same three points is not the rule.
    expect(flagged(held([15, 10, 6]), 'two-of-three')).toEqual([]);
    const low = held([6.5, 6.5, 10], 'down');
    expect(flagged(low, 'two-of-three')).toEqual([16, 17]);
    expect(low.points[17].nature).toBe('improvement');
  });

  it('when rules clash, trend beats shift, two-of-three and a point outside', () => {
    // Rising (trend, high) but all below the mean (shift, low), the first points far below.
    const chart = held([4, 5, 6, 7, 8, 9, 10]);
    const first = chart.points[16];
    expect(first.rules).toEqual(expect.arrayContaining(['outside-limits', 'shift', 'trend', 'two-of-three']));
    expect(first.side).toBe('high');
    expect(first.nature).toBe('improvement');
  });

  it('improvement direction "neither" colours nothing as good or bad', () => {
    expect(spcChart([...BASE, 20], { direction: 'neither' }).variation).toBe('neither-high');
  });
});

describe('assurance', () => {
  it('compares the limits with the target in the improvement direction', () => {
    expect(spcChart(BASE, { direction: 'up', target: 4 }).assurance).toBe('pass');
    expect(spcChart(BASE, { direction: 'up', target: 17 }).assurance).toBe('fail');
    expect(spcChart(BASE, { direction: 'up', target: 12 }).assurance).toBe('hit-and-miss');
    expect(spcChart(BASE, { direction: 'down', target: 17 }).assurance).toBe('pass');
    expect(spcChart(BASE, { direction: 'down', target: 4 }).assurance).toBe('fail');
    expect(spcChart(BASE, { direction: 'neither', target: 4 }).assurance).toBeNull();
    expect(spcChart(BASE, { direction: 'up' }).assurance).toBeNull();
  });
});

describe('run chart', () => {
  it('fewer than 15 points give a run chart around the median, with no limits or icons', () => {
    const chart = spcChart(BASE.slice(0, 14), { direction: 'up', target: 12 });
    expect(chart.kind).toBe('run');
    expect(chart.limits).toBeNull();
    expect(chart.centre).toBe(10.5);
    expect(chart.variation).toBeNull();
    expect(chart.assurance).toBeNull();
    expect(spcChart(BASE.slice(0, 15), { direction: 'up' }).kind).toBe('spc');
  });

  it('refuses values that are not numbers', () => {
    expect(() => spcChart([1, Number.NaN], { direction: 'up' })).toThrow(RangeError);
  });
});
