/**
 * The repeat caller rule: at the start of each contact, look for earlier contacts in the last 96
 * hours. A verified NHS number match, or at least 4 of 5 demographic items (first name, last name,
 * date of birth, sex, postcode), makes a repeat caller; exactly 3 of 5 a possible one, to confirm with
 * the caller. Pure: the store finds the candidates, this decides.
 */
import type { Patient, RepeatMatch } from './model';

export const REPEAT_WINDOW_HOURS = 96;
export const DEMOGRAPHIC_ITEMS = ['firstName', 'lastName', 'dateOfBirth', 'sex', 'postcode'] as const;
export type DemographicItem = (typeof DEMOGRAPHIC_ITEMS)[number];

/** The five items as compared: names without case, accents, spaces or punctuation; postcode without spaces. */
export interface MatchKeys {
  nhsNumber: string | null;
  nhsVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  /** only female or male count: "unknown" matches nothing */
  sex: string | null;
  postcode: string | null;
}

export function normaliseName(name: string | null | undefined): string | null {
  if (!name) return null;
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return key || null;
}

export function normalisePostcode(postcode: string | null | undefined): string | null {
  const key = postcode?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key || null;
}

export function matchKeysOf(patient: Pick<Patient, 'nhsNumber' | 'nhsNumberStatus' | 'firstName' | 'lastName' | 'dateOfBirth' | 'sex' | 'postcode' | 'address'>): MatchKeys {
  return {
    nhsNumber: patient.nhsNumber ?? null,
    nhsVerified: Boolean(patient.nhsNumber) && patient.nhsNumberStatus === '01',
    firstName: normaliseName(patient.firstName),
    lastName: normaliseName(patient.lastName),
    dateOfBirth: patient.dateOfBirth || null,
    sex: patient.sex === 'female' || patient.sex === 'male' ? patient.sex : null,
    postcode: normalisePostcode(patient.postcode ?? patient.address?.postcode),
  };
}

export interface Comparison {
  nhsNumberMatch: boolean;
  matched: DemographicItem[];
}

/** Which items two contacts share; a missing item on either side matches nothing. */
export function compare(a: MatchKeys, b: MatchKeys): Comparison {
  const matched = DEMOGRAPHIC_ITEMS.filter((item) => a[item] !== null && a[item] === b[item]);
  return { nhsNumberMatch: a.nhsVerified && b.nhsVerified && a.nhsNumber === b.nhsNumber, matched };
}

export type RepeatVerdict = 'repeat' | 'possible' | 'none';

export function verdictOf(comparison: Comparison): RepeatVerdict {
  if (comparison.nhsNumberMatch || comparison.matched.length >= 4) return 'repeat';
  if (comparison.matched.length === 3) return 'possible';
  return 'none';
}

export interface Candidate {
  caseId: string;
  openedAt: Date;
  presentingProblem: string;
  disposition: string | null;
  keys: MatchKeys;
}

/**
 * Judges the earlier contacts found in the window: the strongest verdict wins; matches are listed
 * newest first, those that decided the verdict only (a possible match is not shown beside a sure one).
 */
export function findRepeat(current: MatchKeys, candidates: Candidate[], now: Date): { status: RepeatVerdict; matches: RepeatMatch[] } {
  const since = now.getTime() - REPEAT_WINDOW_HOURS * 3600_000;
  const judged = candidates
    .filter((c) => c.openedAt.getTime() >= since && c.openedAt.getTime() <= now.getTime())
    .map((c) => ({ candidate: c, comparison: compare(current, c.keys) }))
    .map((j) => ({ ...j, verdict: verdictOf(j.comparison) }))
    .filter((j) => j.verdict !== 'none');
  const status: RepeatVerdict = judged.some((j) => j.verdict === 'repeat') ? 'repeat' : judged.length ? 'possible' : 'none';
  const matches = judged
    .filter((j) => j.verdict === status)
    .sort((a, b) => b.candidate.openedAt.getTime() - a.candidate.openedAt.getTime())
    .map(({ candidate, comparison }) => ({
      caseId: candidate.caseId,
      openedAt: candidate.openedAt,
      presentingProblem: candidate.presentingProblem,
      disposition: candidate.disposition,
      basis: comparison.nhsNumberMatch ? ('nhs-number' as const) : ('demographics' as const),
      matched: comparison.nhsNumberMatch ? ['nhsNumber', ...comparison.matched] : [...comparison.matched],
      score: comparison.matched.length,
    }));
  return { status, matches };
}
