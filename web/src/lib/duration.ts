// Duration answers: the person gives a number and a unit (hours, days, weeks); the server takes hours.
export type DurationUnit = 'hours' | 'days' | 'weeks';
export const HOURS_PER: Record<DurationUnit, number> = { hours: 1, days: 24, weeks: 168 };

/** Hours from what was typed and the unit chosen; null when it is not a length of time. */
export function toHours(text: string, unit: DurationUnit): number | null {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) return null;
  return Math.round(n * HOURS_PER[unit] * 100) / 100;
}

/** Hours said back in the largest whole unit, as the server's report says them. */
export function describeHours(hours: number): string {
  const say = (n: number, unit: string) => `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
  if (hours >= 168 && hours % 168 === 0) return say(hours / 168, 'weeks');
  if (hours >= 48 && hours % 24 === 0) return say(hours / 24, 'days');
  return say(hours, 'hours');
}
