// Configuration is read only through loadConfig: the environment of the process is not consulted
// behind its back.
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignpost, type Signpost } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { testDatabase } from './fixture';

let signpost: Signpost | undefined;
afterEach(async () => {
  delete process.env.SIGNPOST_EXTERNAL_DELIVERY;
  await signpost?.close();
});

describe('configuration', () => {
  it('sends referrals externally as the config says, whatever the process environment holds', async () => {
    process.env.SIGNPOST_EXTERNAL_DELIVERY = 'on';
    const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-test'), SIGNPOST_LOG: 'silent' });
    signpost = await createSignpost({ database: await testDatabase(), config, backgroundJobs: false });
    expect(signpost.delivery.external).toBe(false);
  });
});
