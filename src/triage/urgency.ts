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
const NAMED_TIMEFRAMES: Record<Exclude<Timeframe, number>, number> = {
  immediate: 0,
  'next-working-day': 1.5 * MINUTES_PER_DAY,
  '3-working-days': 4 * MINUTES_PER_DAY,
  '5-working-days': 7 * MINUTES_PER_DAY,
  none: NO_TIMEFRAME,
};

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
  const minutes = typeof timeframe === 'number' ? timeframe : NAMED_TIMEFRAMES[timeframe];
  return [minutes, GROUP_RANK[group] ?? OTHER_GROUPS];
}

/** Negative when `a` is more urgent than `b`, positive when less, 0 when equally urgent. */
export function compareUrgency(a: Pick<DispositionInfo, 'urgency'>, b: Pick<DispositionInfo, 'urgency'>): number {
  return a.urgency[0] - b.urgency[0] || a.urgency[1] - b.urgency[1];
}

export function isTimeframe(value: unknown): value is Timeframe {
  return (typeof value === 'number' && value >= 0) || (typeof value === 'string' && value in NAMED_TIMEFRAMES);
}
