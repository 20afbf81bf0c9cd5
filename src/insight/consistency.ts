/**
 * Consistency between services of one kind: six minor injuries units side by side — hours a week,
 * what they treat, the ages they see, how often they are red, how often they accept — with the ones
 * that differ from their peers marked. Pure.
 *
 * "Differs" is robust to the very outliers it looks for: a value is an outlier when it lies more than
 * 1.5 interquartile ranges beyond the quartiles of its peers (Tukey's fences), and the clinical offer
 * is compared with what most peers offer (present in at least half of them).
 */
import { quantileSorted } from 'simple-statistics';

export interface ServiceFacts {
  id: number;
  name: string;
  /** The kind the services are grouped by (service type). */
  kind: string;
  hoursPerWeek: number;
  /** What the service treats: e.g. symptom group / discriminator pairs or capability codes. */
  offer: readonly string[];
  minAgeYears: number | null;
  maxAgeYears: number | null;
  /** Share of the period spent red, 0–1; null if unknown. */
  redShare: number | null;
  /** Referrals accepted ÷ referrals answered, 0–1; null if none were answered. */
  acceptance: number | null;
}

export const NUMERIC_FACTS = ['hoursPerWeek', 'offerSize', 'minAgeYears', 'maxAgeYears', 'redShare', 'acceptance'] as const;
export type NumericFact = (typeof NUMERIC_FACTS)[number];

export interface Outlier {
  fact: NumericFact;
  value: number;
  side: 'high' | 'low';
  /** The peers' median, to say "48 h a week where most open 84". */
  peerMedian: number;
}

export interface ConsistencyRow {
  id: number;
  name: string;
  facts: Record<NumericFact, number | null>;
  outliers: Outlier[];
  /** What most peers offer that this one does not, and what it alone (or a few) offer. */
  missingFromOffer: string[];
  extraInOffer: string[];
}

export interface ConsistencyGroup {
  kind: string;
  services: number;
  /** Offer entries present in at least half of the group. */
  usualOffer: string[];
  rows: ConsistencyRow[];
}

/** Fewer peers than this and nobody can be called an outlier. */
export const MIN_PEERS = 4;

export function consistencyReport(services: readonly ServiceFacts[]): ConsistencyGroup[] {
  const byKind = new Map<string, ServiceFacts[]>();
  for (const s of services) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  return [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, group]) => groupReport(kind, group));
}

function factsOf(s: ServiceFacts): Record<NumericFact, number | null> {
  return { hoursPerWeek: s.hoursPerWeek, offerSize: s.offer.length, minAgeYears: s.minAgeYears, maxAgeYears: s.maxAgeYears, redShare: s.redShare, acceptance: s.acceptance };
}

function groupReport(kind: string, group: readonly ServiceFacts[]): ConsistencyGroup {
  const facts = group.map(factsOf);
  const fences = Object.fromEntries(NUMERIC_FACTS.map((fact) => [fact, fencesOf(facts.map((f) => f[fact]))])) as Record<NumericFact, Fences | null>;
  const usualOffer = usual(group);
  const usualSet = new Set(usualOffer);
  const rows = group.map((s, i): ConsistencyRow => {
    const own = new Set(s.offer);
    return {
      id: s.id,
      name: s.name,
      facts: facts[i],
      outliers: NUMERIC_FACTS.flatMap((fact) => outlierOf(fact, facts[i][fact], fences[fact])),
      missingFromOffer: usualOffer.filter((o) => !own.has(o)),
      extraInOffer: [...own].filter((o) => !usualSet.has(o)).sort(),
    };
  });
  return { kind, services: group.length, usualOffer, rows };
}

interface Fences {
  low: number;
  high: number;
  median: number;
}

function fencesOf(values: readonly (number | null)[]): Fences | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length < MIN_PEERS) return null;
  const q1 = quantileSorted(known, 0.25);
  const q3 = quantileSorted(known, 0.75);
  const iqr = q3 - q1;
  return { low: q1 - 1.5 * iqr, high: q3 + 1.5 * iqr, median: quantileSorted(known, 0.5) };
}

function outlierOf(fact: NumericFact, value: number | null, fences: Fences | null): Outlier[] {
  if (value === null || !fences) return [];
  if (value > fences.high) return [{ fact, value, side: 'high', peerMedian: fences.median }];
  if (value < fences.low) return [{ fact, value, side: 'low', peerMedian: fences.median }];
  return [];
}

function usual(group: readonly ServiceFacts[]): string[] {
  const counts = new Map<string, number>();
  for (const s of group) for (const o of new Set(s.offer)) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts.entries()].filter(([, n]) => n * 2 >= group.length).map(([o]) => o).sort();
}
