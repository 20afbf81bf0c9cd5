/**
 * NHS numbers: ten digits whose last is a modulus 11 check digit, and the verification status that
 * says how far the number was confirmed against the national register (NHS Data Dictionary codes).
 * Pure.
 */

/** NHS NUMBER STATUS INDICATOR CODE. */
export const NHS_NUMBER_STATUSES = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - no match or multiple match found',
  '05': 'Trace needs to be resolved (NHS number or patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
} as const;
export type NhsNumberStatus = keyof typeof NHS_NUMBER_STATUSES;
export const NhsNumberStatusCodes = Object.keys(NHS_NUMBER_STATUSES) as [NhsNumberStatus, ...NhsNumberStatus[]];

/** The check digit the first nine digits call for, or null when they call for 10 (no valid number starts so). */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new Error('nhsCheckDigit needs nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Spaces and dashes people type ("947 671 9931") are dropped. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Ten digits whose tenth is the modulus 11 check digit of the first nine. */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === Number(digits[9]);
}

/** Why a number is not valid, in words, or null when it is. */
export function nhsNumberProblem(input: string): string | null {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return 'an NHS number is 10 digits';
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null) return 'not a valid NHS number (its first nine digits give check digit 10, which no NHS number has)';
  if (check !== Number(digits[9])) return `not a valid NHS number (the check digit should be ${check})`;
  return null;
}

/** "9476719931" → "947 671 9931", as the number is shown to people. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
