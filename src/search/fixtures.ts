// Test and benchmark helpers: `Service` objects with sensible defaults, and profiles (demo
// community, generated national directory) turned into services without a database.
import type { Disposition } from '../directory/catalogue';
import { serviceFrom, ServiceProfileSchema, type ReferralRole, type Service, type ServiceProfile, type ServiceProfileInput, type ServiceStatus, type Sex } from '../directory/model';
import { alwaysOpenTimes, type Nation, type OpeningTimes } from '../directory/opening-hours';
import { distanceKm } from '../geo/distance';
import type { District } from '../geo/model';
import { ageInDays, type SearchQuery } from './model';

/** Canterbury (CT1): where the hand-built test directories sit. */
export const HOME = { lat: 51.276, lon: 1.087 };

/** Tuesday 10 March 2026, 14:00 in London (GMT): when the test queries search. */
export const TEST_AT = new Date('2026-03-10T14:00:00Z');

/**
 * The scenario tests' query: a 30-year-old woman at HOME in ek-canterbury, SG 1011 / SD 4003, at
 * TEST_AT, 10 km, call handler; `makeService` defaults pass every rule of it for Dx05.
 */
export function testQuery(disposition: Disposition, overrides: Partial<SearchQuery> = {}): SearchQuery {
  return {
    lat: HOME.lat,
    lon: HOME.lon,
    areaCode: 'ek-canterbury',
    ageDays: ageInDays(30, 'years'),
    sex: 'female',
    disposition,
    symptomGroup: 1011,
    symptomDiscriminators: ['4003'],
    at: TEST_AT,
    distanceKm: 10,
    referralRole: 'call-handler',
    registeredPractice: null,
    limit: 10,
    explain: false,
    ...overrides,
  };
}

/** The point `northKm` north and `eastKm` east of (lat, lon), on the sphere the search measures with. */
export function offsetKm(from: { lat: number; lon: number }, northKm: number, eastKm = 0): { lat: number; lon: number } {
  const R = 6371.0088;
  const lat = from.lat + (northKm / R) * (180 / Math.PI);
  const lon = from.lon + (eastKm / (R * Math.cos((from.lat * Math.PI) / 180))) * (180 / Math.PI);
  return { lat, lon };
}

/** A point exactly `km` east of `from` by the haversine distance (bisection). */
export function eastBy(from: { lat: number; lon: number }, km: number): { lat: number; lon: number } {
  let lo = 0;
  let hi = km * 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    const p = offsetKm(from, 0, mid);
    if (distanceKm(from.lat, from.lon, p.lat, p.lon) < km) lo = mid;
    else hi = mid;
  }
  return offsetKm(from, 0, (lo + hi) / 2);
}

export interface TestService {
  id: number;
  name?: string;
  typeId?: number;
  status?: ServiceStatus;
  odsCode?: string;
  lat?: number;
  lon?: number;
  /** distance east of HOME in km (instead of lat/lon) */
  km?: number;
  areaCode?: string | null;
  nation?: Nation;
  dispositions?: string[];
  symptoms?: { sg: number; sd: string }[];
  sexes?: Sex[];
  ageFromDays?: number;
  ageToDays?: number;
  registeredPractices?: string[];
  referralRoles?: ReferralRole[];
  openingTimes?: OpeningTimes;
  commissionedFor?: string[];
  limitedTo?: string[];
  promotedInto?: string[];
  access?: Partial<Service['access']>;
  referralEndpoints?: Service['referralEndpoints'];
  capabilities?: Service['capabilities'];
}

/**
 * A service with defaults that pass every rule of a typical test query: an urgent treatment centre
 * (135), active, 24/7, all ages and both sexes, every referral role, Dx05 and SG 1011 / SD 4003.
 */
export function makeService(spec: TestService): Service {
  const place = spec.km !== undefined ? eastBy(HOME, spec.km) : { lat: spec.lat ?? HOME.lat, lon: spec.lon ?? HOME.lon };
  const name = spec.name ?? `Service ${spec.id}`;
  return {
    id: spec.id,
    version: 1,
    typeId: spec.typeId ?? 135,
    status: spec.status ?? 'active',
    organisationId: 'test-org',
    parentId: null,
    ...(spec.odsCode ? { odsCode: spec.odsCode } : {}),
    name,
    publicName: name,
    address: { lines: [`${spec.id} Test Street`], town: 'Canterbury', postcode: 'CT1 1AA' },
    location: place,
    contacts: { publicPhone: '01227 555 000' },
    access: { walkIn: true, phoneFirst: false, referralOnly: false, bookingRequired: false, ...spec.access },
    referralEndpoints: spec.referralEndpoints ?? [{ kind: 'fhir', address: `https://fhir.example.nhs.uk/${spec.id}` }],
    referralRoles: spec.referralRoles ?? ['call-handler', 'clinician', 'provider', 'patient'],
    capabilities: spec.capabilities ?? [],
    eligibility: {
      ageFromDays: spec.ageFromDays ?? 0,
      ageToDays: spec.ageToDays ?? 47_483,
      sexes: spec.sexes ?? ['female', 'male'],
      registeredPractices: spec.registeredPractices ?? [],
    },
    coverage: { dispositions: spec.dispositions ?? ['Dx05'], symptoms: spec.symptoms ?? [{ sg: 1011, sd: '4003' }] },
    openingTimes: spec.openingTimes ?? alwaysOpenTimes(),
    areas: { commissionedFor: spec.commissionedFor ?? [], limitedTo: spec.limitedTo ?? [], promotedInto: spec.promotedInto ?? [] },
    verificationIntervalDays: 182,
    lat: place.lat,
    lon: place.lon,
    areaCode: spec.areaCode === undefined ? 'ek-canterbury' : spec.areaCode,
    nation: spec.nation ?? 'england-and-wales',
    lastVerifiedAt: null,
    nextVerificationDue: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** A validated profile as a stored service (as the directory would place it). */
export function serviceFromProfile(profile: ServiceProfile, id: number, place: { lat: number; lon: number; areaCode: string | null; nation: Nation }): Service {
  return serviceFrom(profile, { id, version: 1, ...place, lastVerifiedAt: null, nextVerificationDue: null, createdAt: new Date(0), updatedAt: new Date(0) });
}

/** The demo community's profiles as services: validated, placed in the area of the nearest district. */
export function demoServices(profiles: readonly ServiceProfileInput[], districts: readonly District[]): Service[] {
  return profiles.map((input, i) => {
    const p = ServiceProfileSchema.parse(input);
    const { lat, lon } = p.location!;
    let best = districts[0];
    let bestKm = Infinity;
    for (const d of districts) {
      const km = distanceKm(lat, lon, d.lat, d.lon);
      if (km < bestKm) [best, bestKm] = [d, km];
    }
    return serviceFromProfile(p, i + 1, { lat, lon, areaCode: best.areaCode, nation: 'england-and-wales' });
  });
}

/**
 * Generated national profiles as services, without zod (100,000 of them): the generator fills
 * every section, so only schema defaults need adding. Nation from the position (crudely).
 */
export function nationalServices(profiles: readonly ServiceProfileInput[]): Service[] {
  return profiles.map((p, i) => {
    const { lat, lon } = p.location!;
    const nation: Nation = lon < -5.4 && lat < 55.4 && lat > 54 ? 'northern-ireland' : lat > 55.0 && !(lon > -2.1 && lat < 55.8) ? 'scotland' : 'england-and-wales';
    const profile = { ...p, parentId: p.parentId ?? null, referralEndpoints: p.referralEndpoints ?? [], verificationIntervalDays: p.verificationIntervalDays ?? 182 } as ServiceProfile;
    return serviceFromProfile(profile, i + 1, { lat, lon, areaCode: `gen-${p.address.town.toLowerCase().replace(/[^a-z]+/g, '-')}`, nation });
  });
}

/** Parses data/geo/postcode-districts.csv (district,lat,lon,area,town,population). */
export function parseDistricts(csv: string): District[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));
  const cols = header.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const c = line.split(',');
    return {
      district: c[at('district')],
      lat: Number(c[at('lat')]),
      lon: Number(c[at('lon')]),
      areaCode: c[at('area')] || null,
      town: c[at('town')] || null,
      population: c[at('population')] ? Number(c[at('population')]) : null,
    };
  });
}
