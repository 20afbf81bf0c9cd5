// Every other workspace against the demo community: the DoS lead's directory, editor, approvals and
// "which searches return me" check; capacity set by a provider and seen live on the commissioner's
// board; gaps and coverage; triage content governance with the replay impact report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, shot, signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('workspaces', () => {
  it('DoS lead: directory, service, editor, approval with a readable diff, verification, which searches return me', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'doslead');
    await shot(page, 'dos-home');
    await page.goto('/dos/services?q=Abbey%20Chemist');
    await page.locator('table').waitFor();
    await shot(page, 'dos-directory');
    await page.getByRole('link', { name: 'Abbey Chemist, Broadstairs' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await shot(page, 'dos-service');
    await page.getByText('Propose changes', { exact: true }).click();
    await page.getByTestId('hours-editor').waitFor();
    await page.getByLabel('Saturday session 1 opens').fill('08:30');
    await page.getByLabel('Why is this change needed?').fill('The pharmacy now opens at 08:30 on Saturdays');
    await shot(page, 'dos-editor');
    await page.getByRole('button', { name: 'Propose change' }).click();
    await page.getByText('Change proposed').waitFor();
    await context.close();

    // A second DoS lead approves it, reading the diff.
    const second = await newPage(h);
    await signIn(second.page, 'doslead2');
    await second.page.goto('/dos/approvals');
    await second.page.getByRole('link', { name: 'Abbey Chemist, Broadstairs' }).first().click();
    await second.page.getByTestId('diff').waitFor();
    await shot(second.page, 'dos-approval-diff');
    await second.page.getByRole('button', { name: 'Approve' }).click();
    await second.page.getByText('Approved: the change now applies').waitFor();
    await second.page.goto('/dos/verification');
    await second.page.getByRole('heading', { name: 'Verification due' }).waitFor();
    await second.page.getByLabel('Due within').selectOption('365');
    await second.page.waitForTimeout(800);
    await shot(second.page, 'dos-verification-due');
    await second.page.goto('/dos/services?q=Abbey%20Chemist%2C%20Broadstairs');
    await second.page.getByRole('link', { name: 'Abbey Chemist, Broadstairs' }).click();
    await second.page.getByText('Which searches return this service?', { exact: true }).click();
    await second.page.getByRole('button', { name: /^Run \d+ searches/ }).click();
    await second.page.getByTestId('sweep-results').waitFor();
    await expect
      .poll(async () => /(\d+) of \1 searches run/.test((await second.page.getByTestId('sweep-progress').textContent()) ?? ''), { timeout: 60_000 })
      .toBe(true);
    await shot(second.page, 'dos-which-searches');
    await second.context.close();
  });

  it('provider sets capacity red with a reason; the commissioner’s board shows it live', async () => {
    const board = await newPage(h);
    await signIn(board.page, 'commissioner');
    await board.page.goto('/capacity');
    await board.page.getByText('Live', { exact: true }).waitFor();
    await shot(board.page, 'commissioner-capacity-board');

    const { page, context } = await newPage(h);
    await signIn(page, 'acute');
    await page.goto('/provider/capacity');
    const card = page.getByTestId('capacity-service').filter({ hasText: 'Kent and Canterbury urgent treatment centre' }).first();
    await card.getByText('Change capacity').click();
    await card.getByLabel('Red', { exact: true }).check();
    await card.getByLabel('Reason').fill('Waiting time over 6 hours');
    await card.getByLabel('Reset to green after').selectOption('120');
    await shot(page, 'provider-capacity');
    await card.getByRole('button', { name: 'Save capacity' }).click();
    await card.getByText('is now red').waitFor();
    await page.goto('/provider/services');
    await page.locator('table').first().waitFor();
    await shot(page, 'provider-services');
    await context.close();

    await board.page.getByTestId('board').getByText('Waiting time over 6 hours').waitFor();
    await shot(board.page, 'commissioner-capacity-board-live');
    await board.context.close();
  });

  it('commissioner: gaps and unmet need heat maps, coverage analysis', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'commissioner');
    await shot(page, 'commissioner-home');
    // Some searches across the week, so gaps and unmet need have something to show (marked as for
    // patients: a commissioner's own searches are checks, not counted — docs/decisions/0017).
    const monday = new Date(Date.UTC(2026, 10, 16, 0, 0));
    const asks = [
      { disposition: 'Dx06', symptomGroup: 11020, symptomDiscriminators: ['14270'] },
      { disposition: 'Dx10', symptomGroup: 11001, symptomDiscriminators: ['14042'] },
      { disposition: 'Dx05', symptomGroup: 11010, symptomDiscriminators: ['14152'] },
    ];
    const postcodes = ['CT1 3NG', 'CT9 4AN', 'TN24 0LZ', 'CT16 1QX'];
    for (let i = 0; i < 36; i++) {
      const at = new Date(monday.getTime() + i * 4.7 * 3600_000).toISOString();
      await page.request.post('/api/directory/search', {
        headers: { origin: h.base },
        data: { ...asks[i % asks.length], location: { postcode: postcodes[i % postcodes.length] }, age: { value: 40, unit: 'years' }, sex: 'female', at, purpose: 'patient' },
      });
    }
    await page.goto('/insight/gaps');
    await page.getByTestId('unmet-total').waitFor();
    await page.getByTestId('heat-area').waitFor();
    await page.getByLabel('Gaps', { exact: true }).check();
    await page.waitForTimeout(2000);
    await shot(page, 'commissioner-gaps');
    await page.goto('/insight/coverage');
    await page.getByLabel('Area').selectOption('ek-thanet');
    await page.getByRole('button', { name: 'Analyse coverage' }).click();
    await page.getByTestId('coverage-summary').waitFor({ timeout: 90_000 });
    await shot(page, 'commissioner-coverage');
    await context.close();
  });

  it('clinical governance: content versions, a new draft, review state and the replay impact report', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'governance');
    await page.goto('/governance');
    await page.locator('table').waitFor();
    await shot(page, 'governance-versions');
    await page.getByText('Start a new draft').click();
    await page.getByLabel('Label').fill('2025.2 draft — wording review');
    await page.getByLabel('Start from').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('button', { name: 'Submit for review' }).waitFor();
    await page.getByRole('button', { name: 'Run the replay impact report' }).click();
    await page.getByTestId('impact-report').waitFor({ timeout: 90_000 });
    await page.getByTestId('safety-review').waitFor();
    await shot(page, 'governance-version-impact');
    await context.close();
  });

  it('works at 360 px: the call handler’s new case and the DoS directory', async () => {
    const { page, context } = await newPage(h, 360);
    await signIn(page, 'callhandler');
    await page.goto('/calls/new');
    await page.getByLabel('First name').waitFor();
    await shot(page, 'narrow-call-handler-new-case');
    await context.close();
  });
});
