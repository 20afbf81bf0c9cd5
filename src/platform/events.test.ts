import { describe, expect, it, vi } from 'vitest';
import type { Database } from './database';
import { EventFollower } from './events';

describe('EventFollower', () => {
  it('reads nothing once stopped, even when notified on the way down', async () => {
    // The last gap events, flushed while the app stops, notify the follower while the database
    // is being closed: reading then failed with "driver has already been destroyed".
    let reads = 0;
    let notify: (payload: string) => void = () => {};
    const database = {
      db: {
        selectFrom: () => {
          reads++;
          throw new Error('driver has already been destroyed');
        },
      },
      listen: async (_channel: string, onPayload: (payload: string) => void) => {
        notify = onPayload;
        return async () => {};
      },
    } as unknown as Database;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const follower = new EventFollower(database);
    await follower.start(0);
    await follower.stop();
    notify('');
    await follower.catchUp();
    expect(reads).toBe(0);
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });
});
