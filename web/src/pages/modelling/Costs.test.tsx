// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import { Costs } from './Costs';

// A canvas chart cannot draw in happy-dom: stand in for it with its text alternative.
vi.mock('react-chartjs-2', () => ({ Bar: (props: { 'aria-label': string }) => <div role="img" aria-label={props['aria-label']} /> }));

const me = { actor: { kind: 'user', id: 'u1', name: 'Dev Shah', organisationId: 'icb', roles: ['commissioner'] } };
const tariff = (price: number, source: string) => ({ price, unitCost: price, variableShare: 0.5, source });
const model = {
  currency: 'GBP',
  tariffs: { 'non-elective-admission': tariff(2000, 'National Cost Collection 2021/22'), 'ooh-home-visit': tariff(150, 'PSSRU 2022') },
  providers: { calls: 'ic24', clinicalAssessment: 'ic24', ed: 'ekhuft', ambulance: 'amb', admissions: 'ekhuft' },
  serviceActivity: { byService: {}, byServiceType: {}, byOrganisation: {}, default: 'gp-appointment' },
  payments: {},
  population: 700000,
  keptOutOfHospital: { avoided: { 'non-elective-admission': 1 }, added: { 'ooh-home-visit': 1 }, communityOrganisationId: 'ic24' },
};
const interval = (mean: number) => ({ n: 5, mean, halfWidth: 10, low: mean - 10, high: mean + 10 });
const org = (organisationId: string, income: number, cost: number) => ({ organisationId, payment: 'activity', income: interval(income), cost: interval(cost), margin: interval(income - cost) });
const view = (paymentModel: string, ekhuft: number, ic24: number, commissionerChange: number) => ({
  paymentModel,
  organisations: [
    { organisationId: 'ekhuft', incomeChange: 0, costChange: 0, marginChange: ekhuft },
    { organisationId: 'ic24', incomeChange: 0, costChange: 0, marginChange: ic24 },
    // A practice nothing happens to, except its part of a pool's saving.
    { organisationId: 'gp1', incomeChange: 0, costChange: 0, marginChange: paymentModel === 'risk-pool' ? 200 : 0 },
  ],
  commissionerChange,
});
const baseline = {
  source: 'example',
  description: 'The example community.',
  population: 700000,
  horizonDays: 28,
  replications: 5,
  organisations: [
    { id: 'ekhuft', name: 'East Kent Hospitals' },
    { id: 'ic24', name: 'IC24' },
    { id: 'gp1', name: 'Abbey Practice' },
  ],
  costs: {
    replications: 5,
    commissionerCost: interval(1_000_000),
    organisations: [org('ekhuft', 800_000, 820_000), org('ic24', 200_000, 150_000)],
    mean: { observedHours: 624, years: 0.07, commissionerCost: 1_000_000, organisations: [], lines: [] },
    keptOutOfHospital: {
      changes: [
        { organisationId: 'ekhuft', activity: 'non-elective-admission', count: -1 },
        { organisationId: 'ic24', activity: 'ooh-home-visit', count: 1 },
      ],
      views: [view('as-configured', -1000, 15, -1850), view('activity', -1000, 15, -1850), view('block', 1000, -135, 0), view('capitation', 1000, -135, 0), view('risk-pool', 200, 200, -400)],
    },
  },
};

let calls: { method: string; url: string; body: unknown }[] = [];
let putAnswer: { status: number; json: unknown };

beforeEach(() => {
  calls = [];
  putAnswer = { status: 200, json: { organisationId: 'icb', version: 1, updatedAt: '2026-12-02T07:00:00Z', updatedByName: 'Dev Shah', model } };
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url).pathname;
    if (url === '/api/auth/me') return new Response(JSON.stringify(me), { status: 200 });
    const text = await request.text();
    calls.push({ method: request.method, url, body: text ? JSON.parse(text) : undefined });
    if (url === '/api/modelling/cost-model' && request.method === 'GET') return new Response(JSON.stringify({ organisationId: null, version: 0, updatedAt: null, updatedByName: null, model }), { status: 200 });
    if (url === '/api/modelling/cost-model' && request.method === 'PUT') return new Response(JSON.stringify(putAnswer.json), { status: putAnswer.status });
    if (url === '/api/modelling/costs/baseline') return new Response(JSON.stringify(baseline), { status: 200 });
    return new Response('{}', { status: 404 });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function open() {
  render(
    <AuthProvider>
      <Costs />
    </AuthProvider>,
  );
  await screen.findByRole('heading', { name: 'Costs and payment' });
  await screen.findByTestId('commissioner-cost');
}

describe('Costs and payment', () => {
  it('shows the tariffs with their sources, the commissioner’s cost and who gains or loses under each payment model', async () => {
    await open();
    expect(screen.getByText('National Cost Collection 2021/22')).toBeTruthy();
    expect(screen.getByTestId('commissioner-cost').textContent).toMatch(/£1,000,000/);
    const table = screen.getByText('Change in margin (income less cost) for each organisation').closest('table')!;
    const acute = within(table).getByText('East Kent Hospitals').closest('tr')!;
    // As configured, by activity, block, capitation, risk pool.
    expect([...acute.querySelectorAll('td')].slice(1).map((td) => td.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'As configured -£1,000',
      'By activity -£1,000',
      'Block contract +£1,000',
      'Capitation +£1,000',
      'Shared risk pool +£200',
    ]);
    const others = within(table).getByText('Each of the 1 other organisations (e.g. Abbey Practice)').closest('tr')!;
    expect(others.textContent).toMatch(/\+£200/);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/East Kent Hospitals: income £800,000, margin -£20,000/);
  });

  it('sends an edited price and a chosen block contract with the version it edited, and previews them on the baseline', async () => {
    await open();
    const price = screen.getByLabelText('Price of Non-elective admission');
    fireEvent.change(price, { target: { value: '2500' } });
    fireEvent.blur(price);
    const payment = screen.getByTestId('payment-ekhuft');
    fireEvent.change(within(payment).getByLabelText('Paid by'), { target: { value: 'block' } });
    const block = within(payment).getByLabelText('Block a year (£)');
    fireEvent.change(block, { target: { value: '9000000' } });
    fireEvent.blur(block);
    fireEvent.click(screen.getByRole('button', { name: 'Save the cost model' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT')!.body as { model: typeof model & { payments: Record<string, unknown> }; expectedVersion: number };
    expect(put.expectedVersion).toBe(0);
    expect(put.model.tariffs['non-elective-admission'].price).toBe(2500);
    expect(put.model.payments.ekhuft).toEqual({ kind: 'block', annualAmount: 9_000_000 });
    await screen.findByText(/Saved: version 1/);
  });

  it('shows the server’s refusal naming the field', async () => {
    putAnswer = { status: 400, json: { error: { code: 'invalid_request', message: 'body.model.payments.nowhere: unknown organisation "nowhere"', details: [{ path: 'body.model.payments.nowhere', message: 'unknown organisation "nowhere"' }] } } };
    await open();
    fireEvent.click(screen.getByRole('button', { name: 'Save the cost model' }));
    const shown = await screen.findAllByText(/body\.model\.payments\.nowhere: unknown organisation "nowhere"$/);
    expect(shown.length).toBeGreaterThan(0);
  });
});
