/**
 * The demo community as the modelling baseline reads it from a directory (services with the ids a
 * fresh database gives them, in import order; areas with their districts' population) — for tests,
 * the CLI and benchmarks that want the demo's baseline without a database.
 */
import type { DirectoryServiceSource, BaselineSource } from '../modelling/baseline';
import type { Catalogue } from '../directory/catalogue';
import type { District } from '../geo/model';
import { buildDemoCommunity, eastKentDistricts } from './community';

export function demoBaselineSource(catalogue: Catalogue, districts: readonly District[], seed?: number): BaselineSource {
  const eastKent = eastKentDistricts(districts);
  const community = buildDemoCommunity(catalogue, eastKent, seed);
  const population = new Map<string, number>();
  for (const d of eastKent) population.set(d.areaCode!, (population.get(d.areaCode!) ?? 0) + (d.population ?? 0));
  const services: DirectoryServiceSource[] = community.services.map((s, i) => ({
    id: i + 1,
    name: s.name,
    organisationId: s.organisationId,
    typeId: s.typeId,
    status: s.status,
    openingTimes: s.openingTimes,
    eligibility: s.eligibility,
    coverage: s.coverage,
    areas: { commissionedFor: s.areas?.commissionedFor ?? [], limitedTo: s.areas?.limitedTo ?? [], promotedInto: s.areas?.promotedInto ?? [] },
    areaCode: null,
  }));
  return {
    services,
    dispositions: catalogue.dispositions,
    serviceTypes: catalogue.serviceTypes,
    areas: [...population].map(([code, people]) => ({ code, name: code, population: people })),
  };
}
