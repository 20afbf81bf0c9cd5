// A Signpost server for crash tests (test/idempotency-crash.test.ts): the real app on the database
// the environment names (DATABASE_URL, or a PGlite folder under SIGNPOST_DATA_DIR), with one call
// handler account, listening on a free port that it prints as "READY <port>". The test kills it with
// SIGKILL and starts it again on the same database.
import { serve } from '@hono/node-server';
import { createSignpost } from '../src/app';
import { signpostItself } from '../src/platform/actor';
import { loadConfig } from '../src/platform/config';
import { openDatabase } from '../src/platform/database';
import { createLogger } from '../src/platform/log';

// The test signs in with these (test/idempotency-crash.test.ts).
const CRASH_USER = { username: 'crashtest', password: 'crash test password' };

const config = loadConfig();
const log = createLogger(config);
const signpost = await createSignpost({ database: await openDatabase(config, log), config, log, backgroundJobs: false });
if ((await signpost.identity.countUsers()) === 0) {
  await signpost.identity.createOrganisation(signpostItself, { id: 'ic24', name: 'IC24 (111 and out of hours)', kind: 'provider' });
  await signpost.identity.createUser(signpostItself, { ...CRASH_USER, displayName: 'Crash test', organisationId: 'ic24', roles: ['call_handler'] });
}
serve({ fetch: signpost.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`READY ${info.port}\n`));
