/**
 * A scenario's results: each replication runs the baseline and the scenario with the same seeds
 * (common random numbers), and is boiled down to its measures (`replicationMeasures`); the
 * replications are then summarised (`summariseRun`) into each measure's mean and 95% interval for
 * both, the paired difference with its interval and whether it is real (the interval excludes 0),
 * waits and utilisation by hour, activity per service and organisation, and the Erlang staffing
 * need per half hour beside the rota.
 */
import { clinicianPlan, staffingPlan } from './erlang';
import { HALF_HOURS_OF_WEEK, HOURS_OF_WEEK, type SimulationInput, type SimulationOutput } from './model';
import { interval, type Interval } from './replications';
import { hourOccurrences } from './segments';

/** Out-of-hours: weekdays 18:00–08:00 and all weekend (hours of the week, Monday 00:00 first). */
export function isOutOfHours(hourOfWeek: number): boolean {
  const hour = hourOfWeek % 24;
  return hourOfWeek >= 120 || hour >= 18 || hour < 8;
}

export const MEASURES = [
  { key: 'contactsPerDay', label: 'Contacts a day', unit: 'count', better: 'none' },
  { key: 'answeredWithin60sShare', label: 'Answered within 60 s', unit: 'share', better: 'higher' },
  { key: 'meanTimeToAnswerSeconds', label: 'Mean time to answer', unit: 'seconds', better: 'lower' },
  { key: 'abandonedShare', label: 'Calls abandoned', unit: 'share', better: 'lower' },
  { key: 'clinicalWithinTimeframeShare', label: 'Call-backs within their timeframe', unit: 'share', better: 'higher' },
  { key: 'clinicalMeanWaitMinutes', label: 'Mean wait for a call-back', unit: 'minutes', better: 'lower' },
  { key: 'oohMeanTimeToAnswerSeconds', label: 'Out of hours: mean time to answer', unit: 'seconds', better: 'lower' },
  { key: 'oohClinicalQueueLength', label: 'Out of hours: call-backs waiting', unit: 'count', better: 'lower' },
  { key: 'oohServiceRejectedFullPerDay', label: 'Out of hours: referrals refused as full a day', unit: 'count', better: 'lower' },
  { key: 'referredShare', label: 'Referred to a service', unit: 'share', better: 'none' },
  { key: 'unplacedToEdPerDay', label: 'Referrals no service could take, sent to ED, a day', unit: 'count', better: 'lower' },
  { key: 'edAttendancesPerDay', label: 'ED attendances a day', unit: 'count', better: 'lower' },
  { key: 'ambulanceResponsesPerDay', label: 'Ambulance responses a day', unit: 'count', better: 'lower' },
  { key: 'admissionsPerDay', label: 'Admissions a day', unit: 'count', better: 'lower' },
  { key: 'handlerUtilisation', label: 'Call handlers busy', unit: 'share', better: 'none' },
  { key: 'clinicianUtilisation', label: 'Clinicians busy', unit: 'share', better: 'none' },
] as const;
export type MeasureKey = (typeof MEASURES)[number]['key'];

/** What one run (baseline or scenario, one replication) keeps. */
export interface RunMeasures {
  headline: Record<MeasureKey, number>;
  byHour: {
    offered: number[];
    /** mean time to answer by hour (Little's law on the call queue) */
    callWaitSeconds: number[];
    clinicalQueueLength: number[];
    handlerUtilisation: number[];
    clinicianUtilisation: number[];
  };
  services: Record<string, { offered: number; accepted: number; rejectedClosed: number; rejectedFull: number }>;
  organisations: Record<string, number>;
  /** the run's cost figures by organisation (when costs are priced) */
  costs?: { commissionerCost: number; organisations: Record<string, { income: number; cost: number; margin: number }> };
}

export interface ReplicationPair {
  index: number;
  baseline: RunMeasures;
  scenario: RunMeasures;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** One run's measures; `oohServiceIds` are the out-of-hours services counted as such. */
export function runMeasures(out: SimulationOutput, horizonDays: number, oohServiceIds: readonly string[]): RunMeasures {
  const occurrences = hourOccurrences(0, horizonDays);
  const hourly = out.byHourOfWeek;
  const callWaitSeconds = hourly.callQueueLength.map((length, h) => ratio(length * occurrences[h] * 3600, hourly.offered[h]));
  let oohQueueTime = 0;
  let oohOffered = 0;
  let oohClinical = 0;
  let oohHours = 0;
  for (let h = 0; h < HOURS_OF_WEEK; h++) {
    if (!isOutOfHours(h)) continue;
    oohQueueTime += hourly.callQueueLength[h] * occurrences[h] * 3600;
    oohOffered += hourly.offered[h];
    oohClinical += hourly.clinicalQueueLength[h] * occurrences[h];
    oohHours += occurrences[h];
  }
  const timeframes = Object.values(out.clinical.byTimeframe);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const days = horizonDays;
  const services = Object.fromEntries(Object.entries(out.referrals).map(([id, a]) => [id, { ...a }]));
  return {
    headline: {
      contactsPerDay: out.calls.offered / days,
      answeredWithin60sShare: ratio(out.calls.answeredWithinTarget, out.calls.answered),
      meanTimeToAnswerSeconds: ratio(out.calls.totalTimeToAnswerSeconds, out.calls.answered),
      abandonedShare: ratio(out.calls.abandoned, out.calls.offered),
      clinicalWithinTimeframeShare: ratio(
        timeframes.reduce((a, t) => a + t.withinTimeframe, 0),
        timeframes.reduce((a, t) => a + t.withinTimeframe + t.breached, 0),
      ),
      clinicalMeanWaitMinutes: out.clinical.wait.meanSeconds / 60,
      oohMeanTimeToAnswerSeconds: ratio(oohQueueTime, oohOffered),
      oohClinicalQueueLength: ratio(oohClinical, oohHours),
      oohServiceRejectedFullPerDay: oohServiceIds.reduce((a, id) => a + (out.referrals[id]?.rejectedFull ?? 0), 0) / days,
      referredShare: ratio(out.outcomes.referred, out.calls.offered),
      unplacedToEdPerDay: out.acute.unplacedToEd / days,
      edAttendancesPerDay: out.acute.edAttendances / days,
      ambulanceResponsesPerDay: out.acute.ambulanceResponses / days,
      admissionsPerDay: out.acute.admissions / days,
      handlerUtilisation: mean(hourly.handlerUtilisation),
      clinicianUtilisation: mean(hourly.clinicianUtilisation),
    },
    byHour: {
      offered: hourly.offered.map((n, h) => ratio(n, occurrences[h])),
      callWaitSeconds,
      clinicalQueueLength: [...hourly.clinicalQueueLength],
      handlerUtilisation: [...hourly.handlerUtilisation],
      clinicianUtilisation: [...hourly.clinicianUtilisation],
    },
    services,
    organisations: Object.fromEntries(Object.entries(out.organisations).map(([id, o]) => [id, o.accepted])),
  };
}

/** An interval as JSON carries it: with one replication there is no interval (null). */
export interface Estimate {
  n: number;
  mean: number;
  halfWidth: number | null;
  low: number | null;
  high: number | null;
}

const estimate = (i: Interval): Estimate =>
  Number.isFinite(i.halfWidth) ? { n: i.n, mean: i.mean, halfWidth: i.halfWidth, low: i.low, high: i.high } : { n: i.n, mean: i.mean, halfWidth: null, low: null, high: null };

export interface Comparison {
  baseline: Estimate;
  scenario: Estimate;
  /** scenario − baseline, replication by replication */
  difference: Estimate;
  /** the difference's 95% interval excludes 0 */
  real: boolean;
}

const compare = (baseline: number[], scenario: number[]): Comparison => {
  const difference = interval(scenario.map((v, i) => v - baseline[i]));
  return {
    baseline: estimate(interval(baseline)),
    scenario: estimate(interval(scenario)),
    difference: estimate(difference),
    real: Number.isFinite(difference.halfWidth) && (difference.low > 0 || difference.high < 0),
  };
};

export interface StaffingRow {
  halfHour: number;
  handlersRostered: number;
  handlersNeeded: number;
  cliniciansRostered: number;
  cliniciansNeeded: number;
}

/** Per half hour: call handlers needed (Erlang A, 95% in 60 s) and clinicians (Erlang C, 90% in 20 min) beside the rota. */
export function staffingNeed(input: SimulationInput, demandFactor = 1): StaffingRow[] {
  const perHour = new Array<number>(HOURS_OF_WEEK).fill(0);
  for (const area of input.areas) area.callsPerHourOfWeek.forEach((rate, h) => (perHour[h] += rate * demandFactor));
  const recontact = 1 + input.recontact.within24h + input.recontact.within72h;
  const callsPerHalfHour = Array.from({ length: HALF_HOURS_OF_WEEK }, (_, i) => (perHour[i >> 1] / 2) * recontact);
  const groups = new Map(input.dispositionGroups.map((g) => [g.id, g.route]));
  // The clinical share of triage outcomes, weighted by the areas' age mix.
  const bandWeight = new Map<string, number>();
  for (const area of input.areas) for (const [band, w] of Object.entries(area.ageMix)) bandWeight.set(band, (bandWeight.get(band) ?? 0) + w);
  const allBands = [...bandWeight.values()].reduce((a, b) => a + b, 0);
  let clinicalShare = 0;
  for (const [band, mix] of Object.entries(input.dispositionMix)) {
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    const clinical = Object.entries(mix).reduce((a, [g, w]) => a + (groups.get(g) === 'clinical' ? w : 0), 0);
    clinicalShare += ratio(bandWeight.get(band) ?? 0, allBands) * ratio(clinical, total);
  }
  const mean = (d: SimulationInput['callHandling']['handleSeconds']) =>
    d.kind === 'fixed' ? d.value : d.kind === 'empirical' ? d.values.reduce((a, b) => a + b, 0) / d.values.length : d.mean;
  const handlers = staffingPlan({
    callsPerHalfHour,
    rota: input.callHandling.handlersPerHalfHour,
    handleSeconds: mean(input.callHandling.handleSeconds),
    patienceSeconds: mean(input.callHandling.patienceSeconds),
  });
  const clinicians = clinicianPlan({
    callbacksPerHalfHour: callsPerHalfHour.map((c) => c * clinicalShare),
    rota: input.clinical.cliniciansPerHalfHour,
    assessmentSeconds: mean(input.clinical.assessmentSeconds),
  });
  return handlers.map((row, i) => ({
    halfHour: i,
    handlersRostered: row.rostered,
    handlersNeeded: row.neededErlangA,
    cliniciansRostered: clinicians[i].rostered,
    cliniciansNeeded: clinicians[i].needed,
  }));
}

export interface RunSummary {
  replications: number;
  measures: { key: MeasureKey; label: string; unit: string; better: string; comparison: Comparison }[];
  byHour: {
    hour: number;
    outOfHours: boolean;
    baselineOffered: number;
    scenarioOffered: number;
    baselineCallWaitSeconds: number;
    scenarioCallWaitSeconds: number;
    scenarioCallWaitHalfWidth: number;
    baselineClinicalQueue: number;
    scenarioClinicalQueue: number;
    baselineHandlerUtilisation: number;
    scenarioHandlerUtilisation: number;
    baselineClinicianUtilisation: number;
    scenarioClinicianUtilisation: number;
  }[];
  services: { serviceId: string; name: string; organisationId: string; baselineAccepted: number; scenarioAccepted: number; baselineRejectedFull: number; scenarioRejectedFull: number }[];
  organisations: {
    organisationId: string;
    accepted: Comparison;
    income?: Comparison;
    cost?: Comparison;
    margin?: Comparison;
  }[];
  commissionerCost?: Comparison;
  staffing: { baseline: StaffingRow[]; scenario: StaffingRow[]; surgePeak?: { factor: number; rows: StaffingRow[] } };
}

/** The replications summarised. `names` gives services' names; `organisationOf` each service's organisation. */
export function summariseRun(
  pairs: readonly ReplicationPair[],
  context: { serviceNames: Record<string, string>; organisationOf: Record<string, string>; staffing: RunSummary['staffing'] },
): RunSummary {
  const sorted = [...pairs].sort((a, b) => a.index - b.index);
  const series = (pick: (m: RunMeasures) => number) => [sorted.map((p) => pick(p.baseline)), sorted.map((p) => pick(p.scenario))] as const;
  const meanOf = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const measures = MEASURES.map((m) => ({ ...m, comparison: compare(...series((r) => r.headline[m.key])) }));
  const byHour = Array.from({ length: HOURS_OF_WEEK }, (_, h) => {
    const [bWait, sWait] = series((r) => r.byHour.callWaitSeconds[h]);
    return {
      hour: h,
      outOfHours: isOutOfHours(h),
      baselineOffered: meanOf(series((r) => r.byHour.offered[h])[0]),
      scenarioOffered: meanOf(series((r) => r.byHour.offered[h])[1]),
      baselineCallWaitSeconds: meanOf([...bWait]),
      scenarioCallWaitSeconds: meanOf([...sWait]),
      scenarioCallWaitHalfWidth: finiteOr0(interval([...sWait]).halfWidth),
      baselineClinicalQueue: meanOf(series((r) => r.byHour.clinicalQueueLength[h])[0]),
      scenarioClinicalQueue: meanOf(series((r) => r.byHour.clinicalQueueLength[h])[1]),
      baselineHandlerUtilisation: meanOf(series((r) => r.byHour.handlerUtilisation[h])[0]),
      scenarioHandlerUtilisation: meanOf(series((r) => r.byHour.handlerUtilisation[h])[1]),
      baselineClinicianUtilisation: meanOf(series((r) => r.byHour.clinicianUtilisation[h])[0]),
      scenarioClinicianUtilisation: meanOf(series((r) => r.byHour.clinicianUtilisation[h])[1]),
    };
  });
  const serviceIds = [...new Set(sorted.flatMap((p) => [...Object.keys(p.baseline.services), ...Object.keys(p.scenario.services)]))];
  const services = serviceIds
    .map((id) => {
      const [bAcc, sAcc] = series((r) => r.services[id]?.accepted ?? 0);
      const [bFull, sFull] = series((r) => r.services[id]?.rejectedFull ?? 0);
      return {
        serviceId: id,
        name: context.serviceNames[id] ?? id,
        organisationId: context.organisationOf[id] ?? '',
        baselineAccepted: meanOf([...bAcc]),
        scenarioAccepted: meanOf([...sAcc]),
        baselineRejectedFull: meanOf([...bFull]),
        scenarioRejectedFull: meanOf([...sFull]),
      };
    })
    .sort((a, b) => b.scenarioAccepted - a.scenarioAccepted || a.serviceId.localeCompare(b.serviceId));
  const priced = sorted.length > 0 && sorted.every((p) => p.baseline.costs && p.scenario.costs);
  const organisationIds = [
    ...new Set(sorted.flatMap((p) => [...Object.keys(p.baseline.organisations), ...Object.keys(p.scenario.organisations), ...Object.keys(p.baseline.costs?.organisations ?? {}), ...Object.keys(p.scenario.costs?.organisations ?? {})])),
  ].sort();
  const organisations = organisationIds.map((id) => {
    const row: RunSummary['organisations'][number] = { organisationId: id, accepted: compare(...series((r) => r.organisations[id] ?? 0)) };
    if (priced) {
      row.income = compare(...series((r) => r.costs!.organisations[id]?.income ?? 0));
      row.cost = compare(...series((r) => r.costs!.organisations[id]?.cost ?? 0));
      row.margin = compare(...series((r) => r.costs!.organisations[id]?.margin ?? 0));
    }
    return row;
  });
  return {
    replications: sorted.length,
    measures,
    byHour,
    services,
    organisations,
    ...(priced ? { commissionerCost: compare(...series((r) => r.costs!.commissionerCost)) } : {}),
    staffing: context.staffing,
  };
}

const finiteOr0 = (v: number) => (Number.isFinite(v) ? v : 0);
