// Idempotency-Key: a retried write gets the first reply again instead of acting twice — also after
// the process handling the first attempt died. The stored reply commits in the same transaction as
// the work (every transaction the handler's services open joins it, src/platform/transactions.ts),
// so after a crash either both are there (the retry gets the reply) or neither is (the retry does the
// work, once). The key is claimed with a transaction-scoped advisory lock, which the database lets go
// when the transaction ends or its connection dies: a claim is only ever held by a live request.
// See docs/decisions/0012-idempotency-commits-with-the-work.md.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { Actor } from './actor';
import type { Clock } from './clock';
import type { IdempotencyTestPause } from './config';
import { inTransaction, sql, type Db, type Tx } from './database';
import { AppError, badRequest, unprocessable } from './errors';

export interface IdempotentRequest {
  c: Context;
  db: Db;
  clock: Clock;
  actor: Actor;
  key: string;
  /** Does the work and makes the reply; runs inside the transaction that stores the reply. */
  respond: () => Promise<Response>;
  /** Tests only (config `idempotencyTestPause`): wait at this point so a crash test can kill the process there. */
  testPause?: IdempotencyTestPause;
}

const KEY_PATH = 'headers.idempotency-key';

export async function runIdempotently({ c, db, clock, actor, key, respond, testPause }: IdempotentRequest): Promise<Response> {
  if (key.length > 200) throw badRequest('Idempotency-Key is longer than 200 characters', [{ path: KEY_PATH, message: 'too long' }]);
  const requestHash = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
    .digest('hex');
  type Outcome = { replay: { status: number; body: unknown }; response?: undefined } | { response: Response; replay?: undefined };
  const outcome = await inTransaction(db, async (tx): Promise<Outcome> => {
    if (!(await claim(tx, actor.id, key))) {
      c.header('Retry-After', '1');
      throw new AppError(409, 'conflict', 'The first request with this Idempotency-Key is still being processed: try again shortly');
    }
    const previous = await tx.selectFrom('idempotency_keys').selectAll().where('actor_id', '=', actor.id).where('key', '=', key).executeTakeFirst();
    if (previous && previous.request_hash !== requestHash) {
      throw unprocessable('This Idempotency-Key was used for a different request', [{ path: KEY_PATH, message: 'reused with a different request' }], 'idempotency_key_reused');
    }
    // A row without a reply is a claim written by an earlier version of Signpost, never with the work.
    if (previous && previous.status != null) return { replay: { status: previous.status, body: previous.response } };
    const response = await respond();
    const body = response.status === 204 ? null : await response.clone().json().catch(() => null);
    const record = { status: response.status, response: JSON.stringify(body), request_hash: requestHash };
    await tx
      .insertInto('idempotency_keys')
      .values({ actor_id: actor.id, key, method: c.req.method, path: c.req.path, created_at: clock.now(), ...record })
      .onConflict((oc) => oc.columns(['actor_id', 'key']).doUpdateSet(record))
      .execute();
    await pauseForTest(testPause, 'before-commit');
    return { response };
  });
  if (outcome.replay) {
    c.header('Idempotent-Replayed', 'true');
    const { status, body } = outcome.replay;
    return status === 204 ? c.body(null, 204) : c.json(body as object, status as 200);
  }
  await pauseForTest(testPause, 'after-commit');
  return outcome.response;
}

/**
 * Claims the key for this transaction, or answers false while another live transaction holds it.
 * (On PGlite there is one connection, so requests never overlap here and the claim always succeeds.)
 */
async function claim(tx: Tx, actorId: string, key: string): Promise<boolean> {
  const digest = createHash('sha256').update(`idempotency\n${actorId}\n${key}`).digest();
  const lockId = digest.readBigInt64BE(0).toString();
  const { rows } = await sql<{ claimed: boolean }>`select pg_try_advisory_xact_lock(${lockId}::bigint) as claimed`.execute(tx);
  return rows[0]?.claimed === true;
}

/**
 * Test-only: SIGNPOST_TEST_IDEMPOTENCY_PAUSE=<before-commit|after-commit>:<ms> makes every idempotent
 * request wait there (announcing it on stderr, where the crash test watches for it), so a test can
 * kill the process at that point. Unset in production, where it does nothing.
 */
async function pauseForTest(pause: IdempotencyTestPause | undefined, point: IdempotencyTestPause['point']): Promise<void> {
  if (pause?.point !== point) return;
  process.stderr.write(`[test-pause] idempotency ${point}\n`);
  await new Promise((resolve) => setTimeout(resolve, pause.ms));
}
