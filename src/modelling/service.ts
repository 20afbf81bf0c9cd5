/**
 * Modelling's use cases: the baseline read from the live directory, saved scenarios (visible to their
 * owner and, when shared, to every commissioner), and runs — replications of a scenario against the
 * baseline in worker threads, off the request thread, with progress, cancelling and stored results.
 *
 * A run is queued in the request's transaction (row + `modelling.run.queued` event) and claimed by
 * whichever process sees the event first (after the commit, on the event follower, never inside a
 * request): it moves the run to running, starts the threads, records progress (row + event) as
 * replications finish, and writes the results. Cancelling moves the run to cancelled; the process
 * running it ends its threads (directly, or on the `modelling.run.cancelled` event).
 */
import { randomUUID } from 'node:crypto';
import type { Catalogue } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { GeoService } from '../geo/service';
import type { IdentityService } from '../identity/service';
import type { Actor } from '../platform/actor';
import { inTransaction } from '../platform/database';
import { appendEvent, readEventsAfter, type EventFollower, type StoredEvent } from '../platform/events';
import { conflict, forbidden, notFound, unprocessable } from '../platform/errors';
import { recordChange, type Platform } from '../platform/context';
import { logBackgroundFailure } from '../platform/log';
import { buildBaseline, type Baseline, type BaselineOptions, type BaselineSource, type DirectoryServiceSource } from './baseline';
import { assertRunnable, parseSimulationInput } from './model';
import { runReplications, RunCancelled, type PoolRun } from './replication-pool';
import { applyChanges, oohServices } from './scenario';
import type { CostModelService } from './cost-service';
import type { CostModel } from './cost-model';
import type { PairJob } from './scenario-job';
import { applyPaymentChanges, pricingFor } from './scenario-pricing';
import type { ScenarioBody } from './scenario-model';
import { staffingNeed, summariseRun, type ReplicationPair, type RunSummary } from './scenario-results';
import { stretchesOf } from './segments';
import * as store from './store';

export interface ModellingDeps {
  directory: DirectoryService;
  geo: GeoService;
  catalogue: Catalogue;
}

/** Reads what the baseline needs from the live directory and geography. */
export async function loadBaselineSource(deps: ModellingDeps): Promise<BaselineSource> {
  const services: DirectoryServiceSource[] = [];
  // A directory service is already what the baseline reads (it takes the fields it needs).
  for await (const page of deps.directory.allServices()) services.push(...page);
  const population = new Map<string, number>();
  for (const d of deps.geo.listDistricts()) {
    if (d.areaCode && d.population) population.set(d.areaCode, (population.get(d.areaCode) ?? 0) + d.population);
  }
  return {
    services,
    dispositions: deps.catalogue.dispositions,
    serviceTypes: deps.catalogue.serviceTypes,
    areas: deps.geo.listAreas().map((a) => ({ code: a.code, name: a.name, population: population.get(a.code) ?? 0 })),
  };
}

/** The baseline of the live directory; 422 when the directory has nothing to model. */
export async function loadBaseline(deps: ModellingDeps, options: BaselineOptions = {}): Promise<Baseline> {
  const source = await loadBaselineSource(deps);
  try {
    return buildBaseline(source, options);
  } catch (error) {
    throw unprocessable(`No baseline: ${(error as Error).message}`, [{ path: 'directory', message: (error as Error).message }], 'no_baseline');
  }
}

export const RUN_EVENTS = ['modelling.run.queued', 'modelling.run.started', 'modelling.run.progress', 'modelling.run.finished', 'modelling.run.failed', 'modelling.run.cancelled'];
const PROGRESS_EVERY_MS = 1_000;

export interface RunResults extends RunSummary {
  horizonDays: number;
  baseline: { population: number; contactsPerYear: number; services: number };
}

export interface ModellingServiceDeps extends ModellingDeps {
  identity: IdentityService;
  events: EventFollower;
  /** the commissioner's cost model, to price every run (no money in the results without it) */
  costs?: CostModelService;
  /** worker threads per run (default 2) */
  threads?: number;
}

export class ModellingService {
  /** Runs this process is running: their threads, to end on cancel or shutdown. */
  private readonly active = new Map<string, PoolRun<ReplicationPair>>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private closed = false;

  constructor(
    private readonly platform: Platform,
    private readonly deps: ModellingServiceDeps,
  ) {
    deps.events.subscribe((event) => {
      if (!RUN_EVENTS.includes(event.type)) return;
      for (const listener of this.listeners) listener(event);
      const runId = event.subjectIds[0];
      if (event.type === 'modelling.run.queued') void this.claim(runId);
      if (event.type === 'modelling.run.cancelled') void this.active.get(runId)?.cancel();
    });
  }

  private get db() {
    return this.platform.db;
  }

  // ---- the baseline ----

  baseline(options: BaselineOptions = {}): Promise<Baseline> {
    return loadBaseline(this.deps, options);
  }

  /** What the baseline holds, with the names the scenario editor offers. */
  async baselineSummary() {
    const baseline = await this.baseline();
    const organisations = new Map((await this.deps.identity.listOrganisations()).map((o) => [o.id, o.name]));
    const input = baseline.input;
    return {
      ...baseline.summary,
      areaNames: baseline.summary.areas.map((a) => ({ code: a.code, name: a.name })),
      dispositionGroups: input.dispositionGroups.map((g) => ({ id: g.id, route: g.route })),
      serviceList: input.services.map((s) => ({ id: s.id, name: baseline.serviceNames[s.id] ?? s.id, organisationId: s.organisationId, typeId: baseline.serviceTypes[s.id] ?? null, capacityPerHour: typeof s.capacityPerHour === 'number' ? s.capacityPerHour : Math.max(...s.capacityPerHour) })),
      organisationList: [...new Set(input.services.map((s) => s.organisationId))].sort().map((id) => ({ id, name: organisations.get(id) ?? id })),
      allOrganisations: [...organisations].map(([id, name]) => ({ id, name })),
      oohServiceIds: oohServices(baseline),
    };
  }

  // ---- scenarios ----

  async listScenarios(actor: Actor) {
    return (await store.listScenarios(this.db, this.viewerOf(actor))).map((s) => this.scenarioReply(actor, s));
  }

  async getScenario(actor: Actor, id: string) {
    return this.scenarioReply(actor, await this.visibleScenario(actor, id));
  }

  /** Scenarios a caller may see, by name (the CLI's `scenario show NAME`). */
  async findScenariosByName(actor: Actor, name: string) {
    const viewer = this.viewerOf(actor);
    return (await store.findScenarioByName(this.db, name)).filter((s) => viewer === null || s.ownerId === viewer || s.shared);
  }

  async createScenario(actor: Actor, body: ScenarioBody) {
    if (actor.kind !== 'user') throw forbidden('Only a signed-in person owns scenarios');
    await this.checkScenario(actor, body);
    const now = this.platform.clock.now();
    const id = randomUUID();
    await inTransaction(this.db, async (tx) => {
      await store.insertScenario(tx, { id, ...fieldsOf(body), ownerId: actor.id, createdAt: now, updatedAt: now });
      await recordChange(tx, actor, now, { type: 'modelling.scenario.created', subjectType: 'modelling_scenario', subjectIds: [id], payload: { name: body.name, shared: body.sharedWithCommissioners } });
    });
    return this.getScenario(actor, id);
  }

  async updateScenario(actor: Actor, id: string, body: ScenarioBody) {
    const existing = await this.visibleScenario(actor, id);
    this.assertOwner(actor, existing);
    await this.checkScenario(actor, body);
    const now = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      await store.updateScenario(tx, { id, ...fieldsOf(body), updatedAt: now });
      await recordChange(tx, actor, now, { type: 'modelling.scenario.updated', subjectType: 'modelling_scenario', subjectIds: [id], payload: { name: body.name, shared: body.sharedWithCommissioners } });
    });
    return this.getScenario(actor, id);
  }

  async deleteScenario(actor: Actor, id: string): Promise<void> {
    const existing = await this.visibleScenario(actor, id);
    this.assertOwner(actor, existing);
    if ((await store.listRuns(this.db, [id])).some((r) => r.status === 'queued' || r.status === 'running')) {
      throw conflict('The scenario has a run in progress: cancel it first', [{ path: 'id', message: 'a run is in progress' }], 'run_in_progress');
    }
    const now = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      await store.deleteScenario(tx, id);
      await recordChange(tx, actor, now, { type: 'modelling.scenario.deleted', subjectType: 'modelling_scenario', subjectIds: [id], payload: { name: existing.name } });
    });
  }

  // ---- runs ----

  /** Queues a run of a scenario (the caller sees it; 422 if it cannot run). */
  async startRun(actor: Actor, scenarioId: string) {
    const scenario = await this.visibleScenario(actor, scenarioId);
    const costModel = await this.costModelFor(actor);
    await this.buildJob({ ...scenario, costModel }); // refuses now what could not run later
    const now = this.platform.clock.now();
    const id = randomUUID();
    await inTransaction(this.db, async (tx) => {
      await store.insertRun(tx, {
        id,
        scenarioId,
        scenario: { name: scenario.name, replications: scenario.replications, horizonDays: scenario.horizonDays, seed: scenario.seed, changes: scenario.changes, costModel },
        status: 'queued',
        replications: scenario.replications,
        startedBy: actor.id,
        startedAt: now,
      });
      await recordChange(tx, actor, now, { type: 'modelling.run.queued', subjectType: 'modelling_run', subjectIds: [id], payload: { scenarioId, replications: scenario.replications } });
    });
    return this.getRun(actor, id);
  }

  async getRun(actor: Actor, id: string) {
    const run = await store.findRun(this.db, id);
    if (!run) throw notFound(`Run ${id}`);
    await this.visibleScenario(actor, run.scenarioId, `Run ${id}`);
    return runReply(run, true);
  }

  /** Runs of the scenarios the caller sees (or of one of them), newest first, without results. */
  async listRuns(actor: Actor, scenarioId?: string) {
    const ids = scenarioId ? [(await this.visibleScenario(actor, scenarioId)).id] : (await store.listScenarios(this.db, this.viewerOf(actor))).map((s) => s.id);
    return (await store.listRuns(this.db, ids)).map((run) => runReply(run, false));
  }

  async cancelRun(actor: Actor, id: string) {
    const run = await store.findRun(this.db, id);
    if (!run) throw notFound(`Run ${id}`);
    const scenario = await this.visibleScenario(actor, run.scenarioId, `Run ${id}`);
    if (actor.kind === 'user' && run.startedBy !== actor.id && scenario.ownerId !== actor.id) throw forbidden('Only whoever started a run, or the scenario’s owner, may cancel it');
    const now = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      const moved = await store.moveRun(tx, id, ['queued', 'running'], 'cancelled', { finishedAt: now });
      if (!moved) throw conflict(`The run is already ${run.status}`, [{ path: 'id', message: `the run is ${run.status}` }], 'run_finished');
      await recordChange(tx, actor, now, { type: 'modelling.run.cancelled', subjectType: 'modelling_run', subjectIds: [id], payload: { scenarioId: run.scenarioId } });
    });
    await this.active.get(id)?.cancel();
    return this.getRun(actor, id);
  }

  /** Live run events (queued, started, progress, finished, failed, cancelled); returns the unsubscribe function. */
  onRunEvent(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  runEventsAfter(id: number) {
    return readEventsAfter(this.db, id, 500, RUN_EVENTS);
  }

  /**
   * Runs a scenario in this process and waits for its results (the CLI): queued, claimed and run as
   * from the API, with `onProgress` told of each replication.
   */
  async runAndWait(actor: Actor, scenarioId: string, onProgress?: (done: number, total: number) => void) {
    const run = await this.startRun(actor, scenarioId);
    await this.claim(run.id);
    let reported = -1;
    for (;;) {
      const current = await store.findRun(this.db, run.id);
      if (current && current.done !== reported) onProgress?.((reported = current.done), current.replications);
      if (!current || !['queued', 'running'].includes(current.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.getRun(actor, run.id);
  }

  /** Ends every run this process is running (shutdown): they are marked failed, saying why. */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.active];
    await Promise.all(runs.map(([, pool]) => pool.cancel()));
    for (const [id] of runs) {
      await this.finishRun(id, 'failed', { error: 'Signpost stopped while the run was in progress' }).catch(() => undefined);
    }
  }

  // ---- running (off the request thread) ----

  /** Claims a queued run (false when another process did) and starts its threads. */
  private async claim(id: string): Promise<void> {
    if (this.closed || this.active.has(id)) return;
    try {
      const now = this.platform.clock.now();
      const claimed = await inTransaction(this.db, async (tx) => {
        if (!(await store.moveRun(tx, id, ['queued'], 'running'))) return false;
        await appendEvent(tx, SYSTEM, now, { type: 'modelling.run.started', subjectType: 'modelling_run', subjectIds: [id], payload: {} });
        return true;
      });
      if (!claimed) return;
      const run = (await store.findRun(this.db, id))!;
      const { job, baseline, staffing } = await this.buildJob({ ...run.scenario, id: run.scenarioId });
      let lastWrite = 0;
      let writing: Promise<unknown> = Promise.resolve();
      const pool = runReplications({ kind: 'pair', job }, run.replications, {
        threads: this.deps.threads ?? 2,
        onResult: (_result, done, total) => {
          const now = Date.now();
          if (done < total && now - lastWrite < PROGRESS_EVERY_MS) return;
          lastWrite = now;
          writing = writing.then(() => this.recordProgress(id, done, total, pool));
        },
      });
      this.active.set(id, pool);
      void pool.done
        .then(async (pairs) => {
          await writing;
          const results: RunResults = {
            ...summariseRun(pairs, { serviceNames: baseline.serviceNames, organisationOf: Object.fromEntries(job.scenario.input.services.map((s) => [s.id, s.organisationId])), staffing }),
            horizonDays: job.horizonDays,
            baseline: { population: baseline.summary.population, contactsPerYear: baseline.summary.contactsPerYear, services: baseline.summary.services.included },
          };
          await this.finishRun(id, 'done', { results, done: run.replications });
        })
        .catch(async (error: Error) => {
          if (error instanceof RunCancelled) return;
          await this.finishRun(id, 'failed', { error: error.message });
        })
        .finally(() => this.active.delete(id));
    } catch (error) {
      await this.finishRun(id, 'failed', { error: (error as Error).message }).catch((e) => logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'modelling run failed', e));
    }
  }

  private async recordProgress(id: string, done: number, total: number, pool: PoolRun<ReplicationPair>): Promise<void> {
    const now = this.platform.clock.now();
    const running = await inTransaction(this.db, async (tx) => {
      if (!(await store.setRunProgress(tx, id, done))) return false;
      await appendEvent(tx, SYSTEM, now, { type: 'modelling.run.progress', subjectType: 'modelling_run', subjectIds: [id], payload: { done, total } });
      return true;
    }).catch((error) => {
      logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'modelling run progress not recorded', error);
      return true;
    });
    if (!running) await pool.cancel(); // cancelled (or gone) meanwhile
  }

  private async finishRun(id: string, status: 'done' | 'failed', fields: { results?: RunResults; error?: string; done?: number }): Promise<void> {
    const now = this.platform.clock.now();
    await inTransaction(this.db, async (tx) => {
      if (!(await store.moveRun(tx, id, ['queued', 'running'], status, { ...fields, finishedAt: now }))) return;
      await appendEvent(tx, SYSTEM, now, {
        type: status === 'done' ? 'modelling.run.finished' : 'modelling.run.failed',
        subjectType: 'modelling_run',
        subjectIds: [id],
        payload: status === 'done' ? { done: fields.done } : { error: fields.error },
      });
    });
  }

  /** The baseline and scenario plans of a scenario: 400 for unknown references, 422 if it cannot run. */
  private async buildJob(scenario: Pick<store.ScenarioRecord, 'id' | 'horizonDays' | 'seed' | 'changes'> & { costModel?: CostModel }) {
    const baseline = await this.baseline({ horizonDays: scenario.horizonDays, seed: scenario.seed });
    const context = { organisations: new Set((await this.deps.identity.listOrganisations()).map((o) => o.id)) };
    const baselinePlan = applyChanges(baseline, [], context);
    const scenarioPlan = applyChanges(baseline, scenario.changes, context);
    const parsedBaseline = parseSimulationInput(baselinePlan.input);
    const parsedScenario = parseSimulationInput(scenarioPlan.input);
    assertRunnable(parsedBaseline);
    assertRunnable(parsedScenario);
    const job: PairJob = { baseline: baselinePlan, scenario: scenarioPlan, horizonDays: scenario.horizonDays, seed: scenario.seed, oohServiceIds: oohServices(baseline) };
    if (scenario.costModel) job.pricing = pricingFor(scenario.costModel, scenario.changes, { baseline: baselinePlan, scenario: scenarioPlan }, baseline.serviceTypes);
    const staffing: RunSummary['staffing'] = { baseline: staffingNeed(parsedBaseline), scenario: staffingNeed(parsedScenario) };
    const peak = peakDemandFactor(parsedScenario.areas, scenarioPlan.surges, scenario.horizonDays);
    if (peak !== 1) staffing.surgePeak = { factor: peak, rows: staffingNeed(parsedScenario, peak) };
    return { job, baseline, staffing };
  }

  /** Checks a scenario's references against the current baseline before it is saved (400 naming the field). */
  private async checkScenario(actor: Actor, body: ScenarioBody): Promise<void> {
    const baseline = await this.baseline();
    applyChanges(baseline, body.changes, { organisations: new Set((await this.deps.identity.listOrganisations()).map((o) => o.id)) }, 'body.changes');
    const model = await this.costModelFor(actor);
    if (model) applyPaymentChanges(model, body.changes, 'body.changes');
  }

  /** The cost model that applies to the caller's organisation (the defaults when none is saved). */
  private async costModelFor(actor: Actor): Promise<CostModel | undefined> {
    return this.deps.costs ? (await this.deps.costs.forOrganisation(actor.organisationId)).model : undefined;
  }

  private viewerOf(actor: Actor): string | null {
    return actor.kind === 'system' ? null : actor.id;
  }

  /** A scenario the caller may see, else 404 (a private scenario of someone else is not there for them). */
  private async visibleScenario(actor: Actor, id: string, what = `Scenario ${id}`): Promise<store.ScenarioRecord> {
    const scenario = await store.findScenario(this.db, id);
    const viewer = this.viewerOf(actor);
    if (!scenario || (viewer !== null && scenario.ownerId !== viewer && !scenario.shared)) throw notFound(what);
    return scenario;
  }

  private assertOwner(actor: Actor, scenario: store.ScenarioRecord): void {
    if (scenario.ownerId !== actor.id) throw forbidden(`Only its owner (${scenario.ownerName}) may change or delete this scenario`);
  }

  private scenarioReply(actor: Actor, s: store.ScenarioRecord) {
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      owner: { userId: s.ownerId, displayName: s.ownerName },
      sharedWithCommissioners: s.shared,
      replications: s.replications,
      horizonDays: s.horizonDays,
      seed: s.seed,
      changes: s.changes,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      mine: s.ownerId === actor.id,
    };
  }
}

const SYSTEM: Actor = { kind: 'system', id: 'signpost', name: 'Signpost', organisationId: null, roles: [] };

function fieldsOf(body: ScenarioBody) {
  return {
    name: body.name,
    description: body.description,
    shared: body.sharedWithCommissioners,
    replications: body.replications,
    horizonDays: body.horizonDays,
    seed: body.seed,
    changes: body.changes,
  };
}

function runReply(run: store.RunRecord, withResults: boolean) {
  return {
    id: run.id,
    scenarioId: run.scenarioId,
    scenarioName: run.scenario.name,
    status: run.status,
    replications: run.replications,
    done: run.done,
    startedBy: run.startedBy,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    results: withResults ? ((run.results as RunResults | null) ?? null) : null,
  };
}

/** The largest factor by which surges raise the whole community's demand, over the stretches of the horizon. */
function peakDemandFactor(areas: readonly { id: string; callsPerHourOfWeek: number[] }[], surges: ReturnType<typeof applyChanges>['surges'], horizonDays: number): number {
  const weight = new Map(areas.map((a) => [a.id, a.callsPerHourOfWeek.reduce((x, y) => x + y, 0)]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  let peak = 1;
  for (const stretch of stretchesOf(horizonDays, surges)) {
    let demand = 0;
    for (const area of areas) {
      let factor = 1;
      for (const s of surges) if (s.startDay <= stretch.fromDay && stretch.toDay <= s.startDay + s.days && s.areas.includes(area.id)) factor *= s.factor;
      demand += weight.get(area.id)! * factor;
    }
    if (total > 0) peak = Math.max(peak, demand / total);
  }
  return peak;
}
