// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScenarioEditor } from './ScenarioEditor';

const baseline = {
  population: 720500,
  contactsPerYear: 216150,
  contactsPerPersonYear: 0.3,
  areas: [{ code: 'ek-thanet', name: 'Thanet', population: 150500, contactsPerYear: 45150 }],
  ageBands: [{ id: '0y-1y', share: 0.05 }],
  services: { included: 1, excluded: [] },
  byServiceType: [],
  organisations: 1,
  callHandlerHoursPerWeek: 1322,
  clinicianHoursPerWeek: 493,
  areaNames: [{ code: 'ek-thanet', name: 'Thanet' }],
  dispositionGroups: [{ id: 'contact-primary-care', route: 'service' }],
  serviceList: [{ id: '42', name: 'Thanet OOH base', organisationId: 'demo-iuc-ooh', typeId: 25, capacityPerHour: 6 }],
  organisationList: [{ id: 'demo-iuc-ooh', name: 'GP out-of-hours' }],
  allOrganisations: [{ id: 'demo-iuc-ooh', name: 'GP out-of-hours' }],
  oohServiceIds: ['42'],
};

let calls: { method: string; url: string; body: unknown; key: string | null }[] = [];
let answer: (method: string, url: string) => { status: number; json: unknown } = () => ({ status: 200, json: {} });

beforeEach(() => {
  calls = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url).pathname;
    if (url === '/api/modelling/baseline') return new Response(JSON.stringify(baseline), { status: 200 });
    const text = await request.text();
    calls.push({ method: request.method, url, body: text ? JSON.parse(text) : undefined, key: request.headers.get('idempotency-key') });
    const { status, json } = answer(request.method, url);
    return new Response(JSON.stringify(json), { status });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the scenario editor', () => {
  it('builds a flu surge from the form (no JSON typed) and saves it', async () => {
    answer = () => ({ status: 201, json: { id: 's1', name: 'Flu', description: '', owner: { userId: 'u', displayName: 'Dev' }, sharedWithCommissioners: false, replications: 20, horizonDays: 28, seed: 2026, changes: [], createdAt: '2026-12-02T07:00:00Z', updatedAt: '2026-12-02T07:00:00Z', mine: true } });
    render(<ScenarioEditor params={{ id: 'new' }} />);
    await screen.findByRole('heading', { name: 'New scenario' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Flu' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.change(await screen.findByLabelText('Change in demand (%)'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText(/From day/), { target: { value: '14' } });
    fireEvent.change(screen.getByLabelText('For how many days'), { target: { value: '21' } });
    fireEvent.click(screen.getByLabelText('Thanet'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/modelling/scenarios' });
    expect((calls[0].body as { changes: unknown[] }).changes).toEqual([{ kind: 'demand-surge', percent: 30, startDay: 14, days: 21, areas: ['ek-thanet'] }]);
  });

  it('shows the server’s refusal beside the field of the change at fault', async () => {
    answer = () => ({ status: 400, json: { error: { code: 'invalid_request', message: 'body.changes.0.percent: Too small', details: [{ path: 'body.changes.0.percent', message: 'must be at least -100' }] } } });
    render(<ScenarioEditor params={{ id: 'new' }} />);
    await screen.findByRole('heading', { name: 'New scenario' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.change(await screen.findByLabelText('Change in demand (%)'), { target: { value: '-300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findAllByText('must be at least -100')).length).toBeGreaterThan(0);
  });

  it('starts a run with an Idempotency-Key after saving', async () => {
    const saved = { id: 's1', name: 'Flu', description: '', owner: { userId: 'u', displayName: 'Dev' }, sharedWithCommissioners: false, replications: 20, horizonDays: 28, seed: 2026, changes: [], createdAt: '2026-12-02T07:00:00Z', updatedAt: '2026-12-02T07:00:00Z', mine: true };
    answer = (method, url) => (url === '/api/modelling/runs' ? { status: 202, json: { id: 'r1', scenarioId: 's1', scenarioName: 'Flu', status: 'queued', replications: 20, done: 0, startedBy: 'u', startedAt: '2026-12-02T07:00:00Z', finishedAt: null, error: null, results: null } } : { status: 201, json: saved });
    render(<ScenarioEditor params={{ id: 'new' }} />);
    await screen.findByRole('heading', { name: 'New scenario' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Flu' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and run' }));
    await waitFor(() => expect(calls.map((c) => c.url)).toEqual(['/api/modelling/scenarios', '/api/modelling/runs']));
    expect(calls[1].body).toEqual({ scenarioId: 's1' });
    expect(calls[1].key).toMatch(/^[0-9a-f-]{36}$/);
  });
});
