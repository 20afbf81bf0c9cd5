/**
 * The demo's history (issue 13 item 6, decision 0031): the simulator runs the demo community's
 * baseline (src/modelling/baseline.ts) over the days before now, and each simulated contact is
 * written into the same tables and events as real activity (history-records.ts builds them with
 * the live modules' builders; history-store.ts writes them in bulk, a day a transaction). Progress
 * is kept in `demo_history`: a restart re-runs the (seeded, so identical) simulation and goes on
 * from the first day not written; nothing is written twice. The simulator's own counters are kept
 * with the history, so the figures computed from the tables can be checked against them.
 */
import type { Actor } from '../platform/actor';
import { recordChanges, type Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import type { CapacityService } from '../capacity/service';
import type { CasesService } from '../cases/service';
import type { ReferralsService } from '../referrals/service';
import type { TelephonyService } from '../telephony/service';
import type { Catalogue } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { GeoService } from '../geo/service';
import type { IdentityService } from '../identity/service';
import { simulate } from '../modelling/engine';
import type { ContactJourney } from '../modelling/journey';
import { parseSimulationInput, type SimulationOutput } from '../modelling/model';
import { loadBaseline } from '../modelling/service';
import { emptyBatch, HistoryRecorder, type HistoryBatch, type HistoryService, type HistoryWorld } from './history-records';
import { findHistory, saveProgress, startHistory, type HistoryRow } from './history-store';

export const DEMO_HISTORY_ID = 'demo';
export const DEFAULT_HISTORY_DAYS = 90;
export const DEFAULT_HISTORY_SEED = 2026;
const DAY_MS = 86_400_000;
/** Pause between days of history, for the requests that queued behind a day's transaction. */
const HISTORY_PAUSE_MS = 250;

export interface HistoryDeps {
  directory: DirectoryService;
  geo: GeoService;
  catalogue: Catalogue;
  identity: IdentityService;
  telephony: TelephonyService;
  cases: CasesService;
  referrals: ReferralsService;
  capacity: CapacityService;
}

/** Rows a statement carries (cases have ~30 columns: 500 rows is ~15,000 parameters, far below 65,535). */
const ROWS_PER_STATEMENT = 500;
/** Events a statement carries (they travel as one JSON document). */
const EVENTS_PER_STATEMENT = 5_000;

export interface HistoryStatus {
  status: 'none' | 'running' | 'done' | 'failed';
  days: number;
  daysWritten: number;
  percent: number;
  startsAt: string | null;
  endsAt: string | null;
  written: Record<string, number>;
  error: string | null;
}

export type HistoryProgress = (daysWritten: number, days: number) => void;

/** The first Monday 00:00 (UTC) on or before an instant: the simulation's week starts on a Monday. */
export function mondayOnOrBefore(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const back = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - back * DAY_MS);
}

export class DemoHistory {
  private running: Promise<HistoryStatus> | null = null;
  private failure: string | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly deps: HistoryDeps,
  ) {}

  async status(): Promise<HistoryStatus> {
    const row = await findHistory(this.platform.db, DEMO_HISTORY_ID);
    if (!row) return { status: this.failure ? 'failed' : 'none', days: 0, daysWritten: 0, percent: 0, startsAt: null, endsAt: null, written: {}, error: this.failure };
    const status = this.failure && row.status !== 'done' ? 'failed' : row.status;
    return {
      status,
      days: row.days,
      daysWritten: row.daysWritten,
      percent: row.status === 'done' ? 100 : Math.floor((100 * row.daysWritten) / Math.max(1, row.days)),
      startsAt: new Date(row.endsAt.getTime() - row.days * DAY_MS).toISOString(),
      endsAt: row.endsAt.toISOString(),
      written: row.written,
      error: this.failure,
    };
  }

  /** The simulator's counters of a finished history (for checks that the figures in the tables equal them). */
  async counters(): Promise<SimulationOutput | null> {
    const row = await findHistory(this.platform.db, DEMO_HISTORY_ID);
    return row?.status === 'done' ? (row.counters as unknown as SimulationOutput) : null;
  }

  /** Writes (or finishes writing) the history; one run at a time in this process. */
  run(options: { days?: number; seed?: number; onProgress?: HistoryProgress } = {}): Promise<HistoryStatus> {
    this.running ??= this.write(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async write({ days = DEFAULT_HISTORY_DAYS, seed = DEFAULT_HISTORY_SEED, onProgress }: { days?: number; seed?: number; onProgress?: HistoryProgress }): Promise<HistoryStatus> {
    const { db, clock, log } = this.platform;
    this.failure = null;
    try {
      let row = await findHistory(db, DEMO_HISTORY_ID);
      if (!row) {
        const now = clock.now();
        const endsAt = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
        const startsAt = mondayOnOrBefore(new Date(endsAt.getTime() - days * DAY_MS));
        await startHistory(db, { id: DEMO_HISTORY_ID, seed, days, startsAt, endsAt, status: 'running', daysWritten: 0, counters: {}, written: {}, startedAt: now, updatedAt: now, finishedAt: null });
        row = (await findHistory(db, DEMO_HISTORY_ID))!;
      }
      if (row.status === 'done') return this.status();
      await this.writeFrom(row, onProgress);
      return this.status();
    } catch (error) {
      this.failure = (error as Error).message;
      log.error({ err: error }, 'demo history failed');
      throw error;
    }
  }

  private async writeFrom(row: HistoryRow, onProgress?: HistoryProgress): Promise<void> {
    const { db, clock } = this.platform;
    const windowStart = row.endsAt.getTime() - row.days * DAY_MS;
    const warmUpDays = (windowStart - row.startsAt.getTime()) / DAY_MS;
    const horizonDays = (row.endsAt.getTime() - row.startsAt.getTime()) / DAY_MS;
    const baseline = await loadBaseline(this.deps, { seed: row.seed, horizonDays, warmUpDays });
    const input = parseSimulationInput(baseline.input);
    // Journeys by the day (of the window) they end on: they reach us in the order they end.
    const byDay: ContactJourney[][] = Array.from({ length: row.days }, () => []);
    const output = simulate(input, input.seed, {
      onJourney: (j) => byDay[Math.min(row.days - 1, Math.max(0, Math.floor((row.startsAt.getTime() + j.endSeconds * 1000 - windowStart) / DAY_MS)))].push(j),
    });
    const recorder = new HistoryRecorder(await this.world(row));
    const written: Record<string, number> = { ...row.written };
    for (let day = 0; day < row.days; day++) {
      const batch = emptyBatch();
      for (const j of byDay[day]) recorder.record(j, batch);
      byDay[day] = [];
      // Days written before a restart: the recorder has seen them again (its state), nothing is written twice.
      if (day < row.daysWritten) continue;
      count(written, batch);
      const done = day === row.days - 1;
      await inTransaction(db, async (tx) => {
        await this.writeBatch(tx, batch);
        await saveProgress(tx, DEMO_HISTORY_ID, { daysWritten: day + 1, written, at: clock.now(), done, counters: done ? countersOf(output) : undefined });
      });
      onProgress?.(day + 1, row.days);
      // The embedded database has one connection and a day is one transaction: pause between days so
      // requests waiting meanwhile (several queries each) get through before the next day.
      await this.platform.sleep(HISTORY_PAUSE_MS);
    }
  }

  /**
   * Writes a batch inside the caller's transaction, through each module's own bulk writer: calls
   * before the cases that name them, cases before what hangs on them, then the events and audit.
   */
  private async writeBatch(tx: Tx, batch: HistoryBatch): Promise<void> {
    const { telephony, cases, referrals, capacity } = this.deps;
    for (const calls of chunks(batch.calls, ROWS_PER_STATEMENT)) await telephony.recordHistory(tx, calls);
    for (const rows of chunks(batch.cases, ROWS_PER_STATEMENT)) await cases.recordHistory(tx, { cases: rows, queue: [], searches: [] });
    for (const queue of chunks(batch.queue, ROWS_PER_STATEMENT)) await cases.recordHistory(tx, { cases: [], queue, searches: [] });
    for (const searches of chunks(batch.searches, ROWS_PER_STATEMENT)) await cases.recordHistory(tx, { cases: [], queue: [], searches });
    for (const rows of chunks(batch.referrals, ROWS_PER_STATEMENT)) await referrals.recordHistory(tx, rows);
    for (const rows of chunks(batch.capacity, ROWS_PER_STATEMENT)) await capacity.recordHistory(tx, rows);
    // In time order (a stable sort keeps each contact's same-instant events in the order they happened).
    const changes = [...batch.changes].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const rows of chunks(changes, EVENTS_PER_STATEMENT)) await recordChanges(tx, rows);
  }

  /** What the recorder needs of the live system: services, the demo's people, where patients live. */
  private async world(row: HistoryRow): Promise<HistoryWorld> {
    const services = new Map<string, HistoryService>();
    for await (const page of this.deps.directory.allServices()) {
      for (const s of page) services.set(String(s.id), { id: s.id, name: s.name, typeId: s.typeId, odsCode: s.odsCode ?? null, organisationId: s.organisationId });
    }
    const users = (await this.deps.identity.listUsers()).filter((u) => u.active);
    const actorOf = (u: (typeof users)[number]): Actor => ({ kind: 'user', id: u.id, name: u.displayName, organisationId: u.organisationId, roles: u.roles });
    const callHandlers = users.filter((u) => u.roles.includes('call_handler')).map(actorOf);
    const clinicians = users.filter((u) => u.roles.includes('clinician')).map(actorOf);
    if (!callHandlers.length || !clinicians.length) throw new Error('The demo history needs at least one call handler and one clinician (run it on the demo community)');
    const staff = new Map<string, Actor>();
    for (const u of users) if (u.roles.includes('provider_staff') && !staff.has(u.organisationId)) staff.set(u.organisationId, actorOf(u));
    const organisations = new Map((await this.deps.identity.listOrganisations()).map((o) => [o.id, o.name]));
    const frontDoor = callHandlers[0].organisationId!;
    const districtsByArea = new Map<string, string[]>();
    for (const d of this.deps.geo.listDistricts()) if (d.areaCode) districtsByArea.set(d.areaCode, [...(districtsByArea.get(d.areaCode) ?? []), d.district]);
    return {
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      seed: row.seed,
      catalogue: this.deps.catalogue,
      services,
      telephony: { kind: 'token', id: `demo-telephony-${frontDoor}`, name: `${organisations.get(frontDoor) ?? frontDoor} telephony platform (demo)`, organisationId: frontDoor, roles: ['telephony'] },
      callHandlers,
      clinicians,
      receiverFor: (organisationId) =>
        staff.get(organisationId) ?? { kind: 'token', id: `demo-system-${organisationId}`, name: `${organisations.get(organisationId) ?? organisationId} (demo system)`, organisationId, roles: ['system'] },
      districtsByArea,
      practices: [...services.values()].filter((s) => s.typeId === 100 && s.odsCode).map((s) => s.odsCode!),
    };
  }
}

function count(written: Record<string, number>, batch: HistoryBatch): void {
  const add = (key: string, n: number) => (written[key] = (written[key] ?? 0) + n);
  add('calls', batch.calls.length);
  add('cases', batch.cases.length);
  add('queueEntries', batch.queue.length);
  add('searches', batch.searches.length);
  add('referrals', batch.referrals.length);
  add('capacityChanges', batch.capacity.length);
  add('events', batch.changes.length);
}

/** The simulator's counters kept with the history (the hourly arrays left out: they are not figures to check). */
function countersOf(out: SimulationOutput): Record<string, unknown> {
  const { byHourOfWeek: _hourly, ...rest } = out;
  return { ...rest, asOf: 'the simulator, counting contacts that arrived in the history window' };
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
