import { z } from 'zod';
import { discriminatorCodeSchema, dispositionCodeSchema } from '../directory/codes';
import { SearchRequestSchema } from '../search/model';
import { isValidNhsNumber, normaliseNhsNumber, nhsNumberProblem, NhsNumberStatusCodes, type NhsNumberStatus } from './nhs-number';

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'a telephone number: digits, spaces, brackets, dashes, optional leading +');
const odsCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{3,10}$/, 'an ODS code: 3–10 capital letters or digits');
const postcode = z.string().trim().toUpperCase().regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'a UK postcode such as CT1 3NG');

export const PatientSexes = ['female', 'male', 'other', 'unknown'] as const;
export type PatientSex = (typeof PatientSexes)[number];

export const NhsNumberSchema = z
  .string()
  .trim()
  .transform(normaliseNhsNumber)
  .superRefine((value, ctx) => {
    const problem = nhsNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const PatientSchema = z
  .object({
    nhsNumber: NhsNumberSchema.optional(),
    /** NHS number status indicator 01–08; 01 = present and verified against the national register. */
    nhsNumberStatus: z.enum(NhsNumberStatusCodes).optional(),
    firstName: text(100),
    lastName: text(100),
    dateOfBirth: z.iso.date(),
    sex: z.enum(PatientSexes),
    address: z
      .object({ lines: z.array(text(200)).min(1).max(4), town: text(100).optional(), postcode })
      .optional(),
    /** The postcode where the patient lives (from the address if one is given). */
    postcode: postcode.optional(),
    phone: phone.optional(),
    /** ODS code of the GP practice the patient is registered with. */
    registeredPractice: odsCode.optional(),
  })
  .superRefine((patient, ctx) => {
    if (patient.nhsNumberStatus === '01' && !patient.nhsNumber) {
      ctx.addIssue({ code: 'custom', path: ['nhsNumberStatus'], message: 'status 01 (verified) needs the NHS number' });
    }
    if (patient.nhsNumber && patient.nhsNumberStatus === '07') {
      ctx.addIssue({ code: 'custom', path: ['nhsNumberStatus'], message: 'status 07 means no number is present' });
    }
    if (patient.address && patient.postcode && patient.address.postcode.replace(/\s/g, '') !== patient.postcode.replace(/\s/g, '')) {
      ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'differs from the address postcode' });
    }
  });
export type PatientInput = z.input<typeof PatientSchema>;

export interface Patient {
  nhsNumber: string | null;
  nhsNumberStatus: NhsNumberStatus | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: PatientSex;
  address: { lines: string[]; town?: string; postcode: string } | null;
  postcode: string | null;
  phone: string | null;
  registeredPractice: string | null;
}

export const CallerRelationships = ['self', 'parent', 'carer', 'relative', 'friend', 'professional', 'other'] as const;
export const CallerSchema = z.object({
  relationship: z.enum(CallerRelationships),
  name: text(200).optional(),
  phone: phone.optional(),
});
export type Caller = z.output<typeof CallerSchema>;

export const CommunicationNeedsSchema = z.object({
  /** Preferred language (free text or an ISO code); English if absent. */
  language: text(50).optional(),
  interpreterRequired: z.boolean().default(false),
  hearing: z.boolean().default(false),
  sight: z.boolean().default(false),
  speech: z.boolean().default(false),
  notes: z.string().trim().max(1000).optional(),
});
export type CommunicationNeeds = z.output<typeof CommunicationNeedsSchema>;

/** The flag categories that travel with a referral (Booking and Referral Standard). */
export const FlagCategories = [
  'safeguarding',
  'scene-safety',
  'rejected-services',
  'reasonable-adjustment',
  'infection-risk',
  'repeat-caller',
  'respect',
  'agency-contacted',
  'additional-patient-information',
  'call-warning',
] as const;
export type FlagCategory = (typeof FlagCategories)[number];
export const FlagSchema = z.object({ category: z.enum(FlagCategories), text: text(1000) });
export type CaseFlag = z.output<typeof FlagSchema>;

/** How the episode began; 'professional-referral': a professional (a GP …) referred by need, with no 111 call. */
export const Channels = ['phone', 'online', 'walk-in', 'professional-line', 'professional-referral'] as const;

export const OpenCaseSchema = z.object({
  channel: z.enum(Channels).default('phone'),
  patient: PatientSchema,
  caller: CallerSchema.optional(),
  presentingProblem: text(2000),
  communicationNeeds: CommunicationNeedsSchema.optional(),
  /** Where the patient is now, if not at home (searches start here). */
  currentLocation: z.object({ postcode }).optional(),
  flags: z.array(FlagSchema).max(20).default([]),
  /** The telephony platform's id of the call this case came from (it must have been reported and answered). */
  callId: z.string().trim().min(1).max(100).optional(),
});
export type OpenCase = z.output<typeof OpenCaseSchema>;

export const UpdateCaseSchema = z
  .object({
    patient: PatientSchema.optional(),
    caller: CallerSchema.nullable().optional(),
    presentingProblem: text(2000).optional(),
    communicationNeeds: CommunicationNeedsSchema.optional(),
    currentLocation: z.object({ postcode }).nullable().optional(),
    flags: z.array(FlagSchema).max(20).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'change at least one thing' });

export const CaseStatuses = ['open', 'closed'] as const;
export type CaseStatus = (typeof CaseStatuses)[number];

export const RepeatCallerStatuses = ['none', 'repeat', 'possible', 'confirmed', 'not-repeat'] as const;
export type RepeatCallerStatus = (typeof RepeatCallerStatuses)[number];

export interface RepeatMatch {
  caseId: string;
  openedAt: Date;
  presentingProblem: string;
  disposition: string | null;
  /** 'nhs-number' for a verified NHS number match, else the demographic items that matched */
  basis: 'nhs-number' | 'demographics';
  matched: string[];
  score: number;
}

export interface RepeatCaller {
  status: RepeatCallerStatus;
  matches: RepeatMatch[];
  decidedBy?: string;
  decidedAt?: Date;
}

export interface ReportLine {
  nodeId: string;
  question: string;
  answer: string;
  /** From a triage session (not on answers carried in from another system, nor on older cases): the question's kind and the answer as given. */
  kind?: 'yes-no' | 'single' | 'multiple' | 'number' | 'duration' | 'date';
  value?: string | number | boolean | string[];
}

/** The published triage content and pathway a case's answers were given on (its FHIR Questionnaire). */
export interface TriageContentRef {
  /** `pack@version+hash` */
  contentVersion: string;
  /** the pathway the session entered by; the emergency screen's id when it ended there */
  pathwayId: string;
}

/** What the case was told to do, and by whom: a triage outcome or a clinician's own disposition. */
export interface CaseDisposition {
  code: string;
  title: string;
  group: string;
  symptomGroup: number | null;
  symptomGroupTitle: string | null;
  symptomDiscriminator: string | null;
  symptomDiscriminatorTitle: string | null;
  source: 'triage' | 'clinician';
  triageSessionId: string | null;
  setAt: Date;
  setBy: string;
  setByName: string;
  /** When care must start by (from the disposition's timeframe); null if it has none. */
  dueBy: Date | null;
  /** A validation call-back in place of this outcome, until a clinician decides. */
  validation: { by: string; status: 'pending' | 'done' } | null;
  summary: string | null;
  report: ReportLine[];
  /** The content the report's questions come from (triage outcomes, and dispositions that keep their report); absent otherwise. */
  triageContent?: TriageContentRef;
  careAdvice: string[];
}

export interface Case {
  id: string;
  status: CaseStatus;
  channel: (typeof Channels)[number];
  openedAt: Date;
  openedBy: string;
  openedByOrg: string | null;
  patient: Patient;
  caller: Caller | null;
  presentingProblem: string;
  communicationNeeds: CommunicationNeeds | null;
  currentLocation: { postcode: string } | null;
  disposition: CaseDisposition | null;
  triageSessionIds: string[];
  repeatCaller: RepeatCaller;
  flags: CaseFlag[];
  closedAt: Date | null;
  closedBy: string | null;
  closeReason: string | null;
  updatedAt: Date;
  /** the telephony platform's call this case came from */
  callId: string | null;
}

export const CaseListQuery = z.object({
  status: z.enum(CaseStatuses).optional(),
  nhsNumber: z.string().trim().transform(normaliseNhsNumber).refine(isValidNhsNumber, 'not a valid NHS number').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NoteSchema = z.object({ text: text(4000) });
export interface CaseNote {
  id: string;
  caseId: string;
  text: string;
  authorId: string;
  authorName: string;
  createdAt: Date;
}

export const LinkTriageSchema = z.object({ sessionId: text(100) });
export const RepeatDecisionSchema = z.object({ decision: z.enum(['confirm', 'reject']), reason: z.string().trim().max(500).optional() });
export const CloseCaseSchema = z.object({ reason: text(500) });

// ---- the clinical queue ----

export const QueueReasons = ['callback', 'validation', 'repeat-caller'] as const;
export type QueueReason = (typeof QueueReasons)[number];
export const QueueStatuses = ['waiting', 'claimed', 'done', 'cancelled'] as const;
export type QueueStatus = (typeof QueueStatuses)[number];

export const CallResults = ['answered', 'no-answer', 'voicemail', 'engaged', 'wrong-number'] as const;
export interface CallAttempt {
  at: Date;
  by: string;
  byName: string;
  result: (typeof CallResults)[number];
  note: string | null;
}

export interface QueueOutcome {
  kind: 'disposition' | 'retriage';
  disposition: string;
  summary: string | null;
  triageSessionId: string | null;
  /** For a validation: did the original outcome stand, change or go down? */
  validation: 'stands' | 'changed' | 'downgraded' | null;
}

export interface QueueEntry {
  id: string;
  caseId: string;
  reasons: QueueReason[];
  /** the call-back disposition (Dx32…, Dx333…) */
  disposition: string;
  /** for validation: the ambulance or ED outcome being validated */
  validationOf: string | null;
  status: QueueStatus;
  queuedAt: Date;
  dueAt: Date;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  attempts: CallAttempt[];
  outcome: QueueOutcome | null;
  finishedAt: Date | null;
  finishedBy: string | null;
}

export const QueueListQuery = z.object({
  status: z.enum(['open', 'waiting', 'claimed', 'done', 'cancelled']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const CallAttemptSchema = z.object({ result: z.enum(CallResults), note: z.string().trim().max(1000).optional() });

export const QueueOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('disposition'),
    disposition: dispositionCodeSchema().regex(/^Dx[0-9]+$/, 'a disposition code like Dx05'),
    symptomGroup: z.number().int().positive().optional(),
    symptomDiscriminator: discriminatorCodeSchema().min(1).max(10).optional(),
    summary: text(4000),
  }),
  z.object({
    kind: z.literal('retriage'),
    /** A finished triage session the clinician ran for this patient. */
    triageSessionId: text(100),
    summary: z.string().trim().max(4000).optional(),
  }),
]);
export type QueueOutcomeInput = z.output<typeof QueueOutcomeSchema>;

// ---- special patient notes ----

export const SpecialNoteCategories = ['end-of-life', 'long-term-condition', 'safeguarding', 'reasonable-adjustments'] as const;
export type SpecialNoteCategory = (typeof SpecialNoteCategories)[number];

export const SpecialNoteSchema = z.object({
  nhsNumber: NhsNumberSchema,
  category: z.enum(SpecialNoteCategories),
  title: text(200),
  text: text(8000),
  reviewDate: z.iso.date(),
});
export const SpecialNotePatchSchema = z
  .object({ title: text(200).optional(), text: text(8000).optional(), reviewDate: z.iso.date().optional(), category: z.enum(SpecialNoteCategories).optional() })
  .refine((u) => Object.keys(u).length > 0, { message: 'change at least one thing' });
export const SpecialNoteQuery = z.object({
  nhsNumber: z.string().trim().transform(normaliseNhsNumber).refine(isValidNhsNumber, 'not a valid NHS number'),
});

export interface SpecialNote {
  id: string;
  nhsNumber: string;
  category: SpecialNoteCategory;
  title: string;
  text: string;
  reviewDate: string;
  /** the review date has passed: the plan may be out of date */
  reviewOverdue: boolean;
  status: 'active' | 'withdrawn';
  authorId: string;
  authorName: string;
  organisationId: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const CaseIdParam = z.object({ id: z.string().regex(/^case_[0-9a-f-]{36}$/, 'a case id like case_…') });
export const QueueIdParam = z.object({ id: z.string().regex(/^cq_[0-9a-f-]{36}$/, 'a queue entry id like cq_…') });
export const NoteIdParam = z.object({ id: z.string().regex(/^spn_[0-9a-f-]{36}$/, 'a note id like spn_…') });

export const RequestCallbackSchema = z.object({ reason: z.string().trim().min(1).max(500) });

/** The requests as the routes hand them over, once their schemas have checked them. */
export type OpenCaseInput = z.output<typeof OpenCaseSchema>;
export type CaseListQuery = z.output<typeof CaseListQuery>;
export type UpdateCaseInput = z.output<typeof UpdateCaseSchema>;
export type NoteInput = z.output<typeof NoteSchema>;
export type LinkTriageInput = z.output<typeof LinkTriageSchema>;
export type RequestCallbackInput = z.output<typeof RequestCallbackSchema>;
export type RepeatDecisionInput = z.output<typeof RepeatDecisionSchema>;
export type CloseCaseInput = z.output<typeof CloseCaseSchema>;
export type QueueListQuery = z.output<typeof QueueListQuery>;
export type CallAttemptInput = z.output<typeof CallAttemptSchema>;
export type SpecialNoteInput = z.output<typeof SpecialNoteSchema>;
export type SpecialNotePatchInput = z.output<typeof SpecialNotePatchSchema>;
export type SpecialNoteQuery = z.output<typeof SpecialNoteQuery>;

// Who may do what: one list per use case, used by the routes (access) and the service (checks).
/** Who works cases directly: the front door (call handlers, clinicians) and administrators. */
export const CASE_STAFF = ['call_handler', 'clinician', 'admin'] as const;
/** Who reads cases they care for, and may ask for special patient notes (then only for patients they care for: see specialNotesFor). */
export const CARE_STAFF = ['call_handler', 'clinician', 'provider_staff', 'admin'] as const;
/** Who works the clinical queue. */
export const CLINICIANS = ['clinician', 'admin'] as const;
/** Who may write special patient notes: clinicians, provider staff (GP practices, community teams). */
export const NOTE_AUTHORS = ['clinician', 'provider_staff', 'admin'] as const;

/**
 * A directory search for a case: the case gives the request (its disposition, the patient); these
 * fields, checked as the directory search checks them, override it.
 */
export const CaseSearchSchema = SearchRequestSchema.pick({ location: true, disposition: true, symptomGroup: true, symptomDiscriminators: true, at: true, distanceKm: true, limit: true })
  .partial()
  .strict();
export type CaseSearchInput = z.output<typeof CaseSearchSchema>;

/** A directory search recorded with a case. */
export interface StoredSearch {
  id: string;
  caseId: string;
  request: Record<string, unknown>;
  results: { serviceId: number; name: string; typeId: number; organisationId: string | null; rank: number }[];
  catchAll: boolean;
  createdBy: string;
  createdAt: Date;
}
