/**
 * Cases: one per episode, from the first contact to the end, with the patient's details, what triage
 * and clinicians decided, the clinical queue, repeat callers and special patient notes. Every read of a
 * case is audited as access to patient data. The use cases, one file each, composed here:
 *   access.ts           who may read or change a case; who cares for a patient now (decision 0010)
 *   episodes.ts         open, update, add a note, ask for a call-back, decide a repeat caller, close
 *   case-view.ts        the whole case (a typed CaseView, with its referrals), the list, the timeline
 *   triage-outcomes.ts  link a triage session; apply its outcome (also when it finishes later)
 *   dispositions.ts     a case's disposition and deadline, from triage or a clinician
 *   clinical-queue.ts   the clinical queue: add, list, claim, release, call attempts, outcome
 *   case-search.ts      a directory search for the case, recorded with it
 *   special-notes.ts    special patient notes: write, change, withdraw, look up
 * What cases need from referrals is the CaseRelations interface (relations.ts, decision 0023).
 */
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import type { Tx } from '../platform/database';
import type { Nation } from '../directory/opening-hours';
import { CaseAccessControl } from './access';
import { CaseSearches } from './case-search';
import { CaseReading, type CaseView } from './case-view';
import { ClinicalQueue } from './clinical-queue';
import { CasesContext, type CasesDeps } from './context';
import { CaseDispositions } from './dispositions';
import { CaseEpisodes } from './episodes';
import type {
  CallAttemptInput,
  Case,
  CaseDisposition,
  CaseListQuery,
  CaseNote,
  CaseSearchInput,
  CloseCaseInput,
  LinkTriageInput,
  NoteInput,
  OpenCaseInput,
  QueueListQuery,
  QueueEntry,
  QueueOutcomeInput,
  StoredSearch,
  RepeatDecisionInput,
  RequestCallbackInput,
  SpecialNote,
  SpecialNoteInput,
  SpecialNotePatchInput,
  SpecialNoteQuery,
  UpdateCaseInput,
} from './model';
import type { AfterCommit, CaseAccess } from './relations';
import { SpecialNotes } from './special-notes';
import type { MatchKeys } from './repeat-caller';
import * as store from './store';
import { TriageOutcomes } from './triage-outcomes';

export type { CasesDeps, DirectorySearcher, TriageSessions } from './context';
export type { AfterCommit, CaseAccess, CaseReferral, CaseRelations } from './relations';
export { NO_RELATIONS } from './relations';
export type { CaseView } from './case-view';
export type { QueueReason } from './model';

export class CasesService {
  readonly access: CaseAccessControl;
  readonly episodes: CaseEpisodes;
  readonly reading: CaseReading;
  readonly triageOutcomes: TriageOutcomes;
  readonly dispositions: CaseDispositions;
  readonly clinicalQueue: ClinicalQueue;
  readonly searches: CaseSearches;
  readonly specialNotes: SpecialNotes;

  constructor(platform: Platform, deps: CasesDeps) {
    const ctx = new CasesContext(platform, deps);
    this.access = new CaseAccessControl(ctx);
    this.dispositions = new CaseDispositions(ctx);
    this.clinicalQueue = new ClinicalQueue(ctx, this.dispositions);
    this.episodes = new CaseEpisodes(ctx, this.access, this.dispositions, this.clinicalQueue);
    this.reading = new CaseReading(ctx, this.access);
    this.triageOutcomes = new TriageOutcomes(ctx, this.dispositions, this.clinicalQueue);
    this.searches = new CaseSearches(ctx, this.access);
    this.specialNotes = new SpecialNotes(ctx, this.access);
    deps.events.subscribe((event) => this.triageOutcomes.follow(event));
  }

  // ---- opening and reading ----

  open(actor: Actor, data: OpenCaseInput) {
    return this.episodes.open(actor, data);
  }

  view(actor: Actor, id: string, requestId?: string): Promise<CaseView> {
    return this.reading.view(actor, id, requestId);
  }

  /** Reads a case for another module (no audit: the caller audits what it shows). */
  get(id: string): Promise<Case> {
    return this.episodes.get(id);
  }

  list(actor: Actor, q: CaseListQuery, requestId?: string) {
    return this.reading.list(actor, q, requestId);
  }

  listWithAttention(actor: Actor, q: CaseListQuery, requestId?: string) {
    return this.reading.listWithAttention(actor, q, requestId);
  }

  timeline(actor: Actor, id: string, requestId?: string) {
    return this.reading.timeline(actor, id, requestId);
  }

  // ---- changing ----

  update(actor: Actor, id: string, data: UpdateCaseInput): Promise<Case> {
    return this.episodes.update(actor, id, data);
  }

  addNote(actor: Actor, id: string, body: NoteInput): Promise<CaseNote> {
    return this.episodes.addNote(actor, id, body);
  }

  linkTriage(actor: Actor, id: string, body: LinkTriageInput) {
    return this.triageOutcomes.linkTriage(actor, id, body);
  }

  requestCallback(actor: Actor, id: string, body: RequestCallbackInput) {
    return this.episodes.requestCallback(actor, id, body);
  }

  search(actor: Actor, id: string, overrides?: CaseSearchInput) {
    return this.searches.search(actor, id, overrides);
  }

  findSearch(searchId: string) {
    return this.searches.findSearch(searchId);
  }

  decideRepeat(actor: Actor, id: string, body: RepeatDecisionInput) {
    return this.episodes.decideRepeat(actor, id, body);
  }

  close(actor: Actor, id: string, body: CloseCaseInput): Promise<Case> {
    return this.episodes.close(actor, id, body);
  }

  // ---- for the referrals module, inside its transactions ----

  closeInTransaction(tx: Tx, actor: Actor, at: Date, c: Case, reason: string, afterCommit: AfterCommit): Promise<Case> {
    return this.episodes.closeInTransaction(tx, actor, at, c, reason, afterCommit);
  }

  /** The case a professional's referral by need begins, opened inside the referral's transaction. */
  openForReferral(tx: Tx, actor: Actor, at: Date, data: Pick<OpenCaseInput, 'patient' | 'presentingProblem'>): Promise<Case> {
    return this.episodes.openForReferral(tx, actor, at, data);
  }

    lock(tx: Tx, id: string): Promise<Case | undefined> {
    return this.episodes.lock(tx, id);
  }

  lockOpen(tx: Tx, id: string): Promise<Case> {
    return this.episodes.lockOpen(tx, id);
  }

  setDisposition(tx: Tx, actor: Actor, at: Date, c: Case, disposition: CaseDisposition): Promise<void> {
    return this.dispositions.setDisposition(tx, actor, at, c, disposition);
  }

  clinicianDisposition(...args: Parameters<CaseDispositions['clinicianDisposition']>): CaseDisposition {
    return this.dispositions.clinicianDisposition(...args);
  }

  nationOfCase(c: { currentLocation: { postcode: string } | null; patient: { postcode: string | null } }): Nation {
    return this.dispositions.nationOfCase(c);
  }

  activeNotesFor(nhsNumber: string): Promise<SpecialNote[]> {
    return this.specialNotes.activeFor(nhsNumber);
  }

  /** Past cases, queue entries and searches, in bulk inside the caller's transaction (the demo's history). */
  async recordHistory(tx: Tx, history: { cases: { c: Case; keys: MatchKeys }[]; queue: QueueEntry[]; searches: StoredSearch[] }): Promise<void> {
    await store.insertCases(tx, history.cases);
    await store.insertQueueEntries(tx, history.queue);
    await store.insertSearches(tx, history.searches);
  }

  // ---- the clinical queue ----

  queue(actor: Actor, q: QueueListQuery, requestId?: string) {
    return this.clinicalQueue.queue(actor, q, requestId);
  }

  claim(actor: Actor, entryId: string) {
    return this.clinicalQueue.claim(actor, entryId);
  }

  release(actor: Actor, entryId: string) {
    return this.clinicalQueue.release(actor, entryId);
  }

  attempt(actor: Actor, entryId: string, body: CallAttemptInput) {
    return this.clinicalQueue.attempt(actor, entryId, body);
  }

  outcome(actor: Actor, entryId: string, body: QueueOutcomeInput) {
    return this.clinicalQueue.outcome(actor, entryId, body);
  }

  // ---- special patient notes ----

  createSpecialNote(actor: Actor, data: SpecialNoteInput): Promise<SpecialNote> {
    return this.specialNotes.create(actor, data);
  }

  updateSpecialNote(actor: Actor, id: string, patch: SpecialNotePatchInput): Promise<SpecialNote> {
    return this.specialNotes.update(actor, id, patch);
  }

  withdrawSpecialNote(actor: Actor, id: string): Promise<SpecialNote> {
    return this.specialNotes.withdraw(actor, id);
  }

  specialNotesFor(actor: Actor, q: SpecialNoteQuery, requestId?: string): Promise<SpecialNote[]> {
    return this.specialNotes.notesFor(actor, q, requestId);
  }

  // ---- access ----

  readable(actor: Actor, id: string): Promise<Case> {
    return this.access.readable(actor, id);
  }

  workable(actor: Actor, id: string): Promise<Case> {
    return this.access.workable(actor, id);
  }

  accessTo(actor: Actor, id: string): Promise<{ c: Case; level: CaseAccess }> {
    return this.access.accessTo(actor, id);
  }
}
