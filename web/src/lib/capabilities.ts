// The capability catalogue (what services can do for a patient), fetched once per page load.
import { useEffect, useState } from 'react';
import { call, client, type Reply } from './api';

export type Capability = Reply<'/api/reference/capabilities'>['capabilities'][number];

let cached: Promise<readonly Capability[]> | null = null;

export function loadCapabilities(): Promise<readonly Capability[]> {
  cached ??= call(client.GET('/api/reference/capabilities')).then((r) => r.capabilities);
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

/** The catalogue, or null while it loads (or if it could not be loaded). */
export function useCapabilities(): readonly Capability[] | null {
  const [list, setList] = useState<readonly Capability[] | null>(null);
  useEffect(() => {
    let live = true;
    loadCapabilities().then((l) => live && setList(l), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** "Insulin administration (at home)" for a service's capability entry. */
export function capabilityLabel(list: readonly Capability[] | null, c: { code: string; where: readonly string[] }): string {
  const name = list?.find((x) => x.code === c.code)?.name ?? c.code;
  return `${name} (${c.where.map((w) => (w === 'home' ? 'at home' : 'on site')).join(', ')})`;
}
