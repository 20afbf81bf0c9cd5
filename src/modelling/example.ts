/**
 * A made-up community for tests, the benchmark and (later) the demo: a population split over areas,
 * about 0.3 urgent care contacts per person a year shaped by hour of the week, a demonstration
 * disposition mix (NOT the national one; NOT FOR CLINICAL USE), services with hours and capacity,
 * and rotas sized by Erlang A for 95% answered in 60 s. The next session builds inputs from the
 * directory instead; this one stays as a fixture.
 */
import { staffingPlan } from './erlang';
import { HALF_HOURS_OF_WEEK, HOURS_OF_WEEK, type SimulationInputRaw } from './model';

export const AGE_BANDS = ['infant', 'toddler', 'child', 'adult'] as const;

/** Relative demand by hour of day: quiet overnight, busy evenings (weekdays) and all day at weekends. */
export const WEEKDAY = [3, 2, 1.5, 1.2, 1, 1, 1.5, 2.5, 4, 4.5, 4.5, 4.5, 4.5, 4.2, 4, 4, 4.5, 5.5, 7, 7.5, 7, 6, 5, 4];
export const WEEKEND = [4, 3, 2.5, 2, 1.5, 1.5, 2, 4, 7, 9, 9.5, 9.5, 9, 8.5, 8, 8, 8, 8.5, 8.5, 8, 7, 6, 5, 4.5];

export interface ExampleOptions {
  population: number;
  horizonDays: number;
  seed?: number;
  areas?: number;
  contactsPerPersonYear?: number;
  warmUpDays?: number;
  /** multiplies the staffing the rota gives (1 = the Erlang A need) */
  rotaFactor?: number;
}

export function exampleCommunity(options: ExampleOptions): SimulationInputRaw {
  const areas = options.areas ?? 4;
  const contactsPerWeek = ((options.contactsPerPersonYear ?? 0.3) * options.population * 7) / 365;
  const profile = Array.from({ length: HOURS_OF_WEEK }, (_, h) => (h >= 120 ? WEEKEND : WEEKDAY)[h % 24]);
  const profileTotal = profile.reduce((a, b) => a + b, 0);
  const totalPerHour = profile.map((w) => (w / profileTotal) * contactsPerWeek);
  const handleSeconds = 540;
  const patienceSeconds = 600;
  const assessmentSeconds = 900;
  const callsPerHalfHour = Array.from({ length: HALF_HOURS_OF_WEEK }, (_, i) => totalPerHour[i >> 1] / 2);
  const factor = options.rotaFactor ?? 1;
  const handlers = staffingPlan({ callsPerHalfHour, rota: [], handleSeconds, patienceSeconds }).map((row) => Math.ceil(row.neededErlangA * factor));
  // About 14% of contacts reach the clinical queue; staff it for an 85% occupancy, at least one clinician.
  const clinicians = callsPerHalfHour.map((calls) => Math.max(1, Math.ceil((calls * 0.14 * assessmentSeconds) / 1800 / 0.85)));
  const areaIds = Array.from({ length: areas }, (_, i) => `area-${i + 1}`);
  const perAreaPerHour = totalPerHour.map((rate) => rate / areas);
  const open = (from: number, to: number, weekends = true) =>
    Array.from({ length: HOURS_OF_WEEK }, (_, h) => (weekends || h < 120) && h % 24 >= from && h % 24 < to);
  const always = Array.from({ length: HOURS_OF_WEEK }, () => true);
  const peak = Math.max(...perAreaPerHour);
  return {
    seed: options.seed ?? 1,
    horizonDays: options.horizonDays,
    warmUpDays: options.warmUpDays ?? 0,
    ageBands: [...AGE_BANDS],
    areas: areaIds.map((id, i) => ({
      id,
      name: `Area ${i + 1}`,
      callsPerHourOfWeek: perAreaPerHour,
      ageMix: { infant: 4, toddler: 9, child: 12, adult: 75 },
    })),
    callHandling: {
      handlersPerHalfHour: handlers,
      handleSeconds: { kind: 'lognormal', mean: handleSeconds, sd: 240 },
      patienceSeconds: { kind: 'exponential', mean: patienceSeconds },
      answeredWithinSeconds: 60,
    },
    dispositionGroups: [
      { id: 'self-care', route: 'self-care' },
      { id: 'ambulance', route: 'ambulance' },
      { id: 'ed', route: 'ed' },
      { id: 'primary-care', route: 'service' },
      { id: 'dental', route: 'service' },
      { id: 'pharmacy', route: 'service' },
      { id: 'callback-20', route: 'clinical', callbackMinutes: 20, afterAssessment: { 'self-care': 30, 'primary-care': 45, ed: 15, ambulance: 10 } },
      { id: 'callback-60', route: 'clinical', callbackMinutes: 60, afterAssessment: { 'self-care': 40, 'primary-care': 45, ed: 10, pharmacy: 5 } },
      { id: 'callback-120', route: 'clinical', callbackMinutes: 120, afterAssessment: { 'self-care': 50, 'primary-care': 35, pharmacy: 10, dental: 5 } },
    ],
    dispositionMix: {
      infant: { 'self-care': 6, ambulance: 6, ed: 10, 'primary-care': 50, pharmacy: 2, 'callback-20': 8, 'callback-60': 10, 'callback-120': 8 },
      toddler: { 'self-care': 10, ambulance: 5, ed: 9, 'primary-care': 48, dental: 2, pharmacy: 6, 'callback-20': 5, 'callback-60': 8, 'callback-120': 7 },
      child: { 'self-care': 12, ambulance: 5, ed: 9, 'primary-care': 44, dental: 6, pharmacy: 8, 'callback-20': 3, 'callback-60': 6, 'callback-120': 7 },
      adult: { 'self-care': 10, ambulance: 11, ed: 9, 'primary-care': 40, dental: 7, pharmacy: 9, 'callback-20': 3, 'callback-60': 5, 'callback-120': 6 },
    },
    clinical: { cliniciansPerHalfHour: clinicians, assessmentSeconds: { kind: 'lognormal', mean: assessmentSeconds, sd: 420 } },
    services: areaIds.flatMap((area, i) => [
      // Out-of-hours primary care: evenings, nights and weekends; capacity below the peak, so some overflow.
      { id: `${area}-ooh`, organisationId: 'ooh-provider', areas: [area], openHoursOfWeek: always.map((_, h) => h >= 120 || h % 24 >= 18 || h % 24 < 8), capacityPerHour: Math.round(peak * 0.38), ageBands: [...AGE_BANDS], groups: ['primary-care'] },
      { id: `${area}-gp-hub`, areas: [area], organisationId: `pcn-${i + 1}`, openHoursOfWeek: open(8, 20, false), capacityPerHour: Math.round(peak * 0.35), ageBands: [...AGE_BANDS], groups: ['primary-care'] },
      { id: `${area}-utc`, areas: [area], organisationId: 'acute-trust', openHoursOfWeek: open(8, 22), capacityPerHour: Math.round(peak * 0.2), ageBands: ['toddler', 'child', 'adult'], groups: ['primary-care'] },
      { id: `${area}-dental`, areas: [area], organisationId: 'dental-network', openHoursOfWeek: open(9, 17), capacityPerHour: Math.max(1, Math.round(peak * 0.06)), ageBands: [...AGE_BANDS], groups: ['dental'] },
      { id: `${area}-pharmacy`, areas: [area], organisationId: 'community-pharmacy', openHoursOfWeek: open(8, 21), capacityPerHour: Math.max(1, Math.round(peak * 0.1)), ageBands: ['child', 'adult'], groups: ['pharmacy'] },
    ]),
    acute: { edAttendance: 0.8, ambulanceConveyance: 0.55, admissionFromEd: 0.28 },
    recontact: { within24h: 0.06, within72h: 0.04, afterAbandon: 0.6, afterAbandonSeconds: { kind: 'exponential', mean: 600 } },
  };
}
