// Ages convert as the server converts them: one function shared with it (docs/decisions/0016).
import { wholeMonths, wholeYears } from '../../../src/directory/age';

// Times are shown in UK local time whatever the browser's zone: the service runs in Europe/London.
const ZONE = 'Europe/London';

const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const dayTimeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const localDateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function time(value: string | Date | null | undefined): string {
  const d = toDate(value);
  return d ? timeFmt.format(d) : '—';
}

/** "Mon 3 Mar, 14:05"; just "14:05" when it is today. */
export function when(value: string | Date | null | undefined, now: Date = new Date()): string {
  const d = toDate(value);
  if (!d) return '—';
  return localDateFmt.format(d) === localDateFmt.format(now) ? `today ${timeFmt.format(d)}` : dayTimeFmt.format(d);
}

const calendarFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const instantFmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A calendar date "2026-12-24" in words, "Thu 24 Dec 2026" (the server's diff writes dates the same way). */
export function calendarDate(value: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  return d && !Number.isNaN(d.getTime()) ? calendarFmt.format(d).replace(',', '') : value;
}

/** An instant with its year, in UK time: "Tue 1 Dec 2026, 00:00". */
export function dateTime(value: string | Date | null | undefined): string {
  const d = toDate(value);
  return d ? instantFmt.format(d).replace(/^(\w+), /, '$1 ').replace(/ at /, ', ') : '—';
}

export function date(value: string | Date | null | undefined): string {
  const d = toDate(value);
  return d ? dateFmt.format(d) : '—';
}

/** "in 25 min", "12 min ago", "in 3 h 5 min". */
export function relative(value: string | Date | null | undefined, now: Date = new Date()): string {
  const d = toDate(value);
  if (!d) return '—';
  const minutes = Math.round((d.getTime() - now.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  const text = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.floor(abs / 60)} h${abs % 60 ? ` ${abs % 60} min` : ''}` : `${Math.round(abs / 1440)} days`;
  if (abs === 0) return 'now';
  return minutes > 0 ? `in ${text}` : `${text} ago`;
}

/** A service's age limit in days, in words, by the server's conversion: 23741 days reads "65 years", not 64. */
export function ageFromDays(days: number): string {
  if (days < 61) return `${days} day${days === 1 ? '' : 's'}`;
  if (days < 731) return `${wholeMonths(days)} months`;
  return `${wholeYears(days)} years`;
}

/** NHS number check (modulus 11): 10 digits, the last a check digit. */
export function isValidNhsNumber(input: string): boolean {
  const digits = input.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export function formatNhsNumber(input: string): string {
  const d = input.replace(/\s+/g, '');
  return d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : input;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The sexes a patient's details may record, as the forms offer them. */
export const SEX_CHOICES = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Not known' },
] as const;
