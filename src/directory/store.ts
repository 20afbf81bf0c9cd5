import { sql, type Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import type { Nation } from './opening-hours';
import {
  serviceFrom,
  type Ranking,
  type Service,
  type ServiceChange,
  type ServiceListQuery,
  type ServiceProfile,
  type ServiceVersion,
} from './model';
import type { Tables } from '../tables';

export type ServiceRow = Pick<Selectable<Tables['services']>, (typeof serviceColumns)[number]>;

export function toService(row: ServiceRow): Service {
  return serviceFrom(row.profile as ServiceProfile, {
    id: row.id,
    version: row.version,
    lat: row.lat,
    lon: row.lon,
    areaCode: row.area_code,
    nation: row.nation as Nation,
    lastVerifiedAt: row.last_verified_at,
    nextVerificationDue: row.next_verification_due,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

const serviceColumns = [
  'id',
  'version',
  'lat',
  'lon',
  'area_code',
  'nation',
  'profile',
  'last_verified_at',
  'next_verification_due',
  'created_at',
  'updated_at',
] as const;

export interface ServiceWrite {
  profile: ServiceProfile;
  lat: number;
  lon: number;
  areaCode: string | null;
  nation: Nation;
  nextVerificationDue: string | null;
  at: Date;
}

function columnsOf(write: ServiceWrite) {
  const p = write.profile;
  return {
    type_id: p.typeId,
    status: p.status,
    organisation_id: p.organisationId,
    parent_id: p.parentId,
    name: p.name,
    public_name: p.publicName,
    postcode: p.address.postcode,
    lat: write.lat,
    lon: write.lon,
    area_code: write.areaCode,
    nation: write.nation,
    profile: JSON.stringify(p),
    updated_at: write.at,
  };
}

export async function insertService(db: Executor, write: ServiceWrite): Promise<Service> {
  const row = await db
    .insertInto('services')
    .values({ ...columnsOf(write), version: 1, created_at: write.at, next_verification_due: write.nextVerificationDue, last_verified_at: write.at })
    .returning(serviceColumns)
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function insertServices(db: Executor, writes: ServiceWrite[]): Promise<Service[]> {
  if (!writes.length) return [];
  const rows = await db
    .insertInto('services')
    .values(writes.map((w) => ({ ...columnsOf(w), version: 1, created_at: w.at, next_verification_due: w.nextVerificationDue, last_verified_at: w.at })))
    .returning(serviceColumns)
    .execute();
  return rows.map(toService);
}

export async function updateService(db: Executor, id: number, write: ServiceWrite): Promise<Service> {
  const row = await db
    .updateTable('services')
    .set((eb) => ({ ...columnsOf(write), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning(serviceColumns)
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function markVerified(db: Executor, id: number, at: Date, nextDue: string): Promise<Service> {
  const row = await db
    .updateTable('services')
    .set({ last_verified_at: at, next_verification_due: nextDue })
    .where('id', '=', id)
    .returning(serviceColumns)
    .executeTakeFirstOrThrow();
  return toService(row);
}

export async function findService(db: Executor, id: number, forUpdate = false): Promise<Service | undefined> {
  let query = db.selectFrom('services').select(serviceColumns).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toService(row);
}

export async function serviceExists(db: Executor, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('services').select('id').where('id', '=', id).executeTakeFirst());
}

/**
 * A service's searchable text, exactly as indexed by migration 0017 (the planner matches the expression
 * to use the index): names, description and capability codes.
 */
const SERVICE_TEXT = sql`to_tsvector('english'::regconfig, name || ' ' || public_name || ' ' || coalesce(profile->>'description', '') || ' ' || coalesce(jsonb_path_query_array(profile, '$.capabilities[*].code')::text, ''))`;

/** `capabilityCodes`: capabilities whose names or need phrases the text matched (the catalogue knows them, not SQL). */
export async function listServices(db: Executor, query: ServiceListQuery & { organisationIds?: string[]; capabilityCodes?: string[] }) {
  let q = db.selectFrom('services');
  if (query.typeId) q = q.where('type_id', '=', query.typeId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.areaCode) q = q.where('area_code', '=', query.areaCode);
  if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
  if (query.organisationIds) q = q.where('organisation_id', 'in', query.organisationIds.length ? query.organisationIds : ['']);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const text = query.q;
    const codes = query.capabilityCodes ?? [];
    q = q.where((eb) =>
      eb.or([
        eb('name', 'ilike', like),
        eb('public_name', 'ilike', like),
        eb('postcode', 'ilike', like),
        // names, description and capability codes, stemmed (the index of migration 0017)
        sql<boolean>`${SERVICE_TEXT} @@ websearch_to_tsquery('english'::regconfig, ${text})`,
        ...codes.map((code) => sql<boolean>`profile->'capabilities' @> ${JSON.stringify([{ code }])}::jsonb`),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    q.select(serviceColumns).orderBy('name').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { services: rows.map(toService), total: Number(total.n) };
}

/** Streams every service in id order, a page at a time (for building in-memory indexes). */
export async function* allServices(db: Executor, pageSize = 5000): AsyncGenerator<Service[]> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('services').select(serviceColumns).where('id', '>', after).orderBy('id').limit(pageSize).execute();
    if (!rows.length) return;
    yield rows.map(toService);
    after = rows[rows.length - 1].id;
  }
}

export async function verificationDue(db: Executor, dueBy: string, organisationIds?: string[]) {
  let q = db
    .selectFrom('services')
    .select(serviceColumns)
    .where('status', '!=', 'closed')
    .where('next_verification_due', '<=', dueBy)
    .orderBy('next_verification_due')
    .orderBy('id')
    .limit(1000);
  if (organisationIds) q = q.where('organisation_id', 'in', organisationIds.length ? organisationIds : ['']);
  return (await q.execute()).map(toService);
}

export async function insertVersion(db: Executor, version: ServiceVersion): Promise<void> {
  await insertVersions(db, [version]);
}

export async function insertVersions(db: Executor, versions: ServiceVersion[]): Promise<void> {
  if (!versions.length) return;
  await db
    .insertInto('service_versions')
    .values(
      versions.map((version) => ({
        service_id: version.serviceId,
        version: version.version,
        snapshot: JSON.stringify(version.snapshot),
        diff: JSON.stringify(version.diff),
        reason: version.reason,
        change_id: version.changeId,
        changed_by: version.changedBy,
        changed_at: version.changedAt,
      })),
    )
    .execute();
}

export async function listVersions(db: Executor, serviceId: number): Promise<ServiceVersion[]> {
  const rows = await db.selectFrom('service_versions').selectAll().where('service_id', '=', serviceId).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    serviceId: r.service_id,
    version: r.version,
    snapshot: r.snapshot as ServiceVersion['snapshot'],
    diff: r.diff as ServiceVersion['diff'],
    reason: r.reason,
    changeId: r.change_id,
    changedBy: r.changed_by,
    changedAt: r.changed_at,
  }));
}

type ChangeRow = Selectable<Tables['service_changes']>;

const toChange = (r: ChangeRow): ServiceChange => ({
  id: r.id,
  serviceId: r.service_id,
  kind: r.kind as ServiceChange['kind'],
  proposal: r.proposal as ServiceChange['proposal'],
  baseValues: r.base_values,
  reason: r.reason,
  status: r.status as ServiceChange['status'],
  proposedBy: r.proposed_by,
  proposedByOrg: r.proposed_by_org,
  proposedAt: r.proposed_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionReason: r.decision_reason,
  effectiveFrom: r.effective_from,
  appliedAt: r.applied_at,
  lapsedReason: r.lapsed_reason,
});

export async function insertChange(db: Executor, change: ServiceChange): Promise<void> {
  await db
    .insertInto('service_changes')
    .values({
      id: change.id,
      service_id: change.serviceId,
      kind: change.kind,
      proposal: JSON.stringify(change.proposal),
      base_values: JSON.stringify(change.baseValues),
      reason: change.reason,
      status: change.status,
      proposed_by: change.proposedBy,
      proposed_by_org: change.proposedByOrg,
      proposed_at: change.proposedAt,
      effective_from: change.effectiveFrom,
    })
    .execute();
}

export async function findChange(db: Executor, id: string, forUpdate = false): Promise<ServiceChange | undefined> {
  let q = db.selectFrom('service_changes').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toChange(row);
}

export async function decideChange(
  db: Executor,
  id: string,
  decision: { status: ServiceChange['status']; by: string; at: Date; reason: string | null; serviceId?: number; appliedAt?: Date },
): Promise<ServiceChange> {
  const row = await db
    .updateTable('service_changes')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.at,
      decision_reason: decision.reason,
      ...(decision.serviceId ? { service_id: decision.serviceId } : {}),
      ...(decision.appliedAt ? { applied_at: decision.appliedAt } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toChange(row);
}

/** Scheduled changes due by `now`, earliest first (the order they apply in). */
export async function dueScheduledChanges(db: Executor, now: Date, limit: number): Promise<ServiceChange[]> {
  const rows = await db
    .selectFrom('service_changes')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('effective_from', '<=', now)
    .orderBy('effective_from')
    .orderBy('decided_at')
    .limit(limit)
    .execute();
  return rows.map(toChange);
}

/** When the next scheduled change is due, if any. */
export async function nextScheduledAt(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('service_changes')
    .select((eb) => eb.fn.min('effective_from').as('next'))
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return row?.next ? new Date(row.next as Date | string) : null;
}

/** A service's scheduled changes due before `before`, earliest first. */
export async function scheduledChangesOf(db: Executor, serviceId: number, before: Date): Promise<ServiceChange[]> {
  const rows = await db
    .selectFrom('service_changes')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('service_id', '=', serviceId)
    .where('effective_from', '<', before)
    .orderBy('effective_from')
    .orderBy('decided_at')
    .execute();
  return rows.map(toChange);
}

/**
 * Moves a change out of `scheduled` (applied, or lapsed): only one transaction can do it, so of two
 * processes applying due changes at once one gets the row and the other (blocked on its lock until
 * the first commits) gets nothing.
 */
async function leaveScheduled(db: Executor, id: string, set: { status: 'approved'; applied_at: Date } | { status: 'lapsed'; lapsed_reason: string }): Promise<ServiceChange | undefined> {
  const row = await db.updateTable('service_changes').set(set).where('id', '=', id).where('status', '=', 'scheduled').returningAll().executeTakeFirst();
  return row && toChange(row);
}

export const claimScheduledChange = (db: Executor, id: string, at: Date) => leaveScheduled(db, id, { status: 'approved', applied_at: at });

export const lapseScheduledChange = (db: Executor, id: string, reason: string) => leaveScheduled(db, id, { status: 'lapsed', lapsed_reason: reason });

export async function listChanges(
  db: Executor,
  filter: { status?: string; serviceId?: number; organisationIds?: string[]; limit: number },
): Promise<ServiceChange[]> {
  let q = db.selectFrom('service_changes').selectAll().orderBy('proposed_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.serviceId) q = q.where('service_id', '=', filter.serviceId);
  if (filter.organisationIds) {
    const orgs = filter.organisationIds.length ? filter.organisationIds : [''];
    // A proposal belongs to the organisation that made it or that runs the service.
    q = q.where((eb) =>
      eb.or([
        eb('proposed_by_org', 'in', orgs),
        eb('service_id', 'in', eb.selectFrom('services').select('services.id').where('services.organisation_id', 'in', orgs)),
      ]),
    );
  }
  return (await q.execute()).map(toChange);
}

export async function listRankings(db: Executor): Promise<Ranking[]> {
  const rows = await db.selectFrom('ranking_strategies').selectAll().orderBy('area_code').orderBy('rank').execute();
  return rows.map((r) => ({ areaCode: r.area_code, serviceTypeId: r.service_type_id, rank: r.rank }));
}

export async function upsertRanking(db: Executor, ranking: Ranking): Promise<void> {
  await db
    .insertInto('ranking_strategies')
    .values({ area_code: ranking.areaCode, service_type_id: ranking.serviceTypeId, rank: ranking.rank })
    .onConflict((oc) => oc.columns(['area_code', 'service_type_id']).doUpdateSet({ rank: ranking.rank }))
    .execute();
}

export async function deleteRanking(db: Executor, areaCode: string, serviceTypeId: number): Promise<number> {
  const result = await db
    .deleteFrom('ranking_strategies')
    .where('area_code', '=', areaCode)
    .where('service_type_id', '=', serviceTypeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listHolidayOverrides(db: Executor) {
  const rows = await db.selectFrom('bank_holiday_overrides').selectAll().orderBy('date').execute();
  return rows.map((r) => ({ nation: r.nation as Nation, date: r.date, kind: r.kind as 'add' | 'remove', name: r.name ?? undefined }));
}

export async function upsertHolidayOverride(db: Executor, o: { nation: string; date: string; kind: string; name?: string }) {
  await db
    .insertInto('bank_holiday_overrides')
    .values({ nation: o.nation, date: o.date, kind: o.kind, name: o.name ?? null })
    .onConflict((oc) => oc.columns(['nation', 'date']).doUpdateSet({ kind: o.kind, name: o.name ?? null }))
    .execute();
}

export async function deleteHolidayOverride(db: Executor, nation: string, date: string): Promise<number> {
  const result = await db.deleteFrom('bank_holiday_overrides').where('nation', '=', nation).where('date', '=', date).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countServices(db: Executor): Promise<number> {
  const row = await db.selectFrom('services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
