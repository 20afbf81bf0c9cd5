// The journeys of issue 6 in a real browser: a call handler triages and refers, the provider's inbox
// shows it live and accepts it; a patient triages online and asks for a call-back, which reaches the
// clinician's queue. Each screen is saved under test-results/screens/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, shot, signIn, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** Waits until the question on screen is (or is no longer) the given one. */
async function waitForQuestion(page: Page, nodeId: string | null, same: boolean) {
  await expect
    .poll(async () => {
      const q = page.getByTestId('question');
      const current = (await q.count()) ? await q.getAttribute('data-node-id') : null;
      return same ? current === nodeId : current !== nodeId;
    }, { timeout: 15_000 })
    .toBe(true);
}

/** Answers the question on screen from a map of question id → answer label, until `until` shows. */
async function answerQuestions(page: Page, answers: Record<string, string | string[]>, until: () => Promise<boolean>, screenshotPrefix?: string) {
  for (let i = 0; i < 40; i++) {
    const question = page.getByTestId('question');
    const deadline = Date.now() + 20_000;
    while (!(await question.isVisible())) {
      if (await until()) return;
      if (Date.now() > deadline) {
        await shot(page, 'failure-no-question');
        throw new Error(`Neither a question nor the end of triage appeared: ${(await page.locator('main').innerText()).slice(0, 1500)}`);
      }
      await page.waitForTimeout(200);
    }
    if (await until()) return;
    const nodeId = await question.getAttribute('data-node-id');
    const answer = answers[nodeId ?? ''] ?? (nodeId?.startsWith('emergency/') ? 'No' : undefined);
    if (!answer) throw new Error(`No answer given for question ${nodeId}`);
    if (screenshotPrefix && i === 0) await shot(page, `${screenshotPrefix}-question`);
    for (const label of [answer].flat()) await question.getByLabel(label, { exact: true }).check();
    await question.getByRole('button', { name: 'Continue' }).click();
    await waitForQuestion(page, nodeId, false);
  }
  throw new Error('Triage did not finish in 40 questions');
}

describe('call handler → provider', () => {
  it('a call handler triages and refers; the provider’s inbox shows it live and accepts it', async () => {
    // The provider (an acute trust's urgent treatment centre) is watching the inbox already.
    const provider = await newPage(h);
    await signIn(provider.page, 'acute');
    await provider.page.goto('/provider/inbox');
    await provider.page.getByRole('heading', { name: 'Referral inbox' }).waitFor();
    await provider.page.getByText('Live', { exact: true }).waitFor();
    await shot(provider.page, 'provider-inbox-empty');

    const { page } = await newPage(h);
    await page.goto('/login');
    await shot(page, 'sign-in');
    await signIn(page, 'callhandler');
    await shot(page, 'call-handler-home');

    // New case: the NHS number is checked as it is typed.
    await page.goto('/calls/new');
    await page.getByLabel('NHS number (if known)').fill('943 476 5918');
    await expect(page.getByText('This is not a valid NHS number').first().isVisible()).resolves.toBe(true);
    await page.getByLabel('NHS number (if known)').fill('943 476 5919');
    await page.getByTestId('nhs-ok').waitFor();
    await page.getByLabel('First name').fill('Amira');
    await page.getByLabel('Last name').fill('Okafor');
    await page.getByLabel('Date of birth').fill('1988-04-12');
    await page.getByLabel('Female', { exact: true }).check();
    await page.getByLabel('Home postcode').fill('CT1 3NG');
    await page.getByLabel('Call-back number').fill('07700 900123');
    await page.getByLabel('What is the main problem?').fill('Fell off a step, ankle swollen');
    await shot(page, 'call-handler-new-case');
    await page.getByRole('button', { name: 'Open case and start triage' }).click();

    // Triage: emergency questions first, then the pathway, one question at a time.
    await page.getByTestId('start-triage').click();
    await page.getByText('Emergency questions first').waitFor();
    await shot(page, 'call-handler-triage-emergency');
    await answerQuestions(page, {}, async () => (await page.getByLabel('Search pathways').count()) > 0);
    await page.getByLabel('Search pathways').fill('leg');
    await page.getByLabel('Arm or leg injury').check();
    await shot(page, 'call-handler-triage-pathway');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('question').waitFor();
    // Answer one question, then go back and change it: the same question comes again.
    const first = await page.getByTestId('question').getAttribute('data-node-id');
    await page.getByTestId('question').getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitForQuestion(page, first, false);
    await page.getByRole('button', { name: 'Back to the previous question' }).click();
    await waitForQuestion(page, first, true);
    await shot(page, 'call-handler-triage-question');
    await answerQuestions(
      page,
      {
        'limb-injury/deformed': 'No',
        'limb-injury/circulation': 'No',
        'limb-injury/weight': 'Yes',
        'limb-injury/swelling': 'Yes',
      },
      async () => (await page.getByTestId('outcome').count()) > 0,
    );

    // Outcome with the directory: why each was chosen, open times, capacity, how to get in.
    await page.getByTestId('find-services').click();
    await page.getByTestId('result').first().waitFor();
    await page.getByText('Services not offered, and why').click();
    await page.getByTestId('excluded').waitFor();
    await shot(page, 'call-handler-outcome-services');
    const utc = page.getByTestId('result').filter({ hasText: 'Kent and Canterbury urgent treatment centre' });
    await utc.getByRole('button', { name: /Refer to/ }).click();
    // Each service recommended above it needs a reason chosen: none is assumed.
    const panel = utc.getByTestId('refer-panel');
    await panel.waitFor();
    const reasons = panel.getByLabel(/^Why not /);
    for (let i = 0; i < (await reasons.count()); i++) await reasons.nth(i).selectOption('26');
    await panel.getByRole('button', { name: /^Send referral/ }).click();
    await page.getByText('Referral sent to').waitFor();
    await shot(page, 'call-handler-referred');

    // The provider's inbox shows it without a reload, and the provider accepts it.
    const item = provider.page.getByTestId('inbox').locator('li').filter({ hasText: 'Amira Okafor' });
    await item.waitFor({ timeout: 30_000 });
    await shot(provider.page, 'provider-inbox-new-referral');
    await item.getByRole('button', { name: /^Accept/ }).click();
    await provider.page.getByRole('radio', { name: 'All' }).check();
    await provider.page.getByTestId('inbox').locator('li').filter({ hasText: 'Amira Okafor' }).getByText('Accepted').waitFor();
    await shot(provider.page, 'provider-inbox-accepted');

    // The call handler's case shows the acceptance.
    await page.reload();
    await page.getByTestId('referrals').getByText('Accepted').waitFor();
    await page.getByTestId('timeline').getByText(/accepted/i).first().waitFor();
    await shot(page, 'call-handler-case-timeline');
    await provider.context.close();
  });
});

describe('patient online → clinician', () => {
  it('a patient completes online triage and asks for a call-back, which appears in the clinician’s queue', async () => {
    const { page, context } = await newPage(h, 360);
    await page.goto('/online');
    await shot(page, 'patient-start');
    await page.getByTestId('start-online').click();
    await page.getByLabel('Postcode').fill('CT1 3NG');
    await shot(page, 'patient-postcode');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('How old are they?').fill('42');
    await page.getByLabel('Male', { exact: true }).check();
    await page.getByLabel('Me', { exact: true }).check();
    await shot(page, 'patient-about');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('question').waitFor();
    await shot(page, 'patient-emergency-question');
    await answerQuestions(page, {}, async () => (await page.getByLabel('Search for a symptom').count()) > 0);
    await page.getByLabel('Search for a symptom').fill('eye');
    await page.getByLabel('Eye problems').check();
    await shot(page, 'patient-choose-symptom');
    await page.getByRole('button', { name: 'Continue' }).click();
    await answerQuestions(page, { 'eye-problems/chemical': 'Yes' }, async () => (await page.getByRole('heading', { name: 'What to do next' }).count()) > 0, 'patient');
    await shot(page, 'patient-outcome');
    await page.getByTestId('ask-callback').click();
    await page.getByLabel('First name').fill('Tomasz');
    await page.getByLabel('Last name').fill('Nowak');
    await page.getByLabel('Date of birth').fill('1983-09-30');
    await page.getByLabel('Phone number to call').fill('07700 900456');
    await shot(page, 'patient-callback');
    await page.getByRole('button', { name: 'Ask for a call-back' }).click();
    await page.getByTestId('callback-ref').waitFor();
    await shot(page, 'patient-callback-done');
    await context.close();

    const clinician = await newPage(h);
    await signIn(clinician.page, 'clinician');
    await clinician.page.goto('/clinical/queue');
    const row = clinician.page.getByTestId('queue').locator('tr').filter({ hasText: 'Tomasz Nowak' });
    await row.waitFor();
    await shot(clinician.page, 'clinician-queue');
    await row.getByRole('button', { name: /Claim/ }).click();
    await clinician.page.getByTestId('patient-banner').getByText('Tomasz Nowak').waitFor();
    await shot(clinician.page, 'clinician-case');
    await clinician.context.close();
  });
});
