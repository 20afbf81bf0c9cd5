/**
 * Scenarios: a named set of changes to the baseline (the community as the directory describes it),
 * run with replications and compared with the baseline (docs/modelling.md, "Scenarios"). These are
 * the request and record shapes; `scenario.ts` applies the changes, `scenario-results.ts` summarises.
 */
import { z } from 'zod';
import { Timestamp } from '../platform/replies';
import { PaymentModel } from './cost-model';
import { MAX_HORIZON_DAYS, MAX_REPLICATIONS } from './model';

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.output<typeof Weekday>;
const ALL_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const id = z.string().trim().min(1).max(100);
const hour = z.number().int('a whole hour').min(0).max(24);

/** Hours of the week a change applies to: on these days, from `fromHour` up to (not including) `toHour`. */
const When = {
  days: z.array(Weekday).min(1, 'name at least one day').max(7).default(ALL_DAYS),
  fromHour: hour.max(23).default(0),
  toHour: hour.min(1).default(24),
};
const whenChecked = <T extends { fromHour: number; toHour: number }>(schema: z.ZodType<T>) =>
  schema.refine((w) => w.fromHour < w.toHour, { path: ['toHour'], message: 'must be after fromHour' });

export const ServiceHoursChange = whenChecked(
  z.strictObject({
    kind: z.literal('service-hours'),
    serviceId: id,
    /** open (true) or closed (false) in the hours named */
    open: z.boolean(),
    ...When,
  }),
);

export const ServiceCapacityChange = z
  .strictObject({
    kind: z.literal('service-capacity'),
    serviceId: id,
    /** the new referrals per hour while open */
    capacityPerHour: z.number().nonnegative().max(10_000).optional(),
    /** or a multiple of the present capacity (0.5 halves it) */
    scale: z.number().nonnegative().max(100).optional(),
  })
  .refine((c) => (c.capacityPerHour === undefined) !== (c.scale === undefined), { path: ['capacityPerHour'], message: 'give capacityPerHour or scale (one of them)' });

export const NewServiceChange = whenChecked(
  z.strictObject({
    kind: z.literal('new-service'),
    /** an id of the new service, unique in the scenario (not a directory id) */
    serviceId: id.regex(/^new-[a-z0-9-]+$/, 'a new service id starts "new-" (lower-case letters, digits, dashes)'),
    name: z.string().trim().min(1).max(200),
    organisationId: id,
    areas: z.array(id).min(1, 'name at least one area').max(100),
    /** the disposition groups it receives (e.g. contact-primary-care) */
    groups: z.array(id).min(1).max(20),
    /** age bands it sees (default: every band) */
    ageBands: z.array(id).max(20).optional(),
    capacityPerHour: z.number().positive().max(10_000),
    /** take referrals before the directory's services (true) or after them */
    first: z.boolean().default(false),
    ...When,
  }),
);

export const StaffingChange = whenChecked(
  z
    .strictObject({
      kind: z.literal('staffing'),
      staff: z.enum(['call-handlers', 'clinicians']),
      /** multiply the rota in the hours named (1.1 = 10% more) */
      scale: z.number().nonnegative().max(20).default(1),
      /** then add (or, negative, remove) this many people per half hour */
      add: z.number().int().min(-1_000).max(1_000).default(0),
      ...When,
    })
    .refine((s) => s.scale !== 1 || s.add !== 0, { path: ['scale'], message: 'change something: scale ≠ 1 or add ≠ 0' }),
);

export const DemandSurgeChange = z.strictObject({
  kind: z.literal('demand-surge'),
  /** areas affected (default: every area) */
  areas: z.array(id).max(1_000).optional(),
  /** +30 for a 30% rise; −20 for a fall */
  percent: z.number().min(-100).max(1_000),
  /** the first day of the surge, counted from the start of the run (day 0, a Monday) */
  startDay: z.number().int().nonnegative().max(MAX_HORIZON_DAYS),
  /** how many days it lasts */
  days: z.number().int().positive().max(MAX_HORIZON_DAYS),
});

/**
 * 111 goes live in front of the out-of-hours service: patients who rang the GP out-of-hours service
 * directly now ring 111 instead. Their calls join 111's demand in the hours the OOH services are
 * open, and the OOH capacity they used (one consultation each) is now offered to 111's referrals.
 */
export const OohBehind111Change = z.strictObject({
  kind: z.literal('ooh-behind-111'),
  /** the OOH services (default: every GP out-of-hours service of the baseline) */
  serviceIds: z.array(id).max(1_000).optional(),
  /** calls a service received directly, per hour it is open */
  directCallsPerHour: z.number().positive().max(1_000),
});

/** An organisation paid another way (activity, block, capitation, risk pool) in the scenario's pricing. */
export const PaymentModelChange = z.strictObject({
  kind: z.literal('payment-model'),
  organisationId: id,
  payment: PaymentModel,
});

export const ScenarioChange = z.union([ServiceHoursChange, ServiceCapacityChange, NewServiceChange, StaffingChange, DemandSurgeChange, OohBehind111Change, PaymentModelChange]);
export type PaymentModelChange = z.output<typeof PaymentModelChange>;
export type ScenarioChange = z.output<typeof ScenarioChange>;
export type ServiceHoursChange = z.output<typeof ServiceHoursChange>;
export type NewServiceChange = z.output<typeof NewServiceChange>;
export type StaffingChange = z.output<typeof StaffingChange>;
export type DemandSurgeChange = z.output<typeof DemandSurgeChange>;

export const DEFAULT_REPLICATIONS = 20;
export const DEFAULT_HORIZON_DAYS = 28;

export const ScenarioBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(2_000).default(''),
    sharedWithCommissioners: z.boolean().default(false),
    replications: z.number().int().min(1).max(MAX_REPLICATIONS, `must be at most ${MAX_REPLICATIONS}`).default(DEFAULT_REPLICATIONS),
    horizonDays: z.number().int().min(1).max(MAX_HORIZON_DAYS, 'must be at most 5 years').default(DEFAULT_HORIZON_DAYS),
    seed: z.number().int().min(0).max(0xffffffff).default(2026),
    changes: z.array(ScenarioChange).max(100).default([]),
  })
  .superRefine((s, ctx) => {
    s.changes.forEach((change, i) => {
      if (change.kind === 'demand-surge' && change.startDay >= s.horizonDays) {
        ctx.addIssue({ code: 'custom', path: ['changes', i, 'startDay'], message: `starts after the run ends (day ${s.horizonDays})` });
      }
    });
  });
export type ScenarioBody = z.output<typeof ScenarioBody>;
export type ScenarioBodyInput = z.input<typeof ScenarioBody>;

export const ScenarioReply = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.object({ userId: z.string(), displayName: z.string() }),
  sharedWithCommissioners: z.boolean(),
  replications: z.number(),
  horizonDays: z.number(),
  seed: z.number(),
  changes: z.array(ScenarioChange),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** whether the caller may change or delete it (its owner) */
  mine: z.boolean(),
});
export type ScenarioReply = z.output<typeof ScenarioReply>;
export const ScenarioList = z.object({ scenarios: z.array(ScenarioReply) });

// ---- runs and their results ----

const Estimate = z.object({ n: z.number(), mean: z.number(), halfWidth: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() });
/** A measure for the baseline and the scenario, and their paired difference (scenario − baseline). */
export const Comparison = z.object({ baseline: Estimate, scenario: Estimate, difference: Estimate, real: z.boolean() });
const StaffingRow = z.object({ halfHour: z.number(), handlersRostered: z.number(), handlersNeeded: z.number(), cliniciansRostered: z.number(), cliniciansNeeded: z.number() });

export const RunResultsSchema = z.object({
  replications: z.number(),
  horizonDays: z.number(),
  baseline: z.object({ population: z.number(), contactsPerYear: z.number(), services: z.number() }),
  measures: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), better: z.string(), comparison: Comparison })),
  byHour: z.array(
    z.object({
      hour: z.number(),
      outOfHours: z.boolean(),
      baselineOffered: z.number(),
      scenarioOffered: z.number(),
      baselineCallWaitSeconds: z.number(),
      scenarioCallWaitSeconds: z.number(),
      scenarioCallWaitHalfWidth: z.number(),
      baselineClinicalQueue: z.number(),
      scenarioClinicalQueue: z.number(),
      baselineHandlerUtilisation: z.number(),
      scenarioHandlerUtilisation: z.number(),
      baselineClinicianUtilisation: z.number(),
      scenarioClinicianUtilisation: z.number(),
    }),
  ),
  services: z.array(
    z.object({
      serviceId: z.string(),
      name: z.string(),
      organisationId: z.string(),
      baselineAccepted: z.number(),
      scenarioAccepted: z.number(),
      baselineRejectedFull: z.number(),
      scenarioRejectedFull: z.number(),
    }),
  ),
  organisations: z.array(
    z.object({ organisationId: z.string(), accepted: Comparison, income: Comparison.optional(), cost: Comparison.optional(), margin: Comparison.optional() }),
  ),
  commissionerCost: Comparison.optional(),
  staffing: z.object({
    baseline: z.array(StaffingRow),
    scenario: z.array(StaffingRow),
    surgePeak: z.object({ factor: z.number(), rows: z.array(StaffingRow) }).optional(),
  }),
});

export const RunReply = z.object({
  id: z.string(),
  scenarioId: z.string(),
  scenarioName: z.string(),
  status: z.enum(['queued', 'running', 'done', 'cancelled', 'failed']),
  replications: z.number(),
  /** replications done so far */
  done: z.number(),
  startedBy: z.string(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  error: z.string().nullable(),
  /** when done (only on a single run's reply) */
  results: RunResultsSchema.nullable(),
});
export const RunList = z.object({ runs: z.array(RunReply) });
export const StartRunBody = z.strictObject({ scenarioId: z.string().trim().min(1).max(100) });
export const RunListQuery = z.strictObject({ scenarioId: z.string().trim().min(1).max(100).optional() });

export const BaselineReply = z.object({
  population: z.number(),
  contactsPerYear: z.number(),
  contactsPerPersonYear: z.number(),
  areas: z.array(z.object({ code: z.string(), name: z.string(), population: z.number(), contactsPerYear: z.number() })),
  ageBands: z.array(z.object({ id: z.string(), share: z.number() })),
  services: z.object({ included: z.number(), excluded: z.array(z.object({ reason: z.string(), count: z.number() })) }),
  byServiceType: z.array(z.object({ typeId: z.number(), name: z.string(), services: z.number(), openHoursPerWeek: z.number(), referralsPerWeek: z.number() })),
  organisations: z.number(),
  callHandlerHoursPerWeek: z.number(),
  clinicianHoursPerWeek: z.number(),
  areaNames: z.array(z.object({ code: z.string(), name: z.string() })),
  dispositionGroups: z.array(z.object({ id: z.string(), route: z.string() })),
  serviceList: z.array(z.object({ id: z.string(), name: z.string(), organisationId: z.string(), typeId: z.number().nullable(), capacityPerHour: z.number() })),
  organisationList: z.array(z.object({ id: z.string(), name: z.string() })),
  allOrganisations: z.array(z.object({ id: z.string(), name: z.string() })),
  oohServiceIds: z.array(z.string()),
});
