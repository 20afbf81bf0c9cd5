// Why this file exists: a service's age limits are stored in whole days, and a patient's age arrives
// in days, weeks, months, years or as a date of birth. Every conversion between them goes through
// this file, so that "18 years" is the same number of days on both sides of a comparison. (Two
// conventions, floor(18 × 365.25) = 6574 for the patient and round(18 × 365.25) = 6575 for the
// profile, once put an 18-year-old below an "18 and over" limit.)
//
// The rule: N whole years are `yearsToDays(N)` = round(N × 365.25) days (1 → 365, 2 → 731,
// 5 → 1826, 16 → 5844, 18 → 6575, 65 → 23741). A part year is counted in whole days into the year
// that follows, never reaching the next birthday: an age is at or above an "N years and over" limit
// exactly when it is at least N years, and below an "under N" limit (`yearsToDays(N) - 1`) when it
// is less. From a date of birth the whole years and the days since the last birthday come from the
// calendar, then map the same way. Pure.

export const DAYS_PER_YEAR = 365.25;
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12; // 30.4375
export const MAX_AGE_YEARS = 130;
export const MAX_AGE_DAYS = yearsToDays(MAX_AGE_YEARS);

export const AgeUnits = ['days', 'weeks', 'months', 'years'] as const;
export type AgeUnit = (typeof AgeUnits)[number];

/** Float products such as 0.1 × 365.25 must not lose a day to binary rounding. */
const EPSILON = 1e-9;

/** Days in N whole years: round(N × 365.25). Profiles' limits and patients' ages both use it. */
export function yearsToDays(years: number): number {
  return Math.round(years * DAYS_PER_YEAR);
}

/**
 * An age in whole days. Days and weeks are counted as days (rounded down); months and years go
 * through `yearsToDays` for the whole years, plus the part year's share of the days to the next
 * birthday, rounded down (12 months = 1 year = 365 days; 6 months = 182 days).
 */
export function ageInDays(value: number, unit: AgeUnit): number {
  switch (unit) {
    case 'days':
      return Math.floor(value + EPSILON);
    case 'weeks':
      return Math.floor(value * 7 + EPSILON);
    case 'months':
      return fractionalYearsToDays(value / 12);
    case 'years':
      return fractionalYearsToDays(value);
  }
}

function fractionalYearsToDays(years: number): number {
  const whole = Math.floor(years + EPSILON);
  const start = yearsToDays(whole);
  const part = Math.max(0, years - whole);
  const yearLength = yearsToDays(whole + 1) - start;
  return start + Math.min(yearLength - 1, Math.floor(part * yearLength + EPSILON));
}

/** The whole years an age in days makes (the largest N with yearsToDays(N) ≤ days). */
export function wholeYears(ageDays: number): number {
  let years = Math.floor(ageDays / DAYS_PER_YEAR);
  while (yearsToDays(years + 1) <= ageDays) years++;
  while (years > 0 && yearsToDays(years) > ageDays) years--;
  return years;
}

/** The whole months an age in days makes (the largest N with ageInDays(N, 'months') ≤ days): 365 → 12. */
export function wholeMonths(ageDays: number): number {
  let months = Math.floor(ageDays / DAYS_PER_MONTH);
  while (ageInDays(months + 1, 'months') <= ageDays) months++;
  while (months > 0 && ageInDays(months, 'months') > ageDays) months--;
  return months;
}

/**
 * Age in days, by the rule above, of a person born on `dateOfBirth` on the local date `today` (both
 * YYYY-MM-DD): whole years from the calendar (a 29 February birthday falls on 1 March in a common
 * year, as in UK law), then the days since the last birthday, kept short of the next one. A date of
 * birth after today is age 0.
 */
export function ageDaysFromBirth(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateParts(dateOfBirth);
  const [ty, tm, td] = dateParts(today);
  let years = ty - by;
  if (tm < bm || (tm === bm && td < bd)) years--;
  if (years < 0) return 0;
  // Date.UTC rolls 29 February of a common year over to 1 March.
  const lastBirthday = Date.UTC(by + years, bm - 1, bd);
  const sinceBirthday = Math.max(0, Math.round((Date.UTC(ty, tm - 1, td) - lastBirthday) / 86_400_000));
  const start = yearsToDays(years);
  return start + Math.min(sinceBirthday, yearsToDays(years + 1) - start - 1);
}

function dateParts(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
