// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import { ChangePassword } from './ChangePassword';

const me = { actor: { kind: 'user', id: 'u1', name: 'Test Person', organisationId: 'ic24', roles: ['call_handler'] } };
let calls: { url: string; body: unknown }[] = [];
let answer: (url: string) => { status: number; json: unknown } = () => ({ status: 200, json: {} });

beforeEach(() => {
  calls = [];
  // The typed client hands fetch a Request: its path, and its JSON body if it has one.
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url).pathname;
    if (url === '/api/auth/me') return new Response(JSON.stringify(me), { status: 200 });
    const text = await request.text();
    calls.push({ url, body: text ? JSON.parse(text) : undefined });
    const { status, json } = answer(url);
    return new Response(JSON.stringify(json), { status });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function fill(current: string, next: string, again: string) {
  render(
    <AuthProvider>
      <ChangePassword />
    </AuthProvider>,
  );
  await screen.findByRole('heading', { name: 'Change my password' });
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(/^New password$/), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('New password again'), { target: { value: again } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('Change my password', () => {
  it('does not send two different new passwords', async () => {
    await fill('old password', 'a brand new passphrase', 'a brand new passphrasf');
    expect((await screen.findAllByText('The two new passwords do not match')).length).toBeGreaterThan(0);
    expect(calls).toEqual([]);
  });

  it('sends the current and new password, and says how many other sessions ended', async () => {
    answer = () => ({ status: 200, json: { sessionsEnded: 2 } });
    await fill('old password', 'a brand new passphrase', 'a brand new passphrase');
    await waitFor(() => expect(screen.getByTestId('password-done').textContent).toMatch(/2 other sessions ended/));
    expect(calls).toEqual([{ url: '/api/users/me/password', body: { currentPassword: 'old password', newPassword: 'a brand new passphrase' } }]);
  });

  it("shows the server's refusal of a wrong current password beside that field", async () => {
    answer = () => ({ status: 400, json: { error: { code: 'wrong_password', message: 'That is not your current password', details: [{ path: 'body.currentPassword', message: 'not your current password' }] } } });
    await fill('wrong password', 'a brand new passphrase', 'a brand new passphrase');
    expect((await screen.findAllByText('not your current password')).length).toBeGreaterThan(0);
  });
});
