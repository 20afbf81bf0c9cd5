// HealthcareService/$match keeps services mapped between requests (src/fhir/resource-cache.ts): a
// service changed in the directory shows its change in the next $match, never the old mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthcareService } from '@medplum/fhirtypes';
import type { Service } from '../src/directory/model';
import { MappedServiceCache } from '../src/fhir/resource-cache';
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
