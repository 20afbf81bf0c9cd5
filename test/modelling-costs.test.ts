// The commissioner's cost model over HTTP (issue 13, item 3): defaults until saved, a save is one
// transaction with its event and audit entry, bad figures and unknown organisations are a 400 naming
// the field, a stale save a 409, and a run priced by hand.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import { aService } from './builders';
import { testApp, type ApiBody, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type ModelReply = ApiReply<'/api/modelling/cost-model'>;
type Model = ModelReply['model'];

/** The shipped defaults, re-pointed at the test fixture's organisations. */
async function fixtureModel(): Promise<Model> {
  const { model } = (await t.request<ModelReply>('GET', '/api/modelling/cost-model', { as: 'commissioner' })).body;
  return {
    ...model,
    providers: { calls: 'ic24', clinicalAssessment: 'ic24', ed: 'ekhuft', ambulance: 'ekhuft', admissions: 'ekhuft' },
    keptOutOfHospital: { ...model.keptOutOfHospital, communityOrganisationId: 'ic24' },
    payments: { ekhuft: { kind: 'block', annualAmount: 1_000_000 } },
  };
}

const put = (body: unknown, headers: Record<string, string> = {}) => t.request('PUT', '/api/modelling/cost-model', { as: 'commissioner', body, headers });

describe('the cost model', () => {
  it('is the shipped defaults, cited, until someone saves one', async () => {
    const res = await t.request<ModelReply>('GET', '/api/modelling/cost-model', { as: 'commissioner' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organisationId: null, version: 0, updatedAt: null });
    expect(res.body.model.tariffs['non-elective-admission'].source).toMatch(/National Cost Collection/);
  });

  it('refuses negative tariffs, unknown activities and unknown organisations, naming each field, and writes nothing', async () => {
    const model = await fixtureModel();
    const negative = await put({ model: { ...model, tariffs: { ...model.tariffs, 'ed-attendance': { ...model.tariffs['ed-attendance'], unitCost: -1 } } } });
    expect(negative.status).toBe(400);
    expect((negative.body as ErrorReply).error.details.map((d) => d.path)).toContain('body.model.tariffs.ed-attendance.unitCost');
    const unknownActivity = await put({ model: { ...model, tariffs: { ...model.tariffs, 'helicopter-ride': model.tariffs['ed-attendance'] } } });
    expect(unknownActivity.status).toBe(400);
    expect((unknownActivity.body as ErrorReply).error.details.map((d) => d.path)).toContain('body.model.tariffs.helicopter-ride');
    const unknownOrganisation = await put({ model: { ...model, payments: { nowhere: { kind: 'activity' } }, providers: { ...model.providers, ambulance: 'no-such-trust' } } });
    expect(unknownOrganisation.status).toBe(400);
    expect((unknownOrganisation.body as ErrorReply).error.details.map((d) => d.path)).toEqual(['body.model.providers.ambulance', 'body.model.payments.nowhere']);
    const pooledWithoutBudget = await put({ model: { ...model, payments: { ekhuft: { kind: 'risk-pool' } } } });
    expect((pooledWithoutBudget.body as ErrorReply).error.details.map((d) => d.path)).toContain('body.model.riskPool');
    expect((await t.request<ModelReply>('GET', '/api/modelling/cost-model', { as: 'commissioner' })).body.version).toBe(0);
  });

  it('saves in one transaction with an event and an audit entry, once per Idempotency-Key, and refuses a stale save', async () => {
    const model = await fixtureModel();
    const headers = { 'idempotency-key': 'save-cost-model-1' };
    const saved = await put({ model, expectedVersion: 0 }, headers);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ organisationId: 'icb', version: 1, updatedByName: 'Test commissioner' });
    const replay = await put({ model, expectedVersion: 0 }, headers);
    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(1);
    const events = await sql<{ n: number }>`select count(*)::int as n from events where type = 'cost_model.saved'`.execute(t.signpost.platform.db);
    const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'cost_model.saved'`.execute(t.signpost.platform.db);
    expect(events.rows[0].n).toBe(1);
    expect(audits.rows[0].n).toBe(1);
    const read = await t.request<ModelReply>('GET', '/api/modelling/cost-model', { as: 'commissioner' });
    expect(read.body).toMatchObject({ organisationId: 'icb', version: 1 });
    expect(read.body.model.payments.ekhuft).toEqual({ kind: 'block', annualAmount: 1_000_000 });
    const stale = await put({ model, expectedVersion: 0 });
    expect(stale.status).toBe(409);
    expect((stale.body as ErrorReply).error.code).toBe('stale_version');
    expect((await put({ model, expectedVersion: 1 })).status).toBe(200);
  });

  it('applies an organisation’s saved model to the organisations below it', async () => {
    const model = await fixtureModel();
    const kchtCommissioner = { kind: 'user' as const, id: 'kcht-commissioner', name: 'KCHT commissioner', organisationId: 'kcht', roles: ['commissioner' as const] };
    const { model: parsed } = (await t.signpost.costs.forOrganisation(null));
    await t.signpost.costs.save(kchtCommissioner, { model: { ...parsed, ...model, population: 123_456 } as typeof parsed });
    const below = await t.signpost.costs.forOrganisation('kcht-nursing');
    expect(below).toMatchObject({ organisationId: 'kcht', version: 1 });
    expect(below.model.population).toBe(123_456);
    expect((await t.signpost.costs.forOrganisation('ekhuft')).version).toBe(0);
  });

  it('is for commissioners: others are refused', async () => {
    expect((await t.request('GET', '/api/modelling/cost-model', { as: 'callhandler' })).status).toBe(403);
    expect((await t.request('PUT', '/api/modelling/cost-model', { as: 'provider', body: { model: await fixtureModel() } })).status).toBe(403);
    expect((await t.request('GET', '/api/modelling/cost-model')).status).toBe(401);
  });
});

describe('pricing', () => {
  it('prices a run by hand: activity at the price, a block prorated, and the counterfactual', async () => {
    const model = await fixtureModel();
    const tariff = model.tariffs;
    const body: ApiBody<'/api/modelling/costs'> = {
      model: { ...model, payments: {} },
      run: {
        observedHours: 24 * 365,
        calls: { answered: 100 },
        clinical: { assessed: 10 },
        referrals: { 'ooh-1': { accepted: 20 } },
        acute: { edAttendances: 30, ambulanceResponses: 10, conveyances: 4, admissions: 8 },
      },
      services: [{ id: 'ooh-1', organisationId: 'ic24', serviceType: 25 }],
    };
    const res = await t.request<ApiReply<'/api/modelling/costs', 'post'>>('POST', '/api/modelling/costs', { as: 'commissioner', body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ic24 = res.body.costs.organisations.find((o) => o.organisationId === 'ic24')!;
    const ooh = 20 * (0.85 * tariff['ooh-consultation'].price + 0.15 * tariff['ooh-home-visit'].price);
    expect(ic24.income).toBeCloseTo(100 * tariff['nhs111-call'].price + 10 * tariff['clinical-assessment'].price + ooh, 6);
    const ekhuft = res.body.costs.organisations.find((o) => o.organisationId === 'ekhuft')!;
    expect(ekhuft.income).toBeCloseTo(
      30 * tariff['ed-attendance'].price + 6 * tariff['ambulance-see-and-treat'].price + 4 * tariff['ambulance-convey'].price + 8 * tariff['non-elective-admission'].price,
      6,
    );
    const activity = res.body.keptOutOfHospital!.views.find((v) => v.paymentModel === 'activity')!;
    expect(activity.organisations.find((o) => o.organisationId === 'ekhuft')!.incomeChange).toBeLessThan(0);
    const unknownService = await t.request('POST', '/api/modelling/costs', { as: 'commissioner', body: { ...body, services: [] } });
    expect(unknownService.status).toBe(400);
    expect((unknownService.body as ErrorReply).error.details[0].path).toBe('body.run.referrals.ooh-1');
  });

  it('prices the demo baseline with intervals, previewing an unsaved model', async () => {
    const model = await fixtureModel();
    const res = await t.request<ApiReply<'/api/modelling/costs/baseline', 'post'>>('POST', '/api/modelling/costs/baseline', { as: 'commissioner', body: { model } });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.replications).toBe(5);
    // The test directory is empty: the example community stands in for it.
    expect(res.body.source).toBe('example');
    expect(res.body.costs.commissionerCost.n).toBe(5);
    expect(res.body.costs.commissionerCost.low).toBeLessThanOrEqual(res.body.costs.commissionerCost.high);
    const names = new Map(res.body.organisations.map((o) => [o.id, o.name]));
    expect(names.get('ekhuft')).toBe('East Kent Hospitals');
    const ekhuft = res.body.costs.organisations.find((o) => o.organisationId === 'ekhuft')!;
    expect(ekhuft.payment).toBe('block');
    // Block: prorated 1,000,000 a year over 26 counted days, the same in every replication.
    expect(ekhuft.income.mean).toBeCloseTo((1_000_000 * 26) / 365, 3);
    const views = res.body.costs.keptOutOfHospital!.views;
    const margin = (kind: string, org: string) => views.find((v) => v.paymentModel === kind)!.organisations.find((o) => o.organisationId === org)!.marginChange;
    expect(margin('activity', 'ekhuft')).toBeLessThan(0);
    expect(margin('block', 'ekhuft')).toBeGreaterThan(0);
    for (const o of views.find((v) => v.paymentModel === 'risk-pool')!.organisations) expect(o.marginChange).toBeGreaterThan(0);
  });

  it('prices the community as the directory describes it once it has services (the simulated baseline is reused for ten minutes)', async () => {
    await t.signpost.directory.importServices(signpostItself, [ServiceProfileSchema.parse(aService({ name: 'Canterbury UTC' }))], { reason: 'test' });
    const ask = () => t.request<ApiReply<'/api/modelling/costs/baseline', 'post'>>('POST', '/api/modelling/costs/baseline', { as: 'commissioner', body: {} });
    expect((await ask()).body.source).toBe('example');
    t.clock.advance(11 * 60_000);
    const res = await ask();
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.source).toBe('directory');
    // The UTC (type 135) is priced as UTC attendances for its organisation.
    const kcht = res.body.costs.mean.organisations.find((o) => o.organisationId === 'kcht')!;
    expect(Object.keys(kcht.activity)).toEqual(['utc-attendance']);
    expect(res.body.organisations.find((o) => o.id === 'kcht')!.name).toBe('Kent Community Health');
  });
});
