// Types and request schema of the directory search (shared/reference/directory-search.md).
import { z } from 'zod';
import { ageInDays, AgeUnits, MAX_AGE_DAYS, MAX_AGE_YEARS } from '../directory/age';
import type { Disposition } from '../directory/catalogue';
import { discriminatorCodeSchema, dispositionCodeSchema, odsCodeSchema, postcodeSchema } from '../directory/codes';
import { AccessSchema, AddressSchema, ContactsSchema, ReferralEndpointSchema, ReferralRoles, type Service, type ReferralRole } from '../directory/model';
import { Timestamp } from '../platform/replies';
import type { Nation } from '../directory/opening-hours';
import { nationAt } from '../geo/distance';

export { ageInDays, MAX_AGE_YEARS };

export const AgeSchema = z
  .object({ value: z.number().min(0), unit: z.enum(AgeUnits) })
  .refine((age) => ageInDays(age.value, age.unit) <= MAX_AGE_DAYS, {
    message: 'age out of range',
  });

/** Who may search the directory (POST /api/directory/search, and the FHIR server's HealthcareService/$match). */
export const SEARCHERS = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'commissioner', 'admin', 'system'] as const;

/** A search for a patient, or a test of the directory (a DoS lead's sweep, a training or monitoring search). */
export const SearchPurposes = ['patient', 'test'] as const;

/** What a search request is when it does not say (the schema's defaults, for callers that build a parsed request). */
export const SEARCH_DEFAULTS = { referralRole: 'call-handler', limit: 10, explain: false } as const;

export const SearchRequestSchema = z.object({
  location: z.union([
    z.object({ postcode: postcodeSchema().min(2).max(10) }),
    z.object({ lat: z.number().min(49).max(61), lon: z.number().min(-9).max(2.5) }),
  ]),
  age: AgeSchema,
  sex: z.enum(['female', 'male', 'unknown']),
  disposition: dispositionCodeSchema().min(1),
  symptomGroup: z.number().int().positive(),
  symptomDiscriminators: z.array(discriminatorCodeSchema().min(1)).min(1).max(20),
  at: z.iso.datetime({ offset: true }).optional(),
  distanceKm: z.number().min(1).max(99).optional(),
  referralRole: z.enum(ReferralRoles).default(SEARCH_DEFAULTS.referralRole),
  /** ODS code of the patient's GP practice */
  registeredPractice: odsCodeSchema('a GP practice code (ODS code): 3–10 letters or digits').optional(),
  limit: z.number().int().min(1).max(50).default(SEARCH_DEFAULTS.limit),
  explain: z.boolean().default(SEARCH_DEFAULTS.explain),
  /** Whose need the search shows: 'test' (a check, a sweep) is never counted in gaps and unmet need (docs/decisions/0017). */
  purpose: z.enum(SearchPurposes).optional(),
});
export type SearchRequest = z.output<typeof SearchRequestSchema>;
export type SearchRequestInput = z.input<typeof SearchRequestSchema>;

export type QuerySex = 'female' | 'male' | 'unknown';

/** The resolved query the pure engine takes (location, area, distance and disposition looked up). */
export interface SearchQuery {
  lat: number;
  lon: number;
  /** the patient's commissioning area; null if unknown (then area-limited services are not offered) */
  areaCode: string | null;
  ageDays: number;
  sex: QuerySex;
  disposition: Disposition;
  symptomGroup: number;
  symptomDiscriminators: string[];
  at: Date;
  distanceKm: number;
  referralRole: ReferralRole;
  registeredPractice: string | null;
  /** whose bank holidays count working days (the patient's); unset: the nation at lat/lon */
  nation?: Nation;
  limit: number;
  explain: boolean;
  /**
   * Keep only this many gaps, the nearest (then `gaps` lists them nearest first). Unset: keep every
   * gap. A city search can have thousands, and a caller that records a few need not pay for the rest.
   */
  keepGaps?: number;
}

/** What the caller resolved for a request: the place, its area, the default distance, the disposition. */
export interface ResolvedRequest {
  lat: number;
  lon: number;
  areaCode: string | null;
  /** the default distance for the place (used when the request gives none) */
  defaultDistanceKm: number;
  disposition: Disposition;
  /** the current time (used when the request gives no `at`) */
  now: Date;
}

/** Joins a parsed request with what the caller resolved into the engine's query. */
export function toSearchQuery(request: SearchRequest, resolved: ResolvedRequest): SearchQuery {
  return {
    lat: resolved.lat,
    lon: resolved.lon,
    areaCode: resolved.areaCode,
    ageDays: ageInDays(request.age.value, request.age.unit),
    sex: request.sex,
    disposition: resolved.disposition,
    symptomGroup: request.symptomGroup,
    symptomDiscriminators: [...new Set(request.symptomDiscriminators)],
    at: request.at ? new Date(request.at) : resolved.now,
    distanceKm: request.distanceKm ?? resolved.defaultDistanceKm,
    referralRole: request.referralRole,
    registeredPractice: request.registeredPractice ?? null,
    limit: request.limit,
    explain: request.explain,
  };
}

/** The nation whose bank holidays apply to the query's working days: the patient's. */
export function queryNation(q: SearchQuery): Nation {
  return q.nation ?? nationAt(q.lat, q.lon);
}

export type CapacityStatus = 'green' | 'amber' | 'red';

export interface Capacity {
  status: CapacityStatus;
  reason: string | null;
  setBy: string | null;
  setAt: Date;
  /** after this the status counts as green */
  resetAt: Date;
}

/** Second-filter rules, in the order they are applied. */
export const GapRules = ['capacity', 'discriminator', 'disposition', 'referral-role', 'age', 'opening', 'area'] as const;
export type GapRule = (typeof GapRules)[number];

/** First-filter rules (silently dropped, explained on request). */
export type FirstFilterRule = 'status' | 'symptom-group' | 'sex' | 'registered-practice';

/**
 * Why a service that passed every rule was still not returned: its type already had its maximum
 * number of results, or the requested limit was reached.
 */
export type RankingRule = 'ranking';

export type ExclusionRule = GapRule | FirstFilterRule | RankingRule;

export type Tier = 'own-gp' | 'commissioned' | 'other' | 'promoted';

export interface ResultCapacity {
  /** the status that counts now: an expired status counts as green */
  status: CapacityStatus;
  reason: string | null;
  /** when it was set; null if the service has never set its capacity */
  setAt: Date | null;
  resetAt: Date | null;
  /** a status was set but its reset time has passed */
  expired: boolean;
}

export interface SearchResult {
  serviceId: number;
  name: string;
  publicName: string;
  typeId: number;
  typeName: string;
  /** straight-line km, 1 decimal */
  distanceKm: number;
  /** the rank that ordered it: the area's ranking strategy for the type, else the national rank */
  rank: number;
  tier: Tier;
  openNow: boolean;
  opensAt: Date | null;
  /** null when it stays open 14 days or more (24/7) */
  closesAt: Date | null;
  capacity: ResultCapacity;
  access: Service['access'];
  referralEndpoints: Service['referralEndpoints'];
  contacts: Service['contacts'];
  address: Service['address'];
  /** offered by the catch-all (nothing else fitted) */
  catchAll: boolean;
  /** plain English, e.g. "2.3 km away", "open now until 20:00", "walk in" */
  reasons: string[];
}

export interface Exclusion {
  serviceId: number;
  name: string;
  typeId: number;
  distanceKm: number;
  /** every rule it failed, each with what failed for this service in words ("not open until 08:00") */
  rules: { rule: ExclusionRule; detail: string }[];
  /** not returned on its merits (these rules), but offered by the catch-all when nothing fitted */
  offeredByCatchAll?: true;
}

export interface Gap {
  serviceId: number;
  rule: GapRule;
  /** what was needed, e.g. "open between 18:00 and 21:00" or "accepts Dx110" */
  detail: string;
}

export interface SearchOutcome {
  results: SearchResult[];
  /** nothing fitted and the catch-all was offered: an unmet need */
  catchAll: boolean;
  windowEnd: Date;
  distanceKm: number;
  /** services that passed the first filter */
  considered: number;
  gaps: Gap[];
  /** with `explain`: every service within the distance that was not returned, and why */
  excluded?: Exclusion[];
  /** The k nearest gaps, without making the others (a city search at 60 km can have thousands). */
  nearestGaps?(k: number): Gap[];
}

// ---- the reply of a directory search ----

const CapacityStatusSchema = z.enum(['green', 'amber', 'red']);
const ExclusionRuleSchema = z.enum([...GapRules, 'status', 'symptom-group', 'sex', 'registered-practice', 'ranking']);
export const SearchResultSchema = z.object({
  serviceId: z.number().int(),
  name: z.string(),
  publicName: z.string(),
  typeId: z.number().int(),
  typeName: z.string(),
  distanceKm: z.number(),
  rank: z.number(),
  tier: z.enum(['own-gp', 'commissioned', 'other', 'promoted']),
  openNow: z.boolean(),
  opensAt: Timestamp.nullable(),
  closesAt: Timestamp.nullable(),
  capacity: z.object({ status: CapacityStatusSchema, reason: z.string().nullable(), setAt: Timestamp.nullable(), resetAt: Timestamp.nullable(), expired: z.boolean() }),
  access: AccessSchema,
  referralEndpoints: z.array(ReferralEndpointSchema),
  contacts: ContactsSchema,
  address: AddressSchema,
  catchAll: z.boolean(),
  reasons: z.array(z.string()),
});
export const GapSchema = z.object({ serviceId: z.number().int(), rule: z.enum(GapRules), detail: z.string() });
export const ExclusionSchema = z.object({
  serviceId: z.number().int(),
  name: z.string(),
  typeId: z.number().int(),
  distanceKm: z.number(),
  rules: z.array(z.object({ rule: ExclusionRuleSchema, detail: z.string() })),
  offeredByCatchAll: z.literal(true).optional(),
});
export const SearchReplySchema = z.object({
  results: z.array(SearchResultSchema),
  catchAll: z.boolean(),
  windowEnd: Timestamp,
  distanceKm: z.number(),
  considered: z.number().int(),
  /** with `explain` only */
  excluded: z.array(ExclusionSchema).optional(),
  gaps: z.array(GapSchema).optional(),
  query: z.object({
    location: z.object({ postcode: z.string().nullable(), lat: z.number(), lon: z.number(), areaCode: z.string().nullable(), precision: z.enum(['postcode', 'district', 'coordinates']) }),
    ageDays: z.number(),
    disposition: z.string(),
    at: Timestamp,
    distanceKm: z.number(),
  }),
});
export type SearchReplyJson = z.input<typeof SearchReplySchema>;
export type SearchReplyQuery = z.input<typeof SearchReplySchema>['query'];
