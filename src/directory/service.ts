import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { badRequest, conflict, forbidden, notFound, parseWith, type ErrorDetail } from '../platform/errors';
import type { GeoService } from '../geo/service';
import type { IdentityService } from '../identity/service';
import type { BankHolidayCalendar } from './bank-holidays';
import type { Catalogue } from './catalogue';
import { diffValues, sameJson } from './diff';
import {
  APPROVERS,
  ServiceProfileSchema,
  type Approve,
  type Decision,
  type NamedServiceChange,
  type NamedServiceVersion,
  type HolidayOverride,
  type ProposeCreate,
  type ProposeUpdate,
  type ServiceListQuery,
  type Ranking,
  type Service,
  type ServiceChange,
  type ServicePatch,
  type ServiceProfile,
} from './model';
import { instantOn, localDayOfDate } from './local-time';
import { isOpenAt, nextClosing, nextOpening, ZONE_NAME, type Nation } from './opening-hours';
import * as store from './store';


type Place = { lat: number; lon: number; areaCode: string | null; nation: Nation };
/** `changedBy`: who the version is recorded as changed by, when not the actor (a scheduled change's approver). */
type VersionMeta = { reason: string; changeId: string | null; at: Date; changedBy?: string };

export interface DirectoryDeps {
  catalogue: Catalogue;
  holidays: BankHolidayCalendar;
  identity: IdentityService;
  geo: GeoService;
}

/** The Directory of Services: profiles, the change-approval flow, history, verification, rankings. */
export class DirectoryService {
  constructor(
    private readonly platform: Platform,
    private readonly deps: DirectoryDeps,
  ) {}

  private get db() {
    return this.platform.db;
  }

  get holidays(): BankHolidayCalendar {
    return this.deps.holidays;
  }

  // ---- reading ----

  async get(id: number): Promise<Service> {
    const service = await store.findService(this.db, id);
    if (!service) throw notFound(`Service ${id}`);
    return service;
  }

  /** Every service, a page at a time: the search index loads the whole directory from this. */
  allServices(pageSize?: number): AsyncGenerator<Service[]> {
    return store.allServices(this.db, pageSize);
  }

  /** A service, or undefined if there is none (the search index follows changes with this). */
  find(id: number): Promise<Service | undefined> {
    return store.findService(this.db, id);
  }

  list(query: ServiceListQuery) {
    return store.listServices(this.db, query);
  }

  async history(id: number): Promise<NamedServiceVersion[]> {
    await this.get(id);
    const versions = await store.listVersions(this.db, id);
    const names = await this.deps.identity.displayNames(versions.map((v) => v.changedBy));
    return versions.map((v) => ({ ...v, changedByName: v.changedBy ? (names.get(v.changedBy) ?? v.changedBy) : null }));
  }

  /** Changes with the display names of who proposed and decided them. */
  async named(changes: ServiceChange[]): Promise<NamedServiceChange[]> {
    const names = await this.deps.identity.displayNames(changes.flatMap((c) => [c.proposedBy, c.decidedBy]));
    return changes.map((c) => ({
      ...c,
      proposedByName: names.get(c.proposedBy) ?? c.proposedBy,
      decidedByName: c.decidedBy ? (names.get(c.decidedBy) ?? c.decidedBy) : null,
    }));
  }

  async namedOne(change: ServiceChange): Promise<NamedServiceChange> {
    return (await this.named([change]))[0];
  }

  /** Whether a service is open at an instant, and when it next opens or closes. */
  openingStatus(service: Pick<Service, 'openingTimes' | 'nation'>, at: Date) {
    const { openingTimes, nation } = service;
    const openNow = isOpenAt(openingTimes, nation, at, this.deps.holidays);
    return {
      at,
      openNow,
      nextOpening: openNow ? null : nextOpening(openingTimes, nation, at, this.deps.holidays),
      nextClosing: openNow ? nextClosing(openingTimes, nation, at, this.deps.holidays) : null,
    };
  }

  // ---- proposing and deciding changes ----

  async proposeCreate(actor: Actor, { reason, service }: ProposeCreate): Promise<ServiceChange> {
    await this.assertMayEditFor(actor, service.organisationId);
    await this.checkProfile(service, 'service');
    return this.saveProposal(actor, { serviceId: null, kind: 'create', proposal: service, baseValues: {}, reason });
  }

  async proposeUpdate(actor: Actor, serviceId: number, { reason, changes, effectiveFrom }: ProposeUpdate): Promise<ServiceChange> {
    const from = effectiveFrom === undefined ? null : this.futureInstant(effectiveFrom);
    const current = await this.get(serviceId);
    await this.assertMayEditFor(actor, current.organisationId);
    if (changes.organisationId) await this.assertMayEditFor(actor, changes.organisationId);
    const next = this.merge(current, changes, 'changes');
    await this.checkProfile(next, 'changes');
    // A change from a date is made to the service as it will be then: after the changes scheduled before it.
    const base = from ? await this.projected(current, from) : current;
    const unchanged = Object.keys(changes).filter((k) => sameJson(changes[k as keyof ServicePatch], base[k as keyof Service]));
    if (unchanged.length === Object.keys(changes).length) {
      throw badRequest('The proposal changes nothing', unchanged.map((k) => ({ path: `changes.${k}`, message: from ? 'same as the value it will have then' : 'same as the current value' })));
    }
    const baseValues = Object.fromEntries(Object.keys(changes).map((k) => [k, base[k as keyof Service] ?? null]));
    return this.saveProposal(actor, { serviceId, kind: 'update', proposal: changes, baseValues, reason, effectiveFrom: from });
  }

  /**
   * An effective date as an instant (a date means the start of that day in Europe/London); it must be
   * in the future, else the change would be backdated: a 400 naming the field.
   */
  private futureInstant(effectiveFrom: string): Date {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) ? new Date(instantOn(localDayOfDate(effectiveFrom), 0)) : new Date(effectiveFrom);
    const now = this.platform.clock.now();
    if (at.getTime() <= now.getTime()) {
      throw badRequest(`effectiveFrom ${effectiveFrom} is not in the future; leave it out to apply the change as soon as it is approved`, [
        { path: 'effectiveFrom', message: `must be after now (${now.toISOString()})` },
      ]);
    }
    return at;
  }

  /** The service as it will be just before `at`: with the sections its scheduled changes due before then replace. */
  private async projected(current: Service, at: Date): Promise<Service> {
    const scheduled = await store.scheduledChangesOf(this.db, current.id, at);
    return scheduled.reduce<Service>((service, change) => ({ ...service, ...(change.proposal as ServicePatch) }), current);
  }

  private async saveProposal(
    actor: Actor,
    draft: Pick<ServiceChange, 'serviceId' | 'kind' | 'proposal' | 'baseValues' | 'reason'> & { effectiveFrom?: Date | null },
  ): Promise<ServiceChange> {
    const change: ServiceChange = {
      ...draft,
      effectiveFrom: draft.effectiveFrom ?? null,
      appliedAt: null,
      lapsedReason: null,
      id: `chg_${randomUUID()}`,
      status: 'pending',
      proposedBy: actor.id,
      proposedByOrg: actor.organisationId ?? '',
      proposedAt: this.platform.clock.now(),
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
    };
    await inTransaction(this.db, async (tx) => {
      await store.insertChange(tx, change);
      await recordChange(tx, actor, change.proposedAt, {
        type: 'service.change_proposed',
        subjectType: 'service_change',
        subjectIds: [change.id, ...(change.serviceId ? [change.serviceId] : [])],
        payload: { kind: change.kind, serviceId: change.serviceId, reason: change.reason, sections: Object.keys(change.proposal), effectiveFrom: change.effectiveFrom },
      });
    });
    return change;
  }

  /**
   * Applies a pending change atomically: the service, its new version, the decision, event and audit.
   * Validation and postcode lookups run before the transaction (on the embedded database one
   * connection serves everything, so a transaction must never wait on a query outside it); inside,
   * the change and service rows are locked and re-checked.
   */
  async approve(actor: Actor, changeId: string, { reason }: Approve = {}): Promise<{ change: ServiceChange; service: Service }> {
    this.assertApprover(actor);
    const found = await store.findChange(this.db, changeId);
    if (!found) throw notFound(`Change ${changeId}`);
    assertPendingFor(found, actor);
    const at = this.platform.clock.now();
    if (found.kind === 'update' && found.effectiveFrom && found.effectiveFrom > at) return this.schedule(actor, found, reason, at);
    const plan = found.kind === 'create' ? await this.planCreate(found) : await this.planUpdate(found);
    const meta = { reason: found.reason, changeId, at };
    return inTransaction(this.db, async (tx) => {
      assertPendingFor((await store.findChange(tx, changeId, true))!, actor);
      let service: Service;
      if (plan.kind === 'create') {
        service = await this.writeCreate(tx, actor, plan.profile, plan.place, meta);
      } else {
        const current = await store.findService(tx, plan.current.id, true);
        if (!current || current.version !== plan.current.version) {
          throw conflict(`Service ${plan.current.id} changed while this was being approved; approve again`, [], 'stale_proposal');
        }
        service = await this.writeUpdate(tx, actor, current, plan.next, plan.place, meta);
      }
      const decided = await store.decideChange(tx, changeId, { status: 'approved', by: actor.id, at, reason: reason ?? null, serviceId: service.id, appliedAt: at });
      await recordChange(tx, actor, at, {
        type: 'service.change_approved',
        subjectType: 'service_change',
        subjectIds: [changeId, service.id],
        payload: { serviceId: service.id, version: service.version, reason: reason ?? null },
      });
      return { change: decided, service };
    });
  }

  /**
   * Approves a change that takes effect later: checked now against the service as it will be on its
   * date (so a clash is found while someone can act on it), and marked scheduled; the scheduler
   * (scheduled-changes.ts) applies it then. The service itself is unchanged until that moment.
   */
  private async schedule(actor: Actor, found: ServiceChange, reason: string | undefined, at: Date): Promise<{ change: ServiceChange; service: Service }> {
    const current = await this.get(found.serviceId!);
    await this.planUpdate(found, await this.projected(current, found.effectiveFrom!));
    const change = await inTransaction(this.db, async (tx) => {
      assertPendingFor((await store.findChange(tx, found.id, true))!, actor);
      const decided = await store.decideChange(tx, found.id, { status: 'scheduled', by: actor.id, at, reason: reason ?? null });
      await recordChange(tx, actor, at, {
        type: 'service.change_scheduled',
        subjectType: 'service_change',
        subjectIds: [found.id, current.id],
        payload: { serviceId: current.id, effectiveFrom: found.effectiveFrom, reason: reason ?? null },
      });
      return decided;
    });
    return { change, service: current };
  }

  /** For the scheduler (scheduled-changes.ts): what applying a due change would write, checked now. */
  planScheduled(change: ServiceChange) {
    return this.planUpdate(change);
  }

  /**
   * For the scheduler, inside the transaction that claimed the change: writes its new version and the
   * same `service.updated` event as an immediate change; the version is recorded as the approver's.
   */
  async writeScheduled(tx: Tx, actor: Actor, change: ServiceChange, plan: Awaited<ReturnType<DirectoryService['planUpdate']>>, at: Date): Promise<Service> {
    const current = await store.findService(tx, plan.current.id, true);
    if (!current || current.version !== plan.current.version) {
      // Changed between planning and locking: undone with the transaction; the next round plans again.
      throw conflict(`Service ${plan.current.id} changed while change ${change.id} was being applied`, [], 'stale_proposal');
    }
    return this.writeUpdate(tx, actor, current, plan.next, plan.place, { reason: change.reason, changeId: change.id, at, changedBy: change.decidedBy ?? undefined });
  }

  private async planCreate(change: ServiceChange) {
    const profile = change.proposal as ServiceProfile;
    return { kind: 'create' as const, profile, place: await this.checkProfile(profile, 'service') };
  }

  /** `expected`: what the service will be when the change applies, if not as it is now. */
  private async planUpdate(change: ServiceChange, expected?: Service) {
    const current = await this.get(change.serviceId!);
    // Someone else's approved change may have touched the same sections since this was proposed.
    const clashes = Object.entries(change.baseValues)
      .filter(([section, base]) => !sameJson((expected ?? current)[section as keyof Service] ?? null, base))
      .map(([section]) => ({ path: `changes.${section}`, message: 'changed by another approved change since this proposal' }));
    if (clashes.length) throw conflict(`Service ${current.id} changed since this proposal; propose again`, clashes, 'stale_proposal');
    const next = this.merge(current, change.proposal as ServicePatch, 'changes');
    return { kind: 'update' as const, current, next, place: await this.checkProfile(next, 'changes') };
  }

  async reject(actor: Actor, changeId: string, { reason }: Decision): Promise<ServiceChange> {
    this.assertApprover(actor);
    return this.closeChange(actor, changeId, 'rejected', reason);
  }

  /** The proposer takes their own proposal back. */
  async withdraw(actor: Actor, changeId: string): Promise<ServiceChange> {
    return this.closeChange(actor, changeId, 'withdrawn', null);
  }

  private async closeChange(actor: Actor, changeId: string, status: 'rejected' | 'withdrawn', reason: string | null) {
    const at = this.platform.clock.now();
    return inTransaction(this.db, async (tx) => {
      const change = await store.findChange(tx, changeId, true);
      if (!change) throw notFound(`Change ${changeId}`);
      // A scheduled change can still be called off before its date, by the same rules as a pending one.
      if (change.status !== 'pending' && change.status !== 'scheduled') throw conflict(`Change ${changeId} is already ${change.status}`, [], 'invalid_state');
      if (status === 'withdrawn' && change.proposedBy !== actor.id) throw forbidden('Only the person who proposed a change may withdraw it');
      if (status === 'rejected' && change.proposedBy === actor.id) throw forbidden('You cannot decide on your own proposal; withdraw it instead');
      const decided = await store.decideChange(tx, changeId, { status, by: actor.id, at, reason });
      await recordChange(tx, actor, at, {
        type: `service.change_${status}`,
        subjectType: 'service_change',
        subjectIds: [changeId, ...(change.serviceId ? [change.serviceId] : [])],
        payload: { reason },
      });
      return decided;
    });
  }

  private merge(current: Service, patch: ServicePatch, path: string): ServiceProfile {
    const base = Object.fromEntries(Object.keys(ServiceProfileSchema.shape).map((k) => [k, current[k as keyof Service]]));
    return parseWith(ServiceProfileSchema, { ...base, ...patch }, path);
  }

  // ---- writing services (after approval, or directly for seeded and generated data) ----

  /** Creates a service without the approval step: only for Signpost itself (demo and bulk data). */
  async createDirect(actor: Actor, profile: ServiceProfile, reason: string): Promise<Service> {
    if (actor.kind !== 'system') throw forbidden('Services are created through proposals and approval');
    const place = await this.checkProfile(profile, 'service');
    return inTransaction(this.db, (tx) => this.writeCreate(tx, actor, profile, place, { reason, changeId: null, at: this.platform.clock.now() }));
  }

  private async writeCreate(tx: Tx, actor: Actor, profile: ServiceProfile, place: Place, meta: VersionMeta) {
    const service = await store.insertService(tx, { profile, ...place, at: meta.at, nextVerificationDue: this.dueDate(meta.at, profile.verificationIntervalDays) });
    await this.recordVersion(tx, actor, service, {}, meta);
    await recordChange(tx, actor, meta.at, {
      type: 'service.created',
      subjectType: 'service',
      subjectIds: [service.id],
      payload: { serviceId: service.id, version: 1, typeId: service.typeId, changeId: meta.changeId },
    });
    return service;
  }

  private async writeUpdate(tx: Tx, actor: Actor, current: Service, next: ServiceProfile, place: Place, meta: VersionMeta) {
    const service = await store.updateService(tx, current.id, { profile: next, ...place, at: meta.at, nextVerificationDue: current.nextVerificationDue });
    const diff = await this.recordVersion(tx, actor, service, snapshotOf(current), meta);
    await recordChange(tx, actor, meta.at, {
      type: 'service.updated',
      subjectType: 'service',
      subjectIds: [service.id],
      payload: { serviceId: service.id, version: service.version, changeId: meta.changeId, paths: diff.map((d) => d.path) },
    });
    return service;
  }

  private async recordVersion(tx: Tx, actor: Actor, service: Service, before: object, meta: VersionMeta) {
    const snapshot = snapshotOf(service);
    const diff = diffValues(before, snapshot);
    await store.insertVersion(tx, {
      serviceId: service.id,
      version: service.version,
      snapshot,
      diff,
      reason: meta.reason,
      changeId: meta.changeId,
      changedBy: meta.changedBy ?? actor.id,
      changedAt: meta.at,
    });
    return diff;
  }

  private async placeOf(profile: ServiceProfile): Promise<Place> {
    if (profile.location) {
      const located = this.deps.geo.locate(profile.location.lat, profile.location.lon);
      return { lat: located.lat, lon: located.lon, areaCode: located.areaCode, nation: located.nation };
    }
    const resolved = await this.deps.geo.resolvePostcode(profile.address.postcode, 'service.address.postcode');
    return { lat: resolved.lat, lon: resolved.lon, areaCode: resolved.areaCode, nation: resolved.nation };
  }

  private dueDate(from: Date, days: number): string {
    return DateTime.fromJSDate(from, { zone: ZONE_NAME }).plus({ days }).toISODate()!;
  }

  // ---- verification ----

  async verify(actor: Actor, id: number): Promise<Service> {
    const service = await this.get(id);
    await this.assertMayEditFor(actor, service.organisationId);
    const at = this.platform.clock.now();
    return inTransaction(this.db, async (tx) => {
      const verified = await store.markVerified(tx, id, at, this.dueDate(at, service.verificationIntervalDays));
      await recordChange(tx, actor, at, {
        type: 'service.verified',
        subjectType: 'service',
        subjectIds: [id],
        payload: { nextVerificationDue: verified.nextVerificationDue },
      });
      return verified;
    });
  }

  async verificationDue(actor: Actor, withinDays: number): Promise<Service[]> {
    const dueBy = this.dueDate(this.platform.clock.now(), withinDays);
    return store.verificationDue(this.db, dueBy, await this.visibleOrganisations(actor));
  }

  async changes(actor: Actor, filter: { status?: string; serviceId?: number; limit: number }) {
    return this.named(await store.listChanges(this.db, { ...filter, organisationIds: await this.visibleOrganisations(actor) }));
  }

  async change(actor: Actor, id: string) {
    const change = await store.findChange(this.db, id);
    if (!change) throw notFound(`Change ${id}`);
    const visible = await this.visibleOrganisations(actor);
    if (visible && !visible.includes(change.proposedByOrg)) {
      const service = change.serviceId ? await store.findService(this.db, change.serviceId) : undefined;
      if (!service || !visible.includes(service.organisationId)) throw notFound(`Change ${id}`);
    }
    const now = change.serviceId ? await store.findService(this.db, change.serviceId) : undefined;
    // A change still to apply on a later date is compared with the service as it will be then.
    const waiting = change.effectiveFrom && (change.status === 'pending' || change.status === 'scheduled');
    const current = now && waiting ? await this.projected(now, change.effectiveFrom!) : now;
    return { change: await this.namedOne(change), diff: this.readableDiff(change, current) };
  }

  /** What the change would do, field by field, against the service as it is now. */
  private readableDiff(change: ServiceChange, current: Service | undefined) {
    if (change.kind === 'create' || !current) return diffValues({}, change.proposal);
    const currentSections = Object.fromEntries(Object.keys(change.proposal).map((k) => [k, current[k as keyof Service]]));
    return diffValues(currentSections, change.proposal);
  }

  // ---- rankings and bank holidays ----

  listRankings(): Promise<Ranking[]> {
    return store.listRankings(this.db);
  }

  async setRanking(actor: Actor, ranking: Ranking): Promise<Ranking> {
    const problems = [
      ...(this.deps.geo.area(ranking.areaCode) ? [] : [{ path: 'areaCode', message: `unknown area ${ranking.areaCode}` }]),
      ...this.deps.catalogue.unknownCodes({ serviceTypes: [ranking.serviceTypeId] }).map((p) => ({ ...p, path: 'serviceTypeId' })),
    ];
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
    await inTransaction(this.db, async (tx) => {
      await store.upsertRanking(tx, ranking);
      await recordChange(tx, actor, this.platform.clock.now(), { type: 'ranking.set', subjectType: 'ranking', subjectIds: [`${ranking.areaCode}:${ranking.serviceTypeId}`], payload: ranking });
    });
    return ranking;
  }

  async removeRanking(actor: Actor, areaCode: string, serviceTypeId: number): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      if ((await store.deleteRanking(tx, areaCode, serviceTypeId)) === 0) throw notFound(`Ranking for ${areaCode} type ${serviceTypeId}`);
      await recordChange(tx, actor, this.platform.clock.now(), { type: 'ranking.removed', subjectType: 'ranking', subjectIds: [`${areaCode}:${serviceTypeId}`] });
    });
  }

  async loadHolidayOverrides(): Promise<void> {
    this.deps.holidays.setOverrides(await store.listHolidayOverrides(this.db));
  }

  listHolidayOverrides() {
    return store.listHolidayOverrides(this.db);
  }

  async setHolidayOverride(actor: Actor, override: HolidayOverride) {
    await inTransaction(this.db, async (tx) => {
      await store.upsertHolidayOverride(tx, override);
      await recordChange(tx, actor, this.platform.clock.now(), { type: 'bank_holiday.override_set', subjectType: 'bank_holiday', subjectIds: [`${override.nation}:${override.date}`], payload: override });
    });
    await this.loadHolidayOverrides();
    return override;
  }

  async removeHolidayOverride(actor: Actor, nation: string, date: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      if ((await store.deleteHolidayOverride(tx, nation, date)) === 0) throw notFound(`Bank holiday override ${nation} ${date}`);
      await recordChange(tx, actor, this.platform.clock.now(), { type: 'bank_holiday.override_removed', subjectType: 'bank_holiday', subjectIds: [`${nation}:${date}`] });
    });
    await this.loadHolidayOverrides();
  }

  // ---- rules ----

  /** Codes and references a profile uses must exist (every problem reported at once); returns its place. */
  private async checkProfile(profile: ServiceProfile, prefix: string): Promise<Place> {
    const problems = this.codeProblems(profile, prefix);
    const at = (path: string, message: string): ErrorDetail => ({ path: `${prefix}.${path}`, message });
    if (!(await this.deps.identity.getOrganisation(profile.organisationId).catch(() => null))) {
      problems.push(at('organisationId', `unknown organisation ${profile.organisationId}`));
    }
    if (profile.parentId && !(await store.serviceExists(this.db, profile.parentId))) {
      problems.push(at('parentId', `unknown parent service ${profile.parentId}`));
    }
    throwIfProblems(problems);
    // Resolving the place last: an unknown postcode is a 422, after the 400s above.
    return this.placeOf(profile);
  }

  /** The checks that need no database: catalogue codes and areas. */
  private codeProblems(profile: ServiceProfile, prefix: string): ErrorDetail[] {
    const { catalogue } = this.deps;
    const at = (path: string, message: string): ErrorDetail => ({ path: `${prefix}.${path}`, message });
    const problems: ErrorDetail[] = [];
    if (!catalogue.serviceType(profile.typeId)) problems.push(at('typeId', `unknown service type ${profile.typeId}`));
    profile.coverage.dispositions.forEach((code, i) => {
      if (!catalogue.disposition(code)) problems.push(at(`coverage.dispositions.${i}`, `unknown disposition ${code}`));
    });
    profile.coverage.symptoms.forEach((pair, i) => {
      if (!catalogue.symptomGroup(pair.sg)) problems.push(at(`coverage.symptoms.${i}.sg`, `unknown symptom group ${pair.sg}`));
      if (!catalogue.discriminator(pair.sd)) problems.push(at(`coverage.symptoms.${i}.sd`, `unknown symptom discriminator ${pair.sd}`));
    });
    for (const kind of ['commissionedFor', 'limitedTo', 'promotedInto'] as const) {
      profile.areas[kind].forEach((code, i) => {
        if (!this.deps.geo.area(code)) problems.push(at(`areas.${kind}.${i}`, `unknown area ${code}`));
      });
    }
    return problems;
  }

  /**
   * Bulk creation for Signpost itself (the demo community, generated national directories, imports):
   * every profile is validated first, then all are written in one transaction, in batches, each with
   * its first version; one `service.imported` event per batch carries the new ids.
   */
  async importServices(
    actor: Actor,
    inputs: unknown[],
    options: { reason: string; onProgress?: (done: number, total: number) => void; batchSize?: number },
  ): Promise<number[]> {
    if (actor.kind !== 'system') throw forbidden('Bulk import is for Signpost itself');
    const organisations = new Set((await this.deps.identity.listOrganisations()).map((o) => o.id));
    const profiles = inputs.map((input, i) => parseWith(ServiceProfileSchema, input, `services.${i}`));
    const problems = profiles.flatMap((profile, i) => [
      ...this.codeProblems(profile, `services.${i}`),
      ...(organisations.has(profile.organisationId) ? [] : [{ path: `services.${i}.organisationId`, message: `unknown organisation ${profile.organisationId}` }]),
      ...(profile.parentId ? [{ path: `services.${i}.parentId`, message: 'set parents after import' }] : []),
    ]);
    throwIfProblems(problems.slice(0, 50));
    const places: Place[] = [];
    for (const profile of profiles) places.push(await this.placeOf(profile));
    const at = this.platform.clock.now();
    const batchSize = options.batchSize ?? 500;
    return inTransaction(this.db, async (tx) => {
      const ids: number[] = [];
      for (let start = 0; start < profiles.length; start += batchSize) {
        const writes = profiles.slice(start, start + batchSize).map((profile, j) => ({
          profile,
          ...places[start + j],
          at,
          nextVerificationDue: this.dueDate(at, profile.verificationIntervalDays),
        }));
        const services = await store.insertServices(tx, writes);
        await store.insertVersions(
          tx,
          services.map((service) => ({
            serviceId: service.id,
            version: 1,
            snapshot: snapshotOf(service),
            diff: [{ path: '', before: null, after: 'created' }],
            reason: options.reason,
            changeId: null,
            changedBy: actor.id,
            changedAt: at,
          })),
        );
        const batchIds = services.map((s) => s.id);
        ids.push(...batchIds);
        await recordChange(tx, actor, at, { type: 'service.imported', subjectType: 'service', subjectIds: batchIds, payload: { count: batchIds.length, reason: options.reason } });
        options.onProgress?.(ids.length, profiles.length);
      }
      return ids;
    });
  }

  private async assertMayEditFor(actor: Actor, organisationId: string): Promise<void> {
    if (!hasAnyRole(actor, [...APPROVERS, 'provider_staff'])) throw forbidden('Only DoS leads and provider staff may propose directory changes');
    await this.deps.identity.assertActsFor(actor, organisationId, APPROVERS, `You may edit only your own organisation's services, not those of ${organisationId}`);
  }

  private assertApprover(actor: Actor): void {
    if (!hasAnyRole(actor, APPROVERS)) throw forbidden('Only DoS leads and administrators may approve or reject changes');
  }

  /** undefined = everything (DoS leads, admins, commissioners); else the actor's organisation subtree. */
  private async visibleOrganisations(actor: Actor): Promise<string[] | undefined> {
    if (hasAnyRole(actor, [...APPROVERS, 'commissioner'])) return undefined;
    return actor.organisationId ? this.deps.identity.organisationScope(actor.organisationId) : [];
  }
}

function assertPendingFor(change: ServiceChange, actor: Actor): void {
  if (change.status !== 'pending') throw conflict(`Change ${change.id} is already ${change.status}`, [], 'invalid_state');
  if (change.proposedBy === actor.id) throw forbidden('A second person must approve a change: you cannot approve your own');
}

function throwIfProblems(problems: ErrorDetail[]): void {
  if (problems.length) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems, 'invalid_profile');
}

function snapshotOf(service: Service) {
  const profile = Object.fromEntries(Object.keys(ServiceProfileSchema.shape).map((k) => [k, service[k as keyof Service] ?? null]));
  return { ...(profile as ServiceProfile), lat: service.lat, lon: service.lon, areaCode: service.areaCode, nation: service.nation };
}
