import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../platform/database';
import type { Count, GapQuery } from './model';

type Filter = Omit<GapQuery, 'from' | 'to'> & { from: Date; to: Date };

function whereOf(type: string, filter: Filter, withRule: boolean): Expression<SqlBool> {
  const parts = [sql`type = ${type}`, sql`at >= ${filter.from}`, sql`at < ${filter.to}`];
  if (filter.areaCode) parts.push(sql`payload->>'areaCode' = ${filter.areaCode}`);
  if (filter.disposition) parts.push(sql`payload->>'disposition' = ${filter.disposition}`);
  if (withRule && filter.rule) parts.push(sql`payload->>'rule' = ${filter.rule}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** Counts of gap or unmet-need events grouped by one payload field. */
export async function countBy(db: Executor, type: 'search.gap' | 'search.unmet_need', field: string, filter: Filter, limit = 200): Promise<Count[]> {
  const key = sql.raw(`payload->>'${field.replace(/[^A-Za-z]/g, '')}'`);
  const result = await sql<{ key: string | null; count: number }>`
    select ${key} as key, count(*)::int as count from events
    where ${whereOf(type, filter, type === 'search.gap')}
    group by 1 order by 2 desc, 1 limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ key: r.key ?? '(none)', count: Number(r.count) }));
}

export async function topGapServices(db: Executor, filter: Filter, limit = 25) {
  const result = await sql<{ service_id: string; service_name: string; rule: string; count: number }>`
    select payload->>'serviceId' as service_id, max(payload->>'serviceName') as service_name, payload->>'rule' as rule, count(*)::int as count
    from events where ${whereOf('search.gap', filter, true)}
    group by 1, 3 order by 4 desc, 1 limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ serviceId: Number(r.service_id), serviceName: r.service_name, rule: r.rule, count: Number(r.count) }));
}

export async function total(db: Executor, type: 'search.gap' | 'search.unmet_need', filter: Filter): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from events where ${whereOf(type, filter, type === 'search.gap')}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
