// Why this file exists: the search needs "every entry within d km of a point" thousands of times a
// second over ~1.4 million (service, symptom group) entries. Entries are packed into flat typed
// arrays holding everything the hot loop reads (coordinates, slot, discriminator mask, static
// flags with referral roles and disposition-set id, age range, timetable key), so a search streams
// through memory instead of chasing objects. A `Grid` orders them by ~5.5 km cell, row-major, so
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
  age: Int32Array;
  hkey: Int32Array;
}

function grown<T extends Float32Array | Int32Array | Uint32Array>(a: T, n: number, keep: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  if (keep > 0) b.set(a.subarray(0, keep));
  return b;
}

/** Packed entries; `size` are in use. */
export class Entries {
  size = 0;
  lat: Float32Array;
  lon: Float32Array;
  slot: Int32Array;
  /** `words` words per entry */
  masks: Uint32Array;
  meta: Int32Array;
  age: Int32Array;
  hkey: Int32Array;

  constructor(
    public words: number,
    capacity = 0,
  ) {
    this.lat = new Float32Array(capacity);
    this.lon = new Float32Array(capacity);
    this.slot = new Int32Array(capacity);
    this.masks = new Uint32Array(capacity * words);
    this.meta = new Int32Array(capacity);
    this.age = new Int32Array(capacity);
    this.hkey = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.slot.length;
  }

  /** Writes entry `i` from the slot columns (mask words from `masks` at `maskOffset`). */
  set(i: number, slot: number, cols: SlotColumns, masks: ArrayLike<number>, maskOffset: number): void {
    this.lat[i] = cols.lat[slot];
    this.lon[i] = cols.lon[slot];
    this.slot[i] = slot;
    this.meta[i] = cols.meta[slot];
    this.age[i] = cols.age[slot];
    this.hkey[i] = cols.hkey[slot];
    const w = this.words;
    for (let k = 0; k < w; k++) this.masks[i * w + k] = masks[maskOffset + k];
  }

  /** Appends an entry (overlay use), growing the buffers. */
  push(slot: number, cols: SlotColumns, masks: ArrayLike<number>, maskOffset: number): void {
    if (this.size === this.capacity) this.reserve(Math.max(16, this.capacity * 2), this.size);
    this.set(this.size++, slot, cols, masks, maskOffset);
  }

  /** Room for `n` entries of `words` mask words, keeping the first `keep` entries (same words only). */
  protected reserve(n: number, keep: number, words = this.words): void {
    if (words !== this.words) {
      this.masks = new Uint32Array(n * words);
      this.words = words;
      keep = 0;
    } else if (this.masks.length < n * words) this.masks = grown(this.masks, n * words, keep * words);
    if (this.slot.length >= n) return;
    this.lat = grown(this.lat, n, keep);
    this.lon = grown(this.lon, n, keep);
    this.slot = grown(this.slot, n, keep);
    this.meta = grown(this.meta, n, keep);
    this.age = grown(this.age, n, keep);
    this.hkey = grown(this.hkey, n, keep);
  }

  /** Bytes held in typed arrays. */
  get bytes(): number {
    return this.capacity * 24 + this.masks.byteLength;
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
    return super.bytes + this.cellStart.byteLength;
  }
}
