import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixture';
import type { Database } from './database';
import { EventFollower } from './events';
import { createLogger, Lifecycle } from './log';

/** A database whose reads fail with the error given, and whose NOTIFY the test sends by hand. */
function failingDatabase(error: Error) {
  const state = { reads: 0, notify: (_payload: string) => {} };
  const database = {
    db: {
      selectFrom: () => {
        state.reads++;
        throw error;
      },
    },
    listen: async (_channel: string, onPayload: (payload: string) => void) => {
      state.notify = onPayload;
      return async () => {};
    },
  } as unknown as Database;
  return { database, state };
}

describe('EventFollower', () => {
  it('reads nothing once stopped, even when notified on the way down', async () => {
    // The last gap events, flushed while the app stops, notify the follower while the database
    // is being closed: reading then failed with "driver has already been destroyed".
    const { database, state } = failingDatabase(new Error('driver has already been destroyed'));
    const logs = captureLogs();
    const follower = new EventFollower(database, { log: createLogger({ log: 'debug' }, logs.destination), lifecycle: new Lifecycle() });
    await follower.start(0);
    await follower.stop();
    state.notify('');
    await follower.catchUp();
    expect(state.reads).toBe(0);
    expect(logs.text()).toBe('');
  });

  it('logs a failed read at error level, whatever its wording, unless Signpost is shutting down', async () => {
    // The follower used to drop any error whose text held "closed", and log every other one, even
    // while shutting down; now the state decides, not the wording.
    const logs = captureLogs();
    const log = createLogger({ log: 'debug' }, logs.destination);
    const errorLevel = () => logs.records().filter((line) => line.level === 'error');

    const running = new Lifecycle();
    const connectionClosed = failingDatabase(new Error('Connection closed by the server while reading "Ann Smith"'));
    await new EventFollower(connectionClosed.database, { log, lifecycle: running }).catchUp();
    expect(errorLevel()).toEqual([expect.objectContaining({ msg: 'event follower could not read events' })]);
    expect(logs.text()).not.toContain('Ann Smith');

    logs.clear();
    const stopping = new Lifecycle();
    stopping.beginShutdown();
    const terminated = failingDatabase(new Error('Connection terminated unexpectedly'));
    await new EventFollower(terminated.database, { log, lifecycle: stopping }).catchUp();
    expect(errorLevel()).toEqual([]);
    expect(logs.records()).toEqual([expect.objectContaining({ level: 'debug', msg: 'event follower could not read events', shuttingDown: true })]);
  });
});
