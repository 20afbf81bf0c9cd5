// Patient online: the requests a patient makes without signing in, and the call-back reply.
import { z } from 'zod';
import { MAX_AGE_DAYS } from '../directory/age';
import { SearchResultSchema } from '../search/model';

const sessionId = z.string().regex(/^tsn_[0-9a-f-]{36}$/, 'a session id');
export const SessionParam = z.object({ id: sessionId });
export const AnswerParams = z.object({ id: sessionId, nodeId: z.string().min(1).max(200) });
const postcode = z.string().trim().min(5).max(8).regex(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/, 'a full UK postcode such as CT1 3NG');

export const StartSchema = z.object({
  postcode,
  age: z.object({ value: z.number().min(0).max(130), unit: z.enum(['days', 'weeks', 'months', 'years']) }),
  sex: z.enum(['female', 'male', 'unknown']),
  entry: z.union([z.strictObject({ pathwayId: z.string().min(1).max(100) }), z.strictObject({ search: z.string().trim().min(2).max(200) })]).optional(),
  /** Who is asking: the patient ('self', the default) or someone for them ('other'). */
  answerer: z.enum(['self', 'other']).default('self'),
});
export type StartRequest = z.output<typeof StartSchema>;

export const AnswerSchema = z.object({ nodeId: z.string().min(1).max(200), value: z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]) });
export const ChangeSchema = z.object({ value: AnswerSchema.shape.value });
export const PathwaySchema = z.object({ pathwayId: z.string().min(1).max(100) });
export const PathwayQuery = z.object({ q: z.string().max(200).optional(), ageYears: z.coerce.number().min(0).max(130).optional(), ageDays: z.coerce.number().int().min(0).max(MAX_AGE_DAYS).optional(), sex: z.enum(['female', 'male', 'unknown']).optional() });
export const ServicesSchema = z.object({ postcode });
export type ServicesRequest = z.output<typeof ServicesSchema>;

export const CallbackSchema = z.object({
  postcode,
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  dateOfBirth: z.iso.date(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'a telephone number'),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  nhsNumber: z.string().trim().max(12).optional(),
  problem: z.string().trim().min(1).max(2000),
});
export type CallbackRequest = z.output<typeof CallbackSchema>;

export interface CallbackReply {
  caseId: string;
  /** What the patient quotes if they call 111 about it. */
  reference: string;
  /** Whether the case is in the clinical queue (it always is once a call-back is asked for). */
  queued: boolean;
  /** True when this session had already asked for this call-back: nothing new was opened. */
  alreadyRequested: boolean;
}

// ---- replies of the online routes ----

export const CallbackReplySchema = z.object({ caseId: z.string(), reference: z.string(), queued: z.boolean(), alreadyRequested: z.boolean() });
/** Where to go: at most three services a patient may use themselves (none for self-care). */
export const OnlineServicesReply = z.object({ results: z.array(SearchResultSchema), catchAll: z.boolean(), selfCare: z.boolean() });
