import { describe, expect, it } from 'vitest';
import { gapsToRecord } from './gaps';
import type { DirectoryIndex } from './index';

const index = {
  get: (id: number) => ({ id, lat: 51 + id / 100, lon: 1 }),
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
});
