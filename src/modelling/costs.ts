/**
 * Costs and incentives of a simulated run (issue 13, item 3). Pure: a cost model and a run's
 * activity in, money out — no I/O, no clock.
 *
 * - `activityLines` turns a run's counters into activity per organisation: 111 calls answered,
 *   clinical assessments, each service's accepted referrals (split between activities by the cost
 *   model's rules), ED attendances, ambulance responses (seen and treated = responses − conveyances),
 *   conveyances and admissions.
 * - `priceRun` prices them: each organisation's income under its payment model, its cost (activity ×
 *   unit cost) and margin, and the commissioner's cost (what it pays everyone).
 * - `keptOutOfHospital` shows who gains and who loses when one admission, its ED attendance and its
 *   conveyance are avoided and the patient is seen in the community instead — under the payment
 *   models as configured and under each payment model applied to everyone, so the perverse incentive
 *   is visible. Short-run cost changes use each activity's variable share: beds and rotas stay.
 * - `priceReplications` gives means and 95% intervals over replications.
 */
import { AppError, badRequest, unprocessable } from '../platform/errors';
import {
  ACTIVITIES,
  type ActivityKind,
  type ActivitySplit,
  type ActivitySummary,
  type CostModel,
  type PaymentKind,
  type PaymentModel,
  PAYMENT_KINDS,
  type ServiceDescriptor,
} from './cost-model';
import { interval, type Interval } from './replications';

export const HOURS_PER_YEAR = 365 * 24;

export interface ActivityLine {
  organisationId: string;
  activity: ActivityKind;
  count: number;
}

export interface OrganisationCosts {
  organisationId: string;
  payment: PaymentKind;
  /** activity delivered, by kind */
  activity: Partial<Record<ActivityKind, number>>;
  /** what its activity would earn at the tariff's prices, whatever it is actually paid */
  activityValue: number;
  income: number;
  /** activity × unit cost */
  cost: number;
  margin: number;
}

export interface RiskPoolResult {
  budget: number;
  membersCost: number;
  /** budget − members' cost; negative is an overspend the members share */
  saving: number;
  providersShare: number;
}

export interface CostResult {
  observedHours: number;
  /** the run's length in years (block and capitation are prorated to it) */
  years: number;
  /** what the commissioner pays all organisations */
  commissionerCost: number;
  organisations: OrganisationCosts[];
  riskPool?: RiskPoolResult;
  lines: ActivityLine[];
}

/** The activity kinds the simulator counts outside services, and who delivers each. */
const SYSTEM_ACTIVITY: Partial<Record<ActivityKind, keyof CostModel['providers']>> = {
  'nhs111-call': 'calls',
  'clinical-assessment': 'clinicalAssessment',
  'ed-attendance': 'ed',
  'ambulance-see-and-treat': 'ambulance',
  'ambulance-convey': 'ambulance',
  'non-elective-admission': 'admissions',
};

/** How one service's accepted referrals become activity: by id, then service type, then organisation, else the default. */
export function activitySplitOf(model: CostModel, service: ServiceDescriptor): ActivitySplit {
  const rules = model.serviceActivity;
  return (
    rules.byService[service.id] ??
    (service.serviceType !== undefined ? rules.byServiceType[String(service.serviceType)] : undefined) ??
    rules.byOrganisation[service.organisationId] ??
    rules.default
  );
}

/**
 * A run's counters as activity per organisation. Every service and every system provider gets a
 * line (zero when idle) so organisations stay the same from run to run. A referral to a service
 * not among `services` is a 400 naming it.
 */
export function activityLines(model: CostModel, run: ActivitySummary, services: readonly ServiceDescriptor[]): ActivityLine[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  const unknown = Object.keys(run.referrals).filter((id) => !byId.has(id));
  if (unknown.length) {
    throw badRequest(
      `referrals.${unknown[0]}: unknown service "${unknown[0]}"`,
      unknown.map((id) => ({ path: `referrals.${id}`, message: `unknown service "${id}": give its organisation in services` })),
    );
  }
  const totals = new Map<string, ActivityLine>();
  const add = (organisationId: string, activity: ActivityKind, count: number) => {
    const key = `${organisationId}\u0000${activity}`;
    const line = totals.get(key);
    if (line) line.count += count;
    else totals.set(key, { organisationId, activity, count });
  };
  const p = model.providers;
  add(p.calls, 'nhs111-call', run.calls.answered);
  add(p.clinicalAssessment, 'clinical-assessment', run.clinical.assessed);
  for (const service of services) {
    const accepted = run.referrals[service.id]?.accepted ?? 0;
    const split = activitySplitOf(model, service);
    if (typeof split === 'string') add(service.organisationId, split, accepted);
    else for (const [activity, share] of Object.entries(split)) add(service.organisationId, activity as ActivityKind, accepted * share);
  }
  add(p.ed, 'ed-attendance', run.acute.edAttendances);
  add(p.ambulance, 'ambulance-see-and-treat', Math.max(0, run.acute.ambulanceResponses - run.acute.conveyances));
  add(p.ambulance, 'ambulance-convey', run.acute.conveyances);
  add(p.admissions, 'non-elective-admission', run.acute.admissions);
  return [...totals.values()];
}

/**
 * The services of a simulation input as the pricing needs them. Give each one's directory service
 * type when it is known (the cost model's `serviceActivity.byServiceType` turns type 25 into OOH
 * consultations and home visits, 135 into UTC attendances …); without it the rules by service id and
 * organisation apply, then the default.
 */
export function servicesOf(
  input: { services?: readonly { id: string; organisationId: string }[] },
  serviceType: (serviceId: string) => number | string | undefined = () => undefined,
): ServiceDescriptor[] {
  return (input.services ?? []).map((s) => ({ id: s.id, organisationId: s.organisationId, serviceType: serviceType(s.id) }));
}

/** Prices a run: income, cost and margin per organisation and the commissioner's cost. */
export function priceRun(model: CostModel, run: ActivitySummary, services: readonly ServiceDescriptor[]): CostResult {
  return priceLines(model, activityLines(model, run, services), run.observedHours);
}

/**
 * Prices activity lines over `observedHours`. `costAdjustment` (by organisation) corrects the
 * fully absorbed cost, for the counterfactual's short-run view.
 */
export function priceLines(model: CostModel, lines: readonly ActivityLine[], observedHours: number, costAdjustment: ReadonlyMap<string, number> = new Map()): CostResult {
  const years = observedHours / HOURS_PER_YEAR;
  const orgIds = [...new Set([...lines.map((l) => l.organisationId), ...Object.keys(model.payments)])].sort();
  const organisations: OrganisationCosts[] = orgIds.map((organisationId) => {
    const own = lines.filter((l) => l.organisationId === organisationId);
    const activity: Partial<Record<ActivityKind, number>> = {};
    let activityValue = 0;
    let cost = costAdjustment.get(organisationId) ?? 0;
    for (const line of own) {
      const tariff = model.tariffs[line.activity];
      activity[line.activity] = (activity[line.activity] ?? 0) + line.count;
      activityValue += line.count * tariff.price;
      cost += line.count * tariff.unitCost;
    }
    const payment = paymentOf(model, organisationId);
    const income = fixedIncome(model, payment, activityValue, years);
    return { organisationId, payment: payment.kind, activity, activityValue, income, cost, margin: income - cost };
  });
  const riskPool = settleRiskPool(model, organisations, years);
  for (const org of organisations) org.margin = org.income - org.cost;
  return { observedHours, years, commissionerCost: organisations.reduce((a, o) => a + o.income, 0), organisations, riskPool, lines: lines.map((l) => ({ ...l })) };
}

function paymentOf(model: CostModel, organisationId: string): PaymentModel {
  return model.payments[organisationId] ?? { kind: 'activity' };
}

/** Income before the risk pool settles (risk-pool members are settled afterwards). */
function fixedIncome(model: CostModel, payment: PaymentModel, activityValue: number, years: number): number {
  switch (payment.kind) {
    case 'activity':
      return activityValue;
    case 'block':
      return payment.annualAmount * years;
    case 'capitation':
      return payment.perHeadPerYear * (payment.population ?? model.population) * years;
    case 'risk-pool':
      return 0;
  }
}

/** Members are paid their costs plus their weight's part of the providers' share of the saving. */
function settleRiskPool(model: CostModel, organisations: OrganisationCosts[], years: number): RiskPoolResult | undefined {
  const members = organisations.filter((o) => o.payment === 'risk-pool');
  if (!members.length || !model.riskPool) return undefined;
  const budget = model.riskPool.annualBudget * years;
  const membersCost = members.reduce((a, o) => a + o.cost, 0);
  const saving = budget - membersCost;
  const weights = members.map((o) => (model.payments[o.organisationId] as Extract<PaymentModel, { kind: 'risk-pool' }>).weight);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  members.forEach((o, i) => {
    o.income = o.cost + model.riskPool!.providersShare * (weights[i] / totalWeight) * saving;
  });
  return { budget, membersCost, saving, providersShare: model.riskPool.providersShare };
}

// ── The patient kept out of hospital ─────────────────────────────────────────────────────────

export interface OrganisationChange {
  organisationId: string;
  incomeChange: number;
  costChange: number;
  marginChange: number;
}

export interface IncentiveView {
  /** `as-configured`: the commissioner's own payment models; otherwise that model applied to every organisation */
  paymentModel: 'as-configured' | PaymentKind;
  organisations: OrganisationChange[];
  /** the change in what the commissioner pays (negative: it saves) */
  commissionerChange: number;
}

export interface KeptOutOfHospital {
  /** activity taken away and added, by organisation */
  changes: ActivityLine[];
  views: IncentiveView[];
}

/** Who delivers an activity in this run: the system provider, else whoever does most of it, else the community organisation. */
function deliverer(model: CostModel, lines: readonly ActivityLine[], activity: ActivityKind, preferCommunity: boolean): string {
  const community = model.keptOutOfHospital.communityOrganisationId;
  if (preferCommunity && community) return community;
  const role = SYSTEM_ACTIVITY[activity];
  if (role) return model.providers[role];
  const busiest = lines.filter((l) => l.activity === activity).sort((a, b) => b.count - a.count || a.organisationId.localeCompare(b.organisationId))[0];
  if (busiest && busiest.count > 0) return busiest.organisationId;
  if (community) return community;
  throw unprocessable(`No organisation delivers ${activity} in this run: set keptOutOfHospital.communityOrganisationId`, [
    { path: 'keptOutOfHospital.communityOrganisationId', message: `no organisation delivers ${activity}` },
  ]);
}

/**
 * Who gains and who loses when one patient is kept out of hospital (by default: one admission, its
 * ED attendance and a conveyance avoided; one OOH home visit instead). Income follows each payment
 * model; cost changes by the short-run (variable) part of the unit cost. Shown under the payment
 * models as configured and under each model applied to everyone, calibrated so that every model pays
 * the same for the baseline (a block or capitation worth the baseline's activity, a pool whose budget
 * is the baseline's cost) and only the incentive differs.
 */
export function keptOutOfHospital(model: CostModel, baseline: CostResult): KeptOutOfHospital {
  const cf = model.keptOutOfHospital;
  const changes: ActivityLine[] = [
    ...Object.entries(cf.avoided).map(([activity, n]) => ({ organisationId: deliverer(model, baseline.lines, activity as ActivityKind, false), activity: activity as ActivityKind, count: -n })),
    ...Object.entries(cf.added).map(([activity, n]) => ({ organisationId: deliverer(model, baseline.lines, activity as ActivityKind, true), activity: activity as ActivityKind, count: n })),
  ].filter((c) => c.count !== 0);
  const changedLines = baseline.lines.map((l) => ({ ...l }));
  const shortRun = new Map<string, number>();
  for (const change of changes) {
    const line = changedLines.find((l) => l.organisationId === change.organisationId && l.activity === change.activity);
    if (line) line.count += change.count;
    else changedLines.push({ ...change });
    // Priced lines cost the full unit cost; only the variable part moves in the short run.
    const tariff = model.tariffs[change.activity];
    shortRun.set(change.organisationId, (shortRun.get(change.organisationId) ?? 0) + change.count * tariff.unitCost * (tariff.variableShare - 1));
  }
  const view = (paymentModel: IncentiveView['paymentModel'], priced: CostModel): IncentiveView => {
    const before = priceLines(priced, baseline.lines, baseline.observedHours);
    const after = priceLines(priced, changedLines, baseline.observedHours, shortRun);
    const organisations = after.organisations.map((o) => {
      const b = before.organisations.find((x) => x.organisationId === o.organisationId);
      const incomeChange = o.income - (b?.income ?? 0);
      const costChange = o.cost - (b?.cost ?? 0);
      return { organisationId: o.organisationId, incomeChange, costChange, marginChange: incomeChange - costChange };
    });
    return { paymentModel, organisations, commissionerChange: after.commissionerCost - before.commissionerCost };
  };
  return {
    changes,
    views: [view('as-configured', model), ...PAYMENT_KINDS.map((kind) => view(kind, everyonePaidBy(model, baseline, kind)))],
  };
}

/** The cost model with every organisation of the baseline paid by `kind`, calibrated to the baseline. */
export function everyonePaidBy(model: CostModel, baseline: CostResult, kind: PaymentKind): CostModel {
  const years = baseline.years;
  const perYear = (amount: number) => (years > 0 ? amount / years : 0);
  const payments: Record<string, PaymentModel> = {};
  for (const org of baseline.organisations) {
    const value = perYear(org.activityValue);
    payments[org.organisationId] =
      kind === 'activity'
        ? { kind: 'activity' }
        : kind === 'block'
          ? { kind: 'block', annualAmount: value }
          : kind === 'capitation'
            ? { kind: 'capitation', perHeadPerYear: model.population > 0 ? value / model.population : 0 }
            : { kind: 'risk-pool', weight: 1 };
  }
  const totalCost = baseline.organisations.reduce((a, o) => a + o.cost, 0);
  const riskPool = kind === 'risk-pool' ? { annualBudget: perYear(totalCost), providersShare: model.riskPool?.providersShare ?? 0.5 } : model.riskPool;
  return { ...model, payments, riskPool };
}

// ── Replications ─────────────────────────────────────────────────────────────────────────────

export interface OrganisationIntervals {
  organisationId: string;
  payment: PaymentKind;
  income: Interval;
  cost: Interval;
  margin: Interval;
}

export interface ReplicatedCosts {
  replications: number;
  commissionerCost: Interval;
  organisations: OrganisationIntervals[];
  /** priced at the mean activity of the replications */
  mean: CostResult;
  /** null when the cost model cannot say who would see the patient instead (`unavailable` says why) */
  keptOutOfHospital: KeptOutOfHospital | null;
  unavailable?: string;
}

/** Prices every replication; means and 95% intervals per organisation and for the commissioner. */
export function priceReplications(model: CostModel, runs: readonly ActivitySummary[], services: readonly ServiceDescriptor[]): ReplicatedCosts {
  if (!runs.length) throw new AppError(400, 'invalid_request', 'runs: needs at least one run', [{ path: 'runs', message: 'needs at least one run' }]);
  const results = runs.map((run) => priceRun(model, run, services));
  const orgIds = [...new Set(results.flatMap((r) => r.organisations.map((o) => o.organisationId)))].sort();
  const organisations = orgIds.map((organisationId) => {
    const each = results.map((r) => r.organisations.find((o) => o.organisationId === organisationId));
    const series = (pick: (o: OrganisationCosts) => number) => interval(each.map((o) => (o ? pick(o) : 0)));
    return {
      organisationId,
      payment: paymentOf(model, organisationId).kind,
      income: series((o) => o.income),
      cost: series((o) => o.cost),
      margin: series((o) => o.margin),
    };
  });
  const mean = priceLines(model, meanLines(results), results.reduce((a, r) => a + r.observedHours, 0) / results.length);
  const priced = { replications: runs.length, commissionerCost: interval(results.map((r) => r.commissionerCost)), organisations, mean };
  try {
    return { ...priced, keptOutOfHospital: keptOutOfHospital(model, mean) };
  } catch (err) {
    // The prices stand without the counterfactual; say why it is missing rather than fail the run.
    if (err instanceof AppError && err.status === 422) return { ...priced, keptOutOfHospital: null, unavailable: err.message };
    throw err;
  }
}

function meanLines(results: readonly CostResult[]): ActivityLine[] {
  const totals = new Map<string, ActivityLine>();
  for (const result of results) {
    for (const line of result.lines) {
      const key = `${line.organisationId}\u0000${line.activity}`;
      const total = totals.get(key);
      if (total) total.count += line.count / results.length;
      else totals.set(key, { ...line, count: line.count / results.length });
    }
  }
  return [...totals.values()];
}

/** Activities in display order, for tables. */
export const ACTIVITY_ORDER: readonly ActivityKind[] = ACTIVITIES;
