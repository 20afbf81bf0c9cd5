/** The request and reply schemas of forecasting and surge detection (the HTTP contract). */
import { z } from 'zod';
import { Timestamp } from '../platform/replies';
import { SURGE_MEASURES, SurgeTriggers } from './surge';

export const MAX_FORECAST_DAYS = 14;

export const ForecastQuerySchema = z.object({
  area: z.string().trim().min(1, 'an area code such as E07000106'),
  measure: z.enum(SURGE_MEASURES).default('calls'),
  days: z.coerce.number().int().min(1).max(MAX_FORECAST_DAYS).default(MAX_FORECAST_DAYS),
});

const Bounds = z.object({
  at: Timestamp,
  expected: z.number(),
  lower80: z.number(),
  upper80: z.number(),
  lower95: z.number(),
  upper95: z.number(),
});

export const ForecastReply = z.object({
  area: z.object({ code: z.string(), name: z.string() }),
  measure: z.enum(SURGE_MEASURES),
  generatedAt: Timestamp,
  trendPerDay: z.number(),
  /** The last seven days: what arrived, beside what the weeks before them forecast. */
  recent: z.array(Bounds.extend({ actual: z.number().int() })),
  forecast: z.array(Bounds),
});

export const TriggersBody = z.object({ triggers: SurgeTriggers });

export const TriggersReply = z.object({
  triggers: SurgeTriggers,
  updatedAt: Timestamp.nullable(),
  updatedBy: z.string().nullable(),
  updatedByName: z.string().nullable(),
});

const Level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

export const EscalationReasonSchema = z.object({
  measure: z.enum(SURGE_MEASURES),
  actual: z.number(),
  expected: z.number(),
  /** actual ÷ expected; null when nothing was expected (JSON has no infinity). */
  ratio: z.number().nullable(),
  level: Level,
});

export const SurgeStatusReply = z.object({
  areas: z.array(
    z.object({
      areaCode: z.string(),
      areaName: z.string(),
      level: Level,
      since: Timestamp,
      evaluatedAt: Timestamp,
      reasons: z.array(EscalationReasonSchema),
      actions: z.array(z.string()),
    }),
  ),
});

export const EvaluateReply = SurgeStatusReply.extend({ evaluated: z.number().int(), changed: z.number().int() });
