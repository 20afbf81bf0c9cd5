import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../platform/database';
import type { Count, GapQuery } from './model';

type Filter = Omit<GapQuery, 'from' | 'to'> & { from: Date; to: Date };

function eventFilter(type: string, filter: Filter): Expression<SqlBool> {
  const parts = [sql`e.type = ${type}`, sql`e.at >= ${filter.from}`, sql`e.at < ${filter.to}`];
  if (filter.areaCode) parts.push(sql`e.payload->>'areaCode' = ${filter.areaCode}`);
  if (filter.disposition) parts.push(sql`e.payload->>'disposition' = ${filter.disposition}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** One row per recorded gap: each `search.gaps` event lists the gaps of one search. */
function gapRows(filter: Filter) {
  const rule = filter.rule ? sql`and g->>'rule' = ${filter.rule}` : sql``;
  return sql`(select e.payload as search, g as gap from events e cross join lateral jsonb_array_elements(e.payload->'gaps') g
    where ${eventFilter('search.gaps', filter)} ${rule}) as rows`;
}

const safeField = (field: string) => field.replace(/[^A-Za-z]/g, '');

/** Gap counts grouped by a field of the search (`areaCode`, `disposition`, `hourOfWeek`) or of the gap (`rule`). */
export async function countGapsBy(db: Executor, field: string, filter: Filter, limit = 200): Promise<Count[]> {
  const source = field === 'rule' ? 'gap' : 'search';
  const key = sql.raw(`${source}->>'${safeField(field)}'`);
  const result = await sql<{ key: string | null; count: number }>`
    select ${key} as key, count(*)::int as count from ${gapRows(filter)} group by 1 order by 2 desc, 1 limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ key: r.key ?? '(none)', count: Number(r.count) }));
}

export async function countUnmetBy(db: Executor, field: string, filter: Filter, limit = 200): Promise<Count[]> {
  const key = sql.raw(`e.payload->>'${safeField(field)}'`);
  const result = await sql<{ key: string | null; count: number }>`
    select ${key} as key, count(*)::int as count from events e where ${eventFilter('search.unmet_need', filter)}
    group by 1 order by 2 desc, 1 limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ key: r.key ?? '(none)', count: Number(r.count) }));
}

export async function topGapServices(db: Executor, filter: Filter, limit = 25) {
  const result = await sql<{ service_id: string; service_name: string | null; rule: string; count: number }>`
    select top.service_id, s.name as service_name, top.rule, top.count from (
      select gap->>'serviceId' as service_id, gap->>'rule' as rule, count(*)::int as count
      from ${gapRows(filter)} group by 1, 2 order by 3 desc, 1 limit ${limit}) top
    left join services s on s.id = top.service_id::bigint
    order by top.count desc, top.service_id`.execute(db);
  return result.rows.map((r) => ({ serviceId: Number(r.service_id), serviceName: r.service_name ?? '', rule: r.rule, count: Number(r.count) }));
}

export async function totalGaps(db: Executor, filter: Filter): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${gapRows(filter)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function totalUnmet(db: Executor, filter: Filter): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from events e where ${eventFilter('search.unmet_need', filter)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
