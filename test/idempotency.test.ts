// Idempotency-Key in-process (the crash test is test/idempotency-crash.test.ts): a claim left behind
// by a request that died does not block the key for ever, and racing retries act once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const caseBody = (problem: string) => ({ channel: 'phone', patient: { firstName: 'Kim', lastName: 'Retry', dateOfBirth: '1980-02-02', sex: 'male', postcode: 'CT1 1AA' }, presentingProblem: problem });
const openCase = (key: string, problem: string) => t.request('POST', '/api/cases', { as: 'callhandler', body: caseBody(problem), headers: { 'idempotency-key': key } });
async function casesWith(problem: string): Promise<string[]> {
  const rows = await t.signpost.platform.db.selectFrom('cases').select('id').where('presenting_problem', '=', problem).execute();
  return rows.map((r) => r.id);
}

describe('Idempotency-Key', () => {
  it('is not stuck on "still being processed" behind a claim whose request died', async () => {
    // What a request killed mid-way used to leave: a claim without a reply, and none of its work.
    // (The same request under another key gives the actor and the request's hash.)
    await openCase('warm-up', 'warm-up');
    const db = t.signpost.platform.db;
    const { actor_id, request_hash } = await db.selectFrom('idempotency_keys').select(['actor_id', 'request_hash']).where('key', '=', 'warm-up').executeTakeFirstOrThrow();
    await db.insertInto('idempotency_keys').values({ actor_id, request_hash, key: 'dead-claim', method: 'POST', path: '/api/cases', created_at: new Date() }).execute();

    const retried = await openCase('dead-claim', 'warm-up');
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    const again = await openCase('dead-claim', 'warm-up');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.case.id).toBe(retried.body.case.id);
  });

  it('acts once when retries race: the others wait their turn or are told to retry, then get the first reply', async () => {
    const problem = 'Racing retries';
    const replies = await Promise.all([1, 2, 3].map(() => openCase('race-1', problem)));
    const made = await casesWith(problem);
    expect(made).toHaveLength(1);
    for (const reply of replies) {
      if (reply.status === 409) {
        // PostgreSQL: the first request still held the key.
        expect(reply.body.error.message).toMatch(/still being processed/);
        expect(reply.headers.get('retry-after')).toBe('1');
      } else {
        expect(reply.status).toBe(201);
        expect(reply.body.case.id).toBe(made[0]);
      }
    }
    const later = await openCase('race-1', problem);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body.case.id).toBe(made[0]);
  });
});
