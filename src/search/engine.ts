// Why this file exists: the directory search itself — two filters, gaps, ordering, per-type limits
// and the catch-all — exactly as shared/reference/directory-search.md states them, over the
// in-memory `DirectoryIndex`. Pure: no clock (the query carries the time), no I/O.
//
// Hot path. The symptom group's grid yields exactly the services profiled for it near the patient;
// each is checked against the first filter and then the second-filter rules with array reads only,
// collected as failure bits (a service failing one rule is a gap, two or more is not). Opening
// times — the dear rule — and age are evaluated once per distinct profile per search (`SearchClock`
// holds the local days; timetables are memoised too). Passing services go into a top-N buffer per
// service type; Service objects are touched only for results.
import { wholeMonths, wholeYears } from '../directory/age';
import type { ReferralRole } from '../directory/model';
import { isOpenAt, nextClosing, nextOpening } from '../directory/opening-hours';
import { distanceKm as haversineKm } from '../geo/distance';
import { CELL_AREAS, CELL_LAT, CELL_LON, CELL_PRACTICES, E_LAT, E_LON, E_MASKS, E_META, S_BOTH, S_FEMALE, S_FLAGS, S_MALE, S_TYPES, type Entries, type Grid } from './grid';
import { fitSpell, NATIONS, SearchClock } from './hours';
import { M_ACTIVE, M_AREAS, M_FEMALE, M_LIMITED, M_LIVE, M_MALE, M_PRACTICES, M_PROFILE_SHIFT, M_RED, M_ROLE_SHIFT, type DirectoryIndex, type GroupIndex } from './index';
import { localTimeFrom } from '../directory/local-time';
import { RESULT_SOURCE } from './reply';
import { explainWords } from './explain-words';
import { queryNation, type Capacity, type Exclusion, type ExclusionRule, type Gap, type GapRule, type ResultCapacity, type SearchOutcome, type SearchQuery, type SearchResult, type Tier } from './model';
import { CLOSING_MARGIN_MS, describeTimeframe, windowEndMs } from './window';

const RAD = Math.PI / 180;
const KM_PER_DEG = 6371.0088 * RAD;
/** Relative error allowed to the fast distance before the haversine decides. */
const BAND = 2e-3;
export const CATCH_ALL_KM = 60;
const CATCH_ALL_COUNT = 2;

const RULE_CAPACITY = 1;
const RULE_DISCRIMINATOR = 2;
const RULE_DISPOSITION = 3;
const RULE_ROLE = 4;
const RULE_AGE = 5;
const RULE_OPENING = 6;
const RULE_AREA = 7;
const RULE_NAMES: readonly GapRule[] = ['capacity', 'capacity', 'discriminator', 'disposition', 'referral-role', 'age', 'opening', 'area'];
// The hot loop collects the failed rules as bits (1 << rule): one test then drops a service that
// fails two or more, and one more one that fails any and lies beyond the gaps kept.
const FAIL_CAPACITY = 1 << RULE_CAPACITY;
const FAIL_DISCRIMINATOR = 1 << RULE_DISCRIMINATOR;
const FAIL_DISPOSITION = 1 << RULE_DISPOSITION;
const FAIL_ROLE = 1 << RULE_ROLE;
const FAIL_AGE = 1 << RULE_AGE;
const FAIL_OPENING = 1 << RULE_OPENING;
const FAIL_AREA = 1 << RULE_AREA;

const TIER_OWN = 0;
const TIER_COMMISSIONED = 1;
const TIER_OTHER = 2;
const TIER_PROMOTED = 3;
const TIER_NAMES: readonly Tier[] = ['own-gp', 'commissioned', 'other', 'promoted'];
/** A kept result's key is tier × TIER_KEY + squared km: by tier, then distance (squared km < TIER_KEY). */
const TIER_KEY = 1e7;
const NO_TYPES = new Int32Array(0);

/** Per-index buffers reused by every search (searches are synchronous, so one set suffices). */
interface Scratch {
  stamp: number;
  hoursStamp: Uint32Array;
  hoursPass: Uint8Array;
  /** per profile seen this search (`profileStamp`): its failures of the disposition, age and opening rules */
  profileStamp: Uint32Array;
  profileFail: Uint8Array;
  /** per type: the worst kept key once its top-N is full (a farther service cannot enter), else Infinity */
  typeWorst: Float64Array;
  typeStamp: Uint32Array;
  typeCount: Int32Array;
  /** K entries per type */
  k: number;
  topSlot: Int32Array;
  topKey: Float64Array;
  topTier: Int8Array;
  rank: Int32Array;
  /** the requested discriminators' bits in the group, as the entries store their masks (int32 words) */
  qmask: Int32Array;
  /** gaps of the current search: service id × 8 + rule (keeping the nearest: slot × 8 + rule) */
  gapCode: Float64Array;
  /** per gap: the requested discriminator bits the entry lacks (one-word groups) */
  gapMiss: Int32Array;
  /** per gap: squared distance from the patient in km (only the order is used) */
  gapD2: Float64Array;
  /**
   * [0] the current entry's squared km, handed to `accept`/`addGap`/`exact` through memory: a double
   * passed to or returned from a call that is not inlined is boxed, thousands of allocations a search;
   * [1] the squared km a gap must be nearer than to be kept (Infinity until enough are kept).
   */
  num: Float64Array;
  /** the entry ranges of one scan: [start, end, RANGE_* mode] each */
  ranges: Int32Array;
}

const scratches = new WeakMap<DirectoryIndex, Scratch>();

function scratchFor(index: DirectoryIndex): Scratch {
  let s = scratches.get(index);
  const types = index.typeIds.length;
  const hkeys = index.hours.length * 3;
  let k = 1;
  for (const m of index.typeMaxResults) if (m > k) k = m;
  if (!s || s.typeStamp.length < types || s.k < k) {
    s = {
      stamp: 0,
      hoursStamp: new Uint32Array(Math.max(hkeys, 64)),
      hoursPass: new Uint8Array(Math.max(hkeys, 64)),
      profileStamp: new Uint32Array(64),
      profileFail: new Uint8Array(64),
      typeWorst: new Float64Array(types + 8),
      typeStamp: new Uint32Array(types + 8),
      typeCount: new Int32Array(types + 8),
      k,
      topSlot: new Int32Array((types + 8) * k),
      topKey: new Float64Array((types + 8) * k),
      topTier: new Int8Array((types + 8) * k),
      rank: new Int32Array(types + 8),
      qmask: new Int32Array(8),
      gapCode: new Float64Array(4096),
      gapMiss: new Int32Array(4096),
      gapD2: new Float64Array(4096),
      num: new Float64Array(2),
      ranges: new Int32Array(3 * 256),
    };
    scratches.set(index, s);
  }
  if (s.profileStamp.length < index.profileCount) {
    s.profileStamp = new Uint32Array(index.profileCount * 2);
    s.profileFail = new Uint8Array(index.profileCount * 2);
  }
  s.typeWorst.fill(Infinity);
  if (s.hoursStamp.length < hkeys) {
    s.hoursStamp = new Uint32Array(hkeys * 2);
    s.hoursPass = new Uint8Array(hkeys * 2);
  }
  s.stamp = (s.stamp + 1) >>> 0;
  if (s.stamp === 0) {
    s.hoursStamp.fill(0);
    s.profileStamp.fill(0);
    s.typeStamp.fill(0);
    s.stamp = 1;
  }
  return s;
}

function growGaps(sc: Scratch, size: number): void {
  const grow = <T extends Float64Array | Int32Array>(old: T, made: T): T => {
    made.set(old);
    return made;
  };
  sc.gapCode = grow(sc.gapCode, new Float64Array(size));
  sc.gapMiss = grow(sc.gapMiss, new Int32Array(size));
  sc.gapD2 = grow(sc.gapD2, new Float64Array(size));
}

function includes(list: Int32Array | null, id: number): boolean {
  if (list === null) return false;
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}

/** One search's prepared query and state. The hot loop is `scanEntries`; the rest are rare paths. */
class Scan {
  considered = 0;
  /** gaps found so far (in `scratch.gapCode` / `gapMiss`) */
  gapCount = 0;
  /** gap index → detail, for details that depend on the service (capacity reason, many-word groups) */
  gapSpecial: Map<number, string> | null = null;
  readonly atMs: number;
  readonly endMs: number;
  readonly km: number;
  readonly qlat: number;
  readonly qlon: number;
  readonly cosQ: number;
  readonly sinQ: number;
  readonly r2hi: number;
  readonly r2lo: number;
  /** meta bits an entry needs for the first filter: live, active and the sexes asked for */
  readonly firstNeed: number;
  readonly roleBit: number;
  readonly dxWord: number;
  readonly dxMask: number;
  /** the service types with a profile accepting the disposition (bit set by type index) */
  readonly acceptingTypes: Int32Array;
  readonly age: number;
  readonly areaId: number;
  readonly practice: string | null;
  /** how many of the nearest gaps to keep; -1: all */
  readonly keepGaps: number;
  /** 0: one-word discriminator mask `q0`; 1: a requested discriminator is unknown in the group; 2: several words */
  sdMode = 1;
  q0 = 0;
  words = 0;
  /** the symptom group's index at search time (its discriminator bits name the missing ones) */
  group: GroupIndex | null = null;
  private readonly detailCache = new Map<string, string>();

  constructor(
    readonly index: DirectoryIndex,
    readonly q: SearchQuery,
    readonly clock: SearchClock,
    readonly scratch: Scratch,
  ) {
    this.atMs = q.at.getTime();
    this.endMs = windowEndMs(this.atMs, q.disposition.timeframe, index.calendar, queryNation(q));
    this.km = q.distanceKm;
    this.qlat = q.lat;
    this.qlon = q.lon;
    this.cosQ = Math.cos(q.lat * RAD);
    this.sinQ = Math.sin(q.lat * RAD);
    this.r2hi = (q.distanceKm * (1 + BAND)) ** 2;
    this.r2lo = (q.distanceKm * (1 - BAND)) ** 2;
    this.firstNeed = M_LIVE | M_ACTIVE | (q.sex === 'female' ? M_FEMALE : q.sex === 'male' ? M_MALE : M_FEMALE | M_MALE);
    this.roleBit = 1 << (M_ROLE_SHIFT + roleIndex(q.referralRole));
    const bit = index.dxBits.get(q.disposition.code);
    this.dxWord = bit === undefined ? -1 : bit >> 5;
    this.dxMask = bit === undefined ? 0 : 1 << (bit & 31);
    this.acceptingTypes = bit === undefined ? NO_TYPES : index.typesAccepting(bit);
    this.age = q.ageDays;
    this.areaId = q.areaCode === null ? -1 : (index.areaIdOf(q.areaCode) ?? -2);
    this.practice = q.registeredPractice;
    this.keepGaps = q.keepGaps === undefined ? -1 : Math.max(0, Math.floor(q.keepGaps));
    if (this.keepGaps > scratch.gapCode.length) growGaps(scratch, this.keepGaps);
    scratch.num[1] = this.keepGaps === 0 ? -Infinity : Infinity;
  }

  /** Squared km from the query point if within the search distance, else -1 (exact, slow). */
  dist2(lat: number, lon: number): number {
    const dLat = lat - this.qlat;
    const y = dLat * KM_PER_DEG;
    const x = (lon - this.qlon) * KM_PER_DEG * (this.cosQ - this.sinQ * dLat * RAD * 0.5);
    const d2 = x * x + y * y;
    if (d2 > this.r2hi) return -1;
    if (d2 > this.r2lo) {
      const d = haversineKm(this.qlat, this.qlon, lat, lon);
      return d > this.km ? -1 : d * d;
    }
    return d2;
  }

  /** Near the boundary: the haversine distance decides (inside: its square in `num[0]`). */
  exact(slot: number): boolean {
    const d = haversineKm(this.qlat, this.qlon, this.index.lat[slot], this.index.lon[slot]);
    this.scratch.num[0] = d * d;
    return d <= this.km;
  }

  practiceOk(slot: number): boolean {
    return this.practice !== null && this.index.practices[slot]!.has(this.practice);
  }

  /** Rule 7 passes: not limited, or limited to (or promoted into) the patient's area. */
  areaAllowed(slot: number): boolean {
    const ix = this.index;
    if (!(ix.meta[slot] & M_LIMITED)) return true;
    return this.areaId >= 0 && (includes(ix.limited[slot], this.areaId) || includes(ix.promoted[slot], this.areaId));
  }

  /** Rule 6 for a timetable key, memoised for this search. */
  evalHours(hk: number): boolean {
    const ok = fitSpell(this.clock, this.index.hours[(hk / 3) | 0], hk % 3, this.endMs, false);
    this.scratch.hoursStamp[hk] = this.scratch.stamp;
    this.scratch.hoursPass[hk] = ok ? 1 : 0;
    return ok;
  }

  /**
   * Whether no service of a cell can be a result or a kept gap, its nearest possible squared km being
   * `near2` (see addCells).
   */
  cellPassable(grid: Grid, cell: number, near2: number): boolean {
    const at = cell * grid.summaryStride;
    const flags = grid.cells[at + S_FLAGS];
    if ((flags & CELL_PRACTICES) !== 0 || near2 < this.scratch.num[1]) return false;
    // The best key a result from this cell could have: "other" is the only tier possible without a
    // registered practice and without area lists (or a known area).
    const best = this.practice === null && ((flags & CELL_AREAS) === 0 || this.areaId < 0) ? TIER_OTHER * TIER_KEY + near2 : near2;
    const worst = this.scratch.typeWorst;
    const accepting = this.acceptingTypes;
    const words = Math.min(grid.summaryStride - S_TYPES, accepting.length);
    for (let w = 0; w < words; w++) {
      let open = grid.cells[at + S_TYPES + w] & accepting[w];
      while (open !== 0) {
        const low = open & -open;
        if (!(worst[w * 32 + 31 - Math.clz32(low)] < best)) return false;
        open ^= low;
      }
    }
    return true;
  }

  /** The disposition, age and opening rules for a profile, memoised for this search. */
  evalProfile(p: number): void {
    const ix = this.index;
    const sc = this.scratch;
    const hk = ix.profileHkey[p];
    const opens = sc.hoursStamp[hk] === sc.stamp ? sc.hoursPass[hk] === 1 : this.evalHours(hk);
    const age = ix.profileAge[p];
    const ageOk = this.age >= (age & 0xffff) && this.age <= age >>> 16;
    sc.profileStamp[p] = sc.stamp;
    const dxOk = this.dxWord >= 0 && (ix.dxSetBits[ix.profileDxSet[p] * ix.dxWords + this.dxWord] & this.dxMask) !== 0;
    sc.profileFail[p] = (opens ? 0 : FAIL_OPENING) | (ageOk ? 0 : FAIL_AGE) | (dxOk ? 0 : FAIL_DISPOSITION);
  }

  opens(slot: number): boolean {
    const hk = this.index.hkey[slot];
    const sc = this.scratch;
    return sc.hoursStamp[hk] === sc.stamp ? sc.hoursPass[hk] === 1 : this.evalHours(hk);
  }

  sdMulti(masks: Int32Array, off: number): boolean {
    const q = this.scratch.qmask;
    for (let w = 0; w < this.words; w++) {
      const m = q[w];
      if ((masks[off + w] & m) !== m) return false;
    }
    return true;
  }

  /** A service that failed exactly one rule, `num[0]` squared km away. */
  addGap(slot: number, rule: number, miss: number): void {
    const sc = this.scratch;
    const d2 = sc.num[0];
    if (this.keepGaps >= 0) return this.keepNearGap(slot, rule, miss, d2);
    const g = this.gapCount++;
    if (g === sc.gapCode.length) growGaps(sc, g * 2);
    sc.gapCode[g] = this.index.ids[slot] * 8 + rule;
    sc.gapMiss[g] = miss;
    sc.gapD2[g] = d2;
    if (rule === RULE_CAPACITY || (rule === RULE_DISCRIMINATOR && this.words > 1)) (this.gapSpecial ??= new Map()).set(g, this.gapDetail(rule, slot, miss));
  }

  /** Bounded insertion, nearest first: most gaps are farther than the kept ones and cost one comparison. */
  private keepNearGap(slot: number, rule: number, miss: number, d2: number): void {
    const sc = this.scratch;
    const k = this.keepGaps;
    const dist = sc.gapD2;
    let n = this.gapCount;
    if (n === k) {
      if (k === 0 || d2 >= dist[k - 1]) return;
      n--;
    } else this.gapCount = n + 1;
    let i = n;
    while (i > 0 && dist[i - 1] > d2) {
      sc.gapCode[i] = sc.gapCode[i - 1];
      sc.gapMiss[i] = sc.gapMiss[i - 1];
      dist[i] = dist[i - 1];
      i--;
    }
    // The slot, not the id: the id is read only for the gaps kept in the end.
    sc.gapCode[i] = slot * 8 + rule;
    sc.gapMiss[i] = miss;
    dist[i] = d2;
    if (this.gapCount === k) sc.num[1] = dist[k - 1];
  }

  /**
   * The gaps leave the shared buffers as one exact-size in-heap array (later searches reuse the
   * buffers; small typed arrays per search would push V8 into full collections). The Gap objects
   * are made from it on first read: a search near a city can find thousands, and not every caller
   * reads them.
   */
  gapReader(): { all(): Gap[]; nearest(k: number): Gap[] } {
    const n = this.gapCount;
    if (n === 0) return { all: () => [], nearest: () => [] };
    const sc = this.scratch;
    if (this.keepGaps >= 0) {
      // Already the nearest, in order; few enough to make now, while the slots are valid. Only the
      // capacity and discriminator details can differ between services failing the same rule.
      const byRule: (string | undefined)[] = [];
      const kept = Array.from({ length: n }, (_, g): Gap => {
        const code = sc.gapCode[g];
        const rule = code % 8;
        const perService = rule === RULE_CAPACITY || rule === RULE_DISCRIMINATOR;
        const slot = (code - rule) / 8;
        const detail = perService ? this.gapDetail(rule, slot, sc.gapMiss[g]) : (byRule[rule] ??= this.gapDetail(rule, -1, 0));
        return { serviceId: this.index.ids[slot], rule: RULE_NAMES[rule], detail };
      });
      return { all: () => kept, nearest: (k: number) => kept.slice(0, k) };
    }
    // codes, for discriminator gaps the missing bits, and squared distances: [code…, miss…, d2…]
    const data: number[] = new Array(3 * n);
    for (let g = 0; g < n; g++) {
      data[g] = sc.gapCode[g];
      data[n + g] = sc.gapMiss[g];
      data[2 * n + g] = sc.gapD2[g];
    }
    const special = this.gapSpecial;
    const details: (string | undefined)[] = [];
    let sdMiss = -1;
    let sdDetail = '';
    const make = (g: number): Gap => {
      const code = data[g];
      const rule = code % 8;
      let detail: string;
      if (special !== null && special.has(g)) detail = special.get(g)!;
      else if (rule === RULE_DISCRIMINATOR) {
        const miss = data[n + g];
        if (miss !== sdMiss) {
          sdMiss = miss;
          sdDetail = this.gapDetail(rule, -1, miss);
        }
        detail = sdDetail;
      } else detail = details[rule] ?? (details[rule] = this.gapDetail(rule, -1, 0));
      return { serviceId: (code - rule) / 8, rule: RULE_NAMES[rule], detail };
    };
    return {
      all: () => Array.from({ length: n }, (_, g) => make(g)),
      // The k nearest by a bounded insertion over the distances: only k Gap objects are made.
      nearest: (k: number) => {
        const best: number[] = [];
        for (let g = 0; g < n; g++) {
          const d = data[2 * n + g];
          if (best.length === k && d >= data[2 * n + best[k - 1]]) continue;
          let i = best.length === k ? k - 1 : best.length;
          while (i > 0 && data[2 * n + best[i - 1]] > d) {
            best[i] = best[i - 1];
            i--;
          }
          best[i] = g;
        }
        return best.map(make);
      },
    };
  }

  tierOf(slot: number, meta: number): number {
    const ix = this.index;
    if (this.practice !== null && ix.ods[slot] === this.practice) return TIER_OWN;
    if (!(meta & M_AREAS) || this.areaId < 0) return TIER_OTHER;
    if (includes(ix.commissioned[slot], this.areaId)) return TIER_COMMISSIONED;
    if (includes(ix.promoted[slot], this.areaId)) return TIER_PROMOTED;
    return TIER_OTHER;
  }

  /** Keeps the best `maxResults` of each type `t` by (tier, distance, id); `num[0]` is the squared km. */
  accept(slot: number, meta: number, t: number): void {
    const ix = this.index;
    const sc = this.scratch;
    const d2 = sc.num[0];
    const topKey = sc.topKey;
    const topSlot = sc.topSlot;
    const topTier = sc.topTier;
    const base = t * sc.k;
    const max = ix.typeMaxResults[t];
    if (sc.typeStamp[t] !== sc.stamp) {
      sc.typeStamp[t] = sc.stamp;
      sc.typeCount[t] = 0;
    }
    let n = sc.typeCount[t];
    // Cheap reject before working out the tier: full of better ones even at the best tier.
    if (n === max && topKey[base + n - 1] < d2) return;
    const tier = this.tierOf(slot, meta);
    const key = tier * TIER_KEY + d2;
    const ids = ix.ids;
    const id = ids[slot];
    if (n === max) {
      const worst = base + n - 1;
      if (key > topKey[worst] || (key === topKey[worst] && id > ids[topSlot[worst]])) return;
      n--;
    }
    let i = base + n;
    while (i > base && (topKey[i - 1] > key || (topKey[i - 1] === key && ids[topSlot[i - 1]] > id))) {
      topKey[i] = topKey[i - 1];
      topSlot[i] = topSlot[i - 1];
      topTier[i] = topTier[i - 1];
      i--;
    }
    topKey[i] = key;
    topSlot[i] = slot;
    topTier[i] = tier;
    sc.typeCount[t] = n + 1;
    if (n + 1 === max) sc.typeWorst[t] = topKey[base + max - 1];
  }

  gapDetail(rule: number, slot: number, miss: number): string {
    const q = this.q;
    switch (rule) {
      case RULE_CAPACITY: {
        const reason = this.index.capacities.get(this.index.ids[slot])?.reason;
        return reason ? `capacity not red (red: ${reason})` : 'capacity not red';
      }
      case RULE_DISCRIMINATOR: {
        const missing = this.words <= 1 ? this.cached(`sd:${miss}`, () => this.missingOf(miss)) : this.missingFor(slot);
        return this.cached(`sd-detail:${missing}`, () => `profiled for SG ${q.symptomGroup} with SD ${missing}`);
      }
      case RULE_DISPOSITION:
        return `accepts ${q.disposition.code}`;
      case RULE_ROLE:
        return `takes referrals from a ${q.referralRole.replace('-', ' ')}`;
      case RULE_AGE:
        return `accepts age ${q.ageDays} days (${humanAge(q.ageDays)})`;
      case RULE_OPENING:
        return openingNeed(this.atMs, this.endMs);
      default:
        return q.areaCode === null ? 'offered without a known area' : `offered in area ${q.areaCode}`;
    }
  }

  private cached(key: string, make: () => string): string {
    let s = this.detailCache.get(key);
    if (s === undefined) this.detailCache.set(key, (s = make()));
    return s;
  }

  /** "14090, 14091": the requested discriminators unknown in the group or whose bits are in `miss` (one-word groups). */
  private missingOf(miss: number): string {
    const group = this.group!;
    return this.q.symptomDiscriminators.filter((sd) => {
      const bit = group.sdBits.get(sd);
      return bit === undefined || (miss & (1 << (bit & 31))) !== 0;
    }).join(', ');
  }

  /** The requested discriminators a service is not profiled for (any group size). */
  missingFor(slot: number): string {
    const pairs = this.index.svc[slot]!.coverage.symptoms;
    return this.q.symptomDiscriminators.filter((sd) => !pairs.some((p) => p.sg === this.q.symptomGroup && p.sd === sd)).join(', ');
  }
}

/** Adds entries [a, b) to the scan's ranges, to be scanned in a mode (RANGE_*). */
function addRange(sc: Scratch, count: number, a: number, b: number, mode: number): number {
  if (b <= a) return count;
  if (3 * count + 3 > sc.ranges.length) {
    const more = new Int32Array(sc.ranges.length * 2);
    more.set(sc.ranges);
    sc.ranges = more;
  }
  sc.ranges[3 * count] = a;
  sc.ranges[3 * count + 1] = b;
  sc.ranges[3 * count + 2] = mode;
  return count + 1;
}

/** Range modes: check each entry's distance / wholly inside the distance / only count those within. */
const RANGE_EDGE = 0;
const RANGE_INSIDE = 1;
const RANGE_COUNT = 2;

/**
 * The hot loop: the first `count` ranges of entries of a grid or overlay. Everything it needs is in
 * locals; only rare events (near the boundary, practice lists, area limits, an unseen profile, a
 * pass, a gap) call out.
 */
function scanEntries(st: Scan, E: Entries, ranges: Int32Array, count: number): void {
  const ix = st.index;
  const data = E.data;
  const coords = E.coords;
  const eslot = E.slot;
  const stride = E.stride;
  const capReset = ix.capReset;
  const sc = st.scratch;
  const pStamp = sc.profileStamp;
  const pFail = sc.profileFail;
  const pType = ix.profileType;
  const typeWorst = sc.typeWorst;
  const num = sc.num;
  const stamp = sc.stamp;
  const qlat = st.qlat;
  const qlon = st.qlon;
  const kx0 = KM_PER_DEG * st.cosQ;
  const kx1 = KM_PER_DEG * st.sinQ * RAD * 0.5;
  const r2hi = st.r2hi;
  const r2lo = st.r2lo;
  const need = st.firstNeed;
  // shifts the query's referral-role bit of `~meta` onto FAIL_ROLE
  const roleShift = M_ROLE_SHIFT + roleIndex(st.q.referralRole) - RULE_ROLE;
  const sdMode = st.sdMode;
  const q0 = st.q0;
  const atMs = st.atMs;
  // Without a registered practice or a known area, a service without area lists can only be "other".
  const otherKey = st.practice === null ? TIER_OTHER * TIER_KEY : 0;
  const areaKnown = st.areaId >= 0;
  let considered = 0;
  // One call for all of a search's ranges: the set-up above is done once, not once per grid row.
  for (let range = 0; range < count; range++) {
    const a = ranges[3 * range];
    const b = ranges[3 * range + 1];
    const mode = ranges[3 * range + 2];
    const inside = mode === RANGE_INSIDE;
    const countOnly = mode === RANGE_COUNT;
    for (let i = a, o = a * stride; i < b; i++, o += stride) {
      const dLat = coords[o + E_LAT] - qlat;
      const y = dLat * KM_PER_DEG;
      const x = (coords[o + E_LON] - qlon) * (kx0 - kx1 * dLat);
      let d2 = x * x + y * y;
      if (!inside && d2 > r2hi) continue;
      const meta = data[o + E_META];
      if ((meta & need) !== need) continue;
      if (!inside && d2 > r2lo) {
        if (!st.exact(eslot[i])) continue;
        d2 = num[0];
      }
      if ((meta & M_PRACTICES) !== 0 && !st.practiceOk(eslot[i])) continue;
      considered++;
      if (countOnly) continue;
      // Second filter, the common rules at once as failure bits (see FAIL_*); a service failing two
      // or more is neither a result nor a gap.
      const profile = meta >>> M_PROFILE_SHIFT;
      if (pStamp[profile] !== stamp) st.evalProfile(profile);
      let sdFail = FAIL_DISCRIMINATOR;
      if (sdMode === 0) {
        const lacks = (data[o + E_MASKS] & q0) ^ q0;
        sdFail = ((lacks | -lacks) >>> 31) << RULE_DISCRIMINATOR;
      } else if (sdMode === 2 && st.sdMulti(data, o + E_MASKS)) sdFail = 0;
      let why = sdFail | ((~meta >>> roleShift) & FAIL_ROLE) | pFail[profile];
      // Most services fail some rule and lie beyond the gaps kept so far: one predictable test drops
      // them. Of the rest, two failed rules drop a service.
      if (why !== 0 && d2 >= num[1]) continue;
      if ((why & (why - 1)) !== 0) continue;
      // The rare rules: red capacity (until it expires) and area limits.
      if ((meta & M_RED) !== 0 && capReset[eslot[i]] > atMs) why |= FAIL_CAPACITY;
      if ((meta & M_LIMITED) !== 0 && !st.areaAllowed(eslot[i])) why |= FAIL_AREA;
      if (why !== 0 && (d2 >= num[1] || (why & (why - 1)) !== 0)) continue;
      if (why === 0) {
        // Its type already holds enough better results (even at the best tier it could have).
        const t = pType[profile];
        if (typeWorst[t] < ((meta & M_AREAS) === 0 || !areaKnown ? otherKey + d2 : d2)) continue;
        num[0] = d2;
        st.accept(eslot[i], meta, t);
      } else {
        num[0] = d2;
        st.addGap(eslot[i], 31 - Math.clz32(why), sdFail === 0 ? 0 : q0 & ~data[o + E_MASKS]);
      }
    }
  }
  st.considered += considered;
}

function roleIndex(role: ReferralRole): number {
  switch (role) {
    case 'call-handler':
      return 0;
    case 'clinician':
      return 1;
    case 'provider':
      return 2;
    case 'patient':
      return 3;
  }
}

function humanAge(days: number): string {
  if (days >= 730) return `${wholeYears(days)} years`;
  if (days >= 61) return `${wholeMonths(days)} months`;
  return `${days} days`;
}

function openingNeed(atMs: number, endMs: number): string {
  return `open between ${localTimeFrom(atMs, atMs)} and ${localTimeFrom(endMs, atMs)}, not closing before ${localTimeFrom(atMs + CLOSING_MARGIN_MS, atMs)}`;
}

/** Margin for the nearest a service in a cell can be (km): entry coordinates are float32. */
const CELL_NEAR_MARGIN_KM = 0.005;

/**
 * Adds the cells [from, to] of grid row `r` to the ranges in `mode` (RANGE_EDGE or RANGE_INSIDE) —
 * except the cells whose services can be neither results nor kept gaps: nearer than none of them is
 * the twentieth kept gap, none is for certain practices' patients only, and every type in the cell
 * that accepts the disposition already holds its results, all better. Their services are only
 * `considered`: wholly inside, the cell summary counts them; on the edge, the scan only counts them.
 */
function addCells(scan: Scan, grid: Grid, count: number, r: number, from: number, to: number, mode: number, nearKm: number, narrowest: number): number {
  const sc = scan.scratch;
  const start = grid.cellStart;
  const row = r * grid.cols;
  // With every gap kept (explain), no cell can be passed over.
  if (scan.keepGaps < 0) return addRange(sc, count, start[row + from], start[row + to + 1], mode);
  const dy = Math.max(0, nearKm - CELL_NEAR_MARGIN_KM);
  const sexes = scan.firstNeed & (M_FEMALE | M_MALE);
  const countAt = sexes === M_FEMALE ? S_FEMALE : sexes === M_MALE ? S_MALE : S_BOTH;
  let run = from;
  for (let c = from; c <= to; c++) {
    const cell = row + c;
    if (start[cell + 1] === start[cell]) continue;
    const west = (grid.col0 + c) * CELL_LON - scan.qlon;
    const dx = Math.max(0, (west > 0 ? west : west + CELL_LON < 0 ? -(west + CELL_LON) : 0) * narrowest - CELL_NEAR_MARGIN_KM);
    if (!scan.cellPassable(grid, cell, dy * dy + dx * dx)) continue;
    count = addRange(sc, count, start[row + run], start[cell], mode);
    if (mode === RANGE_INSIDE) scan.considered += grid.cells[cell * grid.summaryStride + countAt];
    else count = addRange(sc, count, start[cell], start[cell + 1], RANGE_COUNT);
    run = c + 1;
  }
  return addRange(sc, count, start[row + run], start[row + to + 1], mode);
}

/** Scans the entries of a group (grid + overlay) in the box around the query point. */
function scanGroup(scan: Scan, group: GroupIndex): void {
  const grid = group.grid;
  const sc = scan.scratch;
  let n = 0;
  if (grid.size > 0) {
    const km = scan.km * (1 + BAND);
    const dLat = km / KM_PER_DEG;
    const maxLat = Math.min(89, Math.abs(scan.qlat) + dLat);
    const dLon = Math.min(180, km / (KM_PER_DEG * Math.cos(maxLat * RAD)));
    const rLo = Math.floor((scan.qlat - dLat) / CELL_LAT) - grid.row0;
    const rHi = Math.floor((scan.qlat + dLat) / CELL_LAT) - grid.row0;
    const cLo = Math.floor((scan.qlon - dLon) / CELL_LON) - grid.col0;
    const cHi = Math.floor((scan.qlon + dLon) / CELL_LON) - grid.col0;
    if (rHi >= 0 && rLo < grid.rows && cHi >= 0 && cLo < grid.cols) {
      const r0 = rLo < 0 ? 0 : rLo;
      const r1 = rHi >= grid.rows ? grid.rows - 1 : rHi;
      const c0 = cLo < 0 ? 0 : cLo;
      const c1 = cHi >= grid.cols ? grid.cols - 1 : cHi;
      // Cells wholly inside the circle (with a margin) need no distance check: per row, the
      // columns [i0, i1] between two runs of boundary cells.
      const rIn = scan.km * (1 - BAND) * 0.995;
      const kx0 = KM_PER_DEG * scan.cosQ;
      const kx1 = KM_PER_DEG * scan.sinQ * RAD * 0.5;
      // Rows from the patient's outwards: the nearest gaps are kept early, and the farther services
      // then stop at their first failed rule.
      const rq = Math.min(r1, Math.max(r0, Math.floor(scan.qlat / CELL_LAT) - grid.row0));
      for (let step = 0, steps = 2 * (r1 - r0) + 1; step < steps; step++) {
        const r = step % 2 === 0 ? rq + step / 2 : rq - (step + 1) / 2;
        if (r < r0 || r > r1) continue;
        const latA = (grid.row0 + r) * CELL_LAT - scan.qlat;
        const latB = latA + CELL_LAT;
        // Only the columns the circle reaches in this row (the box's corners hold a fifth of its area).
        const near = latA <= 0 && latB >= 0 ? 0 : Math.min(Math.abs(latA), Math.abs(latB)) * KM_PER_DEG;
        if (near > km) continue;
        const narrowest = Math.min(kx0 - kx1 * latA, kx0 - kx1 * latB);
        const reach = narrowest > 0 ? Math.sqrt(km * km - near * near) / narrowest : Infinity;
        const rowC0 = Math.max(c0, Math.floor((scan.qlon - reach) / CELL_LON) - grid.col0);
        const rowC1 = Math.min(c1, Math.floor((scan.qlon + reach) / CELL_LON) - grid.col0);
        if (rowC1 < rowC0) continue;
        const dy = Math.max(Math.abs(latA), Math.abs(latB)) * KM_PER_DEG;
        let i0 = rowC1 + 1;
        let i1 = rowC1;
        if (dy < rIn) {
          const factor = Math.max(kx0 - kx1 * latA, kx0 - kx1 * latB);
          const w = Math.sqrt(rIn * rIn - dy * dy) / factor;
          i0 = Math.max(rowC0, Math.ceil((scan.qlon - w) / CELL_LON) - grid.col0);
          i1 = Math.min(rowC1, Math.floor((scan.qlon + w) / CELL_LON) - 1 - grid.col0);
          if (i1 < i0) {
            i0 = rowC1 + 1;
            i1 = rowC1;
          }
        }
        // With every gap kept (explain), no cell can be passed over.
        if (i0 > rowC1) n = addCells(scan, grid, n, r, rowC0, rowC1, RANGE_EDGE, near, narrowest);
        else {
          n = addCells(scan, grid, n, r, rowC0, i0 - 1, RANGE_EDGE, near, narrowest);
          n = addCells(scan, grid, n, r, i0, i1, RANGE_INSIDE, near, narrowest);
          n = addCells(scan, grid, n, r, i1 + 1, rowC1, RANGE_EDGE, near, narrowest);
        }
        // Row by row: what a row keeps (gaps, results) lets the rows after it pass over whole cells.
        if (n > 0) scanEntries(scan, grid, sc.ranges, n);
        n = 0;
      }
    }
  }
  if (group.overlay.size > 0) scanEntries(scan, group.overlay, sc.ranges, addRange(sc, 0, 0, group.overlay.size, RANGE_EDGE));
}

interface Picked {
  slot: number;
  tier: number;
  rank: number;
  d2: number;
}

/** The directory search. */
export function search(index: DirectoryIndex, query: SearchQuery): SearchOutcome {
  const sc = scratchFor(index);
  const clock = new SearchClock(index.calendar, query.at.getTime());
  const scan = new Scan(index, query, clock, sc);

  // Ranks for this area.
  const types = index.typeIds.length;
  for (let t = 0; t < types; t++) sc.rank[t] = index.typeNationalRank[t];
  if (scan.areaId >= 0) for (const [t, r] of index.rankByArea.get(scan.areaId) ?? []) sc.rank[t] = r;

  const group = index.groups.get(query.symptomGroup);
  if (group) {
    const words = group.words;
    if (sc.qmask.length < words) sc.qmask = new Int32Array(words * 2);
    sc.qmask.fill(0, 0, words);
    let impossible = false;
    for (const sd of query.symptomDiscriminators) {
      const bit = group.sdBits.get(sd);
      if (bit === undefined || bit >> 5 >= words) impossible = true;
      else sc.qmask[bit >> 5] |= 1 << (bit & 31);
    }
    scan.words = words;
    scan.group = group;
    scan.q0 = sc.qmask[0];
    scan.sdMode = impossible ? 1 : words === 1 ? 0 : 2;
    scanGroup(scan, group);
  }

  // Best of each type, then the order across types.
  const picked: Picked[] = [];
  for (let t = 0; t < types; t++) {
    if (sc.typeStamp[t] !== sc.stamp) continue;
    for (let i = 0; i < sc.typeCount[t]; i++) {
      const at = t * sc.k + i;
      const tier = sc.topTier[at];
      picked.push({ slot: sc.topSlot[at], tier, rank: sc.rank[t], d2: sc.topKey[at] - tier * TIER_KEY });
    }
  }
  picked.sort((a, b) => comparePicked(index, a, b));
  const chosen = picked.slice(0, query.limit);

  let catchAll = false;
  let results: SearchResult[];
  if (chosen.length === 0) {
    catchAll = true;
    results = catchAllResults(index, scan, sc);
  } else {
    results = chosen.map((p) => buildResult(index, scan, p.slot, p.tier, p.rank, false));
  }

  const gapReader = scan.gapReader();
  let gaps: Gap[] | undefined;
  const outcome: SearchOutcome = {
    results,
    catchAll,
    windowEnd: new Date(scan.endMs),
    distanceKm: query.distanceKm,
    considered: scan.considered,
    // Made on first read (then kept); enumerable, so spreading and JSON include it.
    get gaps(): Gap[] {
      return (gaps ??= gapReader.all());
    },
    set gaps(value: Gap[]) {
      gaps = value;
    },
  };
  // Not enumerable: a method, not data, so spreading and JSON leave it out.
  Object.defineProperty(outcome, 'nearestGaps', { value: (k: number) => gapReader.nearest(k), enumerable: false });
  if (query.explain) outcome.excluded = explain(index, scan, results);
  return outcome;
}

function comparePicked(index: DirectoryIndex, a: Picked, b: Picked): number {
  const pa = a.tier === TIER_PROMOTED ? 1 : 0;
  const pb = b.tier === TIER_PROMOTED ? 1 : 0;
  return pa - pb || a.rank - b.rank || a.tier - b.tier || a.d2 - b.d2 || index.ids[a.slot] - index.ids[b.slot];
}

function catchAllResults(index: DirectoryIndex, scan: Scan, sc: Scratch): SearchResult[] {
  // The nearest CATCH_ALL_COUNT by (distance, id), among those in the box around the circle.
  const best: { slot: number; d: number }[] = [];
  const slots = index.catchAllSlots;
  const band = (CATCH_ALL_KM * 1.01) / KM_PER_DEG;
  const lonBand = Math.min(180, band / Math.cos(Math.min(89, Math.abs(scan.qlat) + band) * RAD));
  for (let i = index.catchAllFrom(scan.qlat - band); i < slots.length; i++) {
    const slot = slots[i];
    const lat = index.lat[slot];
    if (lat > scan.qlat + band) break;
    if ((index.meta[slot] & (M_LIVE | M_ACTIVE)) !== (M_LIVE | M_ACTIVE) || Math.abs(index.lon[slot] - scan.qlon) > lonBand) continue;
    const d = haversineKm(scan.qlat, scan.qlon, lat, index.lon[slot]);
    if (d > CATCH_ALL_KM) continue;
    const worse = (b: { slot: number; d: number }) => b.d > d || (b.d === d && index.ids[b.slot] > index.ids[slot]);
    if (best.length === CATCH_ALL_COUNT && !worse(best[CATCH_ALL_COUNT - 1])) continue;
    if (best.length === CATCH_ALL_COUNT) best.pop();
    const at = best.findIndex(worse);
    best.splice(at < 0 ? best.length : at, 0, { slot, d });
  }
  return best.map(({ slot }) => buildResult(index, scan, slot, scan.tierOf(slot, index.meta[slot]), sc.rank[index.typeOf[slot]], true));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function resultCapacity(c: Capacity | undefined, atMs: number): ResultCapacity {
  if (!c) return { status: 'green', reason: null, setAt: null, resetAt: null, expired: false };
  const expired = atMs >= c.resetAt.getTime();
  return { status: expired ? 'green' : c.status, reason: expired ? null : c.reason, setAt: c.setAt, resetAt: c.resetAt, expired };
}

function buildResult(index: DirectoryIndex, scan: Scan, slot: number, tier: number, rank: number, catchAll: boolean): SearchResult {
  const s = index.svc[slot]!;
  const atMs = scan.atMs;
  const km = round1(haversineKm(scan.qlat, scan.qlon, index.lat[slot], index.lon[slot]));
  let openNow: boolean;
  let opensAt: Date | null = null;
  let closesAt: Date | null = null;
  const hk = index.hkey[slot];
  const fits = fitSpell(scan.clock, index.hours[(hk / 3) | 0], hk % 3, scan.endMs, true);
  if (fits) {
    openNow = scan.clock.spellStart <= atMs;
    if (!openNow) opensAt = new Date(scan.clock.spellStart);
    if (!Number.isNaN(scan.clock.spellEnd)) closesAt = new Date(scan.clock.spellEnd);
  } else {
    // Only the catch-all returns a service outside its window.
    const nation = NATIONS[hk % 3];
    openNow = isOpenAt(s.openingTimes, nation, scan.q.at, index.calendar);
    if (!openNow) opensAt = nextOpening(s.openingTimes, nation, scan.q.at, index.calendar);
    closesAt = nextClosing(s.openingTimes, nation, opensAt ?? scan.q.at, index.calendar);
  }
  const id = index.ids[slot];
  const c = index.capacities.get(id);
  const capacity = resultCapacity(c, atMs);
  const reasons: string[] = [`${km.toFixed(1)} km away`];
  if (catchAll) reasons.push('nearest emergency department: nothing else fitted (catch-all)');
  if (tier === TIER_OWN) reasons.push('your own GP practice');
  else if (tier === TIER_COMMISSIONED) reasons.push('commissioned for your area');
  else if (tier === TIER_PROMOTED) reasons.push('offered into your area from elsewhere');
  if (openNow) reasons.push(closesAt === null ? 'open now (24 hours)' : `open now until ${localTimeFrom(closesAt.getTime(), atMs)}`);
  else if (opensAt !== null) reasons.push(fits ? `opens at ${localTimeFrom(opensAt.getTime(), atMs)}, within the ${describeTimeframe(scan.q.disposition.timeframe)}` : `closed now; opens at ${localTimeFrom(opensAt.getTime(), atMs)}`);
  else reasons.push('closed');
  if (capacity.expired && c) reasons.push(`capacity ${c.status} expired at ${localTimeFrom(c.resetAt.getTime(), atMs)}: counts as green`);
  else if (capacity.status !== 'green') reasons.push(`capacity ${capacity.status}${capacity.reason ? `: ${capacity.reason}` : ''}`);
  for (const r of index.accessReasons[slot]) reasons.push(r);
  const refer = index.referReason[slot];
  if (refer !== null) reasons.push(refer);
  const result: SearchResult = {
    serviceId: id,
    name: s.name,
    publicName: s.publicName,
    typeId: index.typeIds[index.typeOf[slot]],
    typeName: index.typeNames[index.typeOf[slot]],
    distanceKm: km,
    rank,
    tier: TIER_NAMES[tier],
    openNow,
    opensAt,
    closesAt,
    capacity,
    access: s.access,
    referralEndpoints: s.referralEndpoints,
    contacts: s.contacts,
    address: s.address,
    catchAll,
    reasons,
  };
  // Lets the reply writer reuse this service's JSON (reply.ts); hidden from spreads, JSON and equality.
  Object.defineProperty(result, RESULT_SOURCE, { value: s });
  return result;
}

// ── explain ───────────────────────────────────────────────────────────────────────────────────

/**
 * Every service within the distance that was not returned on its merits, with every rule it fails.
 * A service the catch-all offered failed rules too (else it would have been a result): it is listed
 * with them, marked `offeredByCatchAll`, so a service failing two rules is never left unexplained.
 */
function explain(index: DirectoryIndex, scan: Scan, results: SearchResult[]): Exclusion[] {
  const q = scan.q;
  const returned = new Set(results.filter((r) => !r.catchAll).map((r) => r.serviceId));
  const byCatchAll = new Set(results.filter((r) => r.catchAll).map((r) => r.serviceId));
  const perType = new Map<number, number>();
  for (const r of results) perType.set(r.typeId, (perType.get(r.typeId) ?? 0) + 1);
  const group = index.groups.get(q.symptomGroup);
  const sdBit = q.symptomDiscriminators.map((sd) => group?.sdBits.get(sd) ?? -1);
  const sexes = scan.firstNeed & (M_FEMALE | M_MALE);
  const detail = new Map<string, string>();
  const once = (key: string, make: () => string) => detail.get(key) ?? (detail.set(key, make()), detail.get(key)!);
  const slots = slotsWithin(index, scan).filter((slot) => !returned.has(index.ids[slot]));
  const km = slots.map((slot) => round1(haversineKm(q.lat, q.lon, index.lat[slot], index.lon[slot])));
  const order = Array.from(slots.keys()).sort((a, b) => km[a] - km[b] || index.ids[slots[a]] - index.ids[slots[b]]);
  const out: Exclusion[] = new Array(order.length);
  for (let n = 0; n < order.length; n++) {
    const slot = slots[order[n]];
    const s = index.svc[slot]!;
    const rules: { rule: ExclusionRule; detail: string }[] = [];
    const f = index.meta[slot];
    // Each rule in words that say what failed for this service (explain-words.ts).
    if (!(f & M_ACTIVE)) rules.push({ rule: 'status', detail: explainWords.status(s.status) });
    const bits = group ? index.groupBits(slot, group) : null;
    if (bits === null) rules.push({ rule: 'symptom-group', detail: once('sg', () => explainWords.symptomGroup(q.symptomGroup)) });
    if ((f & sexes) !== sexes) rules.push({ rule: 'sex', detail: explainWords.sex(s.eligibility.sexes) });
    if (f & M_PRACTICES && (q.registeredPractice === null || !index.practices[slot]!.has(q.registeredPractice))) {
      rules.push({ rule: 'registered-practice', detail: explainWords.practices(s.eligibility.registeredPractices) });
    }
    if (f & M_RED && index.capReset[slot] > scan.atMs) {
      rules.push({ rule: 'capacity', detail: explainWords.capacity(index.capReset[slot], scan.atMs, index.capacities.get(index.ids[slot])?.reason) });
    }
    if (bits !== null) {
      const missing = q.symptomDiscriminators.filter((_, i) => sdBit[i] < 0 || !bits.includes(sdBit[i]));
      if (missing.length > 0) rules.push({ rule: 'discriminator', detail: once(`sd:${missing.join(',')}`, () => explainWords.discriminators(q.symptomGroup, missing)) });
    }
    if (scan.dxWord < 0 || (index.dxSetBits[index.profileDxSet[f >>> M_PROFILE_SHIFT] * index.dxWords + scan.dxWord] & scan.dxMask) === 0) {
      rules.push({ rule: 'disposition', detail: once('dx', () => explainWords.disposition(q.disposition.code, q.disposition.title)) });
    }
    if ((f & scan.roleBit) === 0) rules.push({ rule: 'referral-role', detail: once('role', () => explainWords.referralRole(q.referralRole)) });
    const age = index.age[slot];
    if (scan.age < (age & 0xffff) || scan.age > age >>> 16) {
      rules.push({ rule: 'age', detail: explainWords.age(q.ageDays, s.eligibility.ageFromDays, s.eligibility.ageToDays) });
    }
    if (!scan.opens(slot)) rules.push({ rule: 'opening', detail: openingWords(index, scan, slot) });
    if (!scan.areaAllowed(slot)) rules.push({ rule: 'area', detail: explainWords.area(q.areaCode, s.areas.limitedTo) });
    if (rules.length === 0) {
      const t = index.typeOf[slot];
      const max = index.typeMaxResults[t];
      const shown = perType.get(index.typeIds[t]) ?? 0;
      rules.push({
        rule: 'ranking',
        detail: q.limit <= results.length && shown < max ? `ranked below the first ${results.length} results (the limit)` : `${shown} ${index.typeNames[t]} result${shown === 1 ? '' : 's'} already offered (at most ${max} of a type)`,
      });
    }
    const id = index.ids[slot];
    out[n] = { serviceId: id, name: s.name, typeId: index.typeIds[index.typeOf[slot]], distanceKm: km[order[n]], rules, ...(byCatchAll.has(id) ? { offeredByCatchAll: true as const } : {}) };
  }
  return out;
}

/** When a service that is not open when needed is open: "not open until Tue 08:00", "closes at 14:10, too soon". */
function openingWords(index: DirectoryIndex, scan: Scan, slot: number): string {
  const s = index.svc[slot]!;
  const nation = NATIONS[index.hkey[slot] % 3];
  const openNow = isOpenAt(s.openingTimes, nation, scan.q.at, index.calendar);
  const opens = openNow ? null : nextOpening(s.openingTimes, nation, scan.q.at, index.calendar);
  const closes = openNow ? nextClosing(s.openingTimes, nation, scan.q.at, index.calendar) : null;
  return explainWords.opening(scan.atMs, opens?.getTime() ?? null, closes?.getTime() ?? null, openNow);
}

/** Every live slot within the search distance (grid of all services + its overlay). */
function slotsWithin(index: DirectoryIndex, scan: Scan): number[] {
  const out: number[] = [];
  const group = index.all;
  const grid = group.grid;
  const km = scan.km * (1 + BAND);
  const dLat = km / KM_PER_DEG;
  const dLon = Math.min(180, km / (KM_PER_DEG * Math.cos(Math.min(89, Math.abs(scan.qlat) + dLat) * RAD)));
  const take = (slot: number) => {
    if (index.meta[slot] & M_LIVE && scan.dist2(index.lat[slot], index.lon[slot]) >= 0) out.push(slot);
  };
  if (grid.size > 0) {
    const r0 = grid.rowOf(scan.qlat - dLat);
    const r1 = grid.rowOf(scan.qlat + dLat);
    const c0 = grid.colOf(scan.qlon - dLon);
    const c1 = grid.colOf(scan.qlon + dLon);
    for (let r = r0; r <= r1; r++) {
      const end = grid.cellStart[r * grid.cols + c1 + 1];
      for (let i = grid.cellStart[r * grid.cols + c0]; i < end; i++) take(grid.slot[i]);
    }
  }
  for (let i = 0; i < group.overlay.size; i++) take(group.overlay.slot[i]);
  return out;
}
