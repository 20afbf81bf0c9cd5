/**
 * UK postcodes and the ONS Postcode Directory (ONSPD).
 *
 * Pure: `parseOnspd` reads lines from any async iterable, so the caller chooses the source, e.g.
 *   readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity })
 * The real file has ~2.7 million rows (~1.3 GB) with every field quoted; rows are parsed one at
 * a time and never held in memory.
 */

import type { Nation } from './nation';

export type { Nation };

// ── Postcodes ───────────────────────────────────────────────────────────────────────────────

/**
 * The outward code (district) in its four shapes — A9, A99, AA9, AA99, A9A, AA9A — with the
 * letters each position may hold, then the inward code (9AA).
 */
const POSTCODE = new RegExp(
  '^(' +
    '[A-PR-UWYZ][0-9][0-9]?' + //              A9, A99
    '|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?' + //     AA9, AA99
    '|[A-PR-UWYZ][0-9][A-HJKPSTUW]' + //       A9A
    '|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]' + // AA9A
    ')([0-9][ABD-HJLNP-UW-Z]{2})$',
);

/**
 * "ct11aa", " CT1  1AA " → "CT1 1AA" (upper case, one space before the inward code).
 * Returns null when the input is not shaped like a UK postcode. GIR 0AA is accepted.
 */
export function normalisePostcode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 16) return null;
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === 'GIR0AA') return 'GIR 0AA';
  const m = POSTCODE.exec(compact);
  return m ? `${m[1]} ${m[2]}` : null;
}

/** "CT1 1AA" → { district: "CT1", sector: "CT1 1" }. Throws a RangeError if it is not a postcode. */
export function postcodeParts(pc: string): { district: string; sector: string } {
  const normal = normalisePostcode(pc);
  if (normal === null) throw new RangeError(`not a postcode: ${JSON.stringify(pc)}`);
  const [district, inward] = normal.split(' ') as [string, string];
  return { district, sector: `${district} ${inward[0]}` };
}

// ── Countries ───────────────────────────────────────────────────────────────────────────────

const NATIONS: Readonly<Record<string, Nation>> = {
  E92000001: 'england-and-wales', // England
  W92000004: 'england-and-wales', // Wales
  S92000003: 'scotland',
  N92000002: 'northern-ireland',
};

/**
 * ONS country code → the nation whose bank holidays apply. Channel Islands (L93000001), Isle of
 * Man (M83000003) and anything else → null.
 */
export function nationFromCountryCode(code: string): Nation | null {
  return NATIONS[code.trim()] ?? null;
}

// ── ONSPD ───────────────────────────────────────────────────────────────────────────────────

export interface OnspdRecord {
  /** normalised, e.g. "CT1 1AA" */
  postcode: string;
  lat: number;
  lon: number;
  /** the value of the chosen area column; null when empty or an ONS pseudo code (E99999999) */
  areaCode: string | null;
  /** from the country column; null outside the three bank-holiday nations or with no country column */
  nation: Nation | null;
}

export interface OnspdOptions {
  /** the area column to carry, e.g. "sicbl", "icb", "ccg", "oslaua" (matched case-insensitively) */
  areaColumn: string;
  /** keep postcodes that have a date of termination (default: skip them) */
  includeTerminated?: boolean;
  /**
   * Called for a row that cannot be used (wrong number of fields, bad quoting, a value that is not
   * a postcode or a coordinate); the row is then skipped. Without it such a row throws.
   * Terminated postcodes and rows with no grid reference are skipped silently: they are expected.
   */
  onBadRow?: (problem: { line: number; reason: string }) => void;
}

/** The ONSPD file (or one of its rows) cannot be read. `line` is 1-based, the header is line 1. */
export class OnspdError extends Error {
  override readonly name = 'OnspdError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `ONSPD line ${line}: ${message}`);
  }
}

/** Postcode columns, best first: pcds is already "CT1 1AA"; the others are normalised. */
const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd2', 'pcd7', 'pcd8'];

/** ONSPD's "no grid reference" marker is lat 99.999999, long 0.000000. */
const NO_GRID_LAT = 99;

/** ONS pseudo codes for "no area of this kind", e.g. E99999999, L99999999. */
const PSEUDO_AREA = /^[A-Z]99999999$/;

/**
 * Parse the ONSPD CSV: header first, then one postcode per row. Yields live postcodes with a grid
 * reference (terminated ones too with `includeTerminated`). Throws `OnspdError` naming any
 * required column the header lacks.
 */
export async function* parseOnspd(
  lines: AsyncIterable<string>,
  opts: OnspdOptions,
): AsyncGenerator<OnspdRecord> {
  let columns: Columns | undefined;
  let lineNo = 0;
  let pending = ''; // a record whose quoted field runs onto the next line
  let pendingStart = 0;

  for await (const rawLine of lines) {
    lineNo++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const text = pending ? `${pending}\n${line}` : line;
    const startLine = pending ? pendingStart : lineNo;
    if (!pending && text.trim() === '') continue;

    let fields: string[] | null;
    try {
      fields = splitCsvRecord(text);
    } catch (err) {
      pending = '';
      if (!columns) throw new OnspdError(`cannot read the header: ${(err as Error).message}`, startLine);
      reportBadRow(opts, startLine, (err as Error).message);
      continue;
    }
    if (fields === null) {
      // an open quote: the record continues on the next line
      if (!pending) pendingStart = lineNo;
      pending = text;
      continue;
    }
    pending = '';

    if (!columns) {
      columns = resolveColumns(fields, opts);
      continue;
    }
    const record = toRecord(fields, columns, opts, startLine);
    if (record) yield record;
  }

  if (pending) reportBadRow(opts, pendingStart, 'a quoted field is never closed');
  if (!columns) throw new OnspdError('the file is empty (no header row)');
}

interface Columns {
  count: number;
  postcode: number;
  doterm: number; // -1 when not present and not needed
  lat: number;
  lon: number;
  area: number;
  country: number; // -1 when not present
}

function resolveColumns(header: string[], opts: OnspdOptions): Columns {
  const names = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase());
  const index = (name: string) => names.indexOf(name.toLowerCase());
  const missing: string[] = [];
  const required = (name: string): number => {
    const i = index(name);
    if (i < 0) missing.push(name);
    return i;
  };

  const postcode = POSTCODE_COLUMNS.map(index).find((i) => i >= 0) ?? -1;
  if (postcode < 0) missing.push(`a postcode column (one of ${POSTCODE_COLUMNS.join(', ')})`);
  const doterm = opts.includeTerminated ? index('doterm') : required('doterm');
  const lat = required('lat');
  const lon = required('long');
  const area = required(opts.areaColumn);
  // "ctry" in the classic layout; later releases suffix the vintage, e.g. "ctry25cd"
  const country = names.findIndex((n) => n === 'ctry' || /^ctry\d{2}cd$/.test(n));

  if (missing.length > 0) {
    const list = missing.map((m) => (m.startsWith('a postcode') ? m : `"${m}"`)).join(', ');
    throw new OnspdError(
      `the ONSPD header has no ${list} column${missing.length > 1 ? 's' : ''} (header: ${names.slice(0, 12).join(',')}${names.length > 12 ? ',…' : ''})`,
      1,
    );
  }
  return { count: names.length, postcode, doterm, lat, lon, area, country };
}

function toRecord(fields: string[], c: Columns, opts: OnspdOptions, line: number): OnspdRecord | undefined {
  if (fields.length !== c.count) {
    reportBadRow(opts, line, `expected ${c.count} fields, found ${fields.length}`);
    return undefined;
  }
  if (!opts.includeTerminated && fields[c.doterm].trim() !== '') return undefined;

  const latText = fields[c.lat].trim();
  const lonText = fields[c.lon].trim();
  if (latText === '' || lonText === '') return undefined; // no grid reference
  const lat = Number(latText);
  const lon = Number(lonText);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
    reportBadRow(opts, line, `lat/long are not numbers: ${JSON.stringify(latText)}, ${JSON.stringify(lonText)}`);
    return undefined;
  }
  if (lat >= NO_GRID_LAT) return undefined; // 99.999999: no grid reference
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
    reportBadRow(opts, line, `lat/long out of range: ${latText}, ${lonText}`);
    return undefined;
  }

  const postcode = normalisePostcode(fields[c.postcode]);
  if (postcode === null) {
    reportBadRow(opts, line, `not a postcode: ${JSON.stringify(fields[c.postcode])}`);
    return undefined;
  }

  const area = fields[c.area].trim();
  return {
    postcode,
    lat,
    lon,
    areaCode: area === '' || PSEUDO_AREA.test(area) ? null : area,
    nation: c.country >= 0 ? nationFromCountryCode(fields[c.country]) : null,
  };
}

function reportBadRow(opts: OnspdOptions, line: number, reason: string): void {
  if (!opts.onBadRow) throw new OnspdError(reason, line);
  opts.onBadRow({ line, reason });
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Split one CSV record (RFC 4180: fields separated by commas, optionally quoted with `"`, a quote
 * inside a quoted field doubled). Returns null when a quoted field is still open at the end of
 * the text (the record continues on the next line). Throws on text after a closing quote.
 */
export function splitCsvRecord(text: string): string[] | null {
  const fields: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return null;
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === n) return fields;
      if (text.charCodeAt(i) !== 44 /* , */) {
        throw new Error(`unexpected text after a closing quote in field ${fields.length}`);
      }
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
    if (i === n) {
      fields.push(''); // a trailing comma ends with an empty field
      return fields;
    }
  }
}
