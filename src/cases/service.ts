import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Executor, type Tx } from '../platform/database';
import { appendEvent, type EventFollower, type StoredEvent } from '../platform/events';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/errors';
import type { Catalogue, Disposition } from '../directory/catalogue';
import { ageDaysFromBirth } from '../directory/age';
import { ZONE_NAME, type Nation } from '../directory/opening-hours';
import { bankHolidayNationOfPostcode } from '../geo/postcode-nation';
import type { DirectoryService } from '../directory/service';
import type { SearchOutcome } from '../search/model';
import type { SessionView } from '../triage/service';
import { toTimeframe, urgencyOf } from '../triage/urgency';
import {
  CaseListQuery,
  OpenCaseSchema,
  QueueListQuery,
  SpecialNoteQuery,
  type Case,
  type CaseDisposition,
  type CaseNote,
  type Patient,
  type QueueEntry,
  type QueueOutcome,
  type QueueReason,
  type QueueStatus,
  type RepeatCaller,
  type SpecialNote,
  type CallAttemptInput,
  type CloseCaseInput,
  type LinkTriageInput,
  type NoteInput,
  type OpenCaseInput,
  type QueueOutcomeInput,
  type RepeatDecisionInput,
  type RequestCallbackInput,
  type SpecialNoteInput,
  type SpecialNotePatchInput,
  type UpdateCaseInput,
  CARE_STAFF,
  CASE_STAFF,
  CLINICIANS,
  NOTE_AUTHORS,
} from './model';
import { byDue, callbackMinutes, deadlineOf, queueDecisionFor, queueTiming, REPEAT_CALLER_CALLBACK_MINUTES, type QueueDecision } from './queue';
import { findRepeat, matchKeysOf, REPEAT_WINDOW_HOURS } from './repeat-caller';
import { buildTimeline } from './timeline';
import * as store from './store';

const SUBJECT = 'case';

/** The triage service as cases use it. */
export interface TriageSessions {
  getSession(id: string): Promise<SessionView>;
}
/** The directory search as cases use it. */
export interface DirectorySearcher {
  search(input: unknown): Promise<Omit<SearchOutcome, 'gaps'>>;
}

export interface CasesDeps {
  catalogue: Catalogue;
  directory: DirectoryService;
  events: EventFollower;
  /** Looked up when needed: the triage and search modules are wired beside this one. */
  triage: () => TriageSessions | undefined;
  search: () => DirectorySearcher | undefined;
}

/**
 * How far an actor may go with a case: `work` reads and changes it (notes, searches, onward
 * referral); `read` only reads it (a service whose referral finished, a GP sent the summary).
 */
export type CaseAccess = 'work' | 'read';
/** Lets another module (referrals) grant access to a case, e.g. to the service it was referred to. */
export type CaseAccessRule = (actor: Actor, caseId: string) => Promise<CaseAccess | null>;
/** Lets another module (referrals) say the actor's organisation cares for a patient now (an active referral). */
export type PatientCareRule = (actor: Actor, nhsNumber: string) => Promise<boolean>;
/** Runs inside the transaction that ends an episode (post-event messages); `afterCommit` queues work for after it. */
export type EpisodeEndHook = (tx: Tx, actor: Actor, at: Date, closed: Case, afterCommit: (work: () => Promise<void>) => void) => Promise<void>;
/** Runs inside the closing transaction before the case closes; throws to refuse (an active referral). */
export type CloseGuard = (tx: Tx, c: Case) => Promise<void>;
/** Adds a section to the case view (the referrals of the case). */
export type ViewSection = (caseId: string) => Promise<unknown>;

const referralRoleOf = (actor: Actor) =>
  hasAnyRole(actor, ['clinician']) ? 'clinician' : hasAnyRole(actor, ['provider_staff', 'system']) ? 'provider' : 'call-handler';

/**
 * Cases: one per episode, from the first contact to the end, with the patient's details, what triage
 * and clinicians decided, the clinical queue, repeat callers and special patient notes. Every read of a
 * case is audited as access to patient data.
 */
export class CasesService {
  private accessRules: CaseAccessRule[] = [];
  private careRules: PatientCareRule[] = [];
  private episodeEndHooks: EpisodeEndHook[] = [];
  private closeGuards: CloseGuard[] = [];
  private sections = new Map<string, ViewSection>();

  constructor(
    private readonly platform: Platform,
    private readonly deps: CasesDeps,
  ) {
    deps.events.subscribe((event) => this.follow(event));
  }

  private get db() {
    return this.platform.db;
  }

  private now() {
    return this.platform.clock.now();
  }

  private today() {
    return DateTime.fromJSDate(this.now(), { zone: ZONE_NAME }).toISODate()!;
  }

  addAccessRule(rule: CaseAccessRule): void {
    this.accessRules.push(rule);
  }
  addPatientCareRule(rule: PatientCareRule): void {
    this.careRules.push(rule);
  }
  onEpisodeEnd(hook: EpisodeEndHook): void {
    this.episodeEndHooks.push(hook);
  }
  addCloseGuard(guard: CloseGuard): void {
    this.closeGuards.push(guard);
  }
  addViewSection(name: string, section: ViewSection): void {
    this.sections.set(name, section);
  }

  // ---- opening and reading ----

  /**
   * Opens a case: checks the NHS number, looks back 96 hours for a repeat caller, and shows any special
   * patient notes. A repeat caller (verified NHS number, or 4 of 5 items) goes to the clinical queue.
   */
  async open(actor: Actor, data: OpenCaseInput) {
    this.assertCaseStaff(actor);
    const at = this.now();
    const patient = patientOf(data.patient);
    const c: Case = {
      id: `case_${randomUUID()}`,
      status: 'open',
      channel: data.channel,
      openedAt: at,
      openedBy: actor.id,
      openedByOrg: actor.organisationId,
      patient,
      caller: data.caller ?? null,
      presentingProblem: data.presentingProblem,
      communicationNeeds: data.communicationNeeds ?? null,
      currentLocation: data.currentLocation ?? null,
      disposition: null,
      triageSessionIds: [],
      repeatCaller: { status: 'none', matches: [] },
      flags: data.flags,
      closedAt: null,
      closedBy: null,
      closeReason: null,
      updatedAt: at,
    };
    const keys = matchKeysOf(patient);
    const since = new Date(at.getTime() - REPEAT_WINDOW_HOURS * 3600_000);
    const repeat = findRepeat(keys, await store.repeatCandidates(this.db, keys, since, at, c.id), at);
    c.repeatCaller = { status: repeat.status, matches: repeat.matches };
    if (repeat.status === 'repeat') c.flags = [...c.flags, repeatFlag(repeat.matches.length)];
    const notes = patient.nhsNumber ? await store.activeSpecialNotes(this.db, patient.nhsNumber, this.today()) : [];
    const queueEntry = await inTransaction(this.db, async (tx) => {
      await store.insertCase(tx, c, keys);
      await recordChange(tx, actor, at, {
        type: 'case.opened',
        subjectType: SUBJECT,
        subjectIds: [c.id],
        payload: { channel: c.channel, by: actor.name, organisationId: actor.organisationId, repeatCaller: repeat.status, specialNotes: notes.length },
      });
      if (repeat.status !== 'none') {
        await appendEvent(tx, actor, at, {
          type: 'case.repeat_caller_detected',
          subjectType: SUBJECT,
          subjectIds: [c.id, ...repeat.matches.map((m) => m.caseId)],
          payload: { status: repeat.status, matches: repeat.matches.map((m) => ({ caseId: m.caseId, basis: m.basis, matched: m.matched })) },
        });
      }
      await this.auditNoteReads(tx, actor, at, notes, c.id);
      if (repeat.status === 'repeat') {
        return this.enqueue(tx, actor, at, c, this.repeatCallerDecision());
      }
      return null;
    });
    return { case: c, specialNotes: notes, queueEntry };
  }

  /** The whole case, as whoever handles it next needs it: no retelling. Audited. */
  async view(actor: Actor, id: string, requestId?: string) {
    const { c, level } = await this.accessTo(actor, id);
    const [notes, allSpecialNotes, queue] = await Promise.all([
      store.listNotes(this.db, id),
      c.patient.nhsNumber ? store.activeSpecialNotes(this.db, c.patient.nhsNumber, this.today()) : Promise.resolve([]),
      store.queueEntriesOfCase(this.db, id),
    ]);
    // Special patient notes are for those caring for the patient now; a service that only may read
    // the case (its referral finished) sees just the notes its own organisation wrote.
    const specialNotes = level === 'work' ? allSpecialNotes : allSpecialNotes.filter((n) => this.authoredBy(actor, n));
    const extra: Record<string, unknown> = {};
    for (const [name, section] of this.sections) extra[name] = await section(id);
    const at = this.now();
    await inTransaction(this.db, async (tx) => {
      await audit(tx, actor, at, { action: 'case.read', subjectType: SUBJECT, subjectId: id, patientData: true, requestId });
      await this.auditNoteReads(tx, actor, at, specialNotes, id);
    });
    return { case: c, notes, specialNotes, queue: queue.map((e) => this.withTiming(e)), ...extra };
  }

  /** Reads a case for another module (no audit: the caller audits what it shows). */
  async get(id: string): Promise<Case> {
    const c = await store.findCase(this.db, id);
    if (!c) throw notFound(`Case ${id}`);
    return c;
  }

  async list(actor: Actor, q: CaseListQuery, requestId?: string) {
    this.assertCaseStaff(actor);
    const cases = await store.listCases(this.db, q);
    await audit(this.db, actor, this.now(), {
      action: 'case.listed',
      subjectType: SUBJECT,
      patientData: true,
      details: { caseIds: cases.map((c) => c.id) },
      requestId,
    });
    return cases;
  }

  /** Everything that happened, from the event log: triage, searches, referrals, calls, notes. Audited. */
  async timeline(actor: Actor, id: string, requestId?: string) {
    const c = await this.readable(actor, id);
    const events = await store.eventsAbout(this.db, [id, ...c.triageSessionIds]);
    const notes = new Map((await store.listNotes(this.db, id)).map((n) => [n.id, n]));
    const entries = buildTimeline(events).map((entry) => {
      const note = entry.type === 'case.note_added' ? notes.get(String(entry.details.noteId)) : undefined;
      return note ? { ...entry, details: { ...entry.details, text: note.text } } : entry;
    });
    await audit(this.db, actor, this.now(), { action: 'case.timeline_read', subjectType: SUBJECT, subjectId: id, patientData: true, requestId });
    return entries;
  }

  // ---- changing ----

  async update(actor: Actor, id: string, data: UpdateCaseInput): Promise<Case> {
    this.assertCaseStaff(actor);
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
    await this.workable(actor, id);
    const note: CaseNote = { id: `note_${randomUUID()}`, caseId: id, text, authorId: actor.id, authorName: actor.name, createdAt: this.now() };
    await inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
      await store.insertNote(tx, note);
      await recordChange(tx, actor, note.createdAt, { type: 'case.note_added', subjectType: SUBJECT, subjectIds: [c.id, note.id], payload: { noteId: note.id, by: actor.name } });
    });
    return note;
  }

  /**
   * Links a triage session to the case. A finished session's outcome becomes the case's disposition;
   * call-back outcomes, and ambulance or ED outcomes that need validation, go to the clinical queue.
   * A session that finishes later is picked up from the event log.
   */
  async linkTriage(actor: Actor, id: string, { sessionId }: LinkTriageInput) {
    this.assertCaseStaff(actor);
    const view = await this.triageSession(sessionId);
    const linkedTo = await store.caseIdsForTriageSession(this.db, sessionId);
    if (linkedTo.some((other) => other !== id)) throw conflict(`Triage session ${sessionId} belongs to another case`, [{ path: 'sessionId', message: 'linked elsewhere' }]);
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
      if (!c.triageSessionIds.includes(sessionId)) {
        c.triageSessionIds = [...c.triageSessionIds, sessionId];
        c.updatedAt = at;
        await store.saveCase(tx, c, matchKeysOf(c.patient));
        await recordChange(tx, actor, at, { type: 'case.triage_linked', subjectType: SUBJECT, subjectIds: [c.id, sessionId], payload: { sessionId, status: view.session.status } });
      }
      const queueEntry = view.outcome ? await this.applyTriageOutcome(tx, actor, at, c, view, hasAnyRole(actor, ['clinician'])) : null;
      return { case: c, queueEntry };
    });
  }

  /**
   * A patient (online) or a call handler asks for a clinician to call back whatever the triage
   * outcome: the case joins the clinical queue working to Dx35 (speak to a clinician within 2 hours),
   * or keeps its place if it is already queued sooner.
   */
  async requestCallback(actor: Actor, id: string, { reason }: RequestCallbackInput) {
    this.assertCaseStaff(actor);
    const dx35 = this.deps.catalogue.disposition('Dx35')!;
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
      const entry = await this.enqueue(tx, actor, at, c, { reason: 'callback', disposition: dx35.code, validationOf: null, minutes: callbackMinutes(dx35.timeframe) });
      await recordChange(tx, actor, at, { type: 'case.callback_requested', subjectType: SUBJECT, subjectIds: [c.id, entry.id], payload: { reason } }, { patientData: true });
      return entry;
    });
  }

  /** Runs a directory search for the case (from its disposition and the patient) and records it. */
  async search(actor: Actor, id: string, overrides: Record<string, unknown> = {}) {
    const searcher = this.deps.search();
    if (!searcher) throw conflict('The directory search is not available in this installation', [], 'search_unavailable');
    const c = await this.workable(actor, id);
    if (c.status !== 'open') throw conflict(`Case ${id} is closed`, [{ path: 'status', message: c.status }], 'invalid_state');
    const request = this.searchRequest(actor, c, overrides);
    const outcome = await searcher.search(request);
    const results: (SearchOutcome['results'][number] & { organisationId: string | null; odsCode: string | null; position: number })[] = [];
    for (const [i, r] of outcome.results.entries()) {
      const service = await this.deps.directory.get(r.serviceId).catch(() => null);
      results.push({ ...r, organisationId: service?.organisationId ?? null, odsCode: service?.odsCode ?? null, position: i + 1 });
    }
    const at = this.now();
    const searchId = `srch_${randomUUID()}`;
    await inTransaction(this.db, async (tx) => {
      await store.insertSearch(tx, {
        id: searchId,
        caseId: id,
        request,
        results: results.map((r) => ({ serviceId: r.serviceId, name: r.name, typeId: r.typeId, organisationId: r.organisationId, rank: r.position })),
        catchAll: outcome.catchAll,
        createdBy: actor.id,
        createdAt: at,
      });
      await recordChange(tx, actor, at, {
        type: 'case.searched',
        subjectType: SUBJECT,
        subjectIds: [id, searchId],
        payload: { searchId, disposition: request.disposition, results: results.length, serviceIds: results.map((r) => r.serviceId), catchAll: outcome.catchAll },
      });
    });
    return { searchId, request, ...outcome, results };
  }

  findSearch(searchId: string) {
    return store.findSearch(this.db, searchId);
  }

  /** Confirms or rules out a possible repeat caller (3 of 5); a confirmed one goes to the clinical queue. */
  async decideRepeat(actor: Actor, id: string, { decision, reason }: RepeatDecisionInput) {
    this.assertCaseStaff(actor);
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
      if (c.repeatCaller.status !== 'possible') {
        throw conflict(`The repeat caller check of case ${id} is "${c.repeatCaller.status}", not "possible": there is nothing to confirm`, [{ path: 'repeatCaller.status', message: c.repeatCaller.status }], 'invalid_state');
      }
      const repeat: RepeatCaller = { ...c.repeatCaller, status: decision === 'confirm' ? 'confirmed' : 'not-repeat', decidedBy: actor.id, decidedAt: at };
      c.repeatCaller = repeat;
      if (decision === 'confirm') c.flags = [...c.flags, repeatFlag(repeat.matches.length)];
      c.updatedAt = at;
      await store.saveCase(tx, c, matchKeysOf(c.patient));
      await recordChange(tx, actor, at, { type: 'case.repeat_caller_decided', subjectType: SUBJECT, subjectIds: [id], payload: { decision, reason: reason ?? null, by: actor.name } });
      const queueEntry =
        decision === 'confirm'
          ? await this.enqueue(tx, actor, at, c, this.repeatCallerDecision())
          : null;
      return { case: c, queueEntry };
    });
  }

  /** Ends the episode by hand (e.g. self-care advice given). Refused while a referral is active. */
  async close(actor: Actor, id: string, { reason }: CloseCaseInput): Promise<Case> {
    this.assertCaseStaff(actor);
    await this.readable(actor, id);
    const at = this.now();
    const after: (() => Promise<void>)[] = [];
    const closed = await inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
      return this.closeInTransaction(tx, actor, at, c, reason, (work) => after.push(work));
    });
    for (const work of after) await work();
    return closed;
  }

  /** Closes a locked open case inside the caller's transaction, running the guards and episode-end hooks. */
  async closeInTransaction(tx: Tx, actor: Actor, at: Date, c: Case, reason: string, afterCommit: (work: () => Promise<void>) => void): Promise<Case> {
    for (const guard of this.closeGuards) await guard(tx, c);
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
    await recordChange(tx, actor, at, { type: 'case.closed', subjectType: SUBJECT, subjectIds: [c.id], payload: { reason, disposition: c.disposition?.code ?? null } });
    for (const hook of this.episodeEndHooks) await hook(tx, actor, at, c, afterCommit);
    return c;
  }

  /** Locks a case in the caller's transaction, whatever its state; undefined if there is none. */
  lock(tx: Tx, id: string): Promise<Case | undefined> {
    return store.findCase(tx, id, true);
  }

  /**
   * The special patient notes in force today for an NHS number, unaudited: for callers that pass on
   * a note's category and title as a flag (a referral's), never its body.
   */
  activeNotesFor(nhsNumber: string): Promise<SpecialNote[]> {
    return store.activeSpecialNotes(this.db, nhsNumber, this.today());
  }

  /** Locks an open case in the caller's transaction (409 naming the state if it is closed). */
  async lockOpen(tx: Tx, id: string): Promise<Case> {
    const c = await store.findCase(tx, id, true);
    if (!c) throw notFound(`Case ${id}`);
    if (c.status !== 'open') throw conflict(`Case ${id} is ${c.status}`, [{ path: 'status', message: c.status }], 'invalid_state');
    return c;
  }

  /** Sets the case's disposition inside a transaction (a clinician's, or one given with a referral). */
  async setDisposition(tx: Tx, actor: Actor, at: Date, c: Case, disposition: CaseDisposition): Promise<void> {
    c.disposition = disposition;
    c.updatedAt = at;
    await store.saveCase(tx, c, matchKeysOf(c.patient));
    await recordChange(tx, actor, at, {
      type: 'case.disposition_set',
      subjectType: SUBJECT,
      subjectIds: [c.id, ...(disposition.triageSessionId ? [disposition.triageSessionId] : [])],
      payload: { code: disposition.code, title: disposition.title, source: disposition.source, sessionId: disposition.triageSessionId, validation: disposition.validation?.by ?? null },
    });
  }

  /**
   * A disposition from the catalogue, with its deadline from now. The symptom group and discriminator
   * are the clinician's where given (the directory is searched with them), else those of `base`.
   */
  clinicianDisposition(actor: Actor, code: string, at: Date, extra: { symptomGroup?: number; symptomDiscriminator?: string; summary?: string | null; nation?: Nation } = {}, base?: CaseDisposition | null): CaseDisposition {
    const d = this.deps.catalogue.disposition(code);
    if (!d) throw badRequest(`Unknown disposition ${code}`, [{ path: 'body.disposition', message: 'unknown disposition' }]);
    const sg = extra.symptomGroup ?? base?.symptomGroup ?? null;
    const sd = extra.symptomDiscriminator ?? base?.symptomDiscriminator ?? null;
    if (extra.symptomGroup && !this.deps.catalogue.symptomGroup(extra.symptomGroup)) throw badRequest(`Unknown symptom group ${extra.symptomGroup}`, [{ path: 'body.symptomGroup', message: 'unknown' }]);
    if (extra.symptomDiscriminator && !this.deps.catalogue.discriminator(extra.symptomDiscriminator)) throw badRequest(`Unknown symptom discriminator ${extra.symptomDiscriminator}`, [{ path: 'body.symptomDiscriminator', message: 'unknown' }]);
    return {
      code: d.code,
      title: d.title,
      group: d.group,
      symptomGroup: sg,
      symptomGroupTitle: sg ? (this.deps.catalogue.symptomGroup(sg)?.title ?? null) : null,
      symptomDiscriminator: sd,
      symptomDiscriminatorTitle: sd ? (this.deps.catalogue.discriminator(sd)?.title ?? null) : null,
      source: 'clinician',
      triageSessionId: null,
      setAt: at,
      setBy: actor.id,
      setByName: actor.name,
      dueBy: this.deadline(d, at, extra.nation ?? 'england-and-wales'),
      validation: null,
      summary: extra.summary ?? null,
      report: base?.report ?? [],
      careAdvice: base?.careAdvice ?? [],
    };
  }

  // ---- the clinical queue ----

  async queue(actor: Actor, q: QueueListQuery, requestId?: string) {
    this.assertClinician(actor);
    const statuses: QueueStatus[] = q.status === 'open' ? ['waiting', 'claimed'] : [q.status];
    const entries = (await store.listQueue(this.db, statuses, q.limit)).sort(q.status === 'open' || q.status === 'waiting' || q.status === 'claimed' ? byDue : () => 0);
    const cases = new Map((await store.listCases(this.db, { ids: [...new Set(entries.map((e) => e.caseId))], limit: 500 })).map((c) => [c.id, c]));
    await audit(this.db, actor, this.now(), { action: 'queue.read', subjectType: 'queue', patientData: true, details: { caseIds: [...cases.keys()] }, requestId });
    return entries.map((entry) => {
      const c = cases.get(entry.caseId);
      return {
        ...this.withTiming(entry),
        patient: c && { name: `${c.patient.firstName} ${c.patient.lastName}`, dateOfBirth: c.patient.dateOfBirth, sex: c.patient.sex, phone: c.patient.phone },
        presentingProblem: c?.presentingProblem ?? null,
        caseDisposition: c?.disposition?.code ?? null,
        repeatCaller: c?.repeatCaller.status ?? null,
      };
    });
  }

  claim(actor: Actor, entryId: string) {
    return this.changeEntry(actor, entryId, 'queue.claimed', (entry, at) => {
      if (entry.status !== 'waiting') throw entryConflict(entry, 'claimed');
      entry.status = 'claimed';
      entry.claimedBy = actor.id;
      entry.claimedByName = actor.name;
      entry.claimedAt = at;
      return {};
    });
  }

  release(actor: Actor, entryId: string) {
    return this.changeEntry(actor, entryId, 'queue.released', (entry) => {
      if (entry.status !== 'claimed') throw entryConflict(entry, 'released');
      this.assertClaimedBy(actor, entry);
      entry.status = 'waiting';
      entry.claimedBy = null;
      entry.claimedByName = null;
      entry.claimedAt = null;
      return {};
    });
  }

  attempt(actor: Actor, entryId: string, { result, note }: CallAttemptInput) {
    return this.changeEntry(actor, entryId, 'queue.call_attempted', (entry, at) => {
      if (entry.status !== 'claimed') throw entryConflict(entry, 'called (claim it first)');
      this.assertClaimedBy(actor, entry);
      entry.attempts = [...entry.attempts, { at, by: actor.id, byName: actor.name, result, note: note ?? null }];
      return { result, attempt: entry.attempts.length };
    });
  }

  /**
   * The clinician's outcome: their own disposition, or the outcome of a re-triage they ran. A
   * validation records whether the ambulance or ED outcome stood, changed or was downgraded.
   */
  async outcome(actor: Actor, entryId: string, body: QueueOutcomeInput) {
    this.assertClinician(actor);
    const retriage = body.kind === 'retriage' ? await this.triageSession(body.triageSessionId) : null;
    if (retriage && !retriage.outcome) {
      throw conflict(`Triage session ${retriage.session.id} has not finished`, [{ path: 'triageSessionId', message: retriage.session.status }], 'triage_unfinished');
    }
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const entry = await store.findQueueEntry(tx, entryId, true);
      if (!entry) throw notFound(`Queue entry ${entryId}`);
      if (entry.status !== 'claimed') throw entryConflict(entry, 'given an outcome (claim it first)');
      this.assertClaimedBy(actor, entry);
      const c = await this.lockOpen(tx, entry.caseId);
      let disposition: CaseDisposition;
      if (retriage) {
        if (!c.triageSessionIds.includes(retriage.session.id)) {
          c.triageSessionIds = [...c.triageSessionIds, retriage.session.id];
          await appendEvent(tx, actor, at, { type: 'case.triage_linked', subjectType: SUBJECT, subjectIds: [c.id, retriage.session.id], payload: { sessionId: retriage.session.id, status: retriage.session.status } });
        }
        disposition = { ...this.triageDisposition(actor, at, retriage, this.nationOfCase(c)), source: 'clinician', summary: body.summary ?? null };
      } else {
        const b = body as Extract<typeof body, { kind: 'disposition' }>;
        const d = this.deps.catalogue.disposition(b.disposition);
        if (d?.group === 'validation-callback') throw badRequest('A clinician’s outcome cannot be another validation call-back', [{ path: 'disposition', message: d.code }]);
        disposition = this.clinicianDisposition(actor, b.disposition, at, { symptomGroup: b.symptomGroup, symptomDiscriminator: b.symptomDiscriminator, summary: b.summary, nation: this.nationOfCase(c) }, c.disposition);
      }
      const outcome: QueueOutcome = {
        kind: body.kind,
        disposition: disposition.code,
        summary: disposition.summary,
        triageSessionId: retriage?.session.id ?? null,
        validation: entry.validationOf ? this.validationVerdict(entry.validationOf, disposition.code) : null,
      };
      entry.status = 'done';
      entry.outcome = outcome;
      entry.finishedAt = at;
      entry.finishedBy = actor.id;
      await store.saveQueueEntry(tx, entry);
      await this.setDisposition(tx, actor, at, c, disposition);
      await appendEvent(tx, actor, at, {
        type: 'queue.outcome_recorded',
        subjectType: 'queue_entry',
        subjectIds: [c.id, entry.id],
        payload: { entryId: entry.id, kind: outcome.kind, disposition: outcome.disposition, validation: outcome.validation, by: actor.name },
      });
      return { entry: this.withTiming(entry), case: c };
    });
  }

  // ---- special patient notes ----

  async createSpecialNote(actor: Actor, data: SpecialNoteInput): Promise<SpecialNote> {
    this.assertNoteAuthor(actor);
    const at = this.now();
    const note: SpecialNote = {
      id: `spn_${randomUUID()}`,
      nhsNumber: data.nhsNumber,
      category: data.category,
      title: data.title,
      text: data.text,
      reviewDate: data.reviewDate,
      reviewOverdue: data.reviewDate < this.today(),
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

  async updateSpecialNote(actor: Actor, id: string, patch: SpecialNotePatchInput): Promise<SpecialNote> {
    this.assertNoteAuthor(actor);
    return this.changeNote(actor, id, 'special_note.updated', (note) => {
      Object.assign(note, patch);
      return { fields: Object.keys(patch) };
    });
  }

  async withdrawSpecialNote(actor: Actor, id: string): Promise<SpecialNote> {
    this.assertNoteAuthor(actor);
    return this.changeNote(actor, id, 'special_note.withdrawn', (note) => {
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
  async specialNotesFor(actor: Actor, { nhsNumber }: SpecialNoteQuery, requestId?: string): Promise<SpecialNote[]> {
    if (!hasAnyRole(actor, CARE_STAFF)) throw forbidden('Only care staff may read special patient notes');
    const all = await store.activeSpecialNotes(this.db, nhsNumber, this.today());
    const caring = await this.caresFor(actor, nhsNumber);
    const notes = caring ? all : all.filter((n) => this.authoredBy(actor, n));
    const at = this.now();
    if (!caring && !notes.length) {
      await audit(this.db, actor, at, { action: 'special_note.read_denied', subjectType: 'patient', subjectId: nhsNumber, details: { reason: 'not caring for the patient' }, requestId });
      throw new AppError(403, 'not_caring_for_patient', 'Special patient notes are shown only to those caring for the patient now: an open case, or an active referral for the patient');
    }
    await inTransaction(this.db, async (tx) => {
      await audit(tx, actor, at, { action: 'special_note.lookup', subjectType: 'patient', subjectId: nhsNumber, patientData: true, details: { noteIds: notes.map((n) => n.id), caring }, requestId });
      await this.auditNoteReads(tx, actor, at, notes, null, requestId);
    });
    return notes;
  }

  /** Whether the actor cares for the patient now (see specialNotesFor). */
  private async caresFor(actor: Actor, nhsNumber: string): Promise<boolean> {
    if (hasAnyRole(actor, ['admin'])) return true;
    // The front door works every case (readable() below); it handles the patient while a case is open.
    if (hasAnyRole(actor, ['call_handler', 'clinician']) && (await store.hasOpenCaseFor(this.db, nhsNumber))) return true;
    for (const rule of this.careRules) if (await rule(actor, nhsNumber)) return true;
    return false;
  }

  private authoredBy(actor: Actor, note: SpecialNote): boolean {
    return Boolean(actor.organisationId) && note.organisationId === actor.organisationId;
  }

  // ---- internals ----

  /** The case, if the actor may read it: front-door staff, or whoever a rule (a referral) lets in. */
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
    const c = await store.findCase(this.db, id);
    if (!c) throw notFound(`Case ${id}`);
    if (hasAnyRole(actor, CASE_STAFF)) return { c, level: 'work' };
    let level: CaseAccess | null = null;
    for (const rule of this.accessRules) {
      const granted = await rule(actor, id);
      if (granted === 'work') return { c, level: granted };
      level ??= granted;
    }
    if (level) return { c, level };
    // Not "forbidden": whether a case exists is itself patient information.
    throw notFound(`Case ${id}`);
  }

  private async change(actor: Actor, id: string, type: string, mutate: (c: Case) => Record<string, unknown>): Promise<Case> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const c = await this.lockOpen(tx, id);
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
          if (repeat.status === 'repeat') await this.enqueue(tx, actor, at, c, this.repeatCallerDecision());
        }
      }
      return c;
    });
  }

  private async changeEntry(actor: Actor, entryId: string, type: string, mutate: (entry: QueueEntry, at: Date) => Record<string, unknown>) {
    this.assertClinician(actor);
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const entry = await store.findQueueEntry(tx, entryId, true);
      if (!entry) throw notFound(`Queue entry ${entryId}`);
      const payload = mutate(entry, at);
      await store.saveQueueEntry(tx, entry);
      await recordChange(tx, actor, at, { type, subjectType: 'queue_entry', subjectIds: [entry.caseId, entry.id], payload: { entryId: entry.id, by: actor.name, ...payload } });
      return this.withTiming(entry);
    });
  }

  private async changeNote(actor: Actor, id: string, type: string, mutate: (note: SpecialNote) => Record<string, unknown>): Promise<SpecialNote> {
    const at = this.now();
    return inTransaction(this.db, async (tx) => {
      const note = await store.findSpecialNote(tx, id, this.today(), true);
      if (!note) throw notFound(`Special patient note ${id}`);
      if (note.status !== 'active') throw conflict(`Special patient note ${id} is ${note.status}`, [{ path: 'status', message: note.status }], 'invalid_state');
      if (!hasAnyRole(actor, ['admin']) && !(actor.organisationId && note.organisationId === actor.organisationId)) {
        throw forbidden('Only the organisation that wrote a special patient note may change it');
      }
      const payload = mutate(note);
      note.updatedAt = at;
      note.version += 1;
      note.reviewOverdue = note.reviewDate < this.today();
      await store.saveSpecialNote(tx, note);
      await recordChange(tx, actor, at, { type, subjectType: 'special_patient_note', subjectIds: [id], payload: { ...payload, version: note.version } }, { patientData: true });
      return note;
    });
  }

  /** Adds the case to the clinical queue, or makes its open entry sooner and gives it the new reason. */
  private async enqueue(tx: Tx, actor: Actor, at: Date, c: Case, decision: QueueDecision): Promise<QueueEntry> {
    const dueAt = new Date(at.getTime() + decision.minutes * 60_000);
    const open = await store.openQueueEntry(tx, c.id);
    if (open) {
      const sooner = dueAt.getTime() < open.dueAt.getTime();
      if (!open.reasons.includes(decision.reason)) open.reasons = [...open.reasons, decision.reason];
      if (sooner) open.dueAt = dueAt;
      if (decision.reason === 'validation') {
        open.validationOf = decision.validationOf;
        open.disposition = decision.disposition;
      } else if (sooner && open.reasons[0] !== 'validation') {
        open.disposition = decision.disposition;
      }
      await store.saveQueueEntry(tx, open);
      await appendEvent(tx, actor, at, { type: 'queue.entry_added', subjectType: 'queue_entry', subjectIds: [c.id, open.id], payload: { entryId: open.id, reasons: open.reasons, disposition: open.disposition, dueAt: open.dueAt.toISOString(), merged: true } });
      return open;
    }
    const entry: QueueEntry = {
      id: `cq_${randomUUID()}`,
      caseId: c.id,
      reasons: [decision.reason],
      disposition: decision.disposition,
      validationOf: decision.validationOf,
      status: 'waiting',
      queuedAt: at,
      dueAt,
      claimedBy: null,
      claimedByName: null,
      claimedAt: null,
      attempts: [],
      outcome: null,
      finishedAt: null,
      finishedBy: null,
    };
    await store.insertQueueEntry(tx, entry);
    await appendEvent(tx, actor, at, { type: 'queue.entry_added', subjectType: 'queue_entry', subjectIds: [c.id, entry.id], payload: { entryId: entry.id, reasons: entry.reasons, disposition: entry.disposition, validationOf: entry.validationOf, dueAt: dueAt.toISOString() } });
    return entry;
  }

  private async applyTriageOutcome(tx: Tx, actor: Actor, at: Date, c: Case, view: SessionView, byClinician: boolean): Promise<QueueEntry | null> {
    if (c.disposition?.triageSessionId === view.session.id && c.disposition.code === view.outcome?.disposition) return null;
    const disposition = this.triageDisposition(actor, at, view, this.nationOfCase(c));
    const d = this.deps.catalogue.disposition(disposition.code)!;
    const decision = queueDecisionFor(d, (code) => this.deps.catalogue.validationCallbackFor(code), byClinician);
    if (decision?.reason === 'validation') disposition.validation = { by: decision.disposition, status: 'pending' };
    if (byClinician) disposition.source = 'clinician';
    await this.setDisposition(tx, actor, at, c, disposition);
    return decision ? this.enqueue(tx, actor, at, c, decision) : null;
  }

  private triageDisposition(actor: Actor, at: Date, view: SessionView, nation: Nation): CaseDisposition {
    const o = view.outcome!;
    const d = this.deps.catalogue.disposition(o.disposition);
    if (!d) throw badRequest(`The triage outcome ${o.disposition} is not in the disposition catalogue`);
    return {
      code: o.disposition,
      title: o.dispositionTitle,
      group: d.group,
      symptomGroup: o.symptomGroup,
      symptomGroupTitle: o.symptomGroupTitle,
      symptomDiscriminator: o.symptomDiscriminator,
      symptomDiscriminatorTitle: o.symptomDiscriminatorTitle,
      source: 'triage',
      triageSessionId: view.session.id,
      setAt: at,
      setBy: actor.id,
      setByName: actor.name,
      dueBy: this.deadline(d, at, nation),
      validation: null,
      summary: o.reportText,
      report: o.report.map((r) => ({ nodeId: r.nodeId, question: r.question, answer: r.answer })),
      careAdvice: o.careAdvice.map((a) => a.title),
    };
  }

  /** A repeat caller must at least speak to a clinician: a Dx35 call-back unless something sooner is due. */
  private repeatCallerDecision(): QueueDecision {
    const d = this.deps.catalogue.disposition('Dx35');
    return { reason: 'repeat-caller', disposition: 'Dx35', validationOf: null, minutes: d ? callbackMinutes(d.timeframe) : REPEAT_CALLER_CALLBACK_MINUTES };
  }

  private deadline(d: Disposition, at: Date, nation: Nation): Date | null {
    return deadlineOf(d.timeframe, at, { lookup: this.deps.directory.holidays, nation });
  }

  /** Whose bank holidays count a case's working days: where the patient is now, else where they live. */
  nationOfCase(c: { currentLocation: { postcode: string } | null; patient: { postcode: string | null } }): Nation {
    const postcode = c.currentLocation?.postcode ?? c.patient.postcode;
    return postcode ? bankHolidayNationOfPostcode(postcode) : 'england-and-wales';
  }

  private validationVerdict(original: string, decided: string): QueueOutcome['validation'] {
    if (original === decided) return 'stands';
    const a = this.deps.catalogue.disposition(original);
    const b = this.deps.catalogue.disposition(decided);
    if (!a || !b) return 'changed';
    const ua = urgencyOf(toTimeframe(a.timeframe)!, a.group);
    const ub = urgencyOf(toTimeframe(b.timeframe)!, b.group);
    const lessUrgent = ub[0] > ua[0] || (ub[0] === ua[0] && ub[1] > ua[1]);
    return lessUrgent ? 'downgraded' : 'changed';
  }

  private async triageSession(sessionId: string): Promise<SessionView> {
    const triage = this.deps.triage();
    if (!triage) throw conflict('Triage is not available in this installation', [], 'triage_unavailable');
    return triage.getSession(sessionId);
  }

  private searchRequest(actor: Actor, c: Case, overrides: Record<string, unknown>): Record<string, unknown> & { disposition: string } {
    const d = c.disposition;
    const postcode = c.currentLocation?.postcode ?? c.patient.postcode ?? c.patient.address?.postcode;
    // By the calendar, as the directory counts ages: on an 18th birthday the patient is 18 (directory/age.ts).
    const ageDays = ageDaysFromBirth(c.patient.dateOfBirth, this.today());
    const request: Record<string, unknown> = {
      ...(postcode ? { location: { postcode } } : {}),
      age: { value: ageDays, unit: 'days' },
      sex: c.patient.sex === 'female' || c.patient.sex === 'male' ? c.patient.sex : 'unknown',
      ...(d ? { disposition: d.code } : {}),
      ...(d?.symptomGroup ? { symptomGroup: d.symptomGroup } : {}),
      ...(d?.symptomDiscriminator ? { symptomDiscriminators: [d.symptomDiscriminator] } : {}),
      referralRole: referralRoleOf(actor),
      ...(c.patient.registeredPractice ? { registeredPractice: c.patient.registeredPractice } : {}),
      ...overrides,
    };
    const missing = ['location', 'disposition', 'symptomGroup', 'symptomDiscriminators'].filter((k) => request[k] === undefined);
    if (missing.length) {
      throw badRequest(`The case has no ${missing.join(', ')} to search with: triage first, or give them`, missing.map((k) => ({ path: `body.${k}`, message: 'required: the case does not say' })));
    }
    return request as Record<string, unknown> & { disposition: string };
  }

  private withTiming(entry: QueueEntry) {
    const open = entry.status === 'waiting' || entry.status === 'claimed';
    return { ...entry, ...(open ? queueTiming(entry, this.now()) : { level: null, warning: false, breached: entry.finishedAt ? entry.finishedAt > entry.dueAt : false }) };
  }

  private async auditNoteReads(db: Executor, actor: Actor, at: Date, notes: SpecialNote[], caseId: string | null, requestId?: string) {
    for (const note of notes) {
      await audit(db, actor, at, { action: 'special_note.read', subjectType: 'special_patient_note', subjectId: note.id, patientData: true, details: caseId ? { caseId } : {}, requestId });
    }
  }

  /** A triage session linked to an open case finished after it was linked: apply its outcome. */
  private async follow(event: StoredEvent): Promise<void> {
    if (event.type !== 'triage.finished') return;
    const sessionId = event.subjectIds[0];
    const caseIds = await store.caseIdsForTriageSession(this.db, sessionId);
    if (!caseIds.length) return;
    const view = await this.deps.triage()?.getSession(sessionId);
    if (!view?.outcome) return;
    const actor: Actor = { kind: 'system', id: event.actorId ?? 'signpost', name: 'Signpost (triage finished)', organisationId: null, roles: [] };
    for (const id of caseIds) {
      await inTransaction(this.db, async (tx) => {
        const c = await store.findCase(tx, id, true);
        if (!c || c.status !== 'open') return;
        await this.applyTriageOutcome(tx, actor, this.now(), c, view, false);
      });
    }
  }

  private assertCaseStaff(actor: Actor) {
    if (!hasAnyRole(actor, CASE_STAFF)) throw forbidden('Only call handlers, clinicians and administrators work cases directly');
  }

  private assertClinician(actor: Actor) {
    if (!hasAnyRole(actor, CLINICIANS)) throw forbidden('Only clinicians work the clinical queue');
  }

  private assertNoteAuthor(actor: Actor) {
    if (!hasAnyRole(actor, NOTE_AUTHORS)) throw forbidden('Only clinicians and provider staff (GP practices, community teams) write special patient notes');
  }

  private assertClaimedBy(actor: Actor, entry: QueueEntry) {
    if (entry.claimedBy !== actor.id) throw conflict(`Queue entry ${entry.id} is claimed by ${entry.claimedByName}`, [{ path: 'claimedBy', message: entry.claimedByName ?? '' }], 'claimed_by_another');
  }
}

function entryConflict(entry: QueueEntry, action: string) {
  const who = entry.status === 'claimed' ? ` by ${entry.claimedByName}` : '';
  return conflict(`Queue entry ${entry.id} is ${entry.status}${who}; it cannot be ${action}`, [{ path: 'status', message: entry.status }], 'invalid_state');
}

function repeatFlag(count: number) {
  return { category: 'repeat-caller' as const, text: `Repeat caller: ${count} earlier contact(s) in the last ${REPEAT_WINDOW_HOURS} hours` };
}

function patientOf(p: ReturnType<typeof OpenCaseSchema.parse>['patient']): Patient {
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

export type { QueueReason };
