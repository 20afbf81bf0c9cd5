/**
 * Durations ("how long have you had it?") in hours, days or weeks, held as hours. A short illness
 * must not round to nothing: 3 days is 72 hours, not "0 weeks".
 */
export const DURATION_UNITS = ['hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export const HOURS_PER: Record<DurationUnit, number> = { hours: 1, days: 24, weeks: 24 * 7 };

const SPOKEN = /^\s*(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|days?|d|weeks?|wks?|w)\s*$/i;

/** Hours from a number of hours, or from words such as "3 days", "36 hours", "2 weeks". */
export function hoursOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  const match = SPOKEN.exec(value);
  if (!match) return null;
  const unit = match[2].toLowerCase();
  const per = unit.startsWith('w') ? HOURS_PER.weeks : unit.startsWith('d') ? HOURS_PER.days : HOURS_PER.hours;
  return Number(match[1]) * per;
}

/** Hours said back in the largest whole unit: 72 → "3 days", 36 → "36 hours", 336 → "2 weeks". */
export function describeHours(hours: number): string {
  const say = (n: number, unit: string) => `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
  if (hours >= HOURS_PER.weeks && hours % HOURS_PER.weeks === 0) return say(hours / HOURS_PER.weeks, 'weeks');
  if (hours >= 48 && hours % HOURS_PER.days === 0) return say(hours / HOURS_PER.days, 'days');
  return say(hours, 'hours');
}
