import { z } from 'zod';
import { Timestamp } from '../platform/replies';
import type { CoverageGap, CoverageMode, CoverageReport } from '../search/coverage';
import type { CoverageArea, CoverageSummary } from './coverage-report';

/** Gap ranges in one reply by default, and at most (about 200 bytes each: a page stays under half a megabyte). */
export const DEFAULT_RANGES_PER_PAGE = 500;
export const MAX_RANGES_PER_PAGE = 2_000;
/** Areas one request may name (the summary holds 168 numbers per area). */
export const MAX_AREAS = 200;

const oneOrMany = (item: z.ZodString, max: number) =>
  z
    .union([item, z.array(item)])
    .transform((v) => [v].flat())
    .pipe(z.array(z.string()).max(max, `at most ${max}`))
    .optional();

export const CoverageQuerySchema = z.object({
  week: z.iso.date().refine((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 1, 'the week must start on a Monday (YYYY-MM-DD)'),
  /** areas to sweep; default: the areas the caller's organisation (and those below it) commission */
  area: oneOrMany(z.string().trim().min(1).max(64), MAX_AREAS),
  disposition: oneOrMany(z.string().trim().regex(/^Dx[0-9]+$/, 'a disposition code like Dx02'), 300),
  mode: z.enum(['open-now', 'window']).default('open-now'),
  /** the page of gap ranges: from `offset`, at most `limit` */
  offset: z.coerce.number().int().min(0).max(100_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_RANGES_PER_PAGE, `at most ${MAX_RANGES_PER_PAGE} ranges per page`).default(DEFAULT_RANGES_PER_PAGE),
});
export type CoverageQuery = z.infer<typeof CoverageQuerySchema>;

/**
 * A coverage reply: bounded whatever the directory — one page of gap ranges (at most
 * MAX_RANGES_PER_PAGE), a summary by area (168 hour counts each) and by disposition, and the areas
 * with no service in reach listed once.
 */
export interface CoverageReply {
  weekStart: string;
  from: Date;
  to: Date;
  mode: CoverageMode;
  slotMinutes: number;
  /** the state of the directory swept (changes when a service or a bank holiday changes) */
  directoryVersion: string;
  /** true when the result was already computed for this directory version */
  cached: boolean;
  /** how long the sweep took in the worker thread (the first time) */
  sweepMs: number;
  areas: CoverageArea[];
  areasWithoutServices: CoverageArea[];
  totals: CoverageReport['totals'];
  summary: CoverageSummary;
  gaps: CoverageGap[];
  page: { offset: number; limit: number; total: number; nextOffset: number | null };
}

// The reply of the coverage route.
const CoverageAreaSchema = z.object({ areaCode: z.string(), name: z.string() });
export const CoverageReplySchema = z.object({
  weekStart: z.string(),
  from: Timestamp,
  to: Timestamp,
  mode: z.enum(['open-now', 'window']),
  slotMinutes: z.number().int(),
  directoryVersion: z.string(),
  cached: z.boolean(),
  sweepMs: z.number(),
  areas: z.array(CoverageAreaSchema),
  areasWithoutServices: z.array(CoverageAreaSchema),
  totals: z.object({
    triples: z.number().int(),
    places: z.number().int(),
    slots: z.number().int(),
    checked: z.number().int(),
    uncoveredSlots: z.number().int(),
    ranges: z.number().int(),
    triplePlacesWithGaps: z.number().int(),
    placesWithoutServices: z.number().int(),
  }),
  summary: z.object({
    byArea: z.array(
      CoverageAreaSchema.extend({ ranges: z.number().int(), uncoveredSlots: z.number().int(), triplesWithGaps: z.number().int(), rangesByHourOfWeek: z.array(z.number().int()) }),
    ),
    byDisposition: z.array(z.object({ disposition: z.string(), ranges: z.number().int(), uncoveredSlots: z.number().int() })),
  }),
  gaps: z.array(
    z.object({
      disposition: z.string(),
      symptomGroup: z.number().int(),
      discriminator: z.string(),
      areaCode: z.string(),
      place: z.string(),
      from: Timestamp,
      to: Timestamp,
      label: z.string(),
    }),
  ),
  page: z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int(), nextOffset: z.number().int().nullable() }),
});
