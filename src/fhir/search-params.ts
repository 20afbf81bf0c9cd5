/**
 * Reading a FHIR search from a query string: the common parameters (`_count`, `_offset`, `_include`,
 * `_revinclude`), the resource's own parameters with their modifiers and OR-lists, and what is left
 * over (reported, or refused under `Prefer: handling=strict`). Plus the value syntaxes the directory
 * needs: tokens, references, `near` and dates with prefixes. Pure.
 */
import { DEFAULT_COUNT, FhirError, invalidParameter, MAX_COUNT, type DatePrefix, type ParsedSearch, type SearchParamDef, type SearchValue } from './model';

/** Parameters of the request itself, not of the search: handled by the routes. */
const REQUEST_PARAMS = new Set(['_format', '_pretty']);
const MODIFIERS: Record<string, readonly string[]> = { string: ['exact', 'contains'], token: ['not'], reference: [], date: [], special: [], number: [], uri: [], quantity: [] };

export interface SearchSpec {
  params: SearchParamDef[];
  includes: string[];
  revIncludes: string[];
}

/** Splits a value on commas not escaped with a backslash, unescaping `\,`, `\|`, `\$` and `\\`. */
export function splitOr(value: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && i + 1 < value.length) {
      current += value[++i];
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw invalidParameter(name, `${name} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw invalidParameter(name, `${name} must be between ${min} and ${max}`);
  return n;
}

/** Reads a search's query parameters against what the resource type declares. */
export function parseSearch(query: URLSearchParams, spec: SearchSpec): ParsedSearch {
  const declared = new Map(spec.params.map((p) => [p.name, p]));
  const parsed: ParsedSearch = { params: new Map(), count: DEFAULT_COUNT, offset: 0, include: [], revinclude: [], unknown: [] };
  for (const [key, raw] of query) {
    if (REQUEST_PARAMS.has(key)) continue;
    if (key === '_count') parsed.count = integer('_count', raw, 0, MAX_COUNT);
    else if (key === '_offset') parsed.offset = integer('_offset', raw, 0, 10_000_000);
    else if (key === '_include' || key === '_revinclude') {
      const supported = key === '_include' ? spec.includes : spec.revIncludes;
      for (const value of splitOr(raw)) {
        if (!supported.includes(value)) {
          throw invalidParameter(key, `${key}=${value} is not supported here${supported.length ? ` (supported: ${supported.join(', ')})` : ''}`);
        }
        (key === '_include' ? parsed.include : parsed.revinclude).push(value);
      }
    } else {
      const colon = key.indexOf(':');
      const name = colon < 0 ? key : key.slice(0, colon);
      const modifier = colon < 0 ? undefined : key.slice(colon + 1);
      const def = declared.get(name);
      if (!def) {
        parsed.unknown.push(key);
        continue;
      }
      if (modifier !== undefined && !MODIFIERS[def.type].includes(modifier)) {
        throw invalidParameter(key, `the modifier :${modifier} is not supported for ${name}`);
      }
      const values = splitOr(raw);
      if (values.some((v) => v === '')) throw invalidParameter(key, `${key} has an empty value`);
      const list = parsed.params.get(name) ?? [];
      list.push({ ...(modifier ? { modifier } : {}), values });
      parsed.params.set(name, list);
    }
  }
  return parsed;
}

/** A search token: `system|code`, `|code` (no system), `system|` (any code) or `code` (any system). */
export interface Token {
  /** undefined: any system; '': no system */
  system?: string;
  /** undefined: any code in the system */
  code?: string;
}

export function parseToken(value: string): Token {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1);
  return { system, ...(code ? { code } : {}) };
}

export function tokenMatches(token: Token, codings: readonly { system?: string; code?: string; value?: string }[]): boolean {
  return codings.some((c) => {
    const code = c.code ?? c.value;
    if (token.system !== undefined && (c.system ?? '') !== token.system) return false;
    return token.code === undefined || code === token.code;
  });
}

/** The id a reference search value names for a target type: `Organization/x`, `x`, or an absolute URL ending in either. */
export function referenceId(value: string, targetType: string, name: string): string {
  const match = new RegExp(`(?:^|/)${targetType}/([A-Za-z0-9.-]{1,64})(?:/_history/[^/]+)?$`).exec(value);
  if (match) return match[1];
  if (/^[A-Za-z0-9.-]{1,64}$/.test(value)) return value;
  throw invalidParameter(name, `${name} must reference a ${targetType} (${targetType}/id or id), not "${value}"`);
}

// ---- near ----

export interface Near {
  lat: number;
  lon: number;
  km: number;
}

const KM_PER: Record<string, number> = { km: 1, m: 0.001, mi: 1.609344, '[mi_i]': 1.609344 };
/** Without a distance, the nearest this many km (the directory search's national default is 60). */
export const DEFAULT_NEAR_KM = 10;
export const MAX_NEAR_KM = 200;

/** `near=lat|lon|distance|unit` (distance and unit optional; units km, m, mi or [mi_i]). */
export function parseNear(value: string): Near {
  const [latText, lonText, distanceText, unitText] = value.split('|');
  const lat = Number(latText);
  const lon = Number(lonText);
  if (!latText || !lonText || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw invalidParameter('near', `near must be latitude|longitude|distance|unit, e.g. 51.28|1.08|10|km, not "${value}"`);
  }
  let km = DEFAULT_NEAR_KM;
  if (distanceText) {
    const distance = Number(distanceText);
    const unit = unitText || 'km';
    const factor = KM_PER[unit];
    if (!Number.isFinite(distance) || distance <= 0) throw invalidParameter('near', `near's distance must be a positive number, not "${distanceText}"`);
    if (!factor) throw invalidParameter('near', `near's unit must be one of ${Object.keys(KM_PER).join(', ')}, not "${unit}"`);
    km = distance * factor;
    if (km > MAX_NEAR_KM) throw invalidParameter('near', `near's distance may be at most ${MAX_NEAR_KM} km`);
  }
  return { lat, lon, km };
}

// ---- dates ----

const PREFIXES = new Set<DatePrefix>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb']);
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A date search value: the prefix and the range of instants [start, end) the value stands for. */
export interface DateRange {
  prefix: DatePrefix;
  start: number;
  end: number;
}

export function parseDateValue(value: string, name: string): DateRange {
  const maybePrefix = value.slice(0, 2) as DatePrefix;
  const prefix: DatePrefix = PREFIXES.has(maybePrefix) ? maybePrefix : 'eq';
  const text = PREFIXES.has(maybePrefix) ? value.slice(2) : value;
  if (/^ap/.test(value)) throw invalidParameter(name, `the prefix ap is not supported for ${name}`);
  const m = DATE.exec(text);
  if (!m) throw invalidParameter(name, `${name} must be a FHIR date or dateTime with an optional prefix (eq, ne, gt, lt, ge, le, sa, eb), not "${value}"`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && !zone) throw invalidParameter(name, `${name} with a time must give a time zone (Z or ±hh:mm)`);
  const year = Number(y);
  const month = mo ? Number(mo) : 1;
  const day = d ? Number(d) : 1;
  if (month < 1 || month > 12 || day < 1 || day > 31) throw invalidParameter(name, `${name} is not a real date: "${text}"`);
  let start: number;
  let end: number;
  if (h !== undefined) {
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone}`;
    start = Date.parse(iso);
    if (Number.isNaN(start)) throw invalidParameter(name, `${name} is not a real time: "${text}"`);
    const precisionMs = frac ? 10 ** (3 - Math.min(3, frac.length - 1)) : s ? 1000 : 60_000;
    end = start + precisionMs;
  } else if (d) {
    start = Date.UTC(year, month - 1, day);
    if (new Date(start).getUTCDate() !== day) throw invalidParameter(name, `${name} is not a real date: "${text}"`);
    end = Date.UTC(year, month - 1, day + 1);
  } else if (mo) {
    start = Date.UTC(year, month - 1, 1);
    end = Date.UTC(year, month, 1);
  } else {
    start = Date.UTC(year, 0, 1);
    end = Date.UTC(year + 1, 0, 1);
  }
  return { prefix, start, end };
}

/** Whether an instant (a resource's lastUpdated) satisfies a date search value. */
export function instantMatches(at: number, range: DateRange): boolean {
  switch (range.prefix) {
    case 'eq':
      return at >= range.start && at < range.end;
    case 'ne':
      return at < range.start || at >= range.end;
    case 'gt':
    case 'sa':
      return at >= range.end;
    case 'lt':
    case 'eb':
      return at < range.start;
    case 'ge':
      return at >= range.start;
    case 'le':
      return at < range.end;
    default:
      return false;
  }
}

/**
 * A date parameter's test of an instant (`_lastUpdated` on every resource type that has one): the
 * value's alternatives OR-ed, each with its prefix. Parsed here, so a malformed value is a 400 naming
 * the parameter before anything is read.
 */
export function instantTest(value: SearchValue, name: string): (at: number) => boolean {
  const ranges = value.values.map((v) => parseDateValue(v, name));
  return (at) => ranges.some((r) => instantMatches(at, r));
}

/** `true`/`false` for a boolean token parameter (`active`). */
export function parseBoolean(value: string, name: string): boolean {
  const token = parseToken(value).code;
  if (token === 'true') return true;
  if (token === 'false') return false;
  throw invalidParameter(name, `${name} must be true or false, not "${value}"`);
}

/** The parameters the request did not use, as a 400 (strict handling). */
export function unknownParametersError(unknown: string[], type: string): FhirError {
  return new FhirError(
    400,
    unknown.map((name) => ({ severity: 'error', code: 'not-supported', diagnostics: `Unknown search parameter ${name} for ${type}`, expression: [name] })),
  );
}
