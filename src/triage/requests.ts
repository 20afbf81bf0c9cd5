// The triage routes' request schemas, and the parsed types the use cases take (validated once, at the edge).
import { z } from 'zod';
import { ageInDays, AgeUnits, MAX_AGE_DAYS } from '../directory/age';
import { ANSWERERS, AnswerValue, SEXES } from './model';
import { CONTENT_STATUSES } from './store';

/**
 * An age as a number and unit, or as a date of birth (then the server counts it by the calendar on
 * its own date in Europe/London, as the directory counts ages: directory/age.ts).
 */
export const AgeSchema = z.union([
  z
    .object({ value: z.number().nonnegative(), unit: z.enum(AgeUnits) })
    .refine((a) => ageInDays(a.value, a.unit) <= MAX_AGE_DAYS, { message: 'at most 130 years', path: ['value'] }),
  z.strictObject({ dateOfBirth: z.iso.date() }),
]);
export type Age = z.infer<typeof AgeSchema>;

export const EntrySchema = z.union([
  z.strictObject({ pathwayId: z.string().min(1).max(100) }),
  z.strictObject({ symptomGroup: z.number().int().positive() }),
  z.strictObject({ search: z.string().trim().min(2).max(200) }),
]);

export const StartSessionSchema = z.object({
  age: AgeSchema,
  sex: z.enum(SEXES),
  /** How the patient comes in: a pathway, a symptom group, or words to search pathway titles and keywords. */
  entry: EntrySchema.optional(),
  /** The patient's commissioning area: its local variation applies if one is published. */
  areaCode: z.string().trim().min(1).max(50).optional(),
  /** Who answers: the patient ('self', the default) or someone for them ('other'); questions then read "they". */
  answerer: z.enum(ANSWERERS).default('self'),
});
export const AnswerSchema = z.object({ nodeId: z.string().min(1).max(200), value: AnswerValue });
export const ChangeAnswerSchema = z.object({ value: AnswerValue });
export const ChoosePathwaySchema = z.object({ pathwayId: z.string().min(1).max(100) });
export const PathwaySearchQuery = z.object({
  q: z.string().max(200).optional(),
  ageYears: z.coerce.number().min(0).max(130).optional(),
  /** the patient's age in days (as a session holds it); wins over ageYears */
  ageDays: z.coerce.number().int().min(0).max(MAX_AGE_DAYS).optional(),
  sex: z.enum(SEXES).optional(),
  areaCode: z.string().trim().min(1).max(50).optional(),
});

const VersionId = z.string().min(1).max(100);
const ContentPath = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.ya?ml$/, 'a relative path ending .yaml, such as pathways/back-pain.yaml');
const ContentFiles = z
  .array(z.object({ path: ContentPath, text: z.string().max(1_000_000) }))
  .max(500)
  .superRefine((files, ctx) => {
    const seen = new Set<string>();
    files.forEach((f, i) => {
      if (seen.has(f.path)) ctx.addIssue({ code: 'custom', path: [i, 'path'], message: `${f.path} is given twice` });
      seen.add(f.path);
    });
  });

export const CreateVersionSchema = z
  .object({
    label: z.string().trim().min(1).max(200),
    /** Copy the files of this version; `files` then replace or add files by path. */
    basedOn: VersionId.optional(),
    /** For a local variation: the national version it overlays (then areaCode is required). */
    overlayOf: VersionId.optional(),
    areaCode: z.string().trim().min(1).max(50).optional(),
    files: ContentFiles.optional(),
  })
  .refine((v) => v.basedOn !== undefined || (v.files?.length ?? 0) > 0, { message: 'give the files, or basedOn: a version to copy them from', path: ['files'] });
export const UpdateFilesSchema = z.object({ files: ContentFiles.refine((f) => f.length > 0, 'at least one file'), label: z.string().trim().min(1).max(200).optional() });
export const ReviewSchema = z
  .object({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().max(2000).optional() })
  .refine((r) => r.decision === 'approve' || (r.reason ?? '').length > 0, { message: 'say why the version is rejected', path: ['reason'] });
export const WithdrawSchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export const VersionListQuery = z.object({
  status: z.enum(CONTENT_STATUSES).optional(),
  areaCode: z.string().trim().min(1).max(50).optional(),
  national: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ImpactQuery = z.object({
  /** The version to compare with; default: what is published now for the same area. */
  against: VersionId.optional(),
  corpus: z.coerce.number().int().min(0).max(20_000).default(2000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(2025),
});

/** What the routes hand over once these schemas have checked a request. */
export type StartSessionInput = z.output<typeof StartSessionSchema>;
export type AnswerInput = z.output<typeof AnswerSchema>;
export type ChangeAnswerInput = z.output<typeof ChangeAnswerSchema>;
export type ChoosePathwayInput = z.output<typeof ChoosePathwaySchema>;
export type PathwaySearch = z.output<typeof PathwaySearchQuery>;
export type CreateVersionInput = z.output<typeof CreateVersionSchema>;
export type UpdateFilesInput = z.output<typeof UpdateFilesSchema>;
export type ReviewInput = z.output<typeof ReviewSchema>;
export type WithdrawInput = z.output<typeof WithdrawSchema>;
export type VersionList = z.output<typeof VersionListQuery>;
export type Impact = z.output<typeof ImpactQuery>;
