/**
 * The clinical queue's rules: which outcomes need a clinician, when each call-back is due, and how
 * close it is to breaching. Pure.
 */
import type { Catalogue, Disposition, Timeframe } from '../directory/catalogue';
import type { BankHolidayLookup, Nation } from '../directory/opening-hours';
import { workingDaysEndMs } from '../directory/working-days';
import { toTimeframe, urgencyOf } from '../triage/urgency';
import type { QueueEntry, QueueOutcome, QueueReason } from './model';

/** A call-back "now" is due within this many minutes (the national 10-minute call-back measure). */
export const IMMEDIATE_CALLBACK_MINUTES = 10;
/** A confirmed repeat caller with no sooner call-back due must speak to a clinician within this. */
export const REPEAT_CALLER_CALLBACK_MINUTES = 60;
/** The warning comes when this share of the allowed time is used. */
export const WARNING_FRACTION = 0.8;

export interface QueueDecision {
  reason: QueueReason;
  /** the call-back disposition the entry works to */
  disposition: string;
  validationOf: string | null;
  minutes: number;
}

/** Minutes a call-back disposition allows ("immediate" → 10). */
export function callbackMinutes(timeframe: Timeframe): number {
  switch (timeframe.kind) {
    case 'immediate':
      return IMMEDIATE_CALLBACK_MINUTES;
    case 'minutes':
      return timeframe.minutes;
    default:
      return REPEAT_CALLER_CALLBACK_MINUTES;
  }
}

/**
 * Whether an outcome goes to the clinical queue: a clinician call-back disposition does; a category
 * 3/4 ambulance or emergency department outcome that has a validation call-back does, unless a
 * clinician reached it (a clinician's outcome is already validated).
 */
export function queueDecisionFor(
  disposition: Disposition,
  validationCallbackFor: (code: string) => Disposition | undefined,
  reachedByClinician: boolean,
): QueueDecision | null {
  if (disposition.group === 'clinician-callback') {
    return { reason: 'callback', disposition: disposition.code, validationOf: null, minutes: callbackMinutes(disposition.timeframe) };
  }
  if (reachedByClinician) return null;
  const validation = validationCallbackFor(disposition.code);
  if (validation) {
    return { reason: 'validation', disposition: validation.code, validationOf: disposition.code, minutes: callbackMinutes(validation.timeframe) };
  }
  return null;
}

export type QueueLevel = 'ok' | 'warning' | 'breached';

export interface QueueTiming {
  level: QueueLevel;
  /** negative once breached */
  minutesToDue: number;
  /** share of the allowed time used, 0–1+ */
  used: number;
  warning: boolean;
  breached: boolean;
}

export function queueTiming(entry: { queuedAt: Date; dueAt: Date }, now: Date): QueueTiming {
  const allowed = Math.max(1, entry.dueAt.getTime() - entry.queuedAt.getTime());
  const used = (now.getTime() - entry.queuedAt.getTime()) / allowed;
  const breached = now.getTime() >= entry.dueAt.getTime();
  const warning = !breached && used >= WARNING_FRACTION;
  return {
    level: breached ? 'breached' : warning ? 'warning' : 'ok',
    minutesToDue: Math.floor((entry.dueAt.getTime() - now.getTime()) / 60_000),
    used: Math.round(used * 1000) / 1000,
    warning,
    breached,
  };
}

/** How a finished (done or cancelled) entry went: whether it was finished after its deadline. */
export interface FinishedTiming {
  level: null;
  warning: false;
  breached: boolean;
}

/** A clinical queue entry with its timing now. */
export type TimedQueueEntry = QueueEntry & (QueueTiming | FinishedTiming);

export function timed(entry: QueueEntry, now: Date): TimedQueueEntry {
  const open = entry.status === 'waiting' || entry.status === 'claimed';
  return { ...entry, ...(open ? queueTiming(entry, now) : { level: null, warning: false, breached: entry.finishedAt ? entry.finishedAt > entry.dueAt : false }) };
}

/** Soonest due first; then the longest waiting; then by id so the order is stable. */
export function byDue<T extends { dueAt: Date; queuedAt: Date; id: string }>(a: T, b: T): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || a.queuedAt.getTime() - b.queuedAt.getTime() || a.id.localeCompare(b.id);
}

const NO_HOLIDAYS: BankHolidayLookup = { isBankHoliday: () => false };

/**
 * When care must have started by under a disposition's timeframe, from the moment it was given:
 * minutes add; working days count Monday to Friday, not bank holidays, to the end of that day in
 * Europe/London; immediate is now; none has no deadline.
 */
export function deadlineOf(
  timeframe: Timeframe,
  from: Date,
  calendar?: { lookup: BankHolidayLookup; nation: Nation },
): Date | null {
  switch (timeframe.kind) {
    case 'immediate':
      return from;
    case 'minutes':
      return new Date(from.getTime() + timeframe.minutes * 60_000);
    case 'none':
      return null;
    case 'working-days':
      // Counted as the search's window counts them (directory/working-days.ts).
      return new Date(workingDaysEndMs(from.getTime(), timeframe.days, calendar?.lookup ?? NO_HOLIDAYS, calendar?.nation ?? 'england-and-wales'));
  }
}

/** Whether a validated outcome stood, changed, or was made less urgent (pure: the catalogue's timeframes). */
export function validationVerdictOf(catalogue: Catalogue, original: string, decided: string): QueueOutcome['validation'] {
  if (original === decided) return 'stands';
  const a = catalogue.disposition(original);
  const b = catalogue.disposition(decided);
  if (!a || !b) return 'changed';
  const ua = urgencyOf(toTimeframe(a.timeframe)!, a.group);
  const ub = urgencyOf(toTimeframe(b.timeframe)!, b.group);
  const lessUrgent = ub[0] > ua[0] || (ub[0] === ua[0] && ub[1] > ua[1]);
  return lessUrgent ? 'downgraded' : 'changed';
}
