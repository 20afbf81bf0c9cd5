// The domain events of a case's life, built in one place: the live use cases append them, and the
// demo's history (src/demo/history-*.ts) writes the same events for simulated contacts.
import type { NewEvent } from '../platform/events';
import { SUBJECT } from './case-records';
import type { Case, CaseDisposition, QueueEntry, QueueOutcome } from './model';

export function caseOpenedEvent(c: Case, by: { name: string; organisationId: string | null }, repeatCaller: string, specialNotes: number): NewEvent {
  return {
    type: 'case.opened',
    subjectType: SUBJECT,
    subjectIds: [c.id],
    payload: { channel: c.channel, by: by.name, organisationId: by.organisationId, repeatCaller, specialNotes, ...(c.callId ? { callId: c.callId } : {}) },
  };
}

export function dispositionSetEvent(caseId: string, disposition: CaseDisposition): NewEvent {
  return {
    type: 'case.disposition_set',
    subjectType: SUBJECT,
    subjectIds: [caseId, ...(disposition.triageSessionId ? [disposition.triageSessionId] : [])],
    payload: { code: disposition.code, title: disposition.title, source: disposition.source, sessionId: disposition.triageSessionId, validation: disposition.validation?.by ?? null },
  };
}

export function queueEntryAddedEvent(entry: QueueEntry): NewEvent {
  return {
    type: 'queue.entry_added',
    subjectType: 'queue_entry',
    subjectIds: [entry.caseId, entry.id],
    payload: { entryId: entry.id, reasons: entry.reasons, disposition: entry.disposition, validationOf: entry.validationOf, dueAt: entry.dueAt.toISOString() },
  };
}

/** A queue entry changed by a clinician (claimed, released, a call attempt): `type` and what changed. */
export function queueEntryChangedEvent(type: string, entry: QueueEntry, by: string, payload: Record<string, unknown>): NewEvent {
  return { type, subjectType: 'queue_entry', subjectIds: [entry.caseId, entry.id], payload: { entryId: entry.id, by, ...payload } };
}

export function queueOutcomeEvent(entry: QueueEntry, outcome: QueueOutcome, by: string): NewEvent {
  return {
    type: 'queue.outcome_recorded',
    subjectType: 'queue_entry',
    subjectIds: [entry.caseId, entry.id],
    payload: { entryId: entry.id, kind: outcome.kind, disposition: outcome.disposition, validation: outcome.validation, by },
  };
}

export function caseClosedEvent(c: Case, reason: string): NewEvent {
  return { type: 'case.closed', subjectType: SUBJECT, subjectIds: [c.id], payload: { reason, disposition: c.disposition?.code ?? null } };
}

export function caseSearchedEvent(caseId: string, searchId: string, disposition: string, serviceIds: number[], catchAll: boolean): NewEvent {
  return { type: 'case.searched', subjectType: SUBJECT, subjectIds: [caseId, searchId], payload: { searchId, disposition, results: serviceIds.length, serviceIds, catchAll } };
}
