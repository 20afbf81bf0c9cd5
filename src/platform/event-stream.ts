import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { StoredEvent } from './events';

const HEARTBEAT_MS = 15_000;

export interface EventStreamOptions {
  /** Subscribes to live events; returns the unsubscribe function. */
  subscribe(listener: (event: StoredEvent) => void): () => void;
  /** Events after an id, for a client that reconnects with Last-Event-ID. */
  backlog(afterId: number): Promise<StoredEvent[]>;
  /** Which events this client may see. */
  accept?(event: StoredEvent): boolean;
  /** Sent first, as the `ready` event. */
  ready: unknown;
}

/**
 * Server-Sent Events from the event log: the backlog after Last-Event-ID (or `?after=`), then each
 * live event once, in id order, with a heartbeat every 15 s so proxies keep the connection open.
 */
export function streamEvents(c: Context, options: EventStreamOptions): Response {
  const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? NaN);
  const accept = options.accept ?? (() => true);
  const response = streamSSE(c, async (stream) => {
    const queue: StoredEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = options.subscribe((event) => {
      if (!accept(event)) return;
      queue.push(event);
      wake?.();
    });
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    let lastSent = 0;
    if (Number.isFinite(resumeFrom)) {
      for (const event of await options.backlog(resumeFrom)) if (accept(event)) queue.push(event);
      queue.sort((a, b) => a.id - b.id);
    }
    await stream.writeSSE({ event: 'ready', data: JSON.stringify(options.ready) });
    while (!stream.aborted) {
      while (queue.length) {
        const event = queue.shift()!;
        if (event.id <= lastSent) continue;
        lastSent = event.id;
        await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event.payload) });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, HEARTBEAT_MS).unref();
      });
      wake = null;
      if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'heartbeat', data: '{}' });
    }
    unsubscribe();
  });
  // streamSSE says no-cache (stored, revalidated); events may name patients, so nothing may store them.
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
