// @vitest-environment happy-dom
// The case page as it is after a reload: only what the server holds (issue 11, items 18 and 19).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import type { CaseDisposition, CaseView, QueueEntry } from '../../lib/cases';
import type { Disposition } from '../../lib/types';
import { CasePage } from './CasePage';

const DISPOSITIONS: Disposition[] = [
  { code: 'Dx012', title: 'Emergency ambulance response, category 3', group: 'ambulance-cat3', timeframe: { kind: 'immediate' } },
  { code: 'Dx05', title: 'Contact a GP or urgent care service within 2 hours', group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 120 } },
  { code: 'Dx07', title: 'Contact a GP or urgent care service within 12 hours', group: 'contact-primary-care', timeframe: { kind: 'minutes', minutes: 720 } },
  { code: 'Dx117', title: 'Speak to the palliative care service within 1 hour', group: 'community', timeframe: { kind: 'minutes', minutes: 60 } },
  { code: 'Dx38', title: 'Look after yourself at home (self-care advice given)', group: 'self-care', timeframe: { kind: 'none' } },
];
const CLINICIAN = { kind: 'user', id: 'usr_clin', name: 'Dr Test', organisationId: 'ic24', roles: ['clinician'] };

function disposition(code: string, source: 'triage' | 'clinician'): CaseDisposition {
  const d = DISPOSITIONS.find((x) => x.code === code)!;
  return {
    code,
    title: d.title,
    group: d.group,
    symptomGroup: 11000,
    symptomGroupTitle: 'Breathing problems',
    symptomDiscriminator: '14012',
    symptomDiscriminatorTitle: 'Wheeze not relieved by usual inhaler',
    source,
    triageSessionId: source === 'triage' ? 'tsn_1' : null,
    setAt: '2026-11-18T10:00:00Z',
    setBy: 'usr_test',
    setByName: 'Test',
    dueBy: null,
    validation: null,
    summary: null,
    report: [],
    careAdvice: [],
  };
}

function caseView(d: CaseDisposition, queue: QueueEntry[] = []): CaseView {
  return {
    case: {
      id: 'case_1',
      status: 'open',
      channel: 'phone',
      callId: null,
      openedAt: '2026-11-18T09:50:00Z',
      openedBy: 'usr_ch',
      openedByOrg: 'ic24',
      patient: { nhsNumber: null, nhsNumberStatus: null, firstName: 'Pat', lastName: 'Test', dateOfBirth: '1980-01-01', sex: 'female', address: null, postcode: 'CT1 3NG', phone: null, registeredPractice: null },
      caller: null,
      presentingProblem: 'Breathless',
      communicationNeeds: null,
      currentLocation: null,
      disposition: d,
      triageSessionIds: ['tsn_1'],
      repeatCaller: { status: 'none', matches: [] },
      flags: [],
      closedAt: null,
      closedBy: null,
      closeReason: null,
      updatedAt: '2026-11-18T10:00:00Z',
    },
    notes: [],
    specialNotes: [],
    queue,
    referrals: [],
  };
}

/** The file's form of the catalogue timeframes, as a triage outcome carries them. */
const FILE_TIMEFRAMES: Record<string, string | number> = { Dx012: 'immediate', Dx05: 120, Dx07: 720, Dx117: 60, Dx38: 'none' };

/** The case's triage session: its outcome is the case's if triage set it, else the ambulance outcome a clinician changed. */
function triageSession(v: CaseView) {
  const d = v.case.disposition!;
  const code = d.source === 'triage' ? d.code : 'Dx012';
  const title = DISPOSITIONS.find((x) => x.code === code)!.title;
  return { session: { id: 'tsn_1', status: 'finished' }, question: null, outcome: { disposition: code, dispositionTitle: title, timeframe: FILE_TIMEFRAMES[code], reasons: [], careAdvice: [] } };
}

let view: CaseView;
const posted: { path: string; body: unknown }[] = [];

beforeEach(() => {
  posted.length = 0;
  // The typed client hands fetch a Request: its path, method and JSON body.
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') posted.push({ path, body: JSON.parse(await request.text()) });
    const replies: Record<string, unknown> = {
      '/api/auth/me': { actor: CLINICIAN },
      '/api/cases/case_1': view,
      '/api/cases/case_1/timeline': { timeline: [] },
      '/api/cases/case_1/referrals': { referrals: [] },
      '/api/triage/sessions/tsn_1': triageSession(view),
      '/api/reference/dispositions': { dispositions: DISPOSITIONS },
      '/api/reference/service-types': { serviceTypes: [] },
      '/api/reference/symptom-groups': { symptomGroups: [{ code: 11000, title: 'Breathing problems' }] },
      '/api/reference/symptom-discriminators': {
        symptomDiscriminators: [
          { code: '14012', title: 'Wheeze not relieved by usual inhaler' },
          { code: '14013', title: 'New breathlessness on exertion' },
        ],
      },
      '/api/geo/areas': { areas: [] },
    };
    return new Response(JSON.stringify(replies[path] ?? {}), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderCase = () =>
  render(
    <AuthProvider>
      <CasePage params={{ id: 'case_1' }} />
    </AuthProvider>,
  );

describe('a reloaded case page labels the outcome from the disposition catalogue', () => {
  for (const [code, source] of [
    ['Dx05', 'clinician'],
    ['Dx07', 'triage'],
    ['Dx117', 'triage'],
  ] as const) {
    it(`${code} (from ${source}) is urgent advice, not non-urgent`, async () => {
      view = caseView(disposition(code, source));
      renderCase();
      const outcome = await screen.findByTestId('outcome');
      await waitFor(() => expect(outcome.querySelector('.nhsuk-card--care')).not.toBeNull());
      expect(outcome.querySelector('.nhsuk-card--care')!.className).toContain('nhsuk-card--care--urgent');
      expect(outcome.textContent).toContain('Urgent advice:');
      expect(outcome.textContent).not.toContain('Non-urgent advice');
    });
  }

  it('self-care stays non-urgent', async () => {
    view = caseView(disposition('Dx38', 'clinician'));
    renderCase();
    const outcome = await screen.findByTestId('outcome');
    await waitFor(() => expect(outcome.textContent).toContain('Non-urgent advice:'));
  });
});

describe('the clinician’s own outcome', () => {
  it('offers the symptom group and discriminator, the triage’s to start with, and sends the ones chosen', async () => {
    const entry: QueueEntry = {
      id: 'cq_1',
      caseId: 'case_1',
      reasons: ['validation'],
      disposition: 'Dx333',
      validationOf: 'Dx012',
      status: 'claimed',
      queuedAt: '2026-11-18T10:00:00Z',
      dueAt: '2026-11-18T10:30:00Z',
      claimedBy: CLINICIAN.id,
      claimedByName: CLINICIAN.name,
      claimedAt: '2026-11-18T10:01:00Z',
      attempts: [],
      outcome: null,
      finishedAt: null,
      finishedBy: null,
      level: null,
      warning: false,
      breached: false,
    };
    view = caseView({ ...disposition('Dx012', 'triage'), validation: { by: 'Dx333', status: 'pending' } }, [entry]);
    renderCase();
    const sd = (await screen.findByLabelText('Symptom discriminator')) as HTMLSelectElement;
    const sg = screen.getByLabelText('Symptom group') as HTMLSelectElement;
    await waitFor(() => expect(sd.options.length).toBe(3));
    expect(sg.value).toBe('11000');
    expect(sd.value).toBe('14012');

    fireEvent.change(screen.getByLabelText('Disposition'), { target: { value: 'Dx05' } });
    fireEvent.change(sd, { target: { value: '14013' } });
    fireEvent.change(screen.getByLabelText('Clinical summary'), { target: { value: 'Settled; breathless on exertion only' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record outcome' }));
    await waitFor(() => expect(posted.map((p) => p.path)).toContain('/api/queue/cq_1/outcome'));
    expect(posted.find((p) => p.path === '/api/queue/cq_1/outcome')!.body).toEqual({
      kind: 'disposition',
      disposition: 'Dx05',
      symptomGroup: 11000,
      symptomDiscriminator: '14013',
      summary: 'Settled; breathless on exertion only',
    });
  });
});
