import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/platform/database';
import { testApp, type ApiReply, type TestApp } from './fixture';
import { selfCareSession } from './online-helpers';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('patient online triage', () => {
  it('records who needs help: questions read "they" for someone else, "you" by default', async () => {
    const body = { postcode: 'CT1 1AA', age: { value: 6, unit: 'years' }, sex: 'female', entry: { pathwayId: 'cough' } };
    const other = await t.request<ApiReply<'/api/online/sessions', 'post'>>('POST', '/api/online/sessions', { body: { ...body, answerer: 'other' } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.session.answerer).toBe('other');
    expect(other.body.question!.text).not.toMatch(/\byou\b/i);
    const self = await t.request<ApiReply<'/api/online/sessions', 'post'>>('POST', '/api/online/sessions', { body });
    expect(self.body.session.answerer).toBe('self');
    const bad = await t.request('POST', '/api/online/sessions', { body: { ...body, answerer: 'dog' } });
    expect(bad.status).toBe(400);
  });

  it('puts a call-back request in the clinical queue even when the outcome was self-care', async () => {
    const view = await selfCareSession(t);
    expect(view.outcome?.disposition).toBe('Dx39');
    const callback = await t.request<ApiReply<'/api/online/sessions/{id}/callback', 'post'>>('POST', `/api/online/sessions/${view.session.id}/callback`, {
      body: { postcode: 'CT1 1AA', firstName: 'Alex', lastName: 'Online', dateOfBirth: '1986-02-03', phone: '07700 900123', sex: 'male', problem: 'Back pain, still worried' },
    });
    expect(callback.status, JSON.stringify(callback.body)).toBe(201);
    expect(callback.body.queued).toBe(true);
    const queue = await t.request<ApiReply<'/api/queue'>>('GET', '/api/queue', { as: 'clinician' });
    const entry = queue.body.entries.find((e: { caseId: string }) => e.caseId === callback.body.caseId);
    expect(entry).toMatchObject({ disposition: 'Dx35', status: 'waiting' });
  });
});

// Call-backs are rate-limited to 5 an hour per client, and every request here comes from the same
// (socketless) client: this file makes exactly 5 through HTTP.
describe('asking for a call-back more than once', () => {
  const details = { postcode: 'CT1 1AA', firstName: 'Robin', lastName: 'Twice', dateOfBirth: '1979-05-06', phone: '07700 900456', sex: 'female', problem: 'Back pain, clicked twice' };
  const ask = (sessionId: string, body: Record<string, unknown> = details) => t.request<ApiReply<'/api/online/sessions/{id}/callback', 'post'>>('POST', `/api/online/sessions/${sessionId}/callback`, { body });

  /** Rows in every table a call-back request writes to. */
  async function rowCounts() {
    const counts: Record<string, number> = {};
    for (const table of ['cases', 'clinical_queue', 'online_callbacks', 'events']) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.signpost.platform.db);
      counts[table] = rows[0].n;
    }
    return counts;
  }

  async function expectOneCaseInTheQueue(sessionId: string, caseId: string) {
    const db = t.signpost.platform.db;
    const linked = await db.selectFrom('cases').select('id').where(sql<boolean>`${sessionId} = any(triage_session_ids)`).execute();
    expect(linked.map((c) => c.id)).toEqual([caseId]);
    const queued = await db.selectFrom('clinical_queue').select('id').where('case_id', '=', caseId).execute();
    expect(queued).toHaveLength(1);
  }

  it('opens one case and one queue entry when the same request comes twice; the repeat gets the first reply', async () => {
    const view = await selfCareSession(t);
    const first = await ask(view.session.id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await rowCounts();

    const again = await ask(view.session.id);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ ...first.body, alreadyRequested: true });
    expect(await rowCounts()).toEqual(before);
    await expectOneCaseInTheQueue(view.session.id, first.body.caseId);

    // Other details for the same session are refused, not silently dropped: the case has the first ones.
    await expect(t.signpost.online.requestCallback(view.session.id, { ...details, phone: '07700 900999' } as never)).rejects.toMatchObject({ status: 409, code: 'callback_already_requested' });
    expect(await rowCounts()).toEqual(before);
  });

  it('opens one case and one queue entry when the two requests race', async () => {
    const view = await selfCareSession(t);
    const before = await rowCounts();
    const replies = await Promise.all([ask(view.session.id), ask(view.session.id)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 201]);
    const [created, repeated] = replies[0].status === 201 ? replies : [replies[1], replies[0]];
    expect(repeated.body).toEqual({ ...created.body, alreadyRequested: true });
    await expectOneCaseInTheQueue(view.session.id, created.body.caseId);
    const after = await rowCounts();
    expect(after.cases - before.cases).toBe(1);
    expect(after.clinical_queue - before.clinical_queue).toBe(1);
    expect(after.online_callbacks - before.online_callbacks).toBe(1);
  });
});
