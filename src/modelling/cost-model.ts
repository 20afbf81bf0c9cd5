/**
 * The commissioner's cost model (issue 13, item 3): a price and a unit cost per activity, which
 * organisation delivers the activity the simulator counts outside services (111 calls, clinical
 * assessments, ED, ambulance, admissions), how a service's accepted referrals become activity, and
 * how each organisation is paid — by activity, a block contract, capitation or a shared risk pool.
 * Checked once here; every error names its field (`tariffs.ed-attendance.price`, `payments.x.kind`).
 */
import { z } from 'zod';
import { parseWith } from '../platform/errors';

/** Every activity the simulator's output can be turned into. */
export const ACTIVITIES = [
  'nhs111-call',
  'clinical-assessment',
  'ooh-consultation',
  'ooh-home-visit',
  'gp-appointment',
  'utc-attendance',
  'ed-attendance',
  'ambulance-see-and-treat',
  'ambulance-convey',
  'non-elective-admission',
  'dental-urgent',
  'pharmacy-consultation',
  'community-response',
] as const;
export const ActivityKind = z.enum(ACTIVITIES);
export type ActivityKind = z.output<typeof ActivityKind>;

const orgId = z.string().min(1).max(100);
const money = z.number().finite().min(0, 'must not be negative').max(1e12);
const share = z.number().min(0, 'must be a share (0 to 1)').max(1, 'must be a share (0 to 1)');

export const Tariff = z.object({
  /** what the commissioner pays for one unit under activity-based payment (GBP) */
  price: money.max(1_000_000),
  /** what one unit costs the provider to deliver, fully absorbed (GBP) */
  unitCost: money.max(1_000_000),
  /**
   * The share of the unit cost that goes away when one fewer is done (and comes when one more is
   * done) within a run: staff on the rota, buildings and beds stay. Used for the counterfactual.
   */
  variableShare: share.default(1),
  /** where the figure comes from (publication and year), shown beside it */
  source: z.string().min(1).max(500),
  unit: z.string().max(100).optional(),
});
export type Tariff = z.output<typeof Tariff>;

/** One activity, or accepted referrals split between activities by share (e.g. OOH: 85% base, 15% home visit). */
export const ActivitySplit = z.union([ActivityKind, z.record(z.string(), share)]);
export type ActivitySplit = z.output<typeof ActivitySplit>;

export const PaymentModel = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('activity') }),
  /** a fixed sum a year, prorated to the run's length */
  z.object({ kind: z.literal('block'), annualAmount: money }),
  /** per head of the population served, a year */
  z.object({ kind: z.literal('capitation'), perHeadPerYear: money.max(100_000), population: z.number().int().nonnegative().max(100_000_000).optional() }),
  /** paid its costs plus its weight's part of the providers' share of the saving against the pool's budget */
  z.object({ kind: z.literal('risk-pool'), weight: z.number().positive().max(1_000).default(1) }),
]);
export type PaymentModel = z.output<typeof PaymentModel>;
export type PaymentKind = PaymentModel['kind'];
export const PAYMENT_KINDS: readonly PaymentKind[] = ['activity', 'block', 'capitation', 'risk-pool'];

export const CostModel = z
  .object({
    currency: z.literal('GBP').default('GBP'),
    tariffs: z.record(z.string(), Tariff),
    /** who delivers the activity that is not a referral to a service */
    providers: z.object({
      calls: orgId,
      clinicalAssessment: orgId,
      ed: orgId,
      ambulance: orgId,
      admissions: orgId,
    }),
    /** how a service's accepted referrals become activity: by service id, then directory service type, then organisation, else `default` */
    serviceActivity: z
      .object({
        byService: z.record(z.string(), ActivitySplit).default({}),
        byServiceType: z.record(z.string(), ActivitySplit).default({}),
        byOrganisation: z.record(z.string(), ActivitySplit).default({}),
        default: ActivityKind.default('gp-appointment'),
      })
      .prefault({}),
    /** how each organisation is paid; organisations not listed are paid by activity */
    payments: z.record(z.string(), PaymentModel).default({}),
    /** the population the commissioner pays for (capitation, per-head figures) */
    population: z.number().int().nonnegative().max(100_000_000),
    /** the shared risk pool, for organisations paid by `risk-pool` */
    riskPool: z
      .object({
        /** the pool's budget a year; the saving is the budget less the members' costs */
        annualBudget: money,
        /** the members' share of the saving (or of the overspend); the commissioner keeps the rest */
        providersShare: share.default(0.5),
      })
      .optional(),
    /** the "kept out of hospital" counterfactual: what is avoided and what is done instead */
    keptOutOfHospital: z
      .object({
        avoided: z.record(z.string(), z.number().nonnegative().max(1_000)).default({ 'non-elective-admission': 1, 'ed-attendance': 1, 'ambulance-convey': 1 }),
        added: z.record(z.string(), z.number().nonnegative().max(1_000)).default({ 'ooh-home-visit': 1 }),
        /** who sees the patient instead (defaults to the organisation of the first added activity's usual service) */
        communityOrganisationId: orgId.optional(),
      })
      .prefault({}),
  })
  .superRefine((model, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const known = new Set<string>(ACTIVITIES);
    for (const key of Object.keys(model.tariffs)) if (!known.has(key)) problem(['tariffs', key], `unknown activity "${key}"`);
    for (const activity of ACTIVITIES) if (!model.tariffs[activity]) problem(['tariffs', activity], 'needs a tariff');
    const checkSplit = (path: (string | number)[], split: ActivitySplit) => {
      if (typeof split === 'string') return;
      const entries = Object.entries(split);
      if (!entries.length) problem(path, 'needs at least one activity');
      for (const [activity] of entries) if (!known.has(activity)) problem([...path, activity], `unknown activity "${activity}"`);
      const total = entries.reduce((a, [, s]) => a + s, 0);
      if (entries.length && Math.abs(total - 1) > 1e-6) problem(path, `shares must add up to 1 (they add up to ${round(total, 4)})`);
    };
    for (const rules of ['byService', 'byServiceType', 'byOrganisation'] as const) {
      for (const [key, split] of Object.entries(model.serviceActivity[rules])) checkSplit(['serviceActivity', rules, key], split);
    }
    for (const part of ['avoided', 'added'] as const) {
      for (const activity of Object.keys(model.keptOutOfHospital[part])) {
        if (!known.has(activity)) problem(['keptOutOfHospital', part, activity], `unknown activity "${activity}"`);
      }
    }
    const pooled = Object.entries(model.payments).filter(([, p]) => p.kind === 'risk-pool');
    if (pooled.length && !model.riskPool) problem(['riskPool'], `organisations are paid from a risk pool (${pooled[0][0]}) but the pool has no budget`);
  });
export type CostModel = z.output<typeof CostModel>;
export type CostModelRaw = z.input<typeof CostModel>;

/** Parses a cost model, throwing a 400 naming each bad field. */
export function parseCostModel(raw: unknown, where?: string): CostModel {
  return parseWith(CostModel, raw, where);
}

/** Every organisation id a cost model names (for checking against the organisations that exist). */
export function organisationsNamed(model: CostModel): { path: string; organisationId: string }[] {
  const named = [
    ...Object.entries(model.providers).map(([role, id]) => ({ path: `providers.${role}`, organisationId: id })),
    ...Object.keys(model.payments).map((id) => ({ path: `payments.${id}`, organisationId: id })),
    ...Object.keys(model.serviceActivity.byOrganisation).map((id) => ({ path: `serviceActivity.byOrganisation.${id}`, organisationId: id })),
  ];
  if (model.keptOutOfHospital.communityOrganisationId) {
    named.push({ path: 'keptOutOfHospital.communityOrganisationId', organisationId: model.keptOutOfHospital.communityOrganisationId });
  }
  return named;
}

/**
 * What the pricing needs from a run: a structural subset of `SimulationOutput`, so a whole output
 * (or a summary typed by hand, e.g. for `POST /api/modelling/costs`) can be priced.
 */
export const ActivitySummary = z.object({
  /** the hours counted (after the warm-up); block and capitation payments are prorated to them */
  observedHours: z.number().positive().max(5 * 366 * 24),
  calls: z.object({ answered: z.number().nonnegative() }),
  clinical: z.object({ assessed: z.number().nonnegative() }),
  referrals: z.record(z.string(), z.object({ accepted: z.number().nonnegative() })),
  acute: z.object({
    edAttendances: z.number().nonnegative(),
    ambulanceResponses: z.number().nonnegative(),
    conveyances: z.number().nonnegative(),
    admissions: z.number().nonnegative(),
  }),
});
export type ActivitySummary = z.output<typeof ActivitySummary>;

/** A simulated service: whose it is and (when known from the directory) its service type. */
export const ServiceDescriptor = z.object({
  id: z.string().min(1).max(100),
  organisationId: orgId,
  serviceType: z.union([z.number().int(), z.string().max(50)]).optional(),
});
export type ServiceDescriptor = z.output<typeof ServiceDescriptor>;

export function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

// ── Requests and replies of /api/modelling/cost-model and /api/modelling/costs ──────────────

/** Who keeps the cost model and prices runs: commissioners (and administrators). */
export const COST_MODEL_KEEPERS = ['commissioner', 'admin'] as const;

export const CostModelReply = z.object({
  /** the organisation whose saved model this is (yours or one above you); null: the shipped defaults */
  organisationId: z.string().nullable(),
  /** 0 for the shipped defaults; each save adds one */
  version: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  model: CostModel,
});
export type CostModelReply = z.output<typeof CostModelReply>;

export const PutCostModelBody = z.object({
  model: CostModel,
  /** the version you edited; a save over someone else's newer one is a 409 */
  expectedVersion: z.number().int().nonnegative().optional(),
});
export type PutCostModelBody = z.output<typeof PutCostModelBody>;

const Money = z.number();
const ActivityCounts = z.partialRecord(ActivityKind, z.number());

export const ActivityLineSchema = z.object({ organisationId: z.string(), activity: ActivityKind, count: z.number() });
export const OrganisationCostsSchema = z.object({
  organisationId: z.string(),
  payment: z.enum(['activity', 'block', 'capitation', 'risk-pool']),
  activity: ActivityCounts,
  activityValue: Money,
  income: Money,
  cost: Money,
  margin: Money,
});
export const CostResultSchema = z.object({
  observedHours: z.number(),
  years: z.number(),
  commissionerCost: Money,
  organisations: z.array(OrganisationCostsSchema),
  riskPool: z.object({ budget: Money, membersCost: Money, saving: Money, providersShare: z.number() }).optional(),
  lines: z.array(ActivityLineSchema),
});
export const KeptOutOfHospitalSchema = z.object({
  changes: z.array(ActivityLineSchema),
  views: z.array(
    z.object({
      paymentModel: z.enum(['as-configured', 'activity', 'block', 'capitation', 'risk-pool']),
      organisations: z.array(z.object({ organisationId: z.string(), incomeChange: Money, costChange: Money, marginChange: Money })),
      commissionerChange: Money,
    }),
  ),
});
export const IntervalSchema = z.object({ n: z.number(), mean: z.number(), halfWidth: z.number(), low: z.number(), high: z.number() });
export const ReplicatedCostsSchema = z.object({
  replications: z.number().int(),
  commissionerCost: IntervalSchema,
  organisations: z.array(
    z.object({
      organisationId: z.string(),
      payment: z.enum(['activity', 'block', 'capitation', 'risk-pool']),
      income: IntervalSchema,
      cost: IntervalSchema,
      margin: IntervalSchema,
    }),
  ),
  mean: CostResultSchema,
  keptOutOfHospital: KeptOutOfHospitalSchema.nullable(),
  unavailable: z.string().optional(),
});

export const PriceRunBody = z.object({
  /** price with this model instead of the saved one (a preview; nothing is saved) */
  model: CostModel.optional(),
  run: ActivitySummary,
  /** every service the run's referrals name, with its organisation */
  services: z.array(ServiceDescriptor).max(10_000),
});
export type PriceRunBody = z.output<typeof PriceRunBody>;
export const PriceRunReply = z.object({
  costs: CostResultSchema,
  keptOutOfHospital: KeptOutOfHospitalSchema.nullable(),
  unavailable: z.string().optional(),
});

export const BaselineBody = z.object({
  /** price the baseline with this model instead of the saved one (a preview; nothing is saved) */
  model: CostModel.optional(),
});
export type BaselineBody = z.output<typeof BaselineBody>;
export const BaselineReply = z.object({
  /** `directory`: the community as the directory describes it; `example`: the example community (no directory to model) */
  source: z.enum(['directory', 'example']),
  /** what was simulated, in words */
  description: z.string(),
  population: z.number(),
  horizonDays: z.number(),
  replications: z.number().int(),
  /** names of the organisations in the results (ids not known to Signpost keep their id) */
  organisations: z.array(z.object({ id: z.string(), name: z.string() })),
  costs: ReplicatedCostsSchema,
});
