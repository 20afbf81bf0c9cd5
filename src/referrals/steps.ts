// A referral's lifecycle after it is sent: the receiving service accepts, rejects, books, completes
// or marks did-not-attend; the referrer cancels. Each step is one transaction writing the referral,
// its event and its messages; completing the active referral ends the episode. Also reading a referral.
import type { Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import { recordChange } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { conflict, forbidden, notFound } from '../platform/errors';
import type { ReferralsContext } from './context';
import { allowedActions, isActive, transition, type ReferralAction } from './lifecycle';
import { INAPPROPRIATE_REASONS, REJECTION_REASONS } from './reasons';
import { externalEndpoint } from './messages';
import { pastTense, referralStepEvent } from './referral-events';
import type { BookInput, CancelInput, CompleteInput, DnaInput, Referral, RejectInput } from './model';
import type { AppointmentSlots } from './slots';
import * as store from './store';

type StepOptions = { outcome?: string | null; rejection?: Referral['rejection']; inappropriate?: RejectInput['inappropriate']; slotId?: string };

export class ReferralSteps {
  constructor(
    private readonly ctx: ReferralsContext,
    private readonly slots: AppointmentSlots,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  async get(actor: Actor, id: string, requestId?: string) {
    const referral = await store.findReferral(this.db, id);
    if (!referral) throw notFound(`Referral ${id}`);
    // The organisations it was sent to or from may read the referral itself, whatever its state (a
    // revoked one, to see why); the case behind it only as the case's own access rules allow.
    const own = (await this.ctx.scopes.sideOf(actor, referral)) !== null;
    if (!own) {
      await this.ctx.deps.cases.readable(actor, referral.caseId).catch(() => {
        throw notFound(`Referral ${id}`);
      });
    }
    await audit(this.db, actor, this.ctx.now(), { action: 'referral.read', subjectType: 'referral', subjectId: id, patientData: true, details: { caseId: referral.caseId }, requestId });
    return { referral, actions: allowedActions(referral.status) };
  }

  async ofCase(actor: Actor, caseId: string, requestId?: string) {
    await this.ctx.deps.cases.readable(actor, caseId);
    const referrals = await store.referralsOfCase(this.db, caseId);
    await audit(this.db, actor, this.ctx.now(), { action: 'case.referrals_read', subjectType: 'case', subjectId: caseId, patientData: true, requestId });
    return referrals;
  }

  accept(actor: Actor, id: string) {
    return this.act(actor, id, 'accept', {});
  }

  /** Rejects with a national reason code (its meaning when no words are given), optionally flagging the referral inappropriate. */
  reject(actor: Actor, id: string, { reasonCode, reason, inappropriate }: RejectInput) {
    return this.act(actor, id, 'reject', { rejection: { reasonCode, reason: reason ?? REJECTION_REASONS[reasonCode] }, inappropriate });
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
  private async act(actor: Actor, id: string, action: ReferralAction, opts: StepOptions) {
    const found = await store.findReferral(this.db, id);
    if (!found) throw notFound(`Referral ${id}`);
    const side = await this.ctx.scopes.sideOf(actor, found);
    const receiverActions: ReferralAction[] = ['accept', 'reject', 'complete', 'did-not-attend'];
    if (receiverActions.includes(action) && side !== 'receiver' && side !== 'admin') {
      throw side ? forbidden(`Only ${found.serviceName} may ${action} this referral`) : notFound(`Referral ${id}`);
    }
    if (action === 'cancel' && side !== 'front-door' && side !== 'referrer-org' && side !== 'admin') {
      throw side ? forbidden('Only the referrer may cancel a referral') : notFound(`Referral ${id}`);
    }
    if (action === 'book' && !side) throw notFound(`Referral ${id}`);
    if (opts.slotId) await this.slots.checkSlot(opts.slotId, found.serviceId);
    const { cases } = this.ctx.deps;
    const c = await cases.get(found.caseId);
    const sender = await this.ctx.scopes.organisationName(actor.organisationId);
    const tellReceiver = action === 'cancel' || (action === 'book' && side !== 'receiver');
    const noteFlags = tellReceiver ? await this.ctx.noteFlags(c) : [];
    // The referrer's inbox must make an end-of-life patient's answer impossible to miss.
    const endOfLife = await this.ctx.hasEndOfLifeNote(c);
    // Read before the transaction: on the embedded database a transaction must not wait on other queries.
    const service = tellReceiver ? await this.ctx.serviceFor(found) : null;
    const at = this.ctx.now();
    const messages: string[] = [];
    const after: (() => Promise<void>)[] = [];
    const { messages: send } = this.ctx;
    const referral = await inTransaction(this.db, async (tx) => {
      const r = await store.findReferral(tx, id, true);
      if (!r) throw notFound(`Referral ${id}`);
      const locked = await cases.lock(tx, r.caseId);
      if (opts.slotId) r.appointment = await this.slots.guardedTake(tx, r, action, opts.slotId);
      await this.move(tx, actor, at, r, action, opts);
      if (action === 'accept' || action === 'reject' || action === 'book' || action === 'complete' || action === 'did-not-attend') {
        messages.push(...(await send.respond(tx, at, locked!, r, sender, endOfLife)));
      }
      if (tellReceiver) {
        messages.push(...(await send.notifyReceiver(tx, at, locked!, r, 'referral-update', action === 'book' ? 'booking-request' : 'servicerequest-request', action === 'cancel' ? 'delete' : 'update', sender, noteFlags, false, service ? externalEndpoint(service) : null)));
      }
      if (action === 'complete' && locked?.status === 'open') {
        await cases.closeInTransaction(tx, actor, at, locked, `Referral to ${r.serviceName} completed`, (work) => after.push(work));
      }
      return r;
    });
    await send.deliver(messages);
    for (const work of after) await work();
    return { referral, actions: allowedActions(referral.status) };
  }

  /** Applies a transition to a locked referral and records it (409 when its state does not allow it). */
  async move(tx: Tx, actor: Actor, at: Date, r: Referral, action: ReferralAction, opts: Omit<StepOptions, 'slotId'>) {
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
    if (opts.inappropriate) {
      r.inappropriate = { code: opts.inappropriate.code, label: INAPPROPRIATE_REASONS[opts.inappropriate.code], note: opts.inappropriate.note ?? null, flaggedBy: actor.id, flaggedByName: actor.name, flaggedAt: at };
    }
    if (opts.outcome !== undefined && opts.outcome !== null) r.outcome = opts.outcome;
    if (!isActive(r.status)) {
      r.finishedAt = at;
      if (r.appointment && (r.status === 'cancelled' || r.status === 'revoked' || r.status === 'rejected')) await store.freeSlot(tx, r.appointment.slotId, r.id);
    }
    await store.saveReferral(tx, r);
    await recordChange(tx, actor, at, referralStepEvent(r, action, from, opts));
    if (opts.inappropriate && r.inappropriate) {
      // Its own event, so the feedback loop counts inappropriate referrals without reading rejections.
      await recordChange(tx, actor, at, {
        type: 'referral.flagged_inappropriate',
        subjectType: 'referral',
        subjectIds: [r.id, r.caseId, r.organisationId, r.serviceId],
        payload: { referralId: r.id, serviceId: r.serviceId, organisationId: r.organisationId, referredByOrg: r.referredByOrg, disposition: r.disposition, code: r.inappropriate.code, reason: r.inappropriate.label, note: r.inappropriate.note },
      });
    }
  }
}
