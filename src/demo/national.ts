/**
 * A generated national directory for benchmarks (`signpost generate --services 100000`): services
 * spread over Great Britain and Northern Ireland around ~60 population centres (weighted by
 * population, jittered by a few km), every service type in roughly national proportions, varied
 * opening times (24/7, office hours, evenings, weekends, bank-holiday sessions, specified dates),
 * coverage from the same per-kind rules as the demo community, and varied eligibility.
 *
 * Pure and deterministic for a seed, and fast: immutable parts (coverage, opening times,
 * eligibility) are built once and shared, frozen, between profiles — copy a profile's section before
 * editing it. Every profile carries `location`, so nothing depends on postcode data; the postcode is
 * a plausible one in the town's outward code, for display only.
 */
import type { Catalogue } from '../directory/catalogue';
import type { ServiceProfileInput, ServiceStatus } from '../directory/model';
import { MAX_AGE_DAYS } from '../directory/model';
import type { OpeningTimes } from '../directory/opening-hours';
import type { OrganisationInput } from '../identity/model';
import { KIND_CAPABILITIES } from './capabilities';
import { coverageFor, KINDS, years, type Coverage, type Kind } from './coverage';
import { days, everyDay, everyNDays, EVERY_DAY, MON_FRI, MON_SAT, nightly, onOrAfter, outOfHours, session, twentyFourSeven, week, weeklyTimes, WEEKEND } from './hours';
import { Random } from './random';

interface Centre {
  name: string;
  outward: string;
  lat: number;
  lon: number;
  /** thousands of people, for weighting */
  pop: number;
  region: Region;
}

const REGIONS = {
  london: 'London',
  'south-east': 'South East',
  'south-west': 'South West',
  east: 'East of England',
  midlands: 'Midlands',
  'north-east-yorkshire': 'North East and Yorkshire',
  'north-west': 'North West',
  wales: 'Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
} as const;
type Region = keyof typeof REGIONS;

const c = (name: string, outward: string, lat: number, lon: number, pop: number, region: Region): Centre => ({ name, outward, lat, lon, pop, region });

/** Population centres (approximate centroids; population in thousands, rough, for weighting only). */
export const CENTRES: readonly Centre[] = [
  c('London (central)', 'WC1', 51.5074, -0.1278, 1800, 'london'),
  c('London (north)', 'N7', 51.556, -0.117, 1500, 'london'),
  c('London (east)', 'E15', 51.541, 0.003, 1700, 'london'),
  c('London (south)', 'SE5', 51.474, -0.091, 1800, 'london'),
  c('London (west)', 'W5', 51.513, -0.304, 1500, 'london'),
  c('Birmingham', 'B1', 52.4862, -1.8904, 1150, 'midlands'),
  c('Manchester', 'M1', 53.4808, -2.2426, 1100, 'north-west'),
  c('Leeds', 'LS1', 53.8008, -1.5491, 800, 'north-east-yorkshire'),
  c('Liverpool', 'L1', 53.4084, -2.9916, 600, 'north-west'),
  c('Sheffield', 'S1', 53.3811, -1.4701, 580, 'north-east-yorkshire'),
  c('Bristol', 'BS1', 51.4545, -2.5879, 470, 'south-west'),
  c('Newcastle upon Tyne', 'NE1', 54.9783, -1.6178, 450, 'north-east-yorkshire'),
  c('Nottingham', 'NG1', 52.9548, -1.1581, 420, 'midlands'),
  c('Leicester', 'LE1', 52.6369, -1.1398, 370, 'midlands'),
  c('Coventry', 'CV1', 52.4068, -1.5197, 370, 'midlands'),
  c('Bradford', 'BD1', 53.796, -1.7594, 360, 'north-east-yorkshire'),
  c('Stoke-on-Trent', 'ST1', 53.0027, -2.1794, 260, 'midlands'),
  c('Wolverhampton', 'WV1', 52.587, -2.1288, 260, 'midlands'),
  c('Plymouth', 'PL1', 50.3755, -4.1427, 265, 'south-west'),
  c('Southampton', 'SO14', 50.9097, -1.4044, 250, 'south-east'),
  c('Portsmouth', 'PO1', 50.8198, -1.088, 210, 'south-east'),
  c('Derby', 'DE1', 52.9225, -1.4746, 260, 'midlands'),
  c('Hull', 'HU1', 53.7676, -0.3274, 270, 'north-east-yorkshire'),
  c('Brighton', 'BN1', 50.8225, -0.1372, 290, 'south-east'),
  c('Reading', 'RG1', 51.4543, -0.9781, 230, 'south-east'),
  c('Norwich', 'NR1', 52.6309, 1.2974, 210, 'east'),
  c('Cambridge', 'CB1', 52.2053, 0.1218, 150, 'east'),
  c('Oxford', 'OX1', 51.752, -1.2577, 160, 'south-east'),
  c('Milton Keynes', 'MK9', 52.0406, -0.7594, 290, 'south-east'),
  c('Northampton', 'NN1', 52.2405, -0.9027, 230, 'midlands'),
  c('Exeter', 'EX1', 50.7184, -3.5339, 130, 'south-west'),
  c('Gloucester', 'GL1', 51.8642, -2.2382, 130, 'south-west'),
  c('Swindon', 'SN1', 51.5558, -1.7797, 230, 'south-west'),
  c('Bournemouth', 'BH1', 50.7192, -1.8808, 400, 'south-west'),
  c('Ipswich', 'IP1', 52.0567, 1.1482, 140, 'east'),
  c('Peterborough', 'PE1', 52.5695, -0.2405, 210, 'east'),
  c('York', 'YO1', 53.96, -1.0873, 210, 'north-east-yorkshire'),
  c('Middlesbrough', 'TS1', 54.5742, -1.235, 140, 'north-east-yorkshire'),
  c('Sunderland', 'SR1', 54.9069, -1.3838, 270, 'north-east-yorkshire'),
  c('Preston', 'PR1', 53.7632, -2.7031, 140, 'north-west'),
  c('Blackpool', 'FY1', 53.8175, -3.0357, 140, 'north-west'),
  c('Carlisle', 'CA1', 54.8925, -2.9329, 110, 'north-west'),
  c('Lincoln', 'LN1', 53.2307, -0.5406, 100, 'midlands'),
  c('Canterbury', 'CT1', 51.2802, 1.0789, 160, 'south-east'),
  c('Maidstone', 'ME14', 51.2704, 0.5227, 170, 'south-east'),
  c('Chelmsford', 'CM1', 51.7356, 0.4685, 180, 'east'),
  c('Luton', 'LU1', 51.8787, -0.42, 220, 'east'),
  c('Truro', 'TR1', 50.2632, -5.051, 120, 'south-west'),
  c('Shrewsbury', 'SY1', 52.7073, -2.7553, 100, 'midlands'),
  c('Worcester', 'WR1', 52.1936, -2.2216, 100, 'midlands'),
  c('Cardiff', 'CF10', 51.4816, -3.1791, 360, 'wales'),
  c('Swansea', 'SA1', 51.6214, -3.9436, 240, 'wales'),
  c('Newport', 'NP20', 51.5842, -2.9977, 150, 'wales'),
  c('Wrexham', 'LL11', 53.0462, -2.993, 130, 'wales'),
  c('Bangor', 'LL57', 53.2274, -4.1293, 70, 'wales'),
  c('Aberystwyth', 'SY23', 52.4153, -4.0829, 40, 'wales'),
  c('Glasgow', 'G1', 55.8642, -4.2518, 630, 'scotland'),
  c('Edinburgh', 'EH1', 55.9533, -3.1883, 520, 'scotland'),
  c('Aberdeen', 'AB10', 57.1497, -2.0943, 200, 'scotland'),
  c('Dundee', 'DD1', 56.462, -2.9707, 150, 'scotland'),
  c('Inverness', 'IV1', 57.4778, -4.2247, 70, 'scotland'),
  c('Stirling', 'FK8', 56.1165, -3.9369, 90, 'scotland'),
  c('Dumfries', 'DG1', 55.07, -3.605, 50, 'scotland'),
  c('Belfast', 'BT1', 54.5973, -5.9301, 340, 'northern-ireland'),
  c('Derry', 'BT48', 54.9966, -7.3086, 110, 'northern-ireland'),
  c('Newry', 'BT34', 54.1751, -6.3402, 60, 'northern-ireland'),
  c('Enniskillen', 'BT74', 54.3438, -7.6315, 30, 'northern-ireland'),
];

/** Services per 1,000 of each kind (roughly the national mix: pharmacies and GP practices most). */
const KIND_WEIGHTS: Readonly<Record<Kind, number>> = {
  pharmacy: 230,
  gp: 200,
  dentalPractice: 140,
  optician: 90,
  districtNursingDay: 45,
  midwives: 25,
  sexualHealth: 20,
  gpHub: 20,
  ooh: 15,
  hospice: 12,
  urgentDental: 10,
  utc: 10,
  miu: 10,
  ucr: 10,
  reablement: 10,
  mhCrisis: 8,
  safeHaven: 8,
  districtNursingNight: 8,
  walkIn: 5,
  ed: 5,
  sdec: 5,
  pau: 4,
  epu: 4,
  eyeCasualty: 4,
  maternityTriage: 4,
  edt: 4,
  catheterNurse: 4,
  palliativeLine: 3,
  cas: 2,
  sarc: 2,
  police: 2,
  nhs111: 1,
  validation: 1,
  ambulance: 1,
};

const LABELS: Readonly<Record<Kind, string>> = {
  pharmacy: 'Pharmacy',
  gp: 'Medical Practice',
  dentalPractice: 'Dental Practice',
  optician: 'Opticians',
  districtNursingDay: 'District Nursing Team',
  midwives: 'Community Midwives',
  sexualHealth: 'Sexual Health Clinic',
  gpHub: 'GP Access Hub',
  ooh: 'GP Out-of-Hours Base',
  hospice: 'Hospice Advice Team',
  urgentDental: 'Urgent Dental Clinic',
  utc: 'Urgent Treatment Centre',
  miu: 'Minor Injury Unit',
  ucr: 'Urgent Community Response',
  reablement: 'Rapid Response and Reablement',
  mhCrisis: 'Mental Health Crisis Team',
  safeHaven: 'Safe Haven',
  districtNursingNight: 'Community Nursing Night Service',
  walkIn: 'Walk-in Centre',
  ed: 'Emergency Department',
  sdec: 'Same Day Emergency Care',
  pau: 'Paediatric Assessment Unit',
  epu: 'Early Pregnancy Unit',
  eyeCasualty: 'Eye Casualty',
  maternityTriage: 'Maternity Triage',
  edt: 'Social Care Emergency Duty Team',
  catheterNurse: 'Continence and Catheter Nursing',
  palliativeLine: 'Palliative Care Advice Line',
  cas: 'Clinical Assessment Service',
  sarc: 'Sexual Assault Referral Centre',
  police: 'Police Health Liaison',
  nhs111: 'NHS 111',
  validation: 'Validation Service',
  ambulance: 'Ambulance Dispatch',
};

type Eligibility = ServiceProfileInput['eligibility'];
const freeze = <T>(value: T): T => deepFreeze(value);
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const ELIGIBILITY = {
  all: freeze<Eligibility>({ ageFromDays: 0, ageToDays: MAX_AGE_DAYS, sexes: ['female', 'male'], registeredPractices: [] }),
  adults: freeze<Eligibility>({ ageFromDays: years(18), ageToDays: MAX_AGE_DAYS, sexes: ['female', 'male'], registeredPractices: [] }),
  over16: freeze<Eligibility>({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ['female', 'male'], registeredPractices: [] }),
  children: freeze<Eligibility>({ ageFromDays: 0, ageToDays: years(16), sexes: ['female', 'male'], registeredPractices: [] }),
  under18: freeze<Eligibility>({ ageFromDays: 0, ageToDays: years(18) - 1, sexes: ['female', 'male'], registeredPractices: [] }),
  over65: freeze<Eligibility>({ ageFromDays: years(65), ageToDays: MAX_AGE_DAYS, sexes: ['female', 'male'], registeredPractices: [] }),
  pregnancy: freeze<Eligibility>({ ageFromDays: years(12), ageToDays: years(55), sexes: ['female'], registeredPractices: [] }),
  earlyPregnancy: freeze<Eligibility>({ ageFromDays: years(16), ageToDays: years(55), sexes: ['female'], registeredPractices: [] }),
  women: freeze<Eligibility>({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ['female'], registeredPractices: [] }),
  men: freeze<Eligibility>({ ageFromDays: years(16), ageToDays: MAX_AGE_DAYS, sexes: ['male'], registeredPractices: [] }),
};

/** Opening-time patterns per kind; each built once and shared. */
function hourTemplates(): Record<Kind, readonly OpeningTimes[]> {
  const christmas = (year: number) => [`${year}-12-25`, `${year}-12-26`];
  const closedChristmas = [...christmas(2026), ...christmas(2027)].map((date) => ({ date, sessions: [], note: 'Closed' }));
  const plt = everyNDays(onOrAfter('2026-01-14', 'wed'), 28, 26).map((date) => ({ date, sessions: [session('08:00', '13:00')], note: 'Protected learning time' }));
  const office = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')])));
  const officeLunch = weeklyTimes(week(days(MON_FRI, [session('08:30', '13:00'), session('14:00', '18:00')])));
  const officeSat = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')]), days(['sat'], [session('09:00', '12:00')])));
  const officeExtended = weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')]), days(['sat'], [session('09:00', '13:00')])));
  const officePlt = weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')])), { specifiedDates: plt });
  const day7 = everyDay([session('08:00', '20:00')]);
  const day7Short = everyDay([session('09:00', '17:00')]);
  const evenings = everyDay([session('18:00', '23:00')]);
  const eveningsWeekends = weeklyTimes(week(days(MON_FRI, [session('18:30', '22:00')]), days(WEEKEND, [session('09:00', '22:00')])), { bankHoliday: [session('09:00', '22:00')] });
  const weekdaysWeekendShort = weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')]), days(WEEKEND, [session('09:00', '17:00')])), { bankHoliday: [session('09:00', '17:00')] });
  const t: Record<Kind, OpeningTimes[]> = {
    ed: [twentyFourSeven()],
    utc: [twentyFourSeven(), everyDay([session('08:00', '24:00')]), everyDay([session('08:00', '22:00')]), day7],
    miu: [day7, day7Short, weekdaysWeekendShort, weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])))],
    walkIn: [day7, { ...day7, specifiedDates: closedChristmas }],
    gp: [office, office, officeLunch, officeSat, officeExtended, officePlt],
    gpHub: [
      weeklyTimes(week(days(MON_FRI, [session('18:30', '20:00')]), days(['sat'], [session('09:00', '17:00')]))),
      weeklyTimes(week(days(MON_FRI, [session('18:30', '21:00')]), days(WEEKEND, [session('09:00', '13:00')]))),
    ],
    ooh: [outOfHours(), outOfHours(), weeklyTimes(week(days(MON_FRI, [session('18:30', '23:00')]), days(WEEKEND, [session('08:00', '23:00')])), { bankHoliday: [session('08:00', '23:00')] })],
    cas: [twentyFourSeven()],
    validation: [twentyFourSeven()],
    nhs111: [twentyFourSeven()],
    sdec: [weekdaysWeekendShort, weeklyTimes(week(days(MON_FRI, [session('08:00', '18:00')])))],
    ucr: [day7, everyDay([session('08:00', '22:00')])],
    pharmacy: [
      weeklyTimes(week(days(MON_FRI, [session('09:00', '18:00')]), days(['sat'], [session('09:00', '17:30')]))),
      weeklyTimes(week(days(MON_FRI, [session('09:00', '13:00'), session('14:00', '18:00')]), days(['sat'], [session('09:00', '13:00')]))),
      weeklyTimes(week(days(MON_SAT, [session('07:00', '23:00')]), days(['sun'], [session('10:00', '16:00')])), { bankHoliday: [session('10:00', '16:00')], specifiedDates: closedChristmas.filter((d) => d.date.endsWith('12-25')) }),
      weeklyTimes(week(days(MON_SAT, [session('08:00', '20:00')]), days(['sun'], [session('10:00', '16:00')])), { bankHoliday: [session('10:00', '16:00')] }),
      weeklyTimes(week(days(MON_FRI, [session('08:30', '18:30')]))),
    ],
    optician: [
      weeklyTimes(week(days(MON_SAT, [session('09:00', '17:30')]))),
      weeklyTimes(week(days(MON_SAT, [session('09:00', '17:30')]), days(['sun'], [session('10:00', '16:00')]))),
    ],
    eyeCasualty: [weeklyTimes(week(days(MON_FRI, [session('08:30', '17:00')]), days(WEEKEND, [session('09:00', '12:30')])), { bankHoliday: [session('09:00', '12:30')] }), twentyFourSeven()],
    pau: [everyDay([session('08:00', '22:00')]), twentyFourSeven()],
    epu: [weeklyTimes(week(days(MON_FRI, [session('08:00', '16:00')]))), weeklyTimes(week(days(MON_FRI, [session('08:00', '16:00')]), days(['sat'], [session('09:00', '12:00')])))],
    maternityTriage: [twentyFourSeven()],
    midwives: [weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])))],
    sexualHealth: [
      weeklyTimes(week(days(['mon', 'wed'], [session('09:00', '19:00')]), days(['fri'], [session('09:00', '16:00')]))),
      weeklyTimes(week(days(['tue', 'thu'], [session('13:00', '19:00')]))),
      weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')]), days(['sat'], [session('10:00', '13:00')]))),
    ],
    sarc: [twentyFourSeven()],
    edt: [outOfHours('17:00', '09:00')],
    reablement: [day7],
    districtNursingDay: [weeklyTimes(week(days(EVERY_DAY, [session('08:00', '17:30')]))), weeklyTimes(week(days(EVERY_DAY, [session('08:00', '18:00')])), { bankHoliday: null })],
    districtNursingNight: [nightly('19:00', '08:00'), nightly('18:00', '08:00')],
    catheterNurse: [weeklyTimes(week(days(MON_FRI, [session('08:30', '16:30')])))],
    palliativeLine: [twentyFourSeven()],
    hospice: [day7, twentyFourSeven(), weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])))],
    mhCrisis: [twentyFourSeven(), twentyFourSeven(), everyDay([session('08:00', '22:00')])],
    safeHaven: [evenings, weeklyTimes(week(days(MON_FRI, [session('17:00', '23:00')]), days(WEEKEND, [session('12:00', '23:00')])), { bankHoliday: [session('12:00', '23:00')] })],
    urgentDental: [eveningsWeekends, weeklyTimes(week(days(EVERY_DAY, [session('08:00', '22:00')])), { bankHoliday: [session('08:00', '22:00')] })],
    dentalPractice: [
      weeklyTimes(week(days(MON_FRI, [session('09:00', '17:30')]))),
      weeklyTimes(week(days(MON_FRI, [session('08:30', '13:00'), session('14:00', '17:00')]))),
      weeklyTimes(week(days(MON_FRI, [session('09:00', '17:30')]), days(['sat'], [session('09:00', '13:00')]))),
    ],
    police: [twentyFourSeven()],
    ambulance: [twentyFourSeven()],
  };
  return freeze(t);
}

/** Per kind: the default eligibility and a few alternatives drawn now and then. */
const KIND_ELIGIBILITY: Partial<Record<Kind, Eligibility>> = {
  pau: ELIGIBILITY.children,
  epu: ELIGIBILITY.earlyPregnancy,
  maternityTriage: ELIGIBILITY.pregnancy,
  midwives: ELIGIBILITY.pregnancy,
  ucr: ELIGIBILITY.adults,
  reablement: ELIGIBILITY.adults,
  safeHaven: ELIGIBILITY.adults,
  sdec: ELIGIBILITY.over16,
};

/** Coverage variants per kind: the full set, and two with a few symptom groups left out. */
function coverageVariants(catalogue: Catalogue, kind: Kind, rng: Random): readonly Coverage[] {
  const full = coverageFor(catalogue, kind);
  const groups = [...new Set(full.symptoms.map((p) => p.sg))];
  if (groups.length < 6) return [full];
  const variants: Coverage[] = [full];
  for (let v = 0; v < 2; v++) {
    const drop = new Set(rng.shuffle(groups).slice(0, Math.max(1, Math.floor(groups.length / 8))));
    variants.push(freeze({ dispositions: full.dispositions, symptoms: full.symptoms.filter((p) => !drop.has(p.sg)) }));
  }
  return variants;
}

const INWARD = 'ABDEFGHJLNPQRSTUWXYZ';
const STATUSES: readonly ServiceStatus[] = ['active', 'closed', 'commissioning'];

export interface NationalDirectory {
  organisations: OrganisationInput[];
  services: ServiceProfileInput[];
}

export const NATIONAL_ORG_ID = 'gen-national';
const regionOrg = (region: Region) => `gen-${region}`;

/** Generates `count` services; the organisations are the same for every count and seed. */
export function generateNationalDirectory(count: number, catalogue: Catalogue, seed = 1): NationalDirectory {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
  const rng = new Random(seed);
  const organisations: OrganisationInput[] = [
    { id: NATIONAL_ORG_ID, name: 'Generated national directory (benchmark data)', kind: 'provider' },
    ...(Object.keys(REGIONS) as Region[]).map((region): OrganisationInput => ({ id: regionOrg(region), name: `${REGIONS[region]} services (generated)`, kind: 'provider', parentId: NATIONAL_ORG_ID })),
  ];

  const kinds = (Object.keys(KINDS) as Kind[]).filter((k) => catalogue.serviceType(KINDS[k].typeId));
  const hours = hourTemplates();
  const coverage = new Map(kinds.map((k) => [k, coverageVariants(catalogue, k, rng)]));
  // Cumulative weights for fast weighted draws.
  const kindCum = cumulative(kinds.map((k) => KIND_WEIGHTS[k]));
  const centreCum = cumulative(CENTRES.map((x) => x.pop));
  const counters = new Map<string, number>();

  const services: ServiceProfileInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    // The first services take one of each kind, so even a small directory has every type.
    const kind = i < kinds.length ? kinds[i] : kinds[draw(kindCum, rng.next())];
    const centre = CENTRES[draw(centreCum, rng.next())];
    const spec = KINDS[kind];
    const label = LABELS[kind];
    const key = `${kind}|${centre.name}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);

    // A few km from the centre: uniform over a disc of radius 8 km.
    const km = 8 * Math.sqrt(rng.next());
    const angle = rng.next() * 2 * Math.PI;
    const lat = Math.round((centre.lat + (km * Math.cos(angle)) / 111.32) * 1e5) / 1e5;
    const lon = Math.round((centre.lon + (km * Math.sin(angle)) / (111.32 * Math.cos((centre.lat * Math.PI) / 180))) * 1e5) / 1e5;
    const postcode = `${centre.outward} ${1 + Math.floor(rng.next() * 9)}${INWARD[Math.floor(rng.next() * INWARD.length)]}${INWARD[Math.floor(rng.next() * INWARD.length)]}`;

    let eligibility = KIND_ELIGIBILITY[kind] ?? ELIGIBILITY.all;
    if (eligibility === ELIGIBILITY.all) {
      const e = rng.next();
      if (e < 0.03) eligibility = ELIGIBILITY.adults;
      else if (e < 0.05) eligibility = ELIGIBILITY.under18;
      else if (e < 0.055) eligibility = ELIGIBILITY.over65;
      else if (kind === 'sexualHealth' && e < 0.1) eligibility = rng.next() < 0.5 ? ELIGIBILITY.women : ELIGIBILITY.men;
    }
    const status = rng.next() < 0.03 ? STATUSES[1 + Math.floor(rng.next() * 2)] : 'active';
    const templates = hours[kind];
    const variants = coverage.get(kind)!;
    const phone = `01632 ${960000 + (i % 1000)}`;

    services[i] = {
      typeId: spec.typeId,
      status,
      organisationId: regionOrg(centre.region),
      name: `${centre.name} ${label} ${n}`,
      publicName: `${centre.name} ${label}${n > 1 ? ` ${n}` : ''}`,
      address: { lines: [`${1 + (i % 240)} ${label === 'Pharmacy' ? 'High Street' : 'Health Campus Road'}`], town: centre.name, postcode },
      location: { lat, lon },
      contacts: { professionalPhone: phone },
      access: spec.access,
      referralEndpoints: [{ kind: 'phone', address: phone }],
      referralRoles: spec.referralRoles as ServiceProfileInput['referralRoles'],
      eligibility,
      coverage: variants[Math.floor(rng.next() * variants.length)],
      openingTimes: templates[Math.floor(rng.next() * templates.length)],
      areas: EMPTY_AREAS,
      capabilities: CAPABILITIES[kind],
      verificationIntervalDays: 182,
    };
  }
  return { organisations, services };
}

/** One shared (frozen) list per kind: a 100,000-service directory repeats them. */
const CAPABILITIES = Object.fromEntries((Object.keys(KINDS) as Kind[]).map((k) => [k, freeze((KIND_CAPABILITIES[k] ?? []).map((c) => ({ code: c.code, where: [...c.where] })))])) as Record<Kind, ServiceProfileInput['capabilities']>;

const EMPTY_AREAS = freeze({ commissionedFor: [] as string[], limitedTo: [] as string[], promotedInto: [] as string[] });

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/** Index of the first cumulative weight above u (binary search). */
function draw(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
