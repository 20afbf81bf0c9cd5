// Organisations' inboxes (referrals, updates, responses, post-event messages), live inbox events for
// a stream, and the delivery outbox for the administrators who operate delivery. Every read is audited.
import { hasAnyRole, type Actor } from '../platform/actor';
import { audit } from '../platform/audit';
import { readEventsAfter, type StoredEvent } from '../platform/events';
import { badRequest, forbidden, notFound } from '../platform/errors';
import type { ReferralsContext } from './context';
import { DELIVERY_OPERATORS, type InboxQuery, type OutboxQuery } from './model';
import * as store from './store';

const INBOX_EVENTS = ['inbox.item_added'];

export class Inboxes {
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  constructor(private readonly ctx: ReferralsContext) {
    ctx.deps.events.subscribe((event) => {
      if (INBOX_EVENTS.includes(event.type)) for (const listener of this.listeners) listener(event);
    });
  }

  private get db() {
    return this.ctx.db;
  }

  /** An organisation's inbox (provider staff see their own organisation and those below it). Audited. */
  async inbox(actor: Actor, q: InboxQuery, requestId?: string) {
    const organisationIds = await this.inboxScope(actor, q.organisationId);
    const items = await store.listInbox(this.db, { organisationIds, kind: q.kind, unread: q.unread === 'true', after: q.after, limit: q.limit });
    await audit(this.db, actor, this.ctx.now(), { action: 'inbox.read', subjectType: 'inbox', subjectId: q.organisationId ?? actor.organisationId, patientData: true, details: { itemIds: items.map((i) => i.id) }, requestId });
    return items;
  }

  async markRead(actor: Actor, itemId: number) {
    const item = await store.findInboxItem(this.db, itemId);
    const scope = item ? await this.inboxScope(actor, item.organisationId).catch(() => []) : [];
    if (!item || !scope.includes(item.organisationId)) throw notFound(`Inbox item ${itemId}`);
    await store.markRead(this.db, itemId, actor.id, this.ctx.now());
    await audit(this.db, actor, this.ctx.now(), { action: 'inbox.item_read', subjectType: 'inbox_item', subjectId: itemId, patientData: true, details: { caseId: item.caseId } });
    return { ...item, readAt: item.readAt ?? this.ctx.now(), readBy: item.readBy ?? actor.id };
  }

  /** Which organisations' inboxes an actor may open: their own subtree; administrators name one. */
  async inboxScope(actor: Actor, organisationId?: string): Promise<string[]> {
    const { identity } = this.ctx.deps;
    if (hasAnyRole(actor, ['admin'])) {
      if (!organisationId) throw badRequest('Name the organisation whose inbox to open', [{ path: 'query.organisationId', message: 'required for administrators' }]);
      return identity.organisationScope(organisationId);
    }
    if (!actor.organisationId) throw forbidden('You belong to no organisation, so you have no inbox');
    const scope = await identity.organisationScope(actor.organisationId);
    if (!organisationId) return scope;
    if (!scope.includes(organisationId)) throw forbidden(`You may open only your own organisation's inbox, not that of ${organisationId}`);
    return identity.organisationScope(organisationId);
  }

  /** Live inbox events for a stream; returns the unsubscribe function. */
  onInbox(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    await audit(this.db, actor, this.ctx.now(), {
      action: 'delivery.outbox_read',
      subjectType: 'outbox',
      patientData: true,
      details: { query: q, messageIds: messages.map((m) => m.id), caseIds: [...new Set(messages.map((m) => m.caseId).filter(Boolean))] },
      requestId,
    });
    return messages;
  }
}
