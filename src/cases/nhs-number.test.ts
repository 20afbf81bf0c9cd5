import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, nhsNumberProblem, normaliseNhsNumber } from './nhs-number';

describe('NHS number modulus 11', () => {
  it('accepts the valid examples', () => {
    for (const n of ['9476719931', '9912003888', '9000000009']) expect(isValidNhsNumber(n), n).toBe(true);
  });

  it('works the check digit out as the standard says', () => {
    // 9 4 7 6 7 1 9 9 3 × 10…2 = 90+36+56+42+42+5+36+27+6 = 340; 340 mod 11 = 10; 11 − 10 = 1
    expect(nhsCheckDigit('947671993')).toBe(1);
    // 11 means 0: 9 0 0 0 0 0 0 0 0 → 90; 90 mod 11 = 2 → 9
    expect(nhsCheckDigit('900000000')).toBe(9);
    expect(nhsCheckDigit('000000000')).toBe(0);
  });

  it('refuses a wrong check digit', () => {
    expect(isValidNhsNumber('9476719932')).toBe(false);
    expect(isValidNhsNumber('9912003880')).toBe(false);
    expect(nhsNumberProblem('9000000001')).toMatch(/check digit should be 9/);
  });

  it('treats a remainder giving 10 as invalid whatever the last digit', () => {
    // 1 0 0 0 0 0 0 0 0 → 10; 10 mod 11 = 10; 11 − 10 = 1 … find one whose check is 10:
    // 0 0 0 0 0 0 0 0 1 → 2; 11 − 2 = 9.  1 0 0 0 0 0 0 0 1 → 12 → 1 → 10: invalid.
    expect(nhsCheckDigit('100000001')).toBeNull();
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`100000001${last}`)).toBe(false);
    expect(nhsNumberProblem('1000000010')).toMatch(/check digit 10/);
  });

  it('refuses anything but ten digits, and drops the spaces people type', () => {
    expect(isValidNhsNumber('947671993')).toBe(false);
    expect(isValidNhsNumber('94767199311')).toBe(false);
    expect(isValidNhsNumber('94767A9931')).toBe(false);
    expect(normaliseNhsNumber('947 671 9931')).toBe('9476719931');
    expect(isValidNhsNumber('947-671-9931')).toBe(true);
    expect(formatNhsNumber('9476719931')).toBe('947 671 9931');
  });
});
