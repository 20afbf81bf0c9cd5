/** The SQL of the commissioner's cost model (table `cost_models`, migration 0014). */
import type { Executor } from '../platform/database';

export interface StoredCostModel {
  organisationId: string;
  /** the model as saved (parsed by the route before it was stored) */
  model: unknown;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  updatedByName: string;
}

/** The saved models of these organisations (any order). */
export async function findCostModels(db: Executor, organisationIds: readonly string[]): Promise<StoredCostModel[]> {
  if (!organisationIds.length) return [];
  const rows = await db.selectFrom('cost_models').selectAll().where('organisation_id', 'in', organisationIds).execute();
  return rows.map((row) => ({
    organisationId: row.organisation_id,
    model: row.model,
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    updatedByName: row.updated_by_name,
  }));
}

/** The organisation's saved version, locked until the transaction ends (0 when none). */
export async function lockVersion(db: Executor, organisationId: string): Promise<number> {
  const row = await db.selectFrom('cost_models').select('version').where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
  return row?.version ?? 0;
}

const toRow = (saved: StoredCostModel) => ({
  organisation_id: saved.organisationId,
  model: JSON.stringify(saved.model),
  version: saved.version,
  updated_at: saved.updatedAt,
  updated_by: saved.updatedBy,
  updated_by_name: saved.updatedByName,
});

/** The organisation's first save; false when another save got there first. */
export async function insertFirstCostModel(db: Executor, saved: StoredCostModel): Promise<boolean> {
  const result = await db.insertInto('cost_models').values(toRow(saved)).onConflict((oc) => oc.column('organisation_id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Replaces a saved model (its row locked by `lockVersion` in the same transaction). */
export async function updateCostModel(db: Executor, saved: StoredCostModel): Promise<void> {
  const { organisation_id, ...row } = toRow(saved);
  await db.updateTable('cost_models').set(row).where('organisation_id', '=', organisation_id).execute();
}
