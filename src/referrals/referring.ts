// Referring a case to a service: from the front door (a current referral is revoked first), or
// onward from the service holding the active referral (theirs completes; the journey stays one case).
// Services recommended above the one chosen must each be passed over with a reason.
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { badRequest, conflict, forbidden, notFound, type ErrorDetail } from '../platform/errors';
import type { Service } from '../directory/model';
import { assertTakesReferralsFrom } from './by-need';
import { requestedReferral } from './new-referral';
import type { Case } from '../cases/model';
import type { ReferralsContext } from './context';
import { externalEndpoint } from './messages';
import type { PassedOver, ReferInput, ReferResult } from './model';
import { PASS_OVER_REASONS } from './reasons';
import type { AppointmentSlots } from './slots';
import type { ReferralSteps } from './steps';
import { referralRequestedEvent } from './referral-events';
import * as store from './store';

/** The same case referred to the same service within this window is a duplicate submission. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;
const FRONT_DOOR = ['call_handler', 'clinician', 'admin'] as const;


/**
 * What a caller that refers inside its own transaction has read already, so that refer() does not
 * read it again (each read inside a transaction that writes events is waited for by every other
 * writer): the case it holds locked (used only when the actor works cases at the front door, who may
 * read any case), the service as read from the directory, and the name of the actor's organisation.
 */
export interface ReadAlready {
  case?: Case;
  service?: Service;
  senderName?: string;
}

export class Referring {
  constructor(
    private readonly ctx: ReferralsContext,
    private readonly slots: AppointmentSlots,
    private readonly steps: ReferralSteps,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /**
   * Refers the case to a service. From the front door a current referral is revoked first (one active
   * referral per case); from the service that holds the active referral it is an onward referral (theirs
   * completes, the patient journey stays one case). The same case and service again within ten minutes
   * is answered with the existing referral.
   */
  async refer(actor: Actor, caseId: string, data: ReferInput, read: ReadAlready = {}): Promise<ReferResult> {
    const c =
      read.case?.id === caseId && hasAnyRole(actor, FRONT_DOOR)
        ? read.case
        : await this.ctx.deps.cases.readable(actor, caseId).catch(() => {
            throw notFound(`Case ${caseId}`);
          });
    if (c.status !== 'open') throw conflict(`Case ${caseId} is ${c.status}`, [{ path: 'status', message: c.status }], 'invalid_state');
    const onward = !hasAnyRole(actor, FRONT_DOOR);
    const scope = onward ? await this.ctx.scopes.scopeOf(actor) : [];
    if (onward) {
      const active = await store.activeReferral(this.db, caseId);
      if (!active || !scope.includes(active.organisationId)) throw forbidden('Only the service holding the case’s active referral may refer onward');
      if (active.status === 'requested') throw conflict(`Accept referral ${active.id} before referring onward`, [{ path: 'status', message: active.status }], 'invalid_state');
    }
    const service = await this.ctx.activeService(data.serviceId, 'serviceId', read.service);
    assertTakesReferralsFrom(service, actor, 'serviceId');
    const passedOver = await this.passedOver(c, data.serviceId, data.searchId ?? null, data.passedOver);
    const dispositionCode = data.disposition ?? c.disposition?.code ?? null;
    if (!dispositionCode) throw badRequest('The case has no disposition yet: triage first, or give one', [{ path: 'disposition', message: 'required' }]);
    const newDisposition = data.disposition && data.disposition !== c.disposition?.code;
    if (newDisposition && !hasAnyRole(actor, ['clinician', 'provider_staff', 'system', 'admin'])) {
      throw forbidden('Only a clinician or the receiving service may change the disposition when referring');
    }
    const at = this.ctx.now();
    const disposition = newDisposition ? this.ctx.deps.cases.clinicianDisposition(actor, dispositionCode, at, { summary: data.summary ?? null, nation: this.ctx.deps.cases.nationOfCase(c) }, c.disposition) : null;
    if (data.slotId) await this.slots.checkSlot(data.slotId, service.id);
    const sender = read.senderName ?? (await this.ctx.scopes.organisationName(actor.organisationId));
    const noteFlags = await this.ctx.noteFlags(c);
    const endpoint = externalEndpoint(service);
    const referral = requestedReferral({
      id: `ref_${randomUUID()}`,
      caseId,
      service,
      referrer: actor,
      at,
      disposition: dispositionCode,
      summary: data.summary ?? null,
      passedOver,
      searchId: data.searchId ?? null,
    });
    const messages: string[] = [];
    const result = await inTransaction(this.db, async (tx): Promise<ReferResult> => {
      const locked = await this.ctx.deps.cases.lockOpen(tx, caseId);
      const duplicate = await store.recentDuplicate(tx, caseId, service.id, new Date(at.getTime() - DUPLICATE_WINDOW_MS));
      if (duplicate) return { referral: duplicate, duplicate: true, revoked: null, completedOnward: null };
      const current = await store.activeReferral(tx, caseId, true);
      let revoked: string | null = null;
      let completedOnward: string | null = null;
      if (onward) {
        if (!current || !scope.includes(current.organisationId) || current.status === 'requested') {
          throw conflict('The active referral changed meanwhile; reload the case', [], 'invalid_state');
        }
        await this.steps.move(tx, actor, at, current, 'complete', { outcome: `Referred onward to ${service.name}` });
        messages.push(...(await this.ctx.messages.respond(tx, at, locked, current, sender)));
        referral.fromReferralId = current.id;
        completedOnward = current.id;
      } else if (current) {
        await this.steps.move(tx, actor, at, current, 'revoke', {});
        messages.push(...(await this.ctx.messages.notifyReceiver(tx, at, locked, current, 'referral-update', 'servicerequest-request', 'delete', sender, noteFlags)));
        revoked = current.id;
      }
      if (disposition) await this.ctx.deps.cases.setDisposition(tx, actor, at, locked, disposition);
      await store.insertReferral(tx, referral);
      if (data.slotId) {
        referral.appointment = await this.slots.take(tx, data.slotId, service.id, referral.id);
        await store.saveReferral(tx, referral);
      }
      await recordChange(tx, actor, at, referralRequestedEvent(referral, { onward, revoked, passedOver }));
      messages.push(...(await this.ctx.messages.notifyReceiver(tx, at, locked, referral, 'referral', referral.appointment ? 'booking-request' : 'servicerequest-request', 'new', sender, [...noteFlags, ...data.flags], onward, endpoint)));
      return { referral, duplicate: false, revoked, completedOnward };
    });
    await this.ctx.messages.deliver(messages);
    return result;
  }

  private async passedOver(c: Case, chosen: number, searchId: string | null, given: { serviceId: number; reasonCode: PassedOver['reasonCode']; note?: string }[]): Promise<PassedOver[]> {
    const problems: ErrorDetail[] = [];
    const names = new Map<number, string>();
    if (searchId) {
      const search = await this.ctx.deps.cases.findSearch(searchId);
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
      const name = names.get(p.serviceId) ?? (await this.ctx.deps.directory.get(p.serviceId).catch(() => null))?.name;
      if (!name) throw badRequest(`Unknown service ${p.serviceId}`, [{ path: 'passedOver', message: `no service ${p.serviceId}` }]);
      out.push({ serviceId: p.serviceId, serviceName: name, reasonCode: p.reasonCode, reason: PASS_OVER_REASONS[p.reasonCode], note: p.note ?? null });
    }
    return out;
  }
}
