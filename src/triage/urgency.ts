/**
 * Urgency ordering of dispositions, used by replay to say whether an outcome became more or
 * less urgent. Timeframe decides first; the group breaks ties between outcomes that are all
 * "immediate" (ambulance categories) or share a timeframe (ED within 1 h beats a GP call within 1 h).
 */
import type { DispositionInfo, Timeframe } from './model';

const MINUTES_PER_DAY = 1440;
/** Larger than any real timeframe; JSON has no Infinity. */
const NO_TIMEFRAME = 1e9;

/** Working days count a little later than the same number of clock days: weekends intervene. */
const NAMED_TIMEFRAMES: Record<string, number> = {
  immediate: 0,
  'next-working-day': workingDaysInMinutes(1),
  none: NO_TIMEFRAME,
};

/** n working days span about 1.4 n calendar days (weekends), plus the rest of today. */
function workingDaysInMinutes(days: number): number {
  return (1.4 * days + 0.1) * MINUTES_PER_DAY;
}

function timeframeMinutes(timeframe: Timeframe): number {
  if (typeof timeframe === 'number') return timeframe;
  const days = /^(\d+)-working-days$/.exec(timeframe);
  return days ? workingDaysInMinutes(Number(days[1])) : NAMED_TIMEFRAMES[timeframe];
}

const GROUP_RANK: Record<string, number> = {
  'ambulance-cat1': 0,
  'ambulance-cat2': 1,
  'ambulance-cat3': 2,
  police: 2,
  'ambulance-cat4': 3,
  'emergency-department': 4,
};
const OTHER_GROUPS = 5;

export function urgencyOf(timeframe: Timeframe, group: string): [number, number] {
  return [timeframeMinutes(timeframe), GROUP_RANK[group] ?? OTHER_GROUPS];
}

/** Negative when `a` is more urgent than `b`, positive when less, 0 when equally urgent. */
export function compareUrgency(a: Pick<DispositionInfo, 'urgency'>, b: Pick<DispositionInfo, 'urgency'>): number {
  return a.urgency[0] - b.urgency[0] || a.urgency[1] - b.urgency[1];
}

/**
 * Accepts the catalogue file's form (60, 'immediate', '3-working-days') and the directory
 * Catalogue's parsed form ({ kind: 'minutes', minutes: 60 }, { kind: 'working-days', days: 3 }).
 */
export function toTimeframe(value: unknown): Timeframe | null {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value === 'string') return value in NAMED_TIMEFRAMES || /^\d+-working-days$/.test(value) ? (value as Timeframe) : null;
  if (!value || typeof value !== 'object') return null;
  const t = value as { kind?: unknown; minutes?: unknown; days?: unknown };
  if (t.kind === 'immediate' || t.kind === 'none') return t.kind;
  if (t.kind === 'minutes' && typeof t.minutes === 'number') return t.minutes;
  if (t.kind === 'working-days' && typeof t.days === 'number') return t.days === 1 ? 'next-working-day' : `${t.days}-working-days`;
  return null;
}

// ───────────────────────────── urgency bands ─────────────────────────────

/** The four bands the vignette suite and the safety guard judge outcomes by, most urgent first. */
export const URGENCY_BANDS = ['emergency', 'urgent', 'routine', 'self-care'] as const;
export type UrgencyBand = (typeof URGENCY_BANDS)[number];

/** Disposition groups that send the patient to 999, the police or the emergency department. */
export const EMERGENCY_GROUPS: ReadonlySet<string> = new Set(['ambulance-cat1', 'ambulance-cat2', 'ambulance-cat3', 'ambulance-cat4', 'police', 'emergency-department']);
/** A clinician must call back: urgent whatever the timeframe says. */
export const CALLBACK_GROUPS: ReadonlySet<string> = new Set(['clinician-callback', 'validation-callback']);

/**
 * The band of a disposition (content-plan rule): ambulance, police and ED are emergency; anything
 * due within minutes (or immediately), or a clinician call-back, is urgent; self-care is self-care;
 * everything else — working days or no timeframe — is routine.
 */
export function urgencyBand(disposition: Pick<DispositionInfo, 'group' | 'timeframe'>): UrgencyBand {
  if (EMERGENCY_GROUPS.has(disposition.group)) return 'emergency';
  if (disposition.group === 'self-care') return 'self-care';
  if (CALLBACK_GROUPS.has(disposition.group) || typeof disposition.timeframe === 'number' || disposition.timeframe === 'immediate') return 'urgent';
  return 'routine';
}

/** Negative when band `a` is more urgent than `b`. */
export function compareBands(a: UrgencyBand, b: UrgencyBand): number {
  return URGENCY_BANDS.indexOf(a) - URGENCY_BANDS.indexOf(b);
}
