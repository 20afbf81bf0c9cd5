// All SQL of modelling's scenarios and runs (migration 0015).
import type { Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import type { Tables } from '../tables';
import type { CostModel } from './cost-model';
import type { ScenarioChange } from './scenario-model';

export interface ScenarioDefinition {
  replications: number;
  horizonDays: number;
  seed: number;
  changes: ScenarioChange[];
}

export interface ScenarioRecord extends ScenarioDefinition {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  ownerName: string;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const RunStatuses = ['queued', 'running', 'done', 'cancelled', 'failed'] as const;
export type RunStatus = (typeof RunStatuses)[number];

export interface RunRecord {
  id: string;
  scenarioId: string;
  /** the scenario as it was when the run started, with the cost model that prices it */
  scenario: { name: string; costModel?: CostModel } & ScenarioDefinition;
  status: RunStatus;
  replications: number;
  done: number;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  results: unknown;
}

type ScenarioRow = Selectable<Tables['modelling_scenarios']> & { owner_name: string };
type RunRow = Selectable<Tables['modelling_runs']>;

const toScenario = (row: ScenarioRow): ScenarioRecord => {
  const definition = row.definition as ScenarioDefinition;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    shared: row.shared,
    replications: definition.replications,
    horizonDays: definition.horizonDays,
    seed: definition.seed,
    changes: definition.changes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

const toRun = (row: RunRow): RunRecord => ({
  id: row.id,
  scenarioId: row.scenario_id,
  scenario: row.scenario as RunRecord['scenario'],
  status: row.status as RunStatus,
  replications: row.replications,
  done: row.done,
  startedBy: row.started_by,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  error: row.error,
  results: row.results,
});

const definitionOf = (s: ScenarioDefinition): string =>
  JSON.stringify({ replications: s.replications, horizonDays: s.horizonDays, seed: s.seed, changes: s.changes });

function scenarios(db: Executor) {
  return db
    .selectFrom('modelling_scenarios as s')
    .innerJoin('users as u', 'u.id', 's.owner_id')
    .selectAll('s')
    .select('u.display_name as owner_name');
}

export async function insertScenario(db: Executor, s: Omit<ScenarioRecord, 'ownerName'>): Promise<void> {
  await db
    .insertInto('modelling_scenarios')
    .values({ id: s.id, name: s.name, description: s.description, owner_id: s.ownerId, shared: s.shared, definition: definitionOf(s), created_at: s.createdAt, updated_at: s.updatedAt })
    .execute();
}

export async function updateScenario(db: Executor, s: Omit<ScenarioRecord, 'ownerName' | 'ownerId' | 'createdAt'>): Promise<void> {
  await db
    .updateTable('modelling_scenarios')
    .set({ name: s.name, description: s.description, shared: s.shared, definition: definitionOf(s), updated_at: s.updatedAt })
    .where('id', '=', s.id)
    .execute();
}

export async function deleteScenario(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('modelling_scenarios').where('id', '=', id).execute();
}

export async function findScenario(db: Executor, id: string, forUpdate = false): Promise<ScenarioRecord | undefined> {
  let q = scenarios(db).where('s.id', '=', id);
  if (forUpdate) q = q.forUpdate('s');
  const row = await q.executeTakeFirst();
  return row && toScenario(row);
}

export async function findScenarioByName(db: Executor, name: string): Promise<ScenarioRecord[]> {
  return (await scenarios(db).where('s.name', '=', name).orderBy('s.created_at').execute()).map(toScenario);
}

/** Scenarios a user may see: their own, and every shared one (or all, for Signpost itself). */
export async function listScenarios(db: Executor, viewer: string | null): Promise<ScenarioRecord[]> {
  let q = scenarios(db).orderBy('s.updated_at', 'desc').orderBy('s.id');
  if (viewer !== null) q = q.where((eb) => eb.or([eb('s.owner_id', '=', viewer), eb('s.shared', '=', true)]));
  return (await q.execute()).map(toScenario);
}

export async function insertRun(db: Executor, run: Omit<RunRecord, 'results' | 'error' | 'finishedAt' | 'done'>): Promise<void> {
  await db
    .insertInto('modelling_runs')
    .values({
      id: run.id,
      scenario_id: run.scenarioId,
      scenario: JSON.stringify(run.scenario),
      status: run.status,
      replications: run.replications,
      done: 0,
      started_by: run.startedBy,
      started_at: run.startedAt,
    })
    .execute();
}

export async function findRun(db: Executor, id: string): Promise<RunRecord | undefined> {
  const row = await db.selectFrom('modelling_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRun(row);
}

/** Runs of the scenarios given, newest first, without their results (a list stays small). */
export async function listRuns(db: Executor, scenarioIds: string[], limit = 100): Promise<RunRecord[]> {
  if (scenarioIds.length === 0) return [];
  const rows = await db
    .selectFrom('modelling_runs')
    .select(['id', 'scenario_id', 'scenario', 'status', 'replications', 'done', 'started_by', 'started_at', 'finished_at', 'error'])
    .where('scenario_id', 'in', scenarioIds)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => toRun({ ...row, results: null }));
}

/** Moves a run from one state to another; false when it was not in `from` (another process got there first). */
export async function moveRun(db: Executor, id: string, from: readonly RunStatus[], to: RunStatus, fields: { finishedAt?: Date; error?: string; results?: unknown; done?: number } = {}): Promise<boolean> {
  const result = await db
    .updateTable('modelling_runs')
    .set({
      status: to,
      ...(fields.finishedAt ? { finished_at: fields.finishedAt } : {}),
      ...(fields.error !== undefined ? { error: fields.error } : {}),
      ...(fields.results !== undefined ? { results: JSON.stringify(fields.results) } : {}),
      ...(fields.done !== undefined ? { done: fields.done } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records progress of a running run; false when it is no longer running (cancelled meanwhile). */
export async function setRunProgress(db: Executor, id: string, done: number): Promise<boolean> {
  const result = await db.updateTable('modelling_runs').set({ done }).where('id', '=', id).where('status', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
