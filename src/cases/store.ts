import { sql, type Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import { toStoredEvent, type StoredEvent } from '../platform/events';
import type {
  CallAttempt,
  Case,
  CaseDisposition,
  CaseNote,
  QueueEntry,
  QueueOutcome,
  QueueReason,
  QueueStatus,
  RepeatCaller,
  SpecialNote,
  SpecialNoteCategory,
  StoredSearch,
} from './model';
import type { Candidate, MatchKeys } from './repeat-caller';
import type { Tables } from '../tables';

// ---- cases ----

type CaseRow = Pick<Selectable<Tables['cases']>, 'id' | 'status' | 'channel' | 'opened_at' | 'opened_by' | 'opened_by_org' | 'patient' | 'caller' | 'presenting_problem' | 'communication_needs' | 'current_location' | 'disposition' | 'triage_session_ids' | 'repeat_caller' | 'flags' | 'closed_at' | 'closed_by' | 'close_reason' | 'updated_at' | 'call_id'>;

const revive = (value: string | Date) => (value instanceof Date ? value : new Date(value));

function toCase(row: CaseRow): Case {
  const disposition = row.disposition as (CaseDisposition & { setAt: string; dueBy: string | null }) | null;
  const repeat = row.repeat_caller as RepeatCaller & { decidedAt?: string };
  const communication = row.communication_needs as Case['communicationNeeds'];
  return {
    id: row.id,
    status: row.status as Case['status'],
    channel: row.channel as Case['channel'],
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    openedByOrg: row.opened_by_org,
    patient: row.patient as Case['patient'],
    caller: (row.caller as Case['caller']) ?? null,
    presentingProblem: row.presenting_problem,
    communicationNeeds: communication && Object.keys(communication).length ? communication : null,
    currentLocation: (row.current_location as Case['currentLocation']) ?? null,
    disposition: disposition ? { ...disposition, setAt: revive(disposition.setAt), dueBy: disposition.dueBy ? revive(disposition.dueBy) : null } : null,
    triageSessionIds: row.triage_session_ids,
    repeatCaller: {
      ...repeat,
      matches: repeat.matches.map((m) => ({ ...m, openedAt: revive(m.openedAt) })),
      ...(repeat.decidedAt ? { decidedAt: revive(repeat.decidedAt) } : {}),
    },
    flags: row.flags as Case['flags'],
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    closeReason: row.close_reason,
    updatedAt: row.updated_at,
    callId: row.call_id,
  };
}

function caseValues(c: Case, keys: MatchKeys) {
  return {
    id: c.id,
    status: c.status,
    channel: c.channel,
    opened_at: c.openedAt,
    opened_by: c.openedBy,
    opened_by_org: c.openedByOrg,
    patient: JSON.stringify(c.patient),
    caller: c.caller ? JSON.stringify(c.caller) : null,
    presenting_problem: c.presentingProblem,
    communication_needs: JSON.stringify(c.communicationNeeds ?? {}),
    current_location: c.currentLocation ? JSON.stringify(c.currentLocation) : null,
    registered_practice: c.patient.registeredPractice,
    nhs_number: c.patient.nhsNumber,
    nhs_number_status: c.patient.nhsNumberStatus,
    match_first_name: keys.firstName,
    match_last_name: keys.lastName,
    match_birth_date: keys.dateOfBirth,
    match_sex: keys.sex,
    match_postcode: keys.postcode,
    disposition: c.disposition ? JSON.stringify(c.disposition) : null,
    triage_session_ids: c.triageSessionIds,
    repeat_caller: JSON.stringify(c.repeatCaller),
    flags: JSON.stringify(c.flags),
    closed_at: c.closedAt,
    closed_by: c.closedBy,
    close_reason: c.closeReason,
    updated_at: c.updatedAt,
    call_id: c.callId,
  };
}

export async function insertCase(db: Executor, c: Case, keys: MatchKeys): Promise<void> {
  await db.insertInto('cases').values(caseValues(c, keys)).execute();
}

/** Writes every column of the case (the caller holds its row lock). */
export async function saveCase(db: Executor, c: Case, keys: MatchKeys): Promise<void> {
  const { id, ...values } = caseValues(c, keys);
  await db.updateTable('cases').set(values).where('id', '=', id).execute();
}

export async function findCase(db: Executor, id: string, forUpdate = false): Promise<Case | undefined> {
  let q = db.selectFrom('cases').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toCase(row);
}

export async function listCases(db: Executor, query: { status?: string; nhsNumber?: string; ids?: string[]; limit: number }): Promise<Case[]> {
  let q = db.selectFrom('cases').selectAll().orderBy('opened_at', 'desc').limit(query.limit);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.nhsNumber) q = q.where('nhs_number', '=', query.nhsNumber);
  if (query.ids) q = q.where('id', 'in', query.ids.length ? query.ids : ['-']);
  return (await q.execute()).map(toCase);
}

/**
 * Earlier contacts in the window that could be the same patient: the same NHS number, or at least
 * three of the five demographic items the same (the pure matcher then judges them).
 */
export async function repeatCandidates(db: Executor, keys: MatchKeys, since: Date, until: Date, excludeId: string): Promise<Candidate[]> {
  const same = (column: 'match_first_name' | 'match_last_name' | 'match_birth_date' | 'match_sex' | 'match_postcode', value: string | null) =>
    value === null ? sql<number>`0` : sql<number>`(case when ${sql.ref(column)} = ${value} then 1 else 0 end)`;
  const score = sql<number>`${same('match_first_name', keys.firstName)} + ${same('match_last_name', keys.lastName)} + ${same('match_birth_date', keys.dateOfBirth)} + ${same('match_sex', keys.sex)} + ${same('match_postcode', keys.postcode)}`;
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'opened_at', 'presenting_problem', 'disposition', 'nhs_number', 'nhs_number_status', 'match_first_name', 'match_last_name', 'match_birth_date', 'match_sex', 'match_postcode'])
    .where('opened_at', '>=', since)
    .where('opened_at', '<=', until)
    .where('id', '!=', excludeId)
    .where((eb) => {
      const either = [eb(score, '>=', 3)];
      if (keys.nhsNumber) either.push(eb('nhs_number', '=', keys.nhsNumber));
      return eb.or(either);
    })
    .orderBy('opened_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => ({
    caseId: row.id,
    openedAt: row.opened_at,
    presentingProblem: row.presenting_problem,
    disposition: (row.disposition as { code?: string } | null)?.code ?? null,
    keys: {
      nhsNumber: row.nhs_number,
      nhsVerified: Boolean(row.nhs_number) && row.nhs_number_status === '01',
      firstName: row.match_first_name,
      lastName: row.match_last_name,
      dateOfBirth: row.match_birth_date,
      sex: row.match_sex,
      postcode: row.match_postcode,
    },
  }));
}

export async function caseIdsForTriageSession(db: Executor, sessionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where(sql<boolean>`triage_session_ids @> array[${sessionId}]::text[]`)
    .execute();
  return rows.map((r) => r.id);
}

/** Events about any of these subjects (the case, its triage sessions), oldest first. */
export async function eventsAbout(db: Executor, subjectIds: string[], limit = 2000): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where(sql<boolean>`subject_ids && ${sql.val(subjectIds)}::text[]`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toStoredEvent);
}

// ---- notes and searches ----

export async function insertNote(db: Executor, note: CaseNote): Promise<void> {
  await db
    .insertInto('case_notes')
    .values({ id: note.id, case_id: note.caseId, text: note.text, author_id: note.authorId, author_name: note.authorName, created_at: note.createdAt })
    .execute();
}

export async function listNotes(db: Executor, caseId: string): Promise<CaseNote[]> {
  const rows = await db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, text: r.text, authorId: r.author_id, authorName: r.author_name, createdAt: r.created_at }));
}


const searchValues = (search: StoredSearch) => ({
  id: search.id,
  case_id: search.caseId,
  request: JSON.stringify(search.request),
  results: JSON.stringify(search.results),
  catch_all: search.catchAll,
  created_by: search.createdBy,
  created_at: search.createdAt,
});

export type { StoredSearch };

export async function insertSearch(db: Executor, search: StoredSearch): Promise<void> {
  await db.insertInto('case_searches').values(searchValues(search)).execute();
}

/** Many searches in one statement (the demo's history). */
export async function insertSearches(db: Executor, searches: StoredSearch[]): Promise<void> {
  if (searches.length) await db.insertInto('case_searches').values(searches.map(searchValues)).execute();
}

export async function findSearch(db: Executor, id: string): Promise<StoredSearch | undefined> {
  const r = await db.selectFrom('case_searches').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      caseId: r.case_id,
      request: r.request as Record<string, unknown>,
      results: r.results as StoredSearch['results'],
      catchAll: r.catch_all,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }
  );
}

// ---- the clinical queue ----

type QueueRow = Selectable<Tables['clinical_queue']>;

function toQueueEntry(row: QueueRow): QueueEntry {
  return {
    id: row.id,
    caseId: row.case_id,
    reasons: row.reasons as QueueReason[],
    disposition: row.disposition,
    validationOf: row.validation_of,
    status: row.status as QueueStatus,
    queuedAt: row.queued_at,
    dueAt: row.due_at,
    claimedBy: row.claimed_by,
    claimedByName: row.claimed_by_name,
    claimedAt: row.claimed_at,
    attempts: (row.attempts as (CallAttempt & { at: string })[]).map((a) => ({ ...a, at: revive(a.at) })),
    outcome: (row.outcome as QueueOutcome | null) ?? null,
    finishedAt: row.finished_at,
    finishedBy: row.finished_by,
  };
}

function queueValues(e: QueueEntry) {
  return {
    id: e.id,
    case_id: e.caseId,
    reasons: e.reasons,
    disposition: e.disposition,
    validation_of: e.validationOf,
    status: e.status,
    queued_at: e.queuedAt,
    due_at: e.dueAt,
    claimed_by: e.claimedBy,
    claimed_by_name: e.claimedByName,
    claimed_at: e.claimedAt,
    attempts: JSON.stringify(e.attempts),
    outcome: e.outcome ? JSON.stringify(e.outcome) : null,
    finished_at: e.finishedAt,
    finished_by: e.finishedBy,
  };
}

/** Many cases in one statement, as `insertCase` writes each (the demo's history). */
export async function insertCases(db: Executor, cases: { c: Case; keys: MatchKeys }[]): Promise<void> {
  if (cases.length) await db.insertInto('cases').values(cases.map(({ c, keys }) => caseValues(c, keys))).execute();
}

/** Many queue entries in one statement (the demo's history). */
export async function insertQueueEntries(db: Executor, entries: QueueEntry[]): Promise<void> {
  if (entries.length) await db.insertInto('clinical_queue').values(entries.map(queueValues)).execute();
}

export async function insertQueueEntry(db: Executor, entry: QueueEntry): Promise<void> {
  await db.insertInto('clinical_queue').values(queueValues(entry)).execute();
}

export async function saveQueueEntry(db: Executor, entry: QueueEntry): Promise<void> {
  const { id, ...values } = queueValues(entry);
  await db.updateTable('clinical_queue').set(values).where('id', '=', id).execute();
}

export async function findQueueEntry(db: Executor, id: string, forUpdate = false): Promise<QueueEntry | undefined> {
  let q = db.selectFrom('clinical_queue').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toQueueEntry(row);
}

/** The case's waiting or claimed entry, if any (there is at most one). */
export async function openQueueEntry(db: Executor, caseId: string): Promise<QueueEntry | undefined> {
  const row = await db
    .selectFrom('clinical_queue')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', 'in', ['waiting', 'claimed'])
    .forUpdate()
    .executeTakeFirst();
  return row && toQueueEntry(row);
}

export async function queueEntriesOfCase(db: Executor, caseId: string): Promise<QueueEntry[]> {
  const rows = await db.selectFrom('clinical_queue').selectAll().where('case_id', '=', caseId).orderBy('queued_at').execute();
  return rows.map(toQueueEntry);
}

/** Open entries soonest due first (the queue's order); finished ones newest first. */
export async function listQueue(db: Executor, statuses: QueueStatus[], limit: number): Promise<QueueEntry[]> {
  const open = statuses.every((s) => s === 'waiting' || s === 'claimed');
  let q = db.selectFrom('clinical_queue').selectAll().where('status', 'in', statuses).limit(limit);
  q = open ? q.orderBy('due_at').orderBy('queued_at').orderBy('id') : q.orderBy('finished_at', 'desc');
  return (await q.execute()).map(toQueueEntry);
}

// ---- special patient notes ----

type NoteRow = Selectable<Tables['special_patient_notes']>;

const toSpecialNote = (today: string) => (r: NoteRow): SpecialNote => ({
  id: r.id,
  nhsNumber: r.nhs_number,
  category: r.category as SpecialNoteCategory,
  title: r.title,
  text: r.text,
  reviewDate: r.review_date,
  reviewOverdue: r.review_date < today,
  status: r.status as SpecialNote['status'],
  authorId: r.author_id,
  authorName: r.author_name,
  organisationId: r.organisation_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

function noteValues(n: SpecialNote) {
  return {
    id: n.id,
    nhs_number: n.nhsNumber,
    category: n.category,
    title: n.title,
    text: n.text,
    review_date: n.reviewDate,
    status: n.status,
    author_id: n.authorId,
    author_name: n.authorName,
    organisation_id: n.organisationId,
    created_at: n.createdAt,
    updated_at: n.updatedAt,
    version: n.version,
  };
}

export async function insertSpecialNote(db: Executor, note: SpecialNote): Promise<void> {
  await db.insertInto('special_patient_notes').values(noteValues(note)).execute();
}

export async function saveSpecialNote(db: Executor, note: SpecialNote): Promise<void> {
  const { id, ...values } = noteValues(note);
  await db.updateTable('special_patient_notes').set(values).where('id', '=', id).execute();
}

export async function findSpecialNote(db: Executor, id: string, today: string, forUpdate = false): Promise<SpecialNote | undefined> {
  let q = db.selectFrom('special_patient_notes').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toSpecialNote(today)(row);
}

/** Whether a case for this NHS number is open now (the front door is handling the patient). */
export async function hasOpenCaseFor(db: Executor, nhsNumber: string): Promise<boolean> {
  const row = await db.selectFrom('cases').select('id').where('nhs_number', '=', nhsNumber).where('status', '=', 'open').executeTakeFirst();
  return Boolean(row);
}

/** Which of these NHS numbers have an active special patient note of the category (not its contents). */
export async function nhsNumbersWithNote(db: Executor, nhsNumbers: string[], category: SpecialNote['category']): Promise<Set<string>> {
  if (!nhsNumbers.length) return new Set();
  const rows = await db.selectFrom('special_patient_notes').select('nhs_number').distinct().where('nhs_number', 'in', nhsNumbers).where('status', '=', 'active').where('category', '=', category).execute();
  return new Set(rows.map((r) => r.nhs_number));
}

export async function activeSpecialNotes(db: Executor, nhsNumber: string, today: string): Promise<SpecialNote[]> {
  const rows = await db
    .selectFrom('special_patient_notes')
    .selectAll()
    .where('nhs_number', '=', nhsNumber)
    .where('status', '=', 'active')
    .orderBy('category')
    .orderBy('created_at')
    .execute();
  return rows.map(toSpecialNote(today));
}
