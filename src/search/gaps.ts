import { distanceKm } from '../geo/distance';
import type { DirectoryIndex } from './index';
import type { Gap } from './model';

/** How many gaps one search records for commissioners. */
export const RECORDED_GAPS_PER_SEARCH = 20;

/**
 * The gaps worth recording: the nearest services that failed exactly one rule. In a dense area at
 * 60 km thousands of services fail one rule (a pharmacy does not take an ED disposition); the ones
 * a patient would have been sent to are the near ones, and keeping the nearest few bounds what each
 * search writes whatever the size of the directory.
 */
export function gapsToRecord(gaps: readonly Gap[], index: DirectoryIndex, lat: number, lon: number, max = RECORDED_GAPS_PER_SEARCH): Gap[] {
  if (gaps.length <= max) return [...gaps];
  return gaps
    .map((gap) => {
      const service = index.get(gap.serviceId);
      return { gap, km: service ? distanceKm(lat, lon, service.lat, service.lon) : Infinity };
    })
    .sort((a, b) => a.km - b.km)
    .slice(0, max)
    .map((g) => g.gap);
}
