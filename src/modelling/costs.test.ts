import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { defaultCostModel } from './cost-service';
import { ACTIVITIES, CostModel, PAYMENT_KINDS, parseCostModel, type ActivityKind, type ActivitySummary, type CostModelRaw, type ServiceDescriptor } from './cost-model';
import { activityLines, everyonePaidBy, keptOutOfHospital, priceLines, priceReplications, priceRun, servicesOf, type CostResult, type IncentiveView } from './costs';
import { simulate } from './engine';
import { exampleCommunity } from './example';
import { parseSimulationInput } from './model';
import { replicationSeed } from './random';

/** Hand-worked prices and costs; every other activity costs 10 and pays 10. */
const FIGURES: Partial<Record<ActivityKind, [price: number, unitCost: number, variableShare: number]>> = {
  'nhs111-call': [10, 8, 1],
  'clinical-assessment': [25, 20, 1],
  'ooh-consultation': [90, 80, 1],
  'ooh-home-visit': [150, 140, 0.9],
  'utc-attendance': [90, 100, 1],
  'ed-attendance': [300, 320, 0.5],
  'ambulance-see-and-treat': [300, 280, 1],
  'ambulance-convey': [450, 430, 0.6],
  'non-elective-admission': [2000, 2100, 0.5],
};

function model(overrides: Partial<CostModelRaw> = {}): CostModel {
  const tariffs = Object.fromEntries(
    ACTIVITIES.map((a) => {
      const [price, unitCost, variableShare] = FIGURES[a] ?? [10, 10, 1];
      return [a, { price, unitCost, variableShare, source: 'hand-worked test figure' }];
    }),
  );
  return parseCostModel({
    tariffs,
    providers: { calls: 'nhs111', clinicalAssessment: 'nhs111', ed: 'acute', ambulance: 'ambulance', admissions: 'acute' },
    serviceActivity: { byServiceType: { '25': { 'ooh-consultation': 0.8, 'ooh-home-visit': 0.2 }, '135': 'utc-attendance' } },
    population: 1_000_000,
    keptOutOfHospital: { communityOrganisationId: 'ooh' },
    ...overrides,
  });
}

const SERVICES: ServiceDescriptor[] = [
  { id: 'ooh-1', organisationId: 'ooh', serviceType: 25 },
  { id: 'utc-1', organisationId: 'acute', serviceType: 135 },
];

const YEAR = 365 * 24;
function run(observedHours = YEAR): ActivitySummary {
  return {
    observedHours,
    calls: { answered: 1000 },
    clinical: { assessed: 200 },
    referrals: { 'ooh-1': { accepted: 100 }, 'utc-1': { accepted: 50 } },
    acute: { edAttendances: 300, ambulanceResponses: 100, conveyances: 60, admissions: 80 },
  };
}

const org = (result: CostResult, id: string) => result.organisations.find((o) => o.organisationId === id)!;
const view = (views: IncentiveView[], kind: IncentiveView['paymentModel']) => views.find((v) => v.paymentModel === kind)!;
const change = (v: IncentiveView, id: string) => v.organisations.find((o) => o.organisationId === id)!;

describe('activity from a run', () => {
  it('turns counters into activity per organisation, splitting OOH referrals and deriving see-and-treat', () => {
    const lines = activityLines(model(), run(), SERVICES);
    const count = (organisationId: string, activity: ActivityKind) => lines.find((l) => l.organisationId === organisationId && l.activity === activity)?.count;
    expect(count('nhs111', 'nhs111-call')).toBe(1000);
    expect(count('nhs111', 'clinical-assessment')).toBe(200);
    expect(count('ooh', 'ooh-consultation')).toBe(80);
    expect(count('ooh', 'ooh-home-visit')).toBe(20);
    expect(count('acute', 'utc-attendance')).toBe(50);
    expect(count('acute', 'ed-attendance')).toBe(300);
    expect(count('acute', 'non-elective-admission')).toBe(80);
    expect(count('ambulance', 'ambulance-see-and-treat')).toBe(40);
    expect(count('ambulance', 'ambulance-convey')).toBe(60);
  });

  it('refuses a referral to a service it was not told about, naming it', () => {
    const bad = { ...run(), referrals: { ...run().referrals, 'mystery-1': { accepted: 3 } } };
    try {
      activityLines(model(), bad, SERVICES);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details[0].path).toBe('referrals.mystery-1');
    }
  });

  it('uses the rule for the service id before its type and its organisation', () => {
    const m = model({ serviceActivity: { byService: { 'ooh-1': 'gp-appointment' }, byServiceType: { '25': 'ooh-consultation' }, byOrganisation: { ooh: 'ooh-home-visit' } } });
    expect(activityLines(m, run(), SERVICES).find((l) => l.organisationId === 'ooh')!.activity).toBe('gp-appointment');
  });
});

describe('pricing by activity (worked by hand)', () => {
  const result = priceRun(model(), run(), SERVICES);

  it('pays each organisation its activity at the price and costs it at the unit cost', () => {
    // 111: 1000 × £10 + 200 × £25 = £15,000; cost 1000 × £8 + 200 × £20 = £12,000.
    expect(org(result, 'nhs111')).toMatchObject({ payment: 'activity', income: 15_000, cost: 12_000, margin: 3_000 });
    // OOH: 80 × £90 + 20 × £150 = £10,200; cost 80 × £80 + 20 × £140 = £9,200.
    expect(org(result, 'ooh')).toMatchObject({ income: 10_200, cost: 9_200, margin: 1_000 });
    // Acute: UTC 50 × £90 + ED 300 × £300 + admissions 80 × £2,000 = £254,500;
    // cost 50 × £100 + 300 × £320 + 80 × £2,100 = £269,000.
    expect(org(result, 'acute')).toMatchObject({ income: 254_500, cost: 269_000, margin: -14_500 });
    // Ambulance: 40 × £300 + 60 × £450 = £39,000; cost 40 × £280 + 60 × £430 = £37,000.
    expect(org(result, 'ambulance')).toMatchObject({ income: 39_000, cost: 37_000, margin: 2_000 });
    expect(result.commissionerCost).toBe(15_000 + 10_200 + 254_500 + 39_000);
    expect(result.years).toBe(1);
  });
});

describe('payment models', () => {
  const HALF_YEAR = YEAR / 2;

  it('prorates a block contract to the run and ignores activity', () => {
    const m = model({ payments: { ooh: { kind: 'block', annualAmount: 12_000 } } });
    const half = priceRun(m, run(HALF_YEAR), SERVICES);
    expect(org(half, 'ooh')).toMatchObject({ payment: 'block', income: 6_000, cost: 9_200, margin: -3_200 });
    const busier = priceRun(m, { ...run(HALF_YEAR), referrals: { 'ooh-1': { accepted: 300 }, 'utc-1': { accepted: 50 } } }, SERVICES);
    expect(org(busier, 'ooh').income).toBe(6_000);
    expect(org(busier, 'ooh').cost).toBe(3 * 9_200);
  });

  it('pays capitation per head a year, prorated, from its own or the model population', () => {
    const m = model({ payments: { ambulance: { kind: 'capitation', perHeadPerYear: 0.05 }, ooh: { kind: 'capitation', perHeadPerYear: 2, population: 10_000 } } });
    const half = priceRun(m, run(HALF_YEAR), SERVICES);
    expect(org(half, 'ambulance').income).toBeCloseTo(0.05 * 1_000_000 * 0.5, 6);
    expect(org(half, 'ooh').income).toBeCloseTo(2 * 10_000 * 0.5, 6);
  });

  it('pays risk-pool members their costs plus their part of the saving against the budget', () => {
    const m = model({
      payments: { acute: { kind: 'risk-pool', weight: 3 }, ambulance: { kind: 'risk-pool', weight: 1 } },
      riskPool: { annualBudget: 310_000, providersShare: 0.4 },
    });
    const result = priceRun(m, run(), SERVICES);
    // Members' cost 269,000 + 37,000 = 306,000; saving 4,000; providers keep 40% = 1,600, split 3:1.
    expect(result.riskPool).toEqual({ budget: 310_000, membersCost: 306_000, saving: 4_000, providersShare: 0.4 });
    expect(org(result, 'acute')).toMatchObject({ income: 269_000 + 1_200, margin: 1_200 });
    expect(org(result, 'ambulance')).toMatchObject({ income: 37_000 + 400, margin: 400 });
    // Over budget, members share the overspend.
    const over = priceRun({ ...m, riskPool: { annualBudget: 300_000, providersShare: 0.4 } }, run(), SERVICES);
    expect(org(over, 'acute').margin).toBeCloseTo(-0.4 * 6_000 * 0.75, 6);
  });

  it('refuses risk-pool members without a pool budget, naming the field', () => {
    const raw = { ...model(), payments: { acute: { kind: 'risk-pool' } }, riskPool: undefined };
    const parsed = CostModel.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain('riskPool');
  });

  it('names negative tariffs, unknown activities and bad splits', () => {
    const base = model();
    const parsed = CostModel.safeParse({
      ...base,
      tariffs: { ...base.tariffs, 'ed-attendance': { ...base.tariffs['ed-attendance'], price: -5 }, 'helicopter-ride': base.tariffs['ed-attendance'] },
      serviceActivity: { byServiceType: { '25': { 'ooh-consultation': 0.5 } } },
      keptOutOfHospital: { avoided: { 'space-flight': 1 } },
    });
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['tariffs.ed-attendance.price', 'tariffs.helicopter-ride', 'serviceActivity.byServiceType.25', 'keptOutOfHospital.avoided.space-flight']));
  });
});

describe('the patient kept out of hospital', () => {
  const baseline = priceRun(model(), run(), SERVICES);
  const { changes, views } = keptOutOfHospital(model(), baseline);

  it('takes the admission, ED attendance and conveyance from whoever delivers them and adds an OOH home visit', () => {
    expect(changes).toEqual([
      { organisationId: 'acute', activity: 'non-elective-admission', count: -1 },
      { organisationId: 'acute', activity: 'ed-attendance', count: -1 },
      { organisationId: 'ambulance', activity: 'ambulance-convey', count: -1 },
      { organisationId: 'ooh', activity: 'ooh-home-visit', count: 1 },
    ]);
  });

  it('under activity payment the acute trust loses income and margin; the OOH provider gains', () => {
    const v = view(views, 'activity');
    // Acute: income −(2,000 + 300); short-run cost −(2,100 × 0.5 + 320 × 0.5) = −1,210.
    expect(change(v, 'acute')).toMatchObject({ incomeChange: -2_300, costChange: -1_210, marginChange: -1_090 });
    // Ambulance: −450 income, −430 × 0.6 = −258 cost.
    expect(change(v, 'ambulance').marginChange).toBeCloseTo(-192, 6);
    // OOH: +150 income, +140 × 0.9 = +126 cost.
    expect(change(v, 'ooh').marginChange).toBeCloseTo(24, 6);
    expect(v.commissionerChange).toBeCloseTo(-2_300 - 450 + 150, 6);
  });

  it('under a block contract income does not move: the acute trust gains margin, the OOH provider pays for the extra visit', () => {
    const v = view(views, 'block');
    for (const o of v.organisations) expect(o.incomeChange).toBeCloseTo(0, 6);
    expect(change(v, 'acute').marginChange).toBeCloseTo(1_210, 6);
    expect(change(v, 'ooh').marginChange).toBeCloseTo(-126, 6);
    expect(v.commissionerChange).toBeCloseTo(0, 6);
  });

  it('under capitation, as under a block, income does not move', () => {
    const v = view(views, 'capitation');
    for (const o of v.organisations) expect(o.incomeChange).toBeCloseTo(0, 6);
    expect(change(v, 'ooh').marginChange).toBeLessThan(0);
  });

  it('under a shared risk pool every organisation gains, and so does the commissioner', () => {
    const v = view(views, 'risk-pool');
    // System short-run saving 1,210 + 258 − 126 = 1,342; providers keep half, split equally over four.
    for (const o of v.organisations) expect(o.marginChange).toBeCloseTo((1_342 * 0.5) / 4, 6);
    expect(v.commissionerChange).toBeCloseTo(-1_342 * 0.5, 6);
  });

  it('as configured, follows each organisation’s own payment model', () => {
    const m = model({ payments: { acute: { kind: 'block', annualAmount: 250_000 } } });
    const v = view(keptOutOfHospital(m, priceRun(m, run(), SERVICES)).views, 'as-configured');
    expect(change(v, 'acute').incomeChange).toBeCloseTo(0, 6);
    expect(change(v, 'ambulance').incomeChange).toBeCloseTo(-450, 6);
  });

  it('calibrated for the baseline: blocks and capitation pay what activity would, the pool pays the costs', () => {
    // The calibration: blocks and capitation worth the baseline's activity, a pool budget of its cost.
    for (const kind of PAYMENT_KINDS) {
      const priced = priceLines(everyonePaidBy(model(), baseline, kind), baseline.lines, baseline.observedHours);
      expect(priced.commissionerCost, kind).toBeCloseTo(kind === 'risk-pool' ? 12_000 + 9_200 + 269_000 + 37_000 : baseline.commissionerCost, 6);
    }
  });
});

describe('replications', () => {
  it('gives each organisation’s mean and 95% interval (Student’s t) and prices the mean activity', () => {
    const a = run();
    const b = { ...run(), calls: { answered: 3000 } };
    const priced = priceReplications(model(), [a, b], SERVICES);
    const income = priced.organisations.find((o) => o.organisationId === 'nhs111')!.income;
    // 111 income: 15,000 and 35,000 (2,000 more calls at £10). Mean 25,000; sd 14,142; t(1) = 12.706.
    expect(income.mean).toBeCloseTo(25_000, 6);
    expect(income.halfWidth).toBeCloseTo((12.706 * Math.sqrt(2e8)) / Math.sqrt(2), 3);
    expect(priced.mean.organisations.find((o) => o.organisationId === 'nhs111')!.activity['nhs111-call']).toBe(2000);
    expect(priced.commissionerCost.mean).toBeCloseTo(318_700 + 10_000, 6);
    expect(priced.keptOutOfHospital!.views).toHaveLength(5);
  });
});

describe('the shipped defaults and a simulated run', () => {
  it('load, validate and cite a source for every activity', () => {
    const defaults = defaultCostModel();
    for (const activity of ACTIVITIES) {
      expect(defaults.tariffs[activity].source.length).toBeGreaterThan(10);
      expect(defaults.tariffs[activity].unitCost).toBeGreaterThan(0);
    }
  });

  it('prices replications of the example community with intervals, and the incentive signs hold on it', () => {
    const input = parseSimulationInput(exampleCommunity({ population: 100_000, horizonDays: 14, warmUpDays: 2 }));
    const services = servicesOf(input);
    expect(servicesOf(input, (id) => (id.endsWith('-ooh') ? 25 : undefined)).find((s) => s.id === 'area-1-ooh')!.serviceType).toBe(25);
    const m = model({
      providers: { calls: 'nhs111', clinicalAssessment: 'nhs111', ed: 'acute-trust', ambulance: 'ambulance', admissions: 'acute-trust' },
      serviceActivity: { byOrganisation: { 'ooh-provider': 'ooh-consultation', 'acute-trust': 'utc-attendance', 'dental-network': 'dental-urgent', 'community-pharmacy': 'pharmacy-consultation' } },
      keptOutOfHospital: {},
    });
    const runs = [0, 1, 2].map((i) => simulate(input, replicationSeed(input.seed, i)));
    const priced = priceReplications(m, runs, services);
    expect(priced.replications).toBe(3);
    expect(priced.keptOutOfHospital).toBeNull();
    expect(priced.unavailable).toMatch(/communityOrganisationId/);
    const single = priceRun(m, runs[0], services);
    const acuteIncome = priced.organisations.find((o) => o.organisationId === 'acute-trust')!.income;
    expect(acuteIncome.low).toBeLessThanOrEqual(acuteIncome.mean);
    expect(acuteIncome.mean).toBeGreaterThan(0);
    expect(single.commissionerCost).toBeCloseTo(single.organisations.reduce((a, o) => a + o.income, 0), 6);
    // The OOH home visit goes to whoever does most of it: nobody here, so nothing is attributed without a community organisation.
    expect(() => keptOutOfHospital(m, single)).toThrow(/communityOrganisationId/);
    const withCommunity = { ...m, keptOutOfHospital: { ...m.keptOutOfHospital, communityOrganisationId: 'ooh-provider' } };
    const views = keptOutOfHospital(withCommunity, single).views;
    expect(change(view(views, 'activity'), 'acute-trust').incomeChange).toBeLessThan(0);
    expect(change(view(views, 'block'), 'acute-trust').marginChange).toBeGreaterThan(0);
    for (const o of view(views, 'risk-pool').organisations) expect(o.marginChange).toBeGreaterThan(0);
  });
});

describe('invariants on random runs and payment models', () => {
  const counts = fc.record({
    answered: fc.nat(100_000),
    assessed: fc.nat(20_000),
    ooh: fc.nat(10_000),
    utc: fc.nat(10_000),
    ed: fc.nat(20_000),
    responses: fc.nat(10_000),
    conveyedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    admissions: fc.nat(5_000),
    hours: fc.integer({ min: 1, max: 5 * 8760 }),
  });
  const payment = fc.oneof(
    fc.constant({ kind: 'activity' as const }),
    fc.record({ kind: fc.constant('block' as const), annualAmount: fc.integer({ min: 0, max: 50_000_000 }) }),
    fc.record({ kind: fc.constant('capitation' as const), perHeadPerYear: fc.integer({ min: 0, max: 200 }) }),
    fc.record({ kind: fc.constant('risk-pool' as const), weight: fc.integer({ min: 1, max: 5 }) }),
  );
  const toRun = (c: { answered: number; assessed: number; ooh: number; utc: number; ed: number; responses: number; conveyedShare: number; admissions: number; hours: number }): ActivitySummary => ({
    observedHours: c.hours,
    calls: { answered: c.answered },
    clinical: { assessed: c.assessed },
    referrals: { 'ooh-1': { accepted: c.ooh }, 'utc-1': { accepted: c.utc } },
    acute: { edAttendances: c.ed, ambulanceResponses: c.responses, conveyances: Math.floor(c.responses * c.conveyedShare), admissions: c.admissions },
  });

  it('the commissioner pays what the organisations receive; activity is priced at the price; a pool pays costs plus the providers’ share of the saving', () => {
    fc.assert(
      fc.property(counts, fc.tuple(payment, payment, payment, payment), fc.integer({ min: 0, max: 100_000_000 }), (c, [p111, pOoh, pAcute, pAmb], budget) => {
        const m = model({ payments: { nhs111: p111, ooh: pOoh, acute: pAcute, ambulance: pAmb }, riskPool: { annualBudget: budget, providersShare: 0.5 } });
        const result = priceRun(m, toRun(c), SERVICES);
        const total = result.organisations.reduce((a, o) => a + o.income, 0);
        expect(result.commissionerCost).toBeCloseTo(total, 3);
        for (const o of result.organisations) {
          expect(o.margin).toBeCloseTo(o.income - o.cost, 3);
          if (o.payment === 'activity') expect(o.income).toBeCloseTo(o.activityValue, 3);
        }
        const members = result.organisations.filter((o) => o.payment === 'risk-pool');
        if (members.length) {
          const paid = members.reduce((a, o) => a + o.income, 0);
          const cost = members.reduce((a, o) => a + o.cost, 0);
          expect(paid).toBeCloseTo(cost + 0.5 * (budget * result.years - cost), 2);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a block or capitation pays the same whatever the activity; activity payment rises with it', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 10 }), (c, factor) => {
        const m = model({ payments: { ooh: { kind: 'block', annualAmount: 1_000_000 }, ambulance: { kind: 'capitation', perHeadPerYear: 5 } } });
        const once = priceRun(m, toRun(c), SERVICES);
        const more = priceRun(m, toRun({ ...c, ooh: c.ooh * factor, responses: c.responses * factor, ed: c.ed * factor }), SERVICES);
        expect(org(more, 'ooh').income).toBeCloseTo(org(once, 'ooh').income, 6);
        expect(org(more, 'ambulance').income).toBeCloseTo(org(once, 'ambulance').income, 6);
        expect(org(more, 'acute').income).toBeGreaterThanOrEqual(org(once, 'acute').income);
      }),
      { numRuns: 100 },
    );
  });
});
