// HealthcareService/$match keeps services mapped between requests (src/fhir/resource-cache.ts): a
// service changed in the directory shows its change in the next $match, never the old mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extension, HealthcareService } from '@medplum/fhirtypes';
import type { Service } from '../src/directory/model';
import { matchBundle, matchBundleJson } from '../src/fhir/match';
import { MappedServiceCache, withExtension } from '../src/fhir/resource-cache';
import type { SearchResult } from '../src/search/model';
import { fhirDirectory, matchParameters, type FhirDirectory } from './fhir-helpers';
import { ORIGIN, testApp, type TestApp } from './fixture';

let t: TestApp;
let d: FhirDirectory;

beforeAll(async () => {
  t = await testApp();
  d = await fhirDirectory(t);
});
afterAll(async () => t?.close());

async function fhir(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: ORIGIN, authorization: `Bearer ${d.token}`, ...(body ? { 'content-type': 'application/fhir+json' } : {}) };
  const response = await t.signpost.app.request(`${ORIGIN}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: response.status, body: (await response.json()) as any };
}

/** The UTC as $match gives it, without the capacity extension $match adds. */
async function matchedUtc(): Promise<HealthcareService> {
  const res = await fhir('POST', '/fhir/HealthcareService/$match', matchParameters());
  expect(res.status).toBe(200);
  const entry = res.body.entry.find((e: any) => e.resource.id === String(d.utc));
  expect(entry).toBeDefined();
  const { extension, ...resource } = entry.resource;
  return extension.length > 1 ? { ...resource, extension: extension.slice(0, -1) } : resource;
}

async function readUtc(): Promise<HealthcareService> {
  return (await fhir('GET', `/fhir/HealthcareService/${d.utc}`)).body;
}

describe('$match and directory changes', () => {
  it('answers JSON text that is the Bundle the resources make, serialised', async () => {
    const res = await t.signpost.app.request(`${ORIGIN}/fhir/HealthcareService/$match`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${d.token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify(matchParameters()),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    // Parsed and serialised again, the reply comes back byte for byte: well-formed JSON, nothing doubled.
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text).entry.length).toBeGreaterThan(0);
  });

  it('shows a changed service as changed, the same as a read of it', async () => {
    const before = await matchedUtc();
    expect(await matchedUtc()).toEqual(before); // served from the cache the second time
    expect(before).toEqual(await readUtc());

    const proposed = await t.request('PATCH', `/api/directory/services/${d.utc}`, { as: 'provider', body: { reason: 'Renamed', changes: { publicName: 'Canterbury Urgent Treatment Centre (renamed)' } } });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    const approved = await t.request('POST', `/api/directory/changes/${proposed.body.change.id}/approve`, { as: 'doslead', body: {} });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await t.signpost.events.catchUp();

    const after = await matchedUtc();
    expect(after.meta?.versionId).toBe(String(Number(before.meta?.versionId) + 1));
    expect(JSON.stringify(after)).toContain('Canterbury Urgent Treatment Centre (renamed)');
    expect(after).toEqual(await readUtc());
  });
});

describe('MappedServiceCache', () => {
  const service = (id: number, version = 1) => ({ id, version }) as unknown as Service;
  const mapper = () => {
    const calls: number[] = [];
    const cache = new MappedServiceCache((s) => {
      calls.push(s.id);
      return { resourceType: 'HealthcareService', id: String(s.id), meta: { versionId: String(s.version) } } as HealthcareService;
    }, 2);
    return { cache, calls };
  };

  it('maps a service once while the index holds the same object, and again once it is replaced', () => {
    const { cache, calls } = mapper();
    const first = service(1);
    expect(cache.get(first)).toBe(cache.get(first));
    expect(calls).toEqual([1]);
    const changed = service(1, 2);
    expect(cache.get(changed).meta?.versionId).toBe('2');
    expect(calls).toEqual([1, 1]);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const { cache, calls } = mapper();
    const [a, b, c] = [service(1), service(2), service(3)];
    cache.get(a);
    cache.get(b);
    cache.get(a);
    cache.get(c); // drops b, used least recently
    expect(cache.size).toBe(2);
    cache.get(a);
    cache.get(b);
    expect(calls).toEqual([1, 2, 3, 2]);
  });

  it('gives frozen resources, so no caller changes what the next is given', () => {
    const { cache } = mapper();
    const resource = cache.get(service(1));
    expect(Object.isFrozen(resource)).toBe(true);
    expect(Object.isFrozen(resource.meta)).toBe(true);
  });
});

describe('$match written as text', () => {
  const capacity = (status: 'green' | 'amber' | 'red', reason: string | null) =>
    ({ status, reason, setAt: reason ? new Date('2026-12-01T09:00:00Z') : null, resetAt: reason ? new Date('2026-12-01T13:00:00Z') : null, expired: false }) as unknown as SearchResult['capacity'];
  const result = (serviceId: number, overrides: Partial<SearchResult> = {}) =>
    ({ serviceId, distanceKm: serviceId / 10, tier: 'primary', catchAll: false, reasons: [`${serviceId / 10} km away`, 'open now until 20:00 "late"'], capacity: capacity('green', null), ...overrides }) as SearchResult;
  const resource = (id: number, extension?: Extension[]): HealthcareService => ({
    resourceType: 'HealthcareService',
    id: String(id),
    meta: { versionId: '3', lastUpdated: '2026-11-30T10:00:00.000Z' },
    ...(extension ? { extension } : {}),
    name: `Service ${id} — “quoted” \\ and \u2028 kept`,
    active: true,
  });

  it('holds each resource as text that, with an extension put in, is the resource with it added', () => {
    const cache = new MappedServiceCache((s) => resource(s.id, s.id === 2 ? [{ url: 'https://example.org/a', valueString: 'x' }] : undefined));
    const added: Extension = { url: 'https://example.org/capacity', extension: [{ url: 'status', valueCode: 'amber' }] };
    for (const id of [1, 2]) {
      const service = { id, version: 1 } as unknown as Service;
      const mapped = cache.get(service);
      expect(withExtension(cache.text(service), added)).toBe(JSON.stringify({ ...mapped, extension: [...(mapped.extension ?? []), added] }));
      expect(cache.text(service)).toBe(cache.text(service)); // made once per mapping
    }
  });

  it('is matchBundle serialised, byte for byte: ranked entries, a service gone meanwhile left out, the catch-all outcome', () => {
    const results = [result(11), result(12, { capacity: capacity('red', 'Full "today"') }), result(13), result(14, { catchAll: true, tier: 'catch-all' as SearchResult['tier'] })];
    const resources = [resource(11), resource(12, [{ url: 'https://example.org/a', valueString: 'y' }]), undefined, resource(14)];
    const cache = new MappedServiceCache((s) => resources.find((r) => r?.id === String(s.id))!);
    const texts = resources.map((r) => r && cache.text({ id: Number(r.id), version: 1 } as unknown as Service));
    for (const catchAll of [false, true]) {
      const input = { base: 'http://localhost/fhir', self: 'http://localhost/fhir/HealthcareService/$match?x="y"', results, catchAll };
      expect(matchBundleJson({ ...input, services: texts })).toBe(JSON.stringify(matchBundle({ ...input, services: resources })));
    }
    const none = { base: 'http://localhost/fhir', self: 'http://localhost/fhir/HealthcareService/$match', results: [], catchAll: false };
    expect(matchBundleJson({ ...none, services: [] })).toBe(JSON.stringify(matchBundle({ ...none, services: [] })));
  });
});
