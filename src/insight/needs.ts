/**
 * The urgent care needs assessment: demand, unmet need and gaps per 1,000 people by area and age
 * band, with 95% intervals, from counts and a population table (shipped for the demo areas,
 * importable as CSV for real ones). Pure.
 *
 * Rates of events in a population are Poisson counts over person-time; intervals use Byar's
 * approximation to the exact Poisson limits, as public health observatories do for rates.
 */
import type { ErrorDetail } from '../platform/errors';
import { malformedFile, readCsv } from './csv';

export interface PopulationRow {
  area: string;
  ageBand: string;
  people: number;
}

export interface NeedCounts {
  area: string;
  ageBand: string;
  contacts: number;
  /** Searches that found nothing suitable. */
  unmet: number;
  /** Services missed for exactly one reason. */
  gaps: number;
}

export interface Rate {
  count: number;
  perThousand: number;
  lower95: number;
  upper95: number;
}

export interface NeedsRow {
  area: string;
  ageBand: string;
  people: number;
  contacts: Rate;
  unmet: Rate;
  gaps: Rate;
}

/** Per 1,000 people over the period, scaled to a year when `periodDays` is given. */
export function needsAssessment(population: readonly PopulationRow[], counts: readonly NeedCounts[], periodDays?: number): NeedsRow[] {
  const scale = periodDays ? 365 / periodDays : 1;
  const people = new Map(population.map((p) => [`${p.area}|${p.ageBand}`, p.people]));
  const rows = new Map<string, NeedCounts>();
  for (const c of counts) {
    const key = `${c.area}|${c.ageBand}`;
    const row = rows.get(key) ?? { area: c.area, ageBand: c.ageBand, contacts: 0, unmet: 0, gaps: 0 };
    rows.set(key, { ...row, contacts: row.contacts + c.contacts, unmet: row.unmet + c.unmet, gaps: row.gaps + c.gaps });
  }
  return population
    .map((p): NeedsRow => {
      const c = rows.get(`${p.area}|${p.ageBand}`) ?? { contacts: 0, unmet: 0, gaps: 0 };
      const denominator = people.get(`${p.area}|${p.ageBand}`) ?? 0;
      return { area: p.area, ageBand: p.ageBand, people: denominator, contacts: rate(c.contacts, denominator, scale), unmet: rate(c.unmet, denominator, scale), gaps: rate(c.gaps, denominator, scale) };
    })
    .sort((a, b) => a.area.localeCompare(b.area) || a.ageBand.localeCompare(b.ageBand));
}

const Z = 1.959964;

/** A rate per 1,000 with Byar's 95% limits (exact enough from a count of 1 upwards; 0 gives 0 to 3.69). */
export function rate(count: number, people: number, scale = 1): Rate {
  if (people <= 0) return { count, perThousand: 0, lower95: 0, upper95: 0 };
  const per = (x: number) => (x / people) * 1000 * scale;
  const lower = count === 0 ? 0 : count * (1 - 1 / (9 * count) - Z / (3 * Math.sqrt(count))) ** 3;
  const o = count + 1;
  const upper = o * (1 - 1 / (9 * o) + Z / (3 * Math.sqrt(o))) ** 3;
  return { count, perThousand: per(count), lower95: per(lower), upper95: per(upper) };
}

/**
 * Reads a population CSV with columns `area`, `age_band`, `people` (header names in any case).
 * Every bad line is named with its column; any problem refuses the file (422).
 */
export function parsePopulationCsv(text: string): PopulationRow[] {
  const records = readCsv(text, malformed);
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const columns = ['area', 'age_band', 'people'];
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) throw malformed(missing.map((c) => ({ path: 'line 1', message: `missing column ${c} (the file needs ${columns.join(', ')})` })));
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  const rows = records.slice(1).map((record, i): PopulationRow => {
    const line = i + 2;
    const get = (c: string) => record[header.indexOf(c)] ?? '';
    const at = (c: string) => `line ${line}, column ${header.indexOf(c) + 1} (${c})`;
    const people = Number(get('people').replaceAll(',', ''));
    if (!get('area')) problems.push({ path: at('area'), message: 'an area is required' });
    if (!get('age_band')) problems.push({ path: at('age_band'), message: 'an age band is required' });
    if (!Number.isInteger(people) || people < 0) problems.push({ path: at('people'), message: `"${get('people')}" is not a whole number of people` });
    const key = `${get('area')}|${get('age_band')}`;
    if (seen.has(key)) problems.push({ path: at('area'), message: `${get('area')} ${get('age_band')} appears twice` });
    seen.add(key);
    return { area: get('area'), ageBand: get('age_band'), people };
  });
  if (problems.length) throw malformed(problems);
  return rows;
}

const malformed = malformedFile('population file', 'malformed_population_file');
