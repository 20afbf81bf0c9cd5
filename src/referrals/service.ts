import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { hasAnyRole } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Executor, type Tx } from '../platform/database';
import { appendEvent, readEventsAfter, type EventFollower, type StoredEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import { badRequest, conflict, forbidden, notFound, unprocessable, type ErrorDetail } from '../platform/errors';
import type { Catalogue } from '../directory/catalogue';
import type { Service } from '../directory/model';
import type { DirectoryService } from '../directory/service';
import type { IdentityService } from '../identity/service';
import type { Case, CaseFlag, SpecialNote } from '../cases/model';
import type { CasesService } from '../cases/service';
import type { DeliveryWorker } from './delivery';
import { messageBundle, type MessageEvent, type MessageReason } from './fhir';
import { allowedActions, isActive, transition, type ReferralAction, type ReferralStatus } from './lifecycle';
import {
  InboxQuery,
  OutboxQuery,
  SlotQuery,
  type Endpoint,
  type InboxKind,
  type PassedOver,
  type Referral,
  type ReferResult,
  type Slot,
  type BookInput,
  type CancelInput,
  type CompleteInput,
  type DnaInput,
  type PublishSlotsInput,
  type ReferInput,
  type RejectInput,
  DELIVERY_OPERATORS,
} from './model';
import { postEventDecision } from './post-event';
import { PASS_OVER_REASONS } from './reasons';
import * as store from './store';
import type { NewOutboxMessage } from './store';

/** The same case referred to the same service within this window is a duplicate submission. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;
const FRONT_DOOR = ['call_handler', 'clinician', 'admin'] as const;
const INBOX_EVENTS = ['inbox.item_added'];
/** Referral states after which the service that held the referral may still read (not change) the case. */
const FINISHED_IN_CARE: readonly ReferralStatus[] = ['completed', 'did-not-attend'];

type Side = 'front-door' | 'receiver' | 'referrer-org' | 'admin';

const referralRoleOf = (actor: Actor) =>
  hasAnyRole(actor, ['clinician']) ? 'clinician' : hasAnyRole(actor, ['provider_staff', 'system']) ? 'provider' : 'call-handler';

const NOTE_FLAGS: Record<SpecialNote['category'], CaseFlag['category']> = {
  safeguarding: 'safeguarding',
  'end-of-life': 'additional-patient-information',
  'long-term-condition': 'additional-patient-information',
  'reasonable-adjustments': 'reasonable-adjustment',
};

/** Another copy of an answer to a referral (accepted, rejected, booked, completed): where to, and the message. */
export type ResponseCopy = (
  tx: Tx,
  answer: { at: Date; messageId: string; case: Case; referral: Referral; sender: string },
) => Promise<{ endpoint: Endpoint; payload: Record<string, unknown> } | null>;

export interface ReferralsDeps {
  cases: CasesService;
  directory: DirectoryService;
  identity: IdentityService;
  catalogue: Catalogue;
  delivery: DeliveryWorker;
  events: EventFollower;
}

/**
 * Referrals from a case to a service, their lifecycle, appointment slots, and delivery: each change
 * writes the referral, its event and its outbox messages in one transaction; the delivery worker puts
 * them in the receiving organisation's inbox (live) and sends FHIR Bundles to external endpoints.
 */
export class ReferralsService {
  private inboxListeners = new Set<(event: StoredEvent) => void>();
  private responseCopies: ResponseCopy[] = [];

  constructor(
    private readonly platform: Platform,
    private readonly deps: ReferralsDeps,
  ) {
    deps.events.subscribe((event) => {
      if (INBOX_EVENTS.includes(event.type)) for (const listener of this.inboxListeners) listener(event);
    });
    // Access follows the referral's state (docs/decisions/0010): the service holding an active
    // referral works the case; one whose referral was completed (or the patient did not attend) may
    // still read it, as may the GP practice sent the post-event message. A revoked, cancelled or
    // rejected referral grants nothing, and neither does any other inbox item.
    deps.cases.addAccessRule(async (actor, caseId) => {
      const scope = await this.scopeOf(actor);
      if (!scope.length) return null;
      const statuses = await store.referralStatusesTo(this.db, caseId, scope);
      if (statuses.some(isActive)) return 'work';
      if (statuses.some((s) => FINISHED_IN_CARE.includes(s))) return 'read';
      if (await store.inboxHasPostEventMessage(this.db, caseId, scope)) return 'read';
      return null;
    });
    deps.cases.addPatientCareRule(async (actor, nhsNumber) => store.activeReferralForPatient(this.db, nhsNumber, await this.scopeOf(actor)));
    deps.cases.addCloseGuard(async (tx, c) => {
      const active = await store.activeReferral(tx, c.id);
      if (active) {
        throw conflict(`Case ${c.id} has an active referral to ${active.serviceName} (${active.status}); complete or cancel it first`, [{ path: 'referral.status', message: active.status }], 'active_referral');
      }
    });
    deps.cases.onEpisodeEnd((tx, actor, at, c, afterCommit) => this.postEventMessage(tx, actor, at, c, afterCommit));
    deps.cases.addViewSection('referrals', async (caseId) =>
      (await store.referralsOfCase(this.db, caseId)).map((r) => ({ ...r, actions: allowedActions(r.status) })),
    );
  }

  private get db() {
    return this.platform.db;
  }

  /** Lets another module send each answer to a referral elsewhere too (the FHIR server: back to the system that sent it in). */
  addResponseCopy(copy: ResponseCopy): void {
    this.responseCopies.push(copy);
  }

  // ---- referring ----

  /**
   * Refers the case to a service. From the front door a current referral is revoked first (one active
   * referral per case); from the service that holds the active referral it is an onward referral (theirs
   * completes, the patient journey stays one case). The same case and service again within ten minutes
   * is answered with the existing referral.
   */
  async refer(actor: Actor, caseId: string, data: ReferInput): Promise<ReferResult> {
    const c = await this.deps.cases.readable(actor, caseId).catch(() => {
      throw notFound(`Case ${caseId}`);
    });
    if (c.status !== 'open') throw conflict(`Case ${caseId} is ${c.status}`, [{ path: 'status', message: c.status }], 'invalid_state');
    const onward = !hasAnyRole(actor, FRONT_DOOR);
    const scope = onward ? await this.scopeOf(actor) : [];
    if (onward) {
      const active = await store.activeReferral(this.db, caseId);
      if (!active || !scope.includes(active.organisationId)) throw forbidden('Only the service holding the case’s active referral may refer onward');
      if (active.status === 'requested') throw conflict(`Accept referral ${active.id} before referring onward`, [{ path: 'status', message: active.status }], 'invalid_state');
    }
    const service = await this.activeService(data.serviceId, 'serviceId');
    const role = referralRoleOf(actor);
    if (!service.referralRoles.includes(role)) {
      throw unprocessable(`${service.name} does not take referrals from a ${role}`, [{ path: 'serviceId', message: `accepts ${service.referralRoles.join(', ')}` }], 'referral_role_not_accepted');
    }
    const passedOver = await this.passedOver(c, data.serviceId, data.searchId ?? null, data.passedOver);
    const dispositionCode = data.disposition ?? c.disposition?.code ?? null;
    if (!dispositionCode) throw badRequest('The case has no disposition yet: triage first, or give one', [{ path: 'disposition', message: 'required' }]);
    const newDisposition = data.disposition && data.disposition !== c.disposition?.code;
    if (newDisposition && !hasAnyRole(actor, ['clinician', 'provider_staff', 'system', 'admin'])) {
      throw forbidden('Only a clinician or the receiving service may change the disposition when referring');
    }
    const at = this.platform.clock.now();
    const disposition = newDisposition ? this.deps.cases.clinicianDisposition(actor, dispositionCode, at, { summary: data.summary ?? null, nation: this.deps.cases.nationOfCase(c) }, c.disposition) : null;
    if (data.slotId) await this.checkSlot(data.slotId, service.id);
    const sender = await this.organisationName(actor.organisationId);
    const noteFlags = await this.noteFlags(c);
    const endpoint = externalEndpoint(service);
    const referral: Referral = {
      id: `ref_${randomUUID()}`,
      caseId,
      serviceId: service.id,
      serviceName: service.name,
      serviceTypeId: service.typeId,
      serviceOdsCode: service.odsCode ?? null,
      organisationId: service.organisationId,
      status: 'requested',
      disposition: dispositionCode,
      summary: data.summary ?? null,
      passedOver,
      searchId: data.searchId ?? null,
      fromReferralId: null,
      referredBy: actor.id,
      referredByName: actor.name,
      referredByOrg: actor.organisationId,
      appointment: null,
      rejection: null,
      outcome: null,
      requestedAt: at,
      acceptedAt: null,
      updatedAt: at,
      finishedAt: null,
    };
    const messages: string[] = [];
    const result = await inTransaction(this.db, async (tx): Promise<ReferResult> => {
      const locked = await this.deps.cases.lockOpen(tx, caseId);
      const duplicate = await store.recentDuplicate(tx, caseId, service.id, new Date(at.getTime() - DUPLICATE_WINDOW_MS));
      if (duplicate) return { referral: duplicate, duplicate: true, revoked: null, completedOnward: null };
      const current = await store.activeReferral(tx, caseId, true);
      let revoked: string | null = null;
      let completedOnward: string | null = null;
      if (onward) {
        if (!current || !scope.includes(current.organisationId) || current.status === 'requested') {
          throw conflict('The active referral changed meanwhile; reload the case', [], 'invalid_state');
        }
        await this.move(tx, actor, at, current, 'complete', { outcome: `Referred onward to ${service.name}` });
        messages.push(...(await this.respond(tx, at, locked, current, sender)));
        referral.fromReferralId = current.id;
        completedOnward = current.id;
      } else if (current) {
        await this.move(tx, actor, at, current, 'revoke', {});
        messages.push(...(await this.notifyReceiver(tx, at, locked, current, 'referral-update', 'servicerequest-request', 'delete', sender, noteFlags)));
        revoked = current.id;
      }
      if (disposition) await this.deps.cases.setDisposition(tx, actor, at, locked, disposition);
      await store.insertReferral(tx, referral);
      if (data.slotId) {
        referral.appointment = await this.take(tx, data.slotId, service.id, referral.id);
        await store.saveReferral(tx, referral);
      }
      await recordChange(tx, actor, at, {
        type: 'referral.requested',
        subjectType: 'referral',
        subjectIds: [referral.id, caseId, referral.organisationId, referral.serviceId],
        payload: {
          referralId: referral.id,
          serviceId: referral.serviceId,
          serviceName: referral.serviceName,
          organisationId: referral.organisationId,
          disposition: referral.disposition,
          onward,
          fromReferralId: referral.fromReferralId,
          revoked,
          passedOver: passedOver.map((p) => ({ serviceId: p.serviceId, reasonCode: p.reasonCode })),
          booked: Boolean(referral.appointment),
        },
      });
      messages.push(...(await this.notifyReceiver(tx, at, locked, referral, 'referral', referral.appointment ? 'booking-request' : 'servicerequest-request', 'new', sender, [...noteFlags, ...data.flags], onward, endpoint)));
      return { referral, duplicate: false, revoked, completedOnward };
    });
    await this.deliver(messages);
    return result;
  }

  async get(actor: Actor, id: string, requestId?: string) {
    const referral = await store.findReferral(this.db, id);
    if (!referral) throw notFound(`Referral ${id}`);
    // The organisations it was sent to or from may read the referral itself, whatever its state (a
    // revoked one, to see why); the case behind it only as the case's own access rules allow.
    const own = (await this.sideOf(actor, referral)) !== null;
    if (!own) {
      await this.deps.cases.readable(actor, referral.caseId).catch(() => {
        throw notFound(`Referral ${id}`);
      });
    }
    await audit(this.db, actor, this.platform.clock.now(), { action: 'referral.read', subjectType: 'referral', subjectId: id, patientData: true, details: { caseId: referral.caseId }, requestId });
    return { referral, actions: allowedActions(referral.status) };
  }

  async ofCase(actor: Actor, caseId: string, requestId?: string) {
    await this.deps.cases.readable(actor, caseId);
    const referrals = await store.referralsOfCase(this.db, caseId);
    await audit(this.db, actor, this.platform.clock.now(), { action: 'case.referrals_read', subjectType: 'case', subjectId: caseId, patientData: true, requestId });
    return referrals;
  }

  accept(actor: Actor, id: string) {
    return this.act(actor, id, 'accept', {});
  }

  reject(actor: Actor, id: string, { reasonCode, reason }: RejectInput) {
    return this.act(actor, id, 'reject', { rejection: { reasonCode: reasonCode ?? null, reason } });
  }

  book(actor: Actor, id: string, { slotId }: BookInput) {
    return this.act(actor, id, 'book', { slotId });
  }

  complete(actor: Actor, id: string, { outcome }: CompleteInput) {
    return this.act(actor, id, 'complete', { outcome: outcome ?? null });
  }

  didNotAttend(actor: Actor, id: string, { note }: DnaInput) {
    return this.act(actor, id, 'did-not-attend', { outcome: note ?? null });
  }

  cancel(actor: Actor, id: string, { reason }: CancelInput) {
    return this.act(actor, id, 'cancel', { outcome: reason });
  }

  /**
   * One lifecycle step: who may take it is checked first, then, with the referral locked, whether its
   * state allows it (409 naming the state). Completing the active referral ends the episode.
   */
  private async act(actor: Actor, id: string, action: ReferralAction, opts: { outcome?: string | null; rejection?: Referral['rejection']; slotId?: string }) {
    const found = await store.findReferral(this.db, id);
    if (!found) throw notFound(`Referral ${id}`);
    const side = await this.sideOf(actor, found);
    const receiverActions: ReferralAction[] = ['accept', 'reject', 'complete', 'did-not-attend'];
    if (receiverActions.includes(action) && side !== 'receiver' && side !== 'admin') {
      throw side ? forbidden(`Only ${found.serviceName} may ${action} this referral`) : notFound(`Referral ${id}`);
    }
    if (action === 'cancel' && side !== 'front-door' && side !== 'referrer-org' && side !== 'admin') {
      throw side ? forbidden('Only the referrer may cancel a referral') : notFound(`Referral ${id}`);
    }
    if (action === 'book' && !side) throw notFound(`Referral ${id}`);
    if (opts.slotId) await this.checkSlot(opts.slotId, found.serviceId);
    const c = await this.deps.cases.get(found.caseId);
    const sender = await this.organisationName(actor.organisationId);
    const tellReceiver = action === 'cancel' || (action === 'book' && side !== 'receiver');
    const noteFlags = tellReceiver ? await this.noteFlags(c) : [];
    // Read before the transaction: on the embedded database a transaction must not wait on other queries.
    const service = tellReceiver ? await this.serviceFor(found) : null;
    const at = this.platform.clock.now();
    const messages: string[] = [];
    const after: (() => Promise<void>)[] = [];
    const referral = await inTransaction(this.db, async (tx) => {
      const r = await store.findReferral(tx, id, true);
      if (!r) throw notFound(`Referral ${id}`);
      const locked = await this.deps.cases.lock(tx, r.caseId);
      if (opts.slotId) r.appointment = await this.guardedTake(tx, r, action, opts.slotId);
      await this.move(tx, actor, at, r, action, opts);
      if (action === 'accept' || action === 'reject' || action === 'book' || action === 'complete' || action === 'did-not-attend') {
        messages.push(...(await this.respond(tx, at, locked!, r, sender)));
      }
      if (tellReceiver) {
        messages.push(...(await this.notifyReceiver(tx, at, locked!, r, 'referral-update', action === 'book' ? 'booking-request' : 'servicerequest-request', action === 'cancel' ? 'delete' : 'update', sender, noteFlags, false, service ? externalEndpoint(service) : null)));
      }
      if (action === 'complete' && locked?.status === 'open') {
        await this.deps.cases.closeInTransaction(tx, actor, at, locked, `Referral to ${r.serviceName} completed`, (work) => after.push(work));
      }
      return r;
    });
    await this.deliver(messages);
    for (const work of after) await work();
    return { referral, actions: allowedActions(referral.status) };
  }

  /** Applies a transition to a locked referral and records it (409 when its state does not allow it). */
  private async move(tx: Tx, actor: Actor, at: Date, r: Referral, action: ReferralAction, opts: { outcome?: string | null; rejection?: Referral['rejection'] }) {
    const result = transition(r.status, action, { hasAppointment: Boolean(r.appointment) });
    if (!result.ok) {
      throw conflict(
        `Referral ${r.id} is ${r.status}; it cannot be ${pastTense(action)} (only when ${result.allowedFrom.join(' or ')})`,
        [{ path: 'status', message: r.status }],
        'invalid_state',
      );
    }
    const from = r.status;
    r.status = result.to;
    r.updatedAt = at;
    if (action === 'accept') r.acceptedAt = at;
    if (opts.rejection) r.rejection = opts.rejection;
    if (opts.outcome !== undefined && opts.outcome !== null) r.outcome = opts.outcome;
    if (!isActive(r.status)) {
      r.finishedAt = at;
      if (r.appointment && (r.status === 'cancelled' || r.status === 'revoked' || r.status === 'rejected')) await store.freeSlot(tx, r.appointment.slotId, r.id);
    }
    await store.saveReferral(tx, r);
    const type = `referral.${action === 'did-not-attend' ? 'did_not_attend' : pastTense(action)}`;
    await recordChange(tx, actor, at, {
      type,
      subjectType: 'referral',
      subjectIds: [r.id, r.caseId, r.organisationId, r.serviceId],
      payload: {
        referralId: r.id,
        serviceId: r.serviceId,
        serviceName: r.serviceName,
        organisationId: r.organisationId,
        from,
        status: r.status,
        ...(opts.rejection ? { reasonCode: opts.rejection.reasonCode, reason: opts.rejection.reason } : {}),
        ...(opts.outcome ? { outcome: opts.outcome, reason: opts.outcome } : {}),
        ...(r.appointment && action === 'book' ? { start: r.appointment.start.toISOString() } : {}),
      },
    });
  }

  // ---- appointment slots ----

  async publishSlots(actor: Actor, serviceId: number, { slots }: PublishSlotsInput): Promise<{ created: Slot[]; skipped: number }> {
    const service = await this.deps.directory.get(serviceId);
    await this.assertManages(actor, service.organisationId, `publish slots for ${service.name}`);
    const at = this.platform.clock.now();
    const wanted: Slot[] = slots.map((s) => ({ id: `slot_${randomUUID()}`, serviceId, start: new Date(s.start), end: new Date(s.end), status: 'free', referralId: null }));
    const created = await inTransaction(this.db, async (tx) => {
      const rows = await store.insertSlots(tx, wanted, actor.id, at);
      await recordChange(tx, actor, at, { type: 'slots.published', subjectType: 'service', subjectIds: [serviceId], payload: { count: rows.length } });
      return rows;
    });
    return { created, skipped: wanted.length - created.length };
  }

  async slots(serviceId: number, q: SlotQuery): Promise<Slot[]> {
    await this.deps.directory.get(serviceId);
    return store.listSlots(this.db, serviceId, {
      from: q.from ? new Date(q.from) : q.status === 'free' ? this.platform.clock.now() : undefined,
      to: q.to ? new Date(q.to) : undefined,
      status: q.status,
      limit: q.limit,
    });
  }

  /** One appointment slot by its id (the FHIR server's Slot read). */
  findSlot(id: string): Promise<Slot | undefined> {
    return store.findSlot(this.db, id);
  }

  // ---- inboxes ----

  /** An organisation's inbox (provider staff see their own organisation and those below it). Audited. */
  async inbox(actor: Actor, q: InboxQuery, requestId?: string) {
    const organisationIds = await this.inboxScope(actor, q.organisationId);
    const items = await store.listInbox(this.db, { organisationIds, kind: q.kind, unread: q.unread === 'true', after: q.after, limit: q.limit });
    await audit(this.db, actor, this.platform.clock.now(), { action: 'inbox.read', subjectType: 'inbox', subjectId: q.organisationId ?? actor.organisationId, patientData: true, details: { itemIds: items.map((i) => i.id) }, requestId });
    return items;
  }

  async markRead(actor: Actor, itemId: number) {
    const item = await store.findInboxItem(this.db, itemId);
    const scope = item ? await this.inboxScope(actor, item.organisationId).catch(() => []) : [];
    if (!item || !scope.includes(item.organisationId)) throw notFound(`Inbox item ${itemId}`);
    await store.markRead(this.db, itemId, actor.id, this.platform.clock.now());
    await audit(this.db, actor, this.platform.clock.now(), { action: 'inbox.item_read', subjectType: 'inbox_item', subjectId: itemId, patientData: true, details: { caseId: item.caseId } });
    return { ...item, readAt: item.readAt ?? this.platform.clock.now(), readBy: item.readBy ?? actor.id };
  }

  /** Which organisations' inboxes an actor may open: their own subtree; administrators name one. */
  async inboxScope(actor: Actor, organisationId?: string): Promise<string[]> {
    if (hasAnyRole(actor, ['admin'])) {
      if (!organisationId) throw badRequest('Name the organisation whose inbox to open', [{ path: 'query.organisationId', message: 'required for administrators' }]);
      return this.deps.identity.organisationScope(organisationId);
    }
    if (!actor.organisationId) throw forbidden('You belong to no organisation, so you have no inbox');
    const scope = await this.deps.identity.organisationScope(actor.organisationId);
    if (!organisationId) return scope;
    if (!scope.includes(organisationId)) throw forbidden(`You may open only your own organisation's inbox, not that of ${organisationId}`);
    return this.deps.identity.organisationScope(organisationId);
  }

  /** Live inbox events for a stream; returns the unsubscribe function. */
  onInbox(listener: (event: StoredEvent) => void): () => void {
    this.inboxListeners.add(listener);
    return () => this.inboxListeners.delete(listener);
  }

  inboxEventsAfter(id: number) {
    return readEventsAfter(this.db, id, 500, INBOX_EVENTS);
  }

  /**
   * The delivery outbox, for the administrators who operate delivery. Its messages carry patient
   * details (names, NHS numbers, phone numbers), so every read is audited with what it showed.
   */
  async outbox(actor: Actor, q: OutboxQuery, requestId?: string) {
    if (!hasAnyRole(actor, DELIVERY_OPERATORS)) throw forbidden('Only administrators operate delivery');
    const messages = await store.listOutbox(this.db, q);
    await audit(this.db, actor, this.platform.clock.now(), {
      action: 'delivery.outbox_read',
      subjectType: 'outbox',
      patientData: true,
      details: { query: q, messageIds: messages.map((m) => m.id), caseIds: [...new Set(messages.map((m) => m.caseId).filter(Boolean))] },
      requestId,
    });
    return messages;
  }

  // ---- post-event messages ----

  /**
   * When an episode ends: the summary to the registered GP practice (inbox, and its endpoint if it has
   * one), unless the rules say not (see post-event.ts). Runs inside the episode's closing transaction.
   */
  private async postEventMessage(tx: Tx, actor: Actor, at: Date, c: Case, afterCommit: (work: () => Promise<void>) => void): Promise<void> {
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
      out.push({ messageId, destination: 'endpoint', kind: 'post-event-message', organisationId: practice.organisationId, serviceId: practice.serviceId, endpoint, referralId: null, caseId: c.id, payload: bundle as unknown as Record<string, unknown>, status: this.deps.delivery.externalStatus });
    }
    await store.enqueue(tx, out, at);
    await appendEvent(tx, actor, at, { type: 'post_event.sent', subjectType: 'case', subjectIds: [c.id, messageId, practice.organisationId], payload: { practice: c.patient.registeredPractice, organisationId: practice.organisationId, messageId, external: Boolean(endpoint) } });
    afterCommit(() => this.deliver([messageId]));
  }

  // ---- internals ----

  /** The receiver's copy: an inbox message, and (if the service has one) a Bundle for its endpoint. */
  private async notifyReceiver(
    tx: Tx,
    at: Date,
    c: Case,
    r: Referral,
    kind: InboxKind,
    event: MessageEvent,
    reason: MessageReason,
    sender: string,
    noteFlags: CaseFlag[],
    onward = false,
    endpoint: Endpoint | null = null,
  ): Promise<string[]> {
    const messageId = randomUUID();
    const summary = {
      kind,
      referralId: r.id,
      caseId: r.caseId,
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      status: r.status,
      onward,
      disposition: r.disposition,
      dueBy: c.disposition?.dueBy ?? null,
      patient: patientSummary(c),
      presentingProblem: c.presentingProblem,
      from: { name: r.referredByName, organisation: sender, organisationId: r.referredByOrg },
      appointment: r.appointment,
      flags: [...c.flags, ...noteFlags].map((f) => f.category),
      ...(r.status === 'revoked' || r.status === 'cancelled' ? { reason: r.outcome ?? (r.status === 'revoked' ? 're-referred elsewhere' : null) } : {}),
    };
    const out: NewOutboxMessage[] = [
      { messageId, destination: 'inbox', kind, organisationId: r.organisationId, serviceId: r.serviceId, endpoint: null, referralId: r.id, caseId: r.caseId, payload: summary, status: 'pending' },
    ];
    if (endpoint) {
      const bundle = messageBundle({
        messageId,
        at,
        event,
        reason,
        destination: { endpoint: endpoint.address, name: r.serviceName, odsCode: r.serviceOdsCode },
        sender: { name: sender, organisationId: r.referredByOrg },
        case: c,
        referral: r,
        extraFlags: noteFlags,
      });
      out.push({ messageId, destination: 'endpoint', kind, organisationId: r.organisationId, serviceId: r.serviceId, endpoint, referralId: r.id, caseId: r.caseId, payload: bundle as unknown as Record<string, unknown>, status: this.deps.delivery.externalStatus });
    }
    await store.enqueue(tx, out, at);
    return [messageId];
  }

  /** The referrer's organisation hears how its referral went (in-app). */
  private async respond(tx: Tx, at: Date, c: Case, r: Referral, sender: string): Promise<string[]> {
    if (!r.referredByOrg) return [];
    const messageId = randomUUID();
    const payload = {
      kind: 'referral-response',
      referralId: r.id,
      caseId: r.caseId,
      serviceId: r.serviceId,
      serviceName: r.serviceName,
      status: r.status,
      by: sender,
      patient: { name: `${c.patient.firstName} ${c.patient.lastName}` },
      rejection: r.rejection,
      appointment: r.appointment,
      outcome: r.outcome,
    };
    const out: NewOutboxMessage[] = [{ messageId, destination: 'inbox', kind: 'referral-response', organisationId: r.referredByOrg, serviceId: r.serviceId, endpoint: null, referralId: r.id, caseId: r.caseId, payload, status: 'pending' }];
    for (const copy of this.responseCopies) {
      const external = await copy(tx, { at, messageId, case: c, referral: r, sender });
      if (external) out.push({ messageId, destination: 'endpoint', kind: 'referral-response', organisationId: r.referredByOrg, serviceId: r.serviceId, endpoint: external.endpoint, referralId: r.id, caseId: r.caseId, payload: external.payload, status: this.deps.delivery.externalStatus });
    }
    await store.enqueue(tx, out, at);
    return [messageId];
  }

  /** In-app messages land before the reply returns; external ones go in the background. */
  private async deliver(messageIds: string[]): Promise<void> {
    if (messageIds.length) {
      await this.deps.delivery.deliverInbox(messageIds).catch((error) => {
        // Still in the outbox: the worker's next pass delivers it.
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'in-app delivery deferred', error, { messages: messageIds.length });
      });
    }
    if (this.deps.delivery.external) this.deps.delivery.kick();
  }

  private async passedOver(c: Case, chosen: number, searchId: string | null, given: { serviceId: number; reasonCode: PassedOver['reasonCode']; note?: string }[]): Promise<PassedOver[]> {
    const problems: ErrorDetail[] = [];
    const names = new Map<number, string>();
    if (searchId) {
      const search = await this.deps.cases.findSearch(searchId);
      if (!search || search.caseId !== c.id) throw badRequest(`Search ${searchId} is not a search of this case`, [{ path: 'searchId', message: 'not this case’s' }]);
      for (const r of search.results) names.set(r.serviceId, r.name);
      const position = search.results.findIndex((r) => r.serviceId === chosen);
      const above = position === -1 ? search.results : search.results.slice(0, position);
      for (const r of above) {
        if (!given.some((p) => p.serviceId === r.serviceId)) problems.push({ path: 'passedOver', message: `say why ${r.name} (service ${r.serviceId}), recommended above the one chosen, was passed over` });
      }
      given.forEach((p, i) => {
        if (!names.has(p.serviceId)) problems.push({ path: `passedOver.${i}.serviceId`, message: `service ${p.serviceId} was not among the search results` });
      });
    }
    if (problems.length) throw badRequest(problems[0].message + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''), problems, 'passed_over_reasons');
    const out: PassedOver[] = [];
    for (const p of given) {
      const name = names.get(p.serviceId) ?? (await this.deps.directory.get(p.serviceId).catch(() => null))?.name;
      if (!name) throw badRequest(`Unknown service ${p.serviceId}`, [{ path: 'passedOver', message: `no service ${p.serviceId}` }]);
      out.push({ serviceId: p.serviceId, serviceName: name, reasonCode: p.reasonCode, reason: PASS_OVER_REASONS[p.reasonCode], note: p.note ?? null });
    }
    return out;
  }

  private async activeService(id: number, path: string): Promise<Service> {
    const service = await this.deps.directory.get(id).catch(() => null);
    if (!service) throw badRequest(`There is no service ${id}`, [{ path, message: 'unknown service' }]);
    if (service.status !== 'active') throw unprocessable(`${service.name} is ${service.status}`, [{ path, message: service.status }], 'service_not_active');
    return service;
  }

  private serviceFor(r: Referral): Promise<Service | null> {
    return this.deps.directory.get(r.serviceId).catch(() => null);
  }

  /** Checks a slot before the transaction: it must be the service's and in the future; a taken one is a 422. */
  private async checkSlot(slotId: string, serviceId: number): Promise<void> {
    const slot = await store.findSlot(this.db, slotId);
    if (!slot || slot.serviceId !== serviceId) {
      const any = await store.listSlots(this.db, serviceId, { status: 'all', limit: 1 });
      if (!any.length) {
        throw unprocessable('This service publishes no appointment slots: it does not take bookings', [{ path: 'slotId', message: 'no slots published' }], 'bookings_not_taken');
      }
      throw badRequest(`There is no slot ${slotId} at this service`, [{ path: 'slotId', message: 'unknown slot' }]);
    }
    if (slot.start.getTime() <= this.platform.clock.now().getTime()) throw unprocessable('That slot has already started', [{ path: 'slotId', message: 'in the past' }], 'slot_past');
    if (slot.status !== 'free') throw await this.slotTaken(serviceId);
  }

  private async take(tx: Tx, slotId: string, serviceId: number, referralId: string) {
    const taken = await store.takeSlot(tx, slotId, serviceId, referralId);
    if (!taken) throw await this.slotTaken(serviceId, tx);
    return { slotId: taken.id, start: taken.start, end: taken.end };
  }

  /** Booking takes the slot only if the referral's state allows booking (checked again by move()). */
  private async guardedTake(tx: Tx, r: Referral, action: ReferralAction, slotId: string) {
    const allowed = transition(r.status, action, { hasAppointment: Boolean(r.appointment) });
    if (!allowed.ok) return r.appointment;
    return this.take(tx, slotId, r.serviceId, r.id);
  }

  /** 422 with a fresh choice: the next free slots. */
  private async slotTaken(serviceId: number, db: Executor = this.db) {
    const free = await store.listSlots(db, serviceId, { from: this.platform.clock.now(), status: 'free', limit: 5 });
    return unprocessable(
      'That slot has just been taken; choose another',
      [{ path: 'slotId', message: 'taken' }, ...free.map((s, i) => ({ path: `alternatives.${i}`, message: `${s.id} ${s.start.toISOString()}–${s.end.toISOString()}` }))],
      'slot_taken',
    );
  }

  private async sideOf(actor: Actor, r: Referral): Promise<Side | null> {
    if (hasAnyRole(actor, ['admin'])) return 'admin';
    if (hasAnyRole(actor, ['call_handler', 'clinician'])) return 'front-door';
    const scope = await this.scopeOf(actor);
    if (scope.includes(r.organisationId)) return 'receiver';
    if (r.referredByOrg && scope.includes(r.referredByOrg)) return 'referrer-org';
    return null;
  }

  private async scopeOf(actor: Actor): Promise<string[]> {
    if (!hasAnyRole(actor, ['provider_staff', 'system']) || !actor.organisationId) return [];
    return this.deps.identity.organisationScope(actor.organisationId);
  }

  private async assertManages(actor: Actor, organisationId: string, what: string) {
    if (hasAnyRole(actor, ['admin', 'dos_lead'])) return;
    const scope = await this.scopeOf(actor);
    if (!scope.includes(organisationId)) throw forbidden(`You may ${what} only for your own organisation's services`);
  }

  private async organisationName(id: string | null): Promise<string> {
    if (!id) return 'Signpost';
    return (await this.deps.identity.getOrganisation(id).catch(() => null))?.name ?? id;
  }

  /** Special patient notes travel as flags (the note itself is read, audited, on the case). */
  private async noteFlags(c: Case): Promise<CaseFlag[]> {
    if (!c.patient.nhsNumber) return [];
    const notes = await this.deps.cases.activeNotesFor(c.patient.nhsNumber);
    return notes.map((n) => ({ category: NOTE_FLAGS[n.category], text: `Special patient note (${n.category}): ${n.title}` }));
  }
}

function patientSummary(c: Case) {
  const p = c.patient;
  return { name: `${p.firstName} ${p.lastName}`, dateOfBirth: p.dateOfBirth, sex: p.sex, nhsNumber: p.nhsNumber, nhsNumberStatus: p.nhsNumberStatus, postcode: p.postcode, phone: p.phone, registeredPractice: p.registeredPractice };
}

function externalEndpoint(service: Pick<Service, 'referralEndpoints'>): Endpoint | null {
  return firstExternal(service.referralEndpoints);
}

function firstExternal(endpoints: unknown): Endpoint | null {
  const list = Array.isArray(endpoints) ? (endpoints as { kind: string; address: string }[]) : [];
  const found = list.find((e) => e.kind === 'fhir' || e.kind === 'http');
  return found ? { kind: found.kind as Endpoint['kind'], address: found.address } : null;
}

function pastTense(action: ReferralAction): string {
  switch (action) {
    case 'accept':
      return 'accepted';
    case 'reject':
      return 'rejected';
    case 'book':
      return 'booked';
    case 'complete':
      return 'completed';
    case 'did-not-attend':
      return 'marked did-not-attend';
    case 'cancel':
      return 'cancelled';
    case 'revoke':
      return 'revoked';
  }
}
