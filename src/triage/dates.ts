/** Calendar dates as ISO strings (YYYY-MM-DD), counted in whole days; no time zones involved. */
const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Rejects 2025-02-30 and the like, which Date.UTC silently rolls over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / MS_PER_DAY);
}

/** Days from `earlier` to `later` (positive when `earlier` is in the past). */
export function daysBetween(earlier: string, later: string): number {
  return (dayNumber(later) ?? 0) - (dayNumber(earlier) ?? 0);
}

export function isoFromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoFromDayNumber((dayNumber(iso) ?? 0) + days);
}

/** UTC date; the server should pass the Europe/London date from its injected clock instead. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
