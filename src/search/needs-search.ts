// The search by need (issue 16), pure: which services near the patient can do what the patient needs,
// when it is needed, grouped by how fully each service — or two together — covers the needs. It reads
// the NeedsIndex (services by capability, kept in step with the directory by the search service) and
// the capacity statuses the directory index keeps; no I/O.
import type { BankHolidayLookup, Nation, OpeningTimes } from '../directory/opening-hours';
import { nextClosing, nextOpening } from '../directory/opening-hours';
import { DAY, instantOn, localDay, localDayAt } from '../directory/local-time';
import type { ReferralRole, Service, ServiceCapability } from '../directory/model';
import { distanceKm } from '../geo/distance';
import { accessReasons } from './index';
import type { Capacity } from './model';
import type { NeedsWhenWord } from './needs-model';
import type { MatchedNeed } from '../directory/needs-matcher';

/** One capability's services, in latitude order (rebuilt at the next search after a change). */
interface CapabilityList {
  slots: number[];
  sorted: { slots: Int32Array; lats: Float64Array; lons: Float64Array } | null;
}

/**
 * Services by the capability codes they list. Each service has a slot (a dense number) so a search
 * marks what it has seen in typed arrays rather than maps (a city search reads thousands, and the
 * garbage of a map per search would cost more in collections than the search itself); each list is in
 * latitude order so a search reads only the band of latitudes within its distance. Kept in step as
 * services change: a changed service takes a new slot, its old one is left empty.
 */
export class NeedsIndex {
  /** service by slot (undefined: removed or replaced) */
  private readonly services: (Service | undefined)[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly byCode = new Map<string, CapabilityList>();
  /** per slot, for the search running: the search's stamp when first seen, and its coverage mask */
  stamp = new Int32Array(0);
  mask = new Int32Array(0);
  km = new Float64Array(0);
  start = new Float64Array(0);
  /** the slots the running search accepted, `acceptedCount` of them */
  accepted = new Int32Array(0);
  acceptedCount = 0;
  searches = 0;

  constructor(services: Iterable<Service>) {
    for (const s of services) this.upsert(s);
  }

  upsert(service: Service): void {
    this.remove(service.id);
    const codes = (service.capabilities ?? []).map((c) => c.code);
    if (!codes.length) return;
    const slot = this.services.length;
    this.services.push(service);
    this.slotOf.set(service.id, slot);
    for (const code of codes) {
      let list = this.byCode.get(code);
      if (!list) this.byCode.set(code, (list = { slots: [], sorted: null }));
      list.slots.push(slot);
      list.sorted = null;
    }
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    for (const c of this.services[slot]!.capabilities) {
      const list = this.byCode.get(c.code)!;
      list.slots.splice(list.slots.indexOf(slot), 1);
      list.sorted = null;
    }
    this.services[slot] = undefined;
  }

  service(slot: number): Service {
    return this.services[slot]!;
  }

  /** A capability's services in latitude order, with their coordinates. */
  list(code: string): { slots: Int32Array; lats: Float64Array; lons: Float64Array } | null {
    const list = this.byCode.get(code);
    if (!list) return null;
    if (!list.sorted) {
      const slots = Int32Array.from(list.slots).sort((a, b) => this.services[a]!.lat - this.services[b]!.lat);
      list.sorted = { slots, lats: Float64Array.from(slots, (i) => this.services[i]!.lat), lons: Float64Array.from(slots, (i) => this.services[i]!.lon) };
    }
    return list.sorted;
  }

  /** A fresh stamp for a search, with the per-slot arrays grown to every slot. */
  beginSearch(): number {
    if (this.stamp.length < this.services.length) {
      const n = Math.max(1024, this.services.length * 2);
      this.stamp = new Int32Array(n);
      this.mask = new Int32Array(n);
      this.km = new Float64Array(n);
      this.start = new Float64Array(n);
      this.accepted = new Int32Array(n);
      this.searches = 0;
    }
    this.acceptedCount = 0;
    if (++this.searches === 0x7fffffff) {
      this.stamp.fill(0);
      this.searches = 1;
    }
    return this.searches;
  }

  /** Services that list any capability. */
  get size(): number {
    return this.slotOf.size;
  }
}

export interface NeedsWindow {
  from: Date;
  to: Date;
  label: string;
}

/** How long "now" (or a given instant) lasts: help that can start within two hours. */
const NOW_SPAN_MS = 2 * 3_600_000;

/** The window in which help must be able to start, in London time. */
export function needsWindow(when: NeedsWhenWord | string, now: Date): NeedsWindow {
  const t = now.getTime();
  switch (when) {
    case 'now':
      return { from: now, to: new Date(t + NOW_SPAN_MS), label: 'now (within 2 hours)' };
    case 'today':
      return { from: now, to: new Date(Math.max(localDayAt(t).endMs, t + NOW_SPAN_MS)), label: 'today' };
    case 'tomorrow-morning': {
      const tomorrow = localDay(localDayAt(t).num + 1);
      return { from: new Date(instantOn(tomorrow, 8 * 60)), to: new Date(instantOn(tomorrow, 12 * 60)), label: 'tomorrow morning (08:00–12:00)' };
    }
    default: {
      const at = new Date(when);
      return { from: at, to: new Date(at.getTime() + NOW_SPAN_MS), label: 'at the time given (within 2 hours)' };
    }
  }
}

export interface NeedsQuery {
  /** the needs as read, in the order asked (several may name one capability) */
  needs: readonly MatchedNeed[];
  lat: number;
  lon: number;
  areaCode: string | null;
  distanceKm: number;
  ageDays: number | null;
  registeredPractice: string | null;
  window: NeedsWindow;
  /** the searcher's referral role; null for someone who does not refer (a DoS lead checking) */
  referralRole: ReferralRole | null;
  /** the current time (capacity reset times count from it) */
  now: Date;
  limit: number;
}

export interface NeedsContext {
  calendar: BankHolidayLookup;
  capacities: ReadonlyMap<number, Capacity>;
  typeName(typeId: number): string;
}

export interface NeedsMatch {
  serviceId: number;
  name: string;
  typeName: string;
  organisationId: string;
  distanceKm: number;
  covers: { need: string; code: string; where: ServiceCapability['where'] }[];
  missing: string[];
  openNow: boolean;
  opensAt: Date | null;
  closesAt: Date | null;
  capacity: { status: 'green' | 'amber' | 'red'; reason: string | null };
  referralRoles: ReferralRole[];
  youMayRefer: boolean;
  referNote: string | null;
  referralEndpoints: Service['referralEndpoints'];
  professionalPhone: string | null;
  access: string[];
}

export interface NeedsOutcome {
  complete: NeedsMatch[];
  pairs: { services: [NeedsMatch, NeedsMatch]; distanceKm: number }[];
  partial: NeedsMatch[];
  considered: number;
  left: { closed: number; red: number; age: number; practice: number; area: number };
}

/** A service that passed every rule, with the capabilities it covers as a bit mask. */
interface Candidate {
  service: Service;
  mask: number;
  km: number;
  start: number;
  capacity: Capacity | undefined;
}

/** The first position whose value is at least `x` in an ascending array. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A degree of latitude is never less than this many km: the band read is at least the distance. */
const KM_PER_DEGREE_LAT = 110.5;

/** Pairs are made from the nearest few services of each coverage, so a city's thousands stay cheap. */
const PAIR_CANDIDATES_PER_MASK = 4;

export function searchByNeeds(index: NeedsIndex, ctx: NeedsContext, q: NeedsQuery): NeedsOutcome {
  const codes = [...new Set(q.needs.map((n) => n.capability.code))];
  const full = (1 << codes.length) - 1;
  const left = { closed: 0, red: 0, age: 0, practice: 0, area: 0 };
  const nowMs = q.now.getTime();
  const fromMs = q.window.from.getTime();
  const toMs = q.window.to.getTime();
  const horizonDays = Math.max(1 / 24, (toMs - fromMs) / DAY);
  // Services share timetables (every team of a trust on the same hours): each is evaluated once a search.
  const starts = new Map<OpeningTimes, Map<Nation, number | null>>();
  const startOf = (s: Service): number | null => {
    let byNation = starts.get(s.openingTimes);
    if (!byNation) starts.set(s.openingTimes, (byNation = new Map()));
    let start = byNation.get(s.nation);
    if (start === undefined) {
      const opens = nextOpening(s.openingTimes, s.nation, q.window.from, ctx.calendar, horizonDays);
      start = opens && opens.getTime() < toMs ? opens.getTime() : null;
      byNation.set(s.nation, start);
    }
    return start;
  };
  const band = q.distanceKm / KM_PER_DEGREE_LAT;
  // A degree of longitude is shorter than this anywhere in the band: a cheap test before the exact distance.
  const kmPerDegreeLon = 111.32 * Math.cos((Math.min(89, Math.abs(q.lat) + band) * Math.PI) / 180);
  const lonBand = q.distanceKm / Math.max(1, kmPerDegreeLon);
  const stamp = index.beginSearch();
  // mask 0 marks a slot seen and refused; accepted slots carry the needs they cover
  const { mask } = index;
  let considered = 0;

  codes.forEach((code, bit) => {
    const list = index.list(code);
    if (!list) return;
    const { slots, lats, lons } = list;
    for (let i = lowerBound(lats, q.lat - band); i < lats.length && lats[i] <= q.lat + band; i++) {
      const slot = slots[i];
      if (index.stamp[slot] === stamp) {
        if (mask[slot]) mask[slot] |= 1 << bit;
        continue;
      }
      index.stamp[slot] = stamp;
      mask[slot] = 0;
      if (Math.abs(lons[i] - q.lon) > lonBand) continue;
      const s = index.service(slot);
      if (s.status !== 'active') continue;
      const km = distanceKm(q.lat, q.lon, lats[i], lons[i]);
      if (km > q.distanceKm) continue;
      considered++;
      const reason = firstFailure(s, q, ctx.capacities.get(s.id), nowMs);
      if (reason) {
        left[reason]++;
        continue;
      }
      const start = startOf(s);
      if (start === null) {
        left.closed++;
        continue;
      }
      mask[slot] = 1 << bit;
      index.km[slot] = km;
      index.start[slot] = start;
      index.accepted[index.acceptedCount++] = slot;
    }
  });

  // Only what is shown becomes objects: the first `limit` of each group, and the nearest few of each coverage for pairs.
  const byStartThenDistance = (a: number, b: number) => index.start[a] - index.start[b] || index.km[a] - index.km[b] || index.service(a).id - index.service(b).id;
  const byCoverageThenStart = (a: number, b: number) => popcount(mask[b]) - popcount(mask[a]) || byStartThenDistance(a, b);
  const complete: number[] = [];
  const partial: number[] = [];
  const pool = new Map<number, number[]>();
  for (let k = 0; k < index.acceptedCount; k++) {
    const slot = index.accepted[k];
    if (mask[slot] === full) keepFirst(complete, slot, q.limit, byStartThenDistance);
    else {
      keepFirst(partial, slot, q.limit, byCoverageThenStart);
      let near = pool.get(mask[slot]);
      if (!near) pool.set(mask[slot], (near = []));
      keepFirst(near, slot, PAIR_CANDIDATES_PER_MASK, (a, b) => index.km[a] - index.km[b] || index.service(a).id - index.service(b).id);
    }
  }
  const candidate = (slot: number): Candidate => ({ service: index.service(slot), mask: mask[slot], km: index.km[slot], start: index.start[slot], capacity: ctx.capacities.get(index.service(slot).id) });
  const describe = (slot: number) => toMatch(candidate(slot), codes, q, ctx, fromMs, nowMs);
  return {
    complete: complete.map(describe),
    pairs: pairsOf(pool, full, q.limit, index).map(([a, b]) => ({ services: [describe(a), describe(b)] as [NeedsMatch, NeedsMatch], distanceKm: round1(index.km[a] + index.km[b]) })),
    partial: partial.map(describe),
    considered,
    left,
  };
}

/** Keeps `list` the first `limit` in `order`, inserting `slot` if it belongs (limit is small: insertion is cheapest). */
function keepFirst(list: number[], slot: number, limit: number, order: (a: number, b: number) => number): void {
  if (list.length === limit && order(slot, list[limit - 1]) >= 0) return;
  let at = list.length;
  while (at > 0 && order(slot, list[at - 1]) < 0) at--;
  list.splice(at, 0, slot);
  if (list.length > limit) list.pop();
}

/** The first rule a nearby, active service fails (after distance), or null. */
function firstFailure(s: Service, q: NeedsQuery, capacity: Capacity | undefined, nowMs: number): 'red' | 'age' | 'practice' | 'area' | null {
  if (capacity && capacity.status === 'red' && capacity.resetAt.getTime() > nowMs) return 'red';
  const e = s.eligibility;
  if (q.ageDays !== null && (q.ageDays < e.ageFromDays || q.ageDays > e.ageToDays)) return 'age';
  if (e.registeredPractices.length && (!q.registeredPractice || !e.registeredPractices.includes(q.registeredPractice))) return 'practice';
  if (s.areas.limitedTo.length && (!q.areaCode || !s.areas.limitedTo.includes(q.areaCode))) return 'area';
  return null;
}

/**
 * Two services that together cover every need, neither covering them all alone: the nearest few of each
 * coverage are paired, the pair with the shorter total distance first.
 */
function pairsOf(pool: Map<number, number[]>, full: number, limit: number, index: NeedsIndex): [number, number][] {
  const masks = [...pool.keys()];
  const pairs: [number, number][] = [];
  for (let i = 0; i < masks.length; i++) {
    for (let j = i + 1; j < masks.length; j++) {
      if ((masks[i] | masks[j]) !== full) continue;
      for (const a of pool.get(masks[i])!) {
        for (const b of pool.get(masks[j])!) pairs.push(index.km[a] <= index.km[b] ? [a, b] : [b, a]);
      }
    }
  }
  const total = (p: [number, number]) => index.km[p[0]] + index.km[p[1]];
  return pairs.sort((x, y) => total(x) - total(y) || index.service(x[0]).id - index.service(y[0]).id).slice(0, limit);
}

function toMatch(c: Candidate, codes: string[], q: NeedsQuery, ctx: NeedsContext, fromMs: number, nowMs: number): NeedsMatch {
  const s = c.service;
  const openNow = c.start <= fromMs;
  const covers: NeedsMatch['covers'] = [];
  const missing: string[] = [];
  for (const need of q.needs) {
    const bit = codes.indexOf(need.capability.code);
    if (c.mask & (1 << bit)) covers.push({ need: need.need, code: need.capability.code, where: s.capabilities.find((x) => x.code === need.capability.code)!.where });
    else missing.push(need.need);
  }
  const capacity = c.capacity && c.capacity.resetAt.getTime() > nowMs ? { status: c.capacity.status, reason: c.capacity.reason } : { status: 'green' as const, reason: null };
  const youMayRefer = q.referralRole !== null && s.referralRoles.includes(q.referralRole);
  return {
    serviceId: s.id,
    name: s.name,
    typeName: ctx.typeName(s.typeId),
    organisationId: s.organisationId,
    distanceKm: round1(c.km),
    covers,
    missing,
    openNow,
    opensAt: openNow ? null : new Date(c.start),
    closesAt: openNow ? nextClosing(s.openingTimes, s.nation, q.window.from, ctx.calendar) : null,
    capacity,
    referralRoles: s.referralRoles,
    youMayRefer,
    referNote: youMayRefer ? null : q.referralRole === null ? 'you do not refer by need (call handlers refer from a case)' : `takes referrals from ${s.referralRoles.join(', ')} only`,
    referralEndpoints: s.referralEndpoints,
    professionalPhone: s.contacts.professionalPhone ?? null,
    access: [...accessReasons(s.access)],
  };
}

function popcount(n: number): number {
  let count = 0;
  for (let x = n; x; x &= x - 1) count++;
  return count;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
