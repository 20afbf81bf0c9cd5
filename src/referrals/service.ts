/**
 * Referrals from a case to a service, their lifecycle, appointment slots, and delivery: each change
 * writes the referral, its event and its outbox messages in one transaction; the delivery worker puts
 * them in the receiving organisation's inbox (live) and sends FHIR Bundles to external endpoints.
 * The use cases, one file each, composed here:
 *   referring.ts       refer a case (front door, or onward), with the services passed over
 *   by-need.ts         a professional refers by need, opening the episode (no 111 call)
 *   steps.ts           accept, reject, book, complete, did-not-attend, cancel; read a referral
 *   slots.ts           appointment slots: publish, list, take
 *   inbox.ts           organisations' inboxes, live inbox events, the delivery outbox
 *   messages.ts        what a change sends, and its delivery
 *   case-relations.ts  what cases need to know of their referrals (access, closing, post-event message)
 */
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import type { Tx } from '../platform/database';
import * as store from './store';
import type { StoredEvent } from '../platform/events';
import { ReferralsContext, type ReferralsDeps } from './context';
import { Inboxes } from './inbox';
import type { BookInput, CancelInput, CompleteInput, DnaInput, InboxQuery, OutboxQuery, PublishSlotsInput, Referral, ReferInput, ReferResult, RejectInput, Slot, SlotQuery } from './model';
import { ReferringByNeed } from './by-need';
import type { ReferByNeedInput } from './by-need-model';
import { Referring, type ReadAlready } from './referring';
import { AppointmentSlots } from './slots';
import { ReferralSteps } from './steps';

export type { ReferralsDeps } from './context';
export type { ResponseCopy } from './messages';
export { DUPLICATE_WINDOW_MS } from './referring';
export type { ReadAlready } from './referring';
export { ReferralCaseRelations } from './case-relations';

export class ReferralsService {
  readonly referring: Referring;
  readonly steps: ReferralSteps;
  readonly slotBook: AppointmentSlots;
  readonly inboxes: Inboxes;
  readonly byNeed: ReferringByNeed;

  constructor(platform: Platform, deps: ReferralsDeps) {
    const ctx = new ReferralsContext(platform, deps);
    this.slotBook = new AppointmentSlots(ctx);
    this.steps = new ReferralSteps(ctx, this.slotBook);
    this.referring = new Referring(ctx, this.slotBook, this.steps);
    this.inboxes = new Inboxes(ctx);
    this.byNeed = new ReferringByNeed(ctx);
  }

  /** Past referrals, in bulk inside the caller's transaction (the demo's history; its events are the caller's). */
  async recordHistory(tx: Tx, referrals: Referral[]): Promise<void> {
    await store.insertReferrals(tx, referrals);
  }

  // ---- referring ----

  /** `read`: what a caller referring inside its own transaction has read already (see ReadAlready). */
  refer(actor: Actor, caseId: string, data: ReferInput, read?: ReadAlready): Promise<ReferResult> {
    return this.referring.refer(actor, caseId, data, read);
  }

  /** A professional's referral by need, with no 111 call (by-need.ts). */
  referByNeed(actor: Actor, data: ReferByNeedInput) {
    return this.byNeed.refer(actor, data);
  }

  get(actor: Actor, id: string, requestId?: string) {
    return this.steps.get(actor, id, requestId);
  }

  ofCase(actor: Actor, caseId: string, requestId?: string) {
    return this.steps.ofCase(actor, caseId, requestId);
  }

  // ---- the lifecycle ----

  accept(actor: Actor, id: string) {
    return this.steps.accept(actor, id);
  }

  reject(actor: Actor, id: string, body: RejectInput) {
    return this.steps.reject(actor, id, body);
  }

  book(actor: Actor, id: string, body: BookInput) {
    return this.steps.book(actor, id, body);
  }

  complete(actor: Actor, id: string, body: CompleteInput) {
    return this.steps.complete(actor, id, body);
  }

  didNotAttend(actor: Actor, id: string, body: DnaInput) {
    return this.steps.didNotAttend(actor, id, body);
  }

  cancel(actor: Actor, id: string, body: CancelInput) {
    return this.steps.cancel(actor, id, body);
  }

  // ---- appointment slots ----

  publishSlots(actor: Actor, serviceId: number, body: PublishSlotsInput): Promise<{ created: Slot[]; skipped: number }> {
    return this.slotBook.publishSlots(actor, serviceId, body);
  }

  withdrawSlot(actor: Actor, serviceId: number, slotId: string): Promise<Slot> {
    return this.slotBook.withdrawSlot(actor, serviceId, slotId);
  }

  slots(serviceId: number, q: SlotQuery): Promise<Slot[]> {
    return this.slotBook.slots(serviceId, q);
  }

  /** One appointment slot by its id (the FHIR server's Slot read). */
  findSlot(id: string): Promise<Slot | undefined> {
    return this.slotBook.findSlot(id);
  }

  // ---- inboxes and the outbox ----

  inbox(actor: Actor, q: InboxQuery, requestId?: string) {
    return this.inboxes.inbox(actor, q, requestId);
  }

  markRead(actor: Actor, itemId: number) {
    return this.inboxes.markRead(actor, itemId);
  }

  inboxScope(actor: Actor, organisationId?: string): Promise<string[]> {
    return this.inboxes.inboxScope(actor, organisationId);
  }

  onInbox(listener: (event: StoredEvent) => void): () => void {
    return this.inboxes.onInbox(listener);
  }

  inboxEventsAfter(id: number) {
    return this.inboxes.inboxEventsAfter(id);
  }

  outbox(actor: Actor, q: OutboxQuery, requestId?: string) {
    return this.inboxes.outbox(actor, q, requestId);
  }
}
