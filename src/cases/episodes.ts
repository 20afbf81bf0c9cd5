// A case from first contact to the end of the episode: open it (repeat-caller look-back, special
// notes shown), change its details, add notes, ask for a clinician's call-back, decide a possible
// repeat caller, and close it.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { appendEvent } from '../platform/events';
import { badRequest, conflict, notFound } from '../platform/errors';
import { assertCaseStaff, type CaseAccessControl } from './access';
import { auditNoteReads, lockOpen, patientOf, repeatFlag, SUBJECT } from './case-records';
import type { ClinicalQueue } from './clinical-queue';
import type { CasesContext } from './context';
import type { CaseDispositions } from './dispositions';
import type { Case, CaseNote, CloseCaseInput, NoteInput, OpenCaseInput, RepeatCaller, RepeatDecisionInput, RequestCallbackInput, UpdateCaseInput } from './model';
import { callbackMinutes } from './queue';
import { caseClosedEvent, caseOpenedEvent } from './case-events';
import { findRepeat, matchKeysOf, REPEAT_WINDOW_HOURS } from './repeat-caller';
import type { AfterCommit } from './relations';
import * as store from './store';
import { openedCase } from './new-case';

export class CaseEpisodes {
  constructor(
    private readonly ctx: CasesContext,
    private readonly access: CaseAccessControl,
    private readonly dispositions: CaseDispositions,
    private readonly clinicalQueue: ClinicalQueue,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /**
   * Opens a case: checks the NHS number, looks back 96 hours for a repeat caller, and shows any special
   * patient notes. A repeat caller (verified NHS number, or 4 of 5 items) goes to the clinical queue.
   */
  async open(actor: Actor, data: OpenCaseInput) {
    assertCaseStaff(actor);
    const at = this.ctx.now();
    const patient = patientOf(data.patient);
    if (data.callId) await this.callFor(data.callId);
    const c = openedCase({
      id: `case_${randomUUID()}`,
      channel: data.channel,
      at,
      opener: actor,
      patient,
      caller: data.caller ?? null,
      presentingProblem: data.presentingProblem,
      communicationNeeds: data.communicationNeeds,
      currentLocation: data.currentLocation,
      flags: data.flags,
      callId: data.callId,
    });
    const keys = matchKeysOf(patient);
    const since = new Date(at.getTime() - REPEAT_WINDOW_HOURS * 3600_000);
    const repeat = findRepeat(keys, await store.repeatCandidates(this.db, keys, since, at, c.id), at);
    c.repeatCaller = { status: repeat.status, matches: repeat.matches };
    if (repeat.status === 'repeat') c.flags = [...c.flags, repeatFlag(repeat.matches.length)];
    const notes = patient.nhsNumber ? await store.activeSpecialNotes(this.db, patient.nhsNumber, this.ctx.today()) : [];
    const queueEntry = await inTransaction(this.db, async (tx) => {
      await store.insertCase(tx, c, keys);
      await recordChange(tx, actor, at, caseOpenedEvent(c, actor, repeat.status, notes.length));
      if (repeat.status !== 'none') {
        await appendEvent(tx, actor, at, {
          type: 'case.repeat_caller_detected',
          subjectType: SUBJECT,
          subjectIds: [c.id, ...repeat.matches.map((m) => m.caseId)],
          payload: { status: repeat.status, matches: repeat.matches.map((m) => ({ caseId: m.caseId, basis: m.basis, matched: m.matched })) },
        });
      }
      await auditNoteReads(tx, actor, at, notes, c.id);
      if (repeat.status === 'repeat') {
        return this.clinicalQueue.enqueue(tx, actor, at, c, this.dispositions.repeatCallerDecision());
      }
      return null;
    });
    return { case: c, specialNotes: notes, queueEntry };
  }

  /** The answered call a case is opened for: a 400 naming `callId` when unknown or not answered. */
  private async callFor(callId: string): Promise<void> {
    const telephony = this.ctx.deps.telephony;
    if (!telephony) throw badRequest('This installation receives no calls from a telephony platform', [{ path: 'callId', message: 'unknown call' }]);
    await telephony.answeredCall(callId, 'callId');
  }

  /**
   * Opens the case a professional's referral by need begins (a GP, an out-of-hours clinician, a
   * community team — no 111 call): the patient and what they need, inside the referral's transaction.
   * No triage, and no repeat-caller queue: the clinical queue is the front door's, and the referrer is
   * already the patient's clinician. The referrals module has checked who may refer.
   */
  async openForReferral(tx: Tx, actor: Actor, at: Date, data: Pick<OpenCaseInput, 'patient' | 'presentingProblem'>): Promise<Case> {
    const patient = patientOf(data.patient);
    const c = openedCase({
      id: `case_${randomUUID()}`,
      channel: 'professional-referral',
      at,
      opener: actor,
      patient,
      caller: { relationship: 'professional', name: actor.name },
      presentingProblem: data.presentingProblem,
    });
    await store.insertCase(tx, c, matchKeysOf(patient));
    await recordChange(tx, actor, at, {
      type: 'case.opened',
      subjectType: SUBJECT,
      subjectIds: [c.id],
      payload: { channel: c.channel, by: actor.name, organisationId: actor.organisationId, repeatCaller: 'none', specialNotes: 0 },
    });
    return c;
  }

  /** Reads a case for another module (no audit: the caller audits what it shows). */
  async get(id: string): Promise<Case> {
    const c = await store.findCase(this.db, id);
    if (!c) throw notFound(`Case ${id}`);
    return c;
  }

  async update(actor: Actor, id: string, data: UpdateCaseInput): Promise<Case> {
    assertCaseStaff(actor);
    return this.change(actor, id, 'case.updated', (c) => {
      if (data.patient) c.patient = patientOf(data.patient);
      if (data.caller !== undefined) c.caller = data.caller;
      if (data.presentingProblem) c.presentingProblem = data.presentingProblem;
      if (data.communicationNeeds) c.communicationNeeds = data.communicationNeeds;
      if (data.currentLocation !== undefined) c.currentLocation = data.currentLocation;
      if (data.flags) c.flags = data.flags;
      return { fields: Object.keys(data) };
    });
  }

  async addNote(actor: Actor, id: string, { text }: NoteInput): Promise<CaseNote> {
    await this.access.workable(actor, id);
    const note: CaseNote = { id: `note_${randomUUID()}`, caseId: id, text, authorId: actor.id, authorName: actor.name, createdAt: this.ctx.now() };
    await inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
      await store.insertNote(tx, note);
      await recordChange(tx, actor, note.createdAt, { type: 'case.note_added', subjectType: SUBJECT, subjectIds: [c.id, note.id], payload: { noteId: note.id, by: actor.name } });
    });
    return note;
  }

  /**
   * A patient (online) or a call handler asks for a clinician to call back whatever the triage
   * outcome: the case joins the clinical queue working to Dx35 (speak to a clinician within 2 hours),
   * or keeps its place if it is already queued sooner.
   */
  async requestCallback(actor: Actor, id: string, { reason }: RequestCallbackInput) {
    assertCaseStaff(actor);
    const dx35 = this.ctx.deps.catalogue.disposition('Dx35')!;
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
      const entry = await this.clinicalQueue.enqueue(tx, actor, at, c, { reason: 'callback', disposition: dx35.code, validationOf: null, minutes: callbackMinutes(dx35.timeframe) });
      await recordChange(tx, actor, at, { type: 'case.callback_requested', subjectType: SUBJECT, subjectIds: [c.id, entry.id], payload: { reason } }, { patientData: true });
      return entry;
    });
  }

  /** Confirms or rules out a possible repeat caller (3 of 5); a confirmed one goes to the clinical queue. */
  async decideRepeat(actor: Actor, id: string, { decision, reason }: RepeatDecisionInput) {
    assertCaseStaff(actor);
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
      if (c.repeatCaller.status !== 'possible') {
        throw conflict(`The repeat caller check of case ${id} is "${c.repeatCaller.status}", not "possible": there is nothing to confirm`, [{ path: 'repeatCaller.status', message: c.repeatCaller.status }], 'invalid_state');
      }
      const repeat: RepeatCaller = { ...c.repeatCaller, status: decision === 'confirm' ? 'confirmed' : 'not-repeat', decidedBy: actor.id, decidedAt: at };
      c.repeatCaller = repeat;
      if (decision === 'confirm') c.flags = [...c.flags, repeatFlag(repeat.matches.length)];
      c.updatedAt = at;
      await store.saveCase(tx, c, matchKeysOf(c.patient));
      await recordChange(tx, actor, at, { type: 'case.repeat_caller_decided', subjectType: SUBJECT, subjectIds: [id], payload: { decision, reason: reason ?? null, by: actor.name } });
      const queueEntry = decision === 'confirm' ? await this.clinicalQueue.enqueue(tx, actor, at, c, this.dispositions.repeatCallerDecision()) : null;
      return { case: c, queueEntry };
    });
  }

  /** Ends the episode by hand (e.g. self-care advice given). Refused while a referral is active. */
  async close(actor: Actor, id: string, { reason }: CloseCaseInput): Promise<Case> {
    assertCaseStaff(actor);
    await this.access.readable(actor, id);
    const at = this.ctx.now();
    const after: (() => Promise<void>)[] = [];
    const closed = await inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
      return this.closeInTransaction(tx, actor, at, c, reason, (work) => after.push(work));
    });
    for (const work of after) await work();
    return closed;
  }

  /**
   * Closes a locked open case inside the caller's transaction: the referrals may refuse first (an
   * active one), an open queue entry is cancelled, and the end of the episode is told to referrals
   * (the post-event message).
   */
  async closeInTransaction(tx: Tx, actor: Actor, at: Date, c: Case, reason: string, afterCommit: AfterCommit): Promise<Case> {
    await this.ctx.relations.assertMayClose(tx, c);
    c.status = 'closed';
    c.closedAt = at;
    c.closedBy = actor.id;
    c.closeReason = reason;
    c.updatedAt = at;
    await store.saveCase(tx, c, matchKeysOf(c.patient));
    const open = await store.openQueueEntry(tx, c.id);
    if (open) {
      open.status = 'cancelled';
      open.finishedAt = at;
      open.finishedBy = actor.id;
      await store.saveQueueEntry(tx, open);
      await appendEvent(tx, actor, at, { type: 'queue.cancelled', subjectType: 'queue_entry', subjectIds: [c.id, open.id], payload: { entryId: open.id, reason: 'case closed' } });
    }
    await recordChange(tx, actor, at, caseClosedEvent(c, reason));
    await this.ctx.relations.episodeEnded(tx, actor, at, c, afterCommit);
    return c;
  }

  /** Locks an open case in the caller's transaction (409 naming the state if it is closed). */
  lockOpen(tx: Tx, id: string): Promise<Case> {
    return lockOpen(tx, id);
  }

  /** Locks a case in the caller's transaction, whatever its state; undefined if there is none. */
  lock(tx: Tx, id: string): Promise<Case | undefined> {
    return store.findCase(tx, id, true);
  }

  private async change(actor: Actor, id: string, type: string, mutate: (c: Case) => Record<string, unknown>): Promise<Case> {
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
      const payload = mutate(c);
      c.updatedAt = at;
      await store.saveCase(tx, c, matchKeysOf(c.patient));
      await recordChange(tx, actor, at, { type, subjectType: SUBJECT, subjectIds: [id], payload });
      const rerunRepeat = c.repeatCaller.status === 'none' || c.repeatCaller.status === 'possible';
      if (rerunRepeat && (payload.fields as string[] | undefined)?.includes('patient')) {
        // The details changed: look again (the look-back runs from when the case opened).
        const fresh = await store.repeatCandidates(tx, matchKeysOf(c.patient), new Date(c.openedAt.getTime() - REPEAT_WINDOW_HOURS * 3600_000), c.openedAt, id);
        const repeat = findRepeat(matchKeysOf(c.patient), fresh, c.openedAt);
        if (repeat.status !== c.repeatCaller.status) {
          c.repeatCaller = { status: repeat.status, matches: repeat.matches };
          if (repeat.status === 'repeat') c.flags = [...c.flags, repeatFlag(repeat.matches.length)];
          await store.saveCase(tx, c, matchKeysOf(c.patient));
          if (repeat.status !== 'none') {
            await appendEvent(tx, actor, at, { type: 'case.repeat_caller_detected', subjectType: SUBJECT, subjectIds: [id, ...repeat.matches.map((m) => m.caseId)], payload: { status: repeat.status, matches: repeat.matches.map((m) => ({ caseId: m.caseId, basis: m.basis, matched: m.matched })) } });
          }
          if (repeat.status === 'repeat') await this.clinicalQueue.enqueue(tx, actor, at, c, this.dispositions.repeatCallerDecision());
        }
      }
      return c;
    });
  }
}
