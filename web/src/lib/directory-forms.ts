// Checks of the DoS editor's small forms (a dated opening, a referral endpoint, an effective date),
// so a mistake is shown beside the field before anything is sent. The server checks the whole
// profile again (its zod schemas are the truth); these say the same things in the same words.
import type { ReferralEndpoint, Session, SpecifiedDate } from './types';

export type Problems<K extends string> = Partial<Record<K, string>>;

const OPEN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const CLOSE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** What is wrong with a day's sessions, or null: each HH:MM, closing after opening, none overlapping. */
export function sessionsProblem(sessions: Session[]): string | null {
  for (const [i, s] of sessions.entries()) {
    if (!OPEN.test(s.open)) return `Session ${i + 1}: opening time must be HH:MM from 00:00 to 23:59`;
    if (!CLOSE.test(s.close) || s.close === '00:00') return `Session ${i + 1}: closing time must be HH:MM from 00:01 to 24:00`;
    if (minutes(s.close) <= minutes(s.open)) return `Session ${i + 1}: closes (${s.close}) before it opens (${s.open}); split an overnight session at 24:00`;
  }
  const sorted = [...sessions].sort((a, b) => minutes(a.open) - minutes(b.open));
  for (let i = 1; i < sorted.length; i++) {
    if (minutes(sorted[i].open) < minutes(sorted[i - 1].close)) return `Sessions ${sorted[i - 1].open}–${sorted[i - 1].close} and ${sorted[i].open}–${sorted[i].close} overlap`;
  }
  return null;
}

/** A dated opening or closure: a real date (in the years the bank holiday calendar serves), valid sessions, a short note. */
export function specifiedDateProblems(entry: SpecifiedDate): Problems<'date' | 'sessions' | 'note'> {
  const problems: Problems<'date' | 'sessions' | 'note'> = {};
  if (!isCalendarDate(entry.date)) problems.date = 'Enter a real date, for example 24/12/2026';
  const sessions = sessionsProblem(entry.sessions);
  if (sessions) problems.sessions = sessions;
  if ((entry.note ?? '').length > 200) problems.note = 'The note must be 200 characters or fewer';
  return problems;
}

/** Adds a dated opening, replacing one for the same date, and keeps the list in date order. */
export function withSpecifiedDate(dates: SpecifiedDate[], entry: SpecifiedDate): SpecifiedDate[] {
  const note = entry.note?.trim();
  const clean: SpecifiedDate = { date: entry.date, sessions: entry.sessions, ...(note ? { note } : {}) };
  return [...dates.filter((d) => d.date !== entry.date), clean].sort((a, b) => a.date.localeCompare(b.date));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const URL_RE = /^https?:\/\/\S+$/;

export const ENDPOINT_KINDS: { value: ReferralEndpoint['kind']; label: string; hint: string }[] = [
  { value: 'fhir', label: 'FHIR (electronic referral)', hint: 'The base address, starting https://' },
  { value: 'http', label: 'Web address', hint: 'Starting https://' },
  { value: 'email', label: 'Email (secure NHS mail)', hint: 'For example team@nhs.net' },
  { value: 'phone', label: 'Telephone', hint: 'Digits, spaces, brackets or dashes; optional leading +' },
];

/** A referral endpoint: an address of its kind, not already listed, at most 10 in all. */
export function endpointProblems(endpoint: ReferralEndpoint, others: ReferralEndpoint[]): Problems<'address' | 'description'> {
  const problems: Problems<'address' | 'description'> = {};
  const address = endpoint.address.trim();
  const ok = endpoint.kind === 'email' ? EMAIL.test(address) : endpoint.kind === 'phone' ? PHONE.test(address) : URL_RE.test(address);
  if (!address) problems.address = 'Enter the address';
  else if (address.length > 500) problems.address = 'The address must be 500 characters or fewer';
  else if (!ok) problems.address = `Not a valid ${endpoint.kind} address: ${ENDPOINT_KINDS.find((k) => k.value === endpoint.kind)?.hint ?? ''}`;
  else if (others.some((o) => o.kind === endpoint.kind && o.address.trim() === address)) problems.address = 'This endpoint is already listed';
  else if (others.length >= 10) problems.address = 'A service has at most 10 referral endpoints';
  if ((endpoint.description ?? '').trim().length > 200) problems.description = 'The description must be 200 characters or fewer';
  return problems;
}

/** An effective date for a change: empty (as soon as approved) or a real date after today (UK). */
export function effectiveDateProblem(value: string, today: string): string | null {
  if (!value) return null;
  if (!isCalendarDate(value)) return 'Enter a real date, for example 01/12/2026';
  if (value <= today) return 'The date must be in the future: leave it empty for the change to apply as soon as it is approved';
  return null;
}

/** Today's date in the UK, YYYY-MM-DD. */
export function ukToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
