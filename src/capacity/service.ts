import type { Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { readEventsAfter, type EventFollower, type StoredEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import type { DirectoryService } from '../directory/service';
import type { IdentityService } from '../identity/service';
import { capacityEvent, effectiveCapacity, type CapacityRecord, type SetCapacity } from './model';
import * as store from './store';

export const CAPACITY_EVENTS = ['capacity.set', 'capacity.expired'];

/** Live RAG status: set by provider staff or systems, expiring to green, pushed to dashboards. */
export class CapacityService {
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<(event: StoredEvent) => void>();

  constructor(
    private readonly platform: Platform,
    private readonly deps: { directory: DirectoryService; identity: IdentityService; events: EventFollower },
  ) {
    // Every process hears every change (its own and others') through the event log.
    deps.events.subscribe((event) => {
      if (CAPACITY_EVENTS.includes(event.type)) for (const listener of this.listeners) listener(event);
    });
  }

  async set(actor: Actor, serviceId: number, data: SetCapacity): Promise<CapacityRecord> {
    const service = await this.deps.directory.get(serviceId);
    await this.assertMaySet(actor, service.organisationId, serviceId);
    const at = this.platform.clock.now();
    const record: CapacityRecord = {
      serviceId,
      status: data.status,
      reason: data.reason ?? null,
      setBy: actor.id,
      setByName: actor.name,
      setAt: at,
      resetAt: new Date(at.getTime() + data.resetAfterMinutes * 60_000),
    };
    await inTransaction(this.platform.db, async (tx) => {
      await store.upsertCapacity(tx, record, 'set');
      await recordChange(tx, actor, at, capacityEvent(record, service.name, 'set'));
    });
    return record;
  }

  /** Past changes into the history, in bulk inside the caller's transaction (the demo's history; the status now is left alone). */
  async recordHistory(tx: Tx, changes: { record: CapacityRecord; cause: 'set' | 'expired' }[]): Promise<void> {
    await store.insertHistory(tx, changes);
  }

  async get(serviceId: number) {
    await this.deps.directory.get(serviceId);
    const record = await store.findCapacity(this.platform.db, serviceId);
    return { serviceId, ...effectiveCapacity(record, this.platform.clock.now()) };
  }

  async history(serviceId: number, limit: number) {
    await this.deps.directory.get(serviceId);
    return store.listHistory(this.platform.db, serviceId, limit);
  }

  /** Every recorded status, as it stands now (expired ones reported green, with `expired`). */
  async current(serviceIds?: number[]) {
    const now = this.platform.clock.now();
    return (await store.listCapacity(this.platform.db, serviceIds)).map((record) => ({
      serviceId: record.serviceId,
      ...effectiveCapacity(record, now),
    }));
  }

  all(): Promise<CapacityRecord[]> {
    return store.listCapacity(this.platform.db);
  }

  /**
   * Writes green into records whose reset time has passed. Searches already treat them as green;
   * this keeps the record and the history true and tells dashboards.
   */
  async resetExpired(): Promise<number> {
    const now = this.platform.clock.now();
    return inTransaction(this.platform.db, async (tx) => {
      const expired = await store.lockExpired(tx, now);
      for (const record of expired) {
        const green: CapacityRecord = { ...record, status: 'green', reason: `${record.status} expired`, setBy: 'signpost', setByName: 'Signpost', setAt: now, resetAt: now };
        await store.upsertCapacity(tx, green, 'expired');
        await recordChange(
          tx,
          { kind: 'system', id: 'signpost', name: 'Signpost', organisationId: null, roles: [] },
          now,
          capacityEvent(green, null, 'expired', record.status),
        );
      }
      return expired.length;
    });
  }

  startExpiryJob(intervalMs = 30_000): void {
    this.timer = setInterval(() => {
      this.resetExpired().catch((error) => {
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'capacity reset failed', error);
      });
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Live capacity events for a stream; returns the unsubscribe function. */
  onChange(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Capacity events after an id, for a stream that reconnects with Last-Event-ID. */
  eventsAfter(id: number) {
    return readEventsAfter(this.platform.db, id, 500, CAPACITY_EVENTS);
  }

  private assertMaySet(actor: Actor, organisationId: string, serviceId: number): Promise<void> {
    return this.deps.identity.assertActsFor(
      actor,
      organisationId,
      ['dos_lead', 'admin'],
      `You may set capacity only for your own organisation's services; service ${serviceId} is not one of them`,
    );
  }
}
