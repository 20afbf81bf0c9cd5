// @vitest-environment happy-dom
// The receiving service's referral page offers only what the user can do: a coded rejection while
// the referral is requested, onward referral once accepted — and to other roles, neither.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import { ReferralDetail } from './ReferralDetail';

const referral = (status: string) => ({
  id: 'ref_1',
  caseId: 'case_1',
  serviceId: 5,
  serviceName: 'GP out-of-hours base',
  serviceTypeId: 25,
  serviceOdsCode: null,
  organisationId: 'ooh',
  status,
  disposition: 'Dx06',
  summary: null,
  passedOver: [],
  searchId: null,
  fromReferralId: null,
  referredBy: 'usr_ch',
  referredByName: 'Sam',
  referredByOrg: 'ic24',
  appointment: null,
  rejection: null,
  inappropriate: null,
  outcome: null,
  requestedAt: '2026-11-18T10:00:00Z',
  acceptedAt: null,
  updatedAt: '2026-11-18T10:00:00Z',
  finishedAt: null,
});
const CASE = {
  case: {
    id: 'case_1',
    status: 'open',
    patient: { nhsNumber: '9476719931', firstName: 'Edith', lastName: 'Marlow', dateOfBirth: '1941-03-02', sex: 'female', phone: null },
    presentingProblem: 'Fell',
    disposition: null,
  },
  notes: [],
  specialNotes: [{ id: 'spn_1', nhsNumber: '9476719931', category: 'end-of-life', title: 'Palliative care plan', text: 'Wishes to stay at home.', reviewDate: '2027-06-01', reviewOverdue: false, status: 'active', authorId: 'u', authorName: 'Dr A', organisationId: 'practice-1', createdAt: '2026-11-18T10:00:00Z', updatedAt: '2026-11-18T10:00:00Z', version: 1 }],
  queue: [],
  referrals: [],
};
const posted: { path: string; body: unknown }[] = [];

function serve(roles: string[], status: string) {
  posted.length = 0;
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') posted.push({ path, body: JSON.parse((await request.text()) || 'null') });
    const replies: Record<string, unknown> = {
      '/api/auth/me': { actor: { kind: 'user', id: 'usr_me', name: 'Me', organisationId: 'ooh', roles } },
      '/api/referrals/ref_1': { referral: referral(status), actions: [] },
      '/api/referrals/ref_1/reject': { referral: referral('rejected'), actions: [] },
      '/api/cases/case_1': CASE,
      '/api/services/5/slots': { slots: [] },
      '/api/cases/case_1/searches': { searchId: 'srch_1', results: [], distanceKm: 25, catchAll: false },
      '/api/reference/dispositions': { dispositions: [{ code: 'Dx03', title: 'Attend an emergency department', group: 'ed', timeframe: { kind: 'minutes', minutes: 240 } }, { code: 'Dx06', title: 'Contact a GP within 6 hours', group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 360 } }] },
      '/api/reference/service-types': { serviceTypes: [] },
      '/api/reference/symptom-groups': { symptomGroups: [] },
      '/api/reference/symptom-discriminators': { symptomDiscriminators: [] },
      '/api/geo/areas': { areas: [] },
    };
    return new Response(JSON.stringify(replies[path] ?? {}), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderPage = () =>
  render(
    <AuthProvider>
      <ReferralDetail params={{ id: 'ref_1' }} />
    </AuthProvider>,
  );

describe('a referral received', () => {
  it('while requested: accept, or reject with a national code; the patient’s special notes are shown', async () => {
    serve(['provider_staff'], 'requested');
    renderPage();
    await screen.findByText(/Palliative care plan/);
    expect(screen.queryByTestId('onward')).toBeNull();
    fireEvent.change(await screen.findByLabelText('Why can GP out-of-hours base not take this patient?'), { target: { value: '41' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    await waitFor(() => expect(posted.map((p) => p.path)).toContain('/api/referrals/ref_1/reject'));
    expect(posted.find((p) => p.path === '/api/referrals/ref_1/reject')!.body).toEqual({ reasonCode: '41' });
  });

  it('once accepted: the receiving service may refer onward, with its own outcome', async () => {
    serve(['provider_staff'], 'accepted');
    renderPage();
    const onward = await screen.findByTestId('onward');
    await waitFor(() => expect((screen.getByLabelText('Your outcome for the patient') as HTMLSelectElement).options.length).toBe(2));
    fireEvent.change(screen.getByLabelText('Your outcome for the patient'), { target: { value: 'Dx03' } });
    fireEvent.click(screen.getByTestId('onward-find'));
    await waitFor(() => expect(posted.map((p) => p.path)).toContain('/api/cases/case_1/searches'));
    expect(posted.find((p) => p.path === '/api/cases/case_1/searches')!.body).toEqual({ disposition: 'Dx03' });
    await screen.findByText(/0 service\(s\) take a referral from you for Dx03/);
    expect(onward).toBeTruthy();
    expect(screen.queryByTestId('reject-form')).toBeNull();
  });

  it('once completed: nothing is left to do, so no Action heading stands empty', async () => {
    serve(['provider_staff'], 'completed');
    renderPage();
    await screen.findByText(/Palliative care plan/);
    expect(screen.queryByRole('heading', { name: 'Action' })).toBeNull();
    expect(screen.queryByTestId('onward')).toBeNull();
  });

  it('while requested the provider sees the Action heading', async () => {
    serve(['provider_staff'], 'requested');
    renderPage();
    await screen.findByRole('heading', { name: 'Action' });
  });

  it('a call handler reading it is offered no receiving service’s action', async () => {
    serve(['call_handler'], 'accepted');
    renderPage();
    await screen.findByText(/Palliative care plan/);
    expect(screen.queryByTestId('onward')).toBeNull();
    expect(screen.queryByTestId('reject-form')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mark complete' })).toBeNull();
  });
});
