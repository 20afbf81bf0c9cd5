// Small pieces every cases use case writes with: the event subject, locking an open case, the
// repeat-caller flag, a patient record from the request, and the audit of special notes shown.
import type { Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import type { Executor, Tx } from '../platform/database';
import { conflict, notFound } from '../platform/errors';
import type { Case, OpenCaseInput, Patient, SpecialNote } from './model';
import { REPEAT_WINDOW_HOURS } from './repeat-caller';
import * as store from './store';

/** The subject type of a case's events. */
export const SUBJECT = 'case';

/** Locks an open case in the caller's transaction (409 naming the state if it is closed). */
export async function lockOpen(tx: Tx, id: string): Promise<Case> {
  const c = await store.findCase(tx, id, true);
  if (!c) throw notFound(`Case ${id}`);
  if (c.status !== 'open') throw conflict(`Case ${id} is ${c.status}`, [{ path: 'status', message: c.status }], 'invalid_state');
  return c;
}

export function repeatFlag(count: number) {
  return { category: 'repeat-caller' as const, text: `Repeat caller: ${count} earlier contact(s) in the last ${REPEAT_WINDOW_HOURS} hours` };
}

export function patientOf(p: OpenCaseInput['patient']): Patient {
  const postcode = p.postcode ?? p.address?.postcode ?? null;
  return {
    nhsNumber: p.nhsNumber ?? null,
    nhsNumberStatus: p.nhsNumberStatus ?? (p.nhsNumber ? '02' : null),
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    address: p.address ?? null,
    postcode,
    phone: p.phone ?? null,
    registeredPractice: p.registeredPractice ?? null,
  };
}

/** Each special patient note shown is a read of patient data. */
export async function auditNoteReads(db: Executor, actor: Actor, at: Date, notes: SpecialNote[], caseId: string | null, requestId?: string): Promise<void> {
  for (const note of notes) {
    await audit(db, actor, at, { action: 'special_note.read', subjectType: 'special_patient_note', subjectId: note.id, patientData: true, details: caseId ? { caseId } : {}, requestId });
  }
}
