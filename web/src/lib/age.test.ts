import { describe, expect, it } from 'vitest';
import { ageFromDays } from './format';
import { ageOf } from './cases';

describe('ages on screen, by the server’s conversion', () => {
  it('service limits in days read as the years they were entered as', () => {
    expect(ageFromDays(23741)).toBe('65 years');
    expect(ageFromDays(6575)).toBe('18 years');
    expect(ageFromDays(6574)).toBe('17 years');
    expect(ageFromDays(731)).toBe('2 years');
    expect(ageFromDays(28)).toBe('28 days');
    expect(ageFromDays(365)).toBe('12 months');
    expect(ageFromDays(364)).toBe('11 months');
    expect(ageFromDays(27)).toBe('27 days');
  });

  it('a patient is 18 on their 18th birthday', () => {
    expect(ageOf('2008-11-18', new Date('2026-11-18T10:00:00Z')).years).toBe(18);
    expect(ageOf('2008-11-19', new Date('2026-11-18T10:00:00Z')).years).toBe(17);
  });
});
