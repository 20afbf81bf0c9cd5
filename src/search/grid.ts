// Why this file exists: the search needs "every entry within d km of a point" thousands of times a
// second over ~1.4 million (service, symptom group) entries. Each entry is a few consecutive words
// of one typed array holding everything the hot loop reads — coordinates, flags with referral
// roles and profile id (dispositions, timetable, age range, type), discriminator mask — so a
// search streams through memory instead of chasing objects (a median search spends about half its
// time waiting for memory, so bytes per entry count). A `Grid` orders them by ~5.5 km cell, row-major, so
// the entries near a point are one contiguous run per grid row; an `Entries` buffer without cells
// is the append-only overlay of recent changes. Both are scanned by the same loop.
//
// Rebuilding a grid re-lays it out in its own arrays (growing them with headroom only when they
// are too small) using shared scratch buffers: in steady state a rebuild allocates nothing, so it
// does not push V8 into full collections of a large heap through ArrayBuffer churn.

/** Cell height in degrees of latitude (~5.6 km). */
export const CELL_LAT = 0.05;
/** Cell width in degrees of longitude (~5.5 km at 52°N). */
export const CELL_LON = 0.08;

/** Per-slot sources of the packed entry fields (kept by the index). */
export interface SlotColumns {
  lat: Float64Array;
  lon: Float64Array;
  meta: Int32Array;
}

function grown<T extends Int32Array>(a: T, n: number, keep: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  if (keep > 0) b.set(a.subarray(0, keep));
  return b;
}

/**
 * A cell's summary, `Grid.summaryStride` words of `Grid.cells`: how many live active services open to
 * any practice's patients it holds, accepting female patients / male / both; flags; then the service
 * types in it (alive or not) as bits, `summaryStride - S_TYPES` words.
 */
export const S_FEMALE = 0;
export const S_MALE = 1;
export const S_BOTH = 2;
export const S_FLAGS = 3;
export const S_TYPES = 4;
/** `S_FLAGS`: some service in the cell is only for certain practices' patients / has area lists. */
export const CELL_PRACTICES = 1;
export const CELL_AREAS = 2;

/** Word offsets within an entry: coordinates (float32), meta, then the mask words. */
export const E_LAT = 0;
export const E_LON = 1;
export const E_META = 2;
export const E_MASKS = 3;

/**
 * Packed entries; `size` are in use. Each entry is `stride` consecutive 32-bit words of `data`
 * (`coords` views the same memory as float32): what the hot loop reads of one entry shares a cache
 * line, so a search streams one array instead of six. The slot is apart: only rare paths read it.
 */
export class Entries {
  size = 0;
  stride: number;
  data: Int32Array;
  coords: Float32Array;
  slot: Int32Array;

  constructor(
    public words: number,
    capacity = 0,
  ) {
    this.stride = E_MASKS + words;
    this.data = new Int32Array(capacity * this.stride);
    this.coords = new Float32Array(this.data.buffer);
    this.slot = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.slot.length;
  }

  /** Writes entry `i` from the slot columns (mask words from `masks` at `maskOffset`). */
  set(i: number, slot: number, cols: SlotColumns, masks: ArrayLike<number>, maskOffset: number): void {
    const o = i * this.stride;
    this.coords[o + E_LAT] = cols.lat[slot];
    this.coords[o + E_LON] = cols.lon[slot];
    this.data[o + E_META] = cols.meta[slot];
    this.slot[i] = slot;
    const w = this.words;
    for (let k = 0; k < w; k++) this.data[o + E_MASKS + k] = masks[maskOffset + k];
  }

  meta(i: number): number {
    return this.data[i * this.stride + E_META];
  }

  setMetaBit(i: number, bit: number, on: boolean): void {
    const o = i * this.stride + E_META;
    this.data[o] = on ? this.data[o] | bit : this.data[o] & ~bit;
  }

  /** Mask word `w` of entry `i`. */
  mask(i: number, w: number): number {
    return this.data[i * this.stride + E_MASKS + w] >>> 0;
  }

  /** Appends an entry (overlay use), growing the buffers. */
  push(slot: number, cols: SlotColumns, masks: ArrayLike<number>, maskOffset: number): void {
    if (this.size === this.capacity) this.reserve(Math.max(16, this.capacity * 2), this.size);
    this.set(this.size++, slot, cols, masks, maskOffset);
  }

  /** Room for `n` entries of `words` mask words, keeping the first `keep` entries (same words only). */
  protected reserve(n: number, keep: number, words = this.words): void {
    if (words !== this.words) {
      this.words = words;
      this.stride = E_MASKS + words;
      keep = 0;
    }
    if (this.data.length < n * this.stride) {
      this.data = grown(this.data, n * this.stride, keep * this.stride);
      this.coords = new Float32Array(this.data.buffer);
    }
    if (this.slot.length < n) this.slot = grown(this.slot, n, keep);
  }

  /** Bytes held in typed arrays. */
  get bytes(): number {
    return this.data.byteLength + this.slot.byteLength;
  }
}

// Scratch for layouts (module-wide: layouts never interleave).
let cellOfScratch = new Int32Array(0);
let fillScratch = new Int32Array(0);

export class Grid extends Entries {
  row0 = 0;
  col0 = 0;
  rows = 1;
  cols = 1;
  /** entries of cell (r, c) are [cellStart[r*cols+c], cellStart[r*cols+c+1]) */
  cellStart = new Int32Array(2);
  /**
   * A summary of each cell (S_*), kept by the index (it knows what the meta bits mean), so a search
   * can pass over a cell whose services can be neither results nor kept gaps without reading them.
   * One cell's summary is consecutive words: a cache line, not three.
   */
  cells = new Int32Array(S_TYPES + 1);
  summaryStride = S_TYPES + 1;

  /**
   * Lays out `n` entries by cell in this grid's own arrays (grown with headroom if too small).
   * @param slots the slot of each entry
   * @param masks `words` words per entry, in the order of `slots` (must not be this grid's arrays)
   */
  layout(slots: Int32Array, masks: Uint32Array, n: number, words: number, cols: SlotColumns): this {
    if (this.capacity < n || this.words !== words) this.reserve(n + (n >> 3), 0, words);
    if (cellOfScratch.length < n) cellOfScratch = new Int32Array(n + (n >> 2));
    const cellOf = cellOfScratch;
    let rMin = Infinity;
    let rMax = -Infinity;
    let cMin = Infinity;
    let cMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = slots[i];
      const r = Math.floor(cols.lat[s] / CELL_LAT);
      const c = Math.floor(cols.lon[s] / CELL_LON);
      if (r < rMin) rMin = r;
      if (r > rMax) rMax = r;
      if (c < cMin) cMin = c;
      if (c > cMax) cMax = c;
    }
    if (n === 0) rMin = rMax = cMin = cMax = 0;
    this.row0 = rMin;
    this.col0 = cMin;
    this.rows = rMax - rMin + 1;
    this.cols = cMax - cMin + 1;
    const cells = this.rows * this.cols;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1);
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    for (let i = 0; i < n; i++) {
      const s = slots[i];
      const cell = (Math.floor(cols.lat[s] / CELL_LAT) - rMin) * this.cols + (Math.floor(cols.lon[s] / CELL_LON) - cMin);
      cellOf[i] = cell;
      start[cell + 1]++;
    }
    for (let k = 0; k < cells; k++) start[k + 1] += start[k];
    if (fillScratch.length < cells) fillScratch = new Int32Array(cells + (cells >> 2));
    const fill = fillScratch;
    fill.set(start.subarray(0, cells));
    for (let i = 0; i < n; i++) this.set(fill[cellOf[i]]++, slots[i], cols, masks, i * words);
    this.size = n;
    return this;
  }

  /** The cell index of entry `i`. */
  cellOfEntry(i: number): number {
    const start = this.cellStart;
    let lo = 0;
    let hi = this.rows * this.cols - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Grid row of a latitude, clamped to the grid. */
  rowOf(lat: number): number {
    const r = Math.floor(lat / CELL_LAT) - this.row0;
    return r < 0 ? 0 : r >= this.rows ? this.rows - 1 : r;
  }

  colOf(lon: number): number {
    const c = Math.floor(lon / CELL_LON) - this.col0;
    return c < 0 ? 0 : c >= this.cols ? this.cols - 1 : c;
  }

  override get bytes(): number {
    return super.bytes + this.cellStart.byteLength + this.cells.byteLength;
  }
}
