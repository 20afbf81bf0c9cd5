// Receiving services in a real browser (issue 16, item 4): a service rejects a referral with a coded
// reason and flags it inappropriate, and 111 sees an end-of-life patient's rejection first; a hospital
// publishes appointment slots and a call handler books one while referring; an out-of-hours GP refers
// a patient onward straight to a hospital department. Each case is set up through the API (as 111
// would have made it); what people do is done through the screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type APIRequestContext, type APIResponse, type Page } from 'playwright-core';
import { newPage, PASSWORD, shot, signIn, startHarness, type Harness } from './harness';

let h: Harness;
const apis: APIRequestContext[] = [];

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  for (const api of apis) await api.dispose().catch(() => undefined);
  await h?.stop();
});

/** The API as a demo user (a session of its own, beside the browser's). */
async function apiAs(username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: h.base, extraHTTPHeaders: { origin: h.base } });
  apis.push(api);
  const login = await api.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return api;
}

async function json<T>(reply: Promise<APIResponse>, status = 200): Promise<T> {
  const r = await reply;
  const text = await r.text();
  expect(r.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

/** A 111 case for the patient, triaged (limb injury: can bear weight, swollen) and linked to the case. */
async function triagedCase(api: APIRequestContext, patient: { firstName: string; lastName: string; nhsNumber?: string }): Promise<string> {
  const opened = await json<{ case: { id: string } }>(
    api.post('/api/cases', { data: { patient: { ...patient, dateOfBirth: '1941-03-02', sex: 'female', postcode: 'CT1 3NG', phone: '07700 900111' }, presentingProblem: 'Fell and hurt her wrist' } }),
    201,
  );
  const answers: Record<string, string> = { deformed: 'no', circulation: 'no', weight: 'yes', swelling: 'yes' };
  type View = { session: { id: string; status: string }; question: { nodeId: string; pathwayId: string; kind: string } | null };
  let view = await json<View>(api.post('/api/triage/sessions', { data: { age: { dateOfBirth: '1941-03-02' }, sex: 'female', entry: { pathwayId: 'limb-injury' } } }), 201);
  for (let i = 0; i < 60 && view.session.status === 'in-progress'; i++) {
    const q = view.question!;
    const value = answers[q.nodeId.split('/').pop()!] ?? (q.pathwayId === 'emergency' || q.kind === 'yes-no' ? 'no' : undefined);
    if (value === undefined) throw new Error(`No answer for ${q.nodeId}`);
    view = await json<View>(api.post(`/api/triage/sessions/${view.session.id}/answers`, { data: { nodeId: q.nodeId, value } }));
  }
  expect(view.session.status).toBe('finished');
  await json(api.post(`/api/cases/${opened.case.id}/triage`, { data: { sessionId: view.session.id } }));
  return opened.case.id;
}

async function serviceNamed(api: APIRequestContext, q: string, organisationPrefix: string): Promise<{ id: number; name: string }> {
  const { services } = await json<{ services: { id: number; name: string; organisationId: string }[] }>(api.get(`/api/directory/services?q=${encodeURIComponent(q)}&status=active&limit=50`));
  const found = services.find((s) => s.organisationId.startsWith(organisationPrefix));
  if (!found) throw new Error(`No active service "${q}" of ${organisationPrefix}: ${services.map((s) => s.name).join(', ')}`);
  return found;
}

/** Chooses a reason for every service recommended above the one being referred to (none is preselected). */
async function giveReasons(page: Page, code: string) {
  const panel = page.getByTestId('refer-panel');
  await panel.waitFor();
  const reasons = panel.getByLabel(/^Why not /);
  for (let i = 0; i < (await reasons.count()); i++) {
    await expect(reasons.nth(i).inputValue()).resolves.toBe('');
    await reasons.nth(i).selectOption(code);
  }
}

describe('coded rejection', () => {
  it('the hospital rejects with a national code and flags the referral; 111 sees the end-of-life patient first', async () => {
    const callhandler = await apiAs('callhandler');
    const clinician = await apiAs('clinician');
    const caseId = await triagedCase(callhandler, { firstName: 'Edith', lastName: 'Marlow', nhsNumber: '9476719931' });
    await json(clinician.post('/api/special-notes', { data: { nhsNumber: '9476719931', category: 'end-of-life', title: 'Palliative care plan', text: 'Wishes to stay at home; family aware.', reviewDate: '2027-06-01' } }), 201);
    const utc = await serviceNamed(callhandler, 'Kent and Canterbury urgent treatment centre', 'demo-ekh');
    await json(callhandler.post(`/api/cases/${caseId}/referrals`, { data: { serviceId: utc.id } }), 201);

    const { page, context } = await newPage(h);
    await signIn(page, 'acute');
    await page.goto('/provider/inbox');
    const item = page.getByTestId('inbox').locator('li').filter({ hasText: 'Edith Marlow' });
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole('button', { name: 'Reject…' }).click();
    const form = item.getByTestId('reject-form');
    await form.getByLabel(/not take this patient/).selectOption('22');
    await form.getByLabel(/Flag this referral as inappropriate/).check();
    await form.getByLabel('Why was it inappropriate?').selectOption('wrong-service');
    await form.getByLabel('Note for the feedback (optional)').fill('Needs a district nurse at home, not a UTC');
    await shot(page, 'provider-reject-coded');
    await form.getByRole('button', { name: 'Reject referral' }).click();
    await page.getByRole('radio', { name: 'All' }).check();
    const rejected = page.getByTestId('inbox').locator('li').filter({ hasText: 'Edith Marlow' });
    await rejected.getByText('Rejected').waitFor();
    await rejected.getByRole('link', { name: /Edith Marlow/ }).click();
    await page.getByText('22 — Capacity').waitFor();
    await page.getByText(/Wrong service: Needs a district nurse at home/).waitFor();
    await shot(page, 'provider-referral-rejected');
    await context.close();

    // A later rejection of a patient who is not at the end of life: newer, yet it must come second.
    const acute = await apiAs('acute');
    const laterCase = await triagedCase(callhandler, { firstName: 'Frank', lastName: 'Osei' });
    const later = await json<{ referral: { id: string } }>(callhandler.post(`/api/cases/${laterCase}/referrals`, { data: { serviceId: utc.id } }), 201);
    await json(acute.post(`/api/referrals/${later.referral.id}/reject`, { data: { reasonCode: '22' } }));

    // 111: the responses inbox and the case list put the end-of-life patient's rejection first.
    const front = await newPage(h);
    await signIn(front.page, 'callhandler');
    // The menu's link (the home page has a card of the same name too).
    await front.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Responses' }).click();
    await front.page.getByTestId('end-of-life-alert').waitFor();
    const first = front.page.getByTestId('responses').locator('li').first();
    await expect(first.getAttribute('data-urgent')).resolves.toBe('yes');
    await first.getByText('Edith Marlow').waitFor();
    await first.getByText(/22 — Capacity/).waitFor();
    const second = front.page.getByTestId('responses').locator('li').nth(1);
    await second.getByText('Frank Osei').waitFor();
    await expect(second.getAttribute('data-urgent')).resolves.toBeNull();
    await shot(front.page, 'call-handler-responses');
    await front.page.goto('/calls');
    await front.page.getByTestId('end-of-life-rejected').getByText(/Edith Marlow/).waitFor();
    const rows = front.page.locator('tbody tr');
    await rows.first().getByText('Edith Marlow').waitFor();
    await rows.nth(1).getByText('Frank Osei').waitFor();
    await rows.nth(1).getByText('Referral rejected').waitFor();
    await shot(front.page, 'call-handler-cases-rejected');
    await front.context.close();
  });
});

describe('slot booking', () => {
  it('the hospital publishes slots; the call handler books one while referring; a taken slot is refused', async () => {
    const callhandler = await apiAs('callhandler');
    const utc = await serviceNamed(callhandler, 'Kent and Canterbury urgent treatment centre', 'demo-ekh');

    const provider = await newPage(h);
    await signIn(provider.page, 'acute');
    await provider.page.goto(`/provider/slots?service=${utc.id}`);
    await provider.page.getByRole('heading', { name: 'Appointment slots' }).waitFor();
    await provider.page.getByLabel('From').fill('09:00');
    await provider.page.getByLabel('Until').fill('10:00');
    await provider.page.getByLabel('Each slot').selectOption('15');
    await provider.page.getByTestId('publish-slots').click();
    await provider.page.getByText('4 slot(s) published').waitFor();
    // Withdraw the last: three stay free.
    await provider.page.getByRole('button', { name: /^Withdraw the slot/ }).last().click();
    await provider.page.getByText(/was withdrawn/).waitFor();
    await expect.poll(() => provider.page.getByRole('button', { name: /^Withdraw the slot/ }).count()).toBe(3);
    await shot(provider.page, 'provider-slots');

    const caseId = await triagedCase(callhandler, { firstName: 'Harold', lastName: 'Finch', nhsNumber: '9912003888' });
    const { page, context } = await newPage(h);
    await signIn(page, 'callhandler');
    await page.goto(`/cases/${caseId}`);
    await page.getByTestId('find-services').click();
    const card = page.getByTestId('result').filter({ hasText: 'Kent and Canterbury urgent treatment centre' });
    await card.waitFor();
    await card.getByRole('button', { name: /Refer to/ }).click();
    await giveReasons(page, '26');
    const slots = card.getByTestId('refer-panel').getByRole('radio');
    await expect.poll(() => slots.count()).toBe(4); // "no appointment" and the three free slots
    await slots.nth(1).check();
    await shot(page, 'call-handler-book-slot');
    await card.getByRole('button', { name: 'Send referral and book' }).click();
    await page.getByText(/Referral sent to .*appointment booked for/).waitFor();
    await page.getByTestId('referrals').getByText(/appointment/).waitFor();
    await shot(page, 'call-handler-booked');
    await context.close();

    // The slot is now booked on the hospital's screen, and the same slot cannot be booked again (409 naming it).
    await provider.page.reload();
    await provider.page.getByText('Booked').first().waitFor();
    const { slots: busy } = await json<{ slots: { id: string }[] }>(callhandler.get(`/api/services/${utc.id}/slots?status=busy`));
    const other = await triagedCase(callhandler, { firstName: 'Iris', lastName: 'Bell' });
    const taken = await callhandler.post(`/api/cases/${other}/referrals`, { data: { serviceId: utc.id, slotId: busy[0].id } });
    expect(taken.status()).toBe(409);
    expect(await taken.text()).toContain(busy[0].id);
    await provider.context.close();

    // On the screen: the call handler chooses a slot for Iris Bell; another booking takes it first; sending
    // shows the 409 naming that slot and offers only the slots still free.
    const second = await newPage(h);
    await signIn(second.page, 'callhandler');
    await second.page.goto(`/cases/${other}`);
    await second.page.getByTestId('find-services').click();
    const card2 = second.page.getByTestId('result').filter({ hasText: 'Kent and Canterbury urgent treatment centre' });
    await card2.waitFor();
    await card2.getByRole('button', { name: /Refer to/ }).click();
    await giveReasons(second.page, '26');
    const slots2 = card2.getByTestId('refer-panel').getByRole('radio');
    await expect.poll(() => slots2.count()).toBe(3); // "no appointment" and the two slots still free
    await slots2.nth(1).check();
    const chosenSlot = await slots2.nth(1).inputValue();
    expect(chosenSlot).toMatch(/^slot_/);
    const meanwhile = await triagedCase(callhandler, { firstName: 'Jack', lastName: 'Dunn' });
    await json(callhandler.post(`/api/cases/${meanwhile}/referrals`, { data: { serviceId: utc.id, slotId: chosenSlot } }), 201);
    await card2.getByRole('button', { name: 'Send referral and book' }).click();
    const alert = card2.getByTestId('refer-panel').getByRole('alert');
    await alert.getByText(`Slot ${chosenSlot}`, { exact: false }).first().waitFor();
    await expect(alert.innerText()).resolves.toMatch(/has already been taken/);
    await expect.poll(() => slots2.count()).toBe(2); // the taken slot is gone from the choices
    // What was already given is kept: the reasons need not be chosen again.
    const kept = card2.getByTestId('refer-panel').getByLabel(/^Why not /);
    for (let i = 0; i < (await kept.count()); i++) await expect(kept.nth(i).inputValue()).resolves.toBe('26');
    await shot(second.page, 'call-handler-slot-taken');
    await second.context.close();
  });
});

describe('onward referral', () => {
  it('an out-of-hours GP accepts a referral and refers the patient straight to a hospital department', async () => {
    const callhandler = await apiAs('callhandler');
    const caseId = await triagedCase(callhandler, { firstName: 'Walter', lastName: 'Greaves', nhsNumber: '9000000009' });
    const ooh = await serviceNamed(callhandler, 'GP out-of-hours base', 'demo-iuc-ooh');
    await json(callhandler.post(`/api/cases/${caseId}/referrals`, { data: { serviceId: ooh.id } }), 201);

    const { page, context } = await newPage(h);
    await signIn(page, 'ooh');
    await page.goto('/provider/inbox');
    const item = page.getByTestId('inbox').locator('li').filter({ hasText: 'Walter Greaves' });
    await item.waitFor({ timeout: 30_000 });
    await item.getByRole('button', { name: /^Accept/ }).click();
    await page.getByRole('radio', { name: 'All' }).check();
    await page.getByTestId('inbox').locator('li').filter({ hasText: 'Walter Greaves' }).getByRole('link', { name: /Walter Greaves/ }).click();
    const onward = page.getByTestId('onward');
    await onward.waitFor();
    await onward.getByLabel('Your outcome for the patient').selectOption('Dx03');
    await onward.getByTestId('onward-find').click();
    // A hospital department by its name (an emergency department or same-day emergency care), not the first result.
    const hospital = onward.getByTestId('result').filter({ has: page.locator('h3', { hasText: /emergency department|same-day emergency/i }) }).first();
    await hospital.waitFor();
    const name = (await hospital.locator('h3').innerText()).replace(/^\d+\.\s*/, '').replace(/\s*Catch-all$/, '').trim();
    await hospital.getByRole('button', { name: /Refer onward to/ }).click();
    await giveReasons(page, '23');
    await shot(page, 'ooh-refer-onward');
    await hospital.getByRole('button', { name: /^Send referral/ }).click();
    await page.getByText(/Referred onward to .*This referral is completed/).waitFor();
    await page.getByText('Completed').first().waitFor();
    await shot(page, 'ooh-referred-onward');
    await context.close();

    // The journey stays one case: the referral to the hospital department is the case's active one.
    const { referrals } = await json<{ referrals: { serviceName: string; status: string; fromReferralId: string | null; disposition: string }[] }>(callhandler.get(`/api/cases/${caseId}/referrals`));
    expect(referrals.map((r) => r.status)).toEqual(['completed', 'requested']);
    expect(referrals[1]).toMatchObject({ serviceName: name, disposition: 'Dx03', fromReferralId: expect.any(String) });
  });
});
