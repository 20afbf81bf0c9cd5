/**
 * The pure rules of a call's events: what a new event does to the call as recorded so far. Used by the
 * API (one event at a time) and by the demo's history (a simulated call's events in turn), so both
 * write the same rows and events.
 */
import { badRequest, conflict } from '../platform/errors';
import type { NewEvent } from '../platform/events';
import type { CallEvent, TelephonyCall } from './model';

export const CALL_SUBJECT = 'telephony_call';

export interface CallChange {
  call: TelephonyCall;
  /** false: the same event was recorded already (nothing to write) */
  changed: boolean;
}

const same = (a: Date | null, b: Date) => a !== null && a.getTime() === b.getTime();
const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/**
 * Applies an event to the call (null: not seen yet). Throws 409 when the event contradicts what is
 * recorded (a second answer at another time, an answer after an abandon, another organisation's
 * call id, an event for a call never offered) and 400 naming `at` when it comes before the offer.
 */
export function applyCallEvent(existing: TelephonyCall | null, e: CallEvent, organisationId: string): CallChange {
  const clash = (message: string) => conflict(`Call ${e.callId}: ${message}`, [{ path: 'callId', message }], 'call_conflict');
  if (existing && existing.organisationId !== organisationId) throw clash('this call id belongs to another organisation');
  if (e.event === 'offered') {
    if (!existing) {
      return {
        changed: true,
        call: {
          callId: e.callId,
          organisationId,
          areaCode: e.areaCode ?? null,
          offeredAt: e.at,
          answeredAt: null,
          agentId: null,
          secondsToAnswer: null,
          abandonedAt: null,
          secondsToAbandon: null,
          transferredAt: null,
          transferredTo: null,
          updatedAt: e.at,
        },
      };
    }
    if (same(existing.offeredAt, e.at) && (e.areaCode ?? null) === existing.areaCode) return { call: existing, changed: false };
    throw clash(`already offered at ${existing.offeredAt.toISOString()}${existing.areaCode ? ` in ${existing.areaCode}` : ''}`);
  }
  if (!existing) throw clash('no "offered" event has been recorded for this call');
  if (e.at < existing.offeredAt) throw badRequest(`Call ${e.callId}: ${e.event} before it was offered`, [{ path: 'at', message: `before the offer at ${existing.offeredAt.toISOString()}` }]);
  const call = { ...existing, updatedAt: e.at };
  switch (e.event) {
    case 'answered':
      if (existing.abandonedAt) throw clash('the caller hung up before it was answered');
      if (existing.answeredAt) {
        if (same(existing.answeredAt, e.at) && (e.agentId ?? null) === existing.agentId) return { call: existing, changed: false };
        throw clash(`already answered at ${existing.answeredAt.toISOString()}`);
      }
      return { changed: true, call: { ...call, answeredAt: e.at, agentId: e.agentId ?? null, secondsToAnswer: seconds(existing.offeredAt, e.at) } };
    case 'abandoned':
      if (existing.answeredAt) throw clash('the call was answered');
      if (existing.abandonedAt) {
        if (same(existing.abandonedAt, e.at)) return { call: existing, changed: false };
        throw clash(`already abandoned at ${existing.abandonedAt.toISOString()}`);
      }
      return { changed: true, call: { ...call, abandonedAt: e.at, secondsToAbandon: seconds(existing.offeredAt, e.at) } };
    case 'transferred':
      if (!existing.answeredAt) throw clash('only an answered call can be transferred');
      if (existing.transferredAt) {
        if (same(existing.transferredAt, e.at) && e.transferredTo === existing.transferredTo) return { call: existing, changed: false };
        throw clash(`already transferred at ${existing.transferredAt.toISOString()}`);
      }
      if (e.at < existing.answeredAt) throw badRequest(`Call ${e.callId}: transferred before it was answered`, [{ path: 'at', message: `before the answer at ${existing.answeredAt.toISOString()}` }]);
      return { changed: true, call: { ...call, transferredAt: e.at, transferredTo: e.transferredTo! } };
  }
}

/** The domain event a recorded call event appends (the figures insight counts: A01, A03, B01, B02, B06). */
export function callEventRecord(call: TelephonyCall, kind: CallEvent['event']): NewEvent {
  const base = { callId: call.callId, organisationId: call.organisationId, areaCode: call.areaCode };
  const payload: Record<string, unknown> =
    kind === 'offered'
      ? { ...base, offeredAt: call.offeredAt.toISOString() }
      : kind === 'answered'
        ? { ...base, answeredAt: call.answeredAt!.toISOString(), secondsToAnswer: call.secondsToAnswer, agentId: call.agentId }
        : kind === 'abandoned'
          ? { ...base, abandonedAt: call.abandonedAt!.toISOString(), secondsToAbandon: call.secondsToAbandon }
          : { ...base, transferredAt: call.transferredAt!.toISOString(), transferredTo: call.transferredTo };
  return { type: `telephony.call_${kind}`, subjectType: CALL_SUBJECT, subjectIds: [call.callId, call.organisationId], payload };
}
