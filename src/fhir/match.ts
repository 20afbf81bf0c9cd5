/**
 * HealthcareService/$match: the directory search as a FHIR operation. Its `Parameters` (or, with GET,
 * the query) become the directory search's request; the ranked results become a searchset Bundle in
 * the same order, each entry with its score and rank, why it was chosen (the search's reasons) and its
 * distance, and each service with its capacity now. Pure.
 */
import type { Bundle, BundleEntry, Extension, HealthcareService } from '@medplum/fhirtypes';
import type { SearchRequestInput, SearchResult } from '../search/model';
import { EXTENSIONS, FhirError, type Issue, type OperationInput, type OperationParamDef, DIRECTORY_SYSTEMS as SYS } from './model';
import { operationOutcome } from './outcome';
import { withExtension, type ResourceText } from './resource-cache';

export const MATCH_DEFINITION = 'https://signpost.example/OperationDefinition/HealthcareService-match';
const LOCATION_DISTANCE = 'http://hl7.org/fhir/StructureDefinition/location-distance';
const MATCH_GRADE = 'http://hl7.org/fhir/StructureDefinition/match-grade';

export const MATCH_PARAMETERS: OperationParamDef[] = [
  { name: 'postcode', use: 'in', min: 0, max: '1', type: 'string', documentation: 'Where the patient is: a postcode (or give latitude and longitude)' },
  { name: 'latitude', use: 'in', min: 0, max: '1', type: 'decimal', documentation: 'Where the patient is: latitude (with longitude)' },
  { name: 'longitude', use: 'in', min: 0, max: '1', type: 'decimal', documentation: 'Where the patient is: longitude (with latitude)' },
  { name: 'age', use: 'in', min: 1, max: '1', type: 'Quantity', documentation: 'The patient’s age: a Quantity in UCUM a, mo, wk or d; a number (or GET text like 40, 18mo) is years' },
  { name: 'sex', use: 'in', min: 1, max: '1', type: 'code', documentation: 'female, male, or unknown (other counts as unknown)' },
  { name: 'disposition', use: 'in', min: 1, max: '1', type: 'code', documentation: 'The triage disposition, e.g. Dx03' },
  { name: 'symptomGroup', use: 'in', min: 1, max: '1', type: 'integer', documentation: 'The symptom group, e.g. 1011' },
  { name: 'symptomDiscriminator', use: 'in', min: 1, max: '20', type: 'code', documentation: 'A symptom discriminator (repeat for more; GET also takes a comma list)' },
  { name: 'time', use: 'in', min: 0, max: '1', type: 'dateTime', documentation: 'When the patient needs the service (default now)' },
  { name: 'referralRole', use: 'in', min: 0, max: '1', type: 'code', documentation: 'Who refers: call-handler (default), clinician, provider or patient' },
  { name: 'registeredPractice', use: 'in', min: 0, max: '1', type: 'Identifier', documentation: 'The patient’s GP practice: its ODS code (Identifier or text)' },
  { name: 'distance', use: 'in', min: 0, max: '1', type: 'decimal', documentation: 'How far to look, in km (default: the area’s search distance)' },
  { name: 'count', use: 'in', min: 0, max: '1', type: 'integer', documentation: 'How many services at most (1–50, default 10)' },
  { name: 'return', use: 'out', min: 1, max: '1', type: 'Bundle', documentation: 'A searchset Bundle of HealthcareServices in ranked order, with why each was chosen and its capacity' },
];
const KNOWN = new Set(MATCH_PARAMETERS.filter((p) => p.use === 'in').map((p) => p.name));

type Param = OperationInput['parameters'][number];

/** Where a parameter is, as FHIRPath (POST) or its query name (GET). */
export function parameterPath(name: string, fromQuery: boolean): string {
  return fromQuery ? name : `Parameters.parameter.where(name = '${name}')`;
}

const AGE_UNITS: Record<string, 'years' | 'months' | 'weeks' | 'days'> = { a: 'years', mo: 'months', wk: 'weeks', d: 'days', years: 'years', months: 'months', weeks: 'weeks', days: 'days' };

/** The value of a parameter as text or number, whichever value[x] it came in. */
function scalar(p: Param): string | number | undefined {
  return p.valueString ?? p.valueCode ?? p.valueInteger ?? p.valueDecimal ?? p.valueDateTime ?? p.valueCoding?.code ?? p.valueIdentifier?.value ?? (p.valueBoolean === undefined ? undefined : String(p.valueBoolean));
}

function numberOf(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}

/**
 * The directory search request these parameters ask for. Unknown or repeated parameters and values
 * that cannot be read are a 400 naming each; the search's own schema checks ranges and codes after.
 */
export function matchRequest(input: OperationInput, fromQuery: boolean): SearchRequestInput {
  const issues: Issue[] = [];
  const bad = (name: string, diagnostics: string) => issues.push({ severity: 'error', code: 'invalid', diagnostics, expression: [parameterPath(name, fromQuery)] });
  const byName = new Map<string, Param[]>();
  for (const p of input.parameters) {
    if (!KNOWN.has(p.name)) bad(p.name, `$match has no parameter ${p.name} (it takes ${[...KNOWN].join(', ')})`);
    else byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  }
  const one = (name: string): Param | undefined => {
    const list = byName.get(name) ?? [];
    if (list.length > 1) bad(name, `give ${name} once`);
    return list[0];
  };
  const text = (name: string): string | undefined => {
    const p = one(name);
    const v = p && scalar(p);
    return v === undefined ? undefined : String(v);
  };
  const num = (name: string): number | undefined => {
    const p = one(name);
    if (!p) return undefined;
    const n = numberOf(scalar(p) ?? p.valueQuantity?.value);
    if (n === undefined) bad(name, `${name} must be a number`);
    return n;
  };

  const request: Record<string, unknown> = {};
  const postcode = text('postcode');
  const lat = num('latitude');
  const lon = num('longitude');
  if (postcode !== undefined && (lat !== undefined || lon !== undefined)) bad('postcode', 'give a postcode or latitude and longitude, not both');
  else if (postcode !== undefined) request.location = { postcode };
  else if (lat !== undefined && lon !== undefined) request.location = { lat, lon };
  else if (lat !== undefined || lon !== undefined) bad(lat === undefined ? 'latitude' : 'longitude', 'give latitude and longitude together');
  else bad('postcode', 'say where the patient is: postcode, or latitude and longitude');

  const age = one('age');
  if (!age) bad('age', 'age is required');
  else {
    const quantity = age.valueQuantity;
    const raw = scalar(age);
    const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(a|mo|wk|d|years|months|weeks|days)?\s*$/.exec(raw) : null;
    const value = quantity ? quantity.value : typeof raw === 'number' ? raw : m ? Number(m[1]) : undefined;
    const unitText = quantity ? (quantity.code ?? quantity.unit ?? 'a') : (m?.[2] ?? 'a');
    const unit = AGE_UNITS[unitText];
    if (value === undefined) bad('age', 'age must be a number (years) or a Quantity in a, mo, wk or d');
    else if (!unit) bad('age', `age's unit must be a, mo, wk or d, not ${unitText}`);
    else request.age = { value, unit };
  }

  const sex = text('sex');
  if (sex === undefined) bad('sex', 'sex is required');
  else request.sex = sex === 'other' ? 'unknown' : sex;
  const disposition = text('disposition');
  if (disposition === undefined) bad('disposition', 'disposition is required');
  else request.disposition = disposition;
  const symptomGroup = num('symptomGroup');
  if (!byName.has('symptomGroup')) bad('symptomGroup', 'symptomGroup is required');
  else if (symptomGroup !== undefined) request.symptomGroup = symptomGroup;
  const discriminators = (byName.get('symptomDiscriminator') ?? []).flatMap((p) => {
    const v = scalar(p);
    return v === undefined ? [] : fromQuery ? String(v).split(',') : [String(v)];
  });
  if (!discriminators.length) bad('symptomDiscriminator', 'give at least one symptomDiscriminator');
  else request.symptomDiscriminators = discriminators.map((d) => d.trim());
  const time = text('time');
  if (time !== undefined) request.at = time;
  const role = text('referralRole');
  if (role !== undefined) request.referralRole = role;
  const practice = one('registeredPractice');
  if (practice) {
    const id = practice.valueIdentifier;
    if (id?.system && id.system !== SYS.odsCode) bad('registeredPractice', `registeredPractice must be an ODS code (${SYS.odsCode})`);
    const code = scalar(practice);
    if (code !== undefined) request.registeredPractice = String(code);
  }
  const distance = num('distance');
  if (distance !== undefined) request.distanceKm = distance;
  const count = num('count');
  if (count !== undefined) request.limit = count;
  if (issues.length) throw new FhirError(400, issues);
  return request as unknown as SearchRequestInput;
}

/** The search request's field (a zod or service path such as `location.postcode`) as the $match parameter it came from. */
export function parameterOfField(path: string): string {
  const field = path.replace(/^body\./, '');
  if (field.startsWith('location.lat')) return 'latitude';
  if (field.startsWith('location.lon')) return 'longitude';
  if (field.startsWith('location')) return 'postcode';
  if (field.startsWith('age')) return 'age';
  if (field.startsWith('symptomDiscriminators')) return 'symptomDiscriminator';
  if (field === 'at') return 'time';
  if (field === 'distanceKm') return 'distance';
  if (field === 'limit') return 'count';
  return field.split('.')[0] || 'Parameters';
}

function capacityExtension(c: SearchResult['capacity']): Extension {
  return {
    url: EXTENSIONS.capacityStatus,
    extension: [
      { url: 'status', valueCoding: { system: SYS.capacityStatus, code: c.status, display: { green: 'Has capacity', amber: 'Under pressure', red: 'No capacity' }[c.status] } },
      ...(c.reason ? [{ url: 'reason', valueString: c.reason }] : []),
      ...(c.setAt ? [{ url: 'lastUpdated', valueDateTime: new Date(c.setAt).toISOString() }] : []),
      ...(c.resetAt ? [{ url: 'expires', valueDateTime: new Date(c.resetAt).toISOString() }] : []),
      { url: 'expired', valueBoolean: c.expired },
    ],
  };
}

/** Why an entry was chosen, and where it ranked: extensions of the entry's `search`. */
function whyExtensions(result: SearchResult, rank: number): Extension[] {
  return [
    { url: MATCH_GRADE, valueCode: result.catchAll ? 'possible' : 'certain' },
    { url: LOCATION_DISTANCE, valueDistance: { value: result.distanceKm, unit: 'km', system: 'http://unitsofmeasure.org', code: 'km' } },
    { url: EXTENSIONS.matchTier, valueCode: result.tier },
    ...result.reasons.map((reason) => ({ url: EXTENSIONS.matchReason, valueString: reason })),
    { url: `${EXTENSIONS.matchReason}-rank`, valueInteger: rank },
  ];
}

export interface MatchBundleInput {
  base: string;
  /** the request's URL (the Bundle's self link) */
  self: string;
  results: SearchResult[];
  catchAll: boolean;
  /** each result's service as a HealthcareService (undefined: gone from the directory since) */
  services: (HealthcareService | undefined)[];
}

/**
 * The ranked results as a searchset Bundle: same order, a score falling from 1, reasons and capacity.
 * What $match answers is this Bundle's JSON, written by matchBundleJson (a test holds the two equal).
 */
export function matchBundle({ base, self, results, catchAll, services }: MatchBundleInput): Bundle {
  const entries: BundleEntry[] = [];
  results.forEach((result, i) => {
    const service = services[i];
    if (!service) return;
    entries.push({
      fullUrl: `${base}/HealthcareService/${service.id}`,
      resource: { ...service, extension: [...(service.extension ?? []), capacityExtension(result.capacity)] },
      search: matchSearch(results, i),
    });
  });
  const total = entries.length;
  if (catchAll) entries.push(catchAllEntry());
  return { resourceType: 'Bundle', type: 'searchset', total, link: selfLink(self), entry: entries };
}

/** The services as JSON text, cut where the capacity extension goes (MappedServiceCache.text). */
export interface MatchBundleTextInput extends Omit<MatchBundleInput, 'services'> {
  services: (ResourceText | undefined)[];
}

/**
 * matchBundle's Bundle as JSON, byte for byte, written from each service's cached text and its
 * capacity now: no resource is copied or serialised again per request (decision 0028).
 */
export function matchBundleJson({ base, self, results, catchAll, services }: MatchBundleTextInput): string {
  const entries: string[] = [];
  results.forEach((result, i) => {
    const service = services[i];
    if (!service) return;
    entries.push(`{"fullUrl":${JSON.stringify(`${base}/HealthcareService/${service.id}`)},"resource":${withExtension(service, capacityExtension(result.capacity))},"search":${JSON.stringify(matchSearch(results, i))}}`);
  });
  const total = entries.length;
  if (catchAll) entries.push(JSON.stringify(catchAllEntry()));
  return `{"resourceType":"Bundle","type":"searchset","total":${total},"link":${JSON.stringify(selfLink(self))},"entry":[${entries.join(',')}]}`;
}

/** An entry's `search`: a score falling from 1 with the rank, and why it was chosen. */
function matchSearch(results: SearchResult[], i: number): BundleEntry['search'] {
  return { mode: 'match', score: Math.round(((results.length - i) / results.length) * 1000) / 1000, extension: whyExtensions(results[i], i + 1) };
}

function catchAllEntry(): BundleEntry {
  return {
    resource: operationOutcome([{ severity: 'information', code: 'informational', diagnostics: 'No service fitted every rule: the catch-all service is offered (recorded as unmet need)' }]),
    search: { mode: 'outcome' },
  };
}

const selfLink = (url: string) => [{ relation: 'self', url }];
