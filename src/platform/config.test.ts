import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('sends to external endpoints only when SIGNPOST_EXTERNAL_DELIVERY=on, and refuses other words', () => {
    expect(loadConfig({}).externalDelivery).toBe(false);
    expect(loadConfig({ SIGNPOST_EXTERNAL_DELIVERY: 'off' }).externalDelivery).toBe(false);
    expect(loadConfig({ SIGNPOST_EXTERNAL_DELIVERY: 'on' }).externalDelivery).toBe(true);
    expect(() => loadConfig({ SIGNPOST_EXTERNAL_DELIVERY: 'yes' })).toThrow(/SIGNPOST_EXTERNAL_DELIVERY/);
  });

  it('reads the idempotency test pause as a point and a wait, and nothing when unset or empty', () => {
    expect(loadConfig({}).idempotencyTestPause).toBeUndefined();
    expect(loadConfig({ SIGNPOST_TEST_IDEMPOTENCY_PAUSE: '' }).idempotencyTestPause).toBeUndefined();
    expect(loadConfig({ SIGNPOST_TEST_IDEMPOTENCY_PAUSE: 'after-commit:1500' }).idempotencyTestPause).toEqual({ point: 'after-commit', ms: 1500 });
    expect(() => loadConfig({ SIGNPOST_TEST_IDEMPOTENCY_PAUSE: 'during:5' })).toThrow(/SIGNPOST_TEST_IDEMPOTENCY_PAUSE/);
  });

  it('logs at info unless SIGNPOST_LOG says otherwise', () => {
    expect(loadConfig({}).log).toBe('info');
    expect(loadConfig({ SIGNPOST_LOG: 'warn' }).log).toBe('warn');
  });
});
