// Duration answers: the person gives a number and a unit (hours, days, weeks); the server takes hours.
// The units and the way hours are said back are the triage engine's own (src/triage/durations.ts).
import { HOURS_PER, type DurationUnit } from '../../../src/triage/durations';

export { describeHours, HOURS_PER, type DurationUnit } from '../../../src/triage/durations';

/** Hours from what was typed and the unit chosen; null when it is not a length of time. */
export function toHours(text: string, unit: DurationUnit): number | null {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) return null;
  return Math.round(n * HOURS_PER[unit] * 100) / 100;
}
