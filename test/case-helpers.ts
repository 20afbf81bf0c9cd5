/** Helpers shared by the case, referral and journey tests. */
import { expect } from 'vitest';
import { signpostItself, type Role } from '../src/platform/actor';
import { ORIGIN, TEST_PASSWORD, type ApiReply, type TestApp, type TestUser } from './fixture';

let serial = 0;

/** A patient nobody else in the test file has, unless the details are given. */
export function aPatient(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    firstName: `Pat${String.fromCharCode(97 + (serial % 26))}${serial}`,
    lastName: `Tester${serial}`,
    dateOfBirth: `19${String(50 + (serial % 40)).padStart(2, '0')}-0${1 + (serial % 9)}-1${serial % 10}`,
    sex: serial % 2 ? 'female' : 'male',
    postcode: 'CT1 3NG',
    phone: '07700 900000',
    ...overrides,
  };
}

export async function openCase(t: TestApp, patient: Record<string, unknown> = aPatient(), extra: Record<string, unknown> = {}, as: TestUser = 'callhandler') {
  const res = await t.request<ApiReply<'/api/cases', 'post'>>('POST', '/api/cases', { as, body: { patient, presentingProblem: 'Feeling unwell', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/**
 * Runs a triage session to its outcome: emergency screen questions "no", pathway questions from the
 * answers given by local id (`inhaler`, not `breathing-problems/inhaler`).
 */
export async function runTriage(t: TestApp, pathwayId: string, answers: Record<string, unknown>, as: TestUser = 'callhandler', patient = { age: { value: 40, unit: 'years' }, sex: 'female' }) {
  const started = await t.request<ApiReply<'/api/triage/sessions', 'post'>>('POST', '/api/triage/sessions', { as, body: { ...patient, entry: { pathwayId } } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  let view: ApiReply<'/api/triage/sessions/{id}/answers', 'post'> = started.body;
  for (let i = 0; i < 60 && view.session.status === 'in-progress'; i++) {
    const q = view.question!;
    const local = String(q.nodeId).split('/').pop()!;
    const value = answers[local] ?? answers[q.nodeId] ?? (q.pathwayId === 'emergency' || q.kind === 'yes-no' ? 'no' : undefined);
    if (value === undefined) throw new Error(`no answer for ${q.nodeId} (${q.text})`);
    const res = await t.request<ApiReply<'/api/triage/sessions/{id}/answers', 'post'>>('POST', `/api/triage/sessions/${view.session.id}/answers`, { as, body: { nodeId: q.nodeId, value } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    view = res.body;
  }
  expect(view.session.status).toBe('finished');
  return view;
}

/** Creates a user beyond the fixture's (e.g. GP practice staff) and returns a request function for them. */
export async function extraUser(t: TestApp, username: string, organisationId: string, roles: Role[]) {
  await t.signpost.identity.createUser(signpostItself, { username, displayName: `Test ${username}`, organisationId, roles, password: TEST_PASSWORD });
  const login = await t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  return async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { origin: ORIGIN, cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await t.signpost.app.request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : null };
  };
}

/** Audit entries for a subject, newest first (read as the administrator). */
export async function auditOf(t: TestApp, subjectId: string) {
  const res = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectId=${encodeURIComponent(subjectId)}&limit=200`, { as: 'admin' });
  expect(res.status).toBe(200);
  return res.body.entries as { action: string; patient_data: boolean; actor_id: string; details: Record<string, unknown> }[];
}
