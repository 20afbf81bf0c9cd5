/**
 * Calls reported by the telephony platform (its API token has the `telephony` scope): each event in
 * one transaction with its domain event and audit entry; a repeated event changes nothing.
 */
import type { Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { badRequest, forbidden } from '../platform/errors';
import { applyCallEvent, callEventRecord } from './calls';
import type { CallEvent, TelephonyCall } from './model';
import * as store from './store';

export class TelephonyService {
  constructor(private readonly platform: Platform) {}

  async record(actor: Actor, event: CallEvent): Promise<{ call: TelephonyCall; recorded: boolean }> {
    if (!actor.organisationId) throw forbidden('Calls are reported by a telephony platform’s token, which belongs to an organisation');
    const organisationId = actor.organisationId;
    return inTransaction(this.platform.db, async (tx) => {
      const existing = (await store.findCall(tx, event.callId, true)) ?? null;
      const { call, changed } = applyCallEvent(existing, event, organisationId);
      if (!changed) return { call, recorded: false };
      await store.saveCall(tx, call);
      await recordChange(tx, actor, event.at, callEventRecord(call, event.event));
      return { call, recorded: true };
    });
  }

  /** Past calls, in bulk inside the caller's transaction (the demo's history; its events are the caller's). */
  async recordHistory(tx: Tx, calls: TelephonyCall[]): Promise<void> {
    await store.insertCalls(tx, calls);
  }

  /**
   * The call a case is opened for (`callId` on the case): it must exist and have been answered.
   * Throws a 400 naming the field otherwise.
   */
  async answeredCall(callId: string, field = 'callId'): Promise<TelephonyCall> {
    const call = await store.findCall(this.platform.db, callId);
    if (!call) throw badRequest(`No call ${callId} has been reported by the telephony platform`, [{ path: field, message: 'unknown call' }]);
    if (!call.answeredAt) throw badRequest(`Call ${callId} was not answered`, [{ path: field, message: 'not answered' }]);
    return call;
  }
}
