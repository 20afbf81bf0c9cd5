import { sql, type Selectable } from 'kysely';
import type { Tables } from '../tables';
import type { Actor } from './actor';
import type { Database, Executor } from './database';
import { logBackgroundFailure, type Lifecycle, type Log } from './log';

export const EVENTS_CHANNEL = 'signpost_events';

export interface NewEvent {
  type: string;
  subjectType: string;
  subjectIds: (string | number)[];
  payload?: Record<string, unknown>;
}

export interface StoredEvent {
  id: number;
  type: string;
  at: Date;
  actorId: string | null;
  actorKind: string;
  subjectType: string;
  subjectIds: string[];
  payload: Record<string, unknown>;
}

/**
 * Appends a domain event inside the caller's transaction. The advisory lock makes event ids commit in
 * order, so a follower that has seen id N never later finds an N-1 committed behind its back; the
 * NOTIFY is delivered by PostgreSQL only if the transaction commits.
 */
export async function appendEvent(tx: Executor, actor: Actor, at: Date, event: NewEvent): Promise<number> {
  const [id] = await appendEvents(tx, actor, at, [event]);
  return id;
}

/**
 * An event as appendEvents sends it. Events queued for a later batch are kept in this form: one flat
 * string each, instead of object graphs that outlive young-generation collections.
 */
export function serializeEvent(event: NewEvent): string {
  return JSON.stringify({ type: event.type, subjectType: event.subjectType, subjectIds: event.subjectIds.map(String), payload: event.payload ?? {} });
}

/**
 * Appends several events with one lock and one notification (e.g. a second's worth of search gaps).
 * The batch travels as one JSON parameter: building and escaping thousands of row parameters costs
 * the application far more than PostgreSQL unpacking one document. Events may come serialised already.
 */
export async function appendEvents(tx: Executor, actor: Actor, at: Date, events: (NewEvent | string)[]): Promise<number[]> {
  if (!events.length) return [];
  const result = await sql<{ id: number }>`${appendingEvents(actor, at, events)} select id from added, notified`.execute(tx);
  return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/**
 * The lock, the insert and the notification as the leading CTEs of one statement (`added` holds the
 * new ids): one round trip instead of three. Every transaction that appends events holds this lock
 * until it commits, so each round trip made after it is one that other writers wait for. The lock
 * is taken before the insert draws its first id: `added` reads from `locked`, so no row reaches the
 * insert (where ids are drawn) before the lock's one row exists.
 */
export function appendingEvents(actor: Actor, at: Date, events: (NewEvent | string)[]) {
  const batch = `[${events.map((event) => (typeof event === 'string' ? event : serializeEvent(event))).join(',')}]`;
  return sql`
    with locked as materialized (select pg_advisory_xact_lock(7011002)),
    added as (
      insert into events (type, at, actor_id, actor_kind, subject_type, subject_ids, payload)
      select e->>'type', ${at}, ${actor.id}, ${actor.kind}, e->>'subjectType',
        array(select jsonb_array_elements_text(e->'subjectIds')), e->'payload'
      from locked, jsonb_array_elements(${batch}::jsonb) with ordinality as b(e, n)
      order by n
      returning id),
    notified as (select pg_notify(${EVENTS_CHANNEL}, max(id)::text) from added)`;
}

/** An event with its own instant and actor, for writers of many past events (the demo's history). */
export interface DatedEvent {
  actor: Pick<Actor, 'id' | 'kind'>;
  at: Date;
  event: NewEvent;
}

/**
 * Appends events that happened at different instants, by different actors, in the order given, with
 * one lock and one notification — what appendEvent writes for each, in one statement.
 */
export async function appendDatedEvents(tx: Executor, events: DatedEvent[]): Promise<number[]> {
  if (!events.length) return [];
  await sql`select pg_advisory_xact_lock(7011002)`.execute(tx);
  const batch = JSON.stringify(
    events.map(({ actor, at, event }) => ({ type: event.type, at: at.toISOString(), actorId: actor.id, actorKind: actor.kind, subjectType: event.subjectType, subjectIds: event.subjectIds.map(String), payload: event.payload ?? {} })),
  );
  const result = await sql<{ id: number }>`
    insert into events (type, at, actor_id, actor_kind, subject_type, subject_ids, payload)
    select e->>'type', (e->>'at')::timestamptz, e->>'actorId', e->>'actorKind', e->>'subjectType',
      array(select jsonb_array_elements_text(e->'subjectIds')), e->'payload'
    from jsonb_array_elements(${batch}::jsonb) with ordinality as b(e, n)
    order by n
    returning id`.execute(tx);
  const ids = result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${String(ids[ids.length - 1])})`.execute(tx);
  return ids;
}

/**
 * Analytic events (search gaps and unmet need, thousands a minute at peak) change no state that other
 * processes keep in memory, so followers do not read them back.
 */
export const ANALYTIC_EVENT_TYPES = ['search.gaps', 'search.unmet_need'];

export async function readEventsAfter(
  db: Executor,
  afterId: number,
  limit = 1000,
  types?: string[],
  skipTypes?: string[],
  uptoId?: number,
): Promise<StoredEvent[]> {
  let query = db.selectFrom('events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit);
  if (uptoId !== undefined) query = query.where('id', '<=', uptoId);
  if (types?.length) query = query.where('type', 'in', types);
  if (skipTypes?.length) query = query.where('type', 'not in', skipTypes);
  return (await query.execute()).map(toStoredEvent);
}

export type EventRow = Selectable<Tables['events']>;

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    at: row.at,
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    subjectType: row.subject_type,
    subjectIds: row.subject_ids,
    payload: row.payload,
  };
}

export async function latestEventId(db: Executor): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

export type EventHandler = (event: StoredEvent) => void | Promise<void>;

/**
 * Follows the event log: wakes on NOTIFY, reads everything after the last id it handled, and also polls
 * now and then so a notification lost to a dropped connection only delays, never loses, an event.
 */
export class EventFollower {
  private lastId = 0;
  private handlers: EventHandler[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private unlisten: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly deps: { log: Log; lifecycle: Lifecycle },
    private readonly pollMs = 2000,
  ) {}

  subscribe(handler: EventHandler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  /** Starts following from the current end of the log (history is read by whoever needs it). */
  async start(fromId?: number): Promise<void> {
    this.stopped = false;
    this.lastId = fromId ?? (await latestEventId(this.database.db));
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, () => void this.catchUp());
    this.timer = setInterval(() => void this.catchUp(), this.pollMs);
    this.timer.unref();
  }

  get position(): number {
    return this.lastId;
  }

  /** Reads and dispatches every event after the last one handled; concurrent calls coalesce. */
  catchUp(): Promise<void> {
    // A notification can still arrive while stopping (say, for the last events written on the way
    // down); reading then would race the database being closed.
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            // Read up to the newest committed event (ids commit in order), skipping analytic events;
            // the position then moves to that newest id even if every event in between was skipped.
            const upto = await latestEventId(this.database.db);
            const batch = await readEventsAfter(this.database.db, this.lastId, 500, undefined, ANALYTIC_EVENT_TYPES, upto);
            for (const event of batch) {
              this.lastId = event.id;
              for (const handler of this.handlers) {
                try {
                  await handler(event);
                } catch (error) {
                  logBackgroundFailure(this.deps.log, this.deps.lifecycle, 'event handler failed', error, { eventId: event.id, eventType: event.type });
                }
              }
            }
            if (batch.length < 500) {
              this.lastId = Math.max(this.lastId, upto);
              break;
            }
          }
        } while (this.again);
      } catch (error) {
        // The database may be briefly unreachable; the next notification or poll tries again.
        logBackgroundFailure(this.deps.log, this.deps.lifecycle, 'event follower could not read events', error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.unlisten?.();
    this.unlisten = null;
  }
}
