import { describe, expect, it } from 'vitest';
import { gapsToRecord } from './gaps';
import type { DirectoryIndex } from './index';

// An index whose slot for service n is n, at latitude 51 + n / 100.
const index = {
  slotOf: (id: number) => id,
  lat: Float64Array.from({ length: 1000 }, (_, n) => 51 + n / 100),
  lon: new Float64Array(1000).fill(1),
} as unknown as DirectoryIndex;

describe('gapsToRecord', () => {
  it('keeps every gap when there are few', () => {
    const gaps = [{ serviceId: 3, rule: 'age' as const, detail: '' }];
    expect(gapsToRecord(gaps, index, 51, 1, 5)).toEqual(gaps);
  });

  it('keeps the nearest ones when there are many', () => {
    const gaps = [9, 2, 7, 1, 5].map((serviceId) => ({ serviceId, rule: 'disposition' as const, detail: '' }));
    expect(gapsToRecord(gaps, index, 51, 1, 3).map((g) => g.serviceId)).toEqual([1, 2, 5]);
  });

  it('agrees with sorting everything by distance', () => {
    const ids = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    const gaps = ids.map((serviceId) => ({ serviceId, rule: 'age' as const, detail: '' }));
    const expected = [...ids].sort((a, b) => a - b).slice(0, 20);
    expect(gapsToRecord(gaps, index, 51, 1).map((g) => g.serviceId)).toEqual(expected);
  });
});
