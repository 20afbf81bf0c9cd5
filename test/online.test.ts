import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

const SELF_CARE_ANSWERS: Record<string, unknown> = { 'nerve-signs': ['none'], 'start-of-pain': 'no-reason', fever: 'no', 'one-leg': 'no', history: 'no', coping: 'managing', 'how-long': 'weeks' };

/** A patient's own triage, with no sign-in, to a self-care outcome. */
async function selfCareSession() {
  const started = await t.request('POST', '/api/online/sessions', { body: { postcode: 'CT1 1AA', age: { value: 40, unit: 'years' }, sex: 'male', entry: { search: 'back pain' } } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  let view = started.body;
  while (view.session.status === 'in-progress') {
    const nodeId: string = view.question.nodeId;
    const value = view.question.pathwayId === 'emergency' ? 'no' : SELF_CARE_ANSWERS[nodeId.split('/')[1]];
    const res = await t.request('POST', `/api/online/sessions/${view.session.id}/answers`, { body: { nodeId, value } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    view = res.body;
  }
  return view;
}

describe('patient online triage', () => {
  it('puts a call-back request in the clinical queue even when the outcome was self-care', async () => {
    const view = await selfCareSession();
    expect(view.outcome.disposition).toBe('Dx39');
    const callback = await t.request('POST', `/api/online/sessions/${view.session.id}/callback`, {
      body: { postcode: 'CT1 1AA', firstName: 'Alex', lastName: 'Online', dateOfBirth: '1986-02-03', phone: '07700 900123', sex: 'male', problem: 'Back pain, still worried' },
    });
    expect(callback.status, JSON.stringify(callback.body)).toBe(201);
    expect(callback.body.queued).toBe(true);
    const queue = await t.request('GET', '/api/queue', { as: 'clinician' });
    const entry = queue.body.entries.find((e: { caseId: string }) => e.caseId === callback.body.caseId);
    expect(entry).toMatchObject({ disposition: 'Dx35', status: 'waiting' });
  });
});
