/**
 * Signpost's directory as FHIR R4 resources in UK Core shapes: a service is a HealthcareService
 * (provided by a UK Core Organization, at a UK Core Location), its site a Location, its referral
 * endpoints Endpoints, its appointment diary a Schedule of Slots; an organisation is an Organization
 * with its ODS code under the national system. Pure: the same service always gives the same resources.
 */
import type {
  CodeableConcept,
  ContactPoint,
  Endpoint,
  HealthcareService,
  HealthcareServiceAvailableTime,
  Location,
  Organization,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import type { Service } from '../directory/model';
import type { Organisation } from '../identity/model';
import { DIRECTORY_SYSTEMS as SYS, PROFILES } from './model';

/** What the catalogue says of a service's type. */
export interface TypeInfo {
  name: string;
  category: string;
}

/** A directory slot (src/referrals) as the mapping needs it. */
export interface DirectorySlot {
  id: string;
  serviceId: number;
  start: Date;
  end: Date;
  status: 'free' | 'busy';
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];

const ref = (type: string, id: string | number) => ({ reference: `${type}/${id}` });
const fhirTime = (hhmm: string) => (hhmm === '24:00' ? '23:59:59' : `${hhmm}:00`);

export const organisationRef = (organisationId: string) => ref('Organization', organisationId);

/** An Endpoint's id: the service and the endpoint's place in its list, from 1. */
export const endpointId = (serviceId: number, index: number) => `${serviceId}-${index + 1}`;
export function parseEndpointId(id: string): { serviceId: number; index: number } | undefined {
  const m = /^(\d{1,15})-(\d{1,2})$/.exec(id);
  return m ? { serviceId: Number(m[1]), index: Number(m[2]) - 1 } : undefined;
}

/** Slot ids: Signpost's `slot_<uuid>` is not a FHIR id (no underscores), so the FHIR one has a hyphen. */
export const slotFhirId = (id: string) => id.replace(/^slot_/, 'slot-');
export const slotIdFromFhir = (id: string) => (/^slot-[0-9a-f-]{36}$/.test(id) ? id.replace(/^slot-/, 'slot_') : undefined);

function meta(profile: string, service?: Pick<Service, 'version' | 'updatedAt'>) {
  return { ...(service ? { versionId: String(service.version), lastUpdated: service.updatedAt.toISOString() } : {}), profile: [profile] };
}

function serviceIdentifiers(s: Service) {
  return [{ system: SYS.serviceId, value: String(s.id) }, ...(s.odsCode ? [{ system: SYS.odsCode, value: s.odsCode }] : [])];
}

function typeConcept(s: Service, type: TypeInfo | undefined): CodeableConcept {
  return { coding: [{ system: SYS.serviceType, code: String(s.typeId), ...(type ? { display: type.name } : {}) }] };
}

function telecom(s: Service): ContactPoint[] {
  const c = s.contacts;
  return [
    ...(c.publicPhone ? [{ system: 'phone' as const, value: c.publicPhone, use: 'work' as const, rank: 1 }] : []),
    ...(c.professionalPhone ? [{ system: 'phone' as const, value: c.professionalPhone, use: 'work' as const, rank: 2 }] : []),
    ...(c.email ? [{ system: 'email' as const, value: c.email, use: 'work' as const }] : []),
    ...(c.web ? [{ system: 'url' as const, value: c.web, use: 'work' as const }] : []),
  ];
}

/** The weekly opening times as FHIR available times; bank holidays and specified dates go in the exceptions text. */
export function availableTimes(s: Pick<Service, 'openingTimes'>): HealthcareServiceAvailableTime[] {
  const t = s.openingTimes;
  if (t.alwaysOpen) return [{ daysOfWeek: [...DAYS], allDay: true }];
  const out: HealthcareServiceAvailableTime[] = [];
  for (const day of DAYS) {
    for (const session of t.weekly[day as Day]) {
      if (session.open === '00:00' && session.close === '24:00') out.push({ daysOfWeek: [day], allDay: true });
      else out.push({ daysOfWeek: [day], availableStartTime: fhirTime(session.open), availableEndTime: fhirTime(session.close) });
    }
  }
  return out;
}

function availabilityExceptions(s: Service): string | undefined {
  const t = s.openingTimes;
  if (t.alwaysOpen) return undefined;
  const parts: string[] = [];
  if (t.bankHoliday === null) parts.push('Bank holidays: as on the weekday.');
  else if (!t.bankHoliday.length) parts.push('Closed on bank holidays.');
  else parts.push(`Bank holidays: ${t.bankHoliday.map((x) => `${x.open}–${x.close}`).join(', ')}.`);
  for (const d of t.specifiedDates) parts.push(`${d.date}: ${d.sessions.length ? d.sessions.map((x) => `${x.open}–${x.close}`).join(', ') : 'closed'}.`);
  return parts.join(' ');
}

function ageText(days: number): string {
  if (days % 365 === 0 || days >= 730) return `${Math.floor(days / 365.25)} years`;
  return `${days} days`;
}

const REFERRAL_METHOD: Record<Service['referralEndpoints'][number]['kind'], string> = { email: 'semail', phone: 'phone', fhir: 'elec', http: 'elec' };

export function healthcareService(s: Service, type: TypeInfo | undefined): HealthcareService {
  const e = s.eligibility;
  const symptomGroups = [...new Set(s.coverage.symptoms.map((p) => p.sg))].sort((a, b) => a - b);
  const methods = [...new Set(s.referralEndpoints.map((ep) => REFERRAL_METHOD[ep.kind]))];
  const exceptions = availabilityExceptions(s);
  const phones = telecom(s);
  return {
    resourceType: 'HealthcareService',
    id: String(s.id),
    meta: meta(PROFILES.HealthcareService, s),
    identifier: serviceIdentifiers(s),
    active: s.status === 'active',
    providedBy: organisationRef(s.organisationId),
    ...(type ? { category: [{ coding: [{ system: SYS.serviceCategory, code: type.category }] }] } : {}),
    type: [typeConcept(s, type)],
    ...(symptomGroups.length ? { specialty: symptomGroups.map((sg) => ({ coding: [{ system: SYS.symptomGroup, code: String(sg) }] })) } : {}),
    location: [ref('Location', s.id)],
    name: s.name,
    comment: s.publicName,
    ...(s.description ? { extraDetails: s.description } : {}),
    ...(phones.length ? { telecom: phones } : {}),
    eligibility: [
      {
        code: { text: 'Age and sex' },
        comment: `Ages ${ageText(e.ageFromDays)} to ${ageText(e.ageToDays)}; ${e.sexes.join(' and ')}${e.registeredPractices.length ? `; patients registered with ${e.registeredPractices.join(', ')}` : ''}`,
      },
    ],
    characteristic: s.referralRoles.map((role) => ({ coding: [{ system: SYS.referralRole, code: role }] })),
    ...(methods.length ? { referralMethod: methods.map((code) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-referral-method', code }] })) } : {}),
    appointmentRequired: s.access.bookingRequired,
    availableTime: availableTimes(s),
    ...(exceptions ? { availabilityExceptions: exceptions } : {}),
    ...(s.referralEndpoints.length ? { endpoint: s.referralEndpoints.map((_, i) => ref('Endpoint', endpointId(s.id, i))) } : {}),
  };
}

const LOCATION_STATUS: Record<Service['status'], Location['status']> = { active: 'active', commissioning: 'suspended', closed: 'inactive' };

/** The service's site. Signpost keeps one address per service, so each service has a Location of its own (same id). */
export function location(s: Service): Location {
  const phone = s.contacts.publicPhone;
  return {
    resourceType: 'Location',
    id: String(s.id),
    meta: meta(PROFILES.Location, s),
    identifier: serviceIdentifiers(s),
    status: LOCATION_STATUS[s.status],
    name: s.publicName,
    mode: 'instance',
    ...(phone ? { telecom: [{ system: 'phone', value: phone, use: 'work' }] } : {}),
    address: { use: 'work', type: 'physical', line: s.address.lines, city: s.address.town, postalCode: s.address.postcode, country: 'GB' },
    physicalType: { coding: [{ system: SYS.locationPhysicalType, code: 'bu', display: 'Building' }] },
    position: { latitude: s.lat, longitude: s.lon },
    managingOrganization: organisationRef(s.organisationId),
    hoursOfOperation: availableTimes(s).map((t) => ({
      daysOfWeek: t.daysOfWeek,
      ...(t.allDay ? { allDay: true } : { openingTime: t.availableStartTime, closingTime: t.availableEndTime }),
    })),
  };
}

export function organization(o: Organisation): Organization {
  return {
    resourceType: 'Organization',
    id: o.id,
    meta: { profile: [PROFILES.Organization] },
    identifier: [...(o.odsCode ? [{ system: SYS.odsCode, value: o.odsCode }] : []), { system: SYS.organisationId, value: o.id }],
    active: true,
    type: [{ coding: [{ system: SYS.organisationKind, code: o.kind }] }],
    name: o.name,
    ...(o.parentId ? { partOf: organisationRef(o.parentId) } : {}),
  };
}

/** A URL for an endpoint address: FHIR's `url` has no spaces, so a phone number is written as `tel:` digits. */
function endpointAddress(e: Service['referralEndpoints'][number]): string {
  if (e.kind === 'email') return `mailto:${e.address}`;
  if (e.kind === 'phone') return `tel:${e.address.replace(/[^0-9+]/g, '')}`;
  return e.address;
}

const CONNECTION: Record<Service['referralEndpoints'][number]['kind'], { system: string; code: string; display: string }> = {
  fhir: { system: SYS.connectionType, code: 'hl7-fhir-msg', display: 'HL7 FHIR Messaging' },
  email: { system: SYS.connectionType, code: 'secure-email', display: 'Secure email' },
  http: { system: SYS.endpointKind, code: 'http', display: 'HTTP POST of the referral' },
  phone: { system: SYS.endpointKind, code: 'phone', display: 'Telephone' },
};

export function endpoint(s: Service, index: number): Endpoint {
  const e = s.referralEndpoints[index];
  return {
    resourceType: 'Endpoint',
    id: endpointId(s.id, index),
    meta: meta(PROFILES.Endpoint, s),
    identifier: [{ system: SYS.serviceId, value: `${s.id}/endpoint/${index + 1}` }],
    status: s.status === 'active' ? 'active' : 'off',
    connectionType: CONNECTION[e.kind],
    name: e.description ?? `${s.name}: referrals (${e.kind})`,
    managingOrganization: organisationRef(s.organisationId),
    payloadType: [{ coding: [{ system: SYS.payloadType, code: e.kind === 'phone' ? 'none' : 'any' }] }],
    ...(e.kind === 'fhir' ? { payloadMimeType: ['application/fhir+json'] } : {}),
    address: endpointAddress(e),
  };
}

/** Every endpoint of a service. */
export const endpoints = (s: Service): Endpoint[] => s.referralEndpoints.map((_, i) => endpoint(s, i));

/** The service's appointment diary: one Schedule per service (same id), its actors the service and its site. */
export function schedule(s: Service, type: TypeInfo | undefined): Schedule {
  return {
    resourceType: 'Schedule',
    id: String(s.id),
    meta: meta(PROFILES.Schedule, s),
    identifier: serviceIdentifiers(s),
    active: s.status === 'active',
    serviceType: [typeConcept(s, type)],
    actor: [ref('HealthcareService', s.id), ref('Location', s.id)],
    comment: `Appointment slots of ${s.name}`,
  };
}

export function slot(x: DirectorySlot): Slot {
  return {
    resourceType: 'Slot',
    id: slotFhirId(x.id),
    meta: { profile: [PROFILES.Slot] },
    schedule: ref('Schedule', x.serviceId),
    status: x.status,
    start: x.start.toISOString(),
    end: x.end.toISOString(),
  };
}
