// A plain, slow statement of the directory search rules (shared/reference/directory-search.md)
// over Service objects, with no index and no tricks. Tests compare the engine against it on random
// directories; nothing in the product calls it.
import type { BankHolidayLookup } from '../directory/opening-hours';
import type { Catalogue } from '../directory/catalogue';
import type { Ranking, Service } from '../directory/model';
import { distanceKm } from '../geo/distance';
import { queryNation, type Capacity, type GapRule, type SearchQuery } from './model';
import { openInWindow, windowEnd } from './window';

export interface ReferenceOutcome {
  /** service ids in order */
  results: number[];
  catchAll: boolean;
  /** "id:rule", sorted */
  gaps: string[];
  considered: number;
}

export function reference(
  services: readonly Service[],
  capacities: ReadonlyMap<number, Capacity>,
  rankings: readonly Ranking[],
  catalogue: Catalogue,
  calendar: BankHolidayLookup,
  q: SearchQuery,
): ReferenceOutcome {
  const end = windowEnd(q.at, q.disposition.timeframe, calendar, queryNation(q));
  const passing: { s: Service; d: number }[] = [];
  const gaps: string[] = [];
  let considered = 0;
  for (const s of services) {
    const d = distanceKm(q.lat, q.lon, s.lat, s.lon);
    if (d > q.distanceKm) continue;
    if (s.status !== 'active') continue;
    if (!s.coverage.symptoms.some((p) => p.sg === q.symptomGroup)) continue;
    const sexes = q.sex === 'unknown' ? (['female', 'male'] as const) : [q.sex];
    if (!sexes.every((x) => s.eligibility.sexes.includes(x))) continue;
    const practices = s.eligibility.registeredPractices;
    if (practices.length > 0 && (q.registeredPractice === null || !practices.includes(q.registeredPractice))) continue;
    considered++;
    const failed: GapRule[] = [];
    const cap = capacities.get(s.id);
    if (cap && cap.status === 'red' && q.at < cap.resetAt) failed.push('capacity');
    if (!q.symptomDiscriminators.every((sd) => s.coverage.symptoms.some((p) => p.sg === q.symptomGroup && p.sd === sd))) failed.push('discriminator');
    if (!s.coverage.dispositions.includes(q.disposition.code)) failed.push('disposition');
    if (!s.referralRoles.includes(q.referralRole)) failed.push('referral-role');
    if (q.ageDays < s.eligibility.ageFromDays || q.ageDays > s.eligibility.ageToDays) failed.push('age');
    if (!openInWindow(s.openingTimes, s.nation, q.at, end, calendar)) failed.push('opening');
    const limited = s.areas.limitedTo;
    if (limited.length > 0 && (q.areaCode === null || !(limited.includes(q.areaCode) || s.areas.promotedInto.includes(q.areaCode)))) failed.push('area');
    if (failed.length === 1) gaps.push(`${s.id}:${failed[0]}`);
    if (failed.length === 0) passing.push({ s, d });
  }

  const rankOf = (s: Service) => rankings.find((r) => r.areaCode === q.areaCode && r.serviceTypeId === s.typeId)?.rank ?? catalogue.serviceType(s.typeId)?.nationalRank ?? 10;
  const tierOf = (s: Service) => {
    if (q.registeredPractice !== null && s.odsCode === q.registeredPractice) return 0;
    if (q.areaCode !== null && s.areas.commissionedFor.includes(q.areaCode)) return 1;
    if (q.areaCode !== null && s.areas.promotedInto.includes(q.areaCode)) return 3;
    return 2;
  };
  const sorted = passing
    .map((p) => ({ ...p, rank: rankOf(p.s), tier: tierOf(p.s) }))
    .sort((a, b) => Number(a.tier === 3) - Number(b.tier === 3) || a.rank - b.rank || a.tier - b.tier || a.d - b.d || a.s.id - b.s.id);
  const perType = new Map<number, number>();
  const results: number[] = [];
  for (const p of sorted) {
    const n = perType.get(p.s.typeId) ?? 0;
    if (n >= (catalogue.serviceType(p.s.typeId)?.maxResults ?? 2)) continue;
    perType.set(p.s.typeId, n + 1);
    results.push(p.s.id);
    if (results.length === q.limit) break;
  }
  if (results.length > 0) return { results, catchAll: false, gaps: gaps.sort(), considered };
  const eds = services
    .filter((s) => s.status === 'active' && catalogue.serviceType(s.typeId)?.catchAll)
    .map((s) => ({ s, d: distanceKm(q.lat, q.lon, s.lat, s.lon) }))
    .filter((x) => x.d <= 60)
    .sort((a, b) => a.d - b.d || a.s.id - b.s.id)
    .slice(0, 2);
  return { results: eds.map((x) => x.s.id), catchAll: true, gaps: gaps.sort(), considered };
}
