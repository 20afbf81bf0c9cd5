/** All SQL of forecasting and surge detection: hourly demand per area, triggers, escalation levels. */
import { sql } from 'kysely';
import type { Executor } from '../platform/database';
import type { EscalationLevel, EscalationReason, SurgeMeasure, SurgeTrigger } from './surge';

const HOUR_MS = 3_600_000;

export interface AreaHourCount {
  areaCode: string;
  /** Epoch milliseconds of the start of the hour (UTC hours: the same everywhere). */
  at: number;
  count: number;
}

/**
 * Arrivals per area and hour for one measure: calls offered (telephony), items entering the clinical
 * queue, and emergency department outcomes. A case's area is its call's area; cases that did not
 * come by phone have none and are not counted by area.
 */
export async function hourlyCounts(db: Executor, measure: SurgeMeasure, from: Date, to: Date): Promise<AreaHourCount[]> {
  const query = {
    calls: sql<{ area_code: string; hour: string; count: number }>`
      select area_code, floor(extract(epoch from offered_at) / 3600)::bigint as hour, count(*)::int as count
      from telephony_calls where offered_at >= ${from} and offered_at < ${to} and area_code is not null
      group by 1, 2`,
    'clinical-queue': sql<{ area_code: string; hour: string; count: number }>`
      select t.area_code, floor(extract(epoch from q.queued_at) / 3600)::bigint as hour, count(*)::int as count
      from clinical_queue q join cases c on c.id = q.case_id join telephony_calls t on t.call_id = c.call_id
      where q.queued_at >= ${from} and q.queued_at < ${to} and t.area_code is not null
      group by 1, 2`,
    'ed-dispositions': sql<{ area_code: string; hour: string; count: number }>`
      select t.area_code, floor(extract(epoch from (c.disposition->>'setAt')::timestamptz) / 3600)::bigint as hour, count(*)::int as count
      from cases c join telephony_calls t on t.call_id = c.call_id
      where c.disposition->>'group' = 'emergency-department'
        and (c.disposition->>'setAt')::timestamptz >= ${from} and (c.disposition->>'setAt')::timestamptz < ${to}
        and t.area_code is not null
      group by 1, 2`,
  }[measure];
  const result = await query.execute(db);
  return result.rows.map((r) => ({ areaCode: r.area_code, at: Number(r.hour) * HOUR_MS, count: Number(r.count) }));
}

/** Areas with any call in the period: the ones worth watching. */
export async function activeAreas(db: Executor, from: Date): Promise<string[]> {
  const result = await sql<{ area_code: string }>`
    select distinct area_code from telephony_calls where offered_at >= ${from} and area_code is not null order by 1`.execute(db);
  return result.rows.map((r) => r.area_code);
}

export interface StoredTriggers {
  triggers: SurgeTrigger[];
  updatedAt: Date;
  updatedBy: string;
  updatedByName: string;
}

export async function findTriggers(db: Executor): Promise<StoredTriggers | null> {
  const row = await db.selectFrom('surge_triggers').selectAll().where('id', '=', 'current').executeTakeFirst();
  return row ? { triggers: row.triggers as SurgeTrigger[], updatedAt: row.updated_at, updatedBy: row.updated_by, updatedByName: row.updated_by_name } : null;
}

export async function saveTriggers(db: Executor, stored: StoredTriggers): Promise<void> {
  const values = { triggers: JSON.stringify(stored.triggers), updated_at: stored.updatedAt, updated_by: stored.updatedBy, updated_by_name: stored.updatedByName };
  await db
    .insertInto('surge_triggers')
    .values({ id: 'current', ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export interface EscalationRow {
  areaCode: string;
  level: EscalationLevel;
  reasons: EscalationReason[];
  since: Date;
  evaluatedAt: Date;
}

const toEscalation = (row: { area_code: string; level: number; reasons: unknown; since: Date; evaluated_at: Date }): EscalationRow => ({
  areaCode: row.area_code,
  level: row.level as EscalationLevel,
  reasons: row.reasons as EscalationReason[],
  since: row.since,
  evaluatedAt: row.evaluated_at,
});

export async function listEscalations(db: Executor): Promise<EscalationRow[]> {
  const rows = await db.selectFrom('escalation_status').selectAll().orderBy('area_code').execute();
  return rows.map(toEscalation);
}

/**
 * The area's row, locked for this transaction (created at level 1 if new), so two processes
 * evaluating together announce a change once.
 */
export async function lockEscalation(db: Executor, areaCode: string, now: Date): Promise<EscalationRow> {
  await db
    .insertInto('escalation_status')
    .values({ area_code: areaCode, level: 1, reasons: '[]', since: now, evaluated_at: now })
    .onConflict((oc) => oc.column('area_code').doNothing())
    .execute();
  const row = await db.selectFrom('escalation_status').selectAll().where('area_code', '=', areaCode).forUpdate().executeTakeFirstOrThrow();
  return toEscalation(row);
}

export async function updateEscalation(db: Executor, row: EscalationRow): Promise<void> {
  await db
    .updateTable('escalation_status')
    .set({ level: row.level, reasons: JSON.stringify(row.reasons), since: row.since, evaluated_at: row.evaluatedAt })
    .where('area_code', '=', row.areaCode)
    .execute();
}
