/**
 * The safety guard at publish (issue 15 item 4): a version that makes an emergency vignette or a
 * recorded session less urgent is refused until a second clinical governance reviewer — not the
 * author, not the approver — signs it off with a reason; a version that lowers nothing publishes as
 * before. The sign-off is stored, audited and shown in the impact report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ORIGIN, TEST_PASSWORD, testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
const cookies: Record<string, string> = {};
let nationalId = '';

async function addGovernanceLead(username: string): Promise<void> {
  await t.signpost.identity.createUser(signpostItself, { username, displayName: `Lead ${username}`, organisationId: 'icb', roles: ['clinical_governance'], password: TEST_PASSWORD });
  const login = await t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookies[username] = login.headers.get('set-cookie')!.split(';')[0];
}

/** A request as one of the extra governance leads (the fixture's own users go through t.request). */
async function as(username: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: ORIGIN, cookie: cookies[username] };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await t.signpost.app.request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function filesOf(id: string): Promise<{ path: string; text: string }[]> {
  const res = await t.request<ApiReply<'/api/triage/content/versions/{id}/files'>>('GET', `/api/triage/content/versions/${id}/files`, { as: 'governance' });
  expect(res.status).toBe(200);
  return res.body.files;
}

function textOf(files: { path: string; text: string }[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path}`);
  return file.text;
}

/** Drafts (as the fixture's governance lead), submits, and has `approver` approve; returns the id. */
async function approvedVersion(label: string, basedOn: string, version: string, replace: { path: string; edit: (text: string) => string }): Promise<string> {
  const files = await filesOf(basedOn);
  const edited = replace.edit(textOf(files, replace.path));
  expect(edited).not.toBe(textOf(files, replace.path));
  const created = await t.request<ApiReply<'/api/triage/content/versions', 'post'>>('POST', '/api/triage/content/versions', {
    as: 'governance',
    body: { label, basedOn, files: [{ path: replace.path, text: edited }, { path: 'pack.yaml', text: textOf(files, 'pack.yaml').replace(/version: [\d.]+/, `version: ${version}`) }] },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.version.id;
  expect((await t.request('POST', `/api/triage/content/versions/${id}/submit`, { as: 'governance' })).status).toBe(200);
  const approved = await as('approver', 'POST', `/api/triage/content/versions/${id}/review`, { decision: 'approve', reason: 'Reviewed' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}

/** Fever in a child: the NICE NG143 red features (mottled skin, stiff neck…) sent to primary care instead of 999. */
const lowerRedFeatures = (text: string) =>
  text
    .replace(/(id: red-features\n\s+type: outcome\n\s+disposition:) Dx011/, '$1 Dx05')
    .replace('expect: { disposition: Dx011, outcome: red-features }', 'expect: { disposition: Dx05, outcome: red-features }');

/** Back pain: the self-care all-clear made a GP appointment within 24 hours (more urgent, never less). */
const raiseBackPain = (text: string) => text.replace('disposition: Dx39', 'disposition: Dx08');

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  await addGovernanceLead('approver');
  await addGovernanceLead('second');
  const versions = await t.request<ApiReply<'/api/triage/content/versions'>>('GET', '/api/triage/content/versions?status=published', { as: 'governance' });
  nationalId = versions.body.versions[0].id;
});
afterAll(async () => t?.close());

describe('the safety guard at publish', () => {
  let loweringId = '';
  let mottledSession = '';

  it('refuses to publish a version that makes emergency vignettes and a recorded session less urgent, listing them', async () => {
    // A finished session on the published content: a toddler with a fever and mottled skin.
    const started = await t.request<ApiReply<'/api/triage/sessions', 'post'>>('POST', '/api/triage/sessions', { as: 'callhandler', body: { age: { value: 2, unit: 'years' }, sex: 'female', entry: { pathwayId: 'fever-child' } } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    let view = started.body;
    const answers: Record<string, unknown> = { 'glass-rash': 'no', floppy: 'no', 'red-signs': ['mottled'] };
    while (view.session.status === 'in-progress') {
      const nodeId: string = view.question!.nodeId;
      const value = nodeId.startsWith('emergency/') ? 'no' : answers[nodeId.split('/')[1]];
      view = (await t.request<ApiReply<'/api/triage/sessions/{id}/answers', 'post'>>('POST', `/api/triage/sessions/${view.session.id}/answers`, { as: 'callhandler', body: { nodeId, value } })).body;
    }
    expect(view.outcome?.disposition).toBe('Dx011');
    mottledSession = view.session.id;

    loweringId = await approvedVersion('Red features to primary care', nationalId, '2025.3.0', { path: 'pathways/fever-child.yaml', edit: lowerRedFeatures });
    const refused = await t.request<ErrorReply>('POST', `/api/triage/content/versions/${loweringId}/publish`, { as: 'governance' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('safety_signoff_required');
    expect(refused.body.error.message).toMatch(/second clinical governance reviewer/);
    const paths = refused.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['vignette:fever-child-mottled', 'vignette:fever-child-stiff-neck', `session:${mottledSession}`]));
    expect(refused.body.error.details.find((d: any) => d.path === 'vignette:fever-child-mottled')!.message).toMatch(/Dx011 \(emergency\) → Dx05 \(urgent\)/);

    const national = await t.request<ApiReply<'/api/triage/content/versions/{id}'>>('GET', `/api/triage/content/versions/${nationalId}`, { as: 'governance' });
    expect(national.body.version.status).toBe('published');
  });

  it('shows what got less urgent, and that no one has signed it off, in the impact report', async () => {
    const res = await t.request<ApiReply<'/api/triage/content/versions/{id}/impact'>>('GET', `/api/triage/content/versions/${loweringId}/impact?corpus=100`, { as: 'clinician' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.safety).toMatchObject({ versionId: loweringId, against: { id: nationalId }, signoffRequired: true, signedOff: false, signoffs: [] });
    expect(res.body.safety.findings!.vignettes.map((v: any) => v.id)).toContain('fever-child-mottled');
    expect(res.body.safety.findings?.sessionsLessUrgent).toBeGreaterThanOrEqual(1);
  });

  it('lets neither the author nor the approver sign it off, nor anyone outside clinical governance, nor without a reason', async () => {
    const path = `/api/triage/content/versions/${loweringId}/safety-signoff`;
    const author = await t.request<ErrorReply>('POST', path, { as: 'governance', body: { reason: 'I am sure' } });
    expect(author.status).toBe(403);
    expect(author.body.error.message).toMatch(/You wrote this version/);
    const approver = await as('approver', 'POST', path, { reason: 'I approved it' });
    expect(approver.status).toBe(403);
    expect(approver.body.error.message).toMatch(/You approved this version/);
    expect((await t.request('POST', path, { as: 'clinician', body: { reason: 'x' } })).status).toBe(403);
    const empty = await as('second', 'POST', path, { reason: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toMatch(/reason/);
  });

  it('publishes once a second reviewer has signed it off with a reason, which is stored, audited and shown', async () => {
    const reason = 'Demo: red features are now assessed by a clinician within 2 hours under the local pilot protocol';
    const signed = await as('second', 'POST', `/api/triage/content/versions/${loweringId}/safety-signoff`, { reason });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.signoff).toMatchObject({ versionId: loweringId, againstVersionId: nationalId, reason, signedByName: 'Lead second' });
    expect(signed.body.review).toMatchObject({ signoffRequired: true, signedOff: true });

    const impact = await t.request<ApiReply<'/api/triage/content/versions/{id}/impact'>>('GET', `/api/triage/content/versions/${loweringId}/impact?corpus=100`, { as: 'governance' });
    expect(impact.body.safety.signedOff).toBe(true);
    expect(impact.body.safety.signoffs.map((s: any) => s.reason)).toEqual([reason]);

    const published = await t.request<ApiReply<'/api/triage/content/versions/{id}/publish', 'post'>>('POST', `/api/triage/content/versions/${loweringId}/publish`, { as: 'governance' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.version.status).toBe('published');

    const audit = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=triage_content_version&subjectId=${loweringId}`, { as: 'admin' });
    const actions = audit.body.entries.map((e: any) => e.action).reverse();
    expect(actions).toEqual(['triage.content_created', 'triage.content_submitted', 'triage.content_approved', 'triage.content_safety_signed_off', 'triage.content_published']);
  });

  it('publishes a version that lowers nothing as before, and has nothing to sign off', async () => {
    const raisingId = await approvedVersion('Back pain all-clear to a GP', loweringId, '2025.4.0', { path: 'pathways/back-pain.yaml', edit: raiseBackPain });
    const impact = await t.request<ApiReply<'/api/triage/content/versions/{id}/impact'>>('GET', `/api/triage/content/versions/${raisingId}/impact?corpus=100`, { as: 'governance' });
    expect(impact.body.safety).toMatchObject({ against: { id: loweringId }, signoffRequired: false, signedOff: false });
    expect(impact.body.safety.findings).toMatchObject({ vignettes: [], sessionsLessUrgent: 0 });
    const needless = await as('second', 'POST', `/api/triage/content/versions/${raisingId}/safety-signoff`, { reason: 'Just in case' });
    expect(needless.status).toBe(409);
    expect(needless.body.error.code).toBe('no_signoff_needed');
    const published = await t.request<ApiReply<'/api/triage/content/versions/{id}/publish', 'post'>>('POST', `/api/triage/content/versions/${raisingId}/publish`, { as: 'governance' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  it('judges a roll-back too: going back to the national content publishes when no emergency vignette or recorded session gets less urgent', async () => {
    // The national version sends red features to 999 again (more urgent); back pain's all-clear is self-care again, but no emergency vignette or recorded session is lowered.
    const back = await t.request<ApiReply<'/api/triage/content/versions/{id}/publish', 'post'>>('POST', `/api/triage/content/versions/${nationalId}/publish`, { as: 'governance' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
  });
});
