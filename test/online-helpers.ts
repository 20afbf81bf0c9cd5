import { expect } from 'vitest';
import type { ApiReply, TestApp } from './fixture';

/** Answers to the back-pain pathway that lead a 40-year-old to self-care. */
const SELF_CARE_ANSWERS: Record<string, unknown> = { 'nerve-signs': ['none'], 'start-of-pain': 'no-reason', fever: 'no', 'one-leg': 'no', history: 'no', immunity: 'no', pregnant: 'no', 'pregnancy-signs': 'no', coping: 'managing', 'how-long': 'weeks' };

/** A patient's own triage, with no sign-in, to a self-care outcome. */
export async function selfCareSession(t: TestApp) {
  const started = await t.request<ApiReply<'/api/online/sessions', 'post'>>('POST', '/api/online/sessions', { body: { postcode: 'CT1 1AA', age: { value: 40, unit: 'years' }, sex: 'male', entry: { search: 'back pain' } } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  let view: ApiReply<'/api/online/sessions/{id}/answers', 'post'> = started.body;
  while (view.session.status === 'in-progress') {
    const nodeId: string = view.question!.nodeId;
    const value = view.question!.pathwayId === 'emergency' ? 'no' : SELF_CARE_ANSWERS[nodeId.split('/')[1]];
    const res = await t.request<ApiReply<'/api/online/sessions/{id}/answers', 'post'>>('POST', `/api/online/sessions/${view.session.id}/answers`, { body: { nodeId, value } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    view = res.body;
  }
  return view;
}
