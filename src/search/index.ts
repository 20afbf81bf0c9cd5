// Why this file exists: the directory search runs in memory (shared/DESIGN.md: "search — the
// in-memory directory index"). This is that index. Every service gets a "slot": columns of typed
// arrays with its static facts (`meta`: status, sexes, restrictions, referral roles, profile id;
// packed age range; timetable key; coordinates) and its dynamic state (in `meta`: alive, capacity
// red; `capReset`). A profile is a distinct (disposition set, timetable, age range, service type):
// the search evaluates the disposition, age and opening rules once per profile. Per symptom group
// there is a spatial grid whose packed entries copy coordinates and meta plus the service's
// discriminators for the group as a bitmask, so the hot loop of a search streams through one
// contiguous run of memory per grid row; each grid cell has a summary (counts by sex, flags, types)
// that lets a search pass over cells that cannot matter to it (docs/decisions/0009). One more grid
// covers all services, for `explain`.
//
// Mutations stay cheap: an upserted service gets a fresh slot (its old slot is marked dead in
// `meta`, which every scan checks) and its entries go into a small per-group overlay that searches
// scan linearly; a group's grid is rebuilt (live entries + overlay, an O(n) counting sort, a few ms
// for the largest group of a 100,000-service directory) once its overlay passes `overlayLimit`
// entries or a quarter of its entries are dead; a death also comes off its cell's counts. Capacity
// changes write two array cells. When dead slots outnumber live ones the whole index is rebuilt.
import type { Catalogue } from '../directory/catalogue';
import { ReferralRoles, type Ranking, type Service } from '../directory/model';
import type { BankHolidayLookup, OpeningTimes } from '../directory/opening-hours';
import { CELL_AREAS, CELL_LAT, CELL_LON, CELL_PRACTICES, Entries, Grid, S_BOTH, S_FEMALE, S_FLAGS, S_MALE, S_TYPES, type SlotColumns } from './grid';
import { compileHours, hoursKey, nationIndex, type CompiledHours } from './hours';
import type { Capacity } from './model';

// A slot's `meta` word, copied into each of its grid entries and kept in step there:
/** the slot holds the current version of a live service (cleared when replaced or removed) */
export const M_LIVE = 1;
export const M_ACTIVE = 2;
export const M_FEMALE = 4;
export const M_MALE = 8;
/** restricted to the patients of certain GP practices */
export const M_PRACTICES = 16;
/** limitedTo is not empty */
export const M_LIMITED = 32;
/** has any of commissionedFor / limitedTo / promotedInto */
export const M_AREAS = 64;
/** capacity red (check `capReset`: an expired red counts as green) */
export const M_RED = 128;
/** referral roles are bits 8–11 (in the order of ReferralRoles) */
export const M_ROLE_SHIFT = 8;
/** the disposition-set id is bits 12–31 */
export const M_PROFILE_SHIFT = 12;
const MAX_PROFILES = 1 << (32 - M_PROFILE_SHIFT);

/** Ages are packed as from | to << 16. */
const AGE_MAX_PACKED = 0xffff;

export interface DirectoryIndexOptions {
  catalogue: Catalogue;
  calendar: BankHolidayLookup;
  rankings?: readonly Ranking[];
  /** capacity statuses known at start, by service id */
  capacities?: Iterable<readonly [number, Capacity]>;
  /** overlay entries per symptom group before its grid is rebuilt (default 128) */
  overlayLimit?: number;
}

export interface IndexStats {
  services: number;
  symptomGroups: number;
  /** grid and overlay entries over all symptom groups */
  entries: number;
  /** bytes of the index's own structures (typed arrays, per-slot references); not the Service objects */
  heapEstimate: number;
  /** grids rebuilt since the index was built */
  rebuilds: number;
}

/** The entries of one symptom group: a grid plus the overlay of services changed since. */
export class GroupIndex {
  /** discriminator code → bit */
  readonly sdBits = new Map<string, number>();
  /** dead entries in the grid or overlay */
  dead = 0;
  overlay: Entries;

  constructor(
    readonly sg: number,
    public grid: Grid,
  ) {
    this.overlay = new Entries(grid.words);
  }

  /** mask words per entry */
  get words(): number {
    return this.grid.words;
  }
}

/** A service's symptom pairs grouped by symptom group, as bits of each group's registry. */
interface CompiledSymptoms {
  groups: GroupIndex[];
  bits: number[][];
}

let maskScratch = new Uint32Array(8);
// Live entries gathered for a grid rebuild (shared: rebuilds never interleave).
let rebuildSlots = new Int32Array(0);
let rebuildMasks = new Uint32Array(0);
const EMPTY_MASKS = new Uint32Array(0);

/** Adds `delta` to a cell's counts for an entry, if it is one the search would consider. */
function countEntry(grid: Grid, cell: number, meta: number, delta: number): void {
  if ((meta & (M_LIVE | M_ACTIVE | M_PRACTICES)) !== (M_LIVE | M_ACTIVE)) return;
  const at = cell * grid.summaryStride;
  if (meta & M_FEMALE) grid.cells[at + S_FEMALE] += delta;
  if (meta & M_MALE) grid.cells[at + S_MALE] += delta;
  if ((meta & (M_FEMALE | M_MALE)) === (M_FEMALE | M_MALE)) grid.cells[at + S_BOTH] += delta;
}

const ACCESS_REASONS = new Map<number, readonly string[]>();

/** How to get in, in plain English (shown with every result); one shared list per combination. */
export function accessReasons(a: Service['access']): readonly string[] {
  const key = (a.walkIn ? 1 : 0) | (a.phoneFirst ? 2 : 0) | (a.referralOnly ? 4 : 0) | (a.bookingRequired ? 8 : 0);
  let list = ACCESS_REASONS.get(key);
  if (!list) {
    const out: string[] = [];
    if (a.walkIn) out.push('walk in');
    if (a.phoneFirst) out.push('phone first');
    if (a.referralOnly) out.push('referral only');
    if (a.bookingRequired) out.push('booking required');
    ACCESS_REASONS.set(key, (list = Object.freeze(out)));
  }
  return list;
}

/** How to refer, in plain English, from the first referral endpoint. */
export function referReason(e: Service['referralEndpoints'][number] | undefined): string | null {
  if (!e) return null;
  switch (e.kind) {
    case 'fhir':
      return `refer by FHIR to ${e.address}`;
    case 'http':
      return `refer online at ${e.address}`;
    case 'email':
      return `refer by e-mail to ${e.address}`;
    case 'phone':
      return `refer by phone on ${e.address}`;
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

export class DirectoryIndex implements SlotColumns {
  readonly catalogue: Catalogue;
  readonly calendar: BankHolidayLookup;
  readonly overlayLimit: number;

  // ── registries (only ever grow) ──
  /** service type id → type index */
  readonly typeIndex = new Map<number, number>();
  readonly typeIds: number[] = [];
  readonly typeNames: string[] = [];
  readonly typeNationalRank: number[] = [];
  readonly typeMaxResults: number[] = [];
  readonly typeCatchAll: boolean[] = [];
  /** area code → area id */
  readonly areaIds = new Map<string, number>();
  /** disposition code → bit */
  readonly dxBits = new Map<string, number>();
  dxWords = 4;
  /** distinct disposition lists: `dxWords` words per set */
  dxSetBits = new Uint32Array(0);
  private dxSetCount = 0;
  private readonly dxSetByKey = new Map<string, number>();
  private dxSetByObject = new WeakMap<readonly string[], number>();
  /** compiled timetables; a slot's `hkey` is timetable id × 3 + nation */
  readonly hours: CompiledHours[] = [];
  private readonly hoursByObject = new WeakMap<OpeningTimes, number>();
  private readonly hoursByKey = new Map<string, number>();
  /**
   * Profiles: the distinct (disposition set, timetable key, age range, service type) of slots, which
   * is what an entry's meta carries besides its flags. By profile id: disposition-set id, `hkey`, age
   * range packed as in `age`, type index.
   */
  profileDxSet = new Int32Array(16);
  profileHkey = new Int32Array(16);
  profileAge = new Int32Array(16);
  profileType = new Int32Array(16);
  profileCount = 0;
  private readonly profileIds = new Map<string, number>();
  private readonly typesByDx = new Map<number, { profiles: number; types: Int32Array }>();
  private symptomCache = new WeakMap<object, CompiledSymptoms>();

  // ── spatial ──
  groups = new Map<number, GroupIndex>();
  all: GroupIndex;
  /** slots of catch-all types by latitude (may include dead slots; check M_LIVE) */
  catchAllSlots: number[] = [];

  // ── ranking and capacity ──
  /** area id → [type index, rank] overrides */
  rankByArea = new Map<number, [number, number][]>();
  readonly capacities = new Map<number, Capacity>();

  // ── slot columns ──
  slotCount = 0;
  private capacity = 0;
  private live = 0;
  private deadSlots = 0;
  private rebuilds = 0;
  meta = new Int32Array(0);
  age = new Int32Array(0);
  hkey = new Int32Array(0);
  /** where each slot's entries are: pos[posStart[slot] + k] for its k-th group; ≥ 0 grid index, < 0 overlay −(i+1) */
  private posStart = new Int32Array(0);
  private pos = new Int32Array(0);
  private posLen = 0;
  typeOf = new Int32Array(0);
  /** service id by slot */
  ids = new Int32Array(0);
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  capReset = new Float64Array(0);
  svc: (Service | undefined)[] = [];
  ods: (string | null)[] = [];
  practices: (ReadonlySet<string> | null)[] = [];
  commissioned: (Int32Array | null)[] = [];
  limited: (Int32Array | null)[] = [];
  promoted: (Int32Array | null)[] = [];
  /** how to get in ("walk in", "phone first" …), shared between slots */
  accessReasons: (readonly string[])[] = [];
  /** how to refer ("refer by FHIR to …"), or null */
  referReason: (string | null)[] = [];
  private symOf: (CompiledSymptoms | null)[] = [];
  private readonly idToSlot = new Map<number, number>();

  constructor(services: Iterable<Service>, options: DirectoryIndexOptions) {
    this.catalogue = options.catalogue;
    this.calendar = options.calendar;
    this.overlayLimit = Math.max(1, options.overlayLimit ?? 128);
    for (const t of options.catalogue.serviceTypes) this.typeIdx(t.id);
    this.dxWords = Math.max(1, Math.ceil((options.catalogue.dispositions.length + 32) / 32));
    for (const d of options.catalogue.dispositions) this.dxBit(d.code);
    for (const [id, c] of options.capacities ?? []) this.capacities.set(id, c);
    this.all = new GroupIndex(0, new Grid(0));
    this.setRankings(options.rankings ?? []);
    this.rebuildAll([...services]);
  }

  // ── public API ─────────────────────────────────────────────────────────────────────────────

  /** Live services. */
  get size(): number {
    return this.live;
  }

  get(id: number): Service | undefined {
    const slot = this.idToSlot.get(id);
    return slot === undefined ? undefined : this.svc[slot];
  }

  /** Every live service (any status). */
  *services(): IterableIterator<Service> {
    for (let s = 0; s < this.slotCount; s++) if (this.meta[s] & M_LIVE) yield this.svc[s]!;
  }

  /** Adds a service, or replaces the one with the same id. */
  upsert(service: Service): void {
    const old = this.idToSlot.get(service.id);
    const touched = new Set<GroupIndex>();
    if (old !== undefined) {
      for (const g of this.symOf[old]?.groups ?? []) touched.add(g);
      this.kill(old);
    }
    const slot = this.allocSlot();
    const sym = this.writeSlot(slot, service);
    for (let k = 0; k < sym.groups.length; k++) {
      const group = sym.groups[k];
      const bits = sym.bits[k];
      let need = 1;
      for (const b of bits) need = Math.max(need, (b >> 5) + 1);
      if (need > group.words) this.rebuildGroup(group, need);
      if (maskScratch.length < group.words) maskScratch = new Uint32Array(group.words);
      const mask = maskScratch.fill(0, 0, group.words);
      for (const b of bits) mask[b >> 5] |= 1 << (b & 31);
      group.overlay.push(slot, this, mask, 0);
      this.pos[this.posStart[slot] + k] = -group.overlay.size;
      touched.add(group);
    }
    this.all.overlay.push(slot, this, EMPTY_MASKS, 0);
    if (this.typeCatchAll[this.typeOf[slot]]) this.catchAllSlots.splice(this.catchAllFrom(this.lat[slot]), 0, slot);
    this.afterMutation(touched);
  }

  /** Removes a service; false if it was not there. */
  remove(id: number): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    const groups = new Set(this.symOf[slot]?.groups ?? []);
    this.kill(slot);
    this.afterMutation(groups);
    return true;
  }

  /** Sets (or clears, with null) a service's capacity status. Kept for ids not (yet) indexed too. */
  setCapacity(serviceId: number, capacity: Capacity | null): void {
    if (capacity === null) this.capacities.delete(serviceId);
    else this.capacities.set(serviceId, capacity);
    const slot = this.idToSlot.get(serviceId);
    if (slot === undefined) return;
    this.capReset[slot] = capacity === null ? 0 : capacity.resetAt.getTime();
    this.setEntryBits(slot, M_RED, capacity !== null && capacity.status === 'red');
  }

  /** Replaces the area ranking strategies. */
  setRankings(rankings: readonly Ranking[]): void {
    const byArea = new Map<number, [number, number][]>();
    for (const r of rankings) {
      const area = this.areaId(r.areaCode);
      const t = this.typeIdx(r.serviceTypeId);
      let list = byArea.get(area);
      if (!list) byArea.set(area, (list = []));
      const existing = list.find(([type]) => type === t);
      if (existing) existing[1] = r.rank;
      else list.push([t, r.rank]);
    }
    this.rankByArea = byArea;
  }

  /** Rebuilds every grid now (e.g. after a bulk load of changes). */
  compact(): void {
    this.rebuildAll([...this.services()]);
  }

  stats(): IndexStats {
    let bytes = 0;
    let entries = 0;
    for (const a of [this.meta, this.age, this.hkey, this.posStart, this.pos, this.typeOf, this.ids, this.lat, this.lon, this.capReset, this.dxSetBits]) bytes += a.byteLength;
    for (const g of [...this.groups.values(), this.all]) {
      bytes += g.grid.bytes + g.overlay.bytes;
      if (g !== this.all) entries += g.grid.size + g.overlay.size;
    }
    // References per slot (svc, ods, practices, three area lists, symptoms): ~8 bytes each.
    bytes += this.capacity * 8 * 7;
    return { services: this.live, symptomGroups: this.groups.size, entries, heapEstimate: bytes, rebuilds: this.rebuilds };
  }

  /** The discriminator bits a slot has in a group (null: not profiled for the group). */
  groupBits(slot: number, group: GroupIndex): readonly number[] | null {
    const sym = this.symOf[slot];
    if (!sym) return null;
    const k = sym.groups.indexOf(group);
    return k < 0 ? null : sym.bits[k];
  }

  slotOf(id: number): number | undefined {
    return this.idToSlot.get(id);
  }

  /** The first position in `catchAllSlots` at or north of a latitude. */
  catchAllFrom(lat: number): number {
    const slots = this.catchAllSlots;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lat[slots[mid]] < lat) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  areaIdOf(code: string): number | undefined {
    return this.areaIds.get(code);
  }

  // ── registries ─────────────────────────────────────────────────────────────────────────────

  private typeIdx(typeId: number): number {
    let t = this.typeIndex.get(typeId);
    if (t !== undefined) return t;
    const type = this.catalogue.serviceType(typeId);
    t = this.typeIds.length;
    this.typeIndex.set(typeId, t);
    this.typeIds.push(typeId);
    this.typeNames.push(type?.name ?? `Service type ${typeId}`);
    this.typeNationalRank.push(type?.nationalRank ?? 10);
    this.typeMaxResults.push(type?.maxResults ?? 2);
    this.typeCatchAll.push(type?.catchAll ?? false);
    return t;
  }

  private areaId(code: string): number {
    let a = this.areaIds.get(code);
    if (a === undefined) this.areaIds.set(code, (a = this.areaIds.size));
    return a;
  }

  private areaList(codes: readonly string[]): Int32Array | null {
    if (codes.length === 0) return null;
    return Int32Array.from(codes, (c) => this.areaId(c));
  }

  private dxBit(code: string): number {
    let b = this.dxBits.get(code);
    if (b !== undefined) return b;
    b = this.dxBits.size;
    this.dxBits.set(code, b);
    if (b >= this.dxWords * 32) {
      const old = this.dxWords;
      const words = old * 2;
      const next = new Uint32Array(Math.max(this.dxSetBits.length / old, 16) * words);
      for (let s = 0; s < this.dxSetCount; s++) for (let w = 0; w < old; w++) next[s * words + w] = this.dxSetBits[s * old + w];
      this.dxSetBits = next;
      this.dxWords = words;
    }
    return b;
  }

  /** The id of a list of dispositions (lists with the same codes share one). */
  private dxSetId(codes: readonly string[]): number {
    const hit = this.dxSetByObject.get(codes);
    if (hit !== undefined) return hit;
    const key = [...codes].sort().join(',');
    let id = this.dxSetByKey.get(key);
    if (id === undefined) {
      const bits = codes.map((c) => this.dxBit(c));
      id = this.dxSetCount++;
      const W = this.dxWords;
      if ((id + 1) * W > this.dxSetBits.length) {
        const next = new Uint32Array(Math.max(16, (id + 1) * 2) * W);
        next.set(this.dxSetBits);
        this.dxSetBits = next;
      }
      for (const b of bits) this.dxSetBits[id * W + (b >> 5)] |= 1 << (b & 31);
      this.dxSetByKey.set(key, id);
    }
    this.dxSetByObject.set(codes, id);
    return id;
  }

  private profileId(dxSet: number, hkey: number, age: number, type: number): number {
    const key = `${dxSet} ${hkey} ${age} ${type}`;
    let id = this.profileIds.get(key);
    if (id === undefined) {
      if (this.profileCount >= MAX_PROFILES) throw new Error(`more than ${MAX_PROFILES} distinct service profiles`);
      id = this.profileCount++;
      if (id === this.profileHkey.length) {
        this.profileDxSet = grow(this.profileDxSet, id * 2);
        this.profileHkey = grow(this.profileHkey, id * 2);
        this.profileAge = grow(this.profileAge, id * 2);
        this.profileType = grow(this.profileType, id * 2);
      }
      this.profileDxSet[id] = dxSet;
      this.profileHkey[id] = hkey;
      this.profileAge[id] = age;
      this.profileType[id] = type;
      this.profileIds.set(key, id);
    }
    return id;
  }

  private hoursId(times: OpeningTimes): number {
    const byObject = this.hoursByObject.get(times);
    if (byObject !== undefined) return byObject;
    const key = hoursKey(times);
    let id = this.hoursByKey.get(key);
    if (id === undefined) {
      id = this.hours.length;
      this.hours.push(compileHours(times));
      this.hoursByKey.set(key, id);
    }
    this.hoursByObject.set(times, id);
    return id;
  }

  private compileSymptoms(symptoms: readonly { sg: number; sd: string }[]): CompiledSymptoms {
    const hit = this.symptomCache.get(symptoms);
    if (hit) return hit;
    const groups: GroupIndex[] = [];
    const bits: number[][] = [];
    for (const { sg, sd } of symptoms) {
      let group = this.groups.get(sg);
      if (!group) {
        group = new GroupIndex(sg, new Grid(1));
        this.groups.set(sg, group);
      }
      let bit = group.sdBits.get(sd);
      if (bit === undefined) group.sdBits.set(sd, (bit = group.sdBits.size));
      let g = groups.indexOf(group);
      if (g < 0) {
        g = groups.length;
        groups.push(group);
        bits.push([]);
      }
      bits[g].push(bit);
    }
    const compiled = { groups, bits };
    this.symptomCache.set(symptoms, compiled);
    return compiled;
  }

  // ── slots ──────────────────────────────────────────────────────────────────────────────────

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const cap = Math.max(n, Math.ceil(this.capacity * 1.5), 64);
    this.meta = grow(this.meta, cap);
    this.age = grow(this.age, cap);
    this.hkey = grow(this.hkey, cap);
    this.posStart = grow(this.posStart, cap);
    this.typeOf = grow(this.typeOf, cap);
    this.ids = grow(this.ids, cap);
    this.lat = grow(this.lat, cap);
    this.lon = grow(this.lon, cap);
    this.capReset = grow(this.capReset, cap);
    this.capacity = cap;
  }

  private allocSlot(): number {
    this.ensureCapacity(this.slotCount + 1);
    return this.slotCount++;
  }

  private writeSlot(slot: number, s: Service): CompiledSymptoms {
    const e = s.eligibility;
    const areas = s.areas;
    let meta = M_LIVE;
    if (s.status === 'active') meta |= M_ACTIVE;
    if (e.sexes.includes('female')) meta |= M_FEMALE;
    if (e.sexes.includes('male')) meta |= M_MALE;
    if (e.registeredPractices.length > 0) meta |= M_PRACTICES;
    if (areas.limitedTo.length > 0) meta |= M_LIMITED;
    if (areas.commissionedFor.length + areas.limitedTo.length + areas.promotedInto.length > 0) meta |= M_AREAS;
    for (const r of s.referralRoles) meta |= 1 << (M_ROLE_SHIFT + ReferralRoles.indexOf(r));
    const capacity = this.capacities.get(s.id);
    if (capacity && capacity.status === 'red') meta |= M_RED;
    this.capReset[slot] = capacity ? capacity.resetAt.getTime() : 0;
    this.age[slot] = Math.min(e.ageFromDays, AGE_MAX_PACKED) | (Math.min(e.ageToDays, AGE_MAX_PACKED) << 16);
    this.hkey[slot] = this.hoursId(s.openingTimes) * 3 + nationIndex(s.nation);
    this.typeOf[slot] = this.typeIdx(s.typeId);
    meta |= this.profileId(this.dxSetId(s.coverage.dispositions), this.hkey[slot], this.age[slot], this.typeOf[slot]) << M_PROFILE_SHIFT;
    this.meta[slot] = meta;
    this.ids[slot] = s.id;
    this.lat[slot] = s.lat;
    this.lon[slot] = s.lon;
    this.svc[slot] = s;
    // Codes are upper case from the request schemas; a service stored before they were is made so here.
    this.ods[slot] = s.odsCode ? s.odsCode.toUpperCase() : null;
    this.practices[slot] = e.registeredPractices.length > 0 ? new Set(e.registeredPractices.map((code) => code.toUpperCase())) : null;
    this.commissioned[slot] = this.areaList(areas.commissionedFor);
    this.limited[slot] = this.areaList(areas.limitedTo);
    this.promoted[slot] = this.areaList(areas.promotedInto);
    this.accessReasons[slot] = accessReasons(s.access);
    this.referReason[slot] = referReason(s.referralEndpoints[0]);
    const sym = this.compileSymptoms(s.coverage.symptoms);
    this.symOf[slot] = sym;
    this.posStart[slot] = this.posLen;
    this.posLen += sym.groups.length;
    if (this.posLen > this.pos.length) this.pos = grow(this.pos, Math.max(1024, this.posLen * 1.5) | 0);
    this.idToSlot.set(s.id, slot);
    this.live++;
    return sym;
  }

  /** Sets or clears a `meta` bit of a slot and of each of its group entries. */
  private setEntryBits(slot: number, bit: number, on: boolean): void {
    this.meta[slot] = on ? this.meta[slot] | bit : this.meta[slot] & ~bit;
    const groups = this.symOf[slot]?.groups ?? [];
    const start = this.posStart[slot];
    for (let k = 0; k < groups.length; k++) {
      const p = this.pos[start + k];
      if (p >= 0) {
        const grid = groups[k].grid;
        // Only death changes what the cell summary counts (a service never comes back to life).
        if (bit === M_LIVE && !on) countEntry(grid, grid.cellOfEntry(p), grid.meta(p), -1);
        grid.setMetaBit(p, bit, on);
      } else groups[k].overlay.setMetaBit(-p - 1, bit, on);
    }
  }

  /** Fills a grid's cell summaries (see Grid.cells) from its entries. */
  private summarise(grid: Grid): void {
    const cells = grid.rows * grid.cols;
    const words = Math.max(1, Math.ceil(this.typeIds.length / 32));
    const stride = S_TYPES + words;
    grid.summaryStride = stride;
    if (grid.cells.length < cells * stride) grid.cells = new Int32Array(cells * stride);
    else grid.cells.fill(0, 0, cells * stride);
    const start = grid.cellStart;
    for (let cell = 0; cell < cells; cell++) {
      for (let i = start[cell]; i < start[cell + 1]; i++) {
        const meta = grid.meta(i);
        const t = this.typeOf[grid.slot[i]];
        grid.cells[cell * stride + S_TYPES + (t >> 5)] |= 1 << (t & 31);
        if (meta & M_PRACTICES) grid.cells[cell * stride + S_FLAGS] |= CELL_PRACTICES;
        if (meta & M_AREAS) grid.cells[cell * stride + S_FLAGS] |= CELL_AREAS;
        countEntry(grid, cell, meta, 1);
      }
    }
  }

  /** The service types with a profile accepting a disposition bit, as a bit set by type index. */
  typesAccepting(dxBit: number): Int32Array {
    const words = Math.max(1, Math.ceil(this.typeIds.length / 32));
    let cached = this.typesByDx.get(dxBit);
    if (cached === undefined || cached.profiles !== this.profileCount || cached.types.length !== words) {
      const types = new Int32Array(words);
      const W = this.dxWords;
      for (let p = 0; p < this.profileCount; p++) {
        if (this.dxSetBits[this.profileDxSet[p] * W + (dxBit >> 5)] & (1 << (dxBit & 31))) types[this.profileType[p] >> 5] |= 1 << (this.profileType[p] & 31);
      }
      this.typesByDx.set(dxBit, (cached = { profiles: this.profileCount, types }));
    }
    return cached.types;
  }

  /** Records where a group's grid entries now are. */
  private trackGrid(g: GroupIndex): void {
    const grid = g.grid;
    for (let i = 0; i < grid.size; i++) {
      const s = grid.slot[i];
      const k = this.symOf[s]!.groups.indexOf(g);
      this.pos[this.posStart[s] + k] = i;
    }
  }

  private kill(slot: number): void {
    if (!(this.meta[slot] & M_LIVE)) return;
    this.setEntryBits(slot, M_LIVE, false);
    const s = this.svc[slot];
    if (s && this.idToSlot.get(s.id) === slot) this.idToSlot.delete(s.id);
    for (const g of this.symOf[slot]?.groups ?? []) g.dead++;
    this.all.dead++;
    this.svc[slot] = undefined;
    this.symOf[slot] = null;
    this.practices[slot] = null;
    this.referReason[slot] = null;
    this.live--;
    this.deadSlots++;
  }

  private afterMutation(groups: Iterable<GroupIndex>): void {
    if (this.deadSlots > Math.max(4096, this.live)) {
      this.rebuildAll([...this.services()]);
      return;
    }
    // At most one grid rebuild per change (the most overdue), so a burst of changes to services
    // in many groups does not rebuild them all at once and stall searches; an overlay far past
    // its limit is rebuilt regardless.
    let worst: GroupIndex | null = null;
    let worstLoad = 1;
    for (const g of [...groups, this.all]) {
      const load = this.load(g);
      if (load > 4) this.rebuildGroup(g, g === this.all ? 0 : g.words);
      else if (load > worstLoad) [worst, worstLoad] = [g, load];
    }
    if (worst !== null && this.load(worst) > 1) this.rebuildGroup(worst, worst === this.all ? 0 : worst.words);
    if (this.catchAllSlots.length > 64) {
      const live = this.catchAllSlots.filter((s) => this.meta[s] & M_LIVE);
      if (live.length * 2 < this.catchAllSlots.length) this.catchAllSlots = live;
    }
  }

  /** How far past its rebuild point a group is (> 1: due): overlay size, or dead entries above a quarter. */
  private load(g: GroupIndex): number {
    const overlay = g.overlay.size / this.overlayLimit;
    const dead = g.dead > this.overlayLimit ? (g.dead * 4) / Math.max(1, g.grid.size + g.overlay.size) : 0;
    return Math.max(overlay, dead);
  }

  /** A group's grid from its live grid entries and overlay, with `words` mask words per entry. */
  private rebuildGroup(g: GroupIndex, words: number): void {
    const parts: Entries[] = [g.grid, g.overlay];
    let n = 0;
    for (const p of parts) for (let i = 0; i < p.size; i++) if (this.meta[p.slot[i]] & M_LIVE) n++;
    if (rebuildSlots.length < n) rebuildSlots = new Int32Array(n + (n >> 2));
    if (rebuildMasks.length < n * words) rebuildMasks = new Uint32Array((n + (n >> 2)) * words);
    const slots = rebuildSlots;
    const masks = rebuildMasks;
    masks.fill(0, 0, n * words);
    let k = 0;
    for (const p of parts) {
      const w0 = p.words;
      const copy = Math.min(w0, words);
      for (let i = 0; i < p.size; i++) {
        const s = p.slot[i];
        if (!(this.meta[s] & M_LIVE)) continue;
        slots[k] = s;
        for (let w = 0; w < copy; w++) masks[k * words + w] = p.mask(i, w);
        k++;
      }
    }
    g.grid.layout(slots, masks, n, words, this);
    if (g !== this.all) this.summarise(g.grid);
    if (g.overlay.words === words) g.overlay.size = 0;
    else g.overlay = new Entries(words);
    g.dead = 0;
    if (g !== this.all) this.trackGrid(g);
    this.rebuilds++;
  }

  /** Rebuilds everything from these services, in slots ordered by place (for memory locality). */
  private rebuildAll(services: Service[]): void {
    // Spatial order: by grid cell, row-major — the order grid entries are scanned in.
    const keys = new Float64Array(services.length);
    services.forEach((s, i) => (keys[i] = Math.floor(s.lat / CELL_LAT) * 1e5 + Math.floor(s.lon / CELL_LON)));
    const order = Int32Array.from(services.keys()).sort((a, b) => keys[a] - keys[b] || services[a].id - services[b].id);

    this.idToSlot.clear();
    this.groups = new Map();
    this.symptomCache = new WeakMap();
    this.catchAllSlots = [];
    this.slotCount = 0;
    this.live = 0;
    this.deadSlots = 0;
    this.capacity = 0;
    this.meta = new Int32Array(0);
    this.age = new Int32Array(0);
    this.hkey = new Int32Array(0);
    this.posStart = new Int32Array(0);
    this.pos = new Int32Array(0);
    this.posLen = 0;
    this.typeOf = new Int32Array(0);
    this.ids = new Int32Array(0);
    this.lat = new Float64Array(0);
    this.lon = new Float64Array(0);
    this.capReset = new Float64Array(0);
    this.svc = [];
    this.ods = [];
    this.practices = [];
    this.commissioned = [];
    this.limited = [];
    this.promoted = [];
    this.accessReasons = [];
    this.referReason = [];
    this.symOf = [];
    this.ensureCapacity(services.length + 64);

    const seen = new Set<number>();
    for (const i of order) {
      const s = services[i];
      if (seen.has(s.id)) throw new Error(`duplicate service id ${s.id}`);
      seen.add(s.id);
      const slot = this.allocSlot();
      this.writeSlot(slot, s);
      if (this.typeCatchAll[this.typeOf[slot]]) this.catchAllSlots.push(slot);
    }
    const n = this.slotCount;
    this.catchAllSlots.sort((a, b) => this.lat[a] - this.lat[b]);

    // Count entries per group, then fill.
    const counts = new Map<GroupIndex, number>();
    for (let s = 0; s < n; s++) for (const g of this.symOf[s]!.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
    const fill = new Map<GroupIndex, { slots: Int32Array; masks: Uint32Array; words: number; at: number }>();
    for (const [g, count] of counts) {
      const words = Math.max(1, Math.ceil(g.sdBits.size / 32));
      fill.set(g, { slots: new Int32Array(count), masks: new Uint32Array(count * words), words, at: 0 });
    }
    for (let s = 0; s < n; s++) {
      const sym = this.symOf[s]!;
      for (let k = 0; k < sym.groups.length; k++) {
        const f = fill.get(sym.groups[k])!;
        const i = f.at++;
        f.slots[i] = s;
        for (const b of sym.bits[k]) f.masks[i * f.words + (b >> 5)] |= 1 << (b & 31);
      }
    }
    for (const [g, f] of fill) {
      g.grid = new Grid(f.words).layout(f.slots, f.masks, f.slots.length, f.words, this);
      this.summarise(g.grid);
      g.overlay = new Entries(f.words);
      g.dead = 0;
    }
    // Positions: each slot's groups are in fill order, so the k-th group's entry is where it was filled.
    for (const [g] of fill) this.trackGrid(g);
    this.all = new GroupIndex(0, new Grid(0).layout(Int32Array.from({ length: n }, (_, i) => i), new Uint32Array(0), n, 0, this));
    this.rebuilds++;
  }
}
