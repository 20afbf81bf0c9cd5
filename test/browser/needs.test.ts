// The ten-minute test (issue 16): a GP with an elderly, insulin-dependent patient who lives alone and
// has broken her arm finds, from the practice's home page, a community service that will pick her up,
// and refers her — in at most ten actions, counted here — and the district nursing team accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, shot, signIn, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** District nursing day teams work 08:00–17:30: within that, "now"; otherwise tomorrow morning. */
function helpNeededNow(): boolean {
  const [hour, minute] = new Date().toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour12: false }).split(':').map(Number);
  const minutes = hour * 60 + minute;
  return minutes >= 8 * 60 && minutes < 15 * 60;
}

describe('the ten-minute test', () => {
  it('a GP refers by need from the home page in ten actions or fewer; district nursing accepts', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'practice');
    await page.goto('/');
    await shot(page, 'gp-home');
    let actions = 0;
    const act = async (step: () => Promise<unknown>) => {
      actions++;
      await step();
    };

    await act(() => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Refer', exact: true }).click());
    await page.getByRole('heading', { name: 'Refer a patient' }).waitFor();
    await act(() => page.getByLabel('NHS number (if known)').fill('9000000009'));
    await act(() => page.getByLabel('First name').fill('Edith'));
    await act(() => page.getByLabel('Last name').fill('Marsh'));
    await act(() => page.getByLabel('Date of birth').fill('1941-05-17'));
    await act(() => page.getByLabel('Home postcode').fill('CT1 3NG'));
    await act(() => page.getByLabel('Needs, in your own words').fill('cannot inject insulin, cannot dress, cannot cook, lives alone'));
    if (!helpNeededNow()) await act(() => page.getByLabel('Tomorrow morning').check());
    await shot(page, 'gp-refer-form');
    await act(() => page.getByRole('button', { name: 'Find services' }).click());
    const results = page.getByTestId('needs-results');
    await results.waitFor();
    // Read back as capabilities; no one service does all four, so district nursing and reablement pair up.
    await results.getByText('“cannot inject insulin” → Insulin administration').waitFor();
    await results.getByText('Two services that together cover all 4 needs').waitFor();
    await shot(page, 'gp-needs-results');
    const referToNursing = results.getByRole('button', { name: /^Refer to .*district nursing team/ }).first();
    const nursingTeam = ((await referToNursing.textContent()) ?? '').replace(/^Refer to /, '');
    expect(nursingTeam).toMatch(/Canterbury/);
    await act(() => referToNursing.click());
    await page.getByTestId('referral-sent').waitFor();
    await shot(page, 'gp-referral-sent');
    expect(actions).toBeLessThanOrEqual(10);

    // The Canterbury district nursing team sees it in its inbox and accepts it.
    const nursing = await newPage(h);
    await signIn(nursing.page, 'nursing');
    await nursing.page.goto('/provider/inbox');
    const item = nursing.page.getByTestId('inbox').locator('li').filter({ hasText: 'Edith Marsh' });
    await item.waitFor({ timeout: 30_000 });
    await shot(nursing.page, 'nursing-inbox-referral-by-need');
    await item.getByRole('button', { name: /^Accept/ }).click();
    await nursing.page.getByRole('radio', { name: 'All' }).check();
    await nursing.page.getByTestId('inbox').locator('li').filter({ hasText: 'Edith Marsh' }).getByText('Accepted').waitFor();
    await shot(nursing.page, 'nursing-inbox-accepted-by-need');
    await nursing.context.close();
    await context.close();
  });

  it('staff search the directory by what services can do; a DoS lead sees the capabilities section', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'doslead');
    await page.goto('/dos/services');
    await page.getByLabel('Search', { exact: true }).fill('insulin');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: /district nursing team/ }).first().waitFor();
    await expect(page.getByText(/Insulin administration \(at home\)/).first().isVisible()).resolves.toBe(true);
    await shot(page, 'dos-directory-search-insulin');
    // The service's own page lists what it can do, and where.
    await page.getByRole('link', { name: /district nursing team/ }).first().click();
    const listed = page.getByTestId('service-capabilities');
    await listed.waitFor();
    await expect(listed.getByText(/Insulin administration \(at home\)/).isVisible()).resolves.toBe(true);
    await shot(page, 'dos-service-capabilities');
    await context.close();
  });
});
