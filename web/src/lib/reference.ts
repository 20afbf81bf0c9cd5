// Reference catalogues, fetched once per page load and shared by every screen.
import { useEffect, useState } from 'react';
import { api } from './api';
import type { Area, CodeTitle, Disposition, ServiceType } from './types';

export interface Reference {
  serviceTypes: ServiceType[];
  dispositions: Disposition[];
  symptomGroups: CodeTitle<number>[];
  discriminators: CodeTitle<string>[];
  areas: Area[];
  typeName(id: number): string;
  dispositionTitle(code: string): string;
  sgTitle(code: number): string;
  sdTitle(code: string): string;
  areaName(code: string | null | undefined): string;
}

let cached: Promise<Reference> | null = null;

export function loadReference(): Promise<Reference> {
  cached ??= Promise.all([
    api<{ serviceTypes: ServiceType[] }>('/api/reference/service-types'),
    api<{ dispositions: Disposition[] }>('/api/reference/dispositions'),
    api<{ symptomGroups: CodeTitle<number>[] }>('/api/reference/symptom-groups'),
    api<{ symptomDiscriminators: CodeTitle<string>[] }>('/api/reference/symptom-discriminators'),
    api<{ areas: Area[] }>('/api/geo/areas').catch(() => ({ areas: [] as Area[] })),
  ]).then(([t, d, g, s, a]) => {
    const types = new Map(t.serviceTypes.map((x) => [x.id, x.name]));
    const dx = new Map(d.dispositions.map((x) => [x.code, x.title]));
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
      dispositionTitle: (code) => dx.get(code) ?? code,
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
