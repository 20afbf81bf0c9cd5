// How urgent the care a disposition calls for is: one rule, driven by the disposition catalogue the
// server provides (GET /api/reference/dispositions — group and timeframe), for every screen that labels
// an outcome (the case page, the staff triage page, patient online). Titles are never read for it.
import { CALLBACK_GROUPS, EMERGENCY_GROUPS } from '../../../src/triage/urgency';
import type { Disposition } from './types';

export type CareKind = 'emergency' | 'urgent' | 'non-urgent';
export type CatalogueTimeframe = Disposition['timeframe'];

// Which disposition groups are emergencies and which are call-backs is the triage module's one list.

/**
 * The catalogue's timeframe in its API form ({ kind: 'minutes', minutes: 120 }), from either that form
 * or the catalogue file's, which triage outcomes carry (120, 'immediate', '3-working-days', 'none').
 * Null if it is neither.
 */
export function catalogueTimeframe(value: unknown): CatalogueTimeframe | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { kind: 'minutes', minutes: value };
  if (value === 'immediate' || value === 'none') return { kind: value };
  if (value === 'next-working-day') return { kind: 'working-days', days: 1 };
  if (typeof value === 'string') {
    const days = /^(\d+)-working-days$/.exec(value);
    return days ? { kind: 'working-days', days: Number(days[1]) } : null;
  }
  if (!value || typeof value !== 'object') return null;
  const t = value as { kind?: unknown; minutes?: unknown; days?: unknown };
  if (t.kind === 'immediate' || t.kind === 'none') return { kind: t.kind };
  if (t.kind === 'minutes' && typeof t.minutes === 'number') return { kind: 'minutes', minutes: t.minutes };
  if (t.kind === 'working-days' && typeof t.days === 'number') return { kind: 'working-days', days: t.days };
  return null;
}

/**
 * Emergency: 999 or A&E, or care needed immediately. Urgent: care within hours (any timeframe in
 * minutes — Dx05 2 h, Dx07 12 h, Dx117 1 h) or a clinician's call-back. Non-urgent: working days or no
 * timeframe (own GP, self-care). A disposition the catalogue does not describe is urgent: a label
 * must never say less urgent than the outcome may be.
 */
export function careKindOf(d: { group?: string | null; timeframe?: unknown } | null | undefined): CareKind {
  const timeframe = catalogueTimeframe(d?.timeframe);
  if (!d || !timeframe) return 'urgent';
  if ((d.group && EMERGENCY_GROUPS.has(d.group)) || timeframe.kind === 'immediate') return 'emergency';
  if (timeframe.kind === 'minutes' || (d.group && CALLBACK_GROUPS.has(d.group))) return 'urgent';
  return 'non-urgent';
}

/** The kind of care for a disposition code, looked up in the catalogue (urgent if it is not there). */
export function careKindOfCode(code: string, dispositions: readonly Disposition[]): CareKind {
  return careKindOf(dispositions.find((d) => d.code === code));
}

/** "within 2 hours", "within 20 minutes", "on the next working day", "now"; '' when there is no timeframe. */
export function timeframeText(value: unknown): string {
  const t = catalogueTimeframe(value);
  if (!t || t.kind === 'none') return '';
  if (t.kind === 'immediate') return 'now';
  if (t.kind === 'working-days') return t.days === 1 ? 'on the next working day' : `within ${t.days} working days`;
  const minutes = t.minutes ?? 0;
  if (minutes < 60 || minutes % 60 !== 0) return `within ${minutes} minutes`;
  const hours = minutes / 60;
  return `within ${hours} hour${hours === 1 ? '' : 's'}`;
}
