// Replies of the case routes (kept beside model.ts, which holds the requests).
import { z } from 'zod';
import { OpenObject, Timestamp } from '../platform/replies';
import { ReferralWithActionsSchema } from '../referrals/model';
import { SearchReplySchema, SearchResultSchema } from '../search/model';
import { NhsNumberStatusCodes } from './nhs-number';
import { CallResults, CaseStatuses, CallerRelationships, Channels, FlagCategories, PatientSexes, QueueReasons, QueueStatuses, RepeatCallerStatuses, SpecialNoteCategories } from './model';

export const PatientRecordSchema = z.object({
  nhsNumber: z.string().nullable(),
  nhsNumberStatus: z.enum(NhsNumberStatusCodes).nullable(),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(PatientSexes),
  address: z.object({ lines: z.array(z.string()), town: z.string().optional(), postcode: z.string() }).nullable(),
  postcode: z.string().nullable(),
  phone: z.string().nullable(),
  registeredPractice: z.string().nullable(),
});

const CaseDispositionSchema = z.object({
  code: z.string(),
  title: z.string(),
  group: z.string(),
  symptomGroup: z.number().int().nullable(),
  symptomGroupTitle: z.string().nullable(),
  symptomDiscriminator: z.string().nullable(),
  symptomDiscriminatorTitle: z.string().nullable(),
  source: z.enum(['triage', 'clinician']),
  triageSessionId: z.string().nullable(),
  setAt: Timestamp,
  setBy: z.string(),
  setByName: z.string(),
  dueBy: Timestamp.nullable(),
  validation: z.object({ by: z.string(), status: z.enum(['pending', 'done']) }).nullable(),
  summary: z.string().nullable(),
  report: z.array(z.object({ nodeId: z.string(), question: z.string(), answer: z.string() })),
  careAdvice: z.array(z.string()),
});

export const CaseSchema = z.object({
  id: z.string(),
  status: z.enum(CaseStatuses),
  channel: z.enum(Channels),
  openedAt: Timestamp,
  openedBy: z.string(),
  openedByOrg: z.string().nullable(),
  patient: PatientRecordSchema,
  caller: z.object({ relationship: z.enum(CallerRelationships), name: z.string().optional(), phone: z.string().optional() }).nullable(),
  presentingProblem: z.string(),
  communicationNeeds: z
    .object({ language: z.string().optional(), interpreterRequired: z.boolean(), hearing: z.boolean(), sight: z.boolean(), speech: z.boolean(), notes: z.string().optional() })
    .nullable(),
  currentLocation: z.object({ postcode: z.string() }).nullable(),
  disposition: CaseDispositionSchema.nullable(),
  triageSessionIds: z.array(z.string()),
  repeatCaller: z.object({
    status: z.enum(RepeatCallerStatuses),
    matches: z.array(
      z.object({
        caseId: z.string(),
        openedAt: Timestamp,
        presentingProblem: z.string(),
        disposition: z.string().nullable(),
        basis: z.enum(['nhs-number', 'demographics']),
        matched: z.array(z.string()),
        score: z.number(),
      }),
    ),
    decidedBy: z.string().optional(),
    decidedAt: Timestamp.optional(),
  }),
  flags: z.array(z.object({ category: z.enum(FlagCategories), text: z.string() })),
  closedAt: Timestamp.nullable(),
  closedBy: z.string().nullable(),
  closeReason: z.string().nullable(),
  updatedAt: Timestamp,
  /** the telephony platform's call the case came from */
  callId: z.string().nullable(),
});

export const CaseNoteSchema = z.object({ id: z.string(), caseId: z.string(), text: z.string(), authorId: z.string(), authorName: z.string(), createdAt: Timestamp });

export const SpecialNoteRecordSchema = z.object({
  id: z.string(),
  nhsNumber: z.string(),
  category: z.enum(SpecialNoteCategories),
  title: z.string(),
  text: z.string(),
  reviewDate: z.string(),
  reviewOverdue: z.boolean(),
  status: z.enum(['active', 'withdrawn']),
  authorId: z.string(),
  authorName: z.string(),
  organisationId: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});

export const QueueEntrySchema = z.object({
  id: z.string(),
  caseId: z.string(),
  reasons: z.array(z.enum(QueueReasons)),
  disposition: z.string(),
  validationOf: z.string().nullable(),
  status: z.enum(QueueStatuses),
  queuedAt: Timestamp,
  dueAt: Timestamp,
  claimedBy: z.string().nullable(),
  claimedByName: z.string().nullable(),
  claimedAt: Timestamp.nullable(),
  attempts: z.array(z.object({ at: Timestamp, by: z.string(), byName: z.string(), result: z.enum(CallResults), note: z.string().nullable() })),
  outcome: z
    .object({
      kind: z.enum(['disposition', 'retriage']),
      disposition: z.string(),
      summary: z.string().nullable(),
      triageSessionId: z.string().nullable(),
      validation: z.enum(['stands', 'changed', 'downgraded']).nullable(),
    })
    .nullable(),
  finishedAt: Timestamp.nullable(),
  finishedBy: z.string().nullable(),
});
/** A queue entry with how close it is to its due time (open entries) or whether it was late (finished ones). */
export const TimedQueueEntrySchema = QueueEntrySchema.extend({
  level: z.enum(['ok', 'warning', 'breached']).nullable(),
  minutesToDue: z.number().optional(),
  used: z.number().optional(),
  warning: z.boolean(),
  breached: z.boolean(),
});

export const OpenedCaseReply = z.object({ case: CaseSchema, specialNotes: z.array(SpecialNoteRecordSchema), queueEntry: QueueEntrySchema.nullable() });
export const CasesReply = z.object({ cases: z.array(CaseSchema) });
/** The whole case (CaseView, case-view.ts): its notes, special notes, queue entries and referrals. */
export const CaseViewReply = z.object({
  case: CaseSchema,
  notes: z.array(CaseNoteSchema),
  specialNotes: z.array(SpecialNoteRecordSchema),
  queue: z.array(TimedQueueEntrySchema),
  referrals: z.array(ReferralWithActionsSchema),
});
export const CaseReply = z.object({ case: CaseSchema });
export const TimelineReply = z.object({
  timeline: z.array(
    z.object({ eventId: z.number().int(), at: Timestamp, type: z.string(), kind: z.string(), actorId: z.string().nullable(), summary: z.string(), details: OpenObject }),
  ),
});
export const CaseWithQueueEntryReply = z.object({ case: CaseSchema, queueEntry: QueueEntrySchema.nullable() });
/** A case search: the directory's reply, the request sent (built from the case), and each result's organisation and place. */
export const CaseSearchReply = SearchReplySchema.extend({
  searchId: z.string(),
  request: z.looseObject({ disposition: z.string() }),
  results: z.array(SearchResultSchema.extend({ organisationId: z.string().nullable(), odsCode: z.string().nullable(), position: z.number().int() })),
  query: SearchReplySchema.shape.query.optional(),
});
export const QueueReply = z.object({
  entries: z.array(
    TimedQueueEntrySchema.extend({
      patient: z.object({ name: z.string(), dateOfBirth: z.string(), sex: z.enum(PatientSexes), phone: z.string().nullable() }).optional(),
      presentingProblem: z.string().nullable(),
      caseDisposition: z.string().nullable(),
      repeatCaller: z.enum(RepeatCallerStatuses).nullable(),
    }),
  ),
});
export const QueueOutcomeReply = z.object({ entry: TimedQueueEntrySchema, case: CaseSchema });
export const SpecialNotesReply = z.object({ notes: z.array(SpecialNoteRecordSchema) });
