// Replies of the triage routes (kept beside model.ts, which is near the size limit).
import { z } from 'zod';
import { Timestamp } from '../platform/replies';
import { AGE_BANDS, ANSWERERS, AnswerValue, QUESTION_TYPES, SEXES } from './model';
import { CONTENT_STATUSES } from './store';
import { DURATION_UNITS } from './durations';

const PatientSchema = z.object({ ageDays: z.number(), ageBand: z.enum(AGE_BANDS), sex: z.enum(SEXES) });
const CareAdviceSchema = z.object({ id: z.string(), title: z.string(), text: z.string() });

export const QuestionViewSchema = z.object({
  nodeId: z.string(),
  pathwayId: z.string(),
  pathwayTitle: z.string(),
  kind: z.enum(QUESTION_TYPES),
  text: z.string(),
  help: z.string().optional(),
  options: z.array(z.object({ id: z.string(), label: z.string(), exclusive: z.boolean().optional() })).optional(),
  minSelected: z.number().optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  /** duration questions: the units to offer; the answer is given in hours */
  units: z.array(z.enum(DURATION_UNITS)).optional(),
  earliestDate: z.string().optional(),
  latestDate: z.string().optional(),
});

export const OutcomeSchema = z.object({
  contentVersion: z.string(),
  pathwayId: z.string(),
  entryPathwayId: z.string().nullable(),
  outcomeNodeId: z.string(),
  disposition: z.string(),
  dispositionTitle: z.string(),
  /** as written in the disposition catalogue: minutes, 'immediate', 'next-working-day', 'N-working-days' or 'none' */
  timeframe: z.union([z.number(), z.string()]),
  symptomGroup: z.number().int(),
  symptomGroupTitle: z.string(),
  symptomDiscriminator: z.string(),
  symptomDiscriminatorTitle: z.string(),
  careAdvice: z.array(CareAdviceSchema),
  reportText: z.string(),
  report: z.array(z.object({ nodeId: z.string(), question: z.string(), answer: z.string() })),
  reasons: z.array(z.string()),
  patient: PatientSchema,
});

/** A ready-to-send body for POST /api/directory/search. */
export const DirectorySearchBodySchema = z.object({
  disposition: z.string(),
  symptomGroup: z.number().int(),
  symptomDiscriminators: z.array(z.string()),
  age: z.object({ value: z.number(), unit: z.literal('days') }),
  sex: z.string(),
});

export const SessionViewSchema = z.object({
  session: z.object({
    id: z.string(),
    status: z.enum(['in-progress', 'needs-pathway', 'finished']),
    contentVersionId: z.string(),
    contentVersion: z.string(),
    contentLabel: z.string(),
    contentStatus: z.enum(CONTENT_STATUSES),
    canContinue: z.boolean(),
    areaCode: z.string().nullable(),
    pathwayId: z.string().nullable(),
    answerer: z.enum(ANSWERERS),
    patient: PatientSchema,
    today: z.string(),
    answers: z.array(z.object({ nodeId: z.string(), value: AnswerValue })),
    startedBy: z.string(),
    startedAt: Timestamp,
    updatedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  }),
  question: QuestionViewSchema.nullable(),
  outcome: OutcomeSchema.extend({ directorySearch: DirectorySearchBodySchema }).nullable(),
});

export const PathwaySearchReply = z.object({
  contentVersion: z.string(),
  pathways: z.array(z.object({ pathwayId: z.string(), title: z.string(), symptomGroup: z.number().int(), score: z.number() })),
});
export const CareAdviceReply = z.object({ careAdvice: CareAdviceSchema.extend({ contentVersion: z.string() }) });

export const ContentVersionSchema = z.object({
  id: z.string(),
  packId: z.string(),
  label: z.string(),
  areaCode: z.string().nullable(),
  overlayOf: z.string().nullable(),
  status: z.enum(CONTENT_STATUSES),
  contentVersion: z.string(),
  fileCount: z.number().int(),
  author: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: Timestamp.nullable(),
  reviewer: z.string().nullable(),
  reviewReason: z.string().nullable(),
  reviewedAt: Timestamp.nullable(),
  approvedAt: Timestamp.nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: Timestamp.nullable(),
  supersededAt: Timestamp.nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: Timestamp.nullable(),
  withdrawReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const ContentProblemSchema = z.object({ file: z.string(), line: z.number().int(), column: z.number().int().optional(), message: z.string(), severity: z.enum(['error', 'warning']) });
const TestSummarySchema = z.object({
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  failures: z.array(z.object({ pathwayId: z.string(), name: z.string(), at: z.string(), failures: z.array(z.string()) })),
});
export const VersionDetailSchema = z.object({
  version: ContentVersionSchema,
  base: ContentVersionSchema.nullable(),
  pathways: z.number().int(),
  problems: z.array(ContentProblemSchema),
  tests: TestSummarySchema,
});
export const VersionsReply = z.object({ versions: z.array(ContentVersionSchema) });
export const VersionReply = z.object({ version: ContentVersionSchema });
export const FilesReply = z.object({ files: z.array(z.object({ path: z.string(), text: z.string(), layer: z.number().int().optional() })) });
export const WithdrawReply = z.object({ version: ContentVersionSchema, openSessions: z.number().int(), overlaysOnIt: z.array(z.string()) });

const OutcomeSummarySchema = z.object({ disposition: z.string(), discriminator: z.string(), symptomGroup: z.number().int(), pathwayId: z.string(), outcomeNodeId: z.string() });
const ReplayChangeSchema = z.object({
  sessionId: z.string(),
  pathwayId: z.string(),
  direction: z.enum(['more-urgent', 'less-urgent', 'same-urgency', 'incomplete']),
  from: OutcomeSummarySchema,
  to: OutcomeSummarySchema.nullable(),
  reason: z.string().optional(),
});
const counts = {
  sessions: z.number().int(),
  unchanged: z.number().int(),
  changed: z.number().int(),
  moreUrgent: z.number().int(),
  lessUrgent: z.number().int(),
  sameUrgency: z.number().int(),
  incomplete: z.number().int(),
};
const ReplayReportSchema = z.object({
  ...counts,
  from: z.string(),
  to: z.string(),
  skipped: z.number().int(),
  skippedExamples: z.array(z.object({ sessionId: z.string(), reason: z.string() })),
  byPathway: z.array(z.object({ ...counts, pathwayId: z.string(), title: z.string(), examples: z.array(ReplayChangeSchema) })),
  changes: z.array(ReplayChangeSchema),
  changesTruncated: z.boolean(),
});
const VersionRef = z.object({ id: z.string().nullable(), label: z.string(), contentVersion: z.string() });
export const ImpactReportSchema = z.object({ from: VersionRef, to: VersionRef, recorded: ReplayReportSchema, corpus: ReplayReportSchema.extend({ seed: z.number().int() }) });
export const TestResultsReply = z.object({
  contentVersion: z.string(),
  summary: TestSummarySchema,
  results: z.array(
    z.object({
      pathwayId: z.string(),
      name: z.string(),
      at: z.string(),
      passed: z.boolean(),
      failures: z.array(z.string()),
      outcome: z.object({ disposition: z.string(), discriminator: z.string(), outcomeNodeId: z.string(), pathwayId: z.string() }).nullable(),
    }),
  ),
});
