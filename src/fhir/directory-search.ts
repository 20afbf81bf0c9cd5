/**
 * Searching the directory's services the FHIR way: each search parameter of HealthcareService,
 * Location, Endpoint and Schedule as a test of a service (values OR-ed, repeated parameters AND-ed),
 * `near` as a distance, then one page in a stable order (by id; by distance, then id, with `near`). Pure.
 */
import type { Service } from '../directory/model';
import { distanceKm } from '../geo/distance';
import { invalidParameter, type SearchParamDef, type SearchValue, DIRECTORY_SYSTEMS as SYS } from './model';
import { instantTest, parseBoolean, parseNear, parseToken, referenceId, tokenMatches, type Near } from './search-params';

export type ServiceTest = (s: Service) => boolean;

/** Lower case without accents: FHIR string search ignores both. */
export const normalise = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** A string parameter: starts with (default), `:exact` or `:contains`, on any of the texts. */
export function stringMatches(value: SearchValue, texts: (string | undefined)[]): boolean {
  return value.values.some((wanted) => {
    if (value.modifier === 'exact') return texts.some((t) => t === wanted);
    const w = normalise(wanted);
    return texts.some((t) => {
      if (t === undefined) return false;
      const n = normalise(t);
      return value.modifier === 'contains' ? n.includes(w) : n.startsWith(w) || n.split(/[\s,()-]+/).some((word) => word.startsWith(w));
    });
  });
}

const serviceIdentifiers = (s: Service) => [{ system: SYS.serviceId, value: String(s.id) }, ...(s.odsCode ? [{ system: SYS.odsCode, value: s.odsCode }] : [])];

/** The common parameters every service-based resource shares: `_id`, `identifier`, `organization`, `_lastUpdated`. */
function commonTest(name: string, value: SearchValue, idOf: (s: Service) => string[]): ServiceTest | undefined {
  switch (name) {
    case '_id':
      return (s) => idOf(s).some((id) => value.values.includes(id));
    case 'identifier': {
      const tokens = value.values.map(parseToken);
      return (s) => tokens.some((t) => tokenMatches(t, serviceIdentifiers(s)));
    }
    case 'organization': {
      const ids = value.values.map((v) => referenceId(v, 'Organization', name));
      return (s) => ids.includes(s.organisationId);
    }
    case '_lastUpdated': {
      const changedIn = instantTest(value, name);
      return (s) => changedIn(s.updatedAt.getTime());
    }
    default:
      return undefined;
  }
}

const LOCATION_STATUS: Record<Service['status'], string> = { active: 'active', commissioning: 'suspended', closed: 'inactive' };

/** Tests for a HealthcareService search (and, through `kind`, Location, Schedule and the service side of Endpoint). */
export function serviceTests(params: Map<string, SearchValue[]>, kind: 'HealthcareService' | 'Location' | 'Schedule' | 'Endpoint'): { tests: ServiceTest[]; near?: Near } {
  const tests: ServiceTest[] = [];
  let near: Near | undefined;
  for (const [name, values] of params) {
    for (const value of values) {
      const common = kind === 'Endpoint' && name === '_id' ? undefined : commonTest(name, value, (s) => [String(s.id)]);
      if (common) {
        tests.push(common);
        continue;
      }
      switch (name) {
        case 'name':
          tests.push(kind === 'Location' ? (s) => stringMatches(value, [s.publicName]) : (s) => stringMatches(value, [s.name, s.publicName]));
          break;
        case 'active': {
          const wanted = value.values.map((v) => parseBoolean(v, name));
          tests.push((s) => wanted.includes(s.status === 'active'));
          break;
        }
        case 'status': {
          const wanted = value.values.map((v) => parseToken(v).code);
          tests.push((s) => wanted.includes(LOCATION_STATUS[s.status]));
          break;
        }
        case 'service-type': {
          const tokens = value.values.map(parseToken);
          tests.push((s) => tokens.some((t) => tokenMatches(t, [{ system: SYS.serviceType, code: String(s.typeId) }])));
          break;
        }
        case 'specialty': {
          const tokens = value.values.map(parseToken);
          tests.push((s) => tokens.some((t) => tokenMatches(t, s.coverage.symptoms.map((p) => ({ system: SYS.symptomGroup, code: String(p.sg) })))));
          break;
        }
        case 'location': {
          const ids = value.values.map((v) => referenceId(v, 'Location', name));
          tests.push((s) => ids.includes(String(s.id)));
          break;
        }
        case 'actor': {
          const ids = value.values.map((v) => (/^(HealthcareService|Location)\//.test(v) || /^[0-9]+$/.test(v) ? v.replace(/^.*\//, '') : undefined));
          if (ids.some((id) => id === undefined)) throw invalidParameter(name, 'actor must reference a HealthcareService or Location (HealthcareService/id)');
          tests.push((s) => ids.includes(String(s.id)));
          break;
        }
        case 'address-postalcode': {
          const wanted = value.values.map((v) => v.replace(/\s+/g, '').toUpperCase());
          tests.push((s) => wanted.some((w) => s.address.postcode.replace(/\s+/g, '').toUpperCase().startsWith(w)));
          break;
        }
        case 'near':
          if (near || value.values.length > 1) throw invalidParameter(name, 'give one near value');
          near = parseNear(value.values[0]);
          break;
        default:
          // Parameters of the resource itself (an Endpoint's name or status) are tested on the resource.
          break;
      }
    }
  }
  if (near) {
    const { lat, lon, km } = near;
    tests.push((s) => distanceKm(lat, lon, s.lat, s.lon) <= km);
  }
  return { tests, near };
}

/** One page of the services that pass every test, in a stable order, and how many pass in all. */
export function pageOfServices(services: Iterable<Service>, tests: ServiceTest[], near: Near | undefined, count: number, offset: number): { page: Service[]; total: number } {
  const passing: Service[] = [];
  outer: for (const s of services) {
    for (const test of tests) if (!test(s)) continue outer;
    passing.push(s);
  }
  if (near) {
    const km = new Map(passing.map((s) => [s.id, distanceKm(near.lat, near.lon, s.lat, s.lon)]));
    passing.sort((a, b) => km.get(a.id)! - km.get(b.id)! || a.id - b.id);
  } else {
    passing.sort((a, b) => a.id - b.id);
  }
  return { page: passing.slice(offset, offset + count), total: passing.length };
}

const param = (name: string, type: SearchParamDef['type'], documentation: string): SearchParamDef => ({ name, type, documentation });

export const SEARCH_PARAMS = {
  id: param('_id', 'token', 'The resource id'),
  lastUpdated: param('_lastUpdated', 'date', 'When the service was last changed (prefixes eq, ne, gt, lt, ge, le, sa, eb)'),
  identifier: param('identifier', 'token', `An identifier: the ODS code (${SYS.odsCode}|X) or Signpost's service id (${SYS.serviceId}|N)`),
  organization: param('organization', 'reference', 'The organisation that provides or manages it (Organization/id)'),
  near: param('near', 'special', 'latitude|longitude|distance|unit (km, m, mi); default distance 10 km; results nearest first'),
} as const;
