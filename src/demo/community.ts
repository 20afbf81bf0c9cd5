/**
 * The demo health community: East Kent (~700,000 people in Canterbury and Coastal, Ashford, Thanet
 * and South Kent Coast), with its organisations, one user per role, 600+ services of every type
 * and a few area ranking strategies. Pure and deterministic: the same catalogue, districts and seed
 * always give the same community (a seeded PRNG, no clock, no I/O). `seed.ts` writes it to a database.
 *
 * Hospitals and community hospitals are at their real sites (names and postcodes are public); every
 * other name, every GP practice code ("DEMO001"), phone number ("01227 555 012"), e-mail address and
 * URL (*.example.nhs.uk) is invented and obviously so.
 *
 * Gaps built in on purpose, so that coverage analysis has something true to find:
 *  (a) District nursing day teams work 08:00–17:30 and the night nursing service starts at 19:00:
 *      from 17:30 to 19:00 nobody takes a catheter problem at "community nurse within 4 h / 24 h"
 *      (Dx110 / Dx111). Nothing else is profiled for those pairs with those dispositions (urgent
 *      community response and social care rapid response deliberately are not).
 *  (b) The only nurse who can re-catheterise (blocked or dislodged catheter) works Monday to
 *      Thursday and alternate Fridays (see `catheterNurse`).
 *  (c) Bank holidays: GP practices, most pharmacies, dental practices, opticians and the district
 *      nursing day teams close; out-of-hours services, UTCs and minor injury units stay open.
 */
import { BankHolidayCalendar } from '../directory/bank-holidays';
import type { Catalogue } from '../directory/catalogue';
import type { ReferralRole, ServiceProfileInput } from '../directory/model';
import { MAX_AGE_DAYS } from '../directory/model';
import type { OpeningTimes, SpecifiedDate } from '../directory/opening-hours';
import { distanceKm } from '../geo/distance';
import type { District } from '../geo/model';
import type { OrganisationInput } from '../identity/model';
import type { Role } from '../platform/actor';
import { copyCoverage, coverageFor, KINDS, years, type Coverage, type Kind } from './coverage';
import { days, everyDay, everyNDays, EVERY_DAY, MON_FRI, MON_SAT, nightly, onOrAfter, outOfHours, session, twentyFourSeven, week, weeklyTimes, WEEKEND } from './hours';
import { apportion, Random } from './random';

export interface DemoUser {
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
}

export interface DemoRanking {
  areaCode: string;
  serviceTypeId: number;
  rank: number;
}

export interface DemoCommunity {
  /** parents before children */
  organisations: OrganisationInput[];
  users: DemoUser[];
  services: ServiceProfileInput[];
  rankings: DemoRanking[];
  /** which place commissioning team commissions each area (the ICB sees them all, as their parent) */
  commissioners: { areaCode: string; organisationId: string }[];
}

export const EAST_KENT_AREAS = ['ek-canterbury', 'ek-ashford', 'ek-thanet', 'ek-south-kent-coast'] as const;
export type EastKentArea = (typeof EAST_KENT_AREAS)[number];

/** The East Kent postcode districts among all known ones. */
export function eastKentDistricts(districts: readonly District[]): District[] {
  return districts.filter((d) => d.areaCode !== null && (EAST_KENT_AREAS as readonly string[]).includes(d.areaCode));
}

/** The first day of the alternate-Friday catheter clinic rota and how long it is listed for. */
export const CATHETER_ROTA_START = onOrAfter('2026-01-02', 'fri');
export const CATHETER_ROTA_FRIDAYS = 53; // two years of alternate Fridays

const ALL_AGES = { ageFromDays: 0, ageToDays: MAX_AGE_DAYS };
const ADULTS = { ageFromDays: years(18), ageToDays: MAX_AGE_DAYS };
const BOTH = ['female', 'male'] as ('female' | 'male')[];

// ── Places ───────────────────────────────────────────────────────────────────────────────────

interface Site {
  lines: string[];
  town: string;
  postcode: string;
  lat: number;
  lon: number;
  area: EastKentArea;
}

/** Real hospital and community hospital sites (public information). */
const HOSPITALS = {
  whh: { name: 'William Harvey Hospital', lines: ['Kennington Road', 'Willesborough'], town: 'Ashford', postcode: 'TN24 0LZ', lat: 51.1415, lon: 0.9163 },
  qeqm: { name: 'Queen Elizabeth the Queen Mother Hospital', lines: ['St Peters Road'], town: 'Margate', postcode: 'CT9 4AN', lat: 51.3777, lon: 1.389 },
  kch: { name: 'Kent and Canterbury Hospital', lines: ['Ethelbert Road'], town: 'Canterbury', postcode: 'CT1 3NG', lat: 51.2658, lon: 1.0869 },
  buckland: { name: 'Buckland Hospital', lines: ['Coombe Valley Road'], town: 'Dover', postcode: 'CT17 0HD', lat: 51.1369, lon: 1.292 },
  rvh: { name: 'Royal Victoria Hospital', lines: ['Radnor Park Avenue'], town: 'Folkestone', postcode: 'CT19 5BN', lat: 51.0838, lon: 1.1697 },
  estuary: { name: 'Estuary View Medical Centre', lines: ['Boorman Way', 'Estuary View Business Park'], town: 'Whitstable', postcode: 'CT5 3SE', lat: 51.3478, lon: 1.0465 },
  qvmh: { name: 'Queen Victoria Memorial Hospital', lines: ['King Edward Avenue'], town: 'Herne Bay', postcode: 'CT6 6EB', lat: 51.3697, lon: 1.1281 },
  deal: { name: 'Victoria Hospital', lines: ['London Road'], town: 'Deal', postcode: 'CT14 9UA', lat: 51.2217, lon: 1.3952 },
  faversham: { name: 'Faversham Cottage Hospital', lines: ['Stone Street'], town: 'Faversham', postcode: 'ME13 8PS', lat: 51.3128, lon: 0.888 },
} as const;
type HospitalKey = keyof typeof HOSPITALS;

const STREETS = [
  'High Street', 'Station Road', 'Church Street', 'London Road', 'Park Avenue', 'Queen Street', 'Mill Lane', 'Castle Street',
  'Victoria Road', 'Albert Road', 'King Street', 'North Road', 'Grove Road', 'Canterbury Road', 'Dover Road', 'Marine Parade',
  'New Street', 'Sandgate Road', 'Northdown Road', 'Beach Street', 'Bridge Street', 'Harbour Street', 'Market Place', 'The Parade',
  'Cherry Tree Avenue', 'Orchard Way', 'Priory Road', 'Abbey Street', 'Saxon Way', 'Downs Road', 'Cliff Road', 'Nelson Road',
];
const PLACE_WORDS = [
  'Oaks', 'Cedars', 'Harbour', 'Orchard', 'Priory', 'Abbey', 'Marsh', 'Downs', 'Cliffs', 'Bay', 'Saxon', 'Minster', 'Stour', 'Pilgrims',
  'Chaucer', 'Becket', 'Lighthouse', 'Hop Garden', 'Cathedral', 'Westgate', 'Riverside', 'Parkside', 'Seaview', 'Ivy', 'Meadow',
  'Beacon', 'Chalk Hill', 'Foreland', 'Goodwin', 'Weald', 'Stonecross', 'Millfield', 'Elm', 'Holly', 'Rose', 'Chestnut',
];
const SURNAMES = [
  'Ashby', 'Barton', 'Carter', 'Dunn', 'Ellis', 'Fletcher', 'Gray', 'Hale', 'Ingram', 'Jarvis', 'Kemp', 'Lamb', 'Marsh', 'Nash', 'Owen',
  'Pearce', 'Quinn', 'Read', 'Sayer', 'Tapp', 'Upton', 'Vaughan', 'Webb', 'Yates', 'Adeyemi', 'Bose', 'Chaudhry', 'Demir', 'Egan', 'Fox',
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Dialling codes (Folkestone, Hythe, Hawkinge and Romney Marsh on 01303; the rest of the coast on 01304). */
function diallingCode(area: EastKentArea, town: string): string {
  if (area === 'ek-canterbury') return '01227';
  if (area === 'ek-ashford') return '01233';
  if (area === 'ek-thanet') return '01843';
  return /Folkestone|Hythe|Hawkinge|Romney/.test(town) ? '01303' : '01304';
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

// ── Organisations and users ──────────────────────────────────────────────────────────────────

const AREA_NAMES: Record<EastKentArea, string> = {
  'ek-canterbury': 'Canterbury and Coastal',
  'ek-ashford': 'Ashford',
  'ek-thanet': 'Thanet',
  'ek-south-kent-coast': 'South Kent Coast',
};
const AREA_SLUG: Record<EastKentArea, string> = {
  'ek-canterbury': 'canterbury',
  'ek-ashford': 'ashford',
  'ek-thanet': 'thanet',
  'ek-south-kent-coast': 'skc',
};

/** Organisation id → the fake domain its e-mail, web and FHIR addresses use. */
const DOMAINS: Record<string, string> = {
  'demo-icb': 'icb.example.nhs.uk',
  'demo-ekh': 'ekh.example.nhs.uk',
  'demo-kch': 'kch.example.nhs.uk',
  'demo-gpfed': 'gpfed.example.nhs.uk',
  'demo-pharmacy-chain': 'kentish-pharmacy.example.nhs.uk',
  'demo-pharmacy-independents': 'pharmacy.example.nhs.uk',
  'demo-iuc': 'iuc.example.nhs.uk',
  'demo-dental': 'dental.example.nhs.uk',
  'demo-mh': 'mh.example.nhs.uk',
  'demo-kcc': 'kcc.example.nhs.uk',
  'demo-optical': 'optical.example.nhs.uk',
  'demo-hospices': 'hospices.example.nhs.uk',
  'demo-sarc': 'sarc.example.nhs.uk',
  'demo-ambulance': 'ambulance.example.nhs.uk',
  'demo-police': 'police.example.nhs.uk',
  'demo-platform': 'signpost.example.nhs.uk',
};

function baseOrganisations(): OrganisationInput[] {
  const orgs: OrganisationInput[] = [
    { id: 'demo-platform', name: 'Signpost platform team (demo)', kind: 'platform' },
    { id: 'demo-icb', name: 'Kent and Medway ICB — East Kent (demo)', kind: 'commissioner' },
    ...EAST_KENT_AREAS.map((a): OrganisationInput => ({ id: `demo-icb-${AREA_SLUG[a]}`, name: `${AREA_NAMES[a]} place commissioning team (demo)`, kind: 'commissioner', parentId: 'demo-icb' })),
    { id: 'demo-ekh', name: 'East Kent Hospitals (demo acute trust)', kind: 'provider' },
    { id: 'demo-ekh-emergency', name: 'East Kent Hospitals — emergency and urgent care', kind: 'provider', parentId: 'demo-ekh' },
    { id: 'demo-ekh-sdec', name: 'East Kent Hospitals — same-day emergency care', kind: 'provider', parentId: 'demo-ekh' },
    { id: 'demo-ekh-eye', name: 'East Kent Hospitals — ophthalmology (eye casualty)', kind: 'provider', parentId: 'demo-ekh' },
    { id: 'demo-ekh-children', name: 'East Kent Hospitals — children’s services', kind: 'provider', parentId: 'demo-ekh' },
    { id: 'demo-ekh-women', name: 'East Kent Hospitals — women’s health and maternity', kind: 'provider', parentId: 'demo-ekh' },
    { id: 'demo-kch', name: 'Kent Community Health (demo community trust)', kind: 'provider' },
    ...EAST_KENT_AREAS.map((a): OrganisationInput => ({ id: `demo-kch-dn-${AREA_SLUG[a]}`, name: `District nursing — ${AREA_NAMES[a]}`, kind: 'provider', parentId: 'demo-kch' })),
    { id: 'demo-kch-night', name: 'Community nursing night service', kind: 'provider', parentId: 'demo-kch' },
    { id: 'demo-kch-continence', name: 'Specialist continence and catheter service', kind: 'provider', parentId: 'demo-kch' },
    { id: 'demo-kch-ucr', name: 'Urgent community response', kind: 'provider', parentId: 'demo-kch' },
    { id: 'demo-kch-urgent-care', name: 'Community urgent care (minor injuries and walk-in)', kind: 'provider', parentId: 'demo-kch' },
    { id: 'demo-kch-sexual-health', name: 'Sexual health services', kind: 'provider', parentId: 'demo-kch' },
    { id: 'demo-kch-midwives', name: 'Community midwifery teams', kind: 'provider', parentId: 'demo-ekh-women' },
    { id: 'demo-gpfed', name: 'East Kent GP Federation (demo)', kind: 'provider' },
    { id: 'demo-pharmacy-chain', name: 'Kentish Pharmacy Group (demo chain)', kind: 'provider' },
    { id: 'demo-pharmacy-independents', name: 'East Kent independent pharmacies (demo)', kind: 'provider' },
    { id: 'demo-iuc', name: 'East Kent Integrated Urgent Care (demo out-of-hours provider)', kind: 'provider' },
    { id: 'demo-iuc-111', name: 'NHS 111 and clinical assessment service', kind: 'provider', parentId: 'demo-iuc' },
    { id: 'demo-iuc-ooh', name: 'GP out-of-hours', kind: 'provider', parentId: 'demo-iuc' },
    { id: 'demo-dental', name: 'East Kent Dental Network (demo)', kind: 'provider' },
    { id: 'demo-dental-urgent', name: 'Kent urgent dental service', kind: 'provider', parentId: 'demo-dental' },
    { id: 'demo-mh', name: 'Kent and Medway Mental Health (demo trust)', kind: 'provider' },
    { id: 'demo-mh-crisis', name: 'Crisis resolution and home treatment', kind: 'provider', parentId: 'demo-mh' },
    { id: 'demo-mh-camhs', name: 'Children and young people’s mental health crisis service', kind: 'provider', parentId: 'demo-mh' },
    { id: 'demo-mh-safe-havens', name: 'Safe havens (with voluntary sector partners)', kind: 'provider', parentId: 'demo-mh' },
    { id: 'demo-kcc', name: 'Kent County Council — adult social care (demo)', kind: 'provider' },
    { id: 'demo-kcc-edt', name: 'Social care emergency duty team', kind: 'provider', parentId: 'demo-kcc' },
    { id: 'demo-kcc-reablement', name: 'Reablement and rapid response', kind: 'provider', parentId: 'demo-kcc' },
    { id: 'demo-optical', name: 'Kent Optical Network (demo)', kind: 'provider' },
    { id: 'demo-hospices', name: 'East Kent Hospices (demo)', kind: 'provider' },
    { id: 'demo-sarc', name: 'Kent Sexual Assault Referral Centre (demo)', kind: 'provider' },
    { id: 'demo-ambulance', name: 'South East Coast Ambulance (demo)', kind: 'provider' },
    { id: 'demo-police', name: 'Kent Police — health liaison (demo)', kind: 'provider' },
  ];
  return orgs;
}

function domainOf(organisationId: string, parents: Map<string, string | undefined>): string {
  for (let id: string | undefined = organisationId; id; id = parents.get(id)) {
    if (DOMAINS[id]) return DOMAINS[id];
  }
  return 'demo.example.nhs.uk';
}

// ── The builder ──────────────────────────────────────────────────────────────────────────────

interface ServiceSpec {
  org: string;
  name: string;
  publicName?: string;
  description?: string;
  site: Site;
  times: OpeningTimes;
  commissionedFor?: readonly string[];
  limitedTo?: string[];
  promotedInto?: string[];
  eligibility?: Partial<{ ageFromDays: number; ageToDays: number; sexes: ('female' | 'male')[]; registeredPractices: string[] }>;
  access?: Partial<{ walkIn: boolean; phoneFirst: boolean; referralOnly: boolean; bookingRequired: boolean; instructions: string }>;
  referralRoles?: ReferralRole[];
  publicPhone?: boolean;
  coverage?: Coverage;
  verificationIntervalDays?: number;
  endpoints?: ('fhir' | 'email' | 'phone')[];
}

class CommunityBuilder {
  readonly services: ServiceProfileInput[] = [];
  readonly organisations: OrganisationInput[] = baseOrganisations();
  private readonly parents = new Map<string, string | undefined>();
  private readonly phoneCounters = new Map<string, number>();
  private readonly usedNames = new Set<string>();
  private readonly rng: Random;
  private readonly byDistrict: Map<string, District>;

  constructor(
    private readonly catalogue: Catalogue,
    readonly districts: District[],
    seed: number,
  ) {
    this.rng = new Random(seed);
    this.byDistrict = new Map(districts.map((d) => [d.district, d]));
    for (const org of this.organisations) this.parents.set(org.id!, org.parentId);
  }

  get random(): Random {
    return this.rng;
  }

  addOrganisation(org: OrganisationInput): void {
    this.organisations.push(org);
    this.parents.set(org.id!, org.parentId);
  }

  /** The nearest district to a point (what the directory's geo lookup will place a service in). */
  nearest(lat: number, lon: number): { district: District; km: number; runnerUpKm: number } {
    let best: District = this.districts[0];
    let bestKm = Infinity;
    let second = Infinity;
    for (const d of this.districts) {
      const km = distanceKm(lat, lon, d.lat, d.lon);
      if (km < bestKm) {
        second = bestKm;
        bestKm = km;
        best = d;
      } else if (km < second) second = km;
    }
    return { district: best, km: bestKm, runnerUpKm: second };
  }

  areaAt(lat: number, lon: number): EastKentArea {
    return this.nearest(lat, lon).district.areaCode as EastKentArea;
  }

  postcode(district: string): string {
    const r = this.rng;
    return `${district} ${r.int(1, 9)}${r.pick([...INWARD_LETTERS])}${r.pick([...INWARD_LETTERS])}`;
  }

  /** A made-up address a short way from the district centroid, still nearest to that district. */
  siteIn(district: District, maxKm = 1.2): Site {
    const r = this.rng;
    let lat = district.lat;
    let lon = district.lon;
    for (let attempt = 0; attempt < 12; attempt++) {
      const km = maxKm * Math.sqrt(r.next());
      const angle = r.next() * 2 * Math.PI;
      const cLat = round5(district.lat + (km * Math.cos(angle)) / 111.32);
      const cLon = round5(district.lon + (km * Math.sin(angle)) / (111.32 * Math.cos((district.lat * Math.PI) / 180)));
      const near = this.nearest(cLat, cLon);
      if (near.district.district === district.district && near.runnerUpKm - near.km > 0.2) {
        lat = cLat;
        lon = cLon;
        break;
      }
    }
    return {
      lines: [`${r.int(1, 180)} ${r.pick(STREETS)}`],
      town: district.town ?? district.district,
      postcode: this.postcode(district.district),
      lat,
      lon,
      area: district.areaCode as EastKentArea,
    };
  }

  hospital(key: HospitalKey, extraLine?: string): Site {
    const h = HOSPITALS[key];
    return {
      lines: extraLine ? [extraLine, h.name, ...h.lines] : [h.name, ...h.lines],
      town: h.town,
      postcode: h.postcode,
      lat: h.lat,
      lon: h.lon,
      area: this.areaAt(h.lat, h.lon),
    };
  }

  /** A site in the biggest district of an area (or of a named town, if the town is among the districts). */
  siteInTown(town: string, area: EastKentArea, maxKm = 1.2): Site {
    const inArea = this.districts.filter((d) => d.areaCode === area);
    const candidates = inArea.filter((d) => d.town === town);
    const pool = candidates.length ? candidates : inArea;
    const district = [...pool].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.district.localeCompare(b.district))[0];
    return this.siteIn(district, maxKm);
  }

  district(code: string): District | undefined {
    return this.byDistrict.get(code);
  }

  phone(site: Site): string {
    const code = diallingCode(site.area, site.town);
    const n = this.phoneCounters.get(code) ?? 0;
    this.phoneCounters.set(code, n + 1);
    return `${code} ${555 + Math.floor(n / 1000)} ${String(n % 1000).padStart(3, '0')}`;
  }

  uniqueName(candidates: () => string): string {
    for (let i = 0; i < 50; i++) {
      const name = candidates();
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
    let n = 2;
    const base = candidates();
    while (this.usedNames.has(`${base} ${n}`)) n++;
    this.usedNames.add(`${base} ${n}`);
    return `${base} ${n}`;
  }

  add(kind: Kind, spec: ServiceSpec): ServiceProfileInput {
    const k = KINDS[kind];
    const domain = domainOf(spec.org, this.parents);
    const s = slug(spec.publicName ?? spec.name);
    const professionalPhone = this.phone(spec.site);
    const publicPhone = spec.publicPhone === false ? undefined : this.phone(spec.site);
    const endpointKinds = spec.endpoints ?? ['fhir', 'phone'];
    const referralEndpoints = endpointKinds.map((kindOf) =>
      kindOf === 'fhir'
        ? { kind: 'fhir' as const, address: `https://fhir.${domain}/R4`, description: `Electronic referral (FHIR) to ${spec.publicName ?? spec.name}` }
        : kindOf === 'email'
          ? { kind: 'email' as const, address: `${s}@${domain}`, description: 'Secure e-mail referrals' }
          : { kind: 'phone' as const, address: professionalPhone, description: 'Professional line (not for patients)' },
    );
    const coverage = spec.coverage ?? copyCoverage(coverageFor(this.catalogue, kind));
    const profile: ServiceProfileInput = {
      typeId: k.typeId,
      status: 'active',
      organisationId: spec.org,
      parentId: null,
      name: spec.name,
      publicName: spec.publicName ?? spec.name,
      ...(spec.description ? { description: spec.description } : {}),
      address: { lines: spec.site.lines, town: spec.site.town, postcode: spec.site.postcode },
      location: { lat: spec.site.lat, lon: spec.site.lon },
      contacts: {
        ...(publicPhone ? { publicPhone } : {}),
        professionalPhone,
        web: `https://www.${domain}/services/${s}`,
        email: `${s}@${domain}`,
      },
      access: { ...k.access, ...spec.access },
      referralEndpoints,
      referralRoles: [...(spec.referralRoles ?? k.referralRoles)],
      eligibility: {
        ageFromDays: spec.eligibility?.ageFromDays ?? ALL_AGES.ageFromDays,
        ageToDays: spec.eligibility?.ageToDays ?? ALL_AGES.ageToDays,
        sexes: spec.eligibility?.sexes ?? [...BOTH],
        registeredPractices: spec.eligibility?.registeredPractices ?? [],
      },
      coverage,
      openingTimes: spec.times,
      areas: {
        commissionedFor: [...(spec.commissionedFor ?? [spec.site.area])],
        limitedTo: spec.limitedTo ?? [],
        promotedInto: spec.promotedInto ?? [],
      },
      verificationIntervalDays: spec.verificationIntervalDays ?? 182,
    };
    this.services.push(profile);
    return profile;
  }
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

// ── Opening times used more than once ────────────────────────────────────────────────────────

const GP_HOURS = () => weeklyTimes(week(days(MON_FRI, [session('08:00', '18:30')])), { bankHoliday: [] });

/** Protected learning time: the practice closes at 13:00 on the third Wednesday of each month (the OOH service covers). */
function protectedLearningAfternoons(year: number): SpecifiedDate[] {
  return Array.from({ length: 12 }, (_, m) => {
    const first = `${year}-${String(m + 1).padStart(2, '0')}-01`;
    const firstWed = onOrAfter(first, 'wed');
    const third = everyNDays(firstWed, 7, 3)[2];
    return { date: third, sessions: [session('08:00', '13:00')], note: 'Protected learning time: closed from 13:00 (GP out-of-hours covers)' };
  });
}

const CHRISTMAS_AND_EASTER_SUNDAY = ['2026-04-05', '2026-12-25', '2027-03-28', '2027-12-25'];

/**
 * Gap (b): the only nurse able to re-catheterise at home works Monday to Thursday and alternate
 * Fridays. Weekly sessions cover Monday–Thursday; Friday has no weekly session, and the alternate
 * Fridays she works are listed as specified dates (every 14 days from the first Friday on or after
 * 2026-01-02, for about two years), 08:30–16:30. A listed Friday that is a bank holiday (New Year's
 * Day and Good Friday 2027) is left out: the clinic does not run on bank holidays.
 */
function catheterNurseTimes(calendar: BankHolidayCalendar): OpeningTimes {
  const fridays = everyNDays(CATHETER_ROTA_START, 14, CATHETER_ROTA_FRIDAYS).filter((date) => !calendar.isBankHoliday('england-and-wales', date));
  return weeklyTimes(week(days(['mon', 'tue', 'wed', 'thu'], [session('08:30', '16:30')])), {
    bankHoliday: [],
    specifiedDates: fridays.map((date) => ({ date, sessions: [session('08:30', '16:30')], note: 'Alternate-Friday catheter clinic' })),
  });
}

// ── The community ────────────────────────────────────────────────────────────────────────────

/**
 * Builds the East Kent demo community. `districts` are the postcode districts (from
 * data/geo/postcode-districts.csv); only the East Kent ones are used.
 */
export function buildDemoCommunity(catalogue: Catalogue, districts: District[], seed = 2026): DemoCommunity {
  const ek = eastKentDistricts(districts).sort((a, b) => a.district.localeCompare(b.district, 'en', { numeric: true }));
  for (const area of EAST_KENT_AREAS) {
    if (!ek.some((d) => d.areaCode === area)) throw new Error(`the demo community needs postcode districts in every East Kent area; none for ${area}`);
  }
  const b = new CommunityBuilder(catalogue, ek, seed);
  const r = b.random;
  const calendar = new BankHolidayCalendar();
  const everywhere = EAST_KENT_AREAS;
  const byPopulation = [...ek].sort((x, y) => (y.population ?? 0) - (x.population ?? 0) || x.district.localeCompare(y.district));
  const populationOf = (d: District) => d.population ?? 10_000;

  // ── Acute hospitals: EDs at William Harvey (Ashford) and QEQM (Margate); Kent and Canterbury has
  //    no full ED — it is a 24-hour UTC with specialist services (eye casualty, SDEC).
  for (const key of ['whh', 'qeqm'] as const) {
    const h = HOSPITALS[key];
    b.add('ed', {
      org: 'demo-ekh-emergency',
      name: `${h.name} emergency department`,
      publicName: `${h.name} A&E`,
      description: 'Type 1 emergency department with resuscitation, open 24 hours every day. Major trauma goes to the regional major trauma centre.',
      site: b.hospital(key, 'Emergency Department'),
      times: twentyFourSeven(),
      commissionedFor: everywhere,
      verificationIntervalDays: 91,
    });
  }
  const utcs: [HospitalKey, OpeningTimes, string][] = [
    ['kch', twentyFourSeven(), 'Kent and Canterbury urgent treatment centre (24 hours)'],
    ['whh', everyDay([session('08:00', '24:00')]), 'William Harvey urgent treatment centre (front door of the ED)'],
    ['qeqm', everyDay([session('08:00', '24:00')]), 'QEQM urgent treatment centre (front door of the ED)'],
    ['buckland', everyDay([session('08:00', '22:00')]), 'Buckland Hospital urgent treatment centre, Dover'],
    ['rvh', everyDay([session('08:00', '20:00')]), 'Royal Victoria Hospital urgent treatment centre, Folkestone'],
  ];
  for (const [key, times, name] of utcs) {
    b.add('utc', {
      org: key === 'buckland' || key === 'rvh' ? 'demo-kch-urgent-care' : 'demo-ekh-emergency',
      name,
      publicName: name.replace(/ \(.*\)$/, ''),
      site: b.hospital(key, 'Urgent Treatment Centre'),
      times,
      // Folkestone's UTC is offered into Ashford (Hythe and the Marsh use it), below Ashford's own services.
      ...(key === 'rvh' ? { promotedInto: ['ek-ashford'] } : {}),
      verificationIntervalDays: 91,
    });
  }
  const mius: [HospitalKey, OpeningTimes, string][] = [
    ['estuary', everyDay([session('08:00', '20:00')]), 'Estuary View minor injury unit, Whitstable'],
    ['qvmh', everyDay([session('09:00', '17:00')]), 'Queen Victoria Memorial Hospital minor injury unit, Herne Bay'],
    ['deal', weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')]), days(WEEKEND, [session('09:00', '17:00')])), { bankHoliday: [session('09:00', '17:00')] }), 'Deal minor injury unit (Victoria Hospital)'],
    ['faversham', weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])), { bankHoliday: [] }), 'Faversham minor injury unit'],
  ];
  for (const [key, times, name] of mius) {
    b.add('miu', {
      org: 'demo-kch-urgent-care',
      name,
      site: b.hospital(key, 'Minor Injury Unit'),
      times,
      // Herne Bay's unit is a few miles from Thanet: offered into Thanet, ranked below Thanet's own.
      ...(key === 'qvmh' ? { promotedInto: ['ek-thanet'] } : {}),
    });
  }
  b.add('walkIn', {
    org: 'demo-kch-urgent-care',
    name: 'Canterbury walk-in centre (Station Road East)',
    publicName: 'Canterbury walk-in centre',
    site: { ...b.siteInTown('Canterbury', 'ek-canterbury', 0.6), lines: ['Station Road East'] },
    times: everyDay([session('08:00', '20:00')]),
  });

  // ── Hospital specialist services
  const sdecs: [HospitalKey, string, OpeningTimes, EastKentArea[], number][] = [
    ['whh', 'William Harvey medical SDEC', weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')]), days(WEEKEND, [session('09:00', '17:00')])), { bankHoliday: [session('09:00', '17:00')] }), ['ek-ashford', 'ek-south-kent-coast'], 16],
    ['whh', 'William Harvey surgical SDEC', weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')])), { bankHoliday: [] }), ['ek-ashford', 'ek-south-kent-coast'], 16],
    ['qeqm', 'QEQM medical SDEC', weeklyTimes(week(days(MON_FRI, [session('08:00', '20:00')]), days(WEEKEND, [session('09:00', '17:00')])), { bankHoliday: [session('09:00', '17:00')] }), ['ek-thanet', 'ek-canterbury'], 16],
    ['kch', 'Kent and Canterbury ambulatory SDEC', weeklyTimes(week(days(MON_FRI, [session('08:00', '18:00')])), { bankHoliday: [] }), ['ek-canterbury'], 16],
  ];
  for (const [key, name, times, areas, fromYears] of sdecs) {
    b.add('sdec', { org: 'demo-ekh-sdec', name, site: b.hospital(key, 'Same Day Emergency Care'), times, commissionedFor: areas, eligibility: { ageFromDays: years(fromYears) }, publicPhone: false });
  }
  b.add('eyeCasualty', {
    org: 'demo-ekh-eye',
    name: 'Kent and Canterbury eye casualty',
    site: b.hospital('kch', 'Eye Casualty, Outpatients Block'),
    times: weeklyTimes(week(days(MON_FRI, [session('08:30', '17:00')]), days(WEEKEND, [session('09:00', '12:30')])), { bankHoliday: [session('09:00', '12:30')] }),
    commissionedFor: everywhere,
    publicPhone: false,
  });
  for (const [key, times] of [
    ['whh', everyDay([session('08:00', '22:00')])],
    ['qeqm', everyDay([session('10:00', '22:00')])],
  ] as const) {
    b.add('pau', {
      org: 'demo-ekh-children',
      name: `${HOSPITALS[key].name} paediatric assessment unit`,
      site: b.hospital(key, 'Paediatric Assessment Unit'),
      times,
      commissionedFor: key === 'whh' ? ['ek-ashford', 'ek-south-kent-coast'] : ['ek-thanet', 'ek-canterbury'],
      eligibility: { ageFromDays: 0, ageToDays: years(16) },
      publicPhone: false,
    });
  }
  for (const [key, times] of [
    ['whh', weeklyTimes(week(days(MON_FRI, [session('08:00', '16:00')]), days(['sat'], [session('09:00', '12:00')])), { bankHoliday: [] })],
    ['qeqm', weeklyTimes(week(days(MON_FRI, [session('08:00', '16:00')])), { bankHoliday: [] })],
  ] as const) {
    b.add('epu', {
      org: 'demo-ekh-women',
      name: `${HOSPITALS[key].name} early pregnancy unit`,
      site: b.hospital(key, 'Early Pregnancy Unit'),
      times,
      commissionedFor: key === 'whh' ? ['ek-ashford', 'ek-south-kent-coast', 'ek-canterbury'] : ['ek-thanet', 'ek-canterbury'],
      eligibility: { ageFromDays: years(16), ageToDays: years(55), sexes: ['female'] },
      publicPhone: false,
    });
    b.add('maternityTriage', {
      org: 'demo-ekh-women',
      name: `${HOSPITALS[key].name} maternity triage`,
      description: 'Pregnancy and labour advice line and assessment, 24 hours.',
      site: b.hospital(key, 'Maternity Triage, Labour Ward'),
      times: twentyFourSeven(),
      commissionedFor: key === 'whh' ? ['ek-ashford', 'ek-south-kent-coast', 'ek-canterbury'] : ['ek-thanet', 'ek-canterbury'],
      eligibility: { ageFromDays: years(12), ageToDays: years(55), sexes: ['female'] },
    });
  }
  for (const d of byPopulation.filter((d, i, all) => all.findIndex((o) => o.town === d.town) === i).slice(0, 10)) {
    b.add('midwives', {
      org: 'demo-kch-midwives',
      name: `${d.town} community midwives`,
      site: b.siteIn(d),
      times: weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])), { bankHoliday: [] }),
      eligibility: { ageFromDays: years(12), ageToDays: years(55), sexes: ['female'] },
      endpoints: ['email', 'phone'],
    });
  }

  // ── GP practices (110), branch surgeries, the federation's access hubs
  const GP_PRACTICES = 110;
  const practiceCounts = apportion(ek, populationOf, GP_PRACTICES);
  const practices: { ods: string; org: string; name: string; district: District; site: Site }[] = [];
  ek.forEach((d, di) => {
    for (let i = 0; i < practiceCounts[di]; i++) {
      const n = practices.length + 1;
      const ods = `DEMO${String(n).padStart(3, '0')}`;
      const town = d.town ?? d.district;
      const name = b.uniqueName(() => {
        const pattern = r.int(0, 4);
        if (pattern === 0) return `${r.pick(STREETS)} Surgery, ${town}`;
        if (pattern === 1) return `The ${r.pick(PLACE_WORDS)} Practice, ${town}`;
        if (pattern === 2) return `${town} ${r.pick(PLACE_WORDS)} Medical Centre`;
        if (pattern === 3) return `${r.pick(PLACE_WORDS)} Health Centre, ${town}`;
        return `${r.pick(SURNAMES)} and Partners, ${town}`;
      });
      const org = `gp-${ods.toLowerCase()}`;
      b.addOrganisation({ id: org, name: `${name} (demo practice ${ods})`, kind: 'gp-practice', odsCode: ods, parentId: 'demo-gpfed' });
      const site = b.siteIn(d);
      practices.push({ ods, org, name, district: d, site });
    }
  });
  practices.forEach((p, i) => {
    b.add('gp', {
      org: p.org,
      name: `${p.name} (${p.ods})`,
      publicName: p.name,
      site: p.site,
      // Bank holidays closed (gap c); a fifth of practices close on protected-learning afternoons.
      times: i % 5 === 2 ? { ...GP_HOURS(), specifiedDates: [...protectedLearningAfternoons(2026), ...protectedLearningAfternoons(2027)] } : GP_HOURS(),
      endpoints: ['email', 'phone'],
    });
  });
  // Branch surgeries: half days in the smaller towns and villages of a practice's district.
  const branchOwners = r.shuffle(practices).slice(0, 55);
  for (const p of branchOwners) {
    const morningsOnly = r.chance(0.4);
    const weekdays = r.chance(0.5) ? MON_FRI : r.pick([['mon', 'wed', 'fri'], ['tue', 'thu'], ['mon', 'tue', 'thu', 'fri']] as const);
    const sessions = morningsOnly ? [session('08:30', '12:30')] : [session('08:30', '12:30'), session('14:00', '18:00')];
    const branchStreet = r.pick(STREETS);
    b.add('gp', {
      org: p.org,
      name: b.uniqueName(() => `${p.name} — ${branchStreet} branch surgery (${p.ods})`),
      publicName: `${p.name} (${branchStreet} branch)`,
      site: b.siteIn(p.district, 2),
      times: weeklyTimes(week(days(weekdays, sessions)), { bankHoliday: [] }),
      endpoints: ['phone'],
    });
  }
  for (const area of EAST_KENT_AREAS) {
    const towns = byPopulation.filter((d) => d.areaCode === area).filter((d, i, all) => all.findIndex((o) => o.town === d.town) === i).slice(0, 3);
    for (const d of towns) {
      const sunday = r.chance(0.4);
      b.add('gpHub', {
        org: 'demo-gpfed',
        name: `${d.town} GP access hub (evenings and weekends)`,
        site: b.siteIn(d),
        times: weeklyTimes(week(days(MON_FRI, [session('18:30', '20:00')]), days(['sat'], [session('09:00', '17:00')]), sunday ? days(['sun'], [session('09:00', '13:00')]) : {}), { bankHoliday: [] }),
        endpoints: ['fhir', 'phone'],
      });
    }
  }
  // The one service only for the patients of two practices: a practice-run extended access clinic.
  const skcPractices = practices.filter((p) => p.district.areaCode === 'ek-south-kent-coast');
  const [hostPractice, partnerPractice] = skcPractices.length >= 2 ? skcPractices : practices;
  b.add('gpHub', {
    org: hostPractice.org,
    name: `${hostPractice.name} extended access clinic (for ${hostPractice.ods} and ${partnerPractice.ods} patients)`,
    publicName: `${hostPractice.name} extended access clinic`,
    description: `Evening and Saturday appointments for patients registered at ${hostPractice.name} and ${partnerPractice.name} only.`,
    site: hostPractice.site,
    times: weeklyTimes(week(days(['tue', 'thu'], [session('18:30', '20:30')]), days(['sat'], [session('08:30', '12:30')])), { bankHoliday: [] }),
    eligibility: { registeredPractices: [hostPractice.ods, partnerPractice.ods] },
    endpoints: ['email', 'phone'],
  });

  // ── Integrated urgent care: 111, CAS, validation, GP out-of-hours
  const iucBase = { ...b.siteInTown('Ashford', 'ek-ashford', 1), lines: ['Unit 4, Orbital Park'] };
  b.add('nhs111', { org: 'demo-iuc-111', name: 'NHS 111 — Kent and Medway (demo)', publicName: 'NHS 111', site: iucBase, times: twentyFourSeven(), commissionedFor: everywhere, endpoints: ['fhir'] });
  b.add('cas', { org: 'demo-iuc-111', name: 'Kent and Medway clinical assessment service', site: iucBase, times: twentyFourSeven(), commissionedFor: everywhere, publicPhone: false, endpoints: ['fhir'] });
  b.add('cas', {
    org: 'demo-iuc-111',
    name: 'Paediatric clinical assessment service',
    description: 'Children’s nurses and paediatricians call back about children under 16.',
    site: iucBase,
    times: everyDay([session('08:00', '23:00')]),
    commissionedFor: everywhere,
    eligibility: { ageFromDays: 0, ageToDays: years(16) - 1 },
    publicPhone: false,
    endpoints: ['fhir'],
  });
  b.add('validation', { org: 'demo-iuc-111', name: 'IUC validation service (ambulance and ED outcomes)', site: iucBase, times: twentyFourSeven(), commissionedFor: everywhere, publicPhone: false, endpoints: ['fhir'] });
  const oohBases: [HospitalKey, OpeningTimes][] = [
    ['kch', outOfHours()],
    ['whh', outOfHours()],
    ['qeqm', outOfHours()],
    ['buckland', outOfHours()],
    ['rvh', outOfHours()],
    // Smaller bases: evenings and weekend days only.
    ['estuary', weeklyTimes(week(days(MON_FRI, [session('18:30', '22:00')]), days(WEEKEND, [session('09:00', '21:00')])), { bankHoliday: [session('09:00', '21:00')] })],
    ['deal', weeklyTimes(week(days(WEEKEND, [session('09:00', '17:00')])), { bankHoliday: [session('09:00', '17:00')] })],
  ];
  for (const [key, times] of oohBases) {
    b.add('ooh', { org: 'demo-iuc-ooh', name: `GP out-of-hours base, ${HOSPITALS[key].name}`, publicName: `GP out-of-hours, ${HOSPITALS[key].town}`, site: b.hospital(key, 'GP Out of Hours Centre'), times, publicPhone: false, endpoints: ['fhir', 'phone'] });
  }
  b.add('ooh', {
    org: 'demo-iuc-ooh',
    name: 'GP out-of-hours home visiting service (East Kent)',
    description: 'Home visits by out-of-hours GPs for patients who cannot travel.',
    site: iucBase,
    times: outOfHours(),
    commissionedFor: everywhere,
    referralRoles: ['clinician', 'provider'],
    publicPhone: false,
    endpoints: ['fhir', 'phone'],
  });

  // ── Community services
  for (const area of EAST_KENT_AREAS) {
    const d = byPopulation.find((x) => x.areaCode === area)!;
    b.add('ucr', {
      org: 'demo-kch-ucr',
      name: `${AREA_NAMES[area]} urgent community response (2-hour)`,
      site: b.siteIn(d),
      times: everyDay([session('08:00', '20:00')]),
      eligibility: ADULTS,
      // Ashford's team is funded by Ashford alone and only sees Ashford patients.
      ...(area === 'ek-ashford' ? { limitedTo: ['ek-ashford'] } : {}),
      publicPhone: false,
    });
    b.add('reablement', {
      org: 'demo-kcc-reablement',
      name: `${AREA_NAMES[area]} same-day reablement and rapid response`,
      site: b.siteIn(d),
      times: everyDay([session('08:00', '20:00')]),
      eligibility: ADULTS,
      publicPhone: false,
      endpoints: ['email', 'phone'],
    });
  }
  // Gap (a), day side: district nursing day teams 08:00–17:30 every day, closed on bank holidays (gap c).
  const dnDay = () => weeklyTimes(week(days(EVERY_DAY, [session('08:00', '17:30')])), { bankHoliday: [] });
  for (const d of byPopulation.slice(0, 24)) {
    const area = d.areaCode as EastKentArea;
    b.add('districtNursingDay', {
      org: `demo-kch-dn-${AREA_SLUG[area]}`,
      name: `${d.town} (${d.district}) district nursing team`,
      site: b.siteIn(d),
      times: dnDay(),
      publicPhone: false,
      endpoints: ['email', 'phone'],
    });
  }
  // Gap (a), night side: the night service starts at 19:00 — nobody covers 17:30–19:00.
  b.add('districtNursingNight', {
    org: 'demo-kch-night',
    name: 'East Kent community nursing night service',
    description: 'Night visits 19:00–08:00 for patients on a community nursing caseload.',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: nightly('19:00', '08:00'),
    commissionedFor: everywhere,
    publicPhone: false,
  });
  // Gap (b): the only nurse who can re-catheterise — Monday to Thursday and alternate Fridays.
  b.add('catheterNurse', {
    org: 'demo-kch-continence',
    name: 'Specialist catheter nurse (home re-catheterisation)',
    description: 'The one community nurse trained to re-catheterise at home: Monday to Thursday and alternate Fridays, 08:30–16:30.',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: catheterNurseTimes(calendar),
    commissionedFor: everywhere,
    publicPhone: false,
  });

  // ── Palliative care
  b.add('palliativeLine', {
    org: 'demo-hospices',
    name: 'East Kent palliative care advice line (24 hours)',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: twentyFourSeven(),
    commissionedFor: everywhere,
  });
  for (const [town, area] of [
    ['Canterbury', 'ek-canterbury'],
    ['Broadstairs', 'ek-thanet'],
    ['Ashford', 'ek-ashford'],
  ] as const) {
    b.add('hospice', {
      org: 'demo-hospices',
      name: `${town} hospice advice and community team`,
      site: b.siteInTown(town, area),
      times: everyDay([session('08:00', '20:00')]),
      eligibility: ADULTS,
    });
  }
  b.add('hospice', {
    org: 'demo-hospices',
    name: 'East Kent children’s hospice advice line',
    site: b.siteInTown('Margate', 'ek-thanet'),
    times: weeklyTimes(week(days(MON_FRI, [session('09:00', '17:00')])), { bankHoliday: [] }),
    commissionedFor: everywhere,
    eligibility: { ageFromDays: 0, ageToDays: years(18) - 1 },
  });

  // ── Mental health
  b.add('mhCrisis', {
    org: 'demo-mh-crisis',
    name: 'East Kent crisis resolution and home treatment — East (Thanet, Canterbury)',
    publicName: 'Mental health crisis line (East Kent, east)',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: twentyFourSeven(),
    commissionedFor: ['ek-thanet', 'ek-canterbury'],
    eligibility: ADULTS,
  });
  b.add('mhCrisis', {
    org: 'demo-mh-crisis',
    name: 'East Kent crisis resolution and home treatment — West (Ashford, South Kent Coast)',
    publicName: 'Mental health crisis line (East Kent, west)',
    site: b.siteInTown('Ashford', 'ek-ashford'),
    times: twentyFourSeven(),
    commissionedFor: ['ek-ashford', 'ek-south-kent-coast'],
    eligibility: ADULTS,
  });
  b.add('mhCrisis', {
    org: 'demo-mh-camhs',
    name: 'Children and young people’s mental health crisis team',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: everyDay([session('08:00', '22:00')]),
    commissionedFor: everywhere,
    eligibility: { ageFromDays: 0, ageToDays: years(18) - 1 },
  });
  const havens: [string, EastKentArea, OpeningTimes][] = [
    ['Canterbury', 'ek-canterbury', everyDay([session('18:00', '23:00')])],
    ['Margate', 'ek-thanet', weeklyTimes(week(days(MON_FRI, [session('17:00', '23:00')]), days(WEEKEND, [session('12:00', '23:00')])), { bankHoliday: [session('12:00', '23:00')] })],
    ['Ashford', 'ek-ashford', weeklyTimes(week(days(['thu', 'fri', 'sat', 'sun'], [session('18:00', '23:00')])), { bankHoliday: null })],
    ['Folkestone', 'ek-south-kent-coast', everyDay([session('18:00', '23:00')])],
  ];
  for (const [town, area, times] of havens) {
    b.add('safeHaven', {
      org: 'demo-mh-safe-havens',
      name: `${town} safe haven (evenings)`,
      site: b.siteInTown(town, area),
      times,
      eligibility: ADULTS,
      // Thanet's safe haven is funded for Thanet residents only.
      ...(area === 'ek-thanet' ? { limitedTo: ['ek-thanet'] } : {}),
      endpoints: ['phone'],
    });
  }

  // ── Sexual health, SARC
  const clinics: [string, string, EastKentArea, OpeningTimes, ServiceSpec['eligibility'], ServiceSpec['access']?][] = [
    ['Canterbury sexual health clinic', 'Canterbury', 'ek-canterbury', weeklyTimes(week(days(['mon', 'wed'], [session('09:00', '19:00')]), days(['fri'], [session('09:00', '16:00')]))), undefined],
    ['Margate sexual health clinic', 'Margate', 'ek-thanet', weeklyTimes(week(days(['tue', 'thu'], [session('09:00', '19:00')]))), undefined],
    ['Ashford sexual health clinic', 'Ashford', 'ek-ashford', weeklyTimes(week(days(['mon', 'thu'], [session('10:00', '18:00')]))), undefined, { walkIn: false, bookingRequired: true }],
    ['Dover sexual health clinic', 'Dover', 'ek-south-kent-coast', weeklyTimes(week(days(['wed'], [session('13:00', '19:00')]))), undefined],
    ['Folkestone sexual health clinic', 'Folkestone', 'ek-south-kent-coast', weeklyTimes(week(days(['tue'], [session('09:00', '17:00')]), days(['sat'], [session('10:00', '13:00')]))), undefined],
    ['Ramsgate sexual health clinic', 'Ramsgate', 'ek-thanet', weeklyTimes(week(days(['fri'], [session('12:00', '18:00')]))), undefined],
    ['Canterbury young people’s sexual health clinic (13–24)', 'Canterbury', 'ek-canterbury', weeklyTimes(week(days(['thu'], [session('15:00', '19:00')]))), { ageFromDays: years(13), ageToDays: years(25) - 1 }],
    ['Margate men’s sexual health evening clinic', 'Margate', 'ek-thanet', weeklyTimes(week(days(['wed'], [session('17:00', '20:00')]))), { ageFromDays: years(16), sexes: ['male'] }, { walkIn: false, bookingRequired: true }],
  ];
  for (const [name, town, area, times, eligibility, access] of clinics) {
    b.add('sexualHealth', { org: 'demo-kch-sexual-health', name, site: b.siteInTown(town, area), times, eligibility, access, endpoints: ['email', 'phone'] });
  }
  b.add('sarc', {
    org: 'demo-sarc',
    name: 'Kent sexual assault referral centre (East Kent suite)',
    site: b.siteInTown('Ashford', 'ek-ashford'),
    times: twentyFourSeven(),
    commissionedFor: everywhere,
    endpoints: ['phone'],
  });

  // ── Social care out of hours
  b.add('edt', {
    org: 'demo-kcc-edt',
    name: 'Kent social care emergency duty team',
    description: 'Out-of-hours social work for adults and children: weekday evenings and nights, weekends, bank holidays.',
    site: b.siteInTown('Ashford', 'ek-ashford'),
    times: outOfHours('17:00', '09:00'),
    commissionedFor: everywhere,
    endpoints: ['phone', 'email'],
  });

  // ── Emergency services outside health
  b.add('ambulance', { org: 'demo-ambulance', name: 'South East Coast Ambulance — 999 dispatch (demo)', site: iucBase, times: twentyFourSeven(), commissionedFor: everywhere, publicPhone: false, endpoints: ['fhir', 'phone'] });
  b.add('police', { org: 'demo-police', name: 'Kent Police — health partner liaison (demo)', site: b.siteInTown('Canterbury', 'ek-canterbury'), times: twentyFourSeven(), commissionedFor: everywhere, publicPhone: false, endpoints: ['phone'] });

  // ── Dental
  for (const [town, area] of [
    ['Canterbury', 'ek-canterbury'],
    ['Margate', 'ek-thanet'],
    ['Ashford', 'ek-ashford'],
    ['Folkestone', 'ek-south-kent-coast'],
  ] as const) {
    b.add('urgentDental', {
      org: 'demo-dental-urgent',
      name: `${town} urgent dental clinic (evenings and weekends)`,
      site: b.siteInTown(town, area),
      times: weeklyTimes(week(days(MON_FRI, [session('18:30', '22:00')]), days(WEEKEND, [session('09:00', '22:00')])), { bankHoliday: [session('09:00', '22:00')] }),
      endpoints: ['phone'],
    });
  }
  b.add('urgentDental', {
    org: 'demo-dental-urgent',
    name: 'Kent urgent dental helpline (triage and booking)',
    site: b.siteInTown('Canterbury', 'ek-canterbury'),
    times: weeklyTimes(week(days(MON_FRI, [session('08:00', '22:00')]), days(WEEKEND, [session('08:00', '22:00')])), { bankHoliday: [session('08:00', '22:00')] }),
    commissionedFor: everywhere,
    endpoints: ['phone'],
  });
  const dentalCounts = apportion(ek, populationOf, 105);
  ek.forEach((d, di) => {
    for (let i = 0; i < dentalCounts[di]; i++) {
      const name = b.uniqueName(() => (r.chance(0.5) ? `${r.pick(STREETS)} Dental Practice, ${d.town}` : `${r.pick(PLACE_WORDS)} Dental Care, ${d.town}`));
      const lunch = r.chance(0.35);
      const start = r.pick(['08:30', '09:00']);
      const end = r.pick(['17:00', '17:30', '18:00']);
      const sessions = lunch ? [session(start, '13:00'), session('14:00', end)] : [session(start, end)];
      b.add('dentalPractice', {
        org: 'demo-dental',
        name,
        site: b.siteIn(d),
        times: weeklyTimes(week(days(MON_FRI, sessions), r.chance(0.3) ? days(['sat'], [session('09:00', '13:00')]) : {}), { bankHoliday: [] }),
        endpoints: ['phone'],
      });
    }
  });

  // ── Community pharmacies (152): mostly closed on bank holidays; 100-hour and supermarket ones open.
  const pharmacyCounts = apportion(ek, populationOf, 152);
  const rotaAreas = new Set<EastKentArea>();
  ek.forEach((d, di) => {
    for (let i = 0; i < pharmacyCounts[di]; i++) {
      const chain = r.chance(0.45);
      const street = r.pick(STREETS);
      const style = r.next();
      let times: OpeningTimes;
      let label: string;
      if (style < 0.12) {
        label = '100-hour pharmacy';
        times = weeklyTimes(week(days(MON_SAT, [session('07:00', '23:00')]), days(['sun'], [session('10:00', '16:00')])), {
          bankHoliday: [session('10:00', '16:00')],
          specifiedDates: ['2026-12-25', '2027-12-25'].map((date) => ({ date, sessions: [], note: 'Closed on Christmas Day' })),
        });
      } else if (style < 0.3) {
        label = 'supermarket pharmacy';
        times = weeklyTimes(week(days(MON_SAT, [session('08:00', '20:00')]), days(['sun'], [session('10:00', '16:00')])), { bankHoliday: [session('10:00', '16:00')] });
      } else if (style < 0.45) {
        label = 'health centre pharmacy';
        times = weeklyTimes(week(days(MON_FRI, [session('08:30', '18:30')])), { bankHoliday: [] });
      } else {
        label = 'community pharmacy';
        const weekday = r.chance(0.3) ? [session('09:00', '13:00'), session('14:00', '18:00')] : [session('09:00', '18:00')];
        const saturday = r.pick([[session('09:00', '17:30')], [session('09:00', '13:00')], []]);
        times = weeklyTimes(week(days(MON_FRI, weekday), days(['sat'], saturday)), { bankHoliday: [] });
      }
      const area = d.areaCode as EastKentArea;
      // One pharmacy per area is on the Christmas Day and Easter Sunday rota.
      if (label === 'community pharmacy' && !rotaAreas.has(area)) {
        rotaAreas.add(area);
        times = { ...times, specifiedDates: CHRISTMAS_AND_EASTER_SUNDAY.map((date) => ({ date, sessions: [session('10:00', '13:00')], note: 'Rota pharmacy: open 10:00–13:00' })) };
      }
      const name = b.uniqueName(() =>
        chain ? `Kentish Pharmacy, ${street}, ${d.town}` : r.chance(0.5) ? `${r.pick(SURNAMES)} Pharmacy, ${d.town}` : `${r.pick(PLACE_WORDS)} Chemist, ${d.town}`,
      );
      b.add('pharmacy', {
        org: chain ? 'demo-pharmacy-chain' : 'demo-pharmacy-independents',
        name,
        description: `A ${label}. Pharmacy First, emergency contraception and emergency supplies of repeat medicines.`,
        site: b.siteIn(d),
        times,
        endpoints: ['fhir', 'email'],
      });
    }
  });

  // ── Opticians (urgent eye care)
  const opticianCounts = apportion(ek, populationOf, 72);
  ek.forEach((d, di) => {
    for (let i = 0; i < opticianCounts[di]; i++) {
      const sunday = r.chance(0.2);
      b.add('optician', {
        org: 'demo-optical',
        name: b.uniqueName(() => (r.chance(0.4) ? `ClearSight Opticians, ${d.town}` : `${r.pick(SURNAMES)} Opticians, ${d.town}`)),
        site: b.siteIn(d),
        times: weeklyTimes(week(days(MON_SAT, [session('09:00', '17:30')]), sunday ? days(['sun'], [session('10:00', '16:00')]) : {}), { bankHoliday: [] }),
        endpoints: ['email', 'phone'],
      });
    }
  });

  return {
    organisations: b.organisations,
    users: demoUsers(hostPractice.org),
    services: b.services,
    commissioners: EAST_KENT_AREAS.map((areaCode) => ({ areaCode, organisationId: `demo-icb-${AREA_SLUG[areaCode]}` })),
    rankings: [
      // Thanet sends "UTC or GP" outcomes to its UTC before the GP out-of-hours base.
      { areaCode: 'ek-thanet', serviceTypeId: 135, rank: 2 },
      { areaCode: 'ek-thanet', serviceTypeId: 25, rank: 3 },
      // South Kent Coast ranks its minor injury unit level with the UTCs.
      { areaCode: 'ek-south-kent-coast', serviceTypeId: 1002, rank: 3 },
      // Ashford puts urgent community response first for frail patients at home.
      { areaCode: 'ek-ashford', serviceTypeId: 146, rank: 1 },
      // Canterbury offers its walk-in centre before the UTC.
      { areaCode: 'ek-canterbury', serviceTypeId: 1001, rank: 2 },
    ],
  };
}

// Display names are people's names: the screens show each person's roles beside them, so a role
// written into the name as well read "Rita Fernandes (DoS lead) (DoS lead)".
function demoUsers(practiceOrg: string): DemoUser[] {
  return [
    { username: 'callhandler', displayName: 'Sam Okafor', organisationId: 'demo-iuc-111', roles: ['call_handler'] },
    { username: 'clinician', displayName: 'Dr Priya Raman', organisationId: 'demo-iuc-111', roles: ['clinician'] },
    { username: 'provider', displayName: 'Jo Whitfield', organisationId: 'demo-kch', roles: ['provider_staff'] },
    { username: 'nursing', displayName: 'Alex Mercer', organisationId: 'demo-kch-dn-canterbury', roles: ['provider_staff'] },
    { username: 'acute', displayName: 'Chris Hollis', organisationId: 'demo-ekh', roles: ['provider_staff'] },
    { username: 'practice', displayName: 'Morgan Lee', organisationId: practiceOrg, roles: ['provider_staff'] },
    { username: 'doslead', displayName: 'Rita Fernandes', organisationId: 'demo-icb', roles: ['dos_lead'] },
    { username: 'doslead2', displayName: 'Tom Aldridge', organisationId: 'demo-icb', roles: ['dos_lead'] },
    { username: 'governance', displayName: 'Dr Helen Marsh', organisationId: 'demo-icb', roles: ['clinical_governance'] },
    // A second lead, so that review (and a safety sign-off) by someone other than the author can be tried.
    { username: 'governance2', displayName: 'Dr Kwame Asante', organisationId: 'demo-icb', roles: ['clinical_governance'] },
    { username: 'commissioner', displayName: 'Dev Shah', organisationId: 'demo-icb', roles: ['commissioner'] },
    { username: 'admin', displayName: 'Signpost administrator', organisationId: 'demo-platform', roles: ['admin'] },
  ];
}
