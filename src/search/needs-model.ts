// The request and reply of the search by need (POST /api/directory/needs-search, issue 16): a
// professional describes what the patient needs, where they are and when help is needed; the reply
// groups services by how fully each (or a pair) covers the needs.
import { z } from 'zod';
import { CAPABILITY_PLACES } from '../directory/catalogue';
import { odsCodeSchema, postcodeSchema } from '../directory/codes';
import { MAX_AGE_YEARS } from '../directory/age';
import { ReferralEndpointSchema, ReferralRoles } from '../directory/model';
import { Timestamp } from '../platform/replies';

/** When help is needed, in words; anything else must be an instant. */
export const NeedsWhenWords = ['now', 'today', 'tomorrow-morning'] as const;
export type NeedsWhenWord = (typeof NeedsWhenWords)[number];

/** Needs searched at once: a patient in front of a GP rarely has more, and pairs grow with their square. */
export const MAX_NEEDS = 8;

/** When help is needed: now, today, tomorrow morning (any case, spaces or hyphens) or an instant. */
export const NeedsWhenSchema = z
  .string()
  .trim()
  .overwrite((w) => (/^[a-z -]+$/i.test(w) ? w.toLowerCase().replace(/\s+/g, '-') : w))
  .refine((w) => (NeedsWhenWords as readonly string[]).includes(w) || z.iso.datetime({ offset: true }).safeParse(w).success, {
    message: `now, today, tomorrow morning, or an instant such as 2026-03-04T09:00:00Z`,
  });

export const NeedsSearchRequestSchema = z
  .object({
    /** what the patient needs, in words ("cannot inject insulin") or as capability codes ("insulin-administration") */
    needs: z.array(z.string().trim().min(1).max(200)).min(1, 'name at least one need').max(MAX_NEEDS),
    postcode: postcodeSchema().min(2).max(10).optional(),
    lat: z.number().min(49).max(61).optional(),
    lon: z.number().min(-9).max(2.5).optional(),
    /** the patient's age in whole years */
    age: z.number().int().min(0).max(MAX_AGE_YEARS).optional(),
    /** ODS code of the patient's GP practice */
    registeredPractice: odsCodeSchema('a GP practice code (ODS code): 3–10 letters or digits').optional(),
    when: NeedsWhenSchema.default('now'),
    distanceKm: z.number().min(1).max(99).optional(),
    /** services listed in each group */
    limit: z.number().int().min(1).max(50).default(10),
  })
  .superRefine((r, ctx) => {
    const byCoordinates = r.lat !== undefined || r.lon !== undefined;
    if (r.postcode && byCoordinates) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'give a postcode or lat and lon, not both' });
    if (!r.postcode && !byCoordinates) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'give the patient’s postcode (or lat and lon)' });
    if (byCoordinates && (r.lat === undefined || r.lon === undefined)) ctx.addIssue({ code: 'custom', path: [r.lat === undefined ? 'lat' : 'lon'], message: 'give both lat and lon' });
  });
export type NeedsSearchRequest = z.output<typeof NeedsSearchRequestSchema>;

const CapabilityRef = z.object({ code: z.string(), name: z.string() });

/** One need of the request and the capability it was read as. */
export const ReadNeedSchema = z.object({ need: z.string(), capability: CapabilityRef, by: z.enum(['code', 'words']) });

export const NeedsServiceSchema = z.object({
  serviceId: z.number().int(),
  name: z.string(),
  typeName: z.string(),
  organisationId: z.string(),
  distanceKm: z.number(),
  /** the needs this service covers (as asked), with where it meets each */
  covers: z.array(z.object({ need: z.string(), code: z.string(), where: z.array(z.enum(CAPABILITY_PLACES)) })),
  /** the needs it does not cover */
  missing: z.array(z.string()),
  openNow: z.boolean(),
  /** when it is next open within the window asked for (null: open at its start) */
  opensAt: Timestamp.nullable(),
  /** when its current spell ends (null: closed now, or open for a fortnight or more) */
  closesAt: Timestamp.nullable(),
  capacity: z.object({ status: z.enum(['green', 'amber', 'red']), reason: z.string().nullable() }),
  /** who may refer: the service's referral roles, and whether the searcher may */
  referralRoles: z.array(z.enum(ReferralRoles)),
  youMayRefer: z.boolean(),
  /** why the searcher may not refer (null when they may) */
  referNote: z.string().nullable(),
  /** how: electronic referral through Signpost, and the service's own endpoints */
  referralEndpoints: z.array(ReferralEndpointSchema),
  professionalPhone: z.string().nullable(),
  access: z.array(z.string()),
});
export type NeedsService = z.output<typeof NeedsServiceSchema>;

export const NeedsSearchReplySchema = z.object({
  needs: z.array(ReadNeedSchema),
  window: z.object({ from: Timestamp, to: Timestamp, label: z.string() }),
  distanceKm: z.number(),
  /** services covering every need, open in the window first, then nearest */
  complete: z.array(NeedsServiceSchema),
  /** when no one service covers them all: two services that do together */
  pairs: z.array(z.object({ services: z.tuple([NeedsServiceSchema, NeedsServiceSchema]), distanceKm: z.number() })),
  /** services covering some of the needs, most needs first */
  partial: z.array(NeedsServiceSchema),
  /** services with a needed capability within the distance that were considered */
  considered: z.number().int(),
  /** why others with a needed capability nearby were left out (counts by reason) */
  left: z.object({ closed: z.number().int(), red: z.number().int(), age: z.number().int(), practice: z.number().int(), area: z.number().int() }),
  location: z.object({ postcode: z.string().nullable(), lat: z.number(), lon: z.number(), areaCode: z.string().nullable() }),
});
export type NeedsSearchReply = z.input<typeof NeedsSearchReplySchema>;
