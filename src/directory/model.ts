import { z } from 'zod';
import { OpenJson, OpenObject, Timestamp } from '../platform/replies';
import { DISPOSITION_GROUPS, SERVICE_CATEGORIES } from './catalogue';
import { LatLon } from '../geo/model';
import { MAX_AGE_DAYS } from './age';
import { discriminatorCodeSchema, dispositionCodeSchema, odsCodeSchema, postcodeSchema } from './codes';
import { NationSchema, OpeningTimesSchema, type Nation, type OpeningTimes } from './opening-hours';

/** Service type ids are stored as 32-bit integers: a larger number is refused here, not by the database. */
export const MAX_SERVICE_TYPE_ID = 2_147_483_647;
const serviceTypeId = z.number().int().positive().max(MAX_SERVICE_TYPE_ID);

export const ServiceStatuses = ['active', 'closed', 'commissioning'] as const;
export type ServiceStatus = (typeof ServiceStatuses)[number];

/** Sexes a service accepts; a search for sex "unknown" matches services that accept both. */
export const Sexes = ['female', 'male'] as const;
export type Sex = (typeof Sexes)[number];

/** Who may refer into a service (the searcher's referral role in a directory search). */
export const ReferralRoles = ['call-handler', 'clinician', 'provider', 'patient'] as const;
export type ReferralRole = (typeof ReferralRoles)[number];

// Ages convert in one place (./age.ts): these are re-exported for the module's users.
export { DAYS_PER_MONTH, DAYS_PER_YEAR, MAX_AGE_DAYS } from './age';

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'a telephone number: digits, spaces, brackets, dashes, optional leading +');

export const AddressSchema = z.object({
  lines: z.array(text(200)).min(1, 'at least one address line').max(4),
  town: text(100),
  postcode: postcodeSchema().min(1).max(10),
});

export const ContactsSchema = z.object({
  publicPhone: phone.optional(),
  professionalPhone: phone.optional(),
  web: z.url().optional(),
  email: z.email().optional(),
});

/** How to get in, as data rather than free text (the national directory's weakness). */
export const AccessSchema = z
  .object({
    walkIn: z.boolean(),
    phoneFirst: z.boolean(),
    referralOnly: z.boolean(),
    bookingRequired: z.boolean(),
    instructions: z.string().trim().max(1000).optional(),
  })
  .superRefine((access, ctx) => {
    if (access.referralOnly && access.walkIn) {
      ctx.addIssue({ code: 'custom', path: ['walkIn'], message: 'a referral-only service cannot also take walk-ins' });
    }
    if (!access.walkIn && !access.phoneFirst && !access.referralOnly && !access.bookingRequired) {
      ctx.addIssue({ code: 'custom', path: ['walkIn'], message: 'say how patients get in: walk-in, phone first, referral only or booking required' });
    }
  });

export const ReferralEndpointSchema = z
  .object({
    kind: z.enum(['fhir', 'http', 'email', 'phone']),
    address: text(500),
    description: z.string().trim().max(200).optional(),
  })
  .superRefine((endpoint, ctx) => {
    const ok =
      endpoint.kind === 'email'
        ? z.email().safeParse(endpoint.address).success
        : endpoint.kind === 'phone'
          ? phone.safeParse(endpoint.address).success
          : /^https?:\/\/\S+$/.test(endpoint.address);
    if (!ok) ctx.addIssue({ code: 'custom', path: ['address'], message: `not a valid ${endpoint.kind} address` });
  });

export const EligibilitySchema = z
  .object({
    ageFromDays: z.number().int().min(0).max(MAX_AGE_DAYS),
    ageToDays: z.number().int().min(0).max(MAX_AGE_DAYS),
    sexes: z.array(z.enum(Sexes)).min(1, 'accept at least one sex').max(2),
    /** ODS codes of GP practices whose patients only may use the service; empty means anyone. */
    registeredPractices: z.array(odsCodeSchema('an ODS code')).default([]),
  })
  .superRefine((e, ctx) => {
    if (e.ageFromDays > e.ageToDays) {
      ctx.addIssue({ code: 'custom', path: ['ageToDays'], message: `age range is upside down: from ${e.ageFromDays} days to ${e.ageToDays} days` });
    }
  });

export const SymptomPairSchema = z.object({
  sg: z.number().int().positive(),
  sd: discriminatorCodeSchema().min(1).max(10),
});

export const CoverageSchema = z
  .object({
    dispositions: z.array(dispositionCodeSchema().regex(/^Dx[0-9]+$/, 'a disposition code like Dx02')).min(1, 'accept at least one disposition'),
    symptoms: z.array(SymptomPairSchema).min(1, 'profile at least one symptom group and discriminator'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.symptoms.forEach((pair, i) => {
      const key = `${pair.sg}/${pair.sd}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['symptoms', i], message: `duplicate pair ${key}` });
      seen.add(key);
    });
  });

const areaCodes = z.array(text(50)).default([]);
export const ServiceAreasSchema = z.object({
  /** Areas whose commissioners commission this service (ranked as local there). */
  commissionedFor: areaCodes,
  /** If not empty, only patients in these areas are offered the service. */
  limitedTo: areaCodes,
  /** Areas the service is offered into from elsewhere, ranked below the local services. */
  promotedInto: areaCodes,
});

export const ServiceProfileSchema = z.object({
  typeId: serviceTypeId,
  status: z.enum(ServiceStatuses),
  organisationId: text(64),
  parentId: z.number().int().positive().nullable().default(null),
  /** The service's own ODS code; for a GP practice, the practice code patients are registered with. */
  odsCode: odsCodeSchema('an ODS code: 3–10 capital letters or digits').optional(),
  name: text(200),
  publicName: text(200),
  description: z.string().trim().max(2000).optional(),
  address: AddressSchema,
  /** Exact coordinates; if absent they come from the postcode. */
  location: LatLon.optional(),
  contacts: ContactsSchema,
  access: AccessSchema,
  referralEndpoints: z.array(ReferralEndpointSchema).max(10).default([]),
  referralRoles: z.array(z.enum(ReferralRoles)).min(1, 'at least one referral role'),
  eligibility: EligibilitySchema,
  coverage: CoverageSchema,
  openingTimes: OpeningTimesSchema,
  areas: ServiceAreasSchema,
  /** How often the DoS lead must re-verify the profile. */
  verificationIntervalDays: z.number().int().min(7).max(730).default(182),
});
export type ServiceProfile = z.output<typeof ServiceProfileSchema>;
export type ServiceProfileInput = z.input<typeof ServiceProfileSchema>;

export const ProfileSections = Object.keys(ServiceProfileSchema.shape) as (keyof ServiceProfile)[];

/**
 * An update names only the sections it changes; each section is replaced whole. Defaults are removed
 * first: a section left out of a patch must stay as it is, not be reset to its default.
 */
const optionalSections = Object.fromEntries(
  Object.entries(ServiceProfileSchema.shape).map(([key, schema]) => [
    key,
    (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional(),
  ]),
) as { [K in keyof typeof ServiceProfileSchema.shape]: z.ZodOptional<z.ZodType<z.output<(typeof ServiceProfileSchema.shape)[K]>>> };
export const ServicePatchSchema = z
  .strictObject(optionalSections)
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one section' });
export type ServicePatch = z.output<typeof ServicePatchSchema>;

export const ProposeCreateSchema = z.object({
  reason: text(1000),
  service: ServiceProfileSchema,
});

/**
 * When an update takes effect: a local date (from the start of that day in Europe/London) or an
 * instant. Absent: as soon as it is approved. Must be in the future when proposed.
 */
export const EffectiveFromSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const ProposeUpdateSchema = z.object({
  reason: text(1000),
  changes: ServicePatchSchema,
  effectiveFrom: EffectiveFromSchema.optional(),
});

export const ProposeCloseSchema = z.object({
  reason: text(1000),
  effectiveFrom: EffectiveFromSchema.optional(),
});

export const DecisionSchema = z.object({ reason: text(1000) });
export const ApproveSchema = z.object({ reason: z.string().trim().max(1000).optional() });
export type ProposeCreate = z.output<typeof ProposeCreateSchema>;
export type ProposeUpdate = z.output<typeof ProposeUpdateSchema>;
export type ProposeClose = z.output<typeof ProposeCloseSchema>;
export type Decision = z.output<typeof DecisionSchema>;
export type Approve = z.output<typeof ApproveSchema>;

/** Who may propose changes to services, and who may decide on them (routes and service share these). */
export const EDITORS = ['dos_lead', 'admin', 'provider_staff'] as const;
export const APPROVERS = ['dos_lead', 'admin'] as const;

/** A service as stored: its profile plus what Signpost derives and keeps about it. */
export interface Service extends ServiceProfile {
  id: number;
  version: number;
  lat: number;
  lon: number;
  areaCode: string | null;
  nation: Nation;
  lastVerifiedAt: Date | null;
  nextVerificationDue: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the directory adds to a profile: identity, version, place and verification dates. */
export type ServiceRecord = Omit<Service, keyof ServiceProfile>;

/**
 * A service with the same properties in the same order (so one V8 hidden class) whatever keys its
 * profile came with: profiles read from JSON differ in their optional keys and key order, and
 * reading fields of services of many shapes falls back to slow generic lookups in the search.
 */
export function serviceFrom(p: ServiceProfile, r: ServiceRecord): Service {
  return {
    typeId: p.typeId,
    status: p.status,
    organisationId: p.organisationId,
    parentId: p.parentId,
    odsCode: p.odsCode,
    name: p.name,
    publicName: p.publicName,
    description: p.description,
    address: p.address,
    location: p.location,
    contacts: p.contacts,
    access: p.access,
    referralEndpoints: p.referralEndpoints,
    referralRoles: p.referralRoles,
    eligibility: p.eligibility,
    coverage: p.coverage,
    openingTimes: p.openingTimes,
    areas: p.areas,
    verificationIntervalDays: p.verificationIntervalDays,
    id: r.id,
    version: r.version,
    lat: r.lat,
    lon: r.lon,
    areaCode: r.areaCode,
    nation: r.nation,
    lastVerifiedAt: r.lastVerifiedAt,
    nextVerificationDue: r.nextVerificationDue,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * pending → approved (applied at once), rejected or withdrawn; a change with a future `effectiveFrom`
 * approved before that date is `scheduled`, then `approved` when applied on its date, or `lapsed` if
 * the sections it replaces were changed by another change in between (docs/decisions/0034).
 */
export const ChangeStatuses = ['pending', 'scheduled', 'approved', 'rejected', 'withdrawn', 'lapsed'] as const;
export type ChangeStatus = (typeof ChangeStatuses)[number];

export interface ServiceChange {
  id: string;
  serviceId: number | null;
  kind: 'create' | 'update';
  proposal: ServiceProfile | ServicePatch;
  baseValues: Record<string, unknown>;
  reason: string;
  status: ChangeStatus;
  proposedBy: string;
  proposedByOrg: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  /** from when it applies; null = as soon as approved */
  effectiveFrom: Date | null;
  /** when its new version was written */
  appliedAt: Date | null;
  /** why a scheduled change could not apply on its date */
  lapsedReason: string | null;
}

/** A change as replies show it: with the display names of the people who proposed and decided it. */
export interface NamedServiceChange extends ServiceChange {
  proposedByName: string;
  decidedByName: string | null;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** for one entry of a list: whether it was added, removed or changed */
  change?: 'added' | 'removed' | 'changed';
  /** that entry's change in words, e.g. "Added: Sat 24 Dec 2026 closed" */
  words?: string;
}

export interface ServiceVersion {
  serviceId: number;
  version: number;
  snapshot: ServiceProfile & { lat: number; lon: number; areaCode: string | null; nation: Nation };
  diff: FieldChange[];
  reason: string;
  changeId: string | null;
  changedBy: string | null;
  changedAt: Date;
}

export interface NamedServiceVersion extends ServiceVersion {
  changedByName: string | null;
}

export const RankingSchema = z.object({
  areaCode: text(50),
  serviceTypeId,
  rank: z.number().int().min(1).max(10),
});
export type Ranking = z.infer<typeof RankingSchema>;

/**
 * A date a bank holiday can fall on: the years the calendar serves (as the bank holiday list asks).
 * An override outside them was stored, then refused by the calendar on every load — a 500, and a
 * server that would not start again.
 */
export const HolidayDate = z.iso.date().refine((date) => {
  const year = Number(date.slice(0, 4));
  return year >= 1990 && year <= 2100;
}, 'a date in the years 1990–2100');

export const HolidayOverrideSchema = z.object({
  nation: NationSchema,
  date: HolidayDate,
  kind: z.enum(['add', 'remove']),
  name: z.string().trim().max(200).optional(),
});
export type HolidayOverride = z.output<typeof HolidayOverrideSchema>;

export const ServiceListQuery = z.object({
  typeId: z.coerce.number().int().positive().max(MAX_SERVICE_TYPE_ID).optional(),
  status: z.enum(ServiceStatuses).optional(),
  areaCode: z.string().optional(),
  organisationId: z.string().optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ServiceListQuery = z.infer<typeof ServiceListQuery>;

export type { OpeningTimes };

// ---- replies of the directory routes ----

/** A service as the API shows it: its profile plus what the directory derives and keeps. */
export const ServiceSchema = ServiceProfileSchema.extend({
  id: z.number().int(),
  version: z.number().int(),
  lat: z.number(),
  lon: z.number(),
  areaCode: z.string().nullable(),
  nation: NationSchema,
  lastVerifiedAt: Timestamp.nullable(),
  nextVerificationDue: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** A proposal: a whole profile (create) or the sections it replaces (update), as validated when proposed. */
export const ServiceChangeSchema = z.object({
  id: z.string(),
  serviceId: z.number().int().nullable(),
  kind: z.enum(['create', 'update']),
  proposal: z.union([ServiceProfileSchema, ServicePatchSchema]),
  /** the values the changed sections had when proposed (open: whatever sections were named) */
  baseValues: OpenObject,
  reason: z.string(),
  status: z.enum(ChangeStatuses),
  proposedBy: z.string(),
  proposedByOrg: z.string(),
  proposedAt: Timestamp,
  decidedBy: z.string().nullable(),
  decidedAt: Timestamp.nullable(),
  decisionReason: z.string().nullable(),
  /** the proposer's display name (their id if they are not a user, e.g. an API token) */
  proposedByName: z.string(),
  decidedByName: z.string().nullable(),
  /** from when the change applies; null = as soon as approved */
  effectiveFrom: Timestamp.nullable(),
  /** when the change's new version was written (null while pending or scheduled) */
  appliedAt: Timestamp.nullable(),
  /** why a scheduled change could not apply on its date */
  lapsedReason: z.string().nullable(),
});

/** One changed field; its values are whatever the field holds. */
export const FieldChangeSchema = z.object({
  path: z.string(),
  before: OpenJson,
  after: OpenJson,
  /** one entry of a list (a date, an endpoint, a code) added, removed or changed */
  change: z.enum(['added', 'removed', 'changed']).optional(),
  /** that entry's change in words, e.g. "Added: Sat 24 Dec 2026 closed", "Removed endpoint: email …" */
  words: z.string().optional(),
});

export const ServiceVersionSchema = z.object({
  serviceId: z.number().int(),
  version: z.number().int(),
  /** the profile as it was (stored JSON: a section left out then reads null) */
  snapshot: ServiceProfileSchema.extend({
    odsCode: z.string().nullish(),
    description: z.string().nullish(),
    location: LatLon.nullish(),
    lat: z.number(),
    lon: z.number(),
    areaCode: z.string().nullable(),
    nation: NationSchema,
  }),
  diff: z.array(FieldChangeSchema),
  reason: z.string(),
  changeId: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedByName: z.string().nullable(),
  changedAt: Timestamp,
});

export const ServiceListReply = z.object({ services: z.array(ServiceSchema), total: z.number().int() });
export const ChangeReply = z.object({ change: ServiceChangeSchema });
export const ServiceWithOpeningReply = z.object({
  service: ServiceSchema,
  opening: z.object({ at: Timestamp, openNow: z.boolean(), nextOpening: Timestamp.nullable(), nextClosing: Timestamp.nullable() }),
});
export const ServiceHistoryReply = z.object({ versions: z.array(ServiceVersionSchema) });
export const ServicesReply = z.object({ services: z.array(ServiceSchema) });
export const ChangesReply = z.object({ changes: z.array(ServiceChangeSchema) });
export const ChangeWithDiffReply = z.object({ change: ServiceChangeSchema, diff: z.array(FieldChangeSchema) });
/** `service` is the service as it now is: with the change applied, or (scheduled) not yet. */
export const ApprovedChangeReply = z.object({ change: ServiceChangeSchema, service: ServiceSchema });
export const RankingsReply = z.object({ rankings: z.array(RankingSchema) });
export const BankHolidaysReply = z.object({ nation: NationSchema, year: z.number().int(), holidays: z.array(z.object({ date: z.string(), name: z.string() })) });
export const HolidayOverridesReply = z.object({ overrides: z.array(HolidayOverrideSchema) });

const TimeframeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('immediate') }),
  z.object({ kind: z.literal('minutes'), minutes: z.number() }),
  z.object({ kind: z.literal('working-days'), days: z.number() }),
  z.object({ kind: z.literal('none') }),
]);
export const DispositionsReply = z.object({
  dispositions: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      group: z.enum(DISPOSITION_GROUPS),
      timeframe: TimeframeSchema,
      legacyId: z.number().int().optional(),
      validationOf: z.array(z.string()).optional(),
      note: z.string().optional(),
    }),
  ).readonly(),
});
export const SymptomGroupsReply = z.object({ symptomGroups: z.array(z.object({ code: z.number().int(), title: z.string(), local: z.boolean() })).readonly() });
export const SymptomDiscriminatorsReply = z.object({ symptomDiscriminators: z.array(z.object({ code: z.string(), title: z.string(), local: z.boolean() })).readonly() });
export const ServiceTypesReply = z.object({
  serviceTypes: z.array(
    z.object({ id: z.number().int(), name: z.string(), nationalRank: z.number().int(), maxResults: z.number().int(), category: z.enum(SERVICE_CATEGORIES), catchAll: z.boolean(), local: z.boolean() }),
  ).readonly(),
});
