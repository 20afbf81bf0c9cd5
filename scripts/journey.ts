/**
 * The patient journey through the API, end to end: call → triage → search → referral → accepted →
 * onward referral to a hospital department → completed → post-event message to the GP.
 *
 * One definition, two callers: `npm run demo:journey` runs it against a running server with the demo
 * logins, and test/journey.test.ts runs it in-process on the test fixture (on both databases). It finds
 * what it needs through the API (the practice's ODS code, who may receive what), so it works on any
 * installation with suitable services and users.
 */

export type Login = 'callhandler' | 'provider' | 'acute' | 'practice';

export interface JourneyClient {
  request(login: Login, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export interface JourneyOptions {
  /** Where the patient is (default CT1 3NG, Canterbury). */
  postcode?: string;
  /** Printed as each step passes. */
  log?: (step: number, title: string, detail: string) => void;
}

export interface JourneyResult {
  caseId: string;
  referralIds: string[];
  postEventItemId: number;
  steps: { title: string; detail: string }[];
}

export class JourneyError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`${step}: ${message}`);
  }
}

/** The hospital department types tried for the onward referral, best first. */
const HOSPITAL_DEPARTMENT_TYPES = [140, 1070, 1071, 1072, 105];

export async function runJourney(client: JourneyClient, options: JourneyOptions = {}): Promise<JourneyResult> {
  const steps: { title: string; detail: string }[] = [];
  const pass = (title: string, detail: string) => {
    steps.push({ title, detail });
    options.log?.(steps.length, title, detail);
  };
  const call = async (step: string, login: Login, method: string, path: string, body?: unknown, expected: number[] = [200, 201]) => {
    const res = await client.request(login, method, path, body);
    if (!expected.includes(res.status)) throw new JourneyError(step, `${method} ${path} as ${login} → ${res.status} ${JSON.stringify(res.body?.error ?? res.body).slice(0, 500)}`);
    return res.body;
  };

  // Who is who: the organisations each login acts for, with those below them.
  const organisations = (await call('setup', 'callhandler', 'GET', '/api/organisations')).organisations as { id: string; parentId: string | null; odsCode: string | null; name: string }[];
  const scopeOf = (root: string) => {
    const ids = new Set([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const o of organisations) {
        if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
          ids.add(o.id);
          grew = true;
        }
      }
    }
    return ids;
  };
  const me = async (login: Login) => (await call('setup', login, 'GET', '/api/auth/me')).actor as { organisationId: string; name: string };
  const receivers = { provider: scopeOf((await me('provider')).organisationId), acute: scopeOf((await me('acute')).organisationId) };
  const practiceOrg = (await me('practice')).organisationId;
  const practiceServices = (await call('setup', 'callhandler', 'GET', `/api/directory/services?organisationId=${encodeURIComponent(practiceOrg)}&typeId=100&limit=5`)).services as { odsCode?: string }[];
  const odsCode = practiceServices.find((s) => s.odsCode)?.odsCode ?? organisations.find((o) => o.id === practiceOrg)?.odsCode;
  if (!odsCode) throw new JourneyError('setup', `the practice login's organisation ${practiceOrg} has no GP practice ODS code`);

  // 1. The call: a case for the patient, registered with the practice.
  const opened = await call('call', 'callhandler', 'POST', '/api/cases', {
    channel: 'phone',
    patient: { nhsNumber: '9476719931', nhsNumberStatus: '01', firstName: 'Jessica', lastName: 'Demo-Journey', dateOfBirth: '1985-04-12', sex: 'female', postcode: options.postcode ?? 'CT1 3NG', phone: '07700 900123', registeredPractice: odsCode },
    caller: { relationship: 'self' },
    presentingProblem: 'Short of breath since last night, with a temperature',
    flags: [{ category: 'additional-patient-information', text: 'Lives alone; her neighbour has a key' }],
  });
  const caseId = opened.case.id as string;
  pass('Call', `case ${caseId} opened; registered with ${odsCode}; repeat caller check: ${opened.case.repeatCaller.status}`);

  // 2. Triage: breathing problems → Dx05.
  let view = await call('triage', 'callhandler', 'POST', '/api/triage/sessions', { age: { value: 41, unit: 'years' }, sex: 'female', entry: { pathwayId: 'breathing-problems' } });
  const answers: Record<string, string | string[]> = { sentences: 'no', inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' };
  for (let i = 0; i < 40 && view.session.status === 'in-progress'; i++) {
    const q = view.question;
    const local = String(q.nodeId).split('/').pop()!;
    const value = answers[local] ?? (q.pathwayId === 'emergency' || q.kind === 'yes-no' ? 'no' : undefined);
    if (value === undefined) throw new JourneyError('triage', `no scripted answer for "${q.text}" (${q.nodeId})`);
    view = await call('triage', 'callhandler', 'POST', `/api/triage/sessions/${view.session.id}/answers`, { nodeId: q.nodeId, value });
  }
  if (!view.outcome) throw new JourneyError('triage', `the session did not finish (${view.session.status})`);
  const linked = await call('triage', 'callhandler', 'POST', `/api/cases/${caseId}/triage`, { sessionId: view.session.id });
  pass('Triage', `${linked.case.disposition.code} ${linked.case.disposition.title} (SG ${linked.case.disposition.symptomGroup}, SD ${linked.case.disposition.symptomDiscriminator})`);

  // 3. Search the directory from the case.
  const search = await call('search', 'callhandler', 'POST', `/api/cases/${caseId}/searches`, {});
  const results = search.results as { serviceId: number; name: string; organisationId: string | null }[];
  const index = results.findIndex((r) => r.organisationId && (receivers.provider.has(r.organisationId) || receivers.acute.has(r.organisationId)));
  if (index === -1) throw new JourneyError('search', `none of the ${results.length} results is run by the provider or acute logins' organisations: ${results.map((r) => r.name).join('; ')}`);
  const chosen = results[index];
  const firstReceiver: Login = receivers.provider.has(chosen.organisationId!) ? 'provider' : 'acute';
  pass('Search', `${results.length} services; chose #${index + 1} ${chosen.name}`);

  // 4. Referral, passing over any ranked above with a reason code.
  const referred = await call('referral', 'callhandler', 'POST', `/api/cases/${caseId}/referrals`, {
    serviceId: chosen.serviceId,
    searchId: search.searchId,
    passedOver: results.slice(0, index).map((r) => ({ serviceId: r.serviceId, reasonCode: '26' })),
  });
  const first = referred.referral;
  pass('Referral', `${first.id} to ${first.serviceName} (${first.status})${index ? `; passed over ${index} with reason 26 patient choice` : ''}`);

  // 5. The receiving service finds it in its inbox, sees the whole case, and accepts.
  const inbox = (await call('accept', firstReceiver, 'GET', '/api/inbox?kind=referral')).items as { id: number; referralId: string }[];
  if (!inbox.some((i) => i.referralId === first.id)) throw new JourneyError('accept', `referral ${first.id} is not in the ${firstReceiver} inbox`);
  const whole = await call('accept', firstReceiver, 'GET', `/api/cases/${caseId}`);
  await call('accept', firstReceiver, 'POST', `/api/referrals/${first.id}/accept`);
  pass('Accepted', `by ${firstReceiver}, who sees the whole case: ${whole.case.disposition.report.length} triage answers, no retelling`);

  // 6. Onward referral to a hospital department.
  let department: { id: number; name: string } | undefined;
  for (const typeId of HOSPITAL_DEPARTMENT_TYPES) {
    const listed = (await call('onward', 'callhandler', 'GET', `/api/directory/services?typeId=${typeId}&status=active&limit=200`)).services as { id: number; name: string; organisationId: string; referralRoles: string[] }[];
    department = listed.find((s) => receivers.acute.has(s.organisationId) && s.referralRoles.includes('provider') && s.id !== chosen.serviceId);
    if (department) break;
  }
  if (!department) throw new JourneyError('onward', 'no hospital department run by the acute login’s organisation takes referrals from providers');
  const onward = await call('onward', firstReceiver, 'POST', `/api/cases/${caseId}/referrals`, {
    serviceId: department.id,
    disposition: 'Dx03',
    summary: 'Oxygen saturation 93% on air; needs same-day hospital assessment',
  });
  pass('Onward referral', `${onward.referral.id} to ${department.name}; ${first.serviceName}'s referral completed (still case ${caseId})`);

  // 7. The hospital department accepts and completes: the episode ends.
  await call('complete', 'acute', 'POST', `/api/referrals/${onward.referral.id}/accept`);
  const completed = await call('complete', 'acute', 'POST', `/api/referrals/${onward.referral.id}/complete`, { outcome: 'Assessed in SDEC; discharged with antibiotics' });
  const after = await call('complete', 'callhandler', 'GET', `/api/cases/${caseId}`);
  if (after.case.status !== 'closed') throw new JourneyError('complete', `the case is still ${after.case.status}`);
  pass('Completed', `${completed.referral.serviceName}: ${completed.referral.outcome}; case closed`);

  // 8. The GP practice has the post-event message.
  let item: { id: number; caseId: string; summary: any } | undefined;
  for (let i = 0; i < 20 && !item; i++) {
    const items = (await call('post-event message', 'practice', 'GET', '/api/inbox?kind=post-event-message')).items as { id: number; caseId: string; summary: any }[];
    item = items.find((x) => x.caseId === caseId);
    if (!item) await new Promise((r) => setTimeout(r, 100));
  }
  if (!item) throw new JourneyError('post-event message', `no post-event message for ${caseId} in the practice inbox`);
  pass('Post-event message', `in ${odsCode}'s inbox: ${item.summary.disposition.code}, ${item.summary.assessment.length} answers, ${item.summary.referrals.length} referrals`);

  const timeline = (await call('timeline', 'callhandler', 'GET', `/api/cases/${caseId}/timeline`)).timeline as unknown[];
  pass('Timeline', `${timeline.length} events in one case`);
  return { caseId, referralIds: [first.id, onward.referral.id], postEventItemId: item.id, steps };
}
