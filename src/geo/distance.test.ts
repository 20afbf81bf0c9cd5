import { describe, expect, it } from 'vitest';
import { distanceKm, nationAt } from './distance';

describe('distanceKm', () => {
  it('measures great-circle distance', () => {
    // Canterbury cathedral to Dover castle: about 24 km.
    expect(distanceKm(51.2798, 1.0828, 51.1295, 1.3225)).toBeCloseTo(23.9, 0);
    expect(distanceKm(51.5, -0.1, 51.5, -0.1)).toBe(0);
  });
});

describe('nationAt', () => {
  it.each([
    [55.9533, -3.1883, 'scotland'], // Edinburgh
    [57.1497, -2.0943, 'scotland'], // Aberdeen
    [55.07, -3.6, 'scotland'], // Dumfries
    [54.597, -5.93, 'northern-ireland'], // Belfast
    [54.997, -7.309, 'northern-ireland'], // Derry
    [54.8925, -2.9329, 'england-and-wales'], // Carlisle
    [55.547, -2.012, 'england-and-wales'], // Wooler, Northumberland
    [55.598, -2.433, 'scotland'], // Kelso, Scottish Borders
    [51.4816, -3.1791, 'england-and-wales'], // Cardiff
    [54.15, -4.48, 'england-and-wales'], // Isle of Man: not Scotland or Northern Ireland
  ] as const)('%f, %f is in %s', (lat, lon, nation) => {
    expect(nationAt(lat, lon)).toBe(nation);
  });
});
