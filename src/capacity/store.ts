import type { Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import type { CapacityHistoryEntry, CapacityRecord, CapacityStatus } from './model';
import type { Tables } from '../tables';

type Row = Selectable<Tables['capacity']>;

const toRecord = (row: Row): CapacityRecord => ({
  serviceId: row.service_id,
  status: row.status as CapacityStatus,
  reason: row.reason,
  setBy: row.set_by,
  setByName: row.set_by_name,
  setAt: row.set_at,
  resetAt: row.reset_at,
});

const toRow = (r: CapacityRecord): Row => ({
  service_id: r.serviceId,
  status: r.status,
  reason: r.reason,
  set_by: r.setBy,
  set_by_name: r.setByName,
  set_at: r.setAt,
  reset_at: r.resetAt,
});

export async function upsertCapacity(db: Executor, record: CapacityRecord, cause: 'set' | 'expired'): Promise<void> {
  const row = toRow(record);
  await db
    .insertInto('capacity')
    .values(row)
    .onConflict((oc) =>
      oc.column('service_id').doUpdateSet({
        status: row.status,
        reason: row.reason,
        set_by: row.set_by,
        set_by_name: row.set_by_name,
        set_at: row.set_at,
        reset_at: row.reset_at,
      }),
    )
    .execute();
  await db.insertInto('capacity_history').values({ ...row, cause }).execute();
}

/** Past changes, as `upsertCapacity` records each in the history (the demo's history; the current status is left alone). */
export async function insertHistory(db: Executor, changes: { record: CapacityRecord; cause: 'set' | 'expired' }[]): Promise<void> {
  if (changes.length) await db.insertInto('capacity_history').values(changes.map(({ record, cause }) => ({ ...toRow(record), cause }))).execute();
}

export async function findCapacity(db: Executor, serviceId: number): Promise<CapacityRecord | undefined> {
  const row = await db.selectFrom('capacity').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
  return row && toRecord(row);
}

export async function listCapacity(db: Executor, serviceIds?: number[]): Promise<CapacityRecord[]> {
  let q = db.selectFrom('capacity').selectAll().orderBy('service_id');
  if (serviceIds) q = q.where('service_id', 'in', serviceIds.length ? serviceIds : [-1]);
  return (await q.execute()).map(toRecord);
}

export async function listHistory(db: Executor, serviceId: number, limit: number): Promise<CapacityHistoryEntry[]> {
  const rows = await db
    .selectFrom('capacity_history')
    .selectAll()
    .where('service_id', '=', serviceId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toRecord(r), id: r.id, cause: r.cause as 'set' | 'expired' }));
}

/** Expired ambers and reds, locked so that two processes never reset the same one twice. */
export async function lockExpired(db: Executor, now: Date, limit = 500): Promise<CapacityRecord[]> {
  const rows = await db
    .selectFrom('capacity')
    .selectAll()
    .where('status', '!=', 'green')
    .where('reset_at', '<=', now)
    .orderBy('reset_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map(toRecord);
}
