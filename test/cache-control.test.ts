// Replies that carry patient data must not be kept by browsers or proxies: every /api reply says
// `Cache-Control: no-store` unless a route decides otherwise (decision 0013).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPatient, openCase } from './case-helpers';
import { testApp, type TestApp, type ApiReply } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('Cache-Control on API replies', () => {
  it('is no-store on a case read and a special-notes read', async () => {
    const nhsNumber = '9000000009';
    const note = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'clinician',
      body: { nhsNumber, category: 'safeguarding', title: 'Safeguarding concern', text: 'Discuss with the duty social worker first.', reviewDate: '2027-01-01' },
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.headers.get('cache-control')).toBe('no-store');
    const opened = await openCase(t, aPatient({ nhsNumber }));

    const caseRead = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${opened.case.id}`, { as: 'callhandler' });
    expect(caseRead.status).toBe(200);
    expect(caseRead.body.case.patient.lastName).toBeTruthy();
    expect(caseRead.headers.get('cache-control')).toBe('no-store');

    const notesRead = await t.request<ApiReply<'/api/special-notes'>>('GET', `/api/special-notes?nhsNumber=${nhsNumber}`, { as: 'clinician' });
    expect(notesRead.status).toBe(200);
    expect(notesRead.body.notes.length).toBeGreaterThan(0);
    expect(notesRead.headers.get('cache-control')).toBe('no-store');
  });

  it('is no-store on error replies and on the API as a whole', async () => {
    for (const [path, status] of [
      ['/api/cases/case_nope', 401],
      ['/api/no-such-route', 404],
      ['/api/health', 200],
    ] as const) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('is no-store on the live event streams', async () => {
    const cookie = await t.cookieFor('provider');
    const controller = new AbortController();
    const res = await t.signpost.app.request('http://signpost.test/api/inbox/stream', { headers: { cookie }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
  });
});
