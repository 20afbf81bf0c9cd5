import { hasAnyRole, SYSTEM_ROLE, type Actor, type ActorRole } from '../platform/actor';
import type { Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { outsideTransaction } from '../platform/transactions';
import { badRequest, type ErrorDetail } from '../platform/errors';
import { appendEvents, serializeEvent, type EventFollower, type StoredEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import type { CapacityService } from '../capacity/service';
import type { BankHolidayCalendar } from '../directory/bank-holidays';
import type { Catalogue } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { GeoService } from '../geo/service';
import type { Location } from '../geo/model';
import type { Service } from '../directory/model';
import type { GapsEventPayload, UnmetNeedPayload } from '../insight/model';
import { hourOfWeekAt } from '../directory/local-time';
import { search } from './engine';
import { DirectoryIndex } from './index';
import { ageInDays, type SearchOutcome, type SearchQuery, type SearchRequest, type SearchReplyQuery } from './model';
import type { MatchedNeed } from '../directory/needs-matcher';
import type { NeedsSearchReply, NeedsSearchRequest } from './needs-model';
import { NeedsIndex, needsWindow, searchByNeeds } from './needs-search';
import { yearsToDays } from '../directory/age';
import type { ReferralRole } from '../directory/model';

/** Short enough that each write is small (no pause for searches), long enough to batch many searches. */
const GAP_FLUSH_MS = 250;
/** How many gaps one search records: the nearest, where the patient would have gone (docs/decisions/0007). */
const RECORDED_GAPS_PER_SEARCH = 20;
const SERVICE_EVENTS = new Set(['service.created', 'service.updated', 'service.imported']);
const recorder: Actor = { kind: 'system', id: 'signpost-search', name: 'Signpost search', organisationId: null, roles: [] };

/**
 * The directory search as a use case: resolves the request, runs the pure engine over the in-memory
 * index (no SQL on this path), and records gaps and unmet need in batches off the hot path. The index
 * is built at start-up and kept in step by following the event log, so searches in every process see
 * a change written by any process within about a second.
 */
export class SearchService {
  private index!: DirectoryIndex;
  private needsIndex = new NeedsIndex([]);
  /** serialised (serializeEvent), so the queue holds one string per event */
  private pendingEvents: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private built = false;
  private readonly sections = new SharedSections();

  constructor(
    private readonly platform: Platform,
    private readonly deps: {
      catalogue: Catalogue;
      geo: GeoService;
      directory: DirectoryService;
      capacity: CapacityService;
      holidays: BankHolidayCalendar;
      events: EventFollower;
    },
  ) {
    deps.events.subscribe((event) => this.follow(event));
  }

  /**
   * Loads every service, ranking and capacity status into a fresh index. `loadMs` is reading the
   * directory from the database; `ms` is building the index from it.
   */
  async build(onProgress?: (loaded: number) => void): Promise<{ services: number; ms: number; loadMs: number }> {
    const loadStarted = performance.now();
    const services = [];
    for await (const page of this.deps.directory.allServices()) {
      for (const service of page) services.push(this.sections.share(service));
      onProgress?.(services.length);
    }
    const started = performance.now();
    const index = new DirectoryIndex(services, {
      catalogue: this.deps.catalogue,
      rankings: await this.deps.directory.listRankings(),
      calendar: this.deps.holidays,
    });
    for (const record of await this.deps.capacity.all()) index.setCapacity(record.serviceId, record);
    this.index = index;
    this.needsIndex = new NeedsIndex(services);
    this.built = true;
    return { services: services.length, ms: Math.round(performance.now() - started), loadMs: Math.round(started - loadStarted) };
  }

  get directoryIndex(): DirectoryIndex {
    return this.index;
  }

  /** Keeps the index in step with changes made by any process. */
  private async follow(event: StoredEvent): Promise<void> {
    if (!this.built) return;
    if (SERVICE_EVENTS.has(event.type)) {
      for (const id of event.subjectIds) {
        const service = await this.deps.directory.find(Number(id));
        if (service) {
          const shared = this.sections.share(service);
          this.index.upsert(shared);
          this.needsIndex.upsert(shared);
        }
      }
    } else if (event.type === 'capacity.set' || event.type === 'capacity.expired') {
      const p = event.payload as { serviceId: number; status: 'green' | 'amber' | 'red'; reason: string | null; setByName: string | null; setAt: string; resetAt: string };
      this.index.setCapacity(p.serviceId, {
        status: p.status,
        reason: p.reason,
        setBy: p.setByName,
        setAt: new Date(p.setAt),
        resetAt: new Date(p.resetAt),
      });
    } else if (event.type.startsWith('ranking.')) {
      this.index.setRankings(await this.deps.directory.listRankings());
    }
  }

  /** Resolves a validated request: codes the catalogue does not know → 400 naming them; unknown postcode → 422. */
  async resolve(request: SearchRequest): Promise<{ query: SearchQuery; location: Location }> {
    const { catalogue, geo } = this.deps;
    const problems: ErrorDetail[] = [];
    const disposition = catalogue.disposition(request.disposition);
    if (!disposition) problems.push({ path: 'body.disposition', message: `unknown disposition ${request.disposition}` });
    if (!catalogue.symptomGroup(request.symptomGroup)) problems.push({ path: 'body.symptomGroup', message: `unknown symptom group ${request.symptomGroup}` });
    request.symptomDiscriminators.forEach((sd, i) => {
      if (!catalogue.discriminator(sd)) problems.push({ path: `body.symptomDiscriminators.${i}`, message: `unknown symptom discriminator ${sd}` });
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems, 'unknown_code');
    const location =
      'postcode' in request.location ? await geo.resolvePostcode(request.location.postcode, 'body.location.postcode') : geo.locate(request.location.lat, request.location.lon);
    const query: SearchQuery = {
      lat: location.lat,
      lon: location.lon,
      areaCode: location.areaCode,
      ageDays: ageInDays(request.age.value, request.age.unit),
      sex: request.sex,
      disposition: disposition!,
      symptomGroup: request.symptomGroup,
      symptomDiscriminators: request.symptomDiscriminators,
      at: request.at ? new Date(request.at) : this.platform.clock.now(),
      distanceKm: request.distanceKm ?? geo.defaultSearchDistanceKm(location),
      referralRole: request.referralRole,
      registeredPractice: request.registeredPractice ?? null,
      nation: location.nation,
      limit: request.limit,
      explain: request.explain,
      // Explaining lists every gap; otherwise only the recorded ones are kept.
      ...(request.explain ? {} : { keepGaps: RECORDED_GAPS_PER_SEARCH }),
    };
    return { query, location };
  }

  /**
   * Searches for a validated request: the route's, or one a case or an online patient's session
   * assembled (then there is no searcher, and the search is for a patient). The gaps and unmet need
   * of a search for a patient are recorded for commissioners (see `showsPatientNeed`); gaps are
   * shown to the searcher only with `explain`.
   */
  async search(request: SearchRequest, searcher?: Actor): Promise<SearchReply> {
    const { query, location } = await this.resolve(request);
    const outcome = search(this.index, query);
    if (showsPatientNeed(request, searcher)) this.record(query, location, outcome);
    // Listed field by field: reading `gaps` would make every gap object, thousands in a city.
    const { results, catchAll, windowEnd, distanceKm, considered, excluded } = outcome;
    return {
      results,
      catchAll,
      windowEnd,
      distanceKm,
      considered,
      ...(query.explain ? { excluded, gaps: outcome.gaps } : {}),
      query: {
        location: { postcode: location.postcode, lat: location.lat, lon: location.lon, areaCode: location.areaCode, precision: location.precision },
        ageDays: query.ageDays,
        disposition: query.disposition.code,
        at: query.at,
        distanceKm: query.distanceKm,
      },
    };
  }

  /** The needs of a request read as capabilities: an unknown code or words matching nothing → 400 naming each. */
  readNeeds(needs: readonly string[], path = 'body.needs'): MatchedNeed[] {
    const problems: ErrorDetail[] = [];
    const read: MatchedNeed[] = [];
    needs.forEach((need, i) => {
      const m = this.deps.directory.needsMatcher.match(need);
      if (m.ok) read.push(m.matched);
      else problems.push({ path: `${path}.${i}`, message: m.problem });
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems, 'unknown_need');
    return read;
  }

  /**
   * Which services near the patient can meet these needs when they are needed (issue 16): services by
   * capability from the in-memory index, grouped by how fully each, or two together, cover the needs.
   * `referralRole` says whether the searcher may refer to each (null: they do not refer).
   */
  async needsSearch(request: NeedsSearchRequest, referralRole: ReferralRole | null): Promise<NeedsSearchReply> {
    const needs = this.readNeeds(request.needs);
    const now = this.platform.clock.now();
    const window = needsWindow(request.when, now);
    // A minute's grace for a form filled in just before.
    if (window.from.getTime() < now.getTime() - 60_000) {
      throw badRequest('when is in the past', [{ path: 'body.when', message: 'a time from now on' }]);
    }
    const { geo } = this.deps;
    const location = request.postcode !== undefined ? await geo.resolvePostcode(request.postcode, 'body.postcode') : geo.locate(request.lat!, request.lon!);
    const distanceKm = request.distanceKm ?? geo.defaultSearchDistanceKm(location);
    const outcome = searchByNeeds(
      this.needsIndex,
      { calendar: this.deps.holidays, capacities: this.index.capacities, typeName: (id) => this.deps.catalogue.serviceType(id)?.name ?? `type ${id}` },
      {
        needs,
        lat: location.lat,
        lon: location.lon,
        areaCode: location.areaCode,
        distanceKm,
        ageDays: request.age === undefined ? null : yearsToDays(request.age),
        registeredPractice: request.registeredPractice ?? null,
        window,
        referralRole,
        now,
        limit: request.limit,
      },
    );
    return {
      needs: needs.map((n) => ({ need: n.need, capability: { code: n.capability.code, name: n.capability.name }, by: n.by })),
      window,
      distanceKm,
      ...outcome,
      location: { postcode: location.postcode, lat: location.lat, lon: location.lon, areaCode: location.areaCode },
    };
  }

  /**
   * Queues the search's gaps (one event per search, listing the nearest services that failed exactly one rule)
   * and its unmet need, written together a few times a second so recording never slows a search.
   */
  private record(query: SearchQuery, location: Location, outcome: SearchOutcome): void {
    const common = {
      disposition: query.disposition.code,
      symptomGroup: query.symptomGroup,
      areaCode: query.areaCode,
      searchedAt: query.at.toISOString(),
      hourOfWeek: hourOfWeekAt(query.at),
    };
    const nearest = outcome.nearestGaps!(RECORDED_GAPS_PER_SEARCH);
    if (nearest.length) {
      const gaps = nearest.map((gap) => ({ serviceId: gap.serviceId, rule: gap.rule }));
      const payload = { ...common, gaps } satisfies GapsEventPayload;
      // Service ids stay in the payload: one subject keeps the event cheap to index at thousands a minute.
      this.pendingEvents.push(serializeEvent({ type: 'search.gaps', subjectType: 'search', subjectIds: [query.areaCode ?? 'unknown-area'], payload }));
    }
    if (outcome.catchAll) {
      const payload = { ...common, symptomDiscriminators: query.symptomDiscriminators, district: location.district } satisfies UnmetNeedPayload;
      this.pendingEvents.push(serializeEvent({ type: 'search.unmet_need', subjectType: 'search', subjectIds: [query.areaCode ?? 'unknown-area'], payload }));
    }
    if (this.pendingEvents.length && !this.flushTimer) {
      // Not part of the transaction of the request that happened to start the timer.
      this.flushTimer = outsideTransaction(() => setTimeout(() => void this.flush(), GAP_FLUSH_MS));
      this.flushTimer.unref();
    }
  }

  /** Writes the queued gap events in one transaction. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.pendingEvents;
    this.pendingEvents = [];
    this.flushing = this.flushing.then(async () => {
      if (!batch.length) return;
      try {
        await inTransaction(this.platform.db, (tx) => appendEvents(tx, recorder, this.platform.clock.now(), batch));
      } catch (error) {
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'could not record search gap events', error, { events: batch.length });
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

/** Roles whose searches are made for patients in front of them (or, for another system, its patients). */
const PATIENT_FACING_ROLES: readonly ActorRole[] = ['call_handler', 'clinician', 'provider_staff', SYSTEM_ROLE];

/**
 * Whether a search shows a patient's need, and so counts in commissioners' gaps and unmet need
 * (docs/decisions/0017). Never an `explain` run (it diagnoses, and re-runs a search already counted)
 * or a search marked `purpose: 'test'`; always one marked `purpose: 'patient'`, and one made without a
 * searcher (a case's or an online patient's). Otherwise it depends on who searched: call handlers,
 * clinicians, provider staff and other systems search for patients; DoS leads, commissioners,
 * governance leads and administrators search to check the directory.
 */
export function showsPatientNeed(request: Pick<SearchRequest, 'explain' | 'purpose'>, searcher?: Actor): boolean {
  if (request.explain || request.purpose === 'test') return false;
  if (request.purpose === 'patient' || !searcher) return true;
  return hasAnyRole(searcher, PATIENT_FACING_ROLES);
}

export type SearchReply = Omit<SearchOutcome, 'gaps'> & { gaps?: SearchOutcome['gaps']; query: SearchReplyQuery };


/**
 * Services repeat the same opening times, coverage and eligibility many times over (every branch of a
 * pharmacy chain, every GP practice on standard hours). Kept in memory for 100,000 services, one shared
 * copy of each distinct section instead of one per service saves hundreds of megabytes.
 */
class SharedSections {
  private readonly seen = new Map<string, unknown>();
  // Contacts and referral endpoints are mostly unique to a service: sharing them would only add keys.
  private static readonly KEYS = ['openingTimes', 'coverage', 'eligibility', 'access', 'referralRoles', 'areas'] as const;

  share(service: Service): Service {
    const sections = service as unknown as Record<string, unknown>;
    for (const key of SharedSections.KEYS) {
      const value = sections[key];
      if (value === undefined || value === null) continue;
      const text = JSON.stringify(value);
      const existing = this.seen.get(text);
      if (existing !== undefined) sections[key] = existing;
      else if (this.seen.size < 500_000) this.seen.set(text, value);
    }
    return service;
  }
}
