// Appointment slots: a service publishes them; a referral books one (taken in the referral's
// transaction, so two bookings cannot take the same slot).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction, type Executor, type Tx } from '../platform/database';
import { badRequest, conflict, notFound, unprocessable } from '../platform/errors';
import type { ReferralsContext } from './context';
import { transition, type ReferralAction } from './lifecycle';
import type { PublishSlotsInput, Referral, Slot, SlotQuery } from './model';
import * as store from './store';

export class AppointmentSlots {
  constructor(private readonly ctx: ReferralsContext) {}

  private get db() {
    return this.ctx.db;
  }

  async publishSlots(actor: Actor, serviceId: number, { slots }: PublishSlotsInput): Promise<{ created: Slot[]; skipped: number }> {
    const service = await this.ctx.deps.directory.get(serviceId);
    await this.ctx.scopes.assertManages(actor, service.organisationId, `publish slots for ${service.name}`);
    const at = this.ctx.now();
    const wanted: Slot[] = slots.map((s) => ({ id: `slot_${randomUUID()}`, serviceId, start: new Date(s.start), end: new Date(s.end), status: 'free', referralId: null }));
    const created = await inTransaction(this.db, async (tx) => {
      const rows = await store.insertSlots(tx, wanted, actor.id, at);
      await recordChange(tx, actor, at, { type: 'slots.published', subjectType: 'service', subjectIds: [serviceId], payload: { count: rows.length } });
      return rows;
    });
    return { created, skipped: wanted.length - created.length };
  }

  async slots(serviceId: number, q: SlotQuery): Promise<Slot[]> {
    await this.ctx.deps.directory.get(serviceId);
    return store.listSlots(this.db, serviceId, {
      from: q.from ? new Date(q.from) : q.status === 'free' ? this.ctx.now() : undefined,
      to: q.to ? new Date(q.to) : undefined,
      status: q.status,
      limit: q.limit,
    });
  }

  /** Checks a slot before the transaction: it must be the service's and in the future; a taken one is a 422. */
  async checkSlot(slotId: string, serviceId: number): Promise<void> {
    const slot = await store.findSlot(this.db, slotId);
    if (!slot || slot.serviceId !== serviceId) {
      const any = await store.listSlots(this.db, serviceId, { status: 'all', limit: 1 });
      if (!any.length) {
        throw unprocessable('This service publishes no appointment slots: it does not take bookings', [{ path: 'slotId', message: 'no slots published' }], 'bookings_not_taken');
      }
      throw badRequest(`There is no slot ${slotId} at this service`, [{ path: 'slotId', message: 'unknown slot' }]);
    }
    if (slot.start.getTime() <= this.ctx.now().getTime()) throw unprocessable('That slot has already started', [{ path: 'slotId', message: 'in the past' }], 'slot_past');
    if (slot.status !== 'free') throw await this.slotTaken(slot, serviceId);
  }

  /** Takes a slot for a referral inside its transaction (409 with other free slots if it was just taken). */
  async take(tx: Tx, slotId: string, serviceId: number, referralId: string) {
    const taken = await store.takeSlot(tx, slotId, serviceId, referralId);
    if (!taken) throw await this.slotTaken((await store.findSlot(tx, slotId)) ?? { id: slotId, start: null, end: null }, serviceId, tx);
    return { slotId: taken.id, start: taken.start, end: taken.end };
  }

  /** Booking takes the slot only if the referral's state allows booking (checked again by the step). */
  async guardedTake(tx: Tx, r: Referral, action: ReferralAction, slotId: string) {
    const allowed = transition(r.status, action, { hasAppointment: Boolean(r.appointment) });
    if (!allowed.ok) return r.appointment;
    return this.take(tx, slotId, r.serviceId, r.id);
  }

  /**
   * Withdraws a free slot the service no longer offers (its own provider staff). A booked slot stays:
   * 409 naming the referral holding it, which must be cancelled or moved first.
   */
  async withdrawSlot(actor: Actor, serviceId: number, slotId: string): Promise<Slot> {
    const service = await this.ctx.deps.directory.get(serviceId);
    await this.ctx.scopes.assertManages(actor, service.organisationId, `withdraw slots of ${service.name}`);
    const at = this.ctx.now();
    return inTransaction(this.db, async (tx) => {
      const slot = await store.findSlot(tx, slotId);
      if (!slot || slot.serviceId !== serviceId) throw notFound(`Slot ${slotId} of ${service.name}`);
      const removed = await store.deleteFreeSlot(tx, slotId, serviceId);
      if (!removed) {
        throw conflict(`Slot ${slotId} (${slotTime(slot)}) is booked by referral ${slot.referralId}; it cannot be withdrawn`, [{ path: 'slotId', message: `booked by ${slot.referralId}` }], 'slot_booked');
      }
      await recordChange(tx, actor, at, { type: 'slots.withdrawn', subjectType: 'service', subjectIds: [serviceId], payload: { slotId, start: slot.start.toISOString() } });
      return removed;
    });
  }

  /** One appointment slot by its id (the FHIR server's Slot read). */
  findSlot(id: string): Promise<Slot | undefined> {
    return store.findSlot(this.db, id);
  }

  /** 409 naming the slot (its id and time), with a fresh choice: the next free slots (decision 0033). */
  private async slotTaken(slot: Pick<Slot, 'id'> & { start: Date | null; end: Date | null }, serviceId: number, db: Executor = this.db) {
    const free = await store.listSlots(db, serviceId, { from: this.ctx.now(), status: 'free', limit: 5 });
    const time = slot.start && slot.end ? ` (${slotTime({ start: slot.start, end: slot.end })})` : '';
    return conflict(
      `Slot ${slot.id}${time} has already been taken; choose another`,
      [{ path: 'slotId', message: `${slot.id} taken` }, ...free.map((s, i) => ({ path: `alternatives.${i}`, message: `${s.id} ${s.start.toISOString()}–${s.end.toISOString()}` }))],
      'slot_taken',
    );
  }
}

function slotTime(slot: Pick<Slot, 'start' | 'end'>): string {
  return `${slot.start.toISOString()}–${slot.end.toISOString()}`;
}
