import { CaseNoteSchema, TimelineReply, CaseReply, CaseSearchReply, CasesReply, CaseViewReply, CaseWithQueueEntryReply, OpenedCaseReply, QueueOutcomeReply, QueueReply, SpecialNoteRecordSchema, SpecialNotesReply, TimedQueueEntrySchema } from './replies';
import { route, type RouteDef } from '../platform/http';
import {
  CallAttemptSchema,
  CaseIdParam,
  CaseListQuery,
  CloseCaseSchema,
  LinkTriageSchema,
  NoteIdParam,
  NoteSchema,
  OpenCaseSchema,
  QueueIdParam,
  QueueListQuery,
  QueueOutcomeSchema,
  RepeatDecisionSchema,
  SpecialNotePatchSchema,
  SpecialNoteQuery,
  SpecialNoteSchema,
  UpdateCaseSchema,
} from './model';
import { CARE_STAFF, CASE_STAFF, CaseSearchSchema, CLINICIANS, NOTE_AUTHORS } from './model';
import type { CasesService } from './service';


export function casesRoutes(cases: CasesService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/cases',
      summary: 'Open a case: patient (NHS number modulus 11 checked), caller, presenting problem; looks back 96 h for a repeat caller and shows special patient notes',
      tag: 'cases',
      access: CASE_STAFF,
      body: OpenCaseSchema,
      status: 201,
      response: OpenedCaseReply,
      async handle({ actor, body }) {
        return cases.open(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/cases',
      summary: 'Cases, newest first, each marked with its latest referral (a rejected one needs the front door) and whether the patient has an end-of-life note (audited as a read of patient data)',
      tag: 'cases',
      access: CASE_STAFF,
      query: CaseListQuery,
      response: CasesReply,
      async handle({ actor, query, requestId }) {
        return { cases: await cases.listWithAttention(actor, query, requestId) };
      },
    }),
    route({
      method: 'get',
      path: '/api/cases/:id',
      summary: 'The whole case — patient, triage report, notes, special patient notes, queue, referrals (audited)',
      tag: 'cases',
      access: CARE_STAFF,
      params: CaseIdParam,
      response: CaseViewReply,
      async handle({ actor, params, requestId }) {
        return cases.view(actor, params.id, requestId);
      },
    }),
    route({
      method: 'patch',
      path: '/api/cases/:id',
      summary: 'Change the patient’s details, caller, presenting problem, communication needs or flags',
      tag: 'cases',
      access: CASE_STAFF,
      params: CaseIdParam,
      body: UpdateCaseSchema,
      response: CaseReply,
      async handle({ actor, params, body }) {
        return { case: await cases.update(actor, params.id, body) };
      },
    }),
    route({
      method: 'get',
      path: '/api/cases/:id/timeline',
      summary: 'Everything that happened in the case, from the event log: triage, searches, referrals, calls, notes (audited)',
      tag: 'cases',
      access: CARE_STAFF,
      params: CaseIdParam,
      response: TimelineReply,
      async handle({ actor, params, requestId }) {
        return { timeline: await cases.timeline(actor, params.id, requestId) };
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/notes',
      summary: 'Add a note to the case',
      tag: 'cases',
      access: CARE_STAFF,
      params: CaseIdParam,
      body: NoteSchema,
      status: 201,
      response: CaseNoteSchema,
      async handle({ actor, params, body }) {
        return cases.addNote(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/triage',
      summary: 'Link a triage session; a finished one sets the disposition (call-backs and validations go to the clinical queue)',
      tag: 'cases',
      access: CASE_STAFF,
      params: CaseIdParam,
      body: LinkTriageSchema,
      response: CaseWithQueueEntryReply,
      async handle({ actor, params, body }) {
        return cases.linkTriage(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/searches',
      summary: 'Search the directory for this case (from its disposition and the patient; fields given override) and record the search',
      tag: 'cases',
      access: CARE_STAFF,
      params: CaseIdParam,
      body: CaseSearchSchema,
      status: 201,
      response: CaseSearchReply,
      async handle({ actor, params, body }) {
        return cases.search(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/repeat-caller',
      summary: 'Confirm or rule out a possible repeat caller (3 of 5 items); a confirmed one goes to the clinical queue',
      tag: 'cases',
      access: CASE_STAFF,
      params: CaseIdParam,
      body: RepeatDecisionSchema,
      response: CaseWithQueueEntryReply,
      async handle({ actor, params, body }) {
        return cases.decideRepeat(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/cases/:id/close',
      summary: 'End the episode (refused while a referral is active); sends the post-event message to the GP where the rules say',
      tag: 'cases',
      access: CASE_STAFF,
      params: CaseIdParam,
      body: CloseCaseSchema,
      response: CaseReply,
      async handle({ actor, params, body }) {
        return { case: await cases.close(actor, params.id, body) };
      },
    }),
    route({
      method: 'get',
      path: '/api/queue',
      summary: 'The clinical queue, soonest due first, with warning (80% of the time used) and breach flags (audited)',
      tag: 'queue',
      access: CLINICIANS,
      query: QueueListQuery,
      response: QueueReply,
      async handle({ actor, query, requestId }) {
        return { entries: await cases.queue(actor, query, requestId) };
      },
    }),
    route({
      method: 'post',
      path: '/api/queue/:id/claim',
      summary: 'Claim a waiting queue entry',
      tag: 'queue',
      access: CLINICIANS,
      params: QueueIdParam,
      response: TimedQueueEntrySchema,
      async handle({ actor, params }) {
        return cases.claim(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/queue/:id/release',
      summary: 'Release a claimed entry back to the queue',
      tag: 'queue',
      access: CLINICIANS,
      params: QueueIdParam,
      response: TimedQueueEntrySchema,
      async handle({ actor, params }) {
        return cases.release(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/queue/:id/attempts',
      summary: 'Record a call attempt (answered, no answer, voicemail, engaged, wrong number)',
      tag: 'queue',
      access: CLINICIANS,
      params: QueueIdParam,
      body: CallAttemptSchema,
      response: TimedQueueEntrySchema,
      async handle({ actor, params, body }) {
        return cases.attempt(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/queue/:id/outcome',
      summary: 'The clinician’s outcome: their own disposition, or a re-triage; a validation records whether the outcome stood',
      tag: 'queue',
      access: CLINICIANS,
      params: QueueIdParam,
      body: QueueOutcomeSchema,
      response: QueueOutcomeReply,
      async handle({ actor, params, body }) {
        return cases.outcome(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/special-notes',
      summary: 'Write a special patient note (end of life, long-term condition, safeguarding, reasonable adjustments) with a review date',
      tag: 'special-notes',
      access: NOTE_AUTHORS,
      body: SpecialNoteSchema,
      status: 201,
      response: SpecialNoteRecordSchema,
      async handle({ actor, body }) {
        return cases.createSpecialNote(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/special-notes',
      summary: 'The active special patient notes for an NHS number (each read audited)',
      tag: 'special-notes',
      access: CARE_STAFF,
      query: SpecialNoteQuery,
      response: SpecialNotesReply,
      async handle({ actor, query, requestId }) {
        return { notes: await cases.specialNotesFor(actor, query, requestId) };
      },
    }),
    route({
      method: 'patch',
      path: '/api/special-notes/:id',
      summary: 'Change a special patient note (its own organisation only)',
      tag: 'special-notes',
      access: NOTE_AUTHORS,
      params: NoteIdParam,
      body: SpecialNotePatchSchema,
      response: SpecialNoteRecordSchema,
      async handle({ actor, params, body }) {
        return cases.updateSpecialNote(actor, params.id, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/special-notes/:id',
      summary: 'Withdraw a special patient note (kept, no longer shown)',
      tag: 'special-notes',
      access: NOTE_AUTHORS,
      params: NoteIdParam,
      response: SpecialNoteRecordSchema,
      async handle({ actor, params }) {
        return cases.withdrawSpecialNote(actor, params.id);
      },
    }),
  ];
}
