// Who may read or change a case, and who cares for a patient now (docs/decisions/0010). Front-door
// staff work every case; a service reaches a case only through a referral (CaseRelations).
import { hasAnyRole, type Actor } from '../platform/actor';
import { AppError, conflict, forbidden, notFound } from '../platform/errors';
import type { CasesContext } from './context';
import { CASE_STAFF, CLINICIANS, NOTE_AUTHORS, type Case, type QueueEntry, type SpecialNote } from './model';
import type { CaseAccess } from './relations';
import * as store from './store';

export class CaseAccessControl {
  constructor(private readonly ctx: CasesContext) {}

  /** The case, if the actor may read it: front-door staff, or whoever a referral lets in. */
  async readable(actor: Actor, id: string): Promise<Case> {
    return (await this.accessTo(actor, id)).c;
  }

  /** The case, if the actor may also change it: front-door staff, or the service holding its active referral. */
  async workable(actor: Actor, id: string): Promise<Case> {
    const { c, level } = await this.accessTo(actor, id);
    if (level !== 'work') throw new AppError(403, 'read_only_access', `You may read case ${id} but no longer change it: your organisation's referral has finished`);
    return c;
  }

  /** How far the actor may go with the case; 404 when not at all. */
  async accessTo(actor: Actor, id: string): Promise<{ c: Case; level: CaseAccess }> {
    const c = await store.findCase(this.ctx.db, id);
    if (!c) throw notFound(`Case ${id}`);
    if (hasAnyRole(actor, CASE_STAFF)) return { c, level: 'work' };
    const level = await this.ctx.relations.accessThroughReferral(actor, id);
    if (level) return { c, level };
    // Not "forbidden": whether a case exists is itself patient information.
    throw notFound(`Case ${id}`);
  }

  /** Whether the actor cares for the patient now (see SpecialNotes.notesFor). */
  async caresFor(actor: Actor, nhsNumber: string): Promise<boolean> {
    if (hasAnyRole(actor, ['admin'])) return true;
    // The front door works every case (readable() above); it handles the patient while a case is open.
    if (hasAnyRole(actor, ['call_handler', 'clinician']) && (await store.hasOpenCaseFor(this.ctx.db, nhsNumber))) return true;
    return this.ctx.relations.caresForPatient(actor, nhsNumber);
  }
}

/** Whether the actor's organisation wrote the special patient note. */
export function authoredBy(actor: Actor, note: SpecialNote): boolean {
  return Boolean(actor.organisationId) && note.organisationId === actor.organisationId;
}

export function assertCaseStaff(actor: Actor): void {
  if (!hasAnyRole(actor, CASE_STAFF)) throw forbidden('Only call handlers, clinicians and administrators work cases directly');
}

export function assertClinician(actor: Actor): void {
  if (!hasAnyRole(actor, CLINICIANS)) throw forbidden('Only clinicians work the clinical queue');
}

export function assertNoteAuthor(actor: Actor): void {
  if (!hasAnyRole(actor, NOTE_AUTHORS)) throw forbidden('Only clinicians and provider staff (GP practices, community teams) write special patient notes');
}

export function assertClaimedBy(actor: Actor, entry: QueueEntry): void {
  if (entry.claimedBy !== actor.id) throw conflict(`Queue entry ${entry.id} is claimed by ${entry.claimedByName}`, [{ path: 'claimedBy', message: entry.claimedByName ?? '' }], 'claimed_by_another');
}
