// The DoS lead's editor, complete (issue 16, item 5): a dated closure and a referral endpoint added
// through their forms, a change from a future date, the approval read in names and words, and the
// change shown as scheduled. And the small things (item 6): each role shown once in the header, and
// every main staff page fitting a 360 px wide screen with no sideways scrolling.
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

const nextYear = new Date().getUTCFullYear() + 1;
const dayWords = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${iso}T00:00:00Z`)).replace(',', '');

describe('the DoS editor', () => {
  it('adds a dated closure and an endpoint from a future date; the approver reads them in words and names; the change waits as scheduled', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'doslead');
    await page.goto('/dos/services?q=Abbey%20Chemist');
    await page.getByRole('link', { name: 'Abbey Chemist, Broadstairs' }).click();
    await page.getByText('Propose changes', { exact: true }).click();
    await page.getByTestId('hours-editor').waitFor();

    // A dated closure: a bad date is refused beside the field, a good one is listed in words.
    const dates = page.getByTestId('specified-dates');
    await dates.getByRole('button', { name: 'Add this date' }).click();
    await dates.getByText('Enter a real date').waitFor();
    await dates.getByLabel('Date', { exact: true }).fill(`${nextYear}-12-24`);
    await dates.getByLabel('Note (optional)').fill('Christmas Eve');
    await dates.getByRole('button', { name: 'Add this date' }).click();
    await dates.getByText(`${dayWords(`${nextYear}-12-24`)}: Closed (Christmas Eve)`).waitFor();

    // A referral endpoint: checked for its kind.
    await page.getByText(/^Referral endpoints \(\d+\)$/).click();
    const endpoints = page.getByTestId('endpoints-editor');
    await endpoints.getByLabel('Kind of endpoint').selectOption('email');
    await endpoints.getByLabel('Endpoint address').fill('not an email');
    await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
    await endpoints.getByText('Not a valid email address').waitFor();
    await endpoints.getByLabel('Endpoint address').fill('abbey.chemist@nhs.net');
    await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
    await endpoints.getByRole('listitem').filter({ hasText: 'abbey.chemist@nhs.net' }).waitFor();

    await page.getByLabel('From a date').check();
    await page.getByLabel('Takes effect from').fill(`${nextYear}-12-01`);
    await page.getByLabel('Why is this change needed?').fill('Closed on Christmas Eve; referrals by secure email');
    await shot(page, 'dos-editor-dates-endpoints');
    await page.getByRole('button', { name: 'Propose change' }).click();
    await page.getByText('Change proposed').waitFor();
    await page.getByText(`it then applies from ${dayWords(`${nextYear}-12-01`)}`).waitFor();
    await context.close();

    const second = await newPage(h);
    await signIn(second.page, 'doslead2');
    await second.page.goto('/dos/approvals');
    const row = second.page.getByRole('row').filter({ hasText: 'Closed on Christmas Eve' });
    await row.getByText('Rita Fernandes').waitFor();
    await row.getByRole('link').click();
    const diff = second.page.getByTestId('diff');
    await diff.getByText(`Added: ${dayWords(`${nextYear}-12-24`)} closed (Christmas Eve)`).waitFor();
    await diff.getByText('Added endpoint: email abbey.chemist@nhs.net').waitFor();
    expect(await diff.textContent()).not.toMatch(/"date"|specifiedDates|› date \d/);
    await second.page.getByText(/by Rita Fernandes/).waitFor();
    await shot(second.page, 'dos-approval-words');
    await second.page.getByRole('button', { name: 'Approve' }).click();
    await second.page.getByText('Approved and scheduled').waitFor();
    await second.page.getByRole('link', { name: 'See the service as it is now' }).click();
    await second.page.getByTestId('scheduled-changes').getByText('Closed on Christmas Eve').waitFor();
    await second.page.getByTestId('history-scheduled').first().waitFor();
    await shot(second.page, 'dos-service-scheduled');
    await second.context.close();
  });
});

/** How far the page reaches past the right edge of the screen, and the elements that do. */
async function overflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
  // Run in the page (a string: the tests are compiled without the DOM's types). Inside a scrolling
  // box (a wide table) is fine: the page itself does not scroll sideways.
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && !el.closest('.sp-table-scroll') && culprits.length < 5) culprits.push(el.tagName.toLowerCase() + '.' + el.className + ' (' + Math.round(r.right) + ' px)');
    }
    return { excess: document.documentElement.scrollWidth - width, culprits };
  })()`);
}

const STAFF_PAGES: [string, string[]][] = [
  ['callhandler', ['/', '/calls', '/calls/new']],
  ['clinician', ['/clinical/queue']],
  ['provider', ['/provider/inbox', '/provider/capacity', '/provider/services']],
  ['doslead', ['/dos/services', '/dos/approvals', '/dos/verification', '/dos/services/1', '/dos/services/1/edit', '/capacity', '/insight/gaps', '/insight/coverage']],
  ['governance', ['/governance']],
  ['admin', ['/admin/users', '/admin/tokens']],
];

describe('small screens', () => {
  it('fits every main staff page in 360 px, and names each role once', async () => {
    const found: string[] = [];
    for (const [user, paths] of STAFF_PAGES) {
      const { page, context } = await newPage(h, 360);
      await signIn(page, user);
      const header = (await page.getByTestId('signed-in-as').textContent()) ?? '';
      // "Rita Fernandes (DoS lead)", never "(DoS lead) (DoS lead)".
      for (const role of ['DoS lead', 'Call handler', 'Clinician', 'Provider', 'Administrator']) expect(header.split(role).length, header).toBeLessThanOrEqual(2);
      for (const path of paths) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(1200);
        const { excess, culprits } = await overflow(page);
        if (excess > 0) found.push(`${user} ${path}: ${excess} px too wide — ${culprits.join(', ')}`);
      }
      if (user === 'doslead') await shot(page, 'narrow-360-dos-editor');
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
