/**
 * The directory as FHIR resources: registers HealthcareService, Location, Organization, Endpoint,
 * Schedule and Slot (read, search, `_include`/`_revinclude`) and HealthcareService/$match with the
 * registry. Services are read from the search's in-memory index (kept in step with every process's
 * changes through the event log, as the directory search is), falling back to the directory for one
 * not yet followed; organisations come from identity, slots from referrals. No SQL of its own.
 */
import type { Endpoint, HealthcareService, Location, Organization, Resource, Schedule, Slot } from '@medplum/fhirtypes';
import type { Catalogue } from '../directory/catalogue';
import type { Service } from '../directory/model';
import type { DirectoryService } from '../directory/service';
import type { IdentityService } from '../identity/service';
import type { Organisation } from '../identity/model';
import type { Clock } from '../platform/clock';
import type { ReferralsService } from '../referrals/service';
import type { SearchService } from '../search/service';
import * as map from './directory-resources';
import { pageOfServices, SEARCH_PARAMS as P, serviceTests, stringMatches } from './directory-search';
import { matchOperation } from './match-service';
import { MappedServiceCache } from './resource-cache';
import { DIRECTORY_SYSTEMS as SYS, invalidParameter, PROFILES, type FhirContext, type ParsedSearch, type SearchPage } from './model';
import type { FhirRegistry } from './registry';
import { instantMatches, parseBoolean, parseDateValue, parseToken, referenceId, tokenMatches } from './search-params';

export interface DirectoryFhirDeps {
  search: SearchService;
  directory: DirectoryService;
  identity: IdentityService;
  catalogue: Catalogue;
  referrals: ReferralsService;
  clock: Clock;
}

/** Slots one Slot search looks through (one service's diary); the page is cut from these. */
const MAX_SLOTS_SEARCHED = 10_000;

/** Reads services for the FHIR resources: from the search index, which holds the whole directory in memory. */
class ServiceSource {
  constructor(private readonly deps: DirectoryFhirDeps) {}

  all(): Iterable<Service> {
    return this.deps.search.directoryIndex.services();
  }

  /** A service the search index holds (no directory read). */
  indexed(id: number): Service | undefined {
    return this.deps.search.directoryIndex.get(id);
  }

  async one(id: string): Promise<Service | undefined> {
    if (!/^[0-9]{1,15}$/.test(id)) return undefined;
    return this.deps.search.directoryIndex.get(Number(id)) ?? (await this.deps.directory.find(Number(id)));
  }

  async many(ids: string[]): Promise<Service[]> {
    const found = await Promise.all(ids.map((id) => this.one(id)));
    return found.filter((s): s is Service => Boolean(s));
  }

  typeOf(s: Service): map.TypeInfo | undefined {
    return this.deps.catalogue.serviceType(s.typeId);
  }
}

const references = (r: { reference?: string } | undefined, type: string) => (r?.reference?.startsWith(`${type}/`) ? [r.reference.slice(type.length + 1)] : []);

/** Registers the directory's resource types and HealthcareService/$match. */
export function registerDirectory(registry: FhirRegistry, deps: DirectoryFhirDeps): FhirRegistry {
  const services = new ServiceSource(deps);
  const hs = (s: Service) => map.healthcareService(s, services.typeOf(s));
  /** Read and read-many for a resource type that is one per service, with the service's id. */
  const perService = <T extends Resource>(toResource: (s: Service) => T) => ({
    read: async (_ctx: unknown, id: string) => {
      const s = await services.one(id);
      return s && toResource(s);
    },
    readMany: async (_ctx: unknown, ids: string[]) => (await services.many(ids)).map(toResource),
  });

  /** A search over services, mapped to a resource type page by page. */
  const serviceSearch = <T extends Resource>(kind: 'HealthcareService' | 'Location' | 'Schedule', toResource: (s: Service) => T) =>
    async (_ctx: FhirContext, search: ParsedSearch): Promise<SearchPage<T>> => {
      const { tests, near } = serviceTests(search.params, kind);
      const { page, total } = pageOfServices(services.all(), tests, near, search.count, search.offset);
      return { resources: page.map(toResource), total };
    };

  const organisations = async (): Promise<Organisation[]> => deps.identity.listOrganisations();

  registry.addResource<HealthcareService>({
    type: 'HealthcareService',
    profile: PROFILES.HealthcareService,
    documentation: 'A service in the directory (UK Core HealthcareService): its type, what it accepts, opening times, how to refer',
    access: 'signed-in',
    ...perService(hs),
    search: {
      params: [
        P.id,
        P.identifier,
        { name: 'name', type: 'string', documentation: 'The service name or public name (starts with; :exact, :contains)' },
        { name: 'active', type: 'token', documentation: 'true: the service is active; false: closed or commissioning' },
        P.organization,
        { name: 'service-type', type: 'token', documentation: `The service type (${SYS.serviceType}|id)` },
        { name: 'specialty', type: 'token', documentation: `A symptom group the service covers (${SYS.symptomGroup}|code)` },
        { name: 'location', type: 'reference', documentation: 'The service’s Location (Location/id)' },
        P.near,
        P.lastUpdated,
      ],
      run: serviceSearch('HealthcareService', hs),
    },
    includes: [
      { name: 'HealthcareService:organization', target: 'Organization', references: (r) => references(r.providedBy, 'Organization') },
      { name: 'HealthcareService:location', target: 'Location', references: (r) => (r.location ?? []).flatMap((l) => references(l, 'Location')) },
      { name: 'HealthcareService:endpoint', target: 'Endpoint', references: (r) => (r.endpoint ?? []).flatMap((e) => references(e, 'Endpoint')) },
    ],
  });

  registry.addResource<Location>({
    type: 'Location',
    profile: PROFILES.Location,
    documentation: 'Where a service is (UK Core Location): address and position. One per service, with the service’s id',
    access: 'signed-in',
    ...perService(map.location),
    search: {
      params: [
        P.id,
        P.identifier,
        { name: 'name', type: 'string', documentation: 'The public name (starts with; :exact, :contains)' },
        { name: 'status', type: 'token', documentation: 'active, suspended (being commissioned) or inactive (closed)' },
        { name: 'address-postalcode', type: 'string', documentation: 'The postcode (starts with, spaces ignored)' },
        P.organization,
        P.near,
        P.lastUpdated,
      ],
      run: serviceSearch('Location', map.location),
    },
    includes: [{ name: 'Location:organization', target: 'Organization', references: (r) => references(r.managingOrganization, 'Organization') }],
    revIncludes: [
      {
        name: 'HealthcareService:location',
        find: async (_ctx, locations) => {
          const ids = new Set(locations.map((l) => l.id));
          return (await services.many([...ids].filter((id): id is string => Boolean(id)))).map(hs);
        },
      },
    ],
  });

  registry.addResource<Organization>({
    type: 'Organization',
    profile: PROFILES.Organization,
    documentation: 'An organisation that provides or commissions services (UK Core Organization), with its ODS code',
    access: 'signed-in',
    read: async (_ctx, id) => {
      const org = (await organisations()).find((o) => o.id === id);
      return org && map.organization(org);
    },
    readMany: async (_ctx, ids) => (await organisations()).filter((o) => ids.includes(o.id)).map(map.organization),
    search: {
      params: [
        P.id,
        { name: 'identifier', type: 'token', documentation: `The ODS code (${SYS.odsCode}|X) or Signpost's organisation id (${SYS.organisationId}|id)` },
        { name: 'name', type: 'string', documentation: 'The name (starts with; :exact, :contains)' },
        { name: 'active', type: 'token', documentation: 'Every organisation Signpost holds is active' },
        { name: 'type', type: 'token', documentation: `The kind of organisation (${SYS.organisationKind}|provider …)` },
        { name: 'partof', type: 'reference', documentation: 'The parent organisation (Organization/id)' },
      ],
      run: async (_ctx, search) => {
        const all = (await organisations()).map(map.organization);
        const passing = all.filter((o) => organisationPasses(o, search)).sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
        return { resources: passing.slice(search.offset, search.offset + search.count), total: passing.length };
      },
    },
    revIncludes: [
      { name: 'HealthcareService:organization', find: async (_ctx, orgs) => servicesOf(services, orgs).map(hs) },
      { name: 'Location:organization', find: async (_ctx, orgs) => servicesOf(services, orgs).map(map.location) },
      { name: 'Endpoint:organization', find: async (_ctx, orgs) => servicesOf(services, orgs).flatMap(map.endpoints) },
    ],
  });

  registry.addResource<Endpoint>({
    type: 'Endpoint',
    profile: PROFILES.Endpoint,
    documentation: 'Where and how a service takes referrals (UK Core Endpoint): FHIR messaging, HTTP, secure email or telephone',
    access: 'signed-in',
    read: async (_ctx, id) => endpointById(services, id),
    readMany: async (_ctx, ids) => (await Promise.all(ids.map((id) => endpointById(services, id)))).filter((e): e is Endpoint => Boolean(e)),
    search: {
      params: [
        P.id,
        { name: 'identifier', type: 'token', documentation: `Signpost's endpoint identifier (${SYS.serviceId}|service/endpoint/n)` },
        { name: 'name', type: 'string', documentation: 'The endpoint’s name (starts with; :exact, :contains)' },
        { name: 'status', type: 'token', documentation: 'active (the service is active) or off' },
        { name: 'connection-type', type: 'token', documentation: 'hl7-fhir-msg, secure-email, or Signpost’s http and phone' },
        P.organization,
        P.lastUpdated,
      ],
      run: async (_ctx, search) => {
        // The service side first (organization, _lastUpdated), then the endpoint's own parameters.
        const { tests } = serviceTests(search.params, 'Endpoint');
        const passing: Endpoint[] = [];
        for (const s of services.all()) {
          if (!s.referralEndpoints.length || !tests.every((t) => t(s))) continue;
          for (const e of map.endpoints(s)) if (endpointPasses(e, search)) passing.push(e);
        }
        passing.sort((a, b) => compareEndpointIds(a.id!, b.id!));
        return { resources: passing.slice(search.offset, search.offset + search.count), total: passing.length };
      },
    },
    includes: [{ name: 'Endpoint:organization', target: 'Organization', references: (r) => references(r.managingOrganization, 'Organization') }],
  });

  registry.addResource<Schedule>({
    type: 'Schedule',
    profile: PROFILES.Schedule,
    documentation: 'A service’s appointment diary (one per service, with its id); its Slots are the ones the service publishes',
    access: 'signed-in',
    ...perService((s) => map.schedule(s, services.typeOf(s))),
    search: {
      params: [
        P.id,
        P.identifier,
        { name: 'active', type: 'token', documentation: 'true: the service is active' },
        { name: 'actor', type: 'reference', documentation: 'The service or its site (HealthcareService/id, Location/id)' },
        { name: 'service-type', type: 'token', documentation: `The service type (${SYS.serviceType}|id)` },
        P.lastUpdated,
      ],
      run: serviceSearch('Schedule', (s) => map.schedule(s, services.typeOf(s))),
    },
    includes: [{ name: 'Schedule:actor', target: 'HealthcareService', references: (r) => (r.actor ?? []).flatMap((a) => references(a, 'HealthcareService')) }],
  });

  registry.addResource<Slot>({
    type: 'Slot',
    profile: PROFILES.Slot,
    documentation: 'An appointment slot a service publishes for bookings with referrals',
    access: 'signed-in',
    read: async (_ctx, id) => {
      const slotId = map.slotIdFromFhir(id);
      const found = slotId ? await deps.referrals.findSlot(slotId) : undefined;
      return found && map.slot(found);
    },
    search: {
      params: [
        P.id,
        { name: 'schedule', type: 'reference', documentation: 'The service’s Schedule (Schedule/id): required' },
        { name: 'status', type: 'token', documentation: 'free or busy' },
        { name: 'start', type: 'date', documentation: 'When the slot starts (prefixes eq, ne, gt, lt, ge, le, sa, eb)' },
      ],
      run: async (_ctx, search) => {
        const schedules = search.params.get('schedule');
        if (!schedules || schedules.length !== 1 || schedules[0].values.length !== 1) throw invalidParameter('schedule', 'Search slots of one Schedule: schedule=Schedule/{service id}');
        const serviceId = referenceId(schedules[0].values[0], 'Schedule', 'schedule');
        if (!/^[0-9]{1,15}$/.test(serviceId) || !(await services.one(serviceId))) return { resources: [], total: 0 };
        const statuses = (search.params.get('status') ?? []).map((v) => v.values.map((x) => parseToken(x).code));
        const starts = (search.params.get('start') ?? []).map((v) => v.values.map((x) => parseDateValue(x, 'start')));
        const ids = (search.params.get('_id') ?? []).map((v) => v.values);
        const all = await deps.referrals.slots(Number(serviceId), { status: 'all', limit: MAX_SLOTS_SEARCHED });
        const passing = all
          .filter((x) => statuses.every((any) => any.includes(x.status)))
          .filter((x) => ids.every((any) => any.includes(map.slotFhirId(x.id))))
          .filter((x) => starts.every((any) => any.some((r) => instantMatches(x.start.getTime(), r))))
          .sort((a, b) => a.start.getTime() - b.start.getTime() || (a.id < b.id ? -1 : 1));
        return { resources: passing.slice(search.offset, search.offset + search.count).map(map.slot), total: passing.length };
      },
    },
    includes: [{ name: 'Slot:schedule', target: 'Schedule', references: (r) => references(r.schedule, 'Schedule') }],
  });

  // $match maps the same nearby services again and again: it keeps them mapped (see resource-cache.ts).
  const mapped = new MappedServiceCache(hs);
  registry.addOperation(matchOperation({ search: deps.search, services, toText: (s) => mapped.text(s) }));
  return registry;
}

function servicesOf(services: ServiceSource, orgs: Organization[]): Service[] {
  const ids = new Set(orgs.map((o) => o.id));
  const out: Service[] = [];
  for (const s of services.all()) if (ids.has(s.organisationId)) out.push(s);
  return out.sort((a, b) => a.id - b.id);
}

async function endpointById(services: ServiceSource, id: string): Promise<Endpoint | undefined> {
  const parsed = map.parseEndpointId(id);
  if (!parsed) return undefined;
  const s = await services.one(String(parsed.serviceId));
  return s && parsed.index < s.referralEndpoints.length ? map.endpoint(s, parsed.index) : undefined;
}

function compareEndpointIds(a: string, b: string): number {
  const [sa, ia] = a.split('-').map(Number);
  const [sb, ib] = b.split('-').map(Number);
  return sa - sb || ia - ib;
}

function endpointPasses(e: Endpoint, search: ParsedSearch): boolean {
  for (const [name, values] of search.params) {
    for (const value of values) {
      const ok =
        name === '_id'
          ? value.values.includes(e.id!)
          : name === 'identifier'
            ? value.values.some((v) => tokenMatches(parseToken(v), e.identifier ?? []))
            : name === 'name'
              ? stringMatches(value, [e.name])
              : name === 'status'
                ? value.values.some((v) => parseToken(v).code === e.status)
                : name === 'connection-type'
                  ? value.values.some((v) => tokenMatches(parseToken(v), [e.connectionType]))
                  : true;
      if (!ok) return false;
    }
  }
  return true;
}

function organisationPasses(o: Organization, search: ParsedSearch): boolean {
  for (const [name, values] of search.params) {
    for (const value of values) {
      let ok = true;
      if (name === '_id') ok = value.values.includes(o.id!);
      else if (name === 'identifier') ok = value.values.some((v) => tokenMatches(parseToken(v), o.identifier ?? []));
      else if (name === 'name') ok = stringMatches(value, [o.name]);
      else if (name === 'active') ok = value.values.some((v) => parseBoolean(v, name) === o.active);
      else if (name === 'type') ok = value.values.some((v) => tokenMatches(parseToken(v), o.type?.[0]?.coding ?? []));
      else if (name === 'partof') ok = value.values.map((v) => referenceId(v, 'Organization', name)).some((id) => o.partOf?.reference === `Organization/${id}`);
      if (!ok) return false;
    }
  }
  return true;
}

