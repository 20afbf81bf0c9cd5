import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import type { Tables } from '../tables';
import type { TelephonyCall } from './model';

type Row = Selectable<Tables['telephony_calls']>;

const toCall = (row: Row): TelephonyCall => ({
  callId: row.call_id,
  organisationId: row.organisation_id,
  areaCode: row.area_code,
  offeredAt: row.offered_at,
  answeredAt: row.answered_at,
  agentId: row.agent_id,
  secondsToAnswer: row.seconds_to_answer,
  abandonedAt: row.abandoned_at,
  secondsToAbandon: row.seconds_to_abandon,
  transferredAt: row.transferred_at,
  transferredTo: row.transferred_to,
  updatedAt: row.updated_at,
});

/** The row of a call, as every writer (the API and the demo's history) stores it. */
export const callRow = (c: TelephonyCall): Insertable<Tables['telephony_calls']> => ({
  call_id: c.callId,
  organisation_id: c.organisationId,
  area_code: c.areaCode,
  offered_at: c.offeredAt,
  answered_at: c.answeredAt,
  agent_id: c.agentId,
  seconds_to_answer: c.secondsToAnswer,
  abandoned_at: c.abandonedAt,
  seconds_to_abandon: c.secondsToAbandon,
  transferred_at: c.transferredAt,
  transferred_to: c.transferredTo,
  updated_at: c.updatedAt,
});

export async function findCall(db: Executor, callId: string, forUpdate = false): Promise<TelephonyCall | undefined> {
  let q = db.selectFrom('telephony_calls').selectAll().where('call_id', '=', callId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toCall(row);
}

/** Writes the call as it now stands (inserted on its first event). */
export async function saveCall(db: Executor, call: TelephonyCall): Promise<void> {
  const { call_id: _id, ...values } = callRow(call);
  await db
    .insertInto('telephony_calls')
    .values(callRow(call))
    .onConflict((oc) => oc.column('call_id').doUpdateSet(values))
    .execute();
}

/** Many calls in one statement (the demo's history). */
export async function insertCalls(db: Executor, calls: TelephonyCall[]): Promise<void> {
  if (calls.length) await db.insertInto('telephony_calls').values(calls.map(callRow)).execute();
}
