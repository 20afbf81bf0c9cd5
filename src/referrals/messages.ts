// What a referral change sends: the receiver's copy (an inbox message, and a FHIR Bundle for its
// endpoint if it has one), the referrer's organisation's response, and their delivery. Messages are
// written to the outbox inside the change's transaction and delivered after it.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../platform/context';
import type { Tx } from '../platform/database';
import { logBackgroundFailure } from '../platform/log';
import type { Service } from '../directory/model';
import type { Case, CaseFlag } from '../cases/model';
import type { DeliveryWorker } from './delivery';
import { messageBundle, type MessageEvent, type MessageReason } from './fhir';
import type { Endpoint, InboxKind, Referral } from './model';
import * as store from './store';
import type { NewOutboxMessage } from './store';

/**
 * Another copy of an answer to a referral (accepted, rejected, booked, completed): where to, and the
 * message — or null when this referral needs none. The FHIR server gives one, so a referral that came
 * in by `$process-message` is answered to the system that sent it.
 */
export type ResponseCopy = (
  tx: Tx,
  answer: { at: Date; messageId: string; case: Case; referral: Referral; sender: string },
) => Promise<{ endpoint: Endpoint; payload: Record<string, unknown> } | null>;

export class ReferralMessages {
  constructor(
    private readonly platform: Platform,
    readonly delivery: DeliveryWorker,
    private readonly responseCopy?: ResponseCopy,
  ) {}

  /** The receiver's copy: an inbox message, and (if the service has one) a Bundle for its endpoint. */
  async notifyReceiver(
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
      out.push({ messageId, destination: 'endpoint', kind, organisationId: r.organisationId, serviceId: r.serviceId, endpoint, referralId: r.id, caseId: r.caseId, payload: bundle as unknown as Record<string, unknown>, status: this.delivery.externalStatus });
    }
    await store.enqueue(tx, out, at);
    return [messageId];
  }

  /** The referrer's organisation hears how its referral went (in-app). */
  async respond(tx: Tx, at: Date, c: Case, r: Referral, sender: string, endOfLife = false): Promise<string[]> {
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
      inappropriate: r.inappropriate ? { code: r.inappropriate.code, reason: r.inappropriate.label, note: r.inappropriate.note } : null,
      endOfLife,
      appointment: r.appointment,
      outcome: r.outcome,
    };
    const out: NewOutboxMessage[] = [{ messageId, destination: 'inbox', kind: 'referral-response', organisationId: r.referredByOrg, serviceId: r.serviceId, endpoint: null, referralId: r.id, caseId: r.caseId, payload, status: 'pending' }];
    const external = await this.responseCopy?.(tx, { at, messageId, case: c, referral: r, sender });
    if (external) out.push({ messageId, destination: 'endpoint', kind: 'referral-response', organisationId: r.referredByOrg, serviceId: r.serviceId, endpoint: external.endpoint, referralId: r.id, caseId: r.caseId, payload: external.payload, status: this.delivery.externalStatus });
    await store.enqueue(tx, out, at);
    return [messageId];
  }

  /** In-app messages land before the reply returns; external ones go in the background. */
  async deliver(messageIds: string[]): Promise<void> {
    if (messageIds.length) {
      await this.delivery.deliverInbox(messageIds).catch((error) => {
        // Still in the outbox: the worker's next pass delivers it.
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'in-app delivery deferred', error, { messages: messageIds.length });
      });
    }
    if (this.delivery.external) this.delivery.kick();
  }
}

export function patientSummary(c: Case) {
  const p = c.patient;
  return { name: `${p.firstName} ${p.lastName}`, dateOfBirth: p.dateOfBirth, sex: p.sex, nhsNumber: p.nhsNumber, nhsNumberStatus: p.nhsNumberStatus, postcode: p.postcode, phone: p.phone, registeredPractice: p.registeredPractice };
}

export function externalEndpoint(service: Pick<Service, 'referralEndpoints'>): Endpoint | null {
  return firstExternal(service.referralEndpoints);
}

export function firstExternal(endpoints: unknown): Endpoint | null {
  const list = Array.isArray(endpoints) ? (endpoints as { kind: string; address: string }[]) : [];
  const found = list.find((e) => e.kind === 'fhir' || e.kind === 'http');
  return found ? { kind: found.kind as Endpoint['kind'], address: found.address } : null;
}
