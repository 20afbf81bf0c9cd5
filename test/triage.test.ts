import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ORIGIN, TEST_PASSWORD, testApp, type ApiReply, type ErrorReply, type TestApp, type TestUser } from './fixture';

let t: TestApp;
/** A second clinical governance lead (the fixture has one): reviewers must not be authors. */
let reviewerCookie = '';
let nationalId = '';

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  await t.signpost.identity.createUser(signpostItself, {
    username: 'governance2',
    displayName: 'Second governance lead',
    organisationId: 'icb',
    roles: ['clinical_governance'],
    password: TEST_PASSWORD,
  });
  const login = await t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ username: 'governance2', password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  reviewerCookie = login.headers.get('set-cookie')!.split(';')[0];
});
afterAll(async () => t?.close());

async function asReviewer(method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: ORIGIN, cookie: reviewerCookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await t.signpost.app.request(`${ORIGIN}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

const adult = { age: { value: 40, unit: 'years' }, sex: 'male' } as const;

async function start<T = ApiReply<'/api/triage/sessions', 'post'>>(body: Record<string, unknown>, as: TestUser = 'callhandler') {
  return t.request<T>('POST', '/api/triage/sessions', { as, body });
}

async function answer<T = View>(id: string, nodeId: string, value: unknown, as: TestUser = 'callhandler') {
  return t.request<T>('POST', `/api/triage/sessions/${id}/answers`, { as, body: { nodeId, value } });
}

/** A triage session as the API shows it. */
type View = ApiReply<'/api/triage/sessions/{id}/answers', 'post'>;

/** Answers the emergency questions "no"; returns the view at the first pathway question. */
async function passScreen(view: View): Promise<View> {
  let current = view;
  while (current.question?.pathwayId === 'emergency') {
    const res = await answer(current.session.id, current.question.nodeId, 'no');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    current = res.body;
  }
  return current;
}

/** Answers pathway questions by local id, in the order asked, until the session finishes. */
async function run(view: View, answers: Record<string, unknown>) {
  let current = await passScreen(view);
  while (current.session.status === 'in-progress') {
    const nodeId: string = current.question!.nodeId;
    const local = nodeId.split('/')[1];
    if (!(local in answers)) throw new Error(`no answer for ${nodeId}`);
    const res = await answer(current.session.id, nodeId, answers[local]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    current = res.body;
  }
  return current;
}

const BACK_PAIN_SELF_CARE = { 'nerve-signs': ['none'], 'start-of-pain': 'no-reason', fever: 'no', 'one-leg': 'no', history: 'no', immunity: 'no', pregnant: 'no', coping: 'managing', 'how-long': 'weeks' };

async function nationalFiles(id = nationalId): Promise<{ path: string; text: string }[]> {
  const res = await t.request<ApiReply<'/api/triage/content/versions/{id}/files'>>('GET', `/api/triage/content/versions/${id}/files`, { as: 'governance' });
  expect(res.status).toBe(200);
  return res.body.files;
}

function fileText(files: { path: string; text: string }[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path}`);
  return file.text;
}

describe('the shipped national pack', () => {
  it('is published at start, by Signpost itself', async () => {
    const res = await t.request<ApiReply<'/api/triage/content/versions'>>('GET', '/api/triage/content/versions', { as: 'governance' });
    expect(res.status).toBe(200);
    expect(res.body.versions).toHaveLength(1);
    const national = res.body.versions[0];
    expect(national).toMatchObject({ status: 'published', areaCode: null, overlayOf: null, author: 'signpost', publishedBy: 'signpost', packId: 'national' });
    expect(national.contentVersion).toMatch(/^national@2025\.1\.0\+[0-9a-f]{12}$/);
    expect(national.fileCount).toBeGreaterThan(25);
    nationalId = national.id;

    const detail = await t.request<ApiReply<'/api/triage/content/versions/{id}'>>('GET', `/api/triage/content/versions/${nationalId}`, { as: 'clinician' });
    expect(detail.status).toBe(200);
    expect(detail.body.tests.failed).toBe(0);
    expect(detail.body.tests.total).toBeGreaterThan(100);
    expect(detail.body.pathways).toBeGreaterThanOrEqual(25);
  });

  it('is not published twice when Signpost starts again', async () => {
    const again = await t.signpost.triage.ensureShippedPack();
    expect(again?.id).toBe(nationalId);
    const res = await t.request<ApiReply<'/api/triage/content/versions'>>('GET', '/api/triage/content/versions', { as: 'governance' });
    expect(res.body.versions).toHaveLength(1);
  });

  it('serves pathway search and care advice from the published content', async () => {
    const search = await t.request<ApiReply<'/api/triage/pathways'>>('GET', '/api/triage/pathways?q=my%20back%20hurts&ageYears=40&sex=male', { as: 'callhandler' });
    expect(search.status).toBe(200);
    expect(search.body.pathways[0]).toMatchObject({ pathwayId: 'back-pain', title: 'Back pain' });
    const pregnancy = await t.request<ApiReply<'/api/triage/pathways'>>('GET', '/api/triage/pathways?q=pregnant&ageYears=40&sex=male', { as: 'callhandler' });
    expect(pregnancy.body.pathways.map((p: any) => p.pathwayId)).not.toContain('pregnancy-problems');
    const all = await t.request<ApiReply<'/api/triage/pathways'>>('GET', '/api/triage/pathways?ageYears=3&sex=female', { as: 'clinician' });
    expect(all.body.pathways.map((p: any) => p.pathwayId)).toContain('fever-child');
    expect(all.body.pathways.map((p: any) => p.pathwayId)).not.toContain('back-pain');

    const advice = await t.request<ApiReply<'/api/triage/care-advice/{id}'>>('GET', '/api/triage/care-advice/ca-pain-relief', { as: 'callhandler' });
    expect(advice.status).toBe(200);
    expect(advice.body.careAdvice).toMatchObject({ id: 'ca-pain-relief' });
    expect((await t.request('GET', '/api/triage/care-advice/ca-nothing', { as: 'callhandler' })).status).toBe(404);
  });
});

describe('a triage session through the API', () => {
  it('starts from a search, answers, goes back, changes an answer and finishes with a report and a directory search', async () => {
    const started = await start({ ...adult, entry: { search: 'back pain' }, areaCode: 'ek-canterbury' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.session.id;
    expect(started.body.session).toMatchObject({ status: 'in-progress', pathwayId: 'back-pain', contentVersionId: nationalId, areaCode: 'ek-canterbury', canContinue: true });
    expect(started.body.question).toMatchObject({ nodeId: 'emergency/breathing', kind: 'yes-no', pathwayId: 'emergency' });
    expect(started.body.outcome).toBeNull();

    let view = await passScreen(started.body);
    expect(view.question).toMatchObject({ nodeId: 'back-pain/nerve-signs', kind: 'multiple' });
    await answer(id, 'back-pain/nerve-signs', ['none']);
    view = (await answer(id, 'back-pain/start-of-pain', 'strain')).body;
    expect(view.question!.nodeId).toBe('back-pain/fever');
    const answered = view.session.answers.length;

    const back = await t.request<ApiReply<'/api/triage/sessions/{id}/back', 'post'>>('POST', `/api/triage/sessions/${id}/back`, { as: 'callhandler' });
    expect(back.status).toBe(200);
    expect(back.body.question!.nodeId).toBe('back-pain/start-of-pain');
    expect(back.body.session.answers).toHaveLength(answered - 1);

    view = await run(back.body, { ...BACK_PAIN_SELF_CARE, 'how-long': 'longer' });
    expect(view.session.status).toBe('finished');
    expect(view.outcome).toMatchObject({ disposition: 'Dx10', outcomeNodeId: 'back-pain/long-standing' });

    const changed = await t.request<ApiReply<'/api/triage/sessions/{id}/answers/{nodeId}', 'put'>>('PUT', `/api/triage/sessions/${id}/answers/${encodeURIComponent('back-pain/how-long')}`, { as: 'clinician', body: { value: 'weeks' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const outcome = changed.body.outcome!;
    expect(changed.body.session.status).toBe('finished');
    expect(changed.body.question).toBeNull();
    expect(outcome).toMatchObject({ disposition: 'Dx39', symptomGroup: 11001, symptomDiscriminator: '14042', pathwayId: 'back-pain', contentVersion: started.body.session.contentVersion });
    expect(outcome.directorySearch).toEqual({
      disposition: 'Dx39',
      symptomGroup: 11001,
      symptomDiscriminators: ['14042'],
      age: { value: Math.ceil(40 * 365.25), unit: 'days' },
      sex: 'male',
    });
    expect(outcome.report.map((l: any) => l.nodeId)).toContain('back-pain/how-long');
    expect(outcome.report.find((l: any) => l.nodeId === 'back-pain/how-long')!.answer).toBe('Less than 6 weeks');
    expect(outcome.reasons.length).toBeGreaterThan(0);
    expect(outcome.reportText).toMatch(/Back pain/);
    expect(outcome.reportText).toContain(started.body.session.contentVersion);

    const again = await t.request<ApiReply<'/api/triage/sessions/{id}'>>('GET', `/api/triage/sessions/${id}`, { as: 'clinician' });
    expect(again.status).toBe(200);
    expect(again.body.outcome!.disposition).toBe('Dx39');
    expect(again.body.session.finishedAt).not.toBeNull();

    const events = await t.request<ApiReply<'/api/events'>>('GET', '/api/events?type=triage.finished&type=triage.session_started&type=triage.answer_changed&limit=1000', { as: 'admin' });
    const mine = events.body.events.filter((e: any) => e.subjectIds.includes(id));
    expect(mine.map((e: any) => e.type)).toEqual(['triage.session_started', 'triage.finished', 'triage.answer_changed', 'triage.finished']);
    expect(mine[3].payload).toMatchObject({ disposition: 'Dx39', contentVersionId: nationalId });
  });

  it('asks for a pathway after the emergency questions when started without one', async () => {
    const started = await start({ age: { value: 30, unit: 'years' }, sex: 'female' });
    expect(started.status).toBe(201);
    const view = await passScreen(started.body);
    expect(view.session.status).toBe('needs-pathway');
    expect(view.question).toBeNull();
    const early = await answer(view.session.id, 'back-pain/nerve-signs', ['none']);
    expect(early.status).toBe(409);
    const chosen = await t.request<ApiReply<'/api/triage/sessions/{id}/pathway', 'post'>>('POST', `/api/triage/sessions/${view.session.id}/pathway`, { as: 'callhandler', body: { pathwayId: 'cough' } });
    expect(chosen.status).toBe(200);
    expect(chosen.body.question!.nodeId).toBe('cough/sepsis-signs');
  });

  it('stops at once for an emergency', async () => {
    const started = await start({ ...adult, entry: { pathwayId: 'cough' } });
    const res = await answer(started.body.session.id, 'emergency/breathing', 'yes');
    expect(res.status).toBe(200);
    expect(res.body.session.status).toBe('finished');
    expect(res.body.outcome).toMatchObject({ disposition: 'Dx01010', pathwayId: 'emergency' });
    expect(res.body.outcome!.directorySearch.disposition).toBe('Dx01010');
  });
});

describe('bad input', () => {
  it('refuses an option the question does not have, naming it, and loses nothing', async () => {
    const started = await start({ ...adult, entry: { pathwayId: 'back-pain' } });
    const view = await passScreen(started.body);
    const id = view.session.id;
    const before = view.session.answers.length;
    const multiple = await answer<ErrorReply>(id, 'back-pain/nerve-signs', ['flying']);
    expect(multiple.status).toBe(400);
    expect(multiple.body.error.code).toBe('invalid_answer');
    expect(multiple.body.error.message).toContain('flying');
    expect(multiple.body.error.details[0].path).toBe('body.value');
    await answer(id, 'back-pain/nerve-signs', ['none']);
    const single = await answer<ErrorReply>(id, 'back-pain/start-of-pain', 'sideways');
    expect(single.status).toBe(400);
    expect(single.body.error.message).toContain('sideways');
    const after = await t.request<ApiReply<'/api/triage/sessions/{id}'>>('GET', `/api/triage/sessions/${id}`, { as: 'callhandler' });
    expect(after.body.session.answers).toHaveLength(before + 1);
    expect(after.body.question!.nodeId).toBe('back-pain/start-of-pain');
  });

  it('refuses a number out of range', async () => {
    const started = await start({ age: { value: 4, unit: 'years' }, sex: 'female', entry: { pathwayId: 'fever-child' } });
    let view = await passScreen(started.body);
    const id = view.session.id;
    await answer(id, 'fever-child/glass-rash', 'no');
    await answer(id, 'fever-child/floppy', 'no');
    view = (await answer(id, 'fever-child/red-signs', ['none'])).body;
    expect(view.question).toMatchObject({ nodeId: 'fever-child/temperature', kind: 'number', min: 34, max: 43 });
    const res = await answer<ErrorReply>(id, 'fever-child/temperature', 50);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('answer_out_of_range');
    expect(res.body.error.message).toMatch(/50 °C is out of range/);
    expect((await answer(id, 'fever-child/temperature', 38.5)).status).toBe(200);
  });

  it('asks how long as a duration in hours, days or weeks, and refuses one out of range', async () => {
    const started = await start({ ...adult, entry: { pathwayId: 'cough' } });
    let view = await passScreen(started.body);
    const id = view.session.id;
    await answer(id, 'cough/sepsis-signs', ['none']);
    await answer(id, 'cough/blood', 'no');
    await answer(id, 'cough/fever-breathless', 'no');
    await answer(id, 'cough/temperature', 'no');
    await answer(id, 'cough/worse', 'no');
    view = (await answer(id, 'cough/whoop', 'no')).body;
    expect(view.question).toMatchObject({ nodeId: 'cough/how-long', kind: 'duration', unit: 'hours', units: ['hours', 'days', 'weeks'] });
    const res = await answer<ErrorReply>(id, 'cough/how-long', '200 weeks');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('answer_out_of_range');
    const done = await answer(id, 'cough/how-long', 72);
    expect(done.status).toBe(200);
    expect(done.body.outcome).toMatchObject({ disposition: 'Dx39' });
    expect(done.body.outcome!.report.at(-1)).toMatchObject({ nodeId: 'cough/how-long', answer: '3 days' });
  });

  it('asks in the third person when someone answers for the patient, and refuses an unknown answerer', async () => {
    const other = await start({ ...adult, entry: { pathwayId: 'cough' }, answerer: 'other' });
    expect(other.status).toBe(201);
    expect(other.body.session.answerer).toBe('other');
    const view = await passScreen(other.body);
    expect(view.question!.nodeId).toBe('cough/sepsis-signs');
    expect(view.question!.text).toBe('Along with the cough, do they have any of these?');
    expect(view.question!.options!.map((o: { label: string }) => o.label)).toContain('Shivering that they cannot stop, or severe muscle pain');
    const self = await start({ ...adult, entry: { pathwayId: 'cough' } });
    expect(self.body.session.answerer).toBe('self');
    const bad = await start<ErrorReply>({ ...adult, answerer: 'neighbour' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.answerer');
  });

  it('refuses to answer a finished session, or a question not being asked', async () => {
    const started = await start({ ...adult, entry: { pathwayId: 'back-pain' } });
    const done = await run(started.body, BACK_PAIN_SELF_CARE);
    const res = await answer<ErrorReply>(done.session.id, 'back-pain/how-long', 'weeks');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('session_finished');

    const other = await start({ ...adult, entry: { pathwayId: 'back-pain' } });
    const wrong = await answer<ErrorReply>(other.body.session.id, 'back-pain/fever', 'no');
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('not_current_question');
    const unknown = await answer(other.body.session.id, 'back-pain/nowhere', 'no');
    expect(unknown.status).toBe(400);
  });

  it('refuses a pathway outside the patient’s age or sex with 409', async () => {
    const toddler = await start<ErrorReply>({ age: { value: 3, unit: 'years' }, sex: 'male', entry: { pathwayId: 'back-pain' } });
    expect(toddler.status).toBe(409);
    expect(toddler.body.error.code).toBe('pathway_not_applicable');
    expect(toddler.body.error.message).toMatch(/Back pain/);
    const man = await start({ ...adult, entry: { pathwayId: 'pregnancy-problems' } });
    expect(man.status).toBe(409);
    // No dead ends: the refusal names the pathways that do apply.
    const baby = await start<ErrorReply>({ age: { value: 4, unit: 'months' }, sex: 'female', entry: { pathwayId: 'abdominal-pain' } });
    expect(baby.status).toBe(409);
    expect(baby.body.error.choices).toContainEqual({ id: 'abdominal-pain-baby', title: expect.any(String) });
    expect(baby.body.error.message).toContain('abdominal-pain-baby');
    const later = await start({ age: { value: 18, unit: 'months' }, sex: 'female' });
    const view = await passScreen(later.body);
    const chosen = await t.request<ApiReply<'/api/triage/sessions/{id}/pathway', 'post'>>('POST', `/api/triage/sessions/${view.session.id}/pathway`, { as: 'callhandler', body: { pathwayId: 'back-pain' } });
    expect(chosen.status).toBe(409);
  });

  it('answers 404 for an unknown session and 400 for a malformed start', async () => {
    expect((await t.request('GET', '/api/triage/sessions/tsn_nope', { as: 'callhandler' })).status).toBe(404);
    expect((await answer('tsn_nope', 'emergency/breathing', 'no')).status).toBe(404);
    const noAge = await start<ErrorReply>({ sex: 'male' });
    expect(noAge.status).toBe(400);
    expect(noAge.body.error.details[0].path).toBe('body.age');
    const old = await start({ age: { value: 200, unit: 'years' }, sex: 'male' });
    expect(old.status).toBe(400);
    const noPathway = await start({ ...adult, entry: { pathwayId: 'no-such-pathway' } });
    expect(noPathway.status).toBe(400);
    const unknownArea = await start({ ...adult, areaCode: 'atlantis' });
    expect(unknownArea.status).toBe(400);
  });

  it('lets only call handlers, clinicians and admins run sessions', async () => {
    expect((await start(adult, 'commissioner')).status).toBe(403);
    expect((await start(adult, 'governance')).status).toBe(403);
    expect((await t.request('POST', '/api/triage/sessions', { body: adult })).status).toBe(401);
  });
});

describe('content governance', () => {
  let draftId = '';
  let openOnNational = '';

  it('refuses content that does not compile, naming file and line', async () => {
    const files = await nationalFiles();
    const broken = fileText(files, 'pathways/back-pain.yaml').replace('disposition: Dx39', 'disposition: Dx99999');
    const res = await t.request<ErrorReply>('POST', '/api/triage/content/versions', {
      as: 'governance',
      body: { label: 'Broken', basedOn: nationalId, files: [{ path: 'pathways/back-pain.yaml', text: broken }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('content_invalid');
    expect(res.body.error.details[0].path).toMatch(/^pathways\/back-pain\.yaml:\d+$/);
    expect(res.body.error.details[0].message).toMatch(/Dx99999/);
    expect((await t.request('POST', '/api/triage/content/versions', { as: 'callhandler', body: { label: 'x', basedOn: nationalId } })).status).toBe(403);
  });

  it('takes a draft with one changed outcome through review: the author cannot review it', async () => {
    const files = await nationalFiles();
    const backPain = fileText(files, 'pathways/back-pain.yaml');
    expect(backPain.match(/disposition: Dx39/g)).toHaveLength(1);
    const created = await t.request<ApiReply<'/api/triage/content/versions', 'post'>>('POST', '/api/triage/content/versions', {
      as: 'governance',
      body: {
        label: 'Recent back pain: GP within 24 hours',
        basedOn: nationalId,
        files: [
          { path: 'pathways/back-pain.yaml', text: backPain.replace('disposition: Dx39', 'disposition: Dx08') },
          { path: 'pack.yaml', text: fileText(files, 'pack.yaml').replace('version: 2025.1.0', 'version: 2025.2.0') },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    draftId = created.body.version.id;
    expect(created.body.version).toMatchObject({ status: 'draft', author: expect.any(String), areaCode: null });
    expect(created.body.version.contentVersion).toMatch(/^national@2025\.2\.0\+/);
    expect(created.body.tests.failed).toBe(0);

    // A session open on the national content before the change is published.
    const open = await start({ ...adult, entry: { pathwayId: 'back-pain' } });
    openOnNational = open.body.session.id;

    const submitted = await t.request<ApiReply<'/api/triage/content/versions/{id}/submit', 'post'>>('POST', `/api/triage/content/versions/${draftId}/submit`, { as: 'governance' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.version.status).toBe('in_review');
    const twice = await t.request<ErrorReply>('POST', `/api/triage/content/versions/${draftId}/submit`, { as: 'governance' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/in review/);

    const edit = await t.request<ApiReply<'/api/triage/content/versions/{id}/files', 'put'>>('PUT', `/api/triage/content/versions/${draftId}/files`, { as: 'governance', body: { files } });
    expect(edit.status).toBe(409);

    const own = await t.request<ApiReply<'/api/triage/content/versions/{id}/review', 'post'>>('POST', `/api/triage/content/versions/${draftId}/review`, { as: 'governance', body: { decision: 'approve' } });
    expect(own.status).toBe(403);
    const early = await t.request<ErrorReply>('POST', `/api/triage/content/versions/${draftId}/publish`, { as: 'governance' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/in review/);

    const approved = await asReviewer('POST', `/api/triage/content/versions/${draftId}/review`, { decision: 'approve', reason: 'Checked against the CKS guidance' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.version).toMatchObject({ status: 'approved', reviewer: expect.any(String), reviewReason: 'Checked against the CKS guidance' });
  });

  it('reports the replay impact: the changed outcome, more urgent, in back pain', async () => {
    const res = await t.request<ApiReply<'/api/triage/content/versions/{id}/impact'>>('GET', `/api/triage/content/versions/${draftId}/impact?corpus=1500`, { as: 'clinician' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.from.id).toBe(nationalId);
    expect(res.body.to.id).toBe(draftId);

    // Recorded sessions: the finished self-care sessions on back pain now go to a GP.
    const recorded = res.body.recorded;
    expect(recorded.sessions).toBeGreaterThan(0);
    expect(recorded.moreUrgent).toBeGreaterThan(0);
    expect(recorded.lessUrgent).toBe(0);
    const back = recorded.byPathway.find((p: any) => p.pathwayId === 'back-pain');
    expect(back!.moreUrgent).toBe(recorded.moreUrgent);
    expect(back!.examples[0]).toMatchObject({ direction: 'more-urgent', from: { disposition: 'Dx39' }, to: { disposition: 'Dx08' } });
    expect(recorded.byPathway.filter((p: any) => p.pathwayId !== 'back-pain').every((p: any) => p.changed === 0)).toBe(true);

    // The generated corpus rarely walks back pain's all-clear path (random answers hit a red flag
    // first), so it only has to agree: nothing else changes, and nothing becomes less urgent.
    const corpus = res.body.corpus;
    expect(corpus.sessions + corpus.skipped).toBe(1500);
    expect(corpus.seed).toBe(2025);
    expect(corpus.lessUrgent).toBe(0);
    expect(corpus.changed).toBe(corpus.moreUrgent);
    expect(corpus.byPathway.filter((p: any) => p.pathwayId !== 'back-pain').every((p: any) => p.changed === 0)).toBe(true);
  });

  it('publishes: the national version is superseded, new sessions run on the new one, open ones carry on', async () => {
    const published = await t.request<ApiReply<'/api/triage/content/versions/{id}/publish', 'post'>>('POST', `/api/triage/content/versions/${draftId}/publish`, { as: 'governance' });
    expect(published.status).toBe(200);
    expect(published.body.version).toMatchObject({ status: 'published', publishedBy: expect.any(String) });
    const old = await t.request<ApiReply<'/api/triage/content/versions/{id}'>>('GET', `/api/triage/content/versions/${nationalId}`, { as: 'governance' });
    expect(old.body.version.status).toBe('superseded');
    expect((await t.request('POST', `/api/triage/content/versions/${draftId}/publish`, { as: 'governance' })).status).toBe(409);

    const fresh = await start({ ...adult, entry: { search: 'back pain' } });
    expect(fresh.body.session.contentVersionId).toBe(draftId);
    const done = await run(fresh.body, BACK_PAIN_SELF_CARE);
    expect(done.outcome!.disposition).toBe('Dx08');

    const carriedOn = await run((await t.request<ApiReply<'/api/triage/sessions/{id}'>>('GET', `/api/triage/sessions/${openOnNational}`, { as: 'callhandler' })).body, BACK_PAIN_SELF_CARE);
    expect(carriedOn.session.contentVersionId).toBe(nationalId);
    expect(carriedOn.outcome!.disposition).toBe('Dx39');
  });

  it('blocks submitting a draft whose scenario tests fail, and lets a reviewer reject back to draft', async () => {
    const files = await nationalFiles(draftId);
    const backPain = fileText(files, 'pathways/back-pain.yaml');
    const strained = backPain.replace(/(id: strained-back\n\s+type: outcome\n\s+)disposition: Dx38/, '$1disposition: Dx10');
    expect(strained).not.toBe(backPain);
    const created = await t.request<ApiReply<'/api/triage/content/versions', 'post'>>('POST', '/api/triage/content/versions', {
      as: 'governance',
      body: { label: 'Strains to own GP', basedOn: draftId, files: [{ path: 'pathways/back-pain.yaml', text: strained }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.tests.failed).toBeGreaterThan(0);
    const id = created.body.version.id;
    const submit = await t.request<ErrorReply>('POST', `/api/triage/content/versions/${id}/submit`, { as: 'governance' });
    expect(submit.status).toBe(409);
    expect(submit.body.error.code).toBe('scenario_tests_failed');
    expect(submit.body.error.details[0].message).toMatch(/cricked back/);

    const tests = await t.request<ApiReply<'/api/triage/content/versions/{id}/tests'>>('GET', `/api/triage/content/versions/${id}/tests`, { as: 'governance' });
    expect(tests.body.summary.failed).toBeGreaterThan(0);
    expect(tests.body.results.find((r: any) => !r.passed)!.pathwayId).toBe('back-pain');

    // Fix the test expectation too, then a reviewer rejects it anyway.
    const fixed = strained.replace(/(cricked back from football does not send an ambulance[\s\S]*?expect: \{ disposition: )Dx38/, '$1Dx10');
    const other = await asReviewer('PUT', `/api/triage/content/versions/${id}/files`, { files: files.map((f) => (f.path === 'pathways/back-pain.yaml' ? { ...f, text: fixed } : f)) });
    expect(other.status).toBe(403);
    const edited = await t.request<ApiReply<'/api/triage/content/versions/{id}/files', 'put'>>('PUT', `/api/triage/content/versions/${id}/files`, {
      as: 'governance',
      body: { files: files.map((f) => (f.path === 'pathways/back-pain.yaml' ? { ...f, text: fixed } : f)) },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.tests.failed).toBe(0);
    expect((await t.request('POST', `/api/triage/content/versions/${id}/submit`, { as: 'governance' })).status).toBe(200);
    const noReason = await asReviewer('POST', `/api/triage/content/versions/${id}/review`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const rejected = await asReviewer('POST', `/api/triage/content/versions/${id}/review`, { decision: 'reject', reason: 'Strains should stay self-care' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.version).toMatchObject({ status: 'draft', reviewReason: 'Strains should stay self-care' });
    const withdrawn = await t.request<ApiReply<'/api/triage/content/versions/{id}/withdraw', 'post'>>('POST', `/api/triage/content/versions/${id}/withdraw`, { as: 'governance', body: { reason: 'Abandoned' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.version.status).toBe('withdrawn');
  });

  it('audits every governance step', async () => {
    const audit = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=triage_content_version&subjectId=${draftId}`, { as: 'admin' });
    expect(audit.status).toBe(200);
    const actions = audit.body.entries.map((e: any) => e.action).reverse();
    expect(actions).toEqual(['triage.content_created', 'triage.content_submitted', 'triage.content_approved', 'triage.content_published']);
    const national = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=triage_content_version&subjectId=${nationalId}`, { as: 'admin' });
    expect(national.body.entries.map((e: any) => e.action).reverse()).toEqual(['triage.content_published', 'triage.content_superseded']);
    const sessions = await t.request<ApiReply<'/api/audit'>>('GET', '/api/audit?subjectType=triage_session&limit=5', { as: 'admin' });
    expect(sessions.body.entries.length).toBe(5);
  });
});

describe('local variations', () => {
  let overlayId = '';
  let thanetSession = '';
  const PACK = `pack:
  id: ek-thanet
  title: Thanet local variation
  version: 1.0.0
  notice: DEMONSTRATION CONTENT — NOT FOR CLINICAL USE
  overlayOf: national
  area: ek-thanet
`;
  const PATCH = `pathwayPatch:
  pathway: back-pain
  nodes:
    - id: self-care
      type: outcome
      disposition: Dx10
      discriminator: '14042'
      careAdvice: [ca-back-pain-self-care, ca-worse-call-back]
      report: Recent back pain with no red flags; Thanet physiotherapy self-referral via your GP practice.
`;

  async function published(): Promise<string> {
    const res = await t.request<ApiReply<'/api/triage/content/versions'>>('GET', '/api/triage/content/versions?status=published&national=true', { as: 'governance' });
    return res.body.versions[0].id;
  }

  it('overlays the national pack for one area only', async () => {
    const base = await published();
    const wrongArea = await t.request<ErrorReply>('POST', '/api/triage/content/versions', {
      as: 'governance',
      body: { label: 'Thanet back pain', overlayOf: base, areaCode: 'ek-canterbury', files: [{ path: 'pack.yaml', text: PACK }, { path: 'back-pain.yaml', text: PATCH }] },
    });
    expect(wrongArea.status).toBe(400);
    expect(wrongArea.body.error.message).toMatch(/area: ek-thanet/);

    const created = await t.request<ApiReply<'/api/triage/content/versions', 'post'>>('POST', '/api/triage/content/versions', {
      as: 'governance',
      body: { label: 'Thanet back pain', overlayOf: base, areaCode: 'ek-thanet', files: [{ path: 'pack.yaml', text: PACK }, { path: 'back-pain.yaml', text: PATCH }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    overlayId = created.body.version.id;
    expect(created.body.version).toMatchObject({ overlayOf: base, areaCode: 'ek-thanet', packId: 'ek-thanet', fileCount: 2 });
    expect(created.body.base!.id).toBe(base);
    expect((await t.request('POST', `/api/triage/content/versions/${overlayId}/submit`, { as: 'governance' })).status).toBe(200);
    expect((await asReviewer('POST', `/api/triage/content/versions/${overlayId}/review`, { decision: 'approve' })).status).toBe(200);

    const impact = await t.request<ApiReply<'/api/triage/content/versions/{id}/impact'>>('GET', `/api/triage/content/versions/${overlayId}/impact?corpus=800`, { as: 'governance' });
    expect(impact.status).toBe(200);
    expect(impact.body.from.id).toBe(base);
    expect(impact.body.recorded.lessUrgent).toBeGreaterThan(0);
    expect(impact.body.recorded.moreUrgent).toBe(0);
    expect(impact.body.recorded.byPathway.find((p: any) => p.pathwayId === 'back-pain')!.examples[0]).toMatchObject({
      direction: 'less-urgent',
      from: { disposition: 'Dx08' },
      to: { disposition: 'Dx10' },
    });
    expect(impact.body.corpus.moreUrgent).toBe(0);

    // Recorded back-pain sessions become less urgent (GP within 24 hours → routine): the safety guard
    // refuses to publish until a third lead — neither author nor approver — signs it off with a reason.
    const refused = await t.request<ErrorReply>('POST', `/api/triage/content/versions/${overlayId}/publish`, { as: 'governance' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('safety_signoff_required');
    const signed = await t.request<ApiReply<'/api/triage/content/versions/{id}/safety-signoff', 'post'>>('POST', `/api/triage/content/versions/${overlayId}/safety-signoff`, { as: 'admin', body: { reason: 'Thanet physiotherapy self-referral sees recent back pain within days' } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect((await t.request('POST', `/api/triage/content/versions/${overlayId}/publish`, { as: 'governance' })).status).toBe(200);
    // The national version stays published alongside: one published version per area.
    expect(await published()).toBe(base);

    const thanet = await start({ ...adult, entry: { pathwayId: 'back-pain' }, areaCode: 'ek-thanet' });
    expect(thanet.body.session.contentVersionId).toBe(overlayId);
    expect((await run(thanet.body, BACK_PAIN_SELF_CARE)).outcome).toMatchObject({ disposition: 'Dx10' });
    const canterbury = await start({ ...adult, entry: { pathwayId: 'back-pain' }, areaCode: 'ek-canterbury' });
    expect(canterbury.body.session.contentVersionId).toBe(base);
    expect((await run(canterbury.body, BACK_PAIN_SELF_CARE)).outcome).toMatchObject({ disposition: 'Dx08' });
    const nowhere = await start({ ...adult, entry: { pathwayId: 'back-pain' } });
    expect(nowhere.body.session.contentVersionId).toBe(base);

    const open = await start({ ...adult, entry: { pathwayId: 'back-pain' }, areaCode: 'ek-thanet' });
    thanetSession = open.body.session.id;
  });

  it('withdrawing a version stops its open sessions with 409, keeps them readable, and the area falls back to national', async () => {
    const withdrawn = await t.request<ApiReply<'/api/triage/content/versions/{id}/withdraw', 'post'>>('POST', `/api/triage/content/versions/${overlayId}/withdraw`, { as: 'governance', body: { reason: 'Physiotherapy service closed' } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.version).toMatchObject({ status: 'withdrawn', withdrawReason: 'Physiotherapy service closed' });
    expect(withdrawn.body.openSessions).toBeGreaterThanOrEqual(1);

    const res = await answer<ErrorReply>(thanetSession, 'emergency/breathing', 'no');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('content_withdrawn');
    expect((await t.request('POST', `/api/triage/sessions/${thanetSession}/back`, { as: 'callhandler' })).status).toBe(409);
    const kept = await t.request<ApiReply<'/api/triage/sessions/{id}'>>('GET', `/api/triage/sessions/${thanetSession}`, { as: 'callhandler' });
    expect(kept.status).toBe(200);
    expect(kept.body.session).toMatchObject({ canContinue: false, contentStatus: 'withdrawn' });

    const again = await start({ ...adult, entry: { pathwayId: 'back-pain' }, areaCode: 'ek-thanet' });
    expect(again.body.session.contentVersionId).toBe(await published());
    expect((await t.request('POST', `/api/triage/content/versions/${overlayId}/withdraw`, { as: 'governance', body: { reason: 'again' } })).status).toBe(409);

    const audit = await t.request<ApiReply<'/api/audit'>>('GET', `/api/audit?subjectType=triage_content_version&subjectId=${overlayId}`, { as: 'admin' });
    expect(audit.body.entries.map((e: any) => e.action).reverse()).toEqual([
      'triage.content_created',
      'triage.content_submitted',
      'triage.content_approved',
      'triage.content_safety_signed_off',
      'triage.content_published',
      'triage.content_withdrawn',
    ]);
  });
});
