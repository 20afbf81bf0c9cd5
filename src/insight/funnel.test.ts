import { describe, expect, it } from 'vitest';
import { additiveTau2, funnelPlot, winsorised, Z95, Z998 } from './funnel';

// Four services: 100 of 600 … overall rate 90 / 600 = 0.15. Expected values worked out by hand from
// Spiegelhalter's formulae: s = sqrt(0.15 × 0.85 / n); limits 0.15 ± z·s.
const UNITS = [
  { id: 'A', numerator: 10, denominator: 100 },
  { id: 'B', numerator: 30, denominator: 200 },
  { id: 'C', numerator: 60, denominator: 300 },
  { id: 'D', numerator: 5, denominator: 100 },
];

describe('funnel plot for proportions', () => {
  const plot = funnelPlot(UNITS);

  it('targets the overall rate and places each unit against limits at its own volume', () => {
    expect(plot.target).toBeCloseTo(0.15, 12);
    const a = plot.points[0];
    expect(a.z).toBeCloseTo(-1.40028, 4);
    expect(a.lower95).toBeCloseTo(0.080015, 5);
    expect(a.upper95).toBeCloseTo(0.219985, 5);
    expect(a.lower998).toBeCloseTo(0.039657, 5);
    expect(a.position).toBe('within');
    expect(plot.points[1].z).toBe(0);
    expect(plot.points[2].upper95).toBeCloseTo(0.190406, 5);
    expect(plot.points[2].position).toBe('above-95');
    expect(plot.points[3].position).toBe('below-95');
  });

  it('calls a unit beyond 99.8% an outlier on that side', () => {
    const high = funnelPlot([...UNITS, { id: 'E', numerator: 60, denominator: 100 }]);
    expect(high.points[4].position).toBe('above-99.8');
  });

  it('uses 1.96 and 3.09 for the 95% and 99.8% limits', () => {
    expect(Z95).toBeCloseTo(1.96, 2);
    expect(Z998).toBeCloseTo(3.09, 2);
  });

  it('a fixed target replaces the overall rate', () => {
    expect(funnelPlot(UNITS, { target: 0.2 }).points[2].z).toBe(0);
  });

  it('draws a curve from the smallest volume to the largest, narrowing as volume grows', () => {
    expect(plot.curve[0].denominator).toBeCloseTo(100, 9);
    expect(plot.curve.at(-1)!.denominator).toBeCloseTo(300, 9);
    expect(plot.curve[0].upper95).toBeGreaterThan(plot.curve.at(-1)!.upper95);
  });

  it('rejects a unit it cannot place', () => {
    expect(() => funnelPlot([{ id: 'X', numerator: 1, denominator: 0 }])).toThrow(/unit X/);
    expect(() => funnelPlot([{ id: 'Y', numerator: 5, denominator: 4 }])).toThrow(/unit Y/);
  });
});

describe('overdispersion', () => {
  it('φ is the mean squared (Winsorised) z-score; multiplicative widens limits by √φ', () => {
    const plot = funnelPlot(UNITS, { overdispersion: 'multiplicative', winsorise: 0 });
    // z² = 1.96078 + 0 + 5.88235 + 7.84314 → φ = 15.68627 / 4
    expect(plot.phi).toBeCloseTo(3.921569, 5);
    expect(plot.adjusted).toBe(true);
    expect(plot.points[0].upper95).toBeCloseTo(0.28859, 5);
    expect(plot.points[2].position).toBe('within');
  });

  it('additive adds τ² by DerSimonian–Laird', () => {
    const plot = funnelPlot(UNITS, { overdispersion: 'additive', winsorise: 0 });
    expect(plot.tau2).toBeCloseTo(0.00333015, 7);
    expect(plot.points[0].upper95).toBeCloseTo(0.283006, 5);
  });

  it('is not applied when units vary no more than chance (φ ≤ 1)', () => {
    const tight = funnelPlot(
      [
        { id: 'A', numerator: 15, denominator: 100 },
        { id: 'B', numerator: 31, denominator: 200 },
        { id: 'C', numerator: 44, denominator: 300 },
      ],
      { overdispersion: 'multiplicative' },
    );
    expect(tight.phi).toBeLessThan(1);
    expect(tight.adjusted).toBe(false);
    expect(tight.points[0].upper95).toBeCloseTo(funnelPlot(tight.points).points[0].upper95, 12);
  });

  it('Winsorising pulls the extremes in to the 10th and 90th centiles', () => {
    const values = [-10, 1, 2, 3, 4, 5, 6, 7, 8, 50];
    const w = winsorised(values, 0.1);
    expect(Math.min(...w)).toBeGreaterThan(-10);
    expect(Math.max(...w)).toBeLessThan(50);
    expect(w.slice(1, 9)).toEqual(values.slice(1, 9));
  });

  it('τ² is never negative', () => {
    expect(additiveTau2([0.001, 0.002, 0.003], 0.5)).toBe(0);
  });
});
