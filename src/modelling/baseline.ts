/**
 * The baseline: the community as the directory describes it, turned into a `SimulationInputRaw`.
 * Pure (no I/O): `service.ts` reads the live directory and areas and hands them here.
 *
 *  - services: each active service that receives 111 referrals (not the telephony services — 111
 *    itself, the clinical assessment and validation services are the call and clinical queues —
 *    nor emergency departments and the ambulance service, which the engine models as acute routes);
 *    its opening hours → `openHoursOfWeek` (open in an hour when open at half past), its eligible
 *    ages → age bands, its dispositions → disposition groups, the areas it serves, a per-hour
 *    capacity by service type (`CAPACITY_BY_TYPE`), and its organisation; ids are the directory's;
 *  - areas: the areas those services serve, with their population (from the postcode districts);
 *    demand = population × contacts per person a year, shaped by hour of the week;
 *  - age bands: cut at the directory's own eligibility thresholds (plus 1, 5 and 65 years), weighted
 *    by a national-style age profile of 111 callers;
 *  - a national-style disposition mix by age (DEMONSTRATION, NOT FOR CLINICAL USE);
 *  - rotas sized by Erlang: call handlers for 95% answered in 60 s (Erlang A), clinicians for 90% of
 *    call-backs within 20 minutes (Erlang C).
 * See docs/modelling.md ("The baseline from the directory").
 */
import { Weekdays } from '../directory/local-time';
import type { Session } from '../directory/opening-hours';
import { clinicianPlan, staffingPlan } from './erlang';
import { WEEKDAY, WEEKEND } from './example';
import { HALF_HOURS_OF_WEEK, HOURS_OF_WEEK, type SimulationInputRaw } from './model';

/** What the baseline needs of a directory service (a `Service` satisfies it). */
export interface DirectoryServiceSource {
  id: number;
  name: string;
  organisationId: string;
  typeId: number;
  status: string;
  openingTimes: { alwaysOpen: boolean; weekly: Record<string, Session[]> };
  eligibility: { ageFromDays: number; ageToDays: number };
  coverage: { dispositions: string[] };
  areas: { commissionedFor: string[]; limitedTo: string[]; promotedInto: string[] };
  areaCode: string | null;
}

export interface BaselineSource {
  services: readonly DirectoryServiceSource[];
  dispositions: readonly { code: string; group: string }[];
  serviceTypes: readonly { id: number; name: string; category: string; nationalRank: number }[];
  /** areas with their population (people), e.g. summed over their postcode districts */
  areas: readonly { code: string; name: string; population: number }[];
}

export interface BaselineOptions {
  seed?: number;
  horizonDays?: number;
  warmUpDays?: number;
  replications?: number;
  /** urgent care contacts per person a year (England's NHS 111: ~0.35; default 0.3) */
  contactsPerPersonYear?: number;
}

export const DEFAULT_CONTACTS_PER_PERSON_YEAR = 0.3;
export const HANDLE_SECONDS = 540;
export const PATIENCE_SECONDS = 600;
export const ASSESSMENT_SECONDS = 900;
/** The directory's type of GP out-of-hours services. */
export const OOH_SERVICE_TYPE = 25;

/** Service types whose work the engine models as queues or acute routes, not as referral receivers. */
const NOT_REFERRAL_RECEIVERS = new Map<number, string>([
  [130, 'the 111 call handling itself (the call queue)'],
  [133, 'the clinical assessment service (the clinical queue)'],
  [139, 'the validation service (the clinical queue)'],
  [105, 'an emergency department (the engine’s ED route)'],
  [1081, 'the ambulance service (the engine’s ambulance route)'],
  [1080, 'the police'],
]);

/**
 * Referrals from 111 a service takes in one clock hour while open, by service type (a demonstration
 * figure, per site: what a typical service of the type keeps for 111 bookings). Others: 1.
 */
export const CAPACITY_BY_TYPE: Readonly<Record<number, number>> = {
  100: 1, // GP practice: about one urgent 111 slot an hour
  136: 3, // GP access hub
  25: 6, // GP out-of-hours base
  135: 8, // urgent treatment centre
  1001: 4, // walk-in centre
  1002: 4, // minor injuries unit
  1010: 3, // urgent dental service
  1011: 1, // dental practice
  13: 1, // community pharmacy (consultation service)
  14: 1, // optician
  1020: 2, // mental health crisis team
  1031: 2, // community nursing night service
  1040: 2, // maternity triage
};

/**
 * The engine's disposition groups: the catalogue's groups, with ambulance categories 1–2 as one
 * ambulance route, categories 3–4 validated by a clinician first (as IUC does), ED outcomes as the ED
 * route, and clinician call-backs split by timeframe. Police outcomes are not modelled.
 */
const SERVICE_GROUPS = ['contact-primary-care', 'speak-to-primary-care', 'own-gp', 'dental', 'community', 'other-services', 'repeat-prescription'] as const;
const CATALOGUE_TO_ENGINE_GROUP: Readonly<Record<string, string | null>> = {
  'ambulance-cat1': 'ambulance',
  'ambulance-cat2': 'ambulance',
  'ambulance-cat3': 'validation-callback',
  'ambulance-cat4': 'validation-callback',
  police: null,
  'emergency-department': 'emergency-department',
  'clinician-callback': null, // by timeframe: not a service route
  'validation-callback': null,
  'self-care': null,
  ...Object.fromEntries(SERVICE_GROUPS.map((g) => [g, g])),
};

const DISPOSITION_GROUPS: SimulationInputRaw['dispositionGroups'] = [
  { id: 'self-care', route: 'self-care' },
  { id: 'ambulance', route: 'ambulance' },
  { id: 'emergency-department', route: 'ed' },
  ...SERVICE_GROUPS.map((id) => ({ id, route: 'service' as const })),
  {
    id: 'validation-callback',
    route: 'clinical',
    callbackMinutes: 30,
    afterAssessment: { ambulance: 25, 'emergency-department': 30, 'contact-primary-care': 30, 'self-care': 15 },
  },
  { id: 'clinician-callback-20', route: 'clinical', callbackMinutes: 20, afterAssessment: { ambulance: 10, 'emergency-department': 15, 'contact-primary-care': 45, 'self-care': 30 } },
  { id: 'clinician-callback-60', route: 'clinical', callbackMinutes: 60, afterAssessment: { 'emergency-department': 10, 'contact-primary-care': 45, 'other-services': 5, 'self-care': 40 } },
  { id: 'clinician-callback-120', route: 'clinical', callbackMinutes: 120, afterAssessment: { 'contact-primary-care': 35, 'other-services': 10, dental: 5, 'self-care': 50 } },
];

/**
 * A national-style triage outcome mix by age (percent of calls triaged), in the shape of the IUC ADC's
 * published shares: about 1 in 10 ambulance, 1 in 10 ED, over half primary care, 1 in 10 a
 * clinician's call-back. DEMONSTRATION FIGURES, NOT FOR CLINICAL USE.
 */
export const DISPOSITION_MIX_BY_AGE: Readonly<Record<'infant' | 'child' | 'adult' | 'older', Readonly<Record<string, number>>>> = {
  infant: { 'self-care': 8, ambulance: 4, 'validation-callback': 6, 'emergency-department': 9, 'contact-primary-care': 40, 'speak-to-primary-care': 8, 'own-gp': 4, 'other-services': 1, 'clinician-callback-20': 4, 'clinician-callback-60': 8, 'clinician-callback-120': 8 },
  child: { 'self-care': 12, ambulance: 3, 'validation-callback': 5, 'emergency-department': 8, 'contact-primary-care': 35, 'speak-to-primary-care': 8, 'own-gp': 5, dental: 5, 'other-services': 6, 'repeat-prescription': 1, 'clinician-callback-20': 2, 'clinician-callback-60': 5, 'clinician-callback-120': 5 },
  adult: { 'self-care': 9, ambulance: 6, 'validation-callback': 7, 'emergency-department': 9, 'contact-primary-care': 26, 'speak-to-primary-care': 8, 'own-gp': 6, dental: 7, community: 2, 'other-services': 6, 'repeat-prescription': 3, 'clinician-callback-20': 2, 'clinician-callback-60': 4, 'clinician-callback-120': 5 },
  older: { 'self-care': 5, ambulance: 11, 'validation-callback': 10, 'emergency-department': 10, 'contact-primary-care': 25, 'speak-to-primary-care': 8, 'own-gp': 7, dental: 2, community: 8, 'other-services': 4, 'repeat-prescription': 3, 'clinician-callback-20': 2, 'clinician-callback-60': 3, 'clinician-callback-120': 2 },
};

const DAYS_PER_YEAR = 365.25;
const MAX_AGE_DAYS = Math.round(130 * DAYS_PER_YEAR);
const yearsToDays = (years: number) => Math.round(years * DAYS_PER_YEAR);

/** Share of 111 callers of each single year of age (national-style: many infants and toddlers). */
function callerWeightAtAge(years: number): number {
  if (years < 1) return 5;
  if (years < 5) return 2.5;
  if (years < 16) return 0.8;
  if (years < 25) return 1.3;
  if (years < 80) return 1;
  if (years < 100) return 0.45;
  return 0.02;
}

export interface AgeBand {
  id: string;
  fromDays: number;
  /** exclusive */
  toDays: number;
}

const STANDARD_CUTS = [yearsToDays(1), yearsToDays(5), yearsToDays(16), yearsToDays(65)];
const MAX_BANDS = 20;

/** Age bands cut at the directory's eligibility thresholds (and 1, 5, 16 and 65 years), at most 20. */
export function ageBandsFor(services: readonly DirectoryServiceSource[]): AgeBand[] {
  const uses = new Map<number, number>();
  for (const s of services) {
    for (const cut of [s.eligibility.ageFromDays, s.eligibility.ageToDays + 1]) {
      if (cut > 0 && cut < MAX_AGE_DAYS) uses.set(cut, (uses.get(cut) ?? 0) + 1);
    }
  }
  // Keep the standard cuts and the most used of the directory's, so the engine's limit is never passed.
  const directoryCuts = [...uses].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([cut]) => cut);
  const cuts = [...new Set([...STANDARD_CUTS, ...directoryCuts])].slice(0, MAX_BANDS - 1).sort((a, b) => a - b);
  const edges = [0, ...cuts, MAX_AGE_DAYS + 1];
  return edges.slice(0, -1).map((from, i) => ({ id: bandName(from, edges[i + 1]), fromDays: from, toDays: edges[i + 1] }));
}

function bandName(from: number, to: number): string {
  const age = (days: number) => {
    const years = days / DAYS_PER_YEAR;
    return Math.abs(years - Math.round(years)) < 0.01 ? `${Math.round(years)}y` : `${days}d`;
  };
  return to > MAX_AGE_DAYS ? `${age(from)}+` : `${age(from)}-${age(to)}`;
}

/** The band's share of callers: the age profile summed over its years (by month, for precision). */
function bandCallerWeight(band: AgeBand): number {
  let total = 0;
  for (let day = band.fromDays; day < Math.min(band.toDays, MAX_AGE_DAYS); day += 30) {
    total += callerWeightAtAge(day / DAYS_PER_YEAR) * Math.min(30, band.toDays - day);
  }
  return total / DAYS_PER_YEAR;
}

function mixForBand(band: AgeBand): Readonly<Record<string, number>> {
  const years = band.fromDays / DAYS_PER_YEAR;
  return DISPOSITION_MIX_BY_AGE[years < 1 ? 'infant' : years < 16 ? 'child' : years < 65 ? 'adult' : 'older'];
}

/** Whether a service sees a band: its age range covers at least half of the band. */
function seesBand(service: DirectoryServiceSource, band: AgeBand): boolean {
  const from = Math.max(band.fromDays, service.eligibility.ageFromDays);
  const to = Math.min(band.toDays, service.eligibility.ageToDays + 1);
  return to - from >= (Math.min(band.toDays, MAX_AGE_DAYS + 1) - band.fromDays) / 2;
}

/** Open in each hour of the week (Monday 00:00 first) when open at half past the hour. */
export function openHoursOfWeek(times: DirectoryServiceSource['openingTimes']): boolean[] {
  if (times.alwaysOpen) return Array.from({ length: HOURS_OF_WEEK }, () => true);
  return Array.from({ length: HOURS_OF_WEEK }, (_, h) => {
    const sessions = times.weekly[Weekdays[Math.floor(h / 24)]] ?? [];
    const at = `${String(h % 24).padStart(2, '0')}:30`;
    return sessions.some((s) => s.open <= at && at < s.close);
  });
}

/** The areas a service serves: where it is limited to, else where it is commissioned, promoted or sits. */
function areasServed(service: DirectoryServiceSource): string[] {
  if (service.areas.limitedTo.length > 0) return [...new Set(service.areas.limitedTo)];
  return [...new Set([...service.areas.commissionedFor, ...service.areas.promotedInto, ...(service.areaCode ? [service.areaCode] : [])])];
}

export interface BaselineSummary {
  population: number;
  contactsPerYear: number;
  contactsPerPersonYear: number;
  areas: { code: string; name: string; population: number; contactsPerYear: number }[];
  ageBands: { id: string; share: number }[];
  services: { included: number; excluded: { reason: string; count: number }[] };
  byServiceType: { typeId: number; name: string; services: number; openHoursPerWeek: number; referralsPerWeek: number }[];
  organisations: number;
  /** handler and clinician hours in the week's rota */
  callHandlerHoursPerWeek: number;
  clinicianHoursPerWeek: number;
}

/** An input whose optional parts the baseline always fills in. */
export type BaselineInput = SimulationInputRaw & { services: NonNullable<SimulationInputRaw['services']> };

export interface Baseline {
  input: BaselineInput;
  summary: BaselineSummary;
  /** service id → its name and directory type (the screens show names; 111-in-front-of-OOH finds OOH by type) */
  serviceNames: Record<string, string>;
  serviceTypes: Record<string, number>;
}

/** Expected calls per hour of the week for a yearly volume, shaped like 111's week (busy evenings and weekends). */
export function weeklyProfile(contactsPerYear: number): number[] {
  const shape = Array.from({ length: HOURS_OF_WEEK }, (_, h) => (h >= 120 ? WEEKEND : WEEKDAY)[h % 24]);
  const total = shape.reduce((a, b) => a + b, 0);
  const perWeek = (contactsPerYear * 7) / 365;
  return shape.map((w) => (w / total) * perWeek);
}

/** Builds the baseline from the directory. Throws a plain Error when the directory has nothing to model. */
export function buildBaseline(source: BaselineSource, options: BaselineOptions = {}): Baseline {
  const rate = options.contactsPerPersonYear ?? DEFAULT_CONTACTS_PER_PERSON_YEAR;
  const groupOfDisposition = new Map(source.dispositions.map((d) => [d.code, CATALOGUE_TO_ENGINE_GROUP[d.group] ?? null]));
  const typeById = new Map(source.serviceTypes.map((t) => [t.id, t]));
  const knownAreas = new Map(source.areas.filter((a) => a.population > 0).map((a) => [a.code, a]));

  const excluded = new Map<string, number>();
  const exclude = (reason: string) => excluded.set(reason, (excluded.get(reason) ?? 0) + 1);
  const receivers: { service: DirectoryServiceSource; groups: string[]; areas: string[] }[] = [];
  for (const service of source.services) {
    if (service.status !== 'active') {
      exclude(`not active (${service.status})`);
      continue;
    }
    const role = NOT_REFERRAL_RECEIVERS.get(service.typeId);
    if (role) {
      exclude(`modelled as ${role}`);
      continue;
    }
    const groups = [...new Set(service.coverage.dispositions.map((dx) => groupOfDisposition.get(dx)).filter((g): g is string => !!g && SERVICE_GROUPS.includes(g as never)))];
    if (groups.length === 0) {
      exclude('receives no disposition that 111 refers to a service');
      continue;
    }
    const areas = areasServed(service).filter((a) => knownAreas.has(a));
    if (areas.length === 0) {
      exclude('serves no area with a known population');
      continue;
    }
    receivers.push({ service, groups, areas });
  }
  if (receivers.length === 0) throw new Error('The directory has no active service that receives 111 referrals in an area with a known population');

  // The directory's ranking: national rank of the type first (the engine offers services in this order).
  receivers.sort((a, b) => (typeById.get(a.service.typeId)?.nationalRank ?? 10) - (typeById.get(b.service.typeId)?.nationalRank ?? 10) || a.service.id - b.service.id);
  const areaCodes = [...new Set(receivers.flatMap((r) => r.areas))].sort();
  const areas = areaCodes.map((code) => knownAreas.get(code)!);
  const population = areas.reduce((a, area) => a + area.population, 0);

  const bands = ageBandsFor(receivers.map((r) => r.service));
  const bandWeights = bands.map(bandCallerWeight);
  const weightTotal = bandWeights.reduce((a, b) => a + b, 0);
  const ageMix = Object.fromEntries(bands.map((b, i) => [b.id, Math.round((bandWeights[i] / weightTotal) * 1e6) / 1e4]));

  const services: BaselineInput['services'] = receivers.map(({ service, groups, areas: served }) => ({
    id: String(service.id),
    organisationId: service.organisationId,
    openHoursOfWeek: openHoursOfWeek(service.openingTimes),
    capacityPerHour: CAPACITY_BY_TYPE[service.typeId] ?? 1,
    areas: served,
    ageBands: bands.filter((b) => seesBand(service, b)).map((b) => b.id),
    groups,
  }));
  // A service whose ages fall within no band at least half way still sees the band its range starts in.
  services.forEach((s, i) => {
    if (s.ageBands.length === 0) s.ageBands = [bands.find((b) => b.toDays > receivers[i].service.eligibility.ageFromDays)!.id];
  });

  const recontactFactor = 1 + 0.06 + 0.04;
  const totalPerHour = weeklyProfile(population * rate);
  const callsPerHalfHour = Array.from({ length: HALF_HOURS_OF_WEEK }, (_, i) => (totalPerHour[i >> 1] / 2) * recontactFactor);
  const handlers = staffingPlan({ callsPerHalfHour, rota: [], handleSeconds: HANDLE_SECONDS, patienceSeconds: PATIENCE_SECONDS }).map((row) => row.neededErlangA);
  const clinicalShare = bands.reduce((acc, band, i) => {
    const mix = mixForBand(band);
    const total = Object.values(mix).reduce((a, b) => a + b, 0);
    const clinical = DISPOSITION_GROUPS.filter((g) => g.route === 'clinical').reduce((a, g) => a + (mix[g.id] ?? 0), 0);
    return acc + (bandWeights[i] / weightTotal) * (clinical / total);
  }, 0);
  const clinicians = clinicianPlan({ callbacksPerHalfHour: callsPerHalfHour.map((c) => c * clinicalShare), rota: [], assessmentSeconds: ASSESSMENT_SECONDS }).map((row) => Math.max(1, row.needed));

  const input: BaselineInput = {
    seed: options.seed ?? 1,
    horizonDays: options.horizonDays ?? 28,
    warmUpDays: options.warmUpDays ?? 0,
    replications: options.replications ?? 1,
    ageBands: bands.map((b) => b.id),
    areas: areas.map((area) => ({
      id: area.code,
      name: area.name,
      callsPerHourOfWeek: totalPerHour.map((r) => (r * area.population) / population),
      ageMix,
    })),
    callHandling: {
      handlersPerHalfHour: handlers,
      handleSeconds: { kind: 'lognormal', mean: HANDLE_SECONDS, sd: 240 },
      patienceSeconds: { kind: 'exponential', mean: PATIENCE_SECONDS },
      answeredWithinSeconds: 60,
    },
    dispositionGroups: DISPOSITION_GROUPS,
    dispositionMix: Object.fromEntries(bands.map((b) => [b.id, { ...mixForBand(b) }])),
    clinical: { cliniciansPerHalfHour: clinicians, assessmentSeconds: { kind: 'lognormal', mean: ASSESSMENT_SECONDS, sd: 420 } },
    services,
    acute: { edAttendance: 0.8, ambulanceConveyance: 0.55, admissionFromEd: 0.28 },
    recontact: { within24h: 0.06, within72h: 0.04, afterAbandon: 0.6, afterAbandonSeconds: { kind: 'exponential', mean: 600 } },
  };

  const byType = new Map<number, BaselineSummary['byServiceType'][number]>();
  services.forEach((s, i) => {
    const typeId = receivers[i].service.typeId;
    const row = byType.get(typeId) ?? { typeId, name: typeById.get(typeId)?.name ?? `type ${typeId}`, services: 0, openHoursPerWeek: 0, referralsPerWeek: 0 };
    const open = s.openHoursOfWeek.filter(Boolean).length;
    row.services++;
    row.openHoursPerWeek += open;
    row.referralsPerWeek += open * (s.capacityPerHour as number);
    byType.set(typeId, row);
  });
  return {
    input,
    serviceNames: Object.fromEntries(receivers.map((r) => [String(r.service.id), r.service.name])),
    serviceTypes: Object.fromEntries(receivers.map((r) => [String(r.service.id), r.service.typeId])),
    summary: {
      population,
      contactsPerYear: Math.round(population * rate),
      contactsPerPersonYear: rate,
      areas: areas.map((a) => ({ code: a.code, name: a.name, population: a.population, contactsPerYear: Math.round(a.population * rate) })),
      ageBands: bands.map((b, i) => ({ id: b.id, share: bandWeights[i] / weightTotal })),
      services: { included: services.length, excluded: [...excluded].map(([reason, count]) => ({ reason, count })) },
      byServiceType: [...byType.values()].sort((a, b) => b.services - a.services),
      organisations: new Set(services.map((s) => s.organisationId)).size,
      callHandlerHoursPerWeek: handlers.reduce((a, b) => a + b, 0) / 2,
      clinicianHoursPerWeek: clinicians.reduce((a, b) => a + b, 0) / 2,
    },
  };
}
