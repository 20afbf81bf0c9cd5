// Reference catalogues, fetched once per page load and shared by every screen.
import { useEffect, useState } from 'react';
import { call, client } from './api';
import type { Area, Disposition, ServiceType, SymptomDiscriminator, SymptomGroup } from './types';

export interface Reference {
  serviceTypes: ServiceType[];
  dispositions: Disposition[];
  symptomGroups: SymptomGroup[];
  discriminators: SymptomDiscriminator[];
  areas: Area[];
  typeName(id: number): string;
  /** The catalogue entry (group, timeframe) of a disposition code. */
  disposition(code: string): Disposition | undefined;
  dispositionTitle(code: string): string;
  sgTitle(code: number): string;
  sdTitle(code: string): string;
  areaName(code: string | null | undefined): string;
}

let cached: Promise<Reference> | null = null;
let cachedDispositions: Promise<Disposition[]> | null = null;

/** The disposition catalogue alone (public: patient online uses it too). */
export function loadDispositions(): Promise<Disposition[]> {
  cachedDispositions ??= call(client.GET('/api/reference/dispositions')).then((r) => r.dispositions);
  cachedDispositions.catch(() => {
    cachedDispositions = null;
  });
  return cachedDispositions;
}

export function loadReference(): Promise<Reference> {
  cached ??= Promise.all([
    call(client.GET('/api/reference/service-types')),
    loadDispositions().then((dispositions) => ({ dispositions })),
    call(client.GET('/api/reference/symptom-groups')),
    call(client.GET('/api/reference/symptom-discriminators')),
    call(client.GET('/api/geo/areas')).catch(() => ({ areas: [] as Area[] })),
  ]).then(([t, d, g, s, a]) => {
    const types = new Map(t.serviceTypes.map((x) => [x.id, x.name]));
    const dxEntries = new Map(d.dispositions.map((x) => [x.code, x]));
    const sg = new Map(g.symptomGroups.map((x) => [x.code, x.title]));
    const sd = new Map(s.symptomDiscriminators.map((x) => [x.code, x.title]));
    const areas = new Map(a.areas.map((x) => [x.code, x.name]));
    return {
      serviceTypes: t.serviceTypes,
      dispositions: d.dispositions,
      symptomGroups: g.symptomGroups,
      discriminators: s.symptomDiscriminators,
      areas: a.areas,
      typeName: (id) => types.get(id) ?? `type ${id}`,
      disposition: (code) => dxEntries.get(code),
      dispositionTitle: (code) => dxEntries.get(code)?.title ?? code,
      sgTitle: (code) => sg.get(code) ?? `SG ${code}`,
      sdTitle: (code) => sd.get(code) ?? `SD ${code}`,
      areaName: (code) => (code ? (areas.get(code) ?? code) : 'no area'),
    };
  });
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

export function useReference(): Reference | null {
  const [ref, setRef] = useState<Reference | null>(null);
  useEffect(() => {
    let live = true;
    loadReference().then((r) => live && setRef(r), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return ref;
}

/** The disposition catalogue, or null until it has loaded. */
export function useDispositions(): Disposition[] | null {
  const [dispositions, setDispositions] = useState<Disposition[] | null>(null);
  useEffect(() => {
    let live = true;
    loadDispositions().then((d) => live && setDispositions(d), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return dispositions;
}
