import { useEffect, useState } from 'react';
import { call, client, type paths, type Reply } from './api';
import type { Service } from './types';

/** What the service list can be filtered by. */
export type ServiceFilter = Omit<NonNullable<paths['/api/directory/services']['get']['parameters']['query']>, 'limit' | 'offset'>;
export type Organisation = Reply<'/api/organisations'>['organisations'][number];

/** Every service matching a filter, page by page (the API returns at most 500 at a time). */
export async function allServices(filter: ServiceFilter = {}): Promise<Service[]> {
  const out: Service[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call(client.GET('/api/directory/services', { params: { query: { ...filter, limit: 500, offset } } }));
    out.push(...page.services);
    if (out.length >= page.total || page.services.length === 0) break;
  }
  return out;
}

export function useAllServices(filter: ServiceFilter = {}): { services: Service[] | null; error: unknown } {
  const key = JSON.stringify(filter);
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    allServices(JSON.parse(key) as ServiceFilter)
      .then((s) => live && setServices(s))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [key]);
  return { services, error };
}

/** An organisation and every organisation below it. */
export function subtree(organisations: Pick<Organisation, 'id' | 'parentId'>[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const o of organisations) if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
  const out: string[] = [];
  const walk = (id: string) => {
    out.push(id);
    for (const c of children.get(id) ?? []) walk(c);
  };
  walk(rootId);
  return out;
}

/** The services of an organisation and of the organisations below it (a trust's departments). */
export function useOrganisationServices(organisationId: string | null | undefined, filter: ServiceFilter = {}): { services: Service[] | null; error: unknown } {
  const key = JSON.stringify([organisationId, filter]);
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!organisationId) return;
    let live = true;
    (async () => {
      const { organisations } = await call(client.GET('/api/organisations'));
      const ids = subtree(organisations, organisationId);
      const lists = await Promise.all(ids.map((id) => allServices({ ...filter, organisationId: id })));
      if (live) setServices(lists.flat().sort((a, b) => a.name.localeCompare(b.name)));
    })().catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
    // Depends on `key` alone: it is the filter's content, and the filter object is new on every render.
  }, [key]);
  return { services, error };
}

const nameCache = new Map<number, Promise<string>>();

/** Names of services by id (cached for the page's life). */
export function useServiceNames(ids: (number | null | undefined)[]): Record<number, string> {
  const key = [...new Set(ids.filter((i): i is number => typeof i === 'number'))].sort((a, b) => a - b).join(',');
  const [names, setNames] = useState<Record<number, string>>({});
  useEffect(() => {
    if (!key) return;
    let live = true;
    const list = key.split(',').map(Number);
    Promise.all(
      list.map((id) => {
        if (!nameCache.has(id)) nameCache.set(id, call(client.GET('/api/directory/services/{id}', { params: { path: { id } } })).then((r) => r.service.name, () => `Service ${id}`));
        return nameCache.get(id)!.then((name) => [id, name] as const);
      }),
    ).then((pairs) => live && setNames(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}
