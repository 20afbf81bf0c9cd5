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
  // A bounded insertion into the nearest `max` so far: thousands of gaps, no sort, no garbage. Only
  // the order matters, so a flat-earth squared distance (no trigonometry per gap) is enough.
  const cosLat = Math.cos((lat * Math.PI) / 180);
  const nearest: Gap[] = [];
  const km: number[] = [];
  for (const gap of gaps) {
    // The index's typed coordinate arrays, not the service objects: nothing to chase per gap.
    const slot = index.slotOf(gap.serviceId);
    const d = slot === undefined ? Infinity : (index.lat[slot] - lat) ** 2 + ((index.lon[slot] - lon) * cosLat) ** 2;
    if (nearest.length === max && d >= km[max - 1]) continue;
    let i = nearest.length === max ? max - 1 : nearest.length;
    while (i > 0 && km[i - 1] > d) {
      km[i] = km[i - 1];
      nearest[i] = nearest[i - 1];
      i--;
    }
    km[i] = d;
    nearest[i] = gap;
    if (nearest.length > max) {
      nearest.length = max;
      km.length = max;
    }
  }
  return nearest;
}
