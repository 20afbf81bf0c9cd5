// @vitest-environment happy-dom
// Special patient notes: written by clinicians and provider staff, changed only by the organisation
// that wrote them — a call handler (who may not write them) is offered nothing.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import type { SpecialNote } from '../../lib/cases';
import { SpecialNotesPanel } from './SpecialNotesPanel';

const note = (id: string, organisationId: string, title: string): SpecialNote => ({
  id,
  nhsNumber: '9476719931',
  category: 'end-of-life',
  title,
  text: 'Wishes to stay at home.',
  reviewDate: '2027-06-01',
  reviewOverdue: false,
  status: 'active',
  authorId: 'usr_1',
  authorName: 'Dr Author',
  organisationId,
  createdAt: '2026-11-18T10:00:00Z',
  updatedAt: '2026-11-18T10:00:00Z',
  version: 1,
});
const NOTES = [note('spn_own', 'ic24', 'Our plan'), note('spn_gp', 'practice-1', 'The practice’s plan')];
const sent: { method: string; path: string; body: unknown }[] = [];

function signedInAs(roles: string[]) {
  sent.length = 0;
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method !== 'GET') sent.push({ method: request.method, path, body: JSON.parse((await request.text()) || 'null') });
    const reply = path === '/api/auth/me' ? { actor: { kind: 'user', id: 'usr_me', name: 'Me', organisationId: 'ic24', roles } } : NOTES[0];
    return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderPanel = (onChange = vi.fn()) =>
  render(
    <AuthProvider>
      <SpecialNotesPanel nhsNumber="9476719931" notes={NOTES} onChange={onChange} open />
    </AuthProvider>,
  );

describe('special patient notes on a case', () => {
  it('a clinician writes notes and changes only their own organisation’s', async () => {
    signedInAs(['clinician']);
    const onChange = vi.fn();
    renderPanel(onChange);
    await screen.findByText('Write a special patient note');
    expect(screen.getByText('Change the note “Our plan”')).toBeTruthy();
    expect(screen.queryByText('Change the note “The practice’s plan”')).toBeNull();
    fireEvent.click(screen.getByText('Change the note “Our plan”'));
    const form = within(screen.getAllByTestId('special-note-form')[0]);
    fireEvent.change(form.getByLabelText('Title'), { target: { value: 'Our plan, revised' } });
    fireEvent.click(form.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(sent[0]).toMatchObject({ method: 'PATCH', path: '/api/special-notes/spn_own', body: { title: 'Our plan, revised', category: 'end-of-life', reviewDate: '2027-06-01' } });
  });

  it('a call handler sees the notes and is offered no way to write or change them', async () => {
    signedInAs(['call_handler']);
    renderPanel();
    await screen.findByText(/Our plan/);
    await waitFor(() => expect(screen.queryByText('Write a special patient note')).toBeNull());
    expect(screen.queryByText(/Change the note/)).toBeNull();
    expect(screen.getByText(/The practice’s plan/)).toBeTruthy();
  });
});
