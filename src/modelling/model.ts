/**
 * The simulation's input and output (decision 0026). The input is a plain typed object — the
 * directory, rotas and a demand profile turned into numbers — checked once here: rates, capacities
 * and rotas may not be negative or impossible, the horizon is at most five years and a run at most
 * 1,000 replications. Every error names its field. All times inside the engine are seconds.
 */
import { z } from 'zod';
import { parseWith, unprocessable } from '../platform/errors';

export const HOURS_OF_WEEK = 168;
export const HALF_HOURS_OF_WEEK = 336;
export const MAX_HORIZON_DAYS = 5 * 365 + 2;
export const MAX_REPLICATIONS = 1_000;

const id = z.string().min(1).max(100);
const count = z.number().finite().nonnegative();
const probability = z.number().min(0, 'must be a probability (0 to 1)').max(1, 'must be a probability (0 to 1)');
const positiveSeconds = z.number().finite().positive().max(30 * 86_400, 'must be at most 30 days');

/** A duration in seconds: exponential, lognormal (mean and standard deviation), empirical or fixed. */
export const Distribution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exponential'), mean: positiveSeconds }),
  z.object({ kind: z.literal('lognormal'), mean: positiveSeconds, sd: positiveSeconds }),
  z.object({
    kind: z.literal('empirical'),
    /** observed durations; sampled with equal weight unless `weights` are given */
    values: z.array(z.number().finite().nonnegative().max(30 * 86_400)).min(1).max(100_000),
    weights: z.array(count).optional(),
  }),
  z.object({ kind: z.literal('fixed'), value: z.number().finite().nonnegative().max(30 * 86_400) }),
]);
export type Distribution = z.output<typeof Distribution>;

const perHourOfWeek = <T extends z.ZodType>(cell: T) => z.array(cell).length(HOURS_OF_WEEK, `needs ${HOURS_OF_WEEK} values, one per hour of the week from Monday 00:00`);
const perHalfHourOfWeek = z
  .array(z.number().int('must be a whole number of people').nonnegative().max(100_000))
  .length(HALF_HOURS_OF_WEEK, `needs ${HALF_HOURS_OF_WEEK} values, one per half hour of the week from Monday 00:00`);

export const Area = z.object({
  id,
  name: z.string().max(200).optional(),
  /** expected contacts per hour, for each hour of the week (Monday 00:00 first) */
  callsPerHourOfWeek: perHourOfWeek(count.max(1_000_000, 'must be at most 1,000,000 calls an hour')),
  /** relative weight of each age band among this area's callers */
  ageMix: z.record(z.string(), count),
});

export const DispositionRoute = z.enum(['self-care', 'service', 'ed', 'ambulance', 'clinical']);
export type DispositionRoute = z.output<typeof DispositionRoute>;

export const DispositionGroup = z.object({
  id,
  /** where a patient with this outcome goes: home, a referral, ED, an ambulance, or the clinical queue */
  route: DispositionRoute,
  /** clinical groups: the call-back timeframe (e.g. 20, 60, 120); sets priority (shorter first) */
  callbackMinutes: z.number().positive().max(7 * 24 * 60).optional(),
  /** clinical groups: the outcome mix after a clinician's assessment (non-clinical group ids → weight) */
  afterAssessment: z.record(z.string(), count).optional(),
});

export const Service = z.object({
  id,
  organisationId: id,
  /** open in each hour of the week (Monday 00:00 first) */
  openHoursOfWeek: perHourOfWeek(z.boolean()),
  /** referrals it can accept in one clock hour: one figure, or one per hour of the week */
  capacityPerHour: z.union([count.max(100_000), perHourOfWeek(count.max(100_000))]),
  /** the areas whose patients it sees (every area when left out) */
  areas: z.array(z.string()).optional(),
  /** age bands it sees */
  ageBands: z.array(z.string()).min(1),
  /** disposition groups it receives */
  groups: z.array(z.string()).min(1),
});

export const SimulationInput = z
  .object({
    seed: z.number().int().min(0).max(0xffffffff),
    horizonDays: z.number().positive().max(MAX_HORIZON_DAYS, 'must be at most 5 years'),
    /** the first days are run but not counted, so the queues start from a typical state */
    warmUpDays: z.number().nonnegative().default(0),
    replications: z.number().int().min(1).max(MAX_REPLICATIONS, `must be at most ${MAX_REPLICATIONS}`).default(1),
    ageBands: z.array(id).min(1).max(20),
    areas: z.array(Area).min(1).max(1_000),
    callHandling: z.object({
      handlersPerHalfHour: perHalfHourOfWeek,
      handleSeconds: Distribution,
      patienceSeconds: Distribution,
      answeredWithinSeconds: z.number().positive().max(3_600).default(60),
    }),
    dispositionGroups: z.array(DispositionGroup).min(1).max(200),
    /** the triage outcome mix: age band → disposition group → weight */
    dispositionMix: z.record(z.string(), z.record(z.string(), count)),
    clinical: z.object({
      cliniciansPerHalfHour: perHalfHourOfWeek,
      assessmentSeconds: Distribution,
    }),
    services: z.array(Service).max(10_000).default([]),
    acute: z.object({
      /** share of patients told to go to ED who attend */
      edAttendance: probability,
      /** share of ambulance responses that convey to ED (the rest are seen and treated) */
      ambulanceConveyance: probability,
      /** share of ED attendances admitted */
      admissionFromEd: probability,
    }),
    recontact: z.object({
      /** share of patients (once their contact ends) who call again within 24 hours */
      within24h: probability,
      /** share who call again between 24 and 72 hours */
      within72h: probability,
      /** share of callers who hang up who call again */
      afterAbandon: probability,
      /** how long after hanging up they call again */
      afterAbandonSeconds: Distribution,
    }),
  })
  .superRefine((input, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const bands = new Set(input.ageBands);
    const groups = new Map(input.dispositionGroups.map((g) => [g.id, g]));
    if (bands.size !== input.ageBands.length) problem(['ageBands'], 'age bands must be unique');
    if (groups.size !== input.dispositionGroups.length) problem(['dispositionGroups'], 'group ids must be unique');
    if (input.warmUpDays >= input.horizonDays) problem(['warmUpDays'], 'must be shorter than horizonDays');
    if (input.recontact.within24h + input.recontact.within72h > 1) problem(['recontact', 'within72h'], 'within24h + within72h must be at most 1');
    input.areas.forEach((area, i) => {
      for (const band of Object.keys(area.ageMix)) if (!bands.has(band)) problem(['areas', i, 'ageMix', band], `unknown age band "${band}"`);
      if (sum(Object.values(area.ageMix)) <= 0) problem(['areas', i, 'ageMix'], 'needs a positive weight for at least one age band');
    });
    for (const band of input.ageBands) {
      const mix = input.dispositionMix[band];
      if (!mix) problem(['dispositionMix', band], `needs a disposition mix for age band "${band}"`);
      else if (sum(Object.values(mix)) <= 0) problem(['dispositionMix', band], 'needs a positive weight for at least one group');
    }
    for (const [band, mix] of Object.entries(input.dispositionMix)) {
      if (!bands.has(band)) problem(['dispositionMix', band], `unknown age band "${band}"`);
      for (const group of Object.keys(mix)) if (!groups.has(group)) problem(['dispositionMix', band, group], `unknown disposition group "${group}"`);
    }
    input.dispositionGroups.forEach((group, i) => {
      if (group.route !== 'clinical') return;
      if (group.callbackMinutes === undefined) problem(['dispositionGroups', i, 'callbackMinutes'], 'a clinical group needs a call-back timeframe');
      const after = group.afterAssessment ?? {};
      if (sum(Object.values(after)) <= 0) problem(['dispositionGroups', i, 'afterAssessment'], 'a clinical group needs an outcome mix after assessment');
      for (const next of Object.keys(after)) {
        const target = groups.get(next);
        if (!target) problem(['dispositionGroups', i, 'afterAssessment', next], `unknown disposition group "${next}"`);
        else if (target.route === 'clinical') problem(['dispositionGroups', i, 'afterAssessment', next], 'an assessment cannot lead back to the clinical queue');
      }
    });
    const areas = new Set(input.areas.map((a) => a.id));
    if (areas.size !== input.areas.length) problem(['areas'], 'area ids must be unique');
    input.services.forEach((service, i) => {
      service.areas?.forEach((area, j) => areas.has(area) || problem(['services', i, 'areas', j], `unknown area "${area}"`));
      service.ageBands.forEach((band, j) => bands.has(band) || problem(['services', i, 'ageBands', j], `unknown age band "${band}"`));
      service.groups.forEach((group, j) => {
        if (!groups.has(group)) problem(['services', i, 'groups', j], `unknown disposition group "${group}"`);
        else if (groups.get(group)!.route !== 'service') problem(['services', i, 'groups', j], `group "${group}" is not referred to services`);
      });
    });
    const dist = input.recontact.afterAbandonSeconds;
    if (dist.kind === 'empirical' && dist.weights && dist.weights.length !== dist.values.length) problem(['recontact', 'afterAbandonSeconds', 'weights'], 'needs one weight per value');
    for (const [path, d] of [
      [['callHandling', 'handleSeconds'], input.callHandling.handleSeconds],
      [['callHandling', 'patienceSeconds'], input.callHandling.patienceSeconds],
      [['clinical', 'assessmentSeconds'], input.clinical.assessmentSeconds],
    ] as const) {
      if (d.kind === 'empirical' && d.weights && (d.weights.length !== d.values.length || sum(d.weights) <= 0)) problem([...path, 'weights'], 'needs one weight per value, not all zero');
    }
  });
export type SimulationInput = z.output<typeof SimulationInput>;
export type SimulationInputRaw = z.input<typeof SimulationInput>;

/** Parses an input, throwing a 400 naming each bad field. */
export function parseSimulationInput(raw: unknown): SimulationInput {
  return parseWith(SimulationInput, raw);
}

/**
 * Why a valid input cannot run (e.g. callers but no call handlers in the whole week): a 422 saying so.
 * Returns quietly when it can run.
 */
export function assertRunnable(input: SimulationInput): void {
  const reasons: { path: string; message: string }[] = [];
  const demand = sum(input.areas.map((a) => sum(a.callsPerHourOfWeek)));
  if (demand <= 0) reasons.push({ path: 'areas', message: 'no area has any demand: nothing to simulate' });
  if (demand > 0 && sum(input.callHandling.handlersPerHalfHour) === 0) {
    reasons.push({ path: 'callHandling.handlersPerHalfHour', message: 'there are no call handlers in any half hour of the week, so no call can be answered' });
  }
  const groups = new Map(input.dispositionGroups.map((g) => [g.id, g]));
  const clinicalDemand = Object.values(input.dispositionMix).some((mix) =>
    Object.entries(mix).some(([group, weight]) => weight > 0 && groups.get(group)?.route === 'clinical'),
  );
  if (clinicalDemand && sum(input.clinical.cliniciansPerHalfHour) === 0) {
    reasons.push({ path: 'clinical.cliniciansPerHalfHour', message: 'triage sends patients to the clinical queue but there are no clinicians in any half hour of the week' });
  }
  if (reasons.length) throw unprocessable(`The scenario cannot run: ${reasons[0].message}`, reasons, 'scenario_cannot_run');
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Waits summarised: count, mean and 95th centile in seconds. */
export interface WaitSummary {
  count: number;
  meanSeconds: number;
  p95Seconds: number;
}

export interface QueueCheck {
  /** time-averaged number waiting */
  meanQueueLength: number;
  /** arrivals to the queue per second */
  arrivalRate: number;
  /** mean time in queue per arrival (seconds) */
  meanWaitSeconds: number;
}

export interface ServiceActivity {
  offered: number;
  accepted: number;
  rejectedClosed: number;
  rejectedFull: number;
}

/** One run's results, counting only contacts that arrived after the warm-up. */
export interface SimulationOutput {
  seed: number;
  observedHours: number;
  events: number;
  calls: {
    offered: number;
    /** of which re-contacts (a second call within 24 or 72 hours, or a redial after hanging up) */
    recontacts: number;
    answered: number;
    answeredWithinTarget: number;
    abandoned: number;
    totalTimeToAnswerSeconds: number;
    timeToAnswer: WaitSummary;
    /** answered within target as a share of answered (B01/A03) */
    serviceLevel: number;
    abandonedShare: number;
  };
  triaged: number;
  clinical: {
    queued: number;
    assessed: number;
    wait: WaitSummary;
    /** by call-back timeframe in minutes: offered, assessed within it, breached */
    byTimeframe: Record<string, { offered: number; withinTimeframe: number; breached: number }>;
  };
  /** triage outcomes by disposition group (a clinical group counts the call-back, not its outcome) */
  dispositions: Record<string, number>;
  /** outcomes after a clinician's assessment, by group */
  afterAssessment: Record<string, number>;
  referrals: Record<string, ServiceActivity>;
  /** referrals accepted, by organisation */
  organisations: Record<string, { accepted: number }>;
  acute: {
    edDispositions: number;
    edAttendances: number;
    ambulanceResponses: number;
    conveyances: number;
    admissions: number;
    /** referrals no eligible service could take (closed or full), sent to ED */
    unplacedToEd: number;
  };
  /** where each counted contact ended: these add up to calls.offered */
  outcomes: {
    abandoned: number;
    selfCare: number;
    referred: number;
    ed: number;
    edDidNotAttend: number;
    ambulanceSeeAndTreat: number;
    ambulanceConveyed: number;
    stillInSystem: number;
  };
  byHourOfWeek: {
    offered: number[];
    callQueueLength: number[];
    clinicalQueueLength: number[];
    handlerUtilisation: number[];
    clinicianUtilisation: number[];
  };
  littlesLaw: { callQueue: QueueCheck; clinicalQueue: QueueCheck };
}
