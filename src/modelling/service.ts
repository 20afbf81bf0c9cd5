/**
 * Modelling's use cases. The baseline is read from the live directory (through the directory
 * service) and the geography (areas and their districts' population), then built by the pure
 * `baseline.ts`.
 */
import type { Catalogue } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { GeoService } from '../geo/service';
import { unprocessable } from '../platform/errors';
import { buildBaseline, type Baseline, type BaselineOptions, type BaselineSource, type DirectoryServiceSource } from './baseline';

export interface ModellingDeps {
  directory: DirectoryService;
  geo: GeoService;
  catalogue: Catalogue;
}

/** Reads what the baseline needs from the live directory and geography. */
export async function loadBaselineSource(deps: ModellingDeps): Promise<BaselineSource> {
  const services: DirectoryServiceSource[] = [];
  for await (const page of deps.directory.allServices()) {
    for (const s of page) {
      services.push({
        id: s.id,
        name: s.name,
        organisationId: s.organisationId,
        typeId: s.typeId,
        status: s.status,
        openingTimes: s.openingTimes,
        eligibility: s.eligibility,
        coverage: s.coverage,
        areas: s.areas,
        areaCode: s.areaCode,
      });
    }
  }
  const population = new Map<string, number>();
  for (const d of deps.geo.listDistricts()) {
    if (d.areaCode && d.population) population.set(d.areaCode, (population.get(d.areaCode) ?? 0) + d.population);
  }
  return {
    services,
    dispositions: deps.catalogue.dispositions,
    serviceTypes: deps.catalogue.serviceTypes,
    areas: deps.geo.listAreas().map((a) => ({ code: a.code, name: a.name, population: population.get(a.code) ?? 0 })),
  };
}

/** The baseline of the live directory; 422 when the directory has nothing to model. */
export async function loadBaseline(deps: ModellingDeps, options: BaselineOptions = {}): Promise<Baseline> {
  const source = await loadBaselineSource(deps);
  try {
    return buildBaseline(source, options);
  } catch (error) {
    throw unprocessable(`No baseline: ${(error as Error).message}`, [{ path: 'directory', message: (error as Error).message }], 'no_baseline');
  }
}
