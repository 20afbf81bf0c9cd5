/**
 * The delivery worker: takes messages from the outbox (written in the same transaction as the referral
 * or episode end that caused them) and delivers them.
 *
 * - In-app inbox: the inbox row is inserted (unique by message id) and the outbox row marked delivered
 *   in ONE transaction, so each message lands exactly once however often this runs or wherever it is
 *   killed.
 * - External endpoint (FHIR/HTTP): a claim with a lease (attempts counted at claim), the POST outside
 *   any transaction, then the result recorded under the same lease. A worker killed between POST and
 *   record loses its lease and another worker sends the same Bundle again with the same id: at least
 *   once, with a stable id for the receiver to de-duplicate. Failures back off exponentially; a
 *   permanent refusal or the last attempt marks the message failed (visible in the outbox view).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { outsideTransaction } from '../platform/transactions';
import { appendEvent, appendEvents, type EventFollower, type NewEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import { DEFAULT_RETRY, retryDelayMs, verdictOf, type RetryPolicy } from './backoff';
import type { Endpoint, OutboxMessage } from './model';
import * as store from './store';

export interface DeliveryTransport {
  send(endpoint: Endpoint, bundle: unknown, headers: Record<string, string>): Promise<{ status: number; body?: string }>;
}

/** POSTs the Bundle as application/fhir+json; the message id travels as the correlation id. */
export const fetchTransport: DeliveryTransport = {
  async send(endpoint, bundle, headers) {
    const response = await fetch(endpoint.address, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', ...headers },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.text().catch(() => '') };
  },
};

export interface DeliveryOptions {
  transport?: DeliveryTransport;
  /** Send to external endpoints at all (off: external messages are kept as "held"). */
  external: boolean;
  retry?: RetryPolicy;
  /** How long a claim on an external message lasts before another worker may take it over. */
  leaseMs?: number;
  batch?: number;
  pollMs?: number;
  /** At most this many external POSTs at once. */
  concurrency?: number;
}

const deliverer: Actor = { kind: 'system', id: 'signpost-delivery', name: 'Signpost delivery', organisationId: null, roles: [] };
const SSE_FIELDS = ['kind', 'referralId', 'caseId', 'serviceId', 'serviceName', 'status', 'onward', 'disposition', 'dueBy'] as const;
const WAKE_EVENTS = /^(referral\.(requested|accepted|rejected|booked|completed|did_not_attend|cancelled|revoked)|post_event\.sent)$/;

export class DeliveryWorker {
  readonly external: boolean;
  private readonly transport: DeliveryTransport;
  private readonly retry: RetryPolicy;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly platform: Platform,
    options: DeliveryOptions,
  ) {
    this.external = options.external;
    this.transport = options.transport ?? fetchTransport;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batch = options.batch ?? 50;
    this.concurrency = options.concurrency ?? 8;
  }

  /** New outbox messages start held when external delivery is off. */
  get externalStatus(): 'pending' | 'held' {
    return this.external ? 'pending' : 'held';
  }

  /**
   * Delivers pending in-app messages (those named, or any): each inbox row and its outbox row change
   * in one transaction; one `inbox.item_added` event per new item feeds the live streams.
   */
  async deliverInbox(messageIds?: string[]): Promise<number> {
    let total = 0;
    for (;;) {
      const at = this.platform.clock.now();
      const done = await inTransaction(this.platform.db, async (tx) => {
        const pending = await store.lockPendingInbox(tx, 200, messageIds);
        const events: NewEvent[] = [];
        for (const message of pending) {
          const item = await store.deliverToInbox(tx, message, at);
          if (item) {
            const envelope = Object.fromEntries(SSE_FIELDS.filter((k) => message.payload[k] !== undefined).map((k) => [k, message.payload[k]]));
            events.push({
              type: 'inbox.item_added',
              subjectType: 'inbox_item',
              subjectIds: [item.organisationId, String(item.id), ...(item.referralId ? [item.referralId] : []), ...(item.caseId ? [item.caseId] : [])],
              payload: { ...envelope, itemId: item.id, organisationId: item.organisationId, messageId: item.messageId },
            });
          }
        }
        await appendEvents(tx, deliverer, at, events);
        return pending.length;
      });
      total += done;
      if (done < 200 || messageIds) return total;
    }
  }

  /** Claims due external messages and sends them; returns how many were attempted. */
  async deliverExternal(): Promise<number> {
    if (!this.external || this.stopped) return 0;
    const now = this.platform.clock.now();
    const leaseId = randomUUID();
    const claimed = await inTransaction(this.platform.db, (tx) => store.claimDueEndpoints(tx, now, leaseId, new Date(now.getTime() + this.leaseMs), this.batch));
    const queue = [...claimed];
    const workers = Array.from({ length: Math.min(this.concurrency, queue.length) }, async () => {
      for (let message = queue.shift(); message; message = queue.shift()) await this.send(message, leaseId);
    });
    await Promise.all(workers);
    return claimed.length;
  }

  private async send(message: OutboxMessage, leaseId: string): Promise<void> {
    let verdict: 'delivered' | 'retry' | 'permanent';
    let error = '';
    try {
      const response = await this.transport.send(message.endpoint!, message.payload, {
        'x-request-id': randomUUID(),
        'x-correlation-id': message.messageId,
        'x-signpost-attempt': String(message.attempts),
      });
      verdict = verdictOf(response.status);
      error = `HTTP ${response.status}${response.body ? `: ${response.body.slice(0, 200)}` : ''}`;
    } catch (e) {
      verdict = 'retry';
      error = e instanceof Error ? e.message : String(e);
    }
    // A stopped worker stands for a killed process: it records nothing; its lease runs out.
    if (this.stopped) return;
    const at = this.platform.clock.now();
    await inTransaction(this.platform.db, async (tx) => {
      const subjects = [message.messageId, ...(message.referralId ? [message.referralId] : []), ...(message.caseId ? [message.caseId] : [])];
      if (verdict === 'delivered') {
        if (await store.markDelivered(tx, message.id, at, leaseId)) {
          await appendEvent(tx, deliverer, at, {
            type: 'referral.message_delivered',
            subjectType: 'outbox_message',
            subjectIds: subjects,
            payload: { messageId: message.messageId, kind: message.kind, destination: 'endpoint', attempts: message.attempts },
          });
        }
      } else if (verdict === 'permanent' || message.attempts >= this.retry.maxAttempts) {
        if (await store.markFailed(tx, message.id, leaseId, error)) {
          await appendEvent(tx, deliverer, at, {
            type: 'referral.delivery_failed',
            subjectType: 'outbox_message',
            subjectIds: subjects,
            payload: { messageId: message.messageId, kind: message.kind, attempts: message.attempts, error: error.slice(0, 300) },
          });
        }
      } else {
        await store.markRetry(tx, message.id, leaseId, new Date(at.getTime() + retryDelayMs(message.attempts, this.retry)), error);
      }
    });
  }

  /** One pass: every pending inbox message, then the external messages now due. */
  async runOnce(): Promise<{ inbox: number; external: number }> {
    const inbox = await this.deliverInbox();
    const external = await this.deliverExternal();
    return { inbox, external };
  }

  /** Runs a pass soon; passes never overlap (a kick during one runs another after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A pass is background work: started inside a request's transaction it must not join it (it would
    // send messages that request might still roll back), so it runs on its own, after that commit.
    this.running = outsideTransaction(async () => {
      try {
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again && !this.stopped);
      } catch (error) {
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'delivery failed', error);
      } finally {
        this.running = null;
      }
    });
  }

  /**
   * Polls (for retries that come due, leases that run out, and messages a process wrote but died before
   * delivering) and, when sending externally, wakes on new messages from any process. In-app messages
   * need no wake-up: the process that writes one delivers it straight after its commit.
   */
  async start(events: EventFollower, pollMs = 1000): Promise<void> {
    if (this.external) {
      await store.releaseHeld(this.platform.db, this.platform.clock.now());
      this.unsubscribe = events.subscribe((event) => {
        if (WAKE_EVENTS.test(event.type)) this.kick();
      });
    }
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops: no new passes, and results of sends in flight are not recorded (as if the process died). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Waits for the pass in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
