/**
 * The cost model's use cases: read the commissioner's cost model (theirs, one saved above them, or
 * the shipped defaults), save it (one transaction: the row, a `cost_model.saved` event and an audit
 * entry), price a run, and price the demo baseline for the "Costs and payment" screen.
 *
 * The shipped defaults (`data/reference/unit-costs.yaml`) are demonstration figures from the National
 * Cost Collection and PSSRU unit costs, each with its source; read once and cached, a copy handed out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { hasAnyRole, type Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { AppError, badRequest, conflict, forbidden } from '../platform/errors';
import type { IdentityService } from '../identity/service';
import { BASELINE, demoBaselineInput } from './cost-baseline';
import {
  COST_MODEL_KEEPERS,
  organisationsNamed,
  parseCostModel,
  type BaselineBody,
  type CostModel,
  type CostModelReply,
  type PriceRunBody,
  type PutCostModelBody,
  type ServiceDescriptor,
} from './cost-model';
import type { Baseline, BaselineOptions } from './baseline';
import { keptOutOfHospital, priceReplications, priceRun, servicesOf, type CostResult, type KeptOutOfHospital, type ReplicatedCosts } from './costs';
import * as store from './cost-store';
import { parseSimulationInput, type SimulationInput, type SimulationOutput } from './model';
import { runReplications } from './replication-pool';

export const DEFAULT_COST_MODEL_FILE = fileURLToPath(new URL('../../data/reference/unit-costs.yaml', import.meta.url));

let cachedDefaults: CostModel | undefined;

/** The shipped default cost model (a copy: callers may change it). */
export function defaultCostModel(): CostModel {
  cachedDefaults ??= parseCostModel(parseYaml(readFileSync(DEFAULT_COST_MODEL_FILE, 'utf8')), 'unit-costs.yaml');
  return structuredClone(cachedDefaults);
}

/** How far up the organisation tree a saved model is looked for (an ICB's model serves its places). */
const MAX_ANCESTORS = 10;
/** How long the simulated baseline is reused before the directory is read and simulated again. */
const BASELINE_FRESH_MS = 10 * 60_000;

interface BaselineRuns {
  source: 'directory' | 'example';
  description: string;
  population: number;
  runs: SimulationOutput[];
  services: ServiceDescriptor[];
}

export class CostModelService {
  /** The baseline's simulated runs: they depend on nothing the commissioner edits, so they are reused for a while. */
  private baselineCache: { at: number; runs: Promise<BaselineRuns> } | undefined;

  constructor(
    private readonly platform: Platform,
    private readonly deps: {
      identity: IdentityService;
      /** the community as the directory describes it (modelling's baseline); without it, or when the directory has nothing to model, the example community */
      baseline?: (options: BaselineOptions) => Promise<Baseline>;
    },
  ) {}

  /** The cost model that applies to the caller: their organisation's, the nearest one above it, or the defaults. */
  async current(actor: Actor): Promise<CostModelReply> {
    this.assertKeeper(actor);
    return this.forOrganisation(actor.organisationId);
  }

  /** The cost model that applies to an organisation (for scenarios): its own, the nearest above it, or the defaults. */
  async forOrganisation(organisationId: string | null): Promise<CostModelReply> {
    const chain = organisationId ? await this.ancestry(organisationId) : [];
    const saved = await store.findCostModels(this.platform.db, chain);
    const nearest = chain.map((id) => saved.find((s) => s.organisationId === id)).find(Boolean);
    if (!nearest) return { organisationId: null, version: 0, updatedAt: null, updatedByName: null, model: defaultCostModel() };
    return {
      organisationId: nearest.organisationId,
      version: nearest.version,
      updatedAt: nearest.updatedAt.toISOString(),
      updatedByName: nearest.updatedByName,
      model: this.revive(nearest.model),
    };
  }

  /** Saves the caller's organisation's cost model. Unknown organisations are a 400; a stale `expectedVersion` a 409. */
  async save(actor: Actor, body: PutCostModelBody): Promise<CostModelReply> {
    this.assertKeeper(actor);
    const organisationId = actor.organisationId;
    if (!organisationId) throw forbidden('Only a member of a commissioning organisation can save a cost model');
    await this.assertOrganisationsExist(body.model, 'model');
    const at = this.platform.clock.now();
    const version = await inTransaction(this.platform.db, async (tx) => {
      const previous = await store.lockVersion(tx, organisationId);
      if (body.expectedVersion !== undefined && body.expectedVersion !== previous) {
        throw conflict(`The cost model was saved by someone else meanwhile (version ${previous}, you edited ${body.expectedVersion}): reload it and make your change again`, [
          { path: 'body.expectedVersion', message: `the saved version is ${previous}` },
        ], 'stale_version');
      }
      const saved = { organisationId, model: body.model, version: previous + 1, updatedAt: at, updatedBy: actor.id, updatedByName: actor.name };
      if (previous === 0) {
        if (!(await store.insertFirstCostModel(tx, saved))) throw conflict('The cost model was saved by someone else meanwhile: reload it and make your change again', [], 'stale_version');
      } else {
        await store.updateCostModel(tx, saved);
      }
      await recordChange(tx, actor, at, {
        type: 'cost_model.saved',
        subjectType: 'organisation',
        subjectIds: [organisationId],
        payload: { organisationId, version: saved.version, model: body.model },
      });
      return saved.version;
    });
    return { organisationId, version, updatedAt: at.toISOString(), updatedByName: actor.name, model: body.model };
  }

  /** Prices a run's activity with the given model (a preview) or the caller's. */
  async price(actor: Actor, body: PriceRunBody): Promise<{ costs: CostResult; keptOutOfHospital: KeptOutOfHospital | null; unavailable?: string }> {
    const model = await this.modelOrCurrent(actor, body.model);
    const costs = priceRun(model, body.run, body.services);
    try {
      return { costs, keptOutOfHospital: keptOutOfHospital(model, costs) };
    } catch (err) {
      // The prices stand without the counterfactual; say why it is missing.
      if (err instanceof AppError && err.status === 422) return { costs, keptOutOfHospital: null, unavailable: err.message };
      throw err;
    }
  }

  /** The baseline priced with the given model (a preview) or the caller's, with names for its organisations. */
  async baseline(actor: Actor, body: BaselineBody) {
    const model = await this.modelOrCurrent(actor, body.model);
    const { runs, services, description, population, source } = await this.baselineRunsFresh();
    const costs: ReplicatedCosts = priceReplications(model, runs, services);
    const names = new Map((await this.deps.identity.listOrganisations()).map((o) => [o.id, o.name]));
    const organisations = costs.organisations.map((o) => ({ id: o.organisationId, name: names.get(o.organisationId) ?? o.organisationId }));
    return { source, description, population, horizonDays: BASELINE.horizonDays, replications: BASELINE.replications, organisations, costs };
  }

  private baselineRunsFresh(): Promise<BaselineRuns> {
    const now = this.platform.clock.now().getTime();
    const cached = this.baselineCache;
    if (cached && now >= cached.at && now - cached.at < BASELINE_FRESH_MS) return cached.runs;
    const entry = { at: now, runs: this.makeBaselineRuns() };
    this.baselineCache = entry;
    // A failure is not kept: the next request tries again.
    entry.runs.catch(() => {
      if (this.baselineCache === entry) this.baselineCache = undefined;
    });
    return entry.runs;
  }

  /** Simulates the directory's baseline (or, when there is none, the example community) BASELINE.replications times. */
  private async makeBaselineRuns(): Promise<BaselineRuns> {
    const options = { horizonDays: BASELINE.horizonDays, warmUpDays: BASELINE.warmUpDays, replications: BASELINE.replications };
    let chosen: { source: BaselineRuns['source']; input: SimulationInput; services: ServiceDescriptor[]; description: string; population: number };
    const directory = await this.directoryBaseline(options);
    if (directory) {
      const input = parseSimulationInput({ ...directory.input, seed: BASELINE.seed });
      chosen = {
        source: 'directory',
        input,
        services: servicesOf(input, (id) => directory.serviceTypes[id]),
        population: directory.summary.population,
        description:
          `The community as the directory describes it: ${directory.summary.services.included} services, ${directory.summary.population.toLocaleString('en-GB')} people, ` +
          `${BASELINE.horizonDays - BASELINE.warmUpDays} days counted after a ${BASELINE.warmUpDays}-day warm-up, ${BASELINE.replications} replications.`,
      };
    } else {
      chosen = { source: 'example', population: BASELINE.population, ...demoBaselineInput() };
    }
    // In worker threads: simulating the directory's community takes seconds, which the request thread must not spend.
    const runs = await runReplications({ kind: 'output', input: chosen.input }, BASELINE.replications).done;
    return { source: chosen.source, description: chosen.description, population: chosen.population, runs, services: chosen.services };
  }

  /** The directory's baseline, or undefined when there is no directory to model (422 from modelling). */
  private async directoryBaseline(options: BaselineOptions): Promise<Baseline | undefined> {
    if (!this.deps.baseline) return undefined;
    try {
      return await this.deps.baseline(options);
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return undefined;
      throw err;
    }
  }

  private async modelOrCurrent(actor: Actor, given: CostModel | undefined): Promise<CostModel> {
    this.assertKeeper(actor);
    if (!given) return (await this.current(actor)).model;
    await this.assertOrganisationsExist(given, 'model');
    return given;
  }

  private assertKeeper(actor: Actor): void {
    if (!hasAnyRole(actor, COST_MODEL_KEEPERS)) throw forbidden('Only commissioners keep the cost model and price runs');
  }

  /** Every organisation the model names must be one Signpost knows: a 400 naming each that is not. */
  private async assertOrganisationsExist(model: CostModel, where: string): Promise<void> {
    const known = new Set((await this.deps.identity.listOrganisations()).map((o) => o.id));
    const unknown = organisationsNamed(model).filter((n) => !known.has(n.organisationId));
    if (unknown.length) {
      throw badRequest(
        `body.${where}.${unknown[0].path}: unknown organisation "${unknown[0].organisationId}"`,
        unknown.map((n) => ({ path: `body.${where}.${n.path}`, message: `unknown organisation "${n.organisationId}"` })),
      );
    }
  }

  /** The organisation and those above it, nearest first. */
  private async ancestry(organisationId: string): Promise<string[]> {
    const chain: string[] = [];
    for (let id: string | null = organisationId; id && chain.length < MAX_ANCESTORS && !chain.includes(id); ) {
      chain.push(id);
      id = (await this.deps.identity.getOrganisation(id).catch(() => null))?.parentId ?? null;
    }
    return chain;
  }

  /**
   * A stored model, read back: checked when it was saved, but activities added to Signpost since
   * then take their tariff from the shipped defaults.
   */
  private revive(stored: unknown): CostModel {
    const saved = stored as { tariffs?: Record<string, unknown> };
    return parseCostModel({ ...saved, tariffs: { ...defaultCostModel().tariffs, ...saved.tariffs } }, 'stored cost model');
  }
}
