// Special patient notes (end of life, safeguarding, reasonable adjustments…): written by clinicians
// and provider staff, changed only by the organisation that wrote them, shown only to those caring
// for the patient now (docs/decisions/0010). Every read is audited.
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { AppError, conflict, forbidden, notFound } from '../platform/errors';
import { assertNoteAuthor, authoredBy, type CaseAccessControl } from './access';
import { auditNoteReads } from './case-records';
import type { CasesContext } from './context';
import { CARE_STAFF, type SpecialNote, type SpecialNoteInput, type SpecialNotePatchInput, type SpecialNoteQuery } from './model';
import * as store from './store';

export class SpecialNotes {
  constructor(
    private readonly ctx: CasesContext,
    private readonly access: CaseAccessControl,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  async create(actor: Actor, data: SpecialNoteInput): Promise<SpecialNote> {
    assertNoteAuthor(actor);
    const at = this.ctx.now();
    const note: SpecialNote = {
      id: `spn_${randomUUID()}`,
      nhsNumber: data.nhsNumber,
      category: data.category,
      title: data.title,
      text: data.text,
      reviewDate: data.reviewDate,
      reviewOverdue: data.reviewDate < this.ctx.today(),
      status: 'active',
      authorId: actor.id,
      authorName: actor.name,
      organisationId: actor.organisationId ?? 'platform',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await inTransaction(this.db, async (tx) => {
      await store.insertSpecialNote(tx, note);
      await recordChange(tx, actor, at, { type: 'special_note.created', subjectType: 'special_patient_note', subjectIds: [note.id], payload: { category: note.category, reviewDate: note.reviewDate, organisationId: note.organisationId } }, { patientData: true });
    });
    return note;
  }

  async update(actor: Actor, id: string, patch: SpecialNotePatchInput): Promise<SpecialNote> {
    assertNoteAuthor(actor);
    return this.change(actor, id, 'special_note.updated', (note) => {
      Object.assign(note, patch);
      return { fields: Object.keys(patch) };
    });
  }

  async withdraw(actor: Actor, id: string): Promise<SpecialNote> {
    assertNoteAuthor(actor);
    return this.change(actor, id, 'special_note.withdrawn', (note) => {
      note.status = 'withdrawn';
      return {};
    });
  }

  /**
   * The active notes for a patient, for those caring for the patient now (docs/decisions/0010):
   * the front door while a case for the NHS number is open, an organisation holding an active
   * referral for the patient, administrators. Otherwise only the notes the actor's own organisation
   * wrote; with none of those, 403. Every lookup is audited, refused ones too.
   */
  async notesFor(actor: Actor, { nhsNumber }: SpecialNoteQuery, requestId?: string): Promise<SpecialNote[]> {
    if (!hasAnyRole(actor, CARE_STAFF)) throw forbidden('Only care staff may read special patient notes');
    const all = await store.activeSpecialNotes(this.db, nhsNumber, this.ctx.today());
    const caring = await this.access.caresFor(actor, nhsNumber);
    const notes = caring ? all : all.filter((n) => authoredBy(actor, n));
    const at = this.ctx.now();
    if (!caring && !notes.length) {
      await audit(this.db, actor, at, { action: 'special_note.read_denied', subjectType: 'patient', subjectId: nhsNumber, details: { reason: 'not caring for the patient' }, requestId });
      throw new AppError(403, 'not_caring_for_patient', 'Special patient notes are shown only to those caring for the patient now: an open case, or an active referral for the patient');
    }
    await inTransaction(this.db, async (tx) => {
      await audit(tx, actor, at, { action: 'special_note.lookup', subjectType: 'patient', subjectId: nhsNumber, patientData: true, details: { noteIds: notes.map((n) => n.id), caring }, requestId });
      await auditNoteReads(tx, actor, at, notes, null, requestId);
    });
    return notes;
  }

  /**
   * The special patient notes in force today for an NHS number, unaudited: for callers that pass on
   * a note's category and title as a flag (a referral's), never its body.
   */
  activeFor(nhsNumber: string): Promise<SpecialNote[]> {
    return store.activeSpecialNotes(this.db, nhsNumber, this.ctx.today());
  }

  private async change(actor: Actor, id: string, type: string, mutate: (note: SpecialNote) => Record<string, unknown>): Promise<SpecialNote> {
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const note = await store.findSpecialNote(tx, id, this.ctx.today(), true);
      if (!note) throw notFound(`Special patient note ${id}`);
      if (note.status !== 'active') throw conflict(`Special patient note ${id} is ${note.status}`, [{ path: 'status', message: note.status }], 'invalid_state');
      if (!hasAnyRole(actor, ['admin']) && !(actor.organisationId && note.organisationId === actor.organisationId)) {
        throw forbidden('Only the organisation that wrote a special patient note may change it');
      }
      const payload = mutate(note);
      note.updatedAt = at;
      note.version += 1;
      note.reviewOverdue = note.reviewDate < this.ctx.today();
      await store.saveSpecialNote(tx, note);
      await recordChange(tx, actor, at, { type, subjectType: 'special_patient_note', subjectIds: [id], payload: { ...payload, version: note.version } }, { patientData: true });
      return note;
    });
  }
}
