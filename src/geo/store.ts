import type { Executor } from '../platform/database';
import type { Area, District, SearchDistanceRule } from './model';
import type { Nation } from './nation';

export async function insertAreasIfMissing(db: Executor, areas: Area[]): Promise<void> {
  if (!areas.length) return;
  await db
    .insertInto('areas')
    .values(areas.map((a) => ({ code: a.code, name: a.name, nation: a.nation, region: a.region })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function insertDistrictsIfMissing(db: Executor, districts: District[]): Promise<void> {
  for (let i = 0; i < districts.length; i += 500) {
    await db
      .insertInto('postcode_districts')
      .values(
        districts.slice(i, i + 500).map((d) => ({
          district: d.district,
          lat: d.lat,
          lon: d.lon,
          area_code: d.areaCode,
          town: d.town,
          population: d.population,
        })),
      )
      .onConflict((oc) => oc.column('district').doNothing())
      .execute();
  }
}

export async function insertRulesIfMissing(db: Executor, rules: SearchDistanceRule[]): Promise<void> {
  if (!rules.length) return;
  await db
    .insertInto('search_distance_rules')
    .values(rules.map((r) => ({ scope: r.scope, key: r.key, km: r.km })))
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .execute();
}

export async function listAreas(db: Executor): Promise<Area[]> {
  const rows = await db.selectFrom('areas').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, nation: r.nation as Nation, region: r.region }));
}

export async function listDistricts(db: Executor): Promise<District[]> {
  const rows = await db.selectFrom('postcode_districts').selectAll().orderBy('district').execute();
  return rows.map((r) => ({
    district: r.district,
    lat: r.lat,
    lon: r.lon,
    areaCode: r.area_code,
    town: r.town,
    population: r.population,
  }));
}

export async function listRules(db: Executor): Promise<SearchDistanceRule[]> {
  const rows = await db.selectFrom('search_distance_rules').selectAll().orderBy('scope').orderBy('key').execute();
  return rows.map((r) => ({ scope: r.scope as SearchDistanceRule['scope'], key: r.key, km: r.km }));
}

export async function upsertRule(db: Executor, rule: SearchDistanceRule): Promise<void> {
  await db
    .insertInto('search_distance_rules')
    .values({ scope: rule.scope, key: rule.key, km: rule.km })
    .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet({ km: rule.km }))
    .execute();
}

export async function deleteRule(db: Executor, scope: string, key: string): Promise<number> {
  const result = await db.deleteFrom('search_distance_rules').where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findPostcode(db: Executor, postcode: string) {
  return db.selectFrom('postcodes').selectAll().where('postcode', '=', postcode).executeTakeFirst();
}

export async function upsertPostcodes(
  db: Executor,
  rows: { postcode: string; lat: number; lon: number; areaCode: string | null; nation: string | null }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('postcodes')
    .values(rows.map((r) => ({ postcode: r.postcode, lat: r.lat, lon: r.lon, area_code: r.areaCode, nation: r.nation })))
    .onConflict((oc) =>
      oc.column('postcode').doUpdateSet((eb) => ({
        lat: eb.ref('excluded.lat'),
        lon: eb.ref('excluded.lon'),
        area_code: eb.ref('excluded.area_code'),
        nation: eb.ref('excluded.nation'),
      })),
    )
    .execute();
}

export async function countPostcodes(db: Executor): Promise<number> {
  const row = await db.selectFrom('postcodes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets (or clears, with null) the organisation that commissions an area; 0 if no such area. */
export async function setAreaCommissioner(db: Executor, areaCode: string, organisationId: string | null): Promise<number> {
  const result = await db.updateTable('areas').set({ commissioner_id: organisationId }).where('code', '=', areaCode).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function organisationExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Codes of the areas these organisations commission. */
export async function areasCommissionedBy(db: Executor, organisationIds: readonly string[]): Promise<string[]> {
  if (!organisationIds.length) return [];
  const rows = await db.selectFrom('areas').select('code').where('commissioner_id', 'in', organisationIds).orderBy('code').execute();
  return rows.map((r) => r.code);
}
