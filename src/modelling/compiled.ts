/**
 * The input turned into arrays the engine reads in its hot loop: indices instead of ids, cumulative
 * weights, samplers, each service's capacity per hour of the week (0 when closed), and for each
 * (age band, disposition group) the services eligible, in the order given (the directory's ranking).
 */
import { cumulate, sampler, type Sampler } from './distributions';
import { HOURS_OF_WEEK, type DispositionRoute, type SimulationInput } from './model';

export interface CompiledGroup {
  id: string;
  route: DispositionRoute;
  /** clinical groups: index of its priority class (shortest timeframe first) */
  priority: number;
  callbackSeconds: number;
  /** clinical groups: outcome group indices and their cumulative weights */
  afterIds: number[];
  afterCumulative: Float64Array;
}

export interface CompiledModel {
  seed: number;
  horizonSeconds: number;
  warmUpSeconds: number;
  answeredWithinSeconds: number;
  areaRatesPerSecond: Float64Array[];
  areaBandCumulative: Float64Array[];
  handlersPerHalfHour: number[];
  cliniciansPerHalfHour: number[];
  handle: Sampler;
  patience: Sampler;
  assessment: Sampler;
  redialDelay: Sampler;
  groups: CompiledGroup[];
  /** per age band: group indices with positive weight and their cumulative weights */
  mixIds: number[][];
  mixCumulative: Float64Array[];
  /** the distinct call-back timeframes (seconds), shortest first */
  timeframes: number[];
  bands: number;
  serviceIds: string[];
  serviceOrganisation: string[];
  /** per service: capacity in each hour of the week (0 when closed) */
  serviceCapacity: Float64Array[];
  /** eligible[(area * bands + band) * groups + group] → service indices in preference order */
  eligible: number[][];
  edAttendance: number;
  conveyance: number;
  admission: number;
  recontact24: number;
  recontact72: number;
  redial: number;
}

export function compile(input: SimulationInput): CompiledModel {
  const groupIndex = new Map(input.dispositionGroups.map((g, i) => [g.id, i]));
  const timeframes = [...new Set(input.dispositionGroups.filter((g) => g.route === 'clinical').map((g) => g.callbackMinutes! * 60))].sort((a, b) => a - b);
  const groups: CompiledGroup[] = input.dispositionGroups.map((g) => {
    const after = Object.entries(g.afterAssessment ?? {}).filter(([, w]) => w > 0);
    return {
      id: g.id,
      route: g.route,
      priority: g.route === 'clinical' ? timeframes.indexOf(g.callbackMinutes! * 60) : -1,
      callbackSeconds: (g.callbackMinutes ?? 0) * 60,
      afterIds: after.map(([id]) => groupIndex.get(id)!),
      afterCumulative: cumulate(after.map(([, w]) => w)),
    };
  });
  const mixes = input.ageBands.map((band) => Object.entries(input.dispositionMix[band]).filter(([, w]) => w > 0));
  const eligible: number[][] = [];
  for (const area of input.areas) {
    for (const band of input.ageBands) {
      for (const group of input.dispositionGroups) {
        const services: number[] = [];
        input.services.forEach((s, i) => {
          if ((!s.areas || s.areas.includes(area.id)) && s.ageBands.includes(band) && s.groups.includes(group.id)) services.push(i);
        });
        eligible.push(services);
      }
    }
  }
  return {
    seed: input.seed,
    horizonSeconds: input.horizonDays * 86_400,
    warmUpSeconds: input.warmUpDays * 86_400,
    answeredWithinSeconds: input.callHandling.answeredWithinSeconds,
    areaRatesPerSecond: input.areas.map((a) => Float64Array.from(a.callsPerHourOfWeek, (r) => r / 3600)),
    areaBandCumulative: input.areas.map((a) => cumulate(input.ageBands.map((band) => a.ageMix[band] ?? 0))),
    handlersPerHalfHour: input.callHandling.handlersPerHalfHour,
    cliniciansPerHalfHour: input.clinical.cliniciansPerHalfHour,
    handle: sampler(input.callHandling.handleSeconds),
    patience: sampler(input.callHandling.patienceSeconds),
    assessment: sampler(input.clinical.assessmentSeconds),
    redialDelay: sampler(input.recontact.afterAbandonSeconds),
    groups,
    mixIds: mixes.map((mix) => mix.map(([id]) => groupIndex.get(id)!)),
    mixCumulative: mixes.map((mix) => cumulate(mix.map(([, w]) => w))),
    timeframes,
    bands: input.ageBands.length,
    serviceIds: input.services.map((s) => s.id),
    serviceOrganisation: input.services.map((s) => s.organisationId),
    serviceCapacity: input.services.map((s) =>
      Float64Array.from({ length: HOURS_OF_WEEK }, (_, h) => (s.openHoursOfWeek[h] ? (typeof s.capacityPerHour === 'number' ? s.capacityPerHour : s.capacityPerHour[h]) : 0)),
    ),
    eligible,
    edAttendance: input.acute.edAttendance,
    conveyance: input.acute.ambulanceConveyance,
    admission: input.acute.admissionFromEd,
    recontact24: input.recontact.within24h,
    recontact72: input.recontact.within72h,
    redial: input.recontact.afterAbandon,
  };
}
