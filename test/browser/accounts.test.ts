// The admin's account screens and everyone's "Change my password", against the demo community.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { newPage, shot, signIn, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('accounts', () => {
  it('admin deactivates a user and resets a password; the user signs in with it and changes it; tokens show expiry', async () => {
    const { page, context } = await newPage(h);
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Users' }).first().click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate practice' }).click();
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await page.getByTestId('users-message').getByText('is deactivated').waitFor();
    await page.getByRole('button', { name: 'Reactivate practice' }).waitFor();
    await page.getByRole('button', { name: 'Reset password of nursing' }).click();
    await page.getByRole('button', { name: 'Yes, reset the password' }).click();
    const password = (await page.getByTestId('new-password').textContent())!;
    await shot(page, 'admin-users');
    await page.getByRole('button', { name: 'Unlock sign-in of commissioner' }).click();
    await page.getByTestId('users-message').getByText('was not locked out').waitFor();

    await page.getByRole('link', { name: 'API tokens' }).first().click();
    await page.getByLabel('What is it for').fill('Capacity feed from the EPR');
    await page.getByLabel('Works for').selectOption('90');
    await page.getByRole('button', { name: 'Make token' }).click();
    await page.getByTestId('new-token').waitFor();
    await page.getByRole('cell', { name: 'Capacity feed from the EPR', exact: true }).waitFor();
    await page.getByText('in 90 days').first().waitFor();
    await shot(page, 'admin-tokens');
    await context.close();

    const nurse = await newPage(h);
    await nurse.page.goto('/login');
    await nurse.page.getByLabel('Username').fill('nursing');
    await nurse.page.getByLabel('Password').fill(password);
    await nurse.page.getByRole('button', { name: 'Sign in' }).click();
    await nurse.page.getByRole('link', { name: 'Change my password' }).click();
    await nurse.page.getByLabel('Current password').fill(password);
    await nurse.page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await nurse.page.getByLabel('New password again').fill('a brand new passphrase');
    await nurse.page.getByRole('button', { name: 'Change password' }).click();
    await nurse.page.getByTestId('password-done').waitFor();
    await shot(nurse.page, 'change-my-password');
    await nurse.context.close();
  });
});
