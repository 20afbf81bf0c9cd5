import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPatient, auditOf, openCase, runTriage } from './case-helpers';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
});
afterAll(async () => t?.close());

describe('opening and reading a case', () => {
  it('opens a case with the patient, caller, problem and communication needs; checks the NHS number', async () => {
    const body = await openCase(t, aPatient({ nhsNumber: '947 671 9931', nhsNumberStatus: '01', registeredPractice: 'g82001' }), {
      caller: { relationship: 'parent', name: 'Jo Tester', phone: '07700 900001' },
      communicationNeeds: { language: 'Polish', interpreterRequired: true },
      flags: [{ category: 'scene-safety', text: 'Dog in the house' }],
    });
    expect(body.case).toMatchObject({
      status: 'open',
      channel: 'phone',
      patient: { nhsNumber: '9476719931', nhsNumberStatus: '01', registeredPractice: 'G82001', postcode: 'CT1 3NG' },
      caller: { relationship: 'parent' },
      communicationNeeds: { language: 'Polish', interpreterRequired: true },
      repeatCaller: { status: 'none', matches: [] },
    });
    expect(body.case.id).toMatch(/^case_/);

    const bad = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient({ nhsNumber: '9476719932' }), presentingProblem: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'body.patient.nhsNumber', message: expect.stringMatching(/check digit should be 1/) });
    const ten = await t.request('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient({ nhsNumber: '1000000010' }), presentingProblem: 'x' } });
    expect(ten.status).toBe(400);
    const verifiedWithout = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient({ nhsNumberStatus: '01' }), presentingProblem: 'x' } });
    expect(verifiedWithout.body.error.details[0].path).toBe('body.patient.nhsNumberStatus');
  });

  it('audits every read of a case as patient data, and keeps it from those with no business there', async () => {
    const { case: c } = await openCase(t);
    const read = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${c.id}`, { as: 'clinician' });
    expect(read.status).toBe(200);
    expect(read.body.case.id).toBe(c.id);
    await t.request('GET', `/api/cases/${c.id}/timeline`, { as: 'callhandler' });
    const entries = await auditOf(t, c.id);
    expect(entries.filter((e) => e.action === 'case.read' && e.patient_data)).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'case.timeline_read' && e.patient_data)).toHaveLength(1);

    expect((await t.request('GET', `/api/cases/${c.id}`, { as: 'commissioner' })).status).toBe(403);
    // Provider staff see a case only once it is referred to them; until then it does not exist for them.
    expect((await t.request('GET', `/api/cases/${c.id}`, { as: 'provider' })).status).toBe(404);
    expect((await t.request('POST', '/api/cases', { as: 'provider', body: { patient: aPatient(), presentingProblem: 'x' } })).status).toBe(403);

    const list = await t.request<ApiReply<'/api/cases'>>('GET', '/api/cases?status=open', { as: 'callhandler' });
    expect(list.body.cases.length).toBeGreaterThan(0);
  });

  it('builds a timeline from the event log: opening, triage, disposition, notes', async () => {
    const { case: c } = await openCase(t);
    const view = await runTriage(t, 'breathing-problems', { inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' });
    const linked = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.case.disposition).toMatchObject({ code: 'Dx05', source: 'triage', symptomGroup: 11000, symptomDiscriminator: '14013' });
    expect(linked.body.case.disposition?.report.length).toBeGreaterThan(0);
    expect(linked.body.queueEntry).toBeNull();
    const note = await t.request('POST', `/api/cases/${c.id}/notes`, { as: 'callhandler', body: { text: 'Patient’s daughter will drive' } });
    expect(note.status).toBe(201);

    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${c.id}/timeline`, { as: 'callhandler' })).body.timeline;
    const types = timeline.map((e) => e.type);
    expect(types[0]).toBe('case.opened');
    expect(types).toEqual(expect.arrayContaining(['triage.session_started', 'triage.answered', 'triage.finished', 'case.triage_linked', 'case.disposition_set', 'case.note_added']));
    expect(timeline.find((e) => e.type === 'case.note_added')?.details.text).toBe('Patient’s daughter will drive');
    expect(timeline.find((e) => e.type === 'triage.finished')?.kind).toBe('triage');
    // A session belongs to one case.
    const { case: other } = await openCase(t);
    expect((await t.request('POST', `/api/cases/${other.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } })).status).toBe(409);
  });
});

describe('repeat callers', () => {
  it('4 of 5 items in 96 hours is a repeat caller: earlier cases shown, flagged, and queued for a clinician', async () => {
    const patient = aPatient();
    const { case: first } = await openCase(t, patient);
    t.clock.advance(3 * 3600_000);
    const second = await openCase(t, { ...patient, postcode: 'ME1 1AA' });
    expect(second.case.repeatCaller.status).toBe('repeat');
    expect(second.case.repeatCaller.matches).toEqual([expect.objectContaining({ caseId: first.id, basis: 'demographics', score: 4 })]);
    expect(second.case.flags).toContainEqual(expect.objectContaining({ category: 'repeat-caller' }));
    expect(second.queueEntry).toMatchObject({ reasons: ['repeat-caller'], status: 'waiting', disposition: 'Dx35' });
  });

  it('exactly 3 of 5 is a possible repeat caller: confirmed it goes to the queue; the decision is made once', async () => {
    const patient = aPatient();
    await openCase(t, patient);
    const possible = await openCase(t, { ...patient, firstName: 'Someone', postcode: 'ME1 1AA' });
    expect(possible.case.repeatCaller.status).toBe('possible');
    expect(possible.queueEntry).toBeNull();
    const confirmed = await t.request<ApiReply<'/api/cases/{id}/repeat-caller', 'post'>>('POST', `/api/cases/${possible.case.id}/repeat-caller`, { as: 'callhandler', body: { decision: 'confirm' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.case.repeatCaller.status).toBe('confirmed');
    expect(confirmed.body.queueEntry).toMatchObject({ reasons: ['repeat-caller'], status: 'waiting' });
    const again = await t.request<ErrorReply>('POST', `/api/cases/${possible.case.id}/repeat-caller`, { as: 'callhandler', body: { decision: 'reject' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/"confirmed"/);

    const other = await openCase(t, { ...patient, lastName: 'Different', postcode: 'ME1 1AA' });
    expect(other.case.repeatCaller.status).toBe('possible');
    const ruledOut = await t.request<ApiReply<'/api/cases/{id}/repeat-caller', 'post'>>('POST', `/api/cases/${other.case.id}/repeat-caller`, { as: 'callhandler', body: { decision: 'reject' } });
    expect(ruledOut.body.case.repeatCaller.status).toBe('not-repeat');
    expect(ruledOut.body.queueEntry).toBeNull();
  });

  it('a verified NHS number matches on its own; after 96 hours nothing matches', async () => {
    await openCase(t, aPatient({ nhsNumber: '9912003888', nhsNumberStatus: '01' }));
    const same = await openCase(t, aPatient({ nhsNumber: '9912003888', nhsNumberStatus: '01' }));
    expect(same.case.repeatCaller).toMatchObject({ status: 'repeat', matches: [expect.objectContaining({ basis: 'nhs-number' })] });
    const patient = aPatient();
    await openCase(t, patient);
    t.clock.advance(97 * 3600_000);
    expect((await openCase(t, patient)).case.repeatCaller.status).toBe('none');
  });
});

describe('the clinical queue', () => {
  it('takes call-backs and validations, soonest due first, with warning and breach', async () => {
    const { case: ambulance } = await openCase(t);
    const asthma = await runTriage(t, 'breathing-problems', { inhaler: 'yes' });
    expect(asthma.outcome?.disposition).toBe('Dx012');
    const a = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${ambulance.id}/triage`, { as: 'callhandler', body: { sessionId: asthma.session.id } });
    expect(a.body.queueEntry).toMatchObject({ reasons: ['validation'], disposition: 'Dx333', validationOf: 'Dx012' });
    expect(a.body.case.disposition?.validation).toEqual({ by: 'Dx333', status: 'pending' });

    t.clock.advance(5 * 60_000);
    const { case: eye } = await openCase(t);
    const chemical = await runTriage(t, 'eye-problems', { chemical: 'yes' });
    const e = await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${eye.id}/triage`, { as: 'callhandler', body: { sessionId: chemical.session.id } });
    expect(e.body.queueEntry).toMatchObject({ reasons: ['callback'], disposition: 'Dx327' });

    // Validation due at +30 min; chemical splash (queued 5 min later) due at +5+20 = +25 min: it goes first.
    const queue = (await t.request<ApiReply<'/api/queue'>>('GET', '/api/queue', { as: 'clinician' })).body.entries;
    const ours = queue.filter((x: any) => [ambulance.id, eye.id].includes(x.caseId));
    expect(ours.map((x: any) => x.caseId)).toEqual([eye.id, ambulance.id]);
    const dues = queue.map((x: any) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect(ours[0]).toMatchObject({ level: 'ok', patient: { name: expect.any(String) } });

    t.clock.advance(12 * 60_000); // eye: 12 of 20 minutes used (60%); ambulance: 17 of 30 (57%)
    t.clock.advance(5 * 60_000); // eye: 17/20 = 85% → warning
    let now = (await t.request<ApiReply<'/api/queue'>>('GET', '/api/queue', { as: 'clinician' })).body.entries;
    expect(now.find((x: any) => x.caseId === eye.id)).toMatchObject({ level: 'warning', warning: true, breached: false });
    expect(now.find((x: any) => x.caseId === ambulance.id)).toMatchObject({ level: 'ok' });
    t.clock.advance(4 * 60_000);
    now = (await t.request<ApiReply<'/api/queue'>>('GET', '/api/queue', { as: 'clinician' })).body.entries;
    expect(now.find((x: any) => x.caseId === eye.id)).toMatchObject({ level: 'breached', breached: true });
    expect(now.find((x) => x.caseId === eye.id)?.minutesToDue).toBeLessThan(0);

    expect((await t.request('GET', '/api/queue', { as: 'callhandler' })).status).toBe(403);
    const audits = (await t.request<ApiReply<'/api/audit'>>('GET', '/api/audit?subjectType=queue', { as: 'admin' })).body.entries;
    expect(audits[0]).toMatchObject({ action: 'queue.read', patient_data: true });
  });

  it('claim, call attempts, release, and the clinician’s outcome (validation downgraded); wrong order → 409', async () => {
    const { case: c } = await openCase(t);
    const asthma = await runTriage(t, 'breathing-problems', { inhaler: 'yes' });
    const entry = (await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: asthma.session.id } })).body.queueEntry!;

    const early = await t.request<ErrorReply>('POST', `/api/queue/${entry.id}/attempts`, { as: 'clinician', body: { result: 'no-answer' } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/is waiting/);
    expect((await t.request<ApiReply<'/api/queue/{id}/claim', 'post'>>('POST', `/api/queue/${entry.id}/claim`, { as: 'clinician' })).body).toMatchObject({ status: 'claimed', claimedByName: 'Test clinician' });
    expect((await t.request('POST', `/api/queue/${entry.id}/claim`, { as: 'clinician' })).status).toBe(409);
    expect((await t.request<ApiReply<'/api/queue/{id}/attempts', 'post'>>('POST', `/api/queue/${entry.id}/attempts`, { as: 'clinician', body: { result: 'no-answer' } })).body.attempts).toHaveLength(1);
    expect((await t.request<ApiReply<'/api/queue/{id}/release', 'post'>>('POST', `/api/queue/${entry.id}/release`, { as: 'clinician' })).body.status).toBe('waiting');
    await t.request('POST', `/api/queue/${entry.id}/claim`, { as: 'clinician' });
    await t.request('POST', `/api/queue/${entry.id}/attempts`, { as: 'clinician', body: { result: 'answered', note: 'Spoke to patient' } });

    const bad = await t.request('POST', `/api/queue/${entry.id}/outcome`, { as: 'clinician', body: { kind: 'disposition', disposition: 'Dx999', summary: 'x' } });
    expect(bad.status).toBe(400);
    const done = await t.request<ApiReply<'/api/queue/{id}/outcome', 'post'>>('POST', `/api/queue/${entry.id}/outcome`, {
      as: 'clinician',
      body: { kind: 'disposition', disposition: 'Dx05', summary: 'Wheeze settled with inhaler; needs GP review within 2 hours' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.entry).toMatchObject({ status: 'done', outcome: { kind: 'disposition', disposition: 'Dx05', validation: 'downgraded' } });
    expect(done.body.case.disposition).toMatchObject({ code: 'Dx05', source: 'clinician', symptomGroup: 11000, summary: expect.stringMatching(/Wheeze/) });
    expect((await t.request('POST', `/api/queue/${entry.id}/outcome`, { as: 'clinician', body: { kind: 'disposition', disposition: 'Dx05', summary: 'again' } })).status).toBe(409);

    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${c.id}/timeline`, { as: 'clinician' })).body.timeline;
    const calls = timeline.filter((e: any) => e.kind === 'call');
    expect(calls.map((e: any) => e.details.result)).toEqual(['no-answer', 'answered']);
    expect(timeline.map((e: any) => e.type)).toContain('queue.outcome_recorded');
  });

  it('re-triage by the clinician: a new session’s outcome becomes the case’s, with no second validation', async () => {
    const { case: c } = await openCase(t);
    const first = await runTriage(t, 'eye-problems', { chemical: 'yes' });
    const entry = (await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: first.session.id } })).body.queueEntry!;
    await t.request('POST', `/api/queue/${entry.id}/claim`, { as: 'clinician' });
    const again = await runTriage(t, 'eye-problems', { chemical: 'no', sight: 'no', injury: 'nothing', painful: 'yes' }, 'clinician');
    expect(again.outcome?.disposition).toBe('Dx03');
    const done = await t.request<ApiReply<'/api/queue/{id}/outcome', 'post'>>('POST', `/api/queue/${entry.id}/outcome`, { as: 'clinician', body: { kind: 'retriage', triageSessionId: again.session.id } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.case.disposition).toMatchObject({ code: 'Dx03', source: 'clinician', validation: null });
    expect(done.body.case.triageSessionIds).toEqual([first.session.id, again.session.id]);
    const queue = (await t.request<ApiReply<'/api/queue'>>('GET', '/api/queue', { as: 'clinician' })).body.entries;
    expect(queue.some((x: any) => x.caseId === c.id)).toBe(false);
  });
});

describe('special patient notes', () => {
  it('are written by clinicians and provider staff, shown when a case opens, and every read is audited', async () => {
    const nhsNumber = '9000000009';
    const written = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'provider',
      body: { nhsNumber, category: 'end-of-life', title: 'Palliative care plan', text: 'Prefers to die at home; anticipatory medicines in the house; DNACPR in place.', reviewDate: '2027-02-01' },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    const old = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', {
      as: 'clinician',
      body: { nhsNumber, category: 'safeguarding', title: 'Safeguarding concern', text: 'Discuss with the duty social worker before any home visit.', reviewDate: '2026-01-01' },
    });
    expect(old.status).toBe(201);
    expect(old.body.reviewOverdue).toBe(true);
    expect((await t.request('POST', '/api/special-notes', { as: 'callhandler', body: { nhsNumber, category: 'end-of-life', title: 't', text: 'x', reviewDate: '2027-01-01' } })).status).toBe(403);

    const opened = await openCase(t, aPatient({ nhsNumber }));
    expect(opened.specialNotes.map((n: any) => n.category).sort()).toEqual(['end-of-life', 'safeguarding']);
    const reads = await auditOf(t, written.body.id);
    expect(reads.some((e) => e.action === 'special_note.read' && e.patient_data && e.details.caseId === opened.case.id)).toBe(true);

    const viewed = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${opened.case.id}`, { as: 'clinician' });
    expect(viewed.body.specialNotes).toHaveLength(2);
    const listed = await t.request<ApiReply<'/api/special-notes'>>('GET', `/api/special-notes?nhsNumber=${nhsNumber}`, { as: 'callhandler' });
    expect(listed.body.notes).toHaveLength(2);
    expect((await auditOf(t, written.body.id)).filter((e) => e.action === 'special_note.read').length).toBe(3);

    // Only the organisation that wrote it changes it; withdrawn, it is no longer shown.
    expect((await t.request('PATCH', `/api/special-notes/${written.body.id}`, { as: 'otherprovider', body: { reviewDate: '2027-06-01' } })).status).toBe(403);
    const patched = await t.request<ApiReply<'/api/special-notes/{id}', 'patch'>>('PATCH', `/api/special-notes/${written.body.id}`, { as: 'provider', body: { reviewDate: '2027-06-01' } });
    expect(patched.body).toMatchObject({ reviewDate: '2027-06-01', version: 2 });
    expect((await t.request<ApiReply<'/api/special-notes/{id}', 'delete'>>('DELETE', `/api/special-notes/${old.body.id}`, { as: 'clinician' })).body.status).toBe('withdrawn');
    expect((await t.request<ApiReply<'/api/special-notes'>>('GET', `/api/special-notes?nhsNumber=${nhsNumber}`, { as: 'clinician' })).body.notes).toHaveLength(1);
    expect((await t.request('GET', `/api/special-notes?nhsNumber=${nhsNumber}`, { as: 'commissioner' })).status).toBe(403);
  });
});

describe('closing a case', () => {
  it('ends the episode; a closed case refuses changes with 409', async () => {
    const { case: c } = await openCase(t);
    expect((await t.request('POST', `/api/cases/${c.id}/close`, { as: 'provider', body: { reason: 'x' } })).status).toBe(403);
    const closed = await t.request<ApiReply<'/api/cases/{id}/close', 'post'>>('POST', `/api/cases/${c.id}/close`, { as: 'callhandler', body: { reason: 'Self-care advice given' } });
    expect(closed.body.case).toMatchObject({ status: 'closed', closeReason: 'Self-care advice given' });
    const note = await t.request<ErrorReply>('POST', `/api/cases/${c.id}/notes`, { as: 'callhandler', body: { text: 'late' } });
    expect(note.status).toBe(409);
    expect(note.body.error.message).toMatch(/closed/);
  });
});
