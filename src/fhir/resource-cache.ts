/**
 * A bounded cache of services already mapped to FHIR resources, for HealthcareService/$match: mapping
 * a service (identifiers, eligibility, opening times, telecom) cost about as much as the search that
 * found it. An entry holds the Service object it was mapped from and is used only while the search
 * index still holds that same object, so it is invalidated exactly as the index is: a changed service
 * is upserted there as a new object (with a new version), and the next $match maps it afresh.
 * Cached resources are frozen, so no caller can change what the next one is given.
 *
 * Each entry can also hold its resource as JSON text, cut where one more extension goes at the end of
 * its `extension` list: $match writes its reply by joining these texts with each service's capacity
 * now, rather than copying every resource into a Bundle object and serialising it afresh on every
 * request (decision 0028). The text is exactly what JSON.stringify gives for the resource with that
 * extension added, and is made (once per mapping) from the same frozen resource, so it is invalidated
 * with it.
 */
import { randomUUID } from 'node:crypto';
import type { Extension, Resource } from '@medplum/fhirtypes';
import type { Service } from '../directory/model';

/** Services kept mapped: the busiest areas' services, a few tens of MB at most. */
export const MAPPED_SERVICES_KEPT = 10_000;

/** A resource as JSON text, cut where one more extension goes (see MappedServiceCache.text). */
export interface ResourceText {
  id: string;
  head: string;
  tail: string;
}

/** Where the extension text goes between a ResourceText's head and tail. */
export const withExtension = (text: ResourceText, extension: Extension): string => `${text.head}${JSON.stringify(extension)}${text.tail}`;

export class MappedServiceCache<T extends Resource & { extension?: Extension[] }> {
  /** Least recently used first (a Map keeps insertion order; a hit moves its entry to the end). */
  private readonly entries = new Map<number, { service: Service; resource: T; text?: ResourceText }>();
  /** Stands in for the added extension while the text is cut: a value no service holds. */
  private readonly mark = `signpost-added-extension-${randomUUID()}`;

  constructor(
    private readonly toResource: (s: Service) => T,
    private readonly capacity = MAPPED_SERVICES_KEPT,
  ) {}

  /** The service as a resource: the cached one if it was mapped from this very object, else mapped now. */
  get(service: Service): T {
    return this.entry(service).resource;
  }

  /**
   * The service's resource as JSON text with one more extension at the end of its `extension` list:
   * `head + JSON.stringify(extension) + tail` is `JSON.stringify({ ...resource, extension: [...(resource.extension ?? []), extension] })`.
   */
  text(service: Service): ResourceText {
    const entry = this.entry(service);
    if (!entry.text) {
      const json = JSON.stringify({ ...entry.resource, extension: [...(entry.resource.extension ?? []), this.mark] });
      const at = json.lastIndexOf(JSON.stringify(this.mark));
      entry.text = { id: entry.resource.id!, head: json.slice(0, at), tail: json.slice(at + JSON.stringify(this.mark).length) };
    }
    return entry.text;
  }

  private entry(service: Service): { service: Service; resource: T; text?: ResourceText } {
    const cached = this.entries.get(service.id);
    if (cached) this.entries.delete(service.id);
    const entry = cached && cached.service === service && cached.service.version === service.version ? cached : { service, resource: freeze(this.toResource(service)) };
    this.entries.set(service.id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
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
