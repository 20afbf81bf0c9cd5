import { DateTime } from 'luxon';
import type { FieldChange } from './model';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Entry = Record<string, unknown>;
const isSession = (value: unknown) => isPlainObject(value) && typeof value.open === 'string' && typeof value.close === 'string' && Object.keys(value).length === 2;

/**
 * The lists whose entries are added and removed one at a time, each with the field that names an
 * entry (so "Added: Sat 24 Dec 2026 closed" is one row, not every later date shifted by one).
 */
const ENTRY_KEYS: Record<string, (entry: Entry) => string> = {
  specifiedDates: (e) => String(e.date),
  referralEndpoints: (e) => `${String(e.kind)}:${String(e.address)}`,
  symptoms: (e) => `${String(e.sg)}/${String(e.sd)}`,
};

/**
 * The readable difference between two JSON values, as dotted paths. A list of sessions (opening
 * hours of one day) reads best as before/after and is compared whole; any other list is compared
 * entry by entry — an entry added or removed is one row saying so in words, an entry whose naming
 * field stayed but whose details changed is one "changed" row. Objects are compared key by key.
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after) && !before.some(isSession) && !after.some(isSession)) {
    const entries = diffEntries(before, after, path);
    // The same entries in another order (address lines): the order is the change.
    if (entries.length || sameJson(before, after)) return entries;
  }
  return sameJson(before, after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}

function diffEntries(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const field = path.split('.').pop() ?? '';
  const keyOf = (value: unknown) => (isPlainObject(value) && ENTRY_KEYS[field] ? ENTRY_KEYS[field](value) : JSON.stringify(value));
  const was = new Map(before.map((value) => [keyOf(value), value]));
  const now = new Map(after.map((value) => [keyOf(value), value]));
  const out: FieldChange[] = [];
  for (const [key, value] of was) {
    if (!now.has(key)) out.push({ path, before: value, after: null, change: 'removed', words: `Removed${entryNoun(field)}: ${entryWords(field, value)}` });
  }
  for (const [key, value] of now) {
    const old = was.get(key);
    if (!was.has(key)) out.push({ path, before: null, after: value, change: 'added', words: `Added${entryNoun(field)}: ${entryWords(field, value)}` });
    else if (!sameJson(old, value)) {
      out.push({ path, before: old, after: value, change: 'changed', words: `Changed${entryNoun(field)}: ${entryWords(field, old)} → ${entryWords(field, value)}` });
    }
  }
  return out;
}

function entryNoun(field: string): string {
  return field === 'referralEndpoints' ? ' endpoint' : field === 'symptoms' ? ' pair' : '';
}

/** One list entry in words: a date with its hours, an endpoint, a symptom pair, or the value itself. */
export function entryWords(field: string, value: unknown): string {
  if (!isPlainObject(value)) return String(value);
  if (field === 'specifiedDates') return specifiedDateWords(value);
  if (field === 'referralEndpoints') return `${String(value.kind)} ${String(value.address)}${value.description ? ` (${String(value.description)})` : ''}`;
  if (field === 'symptoms') return `SG ${String(value.sg)} / SD ${String(value.sd)}`;
  return JSON.stringify(value);
}

/** "Sat 24 Dec 2026 closed", "Thu 31 Dec 2026 10:00–14:00 (New Year's Eve)". */
export function specifiedDateWords(value: Entry): string {
  const sessions = Array.isArray(value.sessions) ? (value.sessions as { open: string; close: string }[]) : [];
  const hours = sessions.length ? sessions.map((s) => `${s.open}–${s.close}`).join(', ') : 'closed';
  const note = typeof value.note === 'string' && value.note ? ` (${value.note})` : '';
  return `${dateWords(String(value.date))} ${hours}${note}`;
}

/** "2026-12-24" → "Sat 24 Dec 2026" (a calendar date: no time zone involved). */
export function dateWords(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  return day.isValid ? day.toFormat('ccc d LLL yyyy', { locale: 'en-GB' }) : date;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
