/** The SQL of the demo's history: its progress row (the rows it writes go through each module's service). */
import type { Executor } from '../platform/database';

export interface HistoryRow {
  id: string;
  seed: number;
  days: number;
  startsAt: Date;
  endsAt: Date;
  status: 'running' | 'done';
  daysWritten: number;
  counters: Record<string, unknown>;
  written: Record<string, number>;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export async function findHistory(db: Executor, id: string): Promise<HistoryRow | undefined> {
  const r = await db.selectFrom('demo_history').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      seed: Number(r.seed),
      days: r.days,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      status: r.status as HistoryRow['status'],
      daysWritten: r.days_written,
      counters: r.counters,
      written: r.written as Record<string, number>,
      startedAt: r.started_at,
      updatedAt: r.updated_at,
      finishedAt: r.finished_at,
    }
  );
}

/** Starts a history unless one with this id exists (two processes starting together: the first wins). */
export async function startHistory(db: Executor, row: HistoryRow): Promise<void> {
  await db
    .insertInto('demo_history')
    .values({
      id: row.id,
      seed: row.seed,
      days: row.days,
      starts_at: row.startsAt,
      ends_at: row.endsAt,
      status: row.status,
      days_written: row.daysWritten,
      counters: JSON.stringify(row.counters),
      written: JSON.stringify(row.written),
      started_at: row.startedAt,
      updated_at: row.updatedAt,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Records how far the history is written (in the transaction that wrote that far). */
export async function saveProgress(db: Executor, id: string, progress: { daysWritten: number; written: Record<string, number>; counters?: Record<string, unknown>; at: Date; done: boolean }): Promise<void> {
  await db
    .updateTable('demo_history')
    .set({
      days_written: progress.daysWritten,
      written: JSON.stringify(progress.written),
      ...(progress.counters ? { counters: JSON.stringify(progress.counters) } : {}),
      updated_at: progress.at,
      status: progress.done ? 'done' : 'running',
      finished_at: progress.done ? progress.at : null,
    })
    .where('id', '=', id)
    .execute();
}
