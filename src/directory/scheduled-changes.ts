// Directory changes that take effect from a date (docs/decisions/0034): approved early, they wait as
// `scheduled` and are applied at that instant by whichever server process gets there first. Applying
// writes the same `service.updated` event as an immediate change, so every process's search index
// (and so FHIR, coverage and the rest) follows it through the event log as it follows any change.
import type { Actor } from '../platform/actor';
import { recordChange, type Platform } from '../platform/context';
import { inTransaction } from '../platform/database';
import { AppError } from '../platform/errors';
import type { StoredEvent } from '../platform/events';
import { logBackgroundFailure } from '../platform/log';
import { dateWords } from './diff';
import type { ServiceChange } from './model';
import { ZONE_NAME } from './opening-hours';
import type { DirectoryService } from './service';
import * as store from './store';
import { DateTime } from 'luxon';

/** Signpost applying scheduled changes on their date. */
const scheduler: Actor = { kind: 'system', id: 'signpost-scheduler', name: 'Signpost scheduler', organisationId: null, roles: [] };
/** However long until the next change is due, look again this often (a change scheduled by another process). */
const POLL_MS = 30_000;
const MIN_WAIT_MS = 50;
/** The longest a timer is set for (setTimeout's limit is about 24.8 days). */
const MAX_WAIT_MS = 2 ** 31 - 1;

export class ChangeScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly platform: Platform,
    private readonly directory: DirectoryService,
  ) {}

  private get db() {
    return this.platform.db;
  }

  /**
   * Applies every scheduled change whose date has come, earliest first, each in a transaction of its
   * own. A change is claimed by moving it from scheduled to approved inside that transaction (UPDATE …
   * WHERE status = 'scheduled' RETURNING), so with several processes on one database exactly one
   * applies it: the other's UPDATE waits on the row lock, then finds it no longer scheduled. A change
   * that can no longer apply (its sections changed since it was approved) lapses, saying why.
   */
  async applyDue(limit = 100): Promise<{ applied: string[]; lapsed: string[] }> {
    const now = this.platform.clock.now();
    const applied: string[] = [];
    const lapsed: string[] = [];
    for (const change of await store.dueScheduledChanges(this.db, now, limit)) {
      let plan: Awaited<ReturnType<DirectoryService['planScheduled']>>;
      try {
        // Checks and postcode lookups run before the transaction, as approval's do.
        plan = await this.directory.planScheduled(change);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (await this.lapse(change, `Not applied on ${whenText(change.effectiveFrom!)}: ${error.message}`, now)) lapsed.push(change.id);
        continue;
      }
      const done = await inTransaction(this.db, async (tx) => {
        if (!(await store.claimScheduledChange(tx, change.id, now))) return false; // another process applied it
        const service = await this.directory.writeScheduled(tx, scheduler, change, plan, now);
        await recordChange(tx, scheduler, now, {
          type: 'service.change_applied',
          subjectType: 'service_change',
          subjectIds: [change.id, service.id],
          payload: { serviceId: service.id, version: service.version, effectiveFrom: change.effectiveFrom },
        });
        return true;
      });
      if (done) applied.push(change.id);
    }
    return { applied, lapsed };
  }

  private lapse(change: ServiceChange, reason: string, at: Date): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      if (!(await store.lapseScheduledChange(tx, change.id, reason))) return false;
      await recordChange(tx, scheduler, at, {
        type: 'service.change_lapsed',
        subjectType: 'service_change',
        subjectIds: [change.id, ...(change.serviceId ? [change.serviceId] : [])],
        payload: { serviceId: change.serviceId, reason },
      });
      return true;
    });
  }

  /**
   * Runs `applyDue` at the moment the next scheduled change is due (and at least every 30 seconds,
   * for changes scheduled by another process whose event has not arrived). Follow the event log with
   * `follow` so a change scheduled anywhere sets the timer at once.
   */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  follow(event: StoredEvent): void {
    if (!this.stopped && event.type === 'service.change_scheduled') this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }

  /** Applies what is due now, then sleeps until the next change is due. One round at a time. */
  private kick(): void {
    this.running = this.running
      .then(async () => {
        if (this.stopped) return;
        await this.applyDue();
        const next = await store.nextScheduledAt(this.db);
        if (this.stopped) return;
        // (At least a moment: a change due but not applied this round is not retried in a busy loop.)
        const wait = next ? Math.min(POLL_MS, Math.max(MIN_WAIT_MS, next.getTime() - this.platform.clock.now().getTime())) : POLL_MS;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.kick(), Math.min(wait, MAX_WAIT_MS));
        this.timer.unref();
      })
      .catch((error) => {
        logBackgroundFailure(this.platform.log, this.platform.lifecycle, 'applying scheduled directory changes failed', error);
        if (!this.stopped) {
          this.timer = setTimeout(() => this.kick(), POLL_MS);
          this.timer.unref();
        }
      });
  }
}

/** "Tue 1 Dec 2026 00:00" in Europe/London. */
function whenText(at: Date): string {
  const local = DateTime.fromJSDate(at, { zone: ZONE_NAME });
  return `${dateWords(local.toISODate()!)} ${local.toFormat('HH:mm')}`;
}
