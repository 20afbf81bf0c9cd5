// What cases need to know of their referrals (the CaseRelations interface of cases/relations.ts),
// answered by the referrals module. src/app.ts hands one of these to the cases service (decision 0023).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import type { Tx } from '../platform/database';
import { appendEvent } from '../platform/events';
import { conflict } from '../platform/errors';
import type { Case } from '../cases/model';
import type { AfterCommit, CaseAccess, CaseReferral, CaseRelations } from '../cases/relations';
import type { IdentityService } from '../identity/service';
import type { DeliveryWorker } from './delivery';
import { messageBundle } from './fhir';
import { allowedActions, isActive, type ReferralStatus } from './lifecycle';
import { firstExternal, patientSummary, ReferralMessages } from './messages';
import { postEventDecision } from './post-event';
import { OrganisationScopes } from './scopes';
import * as store from './store';
import type { NewOutboxMessage } from './store';
import type { Referral } from './model';

/** Referral states after which the service that held the referral may still read (not change) the case. */
const FINISHED_IN_CARE: readonly ReferralStatus[] = ['completed', 'did-not-attend'];

export class ReferralCaseRelations implements CaseRelations {
  private readonly scopes: OrganisationScopes;
  private readonly messages: ReferralMessages;

  constructor(
    private readonly platform: Platform,
    deps: { identity: IdentityService; delivery: DeliveryWorker },
  ) {
    this.scopes = new OrganisationScopes(deps.identity);
    this.messages = new ReferralMessages(platform, deps.delivery);
  }

  private get db() {
    return this.platform.db;
  }

  /**
   * Access follows the referral's state (docs/decisions/0010): the service holding an active
   * referral works the case; one whose referral was completed (or the patient did not attend) may
   * still read it, as may the GP practice sent the post-event message. A revoked, cancelled or
   * rejected referral grants nothing, and neither does any other inbox item.
   */
  async accessThroughReferral(actor: Actor, caseId: string): Promise<CaseAccess | null> {
    const scope = await this.scopes.scopeOf(actor);
    if (!scope.length) return null;
    const statuses = await store.referralStatusesTo(this.db, caseId, scope);
    if (statuses.some(isActive)) return 'work';
    if (statuses.some((s) => FINISHED_IN_CARE.includes(s))) return 'read';
    if (await store.inboxHasPostEventMessage(this.db, caseId, scope)) return 'read';
    return null;
  }

  /** An organisation holding an active referral for the patient cares for them now. */
  async caresForPatient(actor: Actor, nhsNumber: string): Promise<boolean> {
    return store.activeReferralForPatient(this.db, nhsNumber, await this.scopes.scopeOf(actor));
  }

  /** A case with an active referral stays open until the referral is completed or cancelled. */
  async assertMayClose(tx: Tx, c: Case): Promise<void> {
    const active = await store.activeReferral(tx, c.id);
    if (active) {
      throw conflict(`Case ${c.id} has an active referral to ${active.serviceName} (${active.status}); complete or cancel it first`, [{ path: 'referral.status', message: active.status }], 'active_referral');
    }
  }

  async latestReferrals(caseIds: string[]): Promise<Map<string, Referral>> {
    const latest = await store.latestReferralOfCases(this.db, caseIds);
    return new Map(latest.map((r) => [r.caseId, r]));
  }

  async referralsOf(caseId: string): Promise<CaseReferral[]> {
    return (await store.referralsOfCase(this.db, caseId)).map((r) => ({ ...r, actions: allowedActions(r.status) }));
  }

  /**
   * When an episode ends: the summary to the registered GP practice (inbox, and its endpoint if it has
   * one), unless the rules say not (see post-event.ts). Runs inside the episode's closing transaction.
   */
  async episodeEnded(tx: Tx, actor: Actor, at: Date, c: Case, afterCommit: AfterCommit): Promise<void> {
    const referrals = await store.referralsOfCase(tx, c.id);
    const final = [...referrals].reverse().find((r) => r.status !== 'revoked' && r.status !== 'cancelled') ?? null;
    const decision = postEventDecision({
      disposition: c.disposition?.code ?? null,
      registeredPractice: c.patient.registeredPractice,
      finalReferral: final && { serviceOdsCode: final.serviceOdsCode, serviceTypeId: final.serviceTypeId },
    });
    const practice = decision.send ? await store.practiceByOdsCode(tx, c.patient.registeredPractice!) : undefined;
    if (!decision.send || !practice) {
      const reason = decision.send ? `GP practice ${c.patient.registeredPractice} is not in the directory` : decision.reason;
      await appendEvent(tx, actor, at, { type: 'post_event.not_sent', subjectType: 'case', subjectIds: [c.id], payload: { reason } });
      return;
    }
    const messageId = randomUUID();
    const endpoint = firstExternal(practice.endpoints);
    const summary = {
      kind: 'post-event-message',
      caseId: c.id,
      serviceId: practice.serviceId,
      serviceName: practice.name,
      patient: patientSummary(c),
      presentingProblem: c.presentingProblem,
      disposition: c.disposition && { code: c.disposition.code, title: c.disposition.title, source: c.disposition.source },
      consultationSummary: c.disposition?.summary ?? null,
      assessment: c.disposition?.report ?? [],
      adviceGiven: c.disposition?.careAdvice ?? [],
      referrals: referrals.map((r) => ({ serviceName: r.serviceName, status: r.status, outcome: r.outcome })),
      openedAt: c.openedAt,
      closedAt: c.closedAt,
    };
    const out: NewOutboxMessage[] = [
      { messageId, destination: 'inbox', kind: 'post-event-message', organisationId: practice.organisationId, serviceId: practice.serviceId, endpoint: null, referralId: null, caseId: c.id, payload: summary, status: 'pending' },
    ];
    if (endpoint) {
      const bundle = messageBundle({
        messageId,
        at,
        event: 'post-event-message',
        reason: 'new',
        destination: { endpoint: endpoint.address, name: practice.name, odsCode: c.patient.registeredPractice },
        sender: { name: 'Signpost', organisationId: null },
        case: c,
        finished: true,
      });
      out.push({ messageId, destination: 'endpoint', kind: 'post-event-message', organisationId: practice.organisationId, serviceId: practice.serviceId, endpoint, referralId: null, caseId: c.id, payload: bundle as unknown as Record<string, unknown>, status: this.messages.delivery.externalStatus });
    }
    await store.enqueue(tx, out, at);
    await appendEvent(tx, actor, at, { type: 'post_event.sent', subjectType: 'case', subjectIds: [c.id, messageId, practice.organisationId], payload: { practice: c.patient.registeredPractice, organisationId: practice.organisationId, messageId, external: Boolean(endpoint) } });
    afterCommit(() => this.messages.deliver([messageId]));
  }
}
