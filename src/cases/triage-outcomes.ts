// A case and its triage sessions: linking a session to the case, and applying a finished session's
// outcome (the case's disposition; a call-back or validation goes to the clinical queue), also when
// the session finishes after it was linked (from the event log).
import { hasAnyRole, type Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { conflict } from '../platform/errors';
import type { StoredEvent } from '../platform/events';
import type { SessionView } from '../triage/service';
import { assertCaseStaff } from './access';
import { lockOpen, SUBJECT } from './case-records';
import type { ClinicalQueue } from './clinical-queue';
import type { CasesContext } from './context';
import type { CaseDispositions } from './dispositions';
import type { Case, LinkTriageInput, QueueEntry } from './model';
import { queueDecisionFor } from './queue';
import { matchKeysOf } from './repeat-caller';
import * as store from './store';

export class TriageOutcomes {
  constructor(
    private readonly ctx: CasesContext,
    private readonly dispositions: CaseDispositions,
    private readonly clinicalQueue: ClinicalQueue,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /**
   * Links a triage session to the case. A finished session's outcome becomes the case's disposition;
   * call-back outcomes, and ambulance or ED outcomes that need validation, go to the clinical queue.
   * A session that finishes later is picked up from the event log.
   */
  async linkTriage(actor: Actor, id: string, { sessionId }: LinkTriageInput) {
    assertCaseStaff(actor);
    const view = await this.ctx.triageSession(sessionId);
    const linkedTo = await store.caseIdsForTriageSession(this.db, sessionId);
    if (linkedTo.some((other) => other !== id)) throw conflict(`Triage session ${sessionId} belongs to another case`, [{ path: 'sessionId', message: 'linked elsewhere' }]);
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const c = await lockOpen(tx, id);
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

  /** A triage session linked to an open case finished after it was linked: apply its outcome. */
  async follow(event: StoredEvent): Promise<void> {
    if (event.type !== 'triage.finished') return;
    const sessionId = event.subjectIds[0];
    const caseIds = await store.caseIdsForTriageSession(this.db, sessionId);
    if (!caseIds.length) return;
    const view = await this.ctx.deps.triage()?.getSession(sessionId);
    if (!view?.outcome) return;
    const actor: Actor = { kind: 'system', id: event.actorId ?? 'signpost', name: 'Signpost (triage finished)', organisationId: null, roles: [] };
    for (const id of caseIds) {
      await inTransaction(this.db, async (tx) => {
        const c = await store.findCase(tx, id, true);
        if (!c || c.status !== 'open') return;
        await this.applyTriageOutcome(tx, actor, this.ctx.now(), c, view, false);
      });
    }
  }

  private async applyTriageOutcome(tx: Tx, actor: Actor, at: Date, c: Case, view: SessionView, byClinician: boolean): Promise<QueueEntry | null> {
    if (c.disposition?.triageSessionId === view.session.id && c.disposition.code === view.outcome?.disposition) return null;
    const { catalogue } = this.ctx.deps;
    const disposition = this.dispositions.triageDisposition(actor, at, view, this.dispositions.nationOfCase(c));
    const d = catalogue.disposition(disposition.code)!;
    const decision = queueDecisionFor(d, (code) => catalogue.validationCallbackFor(code), byClinician);
    if (decision?.reason === 'validation') disposition.validation = { by: decision.disposition, status: 'pending' };
    if (byClinician) disposition.source = 'clinician';
    await this.dispositions.setDisposition(tx, actor, at, c, disposition);
    return decision ? this.clinicalQueue.enqueue(tx, actor, at, c, decision) : null;
  }
}
