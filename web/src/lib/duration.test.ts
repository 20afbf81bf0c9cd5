import { describe, expect, it } from 'vitest';
import { describeHours, toHours } from './duration';

describe('duration answers', () => {
  it('turns a number and unit into hours', () => {
    expect(toHours('3', 'days')).toBe(72);
    expect(toHours('2', 'weeks')).toBe(336);
    expect(toHours('5', 'hours')).toBe(5);
    expect(toHours('1.5', 'days')).toBe(36);
    expect(toHours('', 'days')).toBeNull();
    expect(toHours('-1', 'days')).toBeNull();
    expect(toHours('soon', 'days')).toBeNull();
  });

  it('says hours back in words', () => {
    expect(describeHours(72)).toBe('3 days');
    expect(describeHours(336)).toBe('2 weeks');
    expect(describeHours(5)).toBe('5 hours');
  });
});
