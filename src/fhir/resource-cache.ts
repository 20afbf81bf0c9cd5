/**
 * A bounded cache of services already mapped to FHIR resources, for HealthcareService/$match: mapping
 * a service (identifiers, eligibility, opening times, telecom) cost about as much as the search that
 * found it. An entry holds the Service object it was mapped from and is used only while the search
 * index still holds that same object, so it is invalidated exactly as the index is: a changed service
 * is upserted there as a new object (with a new version), and the next $match maps it afresh.
 * Cached resources are frozen, so no caller can change what the next one is given.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Service } from '../directory/model';

/** Services kept mapped: the busiest areas' services, a few tens of MB at most. */
export const MAPPED_SERVICES_KEPT = 10_000;

export class MappedServiceCache<T extends Resource> {
  /** Least recently used first (a Map keeps insertion order; a hit moves its entry to the end). */
  private readonly entries = new Map<number, { service: Service; resource: T }>();

  constructor(
    private readonly toResource: (s: Service) => T,
    private readonly capacity = MAPPED_SERVICES_KEPT,
  ) {}

  /** The service as a resource: the cached one if it was mapped from this very object, else mapped now. */
  get(service: Service): T {
    const cached = this.entries.get(service.id);
    if (cached) this.entries.delete(service.id);
    const resource = cached && cached.service === service && cached.service.version === service.version ? cached.resource : freeze(this.toResource(service));
    this.entries.set(service.id, { service, resource });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return resource;
  }

  get size(): number {
    return this.entries.size;
  }
}

function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  }
  return value;
}
