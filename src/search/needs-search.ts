// The search by need (issue 16), pure: which services near the patient can do what the patient needs,
// when it is needed, grouped by how fully each service — or two together — covers the needs. It reads
// the NeedsIndex (services by capability, kept in step with the directory by the search service) and
// the capacity statuses the directory index keeps; no I/O.
import type { BankHolidayLookup } from '../directory/opening-hours';
import { nextClosing, nextOpening } from '../directory/opening-hours';
import { DAY, instantOn, localDay, localDayAt } from '../directory/local-time';
import type { ReferralRole, Service, ServiceCapability } from '../directory/model';
import { distanceKm } from '../geo/distance';
import { accessReasons } from './index';
import type { Capacity } from './model';
import type { NeedsWhenWord } from './needs-model';
import type { MatchedNeed } from '../directory/needs-matcher';

/** Services by the capability codes they list; updated as services change. */
export class NeedsIndex {
  private readonly byCode = new Map<string, Service[]>();
  private readonly codesOf = new Map<number, readonly string[]>();

  constructor(services: Iterable<Service>) {
    for (const s of services) this.upsert(s);
  }

  upsert(service: Service): void {
    this.remove(service.id);
    const codes = (service.capabilities ?? []).map((c) => c.code);
    if (!codes.length) return;
    this.codesOf.set(service.id, codes);
    for (const code of codes) {
      let list = this.byCode.get(code);
      if (!list) this.byCode.set(code, (list = []));
      list.push(service);
    }
  }

  remove(id: number): void {
    const codes = this.codesOf.get(id);
    if (!codes) return;
    this.codesOf.delete(id);
    for (const code of codes) {
      const list = this.byCode.get(code)!;
      const at = list.findIndex((s) => s.id === id);
      if (at >= 0) list.splice(at, 1);
    }
  }

  withCapability(code: string): readonly Service[] {
    return this.byCode.get(code) ?? [];
  }

  /** Services that list any capability. */
  get size(): number {
    return this.codesOf.size;
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

/** Pairs are made from the nearest few services of each coverage, so a city's thousands stay cheap. */
const PAIR_CANDIDATES_PER_MASK = 4;

export function searchByNeeds(index: NeedsIndex, ctx: NeedsContext, q: NeedsQuery): NeedsOutcome {
  const codes = [...new Set(q.needs.map((n) => n.capability.code))];
  const full = (1 << codes.length) - 1;
  const left = { closed: 0, red: 0, age: 0, practice: 0, area: 0 };
  const seen = new Map<number, Candidate | null>();
  const nowMs = q.now.getTime();
  const fromMs = q.window.from.getTime();
  const toMs = q.window.to.getTime();
  const horizonDays = Math.max(1 / 24, (toMs - fromMs) / DAY);
  let considered = 0;

  codes.forEach((code, bit) => {
    for (const s of index.withCapability(code)) {
      const known = seen.get(s.id);
      if (known !== undefined) {
        if (known) known.mask |= 1 << bit;
        continue;
      }
      if (s.status !== 'active') {
        seen.set(s.id, null);
        continue;
      }
      const km = distanceKm(q.lat, q.lon, s.lat, s.lon);
      if (km > q.distanceKm) {
        seen.set(s.id, null);
        continue;
      }
      considered++;
      const reason = firstFailure(s, q, ctx.capacities.get(s.id), nowMs);
      if (reason) {
        left[reason]++;
        seen.set(s.id, null);
        continue;
      }
      const opens = nextOpening(s.openingTimes, s.nation, q.window.from, ctx.calendar, horizonDays);
      if (!opens || opens.getTime() >= toMs) {
        left.closed++;
        seen.set(s.id, null);
        continue;
      }
      seen.set(s.id, { service: s, mask: 1 << bit, km, start: opens.getTime(), capacity: ctx.capacities.get(s.id) });
    }
  });

  const candidates = [...seen.values()].filter((c): c is Candidate => c !== null);
  const byStartThenDistance = (a: Candidate, b: Candidate) => a.start - b.start || a.km - b.km || a.service.id - b.service.id;
  const describe = (c: Candidate) => toMatch(c, codes, q, ctx, fromMs, nowMs);

  const complete = candidates.filter((c) => c.mask === full).sort(byStartThenDistance);
  const some = candidates.filter((c) => c.mask !== full);
  const partial = [...some].sort((a, b) => popcount(b.mask) - popcount(a.mask) || byStartThenDistance(a, b));
  return {
    complete: complete.slice(0, q.limit).map(describe),
    pairs: pairsOf(some, full, q.limit).map(([a, b]) => ({ services: [describe(a), describe(b)] as [NeedsMatch, NeedsMatch], distanceKm: round1(a.km + b.km) })),
    partial: partial.slice(0, q.limit).map(describe),
    considered,
    left,
  };
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
function pairsOf(some: Candidate[], full: number, limit: number): [Candidate, Candidate][] {
  const byMask = new Map<number, Candidate[]>();
  for (const c of [...some].sort((a, b) => a.km - b.km)) {
    const list = byMask.get(c.mask) ?? [];
    if (list.length < PAIR_CANDIDATES_PER_MASK) list.push(c);
    byMask.set(c.mask, list);
  }
  const masks = [...byMask.keys()];
  const pairs: [Candidate, Candidate][] = [];
  for (let i = 0; i < masks.length; i++) {
    for (let j = i; j < masks.length; j++) {
      if ((masks[i] | masks[j]) !== full) continue;
      for (const a of byMask.get(masks[i])!) {
        for (const b of byMask.get(masks[j])!) {
          if (a.service.id < b.service.id || (i !== j && a.service.id !== b.service.id)) pairs.push(a.km <= b.km ? [a, b] : [b, a]);
        }
      }
    }
  }
  return pairs.sort((x, y) => x[0].km + x[1].km - (y[0].km + y[1].km) || x[0].service.id - y[0].service.id).slice(0, limit);
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
    referNote: youMayRefer ? null : q.referralRole === null ? 'you do not refer patients' : `takes referrals from ${s.referralRoles.join(', ')} only`,
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
