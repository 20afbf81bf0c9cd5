// The clinical queue: cases waiting for a clinician's call-back or validation. Entries are added
// (or an open one made sooner) by the other use cases; clinicians list, claim, release, record call
// attempts and give the outcome.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { appendEvent } from '../platform/events';
import { badRequest, conflict, notFound } from '../platform/errors';
import { assertClaimedBy, assertClinician } from './access';
import { lockOpen, SUBJECT } from './case-records';
import type { CasesContext } from './context';
import type { CaseDispositions } from './dispositions';
import type { Case, CaseDisposition, CallAttemptInput, QueueEntry, QueueListQuery, QueueOutcome, QueueOutcomeInput, QueueStatus } from './model';
import { queueEntryAddedEvent, queueEntryChangedEvent, queueOutcomeEvent } from './case-events';
import { byDue, timed, type QueueDecision, type TimedQueueEntry } from './queue';
import * as store from './store';

export class ClinicalQueue {
  constructor(
    private readonly ctx: CasesContext,
    private readonly dispositions: CaseDispositions,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /** An entry with its timing now. */
  timed(entry: QueueEntry): TimedQueueEntry {
    return timed(entry, this.ctx.now());
  }

  /** Adds the case to the clinical queue, or makes its open entry sooner and gives it the new reason. */
  async enqueue(tx: Tx, actor: Actor, at: Date, c: Case, decision: QueueDecision): Promise<QueueEntry> {
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
    await appendEvent(tx, actor, at, queueEntryAddedEvent(entry));
    return entry;
  }

  async queue(actor: Actor, q: QueueListQuery, requestId?: string) {
    assertClinician(actor);
    const statuses: QueueStatus[] = q.status === 'open' ? ['waiting', 'claimed'] : [q.status];
    const entries = (await store.listQueue(this.db, statuses, q.limit)).sort(q.status === 'open' || q.status === 'waiting' || q.status === 'claimed' ? byDue : () => 0);
    const cases = new Map((await store.listCases(this.db, { ids: [...new Set(entries.map((e) => e.caseId))], limit: 500 })).map((c) => [c.id, c]));
    await audit(this.db, actor, this.ctx.now(), { action: 'queue.read', subjectType: 'queue', patientData: true, details: { caseIds: [...cases.keys()] }, requestId });
    return entries.map((entry) => {
      const c = cases.get(entry.caseId);
      return {
        ...this.timed(entry),
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
      assertClaimedBy(actor, entry);
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
      assertClaimedBy(actor, entry);
      entry.attempts = [...entry.attempts, { at, by: actor.id, byName: actor.name, result, note: note ?? null }];
      return { result, attempt: entry.attempts.length };
    });
  }

  /**
   * The clinician's outcome: their own disposition, or the outcome of a re-triage they ran. A
   * validation records whether the ambulance or ED outcome stood, changed or was downgraded.
   */
  async outcome(actor: Actor, entryId: string, body: QueueOutcomeInput) {
    assertClinician(actor);
    const retriage = body.kind === 'retriage' ? await this.ctx.triageSession(body.triageSessionId) : null;
    if (retriage && !retriage.outcome) {
      throw conflict(`Triage session ${retriage.session.id} has not finished`, [{ path: 'triageSessionId', message: retriage.session.status }], 'triage_unfinished');
    }
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const entry = await store.findQueueEntry(tx, entryId, true);
      if (!entry) throw notFound(`Queue entry ${entryId}`);
      if (entry.status !== 'claimed') throw entryConflict(entry, 'given an outcome (claim it first)');
      assertClaimedBy(actor, entry);
      const c = await lockOpen(tx, entry.caseId);
      let disposition: CaseDisposition;
      if (retriage) {
        if (!c.triageSessionIds.includes(retriage.session.id)) {
          c.triageSessionIds = [...c.triageSessionIds, retriage.session.id];
          await appendEvent(tx, actor, at, { type: 'case.triage_linked', subjectType: SUBJECT, subjectIds: [c.id, retriage.session.id], payload: { sessionId: retriage.session.id, status: retriage.session.status } });
        }
        disposition = { ...this.dispositions.triageDisposition(actor, at, retriage, this.dispositions.nationOfCase(c)), source: 'clinician', summary: body.summary ?? null };
      } else {
        const b = body as Extract<typeof body, { kind: 'disposition' }>;
        const d = this.ctx.deps.catalogue.disposition(b.disposition);
        if (d?.group === 'validation-callback') throw badRequest('A clinician’s outcome cannot be another validation call-back', [{ path: 'disposition', message: d.code }]);
        disposition = this.dispositions.clinicianDisposition(actor, b.disposition, at, { symptomGroup: b.symptomGroup, symptomDiscriminator: b.symptomDiscriminator, summary: b.summary, nation: this.dispositions.nationOfCase(c) }, c.disposition);
      }
      const outcome: QueueOutcome = {
        kind: body.kind,
        disposition: disposition.code,
        summary: disposition.summary,
        triageSessionId: retriage?.session.id ?? null,
        validation: entry.validationOf ? this.dispositions.validationVerdict(entry.validationOf, disposition.code) : null,
      };
      entry.status = 'done';
      entry.outcome = outcome;
      entry.finishedAt = at;
      entry.finishedBy = actor.id;
      await store.saveQueueEntry(tx, entry);
      await this.dispositions.setDisposition(tx, actor, at, c, disposition);
      await appendEvent(tx, actor, at, queueOutcomeEvent(entry, outcome, actor.name));
      return { entry: this.timed(entry), case: c };
    });
  }

  private async changeEntry(actor: Actor, entryId: string, type: string, mutate: (entry: QueueEntry, at: Date) => Record<string, unknown>) {
    assertClinician(actor);
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const entry = await store.findQueueEntry(tx, entryId, true);
      if (!entry) throw notFound(`Queue entry ${entryId}`);
      const payload = mutate(entry, at);
      await store.saveQueueEntry(tx, entry);
      await recordChange(tx, actor, at, queueEntryChangedEvent(type, entry, actor.name, payload));
      return this.timed(entry);
    });
  }
}

function entryConflict(entry: QueueEntry, action: string) {
  const who = entry.status === 'claimed' ? ` by ${entry.claimedByName}` : '';
  return conflict(`Queue entry ${entry.id} is ${entry.status}${who}; it cannot be ${action}`, [{ path: 'status', message: entry.status }], 'invalid_state');
}
