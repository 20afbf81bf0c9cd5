// Reading cases: the whole case as whoever handles it next needs it (one typed view, with the
// referrals of the case), the list of cases, and a case's timeline. Every read is audited.
import type { Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import { inTransaction } from '../platform/database';
import { assertCaseStaff, authoredBy, type CaseAccessControl } from './access';
import { auditNoteReads, SUBJECT } from './case-records';
import type { CasesContext } from './context';
import type { Case, CaseListQuery, CaseNote, SpecialNote } from './model';
import { timed, type TimedQueueEntry } from './queue';
import type { CaseReferral } from './relations';
import * as store from './store';
import { buildTimeline } from './timeline';

/** The whole case (GET /api/cases/:id): no retelling for whoever handles it next. */
export interface CaseView {
  case: Case;
  notes: CaseNote[];
  /** The special patient notes in force; only its own organisation's for a service that may just read the case. */
  specialNotes: SpecialNote[];
  queue: TimedQueueEntry[];
  referrals: CaseReferral[];
}

/** What the case list marks on a case. */
export interface CaseAttention {
  latestReferral: { id: string; status: CaseReferral['status']; serviceName: string; rejection: CaseReferral['rejection']; updatedAt: Date } | null;
  referralRejected: boolean;
  endOfLife: boolean;
}

export class CaseReading {
  constructor(
    private readonly ctx: CasesContext,
    private readonly access: CaseAccessControl,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /** The whole case, as whoever handles it next needs it: no retelling. Audited. */
  async view(actor: Actor, id: string, requestId?: string): Promise<CaseView> {
    const { c, level } = await this.access.accessTo(actor, id);
    const [notes, allSpecialNotes, queue] = await Promise.all([
      store.listNotes(this.db, id),
      c.patient.nhsNumber ? store.activeSpecialNotes(this.db, c.patient.nhsNumber, this.ctx.today()) : Promise.resolve([]),
      store.queueEntriesOfCase(this.db, id),
    ]);
    // Special patient notes are for those caring for the patient now; a service that only may read
    // the case (its referral finished) sees just the notes its own organisation wrote.
    const specialNotes = level === 'work' ? allSpecialNotes : allSpecialNotes.filter((n) => authoredBy(actor, n));
    const referrals = await this.ctx.relations.referralsOf(id);
    const at = this.ctx.now();
    await inTransaction(this.db, async (tx) => {
      await audit(tx, actor, at, { action: 'case.read', subjectType: SUBJECT, subjectId: id, patientData: true, requestId });
      await auditNoteReads(tx, actor, at, specialNotes, id);
    });
    return { case: c, notes, specialNotes, queue: queue.map((e) => timed(e, this.ctx.now())), referrals };
  }

  async list(actor: Actor, q: CaseListQuery, requestId?: string) {
    assertCaseStaff(actor);
    const cases = await store.listCases(this.db, q);
    await audit(this.db, actor, this.ctx.now(), {
      action: 'case.listed',
      subjectType: SUBJECT,
      patientData: true,
      details: { caseIds: cases.map((c) => c.id) },
      requestId,
    });
    return cases;
  }

  /**
   * The case list for the front door, each case marked with what needs it: its latest referral
   * (rejected ones must be seen to) and whether the patient has an end-of-life special patient note
   * (a yes or no: the note itself is read, audited, on the case). Audited as the list is.
   */
  async listWithAttention(actor: Actor, q: CaseListQuery, requestId?: string): Promise<(Case & { attention: CaseAttention })[]> {
    const cases = await this.list(actor, q, requestId);
    const [latest, endOfLife] = await Promise.all([
      this.ctx.relations.latestReferrals(cases.map((c) => c.id)),
      store.nhsNumbersWithNote(this.db, [...new Set(cases.flatMap((c) => (c.patient.nhsNumber ? [c.patient.nhsNumber] : [])))], 'end-of-life'),
    ]);
    return cases.map((c) => {
      const r = latest.get(c.id);
      const latestReferral = r ? { id: r.id, status: r.status, serviceName: r.serviceName, rejection: r.rejection, updatedAt: r.updatedAt } : null;
      return { ...c, attention: { latestReferral, referralRejected: r?.status === 'rejected', endOfLife: Boolean(c.patient.nhsNumber && endOfLife.has(c.patient.nhsNumber)) } };
    });
  }

  /** Everything that happened, from the event log: triage, searches, referrals, calls, notes. Audited. */
  async timeline(actor: Actor, id: string, requestId?: string) {
    const c = await this.access.readable(actor, id);
    const events = await store.eventsAbout(this.db, [id, ...c.triageSessionIds]);
    const notes = new Map((await store.listNotes(this.db, id)).map((n) => [n.id, n]));
    const entries = buildTimeline(events).map((entry) => {
      const note = entry.type === 'case.note_added' ? notes.get(String(entry.details.noteId)) : undefined;
      return note ? { ...entry, details: { ...entry.details, text: note.text } } : entry;
    });
    await audit(this.db, actor, this.ctx.now(), { action: 'case.timeline_read', subjectType: SUBJECT, subjectId: id, patientData: true, requestId });
    return entries;
  }
}
